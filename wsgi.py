"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi …``."""

import gc

from lms import create_app

app = create_app()
# Everything built so far (routes, templates, content and translation caches) lives as long as
# the process: keep it out of the cyclic garbage collector's full scans, which otherwise walk
# these ~300,000 objects in the middle of a request (tens of ms on a large dashboard page).
gc.freeze()

"""The LRS HTTP API at ``/xapi/`` (xAPI 1.0.3, Communication part).

Importing this package registers every resource on :data:`bp`.
"""

from lms.xapi.api import documents, openapi, profile, resources, statements  # noqa: F401  (routes)
from lms.xapi.api.http import bp

__all__ = ["bp"]

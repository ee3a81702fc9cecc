"""Diagnostic: what the signed-in unit page would cost in-process if parts of its work were free.

Usage (from the repository root, on a database made by ``flask lms init`` + ``flask lms demo``)::

    LMS_DATABASE_URL=sqlite:////tmp/unit.db .venv/bin/python bench/unit_page_ladder.py [--runs 1000]

Measures CPU time per request through the Flask test client (best of seven rounds), first for the
page as it is, then with one more part of its work replaced by a precomputed answer on each rung:
the person's load, every other database read, the rendered markup, the response hooks. What is
left on the last rung is the frame every signed-in Flask page pays (WSGI, routing, the session
cookie, Flask-Login, Babel's locale). The replacements are monkeypatches of this process only and
give wrong answers for anything but the one measured page; they bound what an optimisation of
that part could win, nothing more. The bench of record is ``bench/unit_page_bench.py``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from flask import Flask, g  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

URL = "/learn/lernbegleitung/u/vollstaendige-handlung"
EMAIL, PASSWORD = "ausbilder@demo.example", "zukunft-demo"


def cpu_ms(client: FlaskClient, url: str, runs: int, rounds: int = 7) -> float:
    """Best-of-``rounds`` CPU milliseconds per GET of ``url`` (after a warm-up)."""
    for _ in range(50):
        client.get(url)
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(runs):
            assert client.get(url).status_code == 200, url
        best = min(best, (time.process_time() - start) / runs * 1000)
    return best


def signed_in_client(app: Flask) -> FlaskClient:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    return client


def memoised(function: Callable) -> Callable:
    """``function`` answering every call after the first from a cache keyed by its arguments."""
    answers: dict = {}

    def cached(*args):
        key = tuple(id(arg) if not isinstance(arg, (str, int)) else arg for arg in args)
        if key not in answers:
            answers[key] = function(*args)
        return answers[key]

    return cached


def rungs(app: Flask) -> list[tuple[str, Callable[[], None]]]:
    """(label, patch) in the order they are applied; each patch keeps the previous ones."""
    from lms.auth.models import User
    from lms.db import db
    from lms.extensions import login_manager
    from lms.learning import views

    with app.app_context():
        person = db.session.execute(select(User).where(User.email == EMAIL)).scalar_one()
        db.session.expunge(person)

    def person_without_query() -> None:
        def load(_session_id: str) -> User:
            g.lms_unread_notifications = 0
            return person

        login_manager.user_loader(load)

    def no_database() -> None:
        views.module_or_404 = memoised(views.module_or_404)
        views.completion.unit_seen = lambda *args: False
        views.services.checks_of = memoised(views.services.checks_of)

    def markup_for_free() -> None:
        render = views.render_template
        pages: list[str] = []

        def rendered_once(name: str, **context) -> str:
            if not pages:
                pages.append(render(name, **context))
            return pages[0]

        views.render_template = rendered_once

    def no_response_hooks() -> None:
        app.after_request_funcs[None] = []
        app.teardown_appcontext_funcs[:] = []

    return [
        ("+ the person (and unread count) loaded without a query", person_without_query),
        ("+ no other database work (module, seen state)", no_database),
        ("+ the page's markup for free (one rendering reused)", markup_for_free),
        ("+ no after-request hooks (security headers) or session teardown", no_response_hooks),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()

    from hello_app import app as hello

    from lms import create_app

    app = create_app()
    client = signed_in_client(app)
    print(f"{'Flask hello (bench/hello_app.py)':<68}{cpu_ms(hello.test_client(), '/', args.runs):6.3f} ms")
    print(f"{'/healthz (one SELECT 1)':<68}{cpu_ms(client, '/healthz', args.runs):6.3f} ms")
    print(f"{'unit page as it is':<68}{cpu_ms(client, URL, args.runs):6.3f} ms")
    for label, patch in rungs(app):
        patch()
        print(f"{label:<68}{cpu_ms(client, URL, args.runs):6.3f} ms")


if __name__ == "__main__":
    main()

"""The long fuzz run: N generated requests (default 10,000) against the LRS API → no 5xx.

Requests come from the strategies in tests/xapi/fuzz_strategies.py, driven by the published
/xapi/openapi.json, sent in-process through Flask's test client to an app on a fresh SQLite
database (init + demo client).

    .venv/bin/python bench/lrs_fuzz.py --requests 10000
"""

from __future__ import annotations

import argparse
import base64
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings

from tests.xapi.fuzz_strategies import operations, requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    from lms import create_app
    from lms.cli import migrate
    from lms.db import db
    from lms.xapi.clients import ensure_demo_client

    folder = Path(tempfile.mkdtemp(prefix="lrs-fuzz-"))
    app = create_app({"DATABASE_URL": f"sqlite:///{folder / 'fuzz.sqlite3'}", "LOG_LEVEL": "ERROR"})
    with app.app_context():
        migrate()
        ensure_demo_client()
        db.session.commit()
    client = app.test_client()
    auth = {
        "X-Experience-API-Version": "1.0.3",
        "Authorization": "Basic " + base64.b64encode(b"demo-lrs:demo-lrs-secret").decode(),
    }
    ops = operations(client.get("/xapi/openapi.json").json)
    statuses: collections.Counter = collections.Counter()
    failures: list = []

    @settings(max_examples=args.requests, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(requests(ops))
    def run(request: dict) -> None:
        content_type = request["headers"].pop("Content-Type") or None
        response = client.open(
            "/xapi" + request["path"], method=request["method"], query_string=request["params"],
            data=request["body"], headers={**auth, **request["headers"]}, content_type=content_type,
        )  # fmt: skip
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append((request, response.get_data(as_text=True)[:300]))

    started = time.perf_counter()
    run()
    total = sum(statuses.values())
    print(f"requests={total} seconds={time.perf_counter() - started:.0f} statuses={dict(sorted(statuses.items()))}")
    print("5xx:", len(failures))
    for request, body in failures[:5]:
        print(request, body)


if __name__ == "__main__":
    main()

"""Time and size of the training-plan pages an apprentice opens on a building site.

Usage: LMS_DATABASE_URL=sqlite:////path/demo.sqlite3 .venv/bin/python bench/plans_pages.py [rounds]
(the database must have `flask lms init` + `flask lms demo`). Prints median/95th percentile server time
and the uncompressed and gzip size of each page for the demo apprentice.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from lms import create_app


def main(rounds: int = 30) -> None:
    app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_STORAGE_URL": "memory://"})
    client = app.test_client()
    assert client.post("/login", data={"email": "azubi@demo.example", "password": "zukunft-demo"}).status_code == 302
    plan_url = client.get("/plan/tasks/").request.url  # warm up
    del plan_url
    with app.app_context():
        from sqlalchemy import select

        from lms.auth.models import User
        from lms.db import db
        from lms.plans.task_models import Task

        me = db.session.scalar(select(User).where(User.email == "azubi@demo.example"))
        task_id = db.session.scalar(select(Task.id).where(Task.apprentice_id == me.id).limit(1))
        paths = [f"/plan/a/{me.id}/", f"/plan/a/{me.id}/coverage", "/plan/tasks/", f"/plan/tasks/{task_id}"]
    for path in paths:
        times, body = [], b""
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            body = response.data
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{path:28} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
              f"{len(body) / 1024:6.1f} KiB  gzip {len(gzip.compress(body)) / 1024:5.1f} KiB")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)

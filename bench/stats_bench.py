"""Server time of every statistics view on a scale database (see bench/stats_scale_data.py).

Usage::

    .venv/bin/python bench/stats_bench.py --database-url sqlite:////tmp/stats_scale.db [--runs 10]

Each view is requested in-process through Flask's test client (no network), once to warm up and
then ``--runs`` times; the median and the maximum wall time of the whole request (queries,
suppression, template or workbook) and the median CPU time are printed as a Markdown table, plus
per-section query times and the load average before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from stats_query_times import sections_in_build

from lms import create_app
from lms.db import db


def _user(role, company_id=None):
    from lms.auth.models import Role, User
    from lms.auth.services import create_user

    query = select(User).where(User.role == role).order_by(User.id)
    if company_id is not None:
        query = query.where(User.company_id == company_id)
    user = db.session.scalars(query).first()
    if user is None and role is Role.CLUSTER_AGENT:
        user = create_user(email="cluster@scale.example", name="Cluster", role=role, password=None)
        db.session.commit()
    return user


def _client(app, user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def _time(client, url: str, runs: int) -> tuple[float, float, float, int]:
    """(median wall ms, max wall ms, median CPU ms of this process, last status).

    The CPU time leaves out waiting for a busy machine's cores (other processes), the wall time
    includes it; on a quiet machine they agree.
    """
    client.get(url)
    samples, cpu, status = [], [], 0
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        status = response.status_code
    return statistics.median(samples), max(samples), statistics.median(cpu), status


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"})
    gc.freeze()  # as wsgi.py does for the served app
    with app.app_context():
        from lms.auth.models import Role, User
        from lms.learning import projection as _learning  # noqa: F401
        from lms.orgs.models import Company
        from lms.plans import projection as _plans  # noqa: F401
        from lms.xapi.models import Statement

        agent = _user(Role.CLUSTER_AGENT)
        company_id = db.session.scalar(select(Company.id).order_by(Company.id))
        lead = _user(Role.COMPANY_LEAD, company_id)
        counts = {
            "companies": db.session.scalar(select(func.count(Company.id))),
            "trainers": db.session.scalar(select(func.count(User.id)).where(User.role == Role.TRAINER)),
            "apprentices": db.session.scalar(select(func.count(User.id)).where(User.role == Role.APPRENTICE)),
            "statements": db.session.scalar(select(func.count(Statement.id))),
        }
        print(f"database: {db.engine.dialect.name}; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        print("load average before: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))
        views = [
            ("cluster agent, default (12 months, all)", agent, "/stats/"),
            ("cluster agent, 2 years", agent, "/stats/?start=2025-01-01"),
            ("cluster agent, occupation filter", agent, "/stats/?occupation=mechatroniker_2018"),
            ("cluster agent, one company", agent, f"/stats/?company={company_id}"),
            ("company lead (own company)", lead, "/stats/"),
            ("XLSX export, all tables", agent, "/stats/export.xlsx"),
            ("CSV export, all tables", agent, "/stats/export.csv"),
        ]
        print("\n| view | median ms | max ms | median CPU ms | status |\n|---|---:|---:|---:|---:|")
        for label, user, url in views:
            median, worst, cpu, status = _time(_client(app, user), url, args.runs)
            print(f"| {label} | {median:.0f} | {worst:.0f} | {cpu:.0f} | {status} |")
        print("\n| section (cluster, default filter), inside one build | median ms |\n|---|---:|")
        for name, ms in sections_in_build(args.runs).items():
            print(f"| {name} | {ms:.0f} |")
        print("\nload average after: " + " ".join(f"{n:.2f}" for n in os.getloadavg()))


if __name__ == "__main__":
    main()

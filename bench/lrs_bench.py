"""Benchmark of the embedded LRS: bulk fill, HTTP ingest at concurrency 1 and 8, filtered GET p95.

    .venv/bin/python bench/lrs_bench.py --database sqlite --fill 1000000 --ingest 20000
    .venv/bin/python bench/lrs_bench.py --database postgresql+psycopg://postgres@127.0.0.1:5432/lrsbench ...

Steps (one run, one fresh database):
1. Fill: ``--fill`` realistic statements (2,000 apprentices, 5,000 activities) written with
   the raw row/link/outbox builders of lms.xapi.store and plain executemany: the *raw bulk
   insert ceiling* (no HTTP, no validation, no duplicate check).
2. Ingest: POST /xapi/statements with batches of 100 over HTTP (gunicorn, 4 workers), at
   concurrency 1 and 8; statements/s and the share of the ceiling.
3. Queries: GET /xapi/statements filtered by agent, verb, activity, registration, since, and
   following ``more`` — p50/p95 over ``--queries`` requests each.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.lrs_common import Population, percentile, session
from bench.lrs_reliability import start_gunicorn
from tests.xapi.lrs_process import LrsProcess


def raw_fill(url: str, count: int, population: Population, batch: int = 1000) -> float:
    """Insert ``count`` statements with plain executemany; returns statements/s.

    Only the inserts and commits are timed (rows are built before the clock runs for each
    batch), so the figure is the database's ceiling for these rows.
    """
    from sqlalchemy import func, select, text

    from lms import create_app
    from lms.db import db
    from lms.xapi import activities
    from lms.xapi.bulk import insert_rows
    from lms.xapi.models import OutboxEntry, Statement, StatementActivity, StatementAgent
    from lms.xapi.store import (
        ACTIVITY_LINK_COLUMNS,
        AGENT_LINK_COLUMNS,
        OUTBOX_COLUMNS,
        STATEMENT_COLUMNS,
        _activity_links,
        _agent_links,
        _row,
        prepare,
    )

    app = create_app({"DATABASE_URL": url})
    authority = {"objectType": "Agent", "account": {"homePage": "https://lms.zukunftsmacher.example/", "name": "bench"}}
    start_moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    with app.app_context():
        next_pk = (db.session.execute(select(func.max(Statement.id))).scalar() or 0) + 1
        spent = 0.0
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            moment = start_moment + dt.timedelta(seconds=30 * offset)
            prepared = [
                prepare(population.statement(moment), authority, moment + dt.timedelta(milliseconds=i))
                for i in range(size)
            ]
            rows = [(*_row(s), next_pk + i) for i, s in enumerate(prepared)]
            agents, acts = [], []
            for row, statement in zip(rows, prepared, strict=True):
                agents += _agent_links(row[-1], statement)
                acts += _activity_links(row[-1], statement)
            started = time.perf_counter()
            insert_rows(Statement.__table__, (*STATEMENT_COLUMNS, "id"), rows)
            insert_rows(StatementAgent.__table__, AGENT_LINK_COLUMNS, agents)
            insert_rows(StatementActivity.__table__, ACTIVITY_LINK_COLUMNS, acts)
            insert_rows(OutboxEntry.__table__, OUTBOX_COLUMNS, [(r[-1], "sent", 0, moment) for r in rows])
            activities.merge_definitions(prepared[:50])
            db.session.commit()
            spent += time.perf_counter() - started
            next_pk += size
            if offset and offset % 100_000 == 0:
                print(f"  filled {offset} ({offset / spent:.0f}/s)", flush=True)
        rate = count / spent
        if db.session.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequence past them
            db.session.execute(
                text("SELECT setval(pg_get_serial_sequence('xapi_statement', 'id'), max(id)) FROM xapi_statement")
            )
            db.session.commit()
        settle(db)
        return rate


def settle(db) -> None:
    """What a running system's maintenance does after a bulk load, before anything is measured.

    PostgreSQL: ``VACUUM ANALYZE`` (autovacuum would do it shortly: planner statistics, the
    visibility map for index-only scans, hint bits, so the first reads do not write pages).
    SQLite: ``ANALYZE`` (what ``PRAGMA optimize`` gathers).
    """
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        is_postgres = connection.dialect.name == "postgresql"
        connection.exec_driver_sql("VACUUM ANALYZE" if is_postgres else "ANALYZE")


def ingest(lrs: LrsProcess, population: Population, total: int, concurrency: int) -> float:
    """POST ``total`` statements in batches of 100 from ``concurrency`` clients; statements/s.

    Bodies are encoded before the clock starts and every client thread keeps its connection,
    so the figure is the server's, not the load generator's.
    """
    bodies = [json.dumps([population.statement() for _ in range(100)]) for _ in range(total // 100)]
    local = threading.local()

    def send(body: str) -> int:
        if not hasattr(local, "http"):
            local.http = session(lrs.key, lrs.secret)
            local.http.headers["Content-Type"] = "application/json"
        return local.http.post(lrs.url + "/statements", data=body, timeout=120).status_code

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        codes = list(pool.map(send, bodies))
    elapsed = time.perf_counter() - started
    assert all(code == 200 for code in codes), set(codes)
    return total / elapsed


def queries(lrs: LrsProcess, population: Population, rounds: int) -> dict[str, tuple[float, float]]:
    http = session(lrs.key, lrs.secret)
    r = random.Random(3)
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).isoformat()
    makers = {
        "agent": lambda: {
            "agent": json.dumps(
                {
                    "objectType": "Agent",
                    "account": {"homePage": "https://lms.zukunftsmacher.example/", "name": r.choice(population.people)},
                }
            )
        },
        "verb": lambda: {"verb": "http://adlnet.gov/expapi/verbs/" + r.choice(["completed", "passed", "answered"])},
        "activity": lambda: {"activity": r.choice(population.activities)},
        "registration": lambda: {"registration": r.choice(population.registrations)},
        "since": lambda: {"since": since},
        "verb+agent": lambda: {**makers["agent"](), "verb": "http://adlnet.gov/expapi/verbs/completed"},
    }
    results = {}
    for name, make in makers.items():
        times, more_times = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            page = http.get(lrs.url + "/statements", params={**make(), "limit": "25"}, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            assert page.status_code == 200, page.text[:200]
            if page.json()["more"]:
                started = time.perf_counter()
                http.get(f"http://127.0.0.1:{lrs.port}{page.json()['more']}", timeout=30).raise_for_status()
                more_times.append((time.perf_counter() - started) * 1000)
        results[name] = (percentile(times, 50), percentile(times, 95))
        if more_times:
            results[name + " (more)"] = (percentile(more_times, 50), percentile(more_times, 95))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite", help="'sqlite' (temporary file) or a PostgreSQL URL")
    parser.add_argument("--fill", type=int, default=1_000_000)
    parser.add_argument("--ingest", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lrs-bench-"))
    lrs = LrsProcess(folder, key="bench-" + uuid.uuid4().hex[:6])
    if args.database != "sqlite":  # migrate the PostgreSQL database and create the client there too
        lrs.env["LMS_DATABASE_URL"] = args.database
        lrs._flask("lms", "init")
        output = lrs._flask("lms", "lrs", "create-client", "--key", lrs.key + "-pg", "--scope", "all")
        lrs.key, lrs.secret = lrs.key + "-pg", output.strip().splitlines()[-1].split(": ", 1)[1]
    population = Population()
    print(f"machine: {platform.node()} {os.cpu_count()} cores, python {platform.python_version()}; db={args.database}")
    if args.fill:
        ceiling = raw_fill(lrs.env["LMS_DATABASE_URL"], args.fill, population)
        print(f"raw bulk insert (ceiling): {args.fill} statements, {ceiling:.0f} statements/s")
    else:  # --fill 0: measure queries on the statements a previous run left in this database
        ceiling = float("nan")
        print("fill skipped: queries run on the existing statements")
    start_gunicorn(lrs)
    try:
        for concurrency in (1, 8) if args.ingest else ():
            rate = ingest(lrs, Population(seed=random.randrange(10**9)), args.ingest, concurrency)
            print(
                f"HTTP ingest, batches of 100, concurrency {concurrency}: {rate:.0f} statements/s "
                f"({100 * rate / ceiling:.1f} % of ceiling)"
            )
        for name, (p50, p95) in queries(lrs, population, args.queries).items():
            print(f"GET /statements {name:<22} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    finally:
        lrs.stop()


if __name__ == "__main__":
    main()

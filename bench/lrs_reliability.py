"""Reliability of the embedded LRS under load and crashes (a script, not a timed test).

1. N concurrent writers × M statements in batches of 100, a share of them with ids other
   writers also send (identical content) → the LRS must store exactly the distinct ids and
   never answer 5xx.
2. SIGKILL of the whole server while a large batch is being written, then restart → the
   batch is stored completely or not at all.

    .venv/bin/python bench/lrs_reliability.py --writers 16 --per-writer 5000 --kills 5
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.lrs_common import Population, session
from tests.xapi.lrs_process import FLASK, LrsProcess

GUNICORN = str(Path(FLASK).parent / "gunicorn")


def start_gunicorn(lrs: LrsProcess, workers: int = 4) -> None:
    lrs.start(
        GUNICORN,
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{lrs.port}",
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--no-control-socket",
        "wsgi:app",
    )


def stored_count(lrs: LrsProcess, ids: list[str] | None = None) -> int:
    path = lrs.env["LMS_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path, timeout=30) as connection:
        if ids is None:
            return connection.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]
        marks = ",".join("?" * len(ids))
        return connection.execute(
            f"SELECT count(*) FROM xapi_statement WHERE statement_id IN ({marks})",  # noqa: S608 (placeholders only)
            ids,
        ).fetchone()[0]


def concurrent_writers(
    lrs: LrsProcess, writers: int, per_writer: int, shared_share: float = 0.2, batch: int = 100
) -> tuple[int, collections.Counter, float]:
    """Run the writers; returns (distinct ids sent, status counts, seconds)."""
    population = Population(seed=random.randrange(10**9))
    shared = [population.statement() for _ in range(max(batch, int(per_writer * shared_share)))]
    plans = []
    for _ in range(writers):
        own = [population.statement() for _ in range(per_writer - int(per_writer * shared_share))]
        picked = random.sample(shared, int(per_writer * shared_share))
        statements = own + picked
        random.shuffle(statements)
        plans.append([statements[i : i + batch] for i in range(0, len(statements), batch)])
    distinct = len({s["id"] for plan in plans for chunk in plan for s in chunk})
    statuses: collections.Counter = collections.Counter()

    def write(plan: list[list[dict]]) -> collections.Counter:
        counts: collections.Counter = collections.Counter()
        http = session(lrs.key, lrs.secret)
        for chunk in plan:
            chunk = list({s["id"]: s for s in chunk}.values())  # ids must be unique within a batch
            for _attempt in range(5):
                try:
                    response = http.post(lrs.url + "/statements", json=chunk, timeout=120)
                except Exception as error:
                    counts[type(error).__name__] += 1
                    continue
                counts[response.status_code] += 1
                if response.status_code < 500:
                    break
        return counts

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(writers) as pool:
        for counts in pool.map(write, plans):
            statuses.update(counts)
    return distinct, statuses, time.perf_counter() - started


def kill_rounds(lrs: LrsProcess, rounds: int, batch_size: int = 2000) -> list[tuple[float, int]]:
    """SIGKILL the server mid-batch ``rounds`` times; returns (delay, stored of that batch) per round."""
    population = Population(seed=random.randrange(10**9))
    results = []
    for round_number in range(rounds):
        start_gunicorn(lrs, workers=1)
        statements = [population.statement() for _ in range(batch_size)]
        ids = [s["id"] for s in statements]
        delay = 0.3 + 0.9 * round_number
        pool = concurrent.futures.ThreadPoolExecutor(1)
        future = pool.submit(session(lrs.key, lrs.secret).post, lrs.url + "/statements", json=statements, timeout=60)
        time.sleep(delay)
        _kill_tree(lrs)
        with contextlib.suppress(Exception):  # the connection dies with the server
            future.result(timeout=60)
        pool.shutdown()
        results.append((delay, stored_count(lrs, ids)))
    return results


def _kill_tree(lrs: LrsProcess) -> None:
    """SIGKILL the gunicorn master and its workers."""
    master = lrs.process.pid
    children = [int(p) for p in os.popen(f"pgrep -P {master}").read().split()]  # noqa: S605
    for pid in [*children, master]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    lrs.process.wait(timeout=10)
    lrs.process = None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--per-writer", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=5)
    args = parser.parse_args()
    lrs = LrsProcess(Path(tempfile.mkdtemp(prefix="lrs-rel-")), key="bench-" + uuid.uuid4().hex[:6])
    start_gunicorn(lrs)
    distinct, statuses, seconds = concurrent_writers(lrs, args.writers, args.per_writer)
    lrs.stop()
    count = stored_count(lrs)
    print(
        f"writers={args.writers} per_writer={args.per_writer} distinct_ids={distinct} stored={count} "
        f"statuses={dict(statuses)} seconds={seconds:.1f} rate={args.writers * args.per_writer / seconds:.0f}/s"
    )
    print("exact count:", count == distinct, "| no 5xx:", not any(isinstance(k, int) and k >= 500 for k in statuses))
    for delay, stored in kill_rounds(lrs, args.kills):
        print(f"SIGKILL after {delay:.2f}s: batch stored {stored} of 2000 ->", "OK" if stored in (0, 2000) else "TORN")


if __name__ == "__main__":
    main()

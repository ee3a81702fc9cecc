"""Reliability of the embedded LRS under load and crashes (a script, not a timed test).

1. N concurrent writers × M statements in batches of 100, a share of them with ids other
   writers also send (identical content) → the LRS must store exactly the distinct ids and
   never answer 5xx.
2. SIGKILL of the whole server while a large batch is being written, aimed alternately before
   the commit and right after it (see ``kill_rounds``) → the batch is stored completely or not
   at all, and both outcomes occur.

    .venv/bin/python bench/lrs_reliability.py --writers 16 --per-writer 5000 --kills 5
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import dataclasses
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

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
    """Statements in the server's database (all, or those of ``ids``), read from the file directly."""
    with _reader(lrs) as connection:
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


@dataclasses.dataclass(frozen=True)
class Kill:
    """One SIGKILL of the server while a batch was in flight, and what the database held afterwards."""

    mode: str  # "before-commit" or "after-commit": where the kill was aimed
    seconds: float  # from sending the batch to the SIGKILL
    stored: int  # statements of the batch found after the kill
    batch: int
    answered: bool  # the client already had the response when the kill landed

    @property
    def atomic(self) -> bool:
        return self.stored in (0, self.batch)

    @property
    def outcome(self) -> str:
        return {0: "nothing", self.batch: "whole batch"}.get(self.stored, "TORN")


def kill_rounds(lrs: LrsProcess, rounds: int, batch_size: int = 2000) -> list[Kill]:
    """SIGKILL the server mid-batch ``rounds`` times, alternately before and right after the commit.

    A first, unkilled batch measures how long the server takes to commit one; a before-commit
    kill lands at 40 % of that time (re-aimed with a fresh batch if the commit still won), an
    after-commit kill as soon as a reader sees the first row of the batch (SQLite in WAL mode
    shows only committed rows), which is before the response in most rounds. Every kill must
    leave nothing or the whole batch.
    """
    population = Population(seed=random.randrange(10**9))
    start_gunicorn(lrs, workers=1)
    commit_seconds = _post_and_watch(lrs, [population.statement() for _ in range(batch_size)], None, kill=False)[0]
    results = []
    for round_number in range(rounds):
        mode = ("before-commit", "after-commit")[round_number % 2]
        for _attempt in range(3):
            if lrs.process is None:
                start_gunicorn(lrs, workers=1)
            kill = _kill_round(lrs, [population.statement() for _ in range(batch_size)], mode, commit_seconds)
            if mode == "after-commit" or kill.stored == 0 or not kill.atomic:
                break  # a before-commit round whose commit won is re-aimed
        results.append(kill)
    return results


def _kill_round(lrs: LrsProcess, statements: list[dict], mode: str, commit_seconds: float) -> Kill:
    delay = 0.4 * commit_seconds if mode == "before-commit" else None
    seconds, answered = _post_and_watch(lrs, statements, delay)
    ids = [s["id"] for s in statements]
    return Kill(mode, seconds, stored_count(lrs, ids), len(ids), answered)


def _post_and_watch(
    lrs: LrsProcess, statements: list[dict], delay: float | None, kill: bool = True
) -> tuple[float, bool]:
    """Post the batch while polling the table; at ``delay`` seconds, or (``delay`` None) at the
    first committed row, SIGKILL the server (``kill``) or just wait for the answer.

    Returns (seconds until that moment, response already received at that moment).
    """
    pool = concurrent.futures.ThreadPoolExecutor(1)
    with _reader(lrs) as reader:
        before = reader.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]
        started = time.perf_counter()
        future = pool.submit(session(lrs.key, lrs.secret).post, lrs.url + "/statements", json=statements, timeout=60)
        while True:
            elapsed = time.perf_counter() - started
            if delay is not None and elapsed >= delay:
                break
            if delay is None and reader.execute("SELECT count(*) FROM xapi_statement").fetchone()[0] > before:
                break
            if future.done() or elapsed > 60:  # answered (or failed) before any row was committed
                break
            time.sleep(0.002)
    answered = future.done()
    if kill:
        kill_server(lrs)
    try:
        response = future.result(timeout=60)
    except requests.RequestException:  # the connection dies with the server
        response = None
    pool.shutdown()
    if not kill and (response is None or response.status_code != 200):
        raise RuntimeError(f"the batch was not stored: {response and response.text[:200]}")
    return elapsed, answered


@contextlib.contextmanager
def _reader(lrs: LrsProcess) -> Iterator[sqlite3.Connection]:
    """A connection to the server's SQLite file, used for reading only (WAL: committed rows only)."""
    connection = sqlite3.connect(lrs.env["LMS_DATABASE_URL"].removeprefix("sqlite:///"), timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def kill_server(lrs: LrsProcess) -> None:
    """SIGKILL the gunicorn master and its workers (``LrsProcess.kill`` would orphan the workers)."""
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
    for kill in kill_rounds(lrs, args.kills):
        print(
            f"SIGKILL {kill.mode} after {kill.seconds:.2f}s (response already received: {kill.answered}): "
            f"stored {kill.stored} of {kill.batch} -> {kill.outcome}"
        )


if __name__ == "__main__":
    main()

"""In-process CPU profile of the LRS API: where does the time of one request go?

Runs the Flask app in this process (no HTTP server, no network), so the figures are CPU time of
the request pipeline alone, free of the machine's scheduling noise:

    .venv/bin/python bench/lrs_profile.py ingest --batches 50            # CPU ms per statement
    .venv/bin/python bench/lrs_profile.py ingest --batches 50 --profile  # plus the top of cProfile
    .venv/bin/python bench/lrs_profile.py get --rounds 300 --profile

``--database`` reuses an existing database (e.g. one ``bench/lrs_bench.py`` filled); without
it a fresh SQLite file in a temporary folder is migrated first.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import json
import pstats
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.lrs_common import BASE, Population
from tests.xapi.lrs_process import LrsProcess


def client_for(url: str | None):
    """A Flask test client with the headers of an LRS client that has every scope."""
    key = "profile-" + uuid.uuid4().hex[:6]
    lrs = LrsProcess(Path(tempfile.mkdtemp(prefix="lrs-profile-")), key=key)
    if url:
        lrs.env["LMS_DATABASE_URL"] = url
        lrs._flask("lms", "init")
        output = lrs._flask("lms", "lrs", "create-client", "--key", key + "-x", "--scope", "all")
        lrs.key, lrs.secret = key + "-x", output.strip().splitlines()[-1].split(": ", 1)[1]
    from lms import create_app

    app = create_app({"DATABASE_URL": lrs.env["LMS_DATABASE_URL"], "LOG_LEVEL": "WARNING"})
    token = base64.b64encode(f"{lrs.key}:{lrs.secret}".encode()).decode()
    headers = {"Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3"}
    return app.test_client(), headers


def measure(run, count: int, profile: bool) -> float:
    """CPU seconds of ``count`` calls of ``run``; prints the cProfile top if asked."""
    profiler = cProfile.Profile() if profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    for index in range(count):
        run(index)
    if profiler:
        profiler.disable()
    spent = time.process_time() - started
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return spent


def ingest(client, headers, batches: int, profile: bool) -> None:
    population = Population(seed=random.randrange(10**9))
    bodies = [json.dumps([population.statement() for _ in range(100)]) for _ in range(batches + 5)]

    def post(index: int) -> None:
        answer = client.post("/xapi/statements", data=bodies[index], headers=headers, content_type="application/json")
        assert answer.status_code == 200, answer.text[:300]

    for index in range(batches, batches + 5):  # warm up: imports, caches, first connection
        post(index)
    spent = measure(post, batches, profile)
    print(f"ingest: {batches} batches of 100, CPU {1000 * spent / (batches * 100):.3f} ms per statement")


def get(client, headers, rounds: int, profile: bool) -> None:
    population = Population()
    r = random.Random(5)

    def query(_index: int) -> None:
        person = r.choice(population.people)
        agent = json.dumps({"objectType": "Agent", "account": {"homePage": BASE, "name": person}})
        params = {"agent": agent, "verb": "http://adlnet.gov/expapi/verbs/completed", "limit": "25"}
        answer = client.get("/xapi/statements", query_string=params, headers=headers)
        assert answer.status_code == 200, answer.text[:300]

    for index in range(5):
        query(index)
    spent = measure(query, rounds, profile)
    print(f"GET agent+verb: {rounds} requests, CPU {1000 * spent / rounds:.3f} ms per request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("ingest", "get"))
    parser.add_argument("--database", help="an existing database URL (default: a fresh SQLite file)")
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="print the cProfile top (slows the run down)")
    args = parser.parse_args()
    client, headers = client_for(args.database)
    if args.what == "ingest":
        ingest(client, headers, args.batches, args.profile)
    else:
        get(client, headers, args.rounds, args.profile)


if __name__ == "__main__":
    main()

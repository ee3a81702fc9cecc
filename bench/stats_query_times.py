"""Time every statistics query function on its own, and each section inside one dashboard build
(cluster-wide default filter), to see where a view's time goes. Complements bench/stats_bench.py,
which times whole requests.

Usage::

    .venv/bin/python bench/stats_query_times.py --database-url sqlite:////tmp/stats_scale.db [--runs 5]

Each function runs once to warm up and then ``--runs`` times; the median wall time is printed as a
Markdown table. Functions marked "(all)" build a whole table and include the ones above them. On
their own, functions read everything themselves; inside a build (second table) rows that several
sections need are read once (``lms.stats.filters.shared_reads``), by the first section that asks.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lms import create_app


def _median_ms(function: Callable[[], object], runs: int) -> float:
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _functions() -> list[tuple[str, Callable[[], object]]]:
    from lms.stats import queries_companies as companies
    from lms.stats import queries_headline as headline
    from lms.stats import queries_modules as modules
    from lms.stats import queries_occupations as occupations
    from lms.stats import queries_records as records
    from lms.stats import queries_tasks as tasks
    from lms.stats import queries_trainers as trainers
    from lms.stats import queries_trend as trend
    from lms.stats.filters import default_filter

    flt, limit = default_filter(), 5
    groups = trainers.trainer_groups(flt)
    return [
        ("headline.headline (all)", lambda: headline.headline(flt, limit)),
        ("modules.modules (all)", lambda: modules.modules(flt, limit)),
        ("companies.trainers_with_completion", lambda: companies.trainers_with_completion(flt)),
        ("companies.completions", lambda: companies.completions(flt)),
        ("companies.apprentice_counts", lambda: companies.apprentice_counts(flt)),
        ("tasks.tasks_done", lambda: tasks.tasks_done(flt)),
        ("records.weeks_reviewed_in_time", lambda: records.weeks_reviewed_in_time(flt)),
        ("companies.company_table (all)", lambda: companies.company_table(flt, limit)),
        ("occupations.coverage_tables (all)", lambda: occupations.coverage_tables(flt, limit)),
        ("trend.completions_by_month", lambda: trend.completions_by_month(flt)),
        ("trend.active_learners_by_month", lambda: trend.active_learners_by_month(flt)),
        ("trainers.trainer_groups", lambda: trainers.trainer_groups(flt)),
        ("tasks.reviews_by_group", lambda: tasks.reviews_by_group(flt, groups)),
        ("records.review_medians", lambda: records.review_medians(flt, groups)),
        ("trainers.trainer_development (all)", lambda: trainers.trainer_development(flt, limit)),
    ]


def sections_in_build(runs: int) -> dict[str, float]:
    """Median ms of each section inside one build (default filter), in the dashboard's order, and
    of the whole build. Also used by bench/stats_bench.py."""
    from lms.stats import dashboard
    from lms.stats.filters import default_filter, shared_reads
    from lms.stats.sql import tune_for_statistics

    tune_for_statistics()  # as build_dashboard does (PostgreSQL: custom plans, work_mem)
    flt, limit = default_filter(), 5
    sections = [
        ("headline", dashboard.queries_headline.headline),
        ("modules", dashboard.queries_modules.modules),
        ("companies", dashboard.queries_companies.company_table),
        ("occupations", dashboard.queries_occupations.coverage_tables),
        ("trend", dashboard.queries_trend.trend),
        ("trainers", dashboard.queries_trainers.trainer_development),
    ]
    samples: dict[str, list[float]] = {name: [] for name, _build in sections} | {"whole build": []}
    for run in range(runs + 1):
        started = time.perf_counter()
        with shared_reads():
            for name, build in sections:
                section_started = time.perf_counter()
                build(flt, limit)
                if run:
                    samples[name].append((time.perf_counter() - section_started) * 1000)
        if run:
            samples["whole build"].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url, "LOG_LEVEL": "WARNING"})
    gc.freeze()  # as wsgi.py does for the served app
    with app.test_request_context():
        from lms.stats.sql import tune_for_statistics

        tune_for_statistics()  # as build_dashboard does (PostgreSQL: custom plans, work_mem)
        print(f"database: {args.database_url.split(':')[0]}")
        print("\n| query function | median ms |\n|---|---:|")
        for label, function in _functions():
            print(f"| {label} | {_median_ms(function, args.runs):.1f} |")
        print("\n| section, inside one build | median ms |\n|---|---:|")
        for name, ms in sections_in_build(args.runs).items():
            print(f"| {name} | {ms:.1f} |")


if __name__ == "__main__":
    main()

"""Dashboard figures checked against the hand-computed fixture in ``conftest.py``."""

from __future__ import annotations

import datetime as dt

import pytest

from lms.db import utcnow
from lms.stats.dashboard import build_dashboard
from lms.stats.sql import STATISTICS_WORK_MEM
from tests.stats.conftest import reviewed_week


def values(table, first_cell):
    """The row whose first cell is ``first_cell``, as {column key: value or 'suppressed'}."""
    for row in table.rows:
        if row[0].value == first_cell:
            return {
                c.key: ("suppressed" if cell.suppressed else cell.value)
                for c, cell in zip(table.columns, row, strict=True)
            }
    raise AssertionError(f"no row {first_cell!r} in {table.key}")


def test_headline_counts(cluster):
    """Do the headline figures count companies, trainers, apprentices, completions and certificates?"""
    board = build_dashboard(cluster.filter, 5)
    table = board.table("headline")
    got = [row[1].value for row in table.rows]
    assert got == [2, 1, 1, 3, 9, 2, 1]


def test_module_figures(cluster):
    """Does the module table show the cohort: 3 enrolled, 3 started, 2 completed, 2 passed, 66.7 %?"""
    board = build_dashboard(cluster.filter, 5)
    m1 = values(board.table("modules"), cluster.m1.title)
    assert (m1["enrolled"], m1["started"], m1["completed"], m1["passed"], m1["rate"]) == (3, 3, 2, 2, 66.7)
    assert m1["median_days"] == "suppressed" and m1["avg_score"] == "suppressed"
    m2 = values(board.table("modules"), cluster.m2.title)
    assert (m2["enrolled"], m2["started"], m2["completed"], m2["rate"]) == (1, 0, 0, 0.0)


def test_module_medians_with_low_threshold(cluster):
    """With a threshold of 2: median days to complete (10 and 4 → 7) and average score (80, 40, 100 → 73.3)?"""
    board = build_dashboard(cluster.filter, 2)
    m1 = values(board.table("modules"), cluster.m1.title)
    assert m1["median_days"] == pytest.approx(7.0, abs=0.1)
    assert m1["avg_score"] == pytest.approx(73.3, abs=0.05)


def test_company_figures(cluster):
    """Per company: trainers with a completed module, completions, apprentices, plans, tasks."""
    board = build_dashboard(cluster.filter, 5)
    a = values(board.table("companies"), cluster.a.name)
    assert (a["trainers_completed"], a["modules_completed"]) == (1, 1)
    assert (a["apprentices"], a["apprentices_with_plan"], a["tasks_done"]) == (5, 5, 5)
    b = values(board.table("companies"), cluster.b.name)
    assert (b["trainers_completed"], b["modules_completed"]) == (1, 1)
    assert (b["apprentices"], b["apprentices_with_plan"], b["tasks_done"]) == ("suppressed", 0, "suppressed")


def test_trend_by_month(cluster):
    """Completions and active learners per month follow the event dates of the fixture."""
    board = build_dashboard(cluster.filter, 5)
    now = utcnow()

    def month(days: int) -> str:
        return (now - dt.timedelta(days=days)).strftime("%Y-%m")

    completions: dict[str, int] = {}
    for days in (10, 26):
        completions[month(days)] = completions.get(month(days), 0) + 1
    active: dict[str, set[str]] = {}
    for who, days in (("a1", 20), ("a1", 12), ("a2", 15), ("b1", 28)):
        active.setdefault(month(days), set()).add(who)
    rows = {row[0].value: (row[1].value, row[2].value) for row in board.table("trend").rows}
    assert len(rows) >= 10
    for key, (done, learners) in rows.items():
        assert done == completions.get(key, 0), key
        assert learners == len(active.get(key, ())), key


def test_trainer_development(cluster):
    """Trainers grouped by completed modules (0: a2; 1–2: a1, b1); tasks reviewed by group."""
    board = build_dashboard(cluster.filter, 2)
    table = board.table("trainers")
    sizes = [row[1].value for row in table.rows]
    assert sizes == [1, 2, 0]
    group = {c.key: cell.value for c, cell in zip(table.columns, table.rows[1], strict=True)}
    assert group["tasks_reviewed"] == 6
    assert group["within_week"] == 100.0
    assert group["median_task_days"] == pytest.approx(0.0, abs=0.1)
    strict = build_dashboard(cluster.filter, 5).table("trainers")
    assert strict.rows[1][2].suppressed and strict.rows[1][3].suppressed


def test_coverage_distribution(cluster):
    """All nine SHK apprentices are in the lowest coverage band; the row is shown (9 ≥ 5)."""
    board = build_dashboard(cluster.filter, 5)
    row = values(board.table("coverage"), "Anlagenmechaniker/-in SHK")
    assert row["apprentices"] == 9
    assert (row["bucket0"], row["bucket1"], row["bucket2"], row["bucket3"]) == (9, 0, 0, 0)
    uncovered = board.table("uncovered")
    assert uncovered.rows, "positions due before Teil 1 are open for everyone"
    assert all(r[2].value == 9 for r in uncovered.rows if r[0].value == "Anlagenmechaniker/-in SHK")


def test_covered_position_leaves_the_uncovered_list(cluster):
    """A position rated "selbstständig" for A's five apprentices stays open only for B's four."""
    from sqlalchemy import select

    from lms.db import db
    from lms.plans import services
    from lms.plans.models import FrameworkItem

    before = build_dashboard(cluster.filter, 1)
    label = before.table("uncovered").rows[0][1].value  # a position due before Teil 1, open for all nine
    profile = cluster.apprentices_a[0].apprentice_profile
    position_id = next(p.id for p in services.positions_for(profile) if p.label == label)
    items = db.session.scalars(select(FrameworkItem).where(FrameworkItem.position_id == position_id)).all()
    for apprentice in cluster.apprentices_a:
        for item in items:
            services.trainer_assess(cluster.a1, apprentice, item, 3)
    db.session.flush()
    after = build_dashboard(cluster.filter, 1)
    open_for = {row[1].value: row[2].value for row in after.table("uncovered").rows}
    assert open_for.get(label, 4) == 4  # 4, or below the top five
    shk = "Anlagenmechaniker/-in SHK"
    assert values(after.table("coverage"), shk)["median"] > values(before.table("coverage"), shk)["median"]


def test_record_review_figures(cluster):
    """Record weeks reviewed within a month per company, and trainers' median days to review."""
    from lms.stats.queries_records import records_available

    if not records_available():
        pytest.skip("the records tables are not migrated yet")
    now = utcnow()
    for number, apprentice in enumerate(cluster.apprentices_a):
        submitted = now - dt.timedelta(days=40 if number == 0 else 3)  # the first one waited 39 days
        reviewed_week(apprentice, cluster.a1, 10 + number, submitted, now - dt.timedelta(days=1))
    board = build_dashboard(cluster.filter, 2)
    assert values(board.table("companies"), cluster.a.name)["weeks_reviewed"] == 4
    assert values(board.table("companies"), cluster.b.name)["weeks_reviewed"] == 0
    trainers = board.table("trainers")
    assert trainers.rows[1][trainers.column_index("median_week_days")].suppressed  # one reviewer only
    trainers = build_dashboard(cluster.filter, 1).table("trainers")  # no threshold: 39, 2, 2, 2, 2 → 2
    assert trainers.rows[1][trainers.column_index("median_week_days")].value == pytest.approx(2.0, abs=0.1)
    strict = build_dashboard(cluster.filter, 5)
    assert values(strict.table("companies"), cluster.a.name)["weeks_reviewed"] == "suppressed"


def test_company_row_is_the_same_in_the_cluster_view_and_in_its_own_view(cluster):
    """Does narrowing the queries to one company (SQL conditions) give that company's cluster-view row?"""
    import dataclasses

    now = utcnow()
    for number, apprentice in enumerate(cluster.apprentices_a + cluster.apprentices_b):
        reviewer = cluster.a1 if apprentice in cluster.apprentices_a else cluster.b1
        reviewed_week(apprentice, reviewer, 10 + number, now - dt.timedelta(days=5), now - dt.timedelta(days=1))
    whole = dataclasses.replace(cluster.filter, company_ids=None)
    for company in (cluster.a, cluster.b):
        own = dataclasses.replace(cluster.filter, company_ids=(company.id,))
        in_cluster = values(build_dashboard(whole, 1).table("companies"), company.name)
        alone = values(build_dashboard(own, 1).table("companies"), company.name)
        assert alone == in_cluster
        assert alone["weeks_reviewed"] == (5 if company is cluster.a else 4)


def test_median_review_time_per_group_is_the_middle_value_or_the_mean_of_the_two(cluster):
    """Does the database's median (window functions on SQLite, percentile_cont on PostgreSQL) match
    the textbook median for an even and an odd number of delays, leaving out weeks reviewed
    outside the period and trainers outside the groups?"""
    import dataclasses
    import statistics

    from lms.stats.queries_records import records_available, review_medians

    if not records_available():
        pytest.skip("the records tables are not migrated yet")
    now, day = utcnow(), dt.timedelta(days=1)
    a, b = cluster.apprentices_a, cluster.apprentices_b
    reviews = [(a[0], cluster.a1, 1), (a[1], cluster.a1, 2), (a[2], cluster.a1, 3), (a[3], cluster.a2, 10)]
    reviews += [(b[0], cluster.b1, 5), (b[1], cluster.b1, 6.5), (b[2], cluster.b1, 7)]
    for week, (apprentice, reviewer, days) in enumerate(reviews):
        reviewed_week(apprentice, reviewer, 10 + week, now - (days + 1) * day, now - day)
    reviewed_week(a[4], cluster.a1, 30, now - 400 * day, now - 380 * day)  # reviewed before the period
    whole = dataclasses.replace(cluster.filter, company_ids=None)
    got = review_medians(whole, {cluster.a1.id: 0, cluster.a2.id: 0, cluster.b1.id: 2})
    assert got == {
        0: (pytest.approx(statistics.median([1, 2, 3, 10]) * 86_400), 2),  # even: (2 + 3) / 2 days
        2: (pytest.approx(6.5 * 86_400), 1),  # odd: the middle one
    }
    assert review_medians(whole, {cluster.b1.id: 1}) == {1: (pytest.approx(6.5 * 86_400), 1)}
    assert review_medians(whole, {}) == {}


def test_postgresql_plans_the_statistics_for_their_parameters(cluster):
    """Does a dashboard build make PostgreSQL plan each statement for its parameters (a generic
    plan of a prepared statement was 3× slower at scale) and sort the medians in memory, in its
    own transaction only?"""
    from sqlalchemy import text

    from lms.db import db

    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("plan_cache_mode is a PostgreSQL setting")
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"
    default_work_mem = db.session.scalar(text("SHOW work_mem"))
    assert default_work_mem != STATISTICS_WORK_MEM
    build_dashboard(cluster.filter, 5)
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
    assert db.session.scalar(text("SHOW work_mem")) == STATISTICS_WORK_MEM
    with db.engine.connect() as other:  # SET LOCAL: other transactions keep the defaults
        assert other.scalar(text("SHOW plan_cache_mode")) == "auto"
        assert other.scalar(text("SHOW work_mem")) == default_work_mem


def test_each_build_reads_afresh(cluster):
    """Are the rows shared between sections kept for one build only, so a second build in the same
    request or CLI run sees a week reviewed in between?"""
    import dataclasses

    whole = dataclasses.replace(cluster.filter, company_ids=None)
    before = values(build_dashboard(whole, 1).table("companies"), cluster.a.name)["weeks_reviewed"]
    now = utcnow()
    reviewed_week(cluster.apprentices_a[0], cluster.a1, 40, now - dt.timedelta(days=3), now - dt.timedelta(days=1))
    after = values(build_dashboard(whole, 1).table("companies"), cluster.a.name)["weeks_reviewed"]
    assert (before, after) == (0, 1)

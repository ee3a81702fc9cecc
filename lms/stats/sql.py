"""Portable SQL pieces (SQLite and PostgreSQL) the statistics need: durations, months, medians."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, bindparam, cast, column, func, text
from sqlalchemy.dialects.postgresql import ARRAY

from lms.db import db


def _dialect() -> str:
    return db.session.get_bind().dialect.name


STATISTICS_WORK_MEM = "16MB"


def tune_for_statistics() -> None:
    """PostgreSQL: settings for this (read-only) statistics transaction; ``SET LOCAL`` ends with
    it, so other requests on the pooled connection keep the server's defaults.

    * ``plan_cache_mode = force_custom_plan``: psycopg prepares a statement after its fifth run,
      and PostgreSQL then may switch to a generic plan. For the statistics' range scans and array
      joins the generic plan was 3× slower at 1M statements (the trainer medians went from ~90 to
      ~270 ms from the eleventh request on).
    * ``work_mem``: the medians sort every delay of the period (57,000 record weeks in a
      12-month view at 1M); with the default 4 MB those sorts spilled to disk. 16 MB keeps them in
      memory and took ~10 % off the dashboard's SQL time; a build runs a handful of such sorts.
    """
    if _dialect() == "postgresql":
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        db.session.execute(text(f"SET LOCAL work_mem = '{STATISTICS_WORK_MEM}'"))


def days_between(later: ColumnElement, earlier: ColumnElement) -> ColumnElement[float]:
    """``later - earlier`` in (fractional) days, computed by the database."""
    if _dialect() == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return cast(func.extract("epoch", later - earlier), Float) / 86400.0


def month_of(column: ColumnElement) -> ColumnElement:
    """The UTC month of a timestamp, as a value to group by (cheap per row); turn the grouped
    value into ``YYYY-MM`` with :func:`month_label`."""
    if _dialect() == "sqlite":
        return func.substr(column, 1, 7)  # stored as UTC text "YYYY-MM-DD HH:MM:SS…" (UtcDateTime)
    return func.date_trunc("month", func.timezone("UTC", column))


def month_label(month: ColumnElement) -> ColumnElement[str]:
    """A :func:`month_of` value as ``YYYY-MM`` (applied after grouping: formatting every row cost
    PostgreSQL more than the grouping itself)."""
    if _dialect() == "sqlite":
        return month
    return func.to_char(month, "YYYY-MM")


def aggregate_in_database() -> bool:
    """Whether the large statistics figures are aggregated by the database (PostgreSQL: it has a
    median aggregate, and moving rows to Python costs it more than grouping them) or read once per
    build and aggregated in Python (SQLite: grouping in SQL costs it about as much as the read).
    Measured at 1M statements in docs/PERFORMANCE.md."""
    return _dialect() == "postgresql"


def median_of(column: ColumnElement) -> ColumnElement[float]:
    """The median of ``column`` in a grouped query (only where :func:`aggregate_in_database`)."""
    return func.percentile_cont(0.5).within_group(column)


def trainer_groups_table(name: str = "trainer_group"):
    """A derived table ``(reviewer_id, grp)`` from two integer-array parameters ``trainers`` and
    ``groups`` (PostgreSQL's ``unnest``): join it to map trainers to their group in SQL. Passed as
    arrays, the statement compiles once; a ``VALUES`` list of 400 pairs took ~20 ms to compile on
    every request, and a ``CASE`` over ``IN`` lists is evaluated linearly and took seconds."""
    return (
        func.unnest(bindparam("trainers", type_=ARRAY(Integer)), bindparam("groups", type_=ARRAY(Integer)))
        .table_valued(column("reviewer_id", Integer), column("grp", Integer))
        .render_derived(name)
    )


def trainer_groups_params(groups: dict[int, int]) -> dict[str, list[int]]:
    """The parameters of :func:`trainer_groups_table` for trainer → group."""
    return {"trainers": list(groups), "groups": list(groups.values())}


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values."""
    values = list(values)
    return statistics.median(values) if values else None


def medians_by_key(rows: Iterable[tuple[Any, float | None]]) -> dict[Any, tuple[float | None, int]]:
    """(key, value) rows → key → (median of the values, number of values)."""
    grouped: dict[Any, list[float]] = defaultdict(list)
    for key, value in rows:
        if value is not None:
            grouped[key].append(float(value))
    return {key: (median(values), len(values)) for key, values in grouped.items()}

"""Company tasks approved in the period: tasks completed per company, and how trainers review them.

Both figures look at the same rows of the tasks projection. Where they are aggregated depends on
the database, because the two engines' costs differ (measured at 1M statements, docs/PERFORMANCE.md):

* PostgreSQL aggregates in SQL (grouped counts, ``percentile_cont``); moving 10,000 rows to Python
  costs it more than the query itself.
* SQLite reads the rows once per dashboard build (:func:`lms.stats.filters.shared_reads`) as plain
  driver tuples and aggregates in Python; its grouping in SQL costs about as much as the read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

from sqlalchemy import distinct, func, select

from lms.auth.models import User
from lms.db import db, read_columns, read_plain_rows
from lms.plans.task_models import Task, TaskState
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import (
    aggregate_in_database,
    days_between,
    median,
    median_of,
    trainer_groups_params,
    trainer_groups_table,
)

DONE = "done"
WEEK_DAYS = 7.0


class ApprovedTask(NamedTuple):
    company_id: int
    apprentice_id: int
    reviewer_id: int  # who approved it (rows projected before that was kept: who assigned it)
    days: float | None  # from the (last) submission to the approval
    state: str


class Reviews(NamedTuple):
    """The tasks a group of trainers approved in the period."""

    tasks: int
    median_days: float | None
    within_week: int  # approved at most 7 days after the submission
    reviewers: int  # trainers behind the figures


def _reviewer():
    return func.coalesce(TaskState.approved_by_id, Task.assigned_by_id)


def approved_tasks(flt: StatsFilter) -> list[ApprovedTask]:
    """The tasks approved in the period (SQLite path); a narrow filter reads only its companies'
    tasks (their apprentices and reviewers are that company's people)."""

    def load() -> list[ApprovedTask]:
        days = days_between(TaskState.approved_at, TaskState.submitted_at)
        query = (
            select(Task.company_id, Task.apprentice_id, _reviewer(), days, TaskState.state)
            .join(TaskState, TaskState.task_id == Task.id)
            .where(flt.in_period(TaskState.approved_at))
        )
        if flt.narrow:
            query = query.where(filters.company_condition(flt, Task.company_id))
        return [ApprovedTask(*row) for row in read_plain_rows(query, {})]

    return filters.shared_read(("approved_tasks", flt), load)


def tasks_done(flt: StatsFilter) -> dict[int, tuple[int, int]]:
    """company → (tasks approved as done in the period, distinct apprentices behind them), for the
    apprentices in the filter."""
    if aggregate_in_database():
        in_scope = filters.apprentices(flt).with_only_columns(User.id)
        rows = db.session.execute(
            select(Task.company_id, func.count(Task.id), func.count(distinct(Task.apprentice_id)))
            .join(TaskState, TaskState.task_id == Task.id)
            .where(TaskState.state == DONE, flt.in_period(TaskState.approved_at), Task.apprentice_id.in_(in_scope))
            .group_by(Task.company_id)
        )
        return {company_id: (n, people) for company_id, n, people in rows}
    in_filter = filters.apprentices_in(flt)
    tasks: Counter[int] = Counter()
    people: dict[int, set[int]] = defaultdict(set)
    for task in approved_tasks(flt):
        if task.state == DONE and task.apprentice_id in in_filter:
            tasks[task.company_id] += 1
            people[task.company_id].add(task.apprentice_id)
    return {company_id: (n, len(people[company_id])) for company_id, n in tasks.items()}


def reviews_by_group(flt: StatsFilter, groups: dict[int, int]) -> dict[int, Reviews]:
    """group → the tasks approved in the period by its trainers (``groups``: trainer → group),
    counting those with a recorded submission."""
    if not groups:
        return {}
    if aggregate_in_database():
        return _reviews_in_sql(flt, groups)
    per_group: dict[int, list[float]] = defaultdict(list)
    reviewers: dict[int, set[int]] = defaultdict(set)
    for task in approved_tasks(flt):
        index = groups.get(task.reviewer_id)
        if index is not None and task.days is not None:
            per_group[index].append(float(task.days))
            reviewers[index].add(task.reviewer_id)
    return {
        index: Reviews(len(days), median(days), sum(1 for d in days if d <= WEEK_DAYS), len(reviewers[index]))
        for index, days in per_group.items()
    }


def _reviews_in_sql(flt: StatsFilter, groups: dict[int, int]) -> dict[int, Reviews]:
    """PostgreSQL: every figure of :func:`reviews_by_group` in one grouped query."""
    group_of = trainer_groups_table()
    days = days_between(TaskState.approved_at, TaskState.submitted_at)
    query = (
        select(
            group_of.c.grp,
            func.count(),
            median_of(days),
            func.count().filter(days <= WEEK_DAYS),
            func.count(distinct(group_of.c.reviewer_id)),
        )
        .select_from(Task)
        .join(TaskState, TaskState.task_id == Task.id)
        .join(group_of, group_of.c.reviewer_id == _reviewer())
        .where(flt.in_period(TaskState.approved_at), TaskState.submitted_at.is_not(None))
        .group_by(group_of.c.grp)
    )
    rows = read_columns(query, trainer_groups_params(groups))
    return {index: Reviews(n, float(mid), week, people) for index, n, mid, week, people in rows}

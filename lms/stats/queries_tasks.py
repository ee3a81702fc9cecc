"""Company tasks approved in the period: one read shared by the companies and trainers sections.

"Tasks completed" per company (``queries_companies``) and the days trainers take to approve
(``queries_trainers``) look at the same rows of the tasks projection; they are read once per
dashboard build (:func:`lms.stats.filters.shared_reads`) as plain driver rows.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import func, select

from lms.db import read_plain_rows
from lms.plans.task_models import Task, TaskState
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import days_between

DONE = "done"


class ApprovedTask(NamedTuple):
    company_id: int
    apprentice_id: int
    reviewer_id: int  # who approved it (rows projected before that was kept: who assigned it)
    days: float | None  # from the (last) submission to the approval
    state: str


def approved_tasks(flt: StatsFilter) -> list[ApprovedTask]:
    """The tasks approved in the period; a narrow filter reads only its companies' tasks (their
    apprentices and reviewers are that company's people)."""

    def load() -> list[ApprovedTask]:
        reviewer = func.coalesce(TaskState.approved_by_id, Task.assigned_by_id)
        days = days_between(TaskState.approved_at, TaskState.submitted_at)
        query = (
            select(Task.company_id, Task.apprentice_id, reviewer, days, TaskState.state)
            .join(TaskState, TaskState.task_id == Task.id)
            .where(flt.in_period(TaskState.approved_at))
        )
        if flt.narrow:
            query = query.where(filters.company_condition(flt, Task.company_id))
        return [ApprovedTask(*row) for row in read_plain_rows(query, {})]

    return filters.shared_read(("approved_tasks", flt), load)

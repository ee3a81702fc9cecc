"""The trainer-development section counts a task for the trainer who approved it, not who assigned it."""

from __future__ import annotations

from sqlalchemy import select

from lms.db import db
from lms.plans.task_models import TaskTemplate
from lms.plans.tasks import assign_task
from lms.stats.dashboard import build_dashboard
from tests.stats.conftest import complete_task


def _reviewed(flt) -> list[int]:
    table = build_dashboard(flt, 1).table("trainers")
    return [row[table.column_index("tasks_reviewed")].value for row in table.rows]


def test_task_counts_for_the_approving_trainer(cluster):
    """a1 assigns, a2 (no module completed) approves: does the task move to a2's group?"""
    assert _reviewed(cluster.filter) == [0, 6, 0]
    template = db.session.scalar(select(TaskTemplate).where(TaskTemplate.title == "Heizkörper tauschen"))
    apprentice = cluster.apprentices_a[1]
    task = assign_task(cluster.a1, template, [apprentice], None)[0]
    complete_task(task, apprentice, cluster.a2)
    db.session.flush()
    assert task.assigned_by_id == cluster.a1.id
    assert _reviewed(cluster.filter) == [1, 6, 0]

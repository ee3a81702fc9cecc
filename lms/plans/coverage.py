"""Coverage (Abdeckung): per position, guide value vs planned vs covered, and the Teil-1 warning.

An item counts as covered when an approved company task teaches it or a trainer rated it at
least "selbstständig" (3). A position is covered when all its items are. Guide weeks come from
the framework plan, planned weeks from the company training plan, tasks and hours from approved
tasks (projected ``task_state``). Read-only; no writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.auth.models import User
from lms.db import db
from lms.plans.company_plan import planned_weeks_by_position
from lms.plans.models import FrameworkItem, FrameworkPosition, ItemProgress
from lms.plans.services import positions_for, progress_by_item, recommended_positions
from lms.plans.task_models import Task, TaskItem, TaskState
from lms.plans.workflow import DONE

STATUS_LABELS = {"covered": "abgedeckt", "partial": "teilweise", "planned": "geplant", "open": "offen"}


@dataclass
class PositionCoverage:
    """The coverage figures of one position for one apprentice."""

    position: FrameworkPosition
    guide_weeks: float
    weeks_before_part1: float
    planned_weeks: float
    items_total: int
    items_covered: int
    tasks_done: int
    hours_done: float
    self_avg: float | None
    trainer_avg: float | None
    recommended: bool = False

    @property
    def status(self) -> str:
        if self.items_total and self.items_covered == self.items_total:
            return "covered"
        if self.items_covered:
            return "partial"
        return "planned" if self.planned_weeks else "open"

    @property
    def due_before_part1(self) -> bool:
        return self.weeks_before_part1 > 0

    @property
    def warning(self) -> bool:
        return self.due_before_part1 and self.status != "covered"


@dataclass
class Coverage:
    """Coverage of an apprentice's whole plan (positions in plan order)."""

    apprentice: User
    positions: list[PositionCoverage]
    recommended: list[PositionCoverage]
    part1_date: dt.date | None
    totals: dict[str, float] = field(default_factory=dict)

    @property
    def warnings(self) -> list[PositionCoverage]:
        return [p for p in self.positions if p.warning]


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _tasks_by_position(apprentice_id: int) -> dict[int, dict[int, float]]:
    """position id -> {task id: hours} of approved tasks linked to the position."""
    query = (
        select(FrameworkItem.position_id, Task.id, TaskState.hours)
        .join(TaskItem, TaskItem.item_id == FrameworkItem.id)
        .join(Task, Task.id == TaskItem.task_id)
        .join(TaskState, TaskState.task_id == Task.id)
        .where(Task.apprentice_id == apprentice_id, TaskState.state == DONE)
    )
    result: dict[int, dict[int, float]] = {}
    for position_id, task_id, hours in db.session.execute(query):
        result.setdefault(position_id, {})[task_id] = float(hours or 0)
    return result


def _item_covered(row: ItemProgress | None) -> bool:
    return row is not None and row.covered


def position_coverage(
    position: FrameworkPosition,
    progress: dict[int, ItemProgress],
    tasks: dict[int, dict[int, float]],
    planned: dict[int, float],
    recommended: bool = False,
) -> PositionCoverage:
    """Figures of one position from pre-fetched progress, approved tasks and planned weeks."""
    before = {p["code"] for p in position.plan.periods if p["before_part1"]}
    rows = [progress.get(item.id) for item in position.items]
    position_tasks = tasks.get(position.id, {})
    return PositionCoverage(
        position=position,
        guide_weeks=position.total_weeks,
        weeks_before_part1=float(sum(w for code, w in position.weeks.items() if code in before)),
        planned_weeks=planned.get(position.id, 0.0),
        items_total=len(position.items),
        items_covered=sum(1 for row in rows if _item_covered(row)),
        tasks_done=len(position_tasks),
        hours_done=round(sum(position_tasks.values()), 2),
        self_avg=_average([r.self_level for r in rows if r is not None and r.self_level]),
        trainer_avg=_average([r.trainer_level for r in rows if r is not None and r.trainer_level]),
        recommended=recommended,
    )


def coverage_for(apprentice: User) -> Coverage:
    """The coverage of the apprentice's plan (occupation + own specialism + recommended positions)."""
    profile = apprentice.apprentice_profile
    progress = progress_by_item(apprentice.id)
    tasks = _tasks_by_position(apprentice.id)
    planned = planned_weeks_by_position(apprentice.company_id, profile.occupation_code, profile.specialism)
    positions = [position_coverage(p, progress, tasks, planned) for p in positions_for(profile)]
    recommended = [position_coverage(p, progress, tasks, planned, True) for p in recommended_positions()]
    totals = {
        "guide_weeks": sum(p.guide_weeks for p in positions),
        "weeks_before_part1": sum(p.weeks_before_part1 for p in positions),
        "planned_weeks": sum(p.planned_weeks for p in positions),
        "tasks_done": len({t for per in tasks.values() for t in per}),
        "hours_done": round(sum({t: h for per in tasks.values() for t, h in per.items()}.values()), 2),
        "items_total": sum(p.items_total for p in positions),
        "items_covered": sum(p.items_covered for p in positions),
    }
    return Coverage(apprentice, positions, recommended, profile.exam_part1_date, totals)

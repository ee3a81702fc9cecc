"""``flask lms init`` / ``demo`` steps of the training-plan feature.

Init: load the framework plans and seed the task library (both idempotent). Demo: give the demo
apprentice a company training plan, some self-assessments and tasks in different states, all
through the services so the statements exist.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from lms.cli import on_demo, on_init
from lms.db import db
from lms.plans import projection  # noqa: F401  (registers the "plans" projection)
from lms.plans.library_seed import SEED_TASKS
from lms.plans.loader import load_framework_plans
from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition
from lms.plans.task_models import Task, TaskTemplate, TaskTemplateItem


def resolve_items(occupation_code: str, refs: list[str]) -> list[int]:
    """Item ids for references such as ``"A11:d,e"`` in the occupation's framework plan."""
    ids = []
    for ref in refs:
        number, letters = ref.split(":")
        query = (
            select(FrameworkItem.id)
            .join(FrameworkPosition)
            .join(FrameworkPlan)
            .where(FrameworkPlan.code == occupation_code, FrameworkPosition.number == number)
            .where(FrameworkItem.letter.in_(letters.split(",")))
        )
        found = list(db.session.scalars(query))
        if len(found) != len(letters.split(",")):
            raise LookupError(f"unknown framework items {ref} in {occupation_code}")
        ids += found
    return ids


@on_init(10)
def load_plans() -> None:
    """Load (or update) the framework plans from data/framework_plans.yaml."""
    load_framework_plans()


@on_init(15)
def seed_task_library() -> None:
    """Add the seeded library tasks that are missing (matched by slug)."""
    existing = set(db.session.scalars(select(TaskTemplate.slug).where(TaskTemplate.slug.is_not(None))))
    for spec in SEED_TASKS:
        if spec["slug"] in existing:
            continue
        item_ids = resolve_items(spec["occupation"], spec["items"])
        db.session.add(
            TaskTemplate(
                slug=spec["slug"],
                company_id=None,
                occupation_code=spec["occupation"],
                title=spec["title"],
                situation=spec["situation"],
                assignment=spec["assignment"],
                materials=spec["materials"],
                safety_notes=spec["safety"],
                estimated_hours=float(spec["hours"]),
                is_published=True,
                items=[TaskTemplateItem(item_id=i) for i in item_ids],
            )
        )
    db.session.flush()


def _template(slug: str) -> TaskTemplate:
    return db.session.scalar(select(TaskTemplate).where(TaskTemplate.slug == slug))


@on_demo(30)
def seed_demo_plan() -> None:
    """Company plan, self-assessments and three tasks (in progress, in review, done) for the demo azubi."""
    from lms.demo import demo_user
    from lms.plans import services, tasks
    from lms.plans.company_plan import ensure_company_plan
    from lms.plans.workflow import STEPS, Action

    azubi, trainer = demo_user("azubi@demo.example"), demo_user("ausbilder@demo.example")
    if db.session.scalar(select(Task.id).where(Task.apprentice_id == azubi.id).limit(1)) is not None:
        return
    profile = azubi.apprentice_profile
    if profile.exam_part1_date is None:
        profile.exam_part1_date = dt.date(2027, 3, 15)
    ensure_company_plan(azubi.company_id, profile.occupation_code, profile.specialism)
    positions = services.positions_for(profile)
    for position, level in zip(positions[:4], (3, 2, 2, 1), strict=False):
        for item in position.items[:3]:
            services.self_assess(azubi, item, level)
    due = dt.date.today() + dt.timedelta(days=14)
    first, second, third = (
        tasks.assign_task(trainer, _template(slug), [azubi], due)[0]
        for slug in ("shk-rohrleitung-pressen", "shk-waschtisch-montieren", "shk-hydraulischer-abgleich")
    )
    tasks.perform(first, azubi, Action.START)
    tasks.perform(first, azubi, Action.COMPLETE_STEP, text="Leitungsplan gelesen, Rohrdimension DN 15 geklärt.")
    for task in (second, third):
        tasks.perform(task, azubi, Action.START)
        for step in STEPS[:-1]:
            tasks.perform(task, azubi, Action.COMPLETE_STEP, text=f"Schritt {step}: erledigt und dokumentiert.")
        tasks.perform(task, azubi, Action.SUBMIT, text="Gut gelungen; beim nächsten Mal früher Material prüfen.")
    tasks.perform(second, trainer, Action.APPROVE, level=3, text="Sauber montiert, Übergabe ordentlich.")

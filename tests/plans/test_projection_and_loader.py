"""The plan projection rebuilds identically; the loader is idempotent and keeps provenance."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.db import db
from lms.plans import services, tasks
from lms.plans.loader import load_framework_plans, plan_by_code
from lms.plans.models import FrameworkItem, FrameworkPosition, ItemProgress, PositionProgress
from lms.plans.task_models import TaskState, TaskTemplate
from lms.plans.workflow import Action
from lms.xapi import projection
from tests.plans.helpers import assign, setup_company, work_to_review


def _snapshot():
    states = [
        (s.task_id, s.state, s.assigned_at, s.updated_at, s.plan_approved_at, s.submitted_at, s.return_count,
         s.approved_at, s.trainer_level, s.hours, s.approved_by_id)
        for s in db.session.scalars(select(TaskState).order_by(TaskState.task_id))
    ]  # fmt: skip
    progress = [
        (p.apprentice_id, p.item_id, p.self_level, p.self_at, p.trainer_level, p.trainer_at, p.trainer_id,
         p.tasks_done, round(p.hours_done, 4))
        for p in db.session.scalars(select(ItemProgress).order_by(ItemProgress.apprentice_id, ItemProgress.item_id))
    ]  # fmt: skip
    positions = db.session.execute(
        select(PositionProgress.apprentice_id, PositionProgress.position_id, PositionProgress.covered_items).order_by(
            PositionProgress.apprentice_id, PositionProgress.position_id
        )
    ).all()
    return states, progress, positions


def _covered_per_position(apprentice_id: int) -> dict[int, int]:
    """The per-position counts computed from the item rows (what plan_position_progress must hold)."""
    counts: dict[int, int] = {}
    for row in db.session.scalars(select(ItemProgress).where(ItemProgress.apprentice_id == apprentice_id)):
        if row.covered:
            position_id = db.session.get(FrameworkItem, row.item_id).position_id
            counts[position_id] = counts.get(position_id, 0) + 1
    return counts


def test_rebuild_reproduces_task_state_and_item_progress(app):
    """Does replaying all statements give exactly the same task_state and plan_item_progress rows?"""
    _c, trainer, apprentice, _l = setup_company()
    first = assign(trainer, apprentice)
    work_to_review(first, apprentice)
    tasks.perform(first, trainer, Action.RETURN, text="nacharbeiten")
    tasks.perform(first, apprentice, Action.RESUBMIT, text="erledigt")
    tasks.perform(first, trainer, Action.APPROVE, level=4)
    second = assign(trainer, apprentice, "shk-hydraulischer-abgleich")
    tasks.perform(second, apprentice, Action.START)
    item = first.items[0].item
    services.self_assess(apprentice, item, 2)
    services.trainer_assess(trainer, apprentice, item, 3)
    db.session.flush()
    before = _snapshot()
    assert before[0] and before[1] and before[2]
    projection.rebuild()
    db.session.expire_all()
    assert _snapshot() == before


def test_position_counts_follow_item_coverage_up_and_down(app):
    """Do the per-position counts follow tasks and ratings, and drop the row when nothing is covered?"""
    _c, trainer, apprentice, _l = setup_company()
    task = assign(trainer, apprentice)
    work_to_review(task, apprentice)
    tasks.perform(task, trainer, Action.APPROVE, level=2)  # a task covers its items whatever the level
    db.session.flush()
    taught = _covered_per_position(apprentice.id)
    assert taught and _position_rows(apprentice.id) == taught
    other = db.session.scalars(
        select(FrameworkItem).where(FrameworkItem.position_id.not_in(list(taught))).limit(1)
    ).one()
    services.trainer_assess(trainer, apprentice, other, 3)
    db.session.flush()
    assert _position_rows(apprentice.id)[other.position_id] == taught.get(other.position_id, 0) + 1
    services.trainer_assess(trainer, apprentice, other, 2)  # rated down: no longer covered
    db.session.flush()
    assert other.position_id not in _position_rows(apprentice.id)
    assert _position_rows(apprentice.id) == _covered_per_position(apprentice.id)


def _position_rows(apprentice_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(PositionProgress.position_id, PositionProgress.covered_items).where(
            PositionProgress.apprentice_id == apprentice_id
        )
    )
    return dict(rows.all())


def test_loader_is_idempotent_and_keeps_ids(app):
    """Does loading the data file again change no ids and add no rows?"""
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    items_before, positions_before = count(FrameworkItem), count(FrameworkPosition)
    ids_before = list(db.session.scalars(select(FrameworkItem.id).order_by(FrameworkItem.id)))
    load_framework_plans()
    assert (count(FrameworkItem), count(FrameworkPosition)) == (items_before, positions_before)
    assert list(db.session.scalars(select(FrameworkItem.id).order_by(FrameworkItem.id))) == ids_before


def test_plans_carry_ordinance_year_provenance_and_warning(app):
    """Are ordinance, year, provenance markers, periods and the Dachdecker weeks warning loaded?"""
    dach = plan_by_code("dachdecker_2016")
    assert dach.year == 2016 and "DachAusbV" in dach.ordinance
    assert "160" in dach.weeks_warning and "BGBl. I 2016" in dach.weeks_warning
    assert dach.provenance["fields"]["title"] == "[S4]"
    assert [p["code"] for p in dach.periods] == ["m1_18", "m19_36"]
    mech = plan_by_code("mechatroniker_2018")
    assert mech.weeks_warning is None and mech.year == 2018
    assert [p["before_part1"] for p in mech.periods] == [True, True, False, False]
    standard = plan_by_code("standardberufsbildpositionen_2021")
    assert standard.is_recommendation and [p.title for p in standard.positions][3] == "Digitalisierte Arbeitswelt"
    b1 = next(p for p in dach.positions if p.number == "B1")
    assert (b1.specialism, b1.extends_number, b1.weeks) == ("Dachdeckungstechnik", "A8", {"m19_36": 10})
    g1 = next(p for p in dach.positions if p.number == "G1")
    assert g1.throughout and g1.weeks == {}
    twelve = next(p for p in mech.positions if p.number == "12")
    assert twelve.weeks_by_items[1] == {"items": "f-g", "letters": ["f", "g"], "weeks": {"y2a": 5}}
    assert "[S19]" in (twelve.provenance or "")
    e1 = next(p for p in dach.positions if p.number == "E1")
    assert next(i for i in e1.items if i.letter == "b").subitems[0][0] == "aa"


def test_seeded_library_has_five_tasks_per_occupation(app):
    """Does the library hold at least five seeded, published tasks per occupation, each linked to items?"""
    for code in ("mechatroniker_2018", "dachdecker_2016", "anlagenmechaniker_shk_2016"):
        seeded = list(
            db.session.scalars(
                select(TaskTemplate).where(TaskTemplate.occupation_code == code, TaskTemplate.slug.is_not(None))
            )
        )
        assert len(seeded) >= 5
        assert all(t.is_published and t.company_id is None and t.items for t in seeded)

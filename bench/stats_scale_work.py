"""An apprentice's history for the scale data, through the plans and records services.

Tasks walk the complete action (``lms.plans.tasks``), assessments use ``lms.plans.services``,
record weeks are created, saved, submitted, reviewed or returned through ``lms.records``; every
call gets its historic time (``at``), so statements, projections and stored columns carry the
date the step happened. Nothing after ``now`` is recorded: work in progress stays open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from lms.auth.models import User
from lms.plans import services as plan_services
from lms.plans.models import FrameworkItem
from lms.plans.task_models import TaskTemplate
from lms.plans.tasks import assign_task, perform
from lms.plans.workflow import STEPS
from lms.records import services as record_services
from lms.records import workflow as record_workflow
from lms.records.forms import parse_week_form

ACTIVITIES = (
    ("Heizkörper montiert und angeschlossen", "12"),
    ("Rohrleitungen zugeschnitten, entgratet und verpresst", "10"),
    ("Wartung mit dem Gesellen, Messprotokoll geführt", "8"),
    ("Dachlatten gesetzt und Unterspannbahn verlegt", "14"),
    ("Steuerung verdrahtet und in Betrieb genommen", "9"),
    ("Werkstatt aufgeräumt, Werkzeug geprüft", "4"),
)


@dataclass
class Apprenticeship:
    """Who works with whom, on which items and templates, from when to when."""

    apprentice: User
    trainers: list[User]
    items: list[FrameworkItem]
    templates: list[TaskTemplate]
    active_from: dt.datetime
    now: dt.datetime


def _workday(at: dt.datetime) -> dt.datetime:
    """Move a weekend time to Monday morning (people work Monday to Friday)."""
    while at.weekday() >= 5:
        at = (at + dt.timedelta(days=1)).replace(hour=7)
    return at


def tasks(life: Apprenticeship, rng: random.Random) -> int:
    """Tasks every 4–9 weeks; each walked as far as time allows. Returns the number assigned."""
    at, count = life.active_from + dt.timedelta(days=rng.uniform(3, 30)), 0
    while at < life.now:
        assigner = rng.choice(life.trainers)
        due = (at + dt.timedelta(days=21)).date()
        [task] = assign_task(assigner, rng.choice(life.templates), [life.apprentice], due, at=at)
        count += 1
        _walk(task, life, assigner, _workday(at), rng)
        at += dt.timedelta(days=rng.uniform(28, 63))
    return count


def _walk(task, life: Apprenticeship, assigner: User, at: dt.datetime, rng: random.Random) -> None:
    """Start, the steps, submission, an optional return, approval — until ``now``."""
    apprentice = life.apprentice

    def step(hours_low: float, hours_high: float) -> bool:
        nonlocal at
        at = _workday(at + dt.timedelta(hours=rng.uniform(hours_low, hours_high)))
        return at < life.now

    if not step(1, 72):
        return
    perform(task, apprentice, "start", at=at)
    for _step in STEPS[:-1]:
        if not step(4, 72):
            return
        perform(task, apprentice, "complete_step", text="dokumentiert", at=at)
    if not step(2, 48):
        return
    perform(task, apprentice, "submit", text="Selbstbewertung", at=at)
    others = [t for t in life.trainers if t.id != assigner.id]
    reviewer = rng.choice(others) if others and rng.random() < 0.3 else assigner
    if rng.random() < 0.15:
        if not step(4, 120):
            return
        perform(task, reviewer, "return", text="Bitte die Prüfprotokolle ergänzen.", at=at)
        if not step(8, 96):
            return
        perform(task, apprentice, "resubmit", text="ergänzt", at=at)
    if step(2, rng.choice((48, 120, 400))):
        perform(task, reviewer, "approve", level=rng.choice((2, 3, 3, 4)), at=at)


def assessments(life: Apprenticeship, rng: random.Random) -> int:
    """Self-assessments every ~2 months and trainer assessments every ~4 months (2–5 items each)."""
    count = 0
    for every, trainer_side in ((60, False), (120, True)):
        at = life.active_from + dt.timedelta(days=rng.uniform(7, every))
        while at < life.now:
            for item in rng.sample(life.items, min(len(life.items), rng.randint(2, 5))):
                if trainer_side:
                    plan_services.trainer_assess(rng.choice(life.trainers), life.apprentice, item, rng.randint(1, 4),
                                                 at=at)  # fmt: skip
                else:
                    plan_services.self_assess(life.apprentice, item, rng.randint(1, 4), at=at)
                count += 1
                at += dt.timedelta(minutes=rng.uniform(1, 10))
            at += dt.timedelta(days=rng.uniform(every * 0.6, every * 1.4))
    return count


def _form(rng: random.Random) -> MultiDict:
    (text, hours), (text2, hours2) = rng.sample(ACTIVITIES, 2)
    return MultiDict({
        "department": rng.choice(("Montage", "Kundendienst", "Werkstatt")),
        "a-0-text": text, "a-0-hours": hours, "a-1-text": text2, "a-1-hours": hours2,
        "s-0-subject": "LF 3", "s-0-text": "Werkstoffe und Verbindungstechniken", "s-0-hours": "8",
    })  # fmt: skip


def record_weeks(life: Apprenticeship, rng: random.Random) -> int:
    """Most weeks written on Friday, submitted, reviewed within days (some returned first)."""
    apprentice, today, count = life.apprentice, life.now.date(), 0
    first = life.active_from.date()
    for year, number in reversed(record_services.record_weeks_range(apprentice, today)):
        monday = dt.date.fromisocalendar(year, number, 1)
        friday = dt.datetime.combine(monday + dt.timedelta(days=4), dt.time(14), dt.UTC)
        if monday < first or friday >= life.now or rng.random() < 0.12:
            continue
        at = friday + dt.timedelta(hours=rng.uniform(0, 70))
        week = record_services.get_or_create_week(apprentice, year, number, today, at=friday)
        days = record_services.week_days(year, number)
        record_services.save_week(week, apprentice, parse_week_form(_form(rng), days), at=friday)
        count += 1
        if at >= life.now or rng.random() < 0.04:
            continue
        record_workflow.submit_week(week, apprentice, at=at)
        _review(week, life, at, rng)
    return count


def _review(week, life: Apprenticeship, at: dt.datetime, rng: random.Random) -> None:
    trainer = rng.choice(life.trainers)
    at += dt.timedelta(days=rng.choice((1, 2, 3, 5, 8, 14, 40)) * rng.uniform(0.5, 1.2))
    if at >= life.now:
        return
    if rng.random() < 0.08:
        record_workflow.return_week(week, trainer, "Bitte die Stunden der Berufsschule ergänzen.", at=at)
        at += dt.timedelta(days=rng.uniform(1, 6))
        if at >= life.now:
            return
        record_workflow.submit_week(week, life.apprentice, at=at)
        at += dt.timedelta(days=rng.uniform(1, 6))
        if at >= life.now:
            return
    record_workflow.review_week(week, trainer, "", at=at)

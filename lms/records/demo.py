"""Demo weeks for azubi@demo.example in every workflow state, made through the services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from lms.auth.models import User
from lms.db import db, utcnow
from lms.demo import demo_user
from lms.records import services, workflow
from lms.records.forms import parse_week_form
from lms.records.models import TrainingRecordWeek

ACTIVITIES = (
    ("Heizkörper in einem Einfamilienhaus in Görlitz montiert und angeschlossen", "14"),
    ("Rohrleitungen aus Kupfer zugeschnitten, entgratet und gepresst", "10"),
    ("Wartung einer Gas-Brennwerttherme mit dem Gesellen, Abgasmessung", "8"),
    ("Werkstatt aufgeräumt, Werkzeug geprüft", "4"),
)


def _form(i: int) -> MultiDict:
    text, hours = ACTIVITIES[i % len(ACTIVITIES)]
    text2, hours2 = ACTIVITIES[(i + 1) % len(ACTIVITIES)]
    return MultiDict(
        {
            "department": "Kundendienst Heizung",
            "a-0-text": text,
            "a-0-hours": hours,
            "a-1-text": text2,
            "a-1-hours": hours2,
            "u-0-category": "unterweisung",
            "u-0-text": "Sicherheitsunterweisung Leitern und Gerüste",
            "u-0-hours": "1",
            "s-0-subject": "LF 3",
            "s-0-text": "Trinkwasseranlagen installieren: Werkstoffe und Verbindungstechniken",
            "s-0-hours": "6",
            "f-0-category": "feiertag" if i == 2 else "",
            "f-0-days": "1" if i == 2 else "",
        }
    )


def seed() -> None:
    """Create the demo weeks unless the demo apprentice already has any (idempotent)."""
    apprentice = demo_user("azubi@demo.example")
    trainer = demo_user("ausbilder@demo.example")
    count = db.session.scalar(select(func.count()).where(TrainingRecordWeek.apprentice_id == apprentice.id))
    if count:
        return
    now = utcnow()
    today = now.date()
    # weeks back from now -> what happens to them
    plan = {
        8: "reviewed",
        7: "submitted_old",
        6: "reviewed_comment",
        5: "revised",
        4: "reviewed",
        3: "returned",
        2: "submitted",
        1: "draft",
    }
    for back, fate in plan.items():
        year, number = services.iso_week_of(today - dt.timedelta(weeks=back))
        week = services.get_or_create_week(apprentice, year, number, today)
        services.save_week(week, apprentice, parse_week_form(_form(back), services.week_days(year, number)))
        friday = now - dt.timedelta(weeks=back) + dt.timedelta(days=1)
        _advance(week, fate, apprentice, trainer, min(friday, now))


def _advance(week: TrainingRecordWeek, fate: str, apprentice: User, trainer: User, at: dt.datetime) -> None:
    """Move a demo week through the workflow to its planned state, with dated statements."""
    if fate == "draft":
        return
    workflow.submit_week(week, apprentice, at=at)  # "submitted_old" is seven weeks back: waits > 1 month
    if fate in ("submitted", "submitted_old"):
        return
    later = at + dt.timedelta(days=2)
    if fate == "returned":
        workflow.return_week(week, trainer, "Bitte die Stunden der Berufsschule ergänzen.", at=later)
        return
    comment = "Gut beschrieben, weiter so." if fate == "reviewed_comment" else ""
    workflow.review_week(week, trainer, comment, at=later)
    if fate == "revised":
        workflow.revise_week(week, apprentice, "Stunden der Montage korrigiert", at=later + dt.timedelta(hours=1))
        corrected = _form(5)
        corrected["a-0-hours"] = "12"
        days = services.week_days(week.iso_year, week.iso_week)
        services.save_week(week, apprentice, parse_week_form(corrected, days))
        workflow.submit_week(week, apprentice, at=later + dt.timedelta(hours=2))
        workflow.review_week(week, trainer, "Korrektur geprüft.", at=later + dt.timedelta(days=1))

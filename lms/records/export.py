"""The apprentice's own record as JSON and CSV, for portability (e.g. when changing companies)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from sqlalchemy import select

from lms.auth.models import User
from lms.db import db
from lms.orgs.occupations import occupation_title
from lms.records.forms import ABSENCE_TYPES, INSTRUCTION_TYPES
from lms.records.models import TrainingRecordEntry, TrainingRecordWeek
from lms.records.services import reviewer_names

CSV_COLUMNS = (
    "jahr",
    "kw",
    "von",
    "bis",
    "ausbildungsjahr",
    "abteilung",
    "status",
    "revision",
    "art",
    "typ",
    "fach_lernfeld",
    "tag",
    "text",
    "stunden",
    "tage",
    "rahmenplan",
    "aufgabe",
    "geprueft_von",
    "geprueft_am",
)


def weeks_of(apprentice: User, start: dt.date | None = None, end: dt.date | None = None) -> list[TrainingRecordWeek]:
    """The apprentice's weeks in order, optionally only those overlapping [start, end]."""
    query = (
        select(TrainingRecordWeek)
        .where(TrainingRecordWeek.apprentice_id == apprentice.id)
        .order_by(TrainingRecordWeek.iso_year, TrainingRecordWeek.iso_week)
    )
    weeks = list(db.session.scalars(query))
    return [w for w in weeks if (start is None or w.period_end >= start) and (end is None or w.period_start <= end)]


def entry_type_label(entry: TrainingRecordEntry) -> str:
    labels = {**INSTRUCTION_TYPES, **ABSENCE_TYPES}
    return str(labels.get(entry.category, "")) if entry.category else ""


def _entry_dict(entry: TrainingRecordEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "type": entry.category,
        "subject": entry.subject,
        "day": entry.day.isoformat() if entry.day else None,
        "text": entry.text,
        "hours": entry.hours,
        "days": entry.days,
        "framework_item": entry.framework_item.code if entry.framework_item else None,
        "task": entry.task.title if entry.task else None,
    }


def week_dict(week: TrainingRecordWeek, names: dict[str, str]) -> dict[str, Any]:
    """Everything about one week: header, status, every revision with its lines, the history."""
    status = week.status_row
    return {
        "iso_year": week.iso_year,
        "iso_week": week.iso_week,
        "period": [week.period_start.isoformat(), week.period_end.isoformat()],
        "training_year": week.training_year,
        "department": week.department,
        "status": week.status.value,
        "current_revision": week.current_revision,
        "reviewed_by": names.get(str(status.reviewer_public_id)) if status and status.reviewer_public_id else None,
        "reviewed_at": status.reviewed_at.isoformat() if status and status.reviewed_at else None,
        "revisions": [
            {
                "number": r.number,
                "reason": r.reason,
                "total_hours": r.total_hours,
                "entries": [_entry_dict(e) for e in r.entries],
            }
            for r in week.revisions
        ],
        "history": [
            {
                "action": e.action,
                "revision": e.revision_number,
                "at": e.occurred_at.isoformat(),
                "by": e.actor.name if e.actor else None,
                "note": e.note,
            }
            for e in week.events
        ],
    }


def export_json(apprentice: User) -> str:
    """The whole record of the apprentice as a JSON document."""
    weeks = weeks_of(apprentice)
    names = reviewer_names(weeks)
    profile = apprentice.apprentice_profile
    document = {
        "format": "zukunftsmacher-ausbildungsnachweis/1",
        "apprentice": apprentice.name,
        "occupation": occupation_title(profile.occupation_code) if profile else None,
        "company": apprentice.company.name if apprentice.company else None,
        "training_period": [profile.training_start.isoformat(), profile.training_end.isoformat()] if profile else None,
        "weeks": [week_dict(w, names) for w in weeks],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def export_csv(apprentice: User) -> str:
    """One row per line of each week's current revision (semicolon-separated, for spreadsheets)."""
    weeks = weeks_of(apprentice)
    names = reviewer_names(weeks)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for week in weeks:
        data = week_dict(week, names)
        head = [
            week.iso_year,
            week.iso_week,
            week.period_start.isoformat(),
            week.period_end.isoformat(),
            week.training_year,
            week.department,
            data["status"],
            week.current_revision,
        ]
        for entry in week.revision.entries:
            e = _entry_dict(entry)
            writer.writerow(
                [
                    *head,
                    e["kind"],
                    e["type"] or "",
                    e["subject"] or "",
                    e["day"] or "",
                    e["text"],
                    _num(e["hours"]),
                    _num(e["days"]),
                    e["framework_item"] or "",
                    e["task"] or "",
                    data["reviewed_by"] or "",
                    data["reviewed_at"] or "",
                ]
            )
    return buffer.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")

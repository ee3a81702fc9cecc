"""Parsing the week form (the same body for a normal submit and for autosave).

The form has repeated rows named ``<prefix>-<n>-<field>``; empty rows are dropped. Parsing
never touches the database: it returns plain :class:`EntryData` and German error messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lms.records.models import EntryKind

INSTRUCTION_TYPES = {
    "unterweisung": _l("Unterweisung im Betrieb"),
    "uelu": _l("Überbetriebliche Unterweisung (ÜLU)"),
    "unterricht": _l("Betrieblicher Unterricht"),
    "schulung": _l("Sonstige Schulung"),
}
ABSENCE_TYPES = {
    "urlaub": _l("Urlaub"),
    "krankheit": _l("Krankheit"),
    "feiertag": _l("Feiertag"),
    "berufsschule": _l("Berufsschule"),
}
PREFIX_KIND = {"a": EntryKind.ACTIVITY, "u": EntryKind.INSTRUCTION, "s": EntryKind.SCHOOL, "f": EntryKind.ABSENCE}
ROW_KEY = re.compile(r"^([ausf])-(\d{1,3})-(\w+)$")
MAX_HOURS = 60.0
MAX_TEXT = 4000


@dataclass
class EntryData:
    """One parsed line of the week form."""

    kind: EntryKind
    text: str = ""
    hours: float | None = None
    days: float | None = None
    day: dt.date | None = None
    category: str | None = None
    subject: str | None = None
    framework_item_id: int | None = None
    task_id: int | None = None


@dataclass
class WeekForm:
    """The parsed week: header fields, lines and errors keyed by field name."""

    department: str = ""
    training_year: int | None = None
    entries: list[EntryData] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def parse_number(raw: str, name: str, errors: dict[str, str], maximum: float = MAX_HOURS) -> float | None:
    """A decimal number with comma or point, 0 … ``maximum``; errors go into ``errors``."""
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[name] = _("Bitte eine Zahl eingeben, z. B. 7,5.")
        return None
    if not 0 <= value <= maximum:
        errors[name] = _("Bitte eine Zahl zwischen 0 und %(max)s eingeben.", max=int(maximum))
        return None
    return round(value, 2)


def _int_or_none(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


def _rows(form: Any) -> dict[tuple[str, int], dict[str, str]]:
    rows: dict[tuple[str, int], dict[str, str]] = {}
    for key in form:
        match = ROW_KEY.match(key)
        if match:
            rows.setdefault((match[1], int(match[2])), {})[match[3]] = form.get(key, "")
    return rows


def _parse_row(prefix: str, n: int, row: dict[str, str], week_days: list[dt.date], errors: dict[str, str]):
    kind = PREFIX_KIND[prefix]
    name = f"{prefix}-{n}"
    text = (row.get("text") or "").strip()[:MAX_TEXT]
    subject = (row.get("subject") or "").strip()[:120] or None
    category = row.get("category") or None
    hours = parse_number(row.get("hours", ""), f"{name}-hours", errors)
    days = parse_number(row.get("days", ""), f"{name}-days", errors, 7) if kind is EntryKind.ABSENCE else None
    if kind is EntryKind.ABSENCE:
        if not days and not hours:
            return None
        if category not in ABSENCE_TYPES:
            errors[f"{name}-category"] = _("Bitte die Art der Abwesenheit wählen.")
        return EntryData(kind, hours=hours, days=days, category=category)
    if not text and not subject:
        return None
    if kind is EntryKind.INSTRUCTION and category not in INSTRUCTION_TYPES:
        category = "unterweisung"
    day = None
    if row.get("day"):
        day = next((d for d in week_days if d.isoformat() == row["day"]), None)
    return EntryData(
        kind,
        text=text,
        hours=hours,
        day=day,
        category=category if kind is EntryKind.INSTRUCTION else None,
        subject=subject if kind is EntryKind.SCHOOL else None,
        framework_item_id=_int_or_none(row.get("item")),
        task_id=_int_or_none(row.get("task")),
    )


def parse_week_form(form: Any, week_days: list[dt.date]) -> WeekForm:
    """Parse the posted week form (a MultiDict) into a :class:`WeekForm`."""
    result = WeekForm(department=(form.get("department") or "").strip()[:200])
    year = _int_or_none(form.get("training_year"))
    if year is not None and not 1 <= year <= 4:
        result.errors["training_year"] = _("Das Ausbildungsjahr liegt zwischen 1 und 4.")
    result.training_year = year
    for (prefix, n), row in sorted(_rows(form).items(), key=lambda kv: ("ausf".index(kv[0][0]), kv[0][1])):
        entry = _parse_row(prefix, n, row, week_days, result.errors)
        if entry is not None:
            result.entries.append(entry)
    return result


# How many empty rows the form offers below the filled ones (more appear after saving).
BLANK_ROWS = {"a": 2, "u": 1, "s": 1, "f": 1}
MIN_ROWS = {"a": 3, "u": 1, "s": 2, "f": 1}
KIND_PREFIX = {kind: prefix for prefix, kind in PREFIX_KIND.items()}


def _num_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def rows_from_entries(entries: list[Any]) -> dict[str, list[dict[str, str]]]:
    """Form rows (strings) from stored entries, grouped by row prefix, plus empty rows."""
    rows: dict[str, list[dict[str, str]]] = {p: [] for p in PREFIX_KIND}
    for e in entries:
        rows[KIND_PREFIX[EntryKind(e.kind)]].append(
            {
                "text": e.text or "",
                "hours": _num_text(e.hours),
                "days": _num_text(e.days),
                "day": e.day.isoformat() if e.day else "",
                "category": e.category or "",
                "subject": e.subject or "",
                "item": str(e.framework_item_id or ""),
                "task": str(e.task_id or ""),
            }
        )
    return _with_blanks(rows)


def rows_from_form(form: Any) -> dict[str, list[dict[str, str]]]:
    """Form rows as posted (for re-rendering with errors), keeping their indices."""
    rows: dict[str, list[dict[str, str]]] = {p: [] for p in PREFIX_KIND}
    for (prefix, _n), row in sorted(_rows(form).items()):
        rows[prefix].append(row)
    return rows


def _with_blanks(rows: dict[str, list[dict[str, str]]]) -> dict[str, list[dict[str, str]]]:
    for prefix, items in rows.items():
        wanted = max(MIN_ROWS[prefix], len(items) + BLANK_ROWS[prefix])
        items.extend({} for _ in range(wanted - len(items)))
    return rows

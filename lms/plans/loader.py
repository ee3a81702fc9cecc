"""Load ``data/framework_plans.yaml`` into the framework-plan tables (idempotent).

The YAML values are verbatim ordinance data; their provenance markers ([S1], [INF], …) live in
YAML comments, which a YAML parser drops, so :func:`line_comments` reads them from the raw text
and keeps them beside the values. Running the loader again updates titles, weeks and items in
place (matched by plan code, position number and item letter) and never deletes rows that
assessments or tasks point to.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from lms.config import PROJECT_ROOT
from lms.db import db
from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition

DATA_FILE = PROJECT_ROOT / "data" / "framework_plans.yaml"
STANDARD_CODE = "standardberufsbildpositionen_2021"

# German period labels, month ranges and whether the period lies before the first exam part
# (Teil 1 / Zwischenprüfung). Mechatroniker: Teil 1 covers year 1 and the 3rd half-year [S1];
# Dachdecker: Zwischenprüfung covers the first three half-years [S4]; SHK: Teil 1 before the end
# of year 2, i.e. months 1–18 [S5].
PERIODS: dict[str, tuple[str, int, int, bool]] = {
    "y1": ("1. Ausbildungsjahr", 1, 12, True),
    "y2a": ("2. Ausbildungsjahr, 1. Hälfte (Monat 13–18)", 13, 18, True),
    "y2b": ("2. Ausbildungsjahr, 2. Hälfte (Monat 19–24)", 19, 24, False),
    "y3_4": ("3. und 4. Ausbildungsjahr (Monat 25–42)", 25, 42, False),
    "m1_18": ("1. bis 18. Monat", 1, 18, True),
    "m19_36": ("19. bis 36. Monat", 19, 36, False),
    "m19_42": ("19. bis 42. Monat", 19, 42, False),
}
_COMMENT = re.compile(r"\s#\s?(.*)$")


def line_comments(text: str) -> list[tuple[str, str]]:
    """(line content, trailing comment) for every line that carries a comment outside quotes."""
    result = []
    for line in text.splitlines():
        for match in _COMMENT.finditer(line):
            before = line[: match.start()]
            if before.count('"') % 2 == 0:
                result.append((before.strip(), match.group(1).strip()))
                break
    return result


def _provenance_index(text: str) -> dict[tuple[str, str], dict[str, str]]:
    """Comments per (occupation id, position number or "") and YAML key."""
    index: dict[tuple[str, str], dict[str, str]] = {}
    occupation, number = "", ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("- id:"):
            occupation, number = stripped.split(":", 1)[1].strip(), ""
        elif stripped.startswith("- number:"):
            number = stripped.split(":", 1)[1].split("#")[0].strip().strip('"')
        pairs = line_comments(line)
        if not pairs or not stripped or stripped.startswith("#"):
            continue
        key = pairs[0][0].lstrip("- ").split(":", 1)[0].strip()
        index.setdefault((occupation, number), {})[key] = pairs[0][1]
    return index


def _letters(spec: str, all_letters: list[str]) -> list[str]:
    """Expand an item range such as "a-e" or "d" into the letters of the position."""
    if "-" not in spec:
        return [spec]
    first, last = spec.split("-", 1)
    return all_letters[all_letters.index(first) : all_letters.index(last) + 1]


def _weeks_warning(data: dict[str, Any]) -> str | None:
    sums = data.get("column_sums_check") or {}
    warning = sums.get("warning") if isinstance(sums, dict) else None
    if not warning:
        return None
    return f"{warning.strip()}\n\n{(data.get('weeks_recheck') or '').strip()}".strip()


def _plan_fields(data: dict[str, Any], comments: dict[str, str], sources: dict[str, Any]) -> dict[str, Any]:
    periods = [
        {
            "code": code,
            "label": PERIODS[code][0],
            "source_label": label,
            "month_from": PERIODS[code][1],
            "month_to": PERIODS[code][2],
            "before_part1": PERIODS[code][3],
        }
        for code, label in (data.get("time_periods") or {}).items()
    ]
    in_force = data.get("in_force_from")
    return {
        "title": data["title"],
        "ordinance": data["ordinance"],
        "year": int(data["year"]),
        "in_force_from": dt.date.fromisoformat(in_force) if in_force else None,
        "legal_basis": data.get("legal_basis"),
        "legal_history": data.get("legal_history") or data.get("adopted"),
        "duration_months": data.get("duration_months"),
        "structure_note": data.get("structure_note") or data.get("applies"),
        "exam_note": data.get("exam") or data.get("time_note"),
        "periods": periods,
        "provenance": {"fields": comments, "sources": sources},
        "weeks_warning": _weeks_warning(data),
        "is_recommendation": data["id"] == STANDARD_CODE,
    }


def _upsert_position(plan: FrameworkPlan, order: int, data: dict[str, Any], comments: dict[str, str]) -> None:
    number = str(data["number"])
    position = next((p for p in plan.positions if p.number == number), None)
    if position is None:
        position = FrameworkPosition(number=number)
        plan.positions.append(position)
    items = {str(k): str(v) for k, v in (data.get("items") or {}).items()}
    letters = list(items)
    position.sort_order = order
    position.title = data["title"]
    position.section = data.get("section")
    position.specialism = data.get("schwerpunkt")
    position.extends_number = data.get("extends")
    position.throughout = bool(data.get("during_entire_training"))
    position.weeks = {k: v for k, v in (data.get("weeks") or {}).items() if v is not None}
    position.weeks_by_items = [
        {"items": g["items"], "letters": _letters(str(g["items"]), letters), "weeks": g["weeks"]}
        for g in data.get("weeks_by_items") or []
    ]
    position.items_intro = data.get("items_intro")
    position.provenance = "; ".join(f"{key}: {text}" for key, text in comments.items()) or None
    subitems = data.get("subitems") or {}
    existing = {i.letter: i for i in position.items}
    for item_order, letter in enumerate(letters):
        item = existing.get(letter) or FrameworkItem(letter=letter)
        item.sort_order, item.text = item_order, items[letter]
        item.subitems = [[str(k), str(v)] for k, v in (subitems.get(letter) or {}).items()]
        if letter not in existing:
            position.items.append(item)


def load_framework_plans(path: Path = DATA_FILE) -> list[FrameworkPlan]:
    """Create or update every plan of the data file; returns the plans (flushed, not committed)."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    index = _provenance_index(text)
    plans = []
    for occupation in data["occupations"]:
        code = occupation["id"]
        plan = db.session.scalar(select(FrameworkPlan).where(FrameworkPlan.code == code))
        if plan is None:
            plan = FrameworkPlan(code=code)
            db.session.add(plan)
        for key, value in _plan_fields(occupation, index.get((code, ""), {}), data.get("sources", {})).items():
            setattr(plan, key, value)
        for order, position in enumerate(occupation.get("positions") or []):
            _upsert_position(plan, order, position, index.get((code, str(position["number"])), {}))
        plans.append(plan)
    db.session.flush()
    return plans


def plan_by_code(code: str) -> FrameworkPlan | None:
    """A loaded framework plan by its code."""
    return db.session.scalar(select(FrameworkPlan).where(FrameworkPlan.code == code))

"""Loading checked module folders into the content tables, idempotently.

A module whose folder hash is unchanged is left alone. A changed module keeps its row and gets
``version + 1``; units are updated in place by id, so progress on units whose text did not
change still counts (unit progress stores the unit hash it was seen with).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from lms.db import db, utcnow
from lms.learning.content import read_all
from lms.learning.models import CourseModule, CourseQuestion, CourseUnit
from lms.learning.sources import ModuleSource, Problem


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, list[Problem]] = field(default_factory=dict)


def sync_courses(courses_dir: Path) -> SyncReport:
    """Load every valid module of ``courses_dir``; modules with problems are skipped and reported."""
    report = SyncReport()
    for folder, source, problems in read_all(courses_dir):
        if source is None or problems:
            report.skipped[folder.name] = problems
            continue
        existing = db.session.scalar(select(CourseModule).where(CourseModule.slug == source.slug))
        if existing is not None and existing.content_hash == source.content_hash:
            report.unchanged.append(source.slug)
            continue
        (report.updated if existing else report.created).append(source.slug)
        store_module(source, existing)
    db.session.flush()
    return report


def store_module(source: ModuleSource, module: CourseModule | None) -> CourseModule:
    """Write one module's manifest, units and questions; bump the version of an existing one."""
    manifest = source.manifest
    if module is None:
        module = CourseModule(slug=source.slug, version=1)
        db.session.add(module)
    else:
        module.version += 1
    module.title = str(manifest["title"])
    module.subtitle = str(manifest.get("subtitle") or "")
    module.theme = str(manifest["theme"])
    module.audience = [str(a) for a in manifest["audience"]]
    module.duration_minutes = int(manifest["duration_minutes"])
    module.version_label = str(manifest.get("version") or "")
    module.content_hash = source.content_hash
    module.takeaway_md = source.takeaway
    module.active = True
    module.synced_at = utcnow()
    module.manifest = _plain({k: manifest[k] for k in manifest if k not in {"slug", "title", "subtitle", "theme"}})
    _store_units(module, source)
    _store_questions(module, source)
    return module


def _store_units(module: CourseModule, source: ModuleSource) -> None:
    by_key = {unit.key: unit for unit in module.units}
    keep = []
    for position, unit in enumerate(source.units):
        row = by_key.get(unit.key) or CourseUnit(key=unit.key)
        row.position, row.title, row.minutes = position, unit.title, unit.minutes
        row.body_md, row.video, row.content_hash = unit.body, unit.video, unit.content_hash
        keep.append(row)
    module.units = keep


def _store_questions(module: CourseModule, source: ModuleSource) -> None:
    by_key = {q.key: q for q in module.questions}
    keep = []
    for position, question in enumerate(source.questions):
        row = by_key.get(question.key) or CourseQuestion(key=question.key)
        row.bank, row.unit_key, row.position = question.bank, question.unit_key, position
        row.kind, row.text, row.options = question.kind, question.text, _plain(question.options)
        keep.append(row)
    module.questions = keep


def _plain(value):
    """Turn the line-aware YAML containers into plain dicts/lists (for JSON columns)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value

"""Read-only snapshots of synced modules, cached per process and checked against the database.

Module content changes only through ``courses sync``; every request still asks the database for
the module's (id, version, content hash) — one tiny query — and rebuilds the snapshot when they
differ, so a sync (or a rolled-back test transaction) is never served stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from lms.db import db, read_columns
from lms.learning.models import CourseModule


@dataclass(frozen=True)
class UnitView:
    key: str
    position: int
    title: str
    minutes: int
    body_md: str
    video: dict[str, str] | None
    content_hash: str


@dataclass(frozen=True)
class QuestionView:
    key: str
    bank: str
    unit_key: str | None
    position: int
    kind: str
    text: str
    options: list[dict[str, Any]]


@dataclass(frozen=True)
class ModuleView:
    """A module as the player sees it (same attribute names as :class:`CourseModule`)."""

    id: int
    slug: str
    title: str
    subtitle: str
    theme: str
    audience: list[str]
    duration_minutes: int
    version_label: str
    version: int
    content_hash: str
    manifest: dict[str, Any]
    takeaway_md: str
    units: tuple[UnitView, ...]
    questions: tuple[QuestionView, ...]

    @property
    def cache_key(self) -> tuple[str, int, str]:
        """Names this version of the content (for caches of markup rendered from it)."""
        return (self.slug, self.version, self.content_hash)


_CACHE: dict[str, tuple[tuple[int, int, str], ModuleView]] = {}
# Built once and run on the session's connection (no ORM entities): every player request asks it.
_ACTIVE_STAMP = select(CourseModule.id, CourseModule.version, CourseModule.content_hash).where(
    CourseModule.slug == bindparam("slug"), CourseModule.active.is_(True)
)


def snapshot(module: CourseModule) -> ModuleView:
    """Copy a module row with its units and questions into plain immutable objects."""
    units = tuple(
        UnitView(u.key, u.position, u.title, u.minutes, u.body_md, u.video, u.content_hash) for u in module.units
    )
    questions = tuple(
        QuestionView(q.key, q.bank, q.unit_key, q.position, q.kind, q.text, q.options) for q in module.questions
    )
    return ModuleView(module.id, module.slug, module.title, module.subtitle, module.theme, list(module.audience),
                      module.duration_minutes, module.version_label, module.version, module.content_hash,
                      dict(module.manifest), module.takeaway_md, units, questions)  # fmt: skip


def module_view(slug: str) -> ModuleView | None:
    """The active module ``slug`` (from the cache when its version and hash are unchanged)."""
    row = read_columns(_ACTIVE_STAMP, {"slug": slug}).first()
    if row is None:
        return None
    key = (row[0], row[1], row[2])
    cached = _CACHE.get(slug)
    if cached is not None and cached[0] == key:
        return cached[1]
    module = db.session.scalar(
        select(CourseModule)
        .where(CourseModule.id == row[0])
        .options(selectinload(CourseModule.units), selectinload(CourseModule.questions))
    )
    view = snapshot(module)
    _CACHE[slug] = (key, view)
    return view


def active_slugs() -> list[str]:
    """Slugs of all active modules, by title."""
    query = select(CourseModule.slug).where(CourseModule.active.is_(True)).order_by(CourseModule.title)
    return list(db.session.scalars(query))

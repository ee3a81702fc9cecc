"""Completion by the manifest's rule, and the certificate code that completion earns."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import bindparam, select

from lms.auth.models import User
from lms.db import db, read_columns
from lms.learning import events
from lms.learning.content_cache import ModuleView
from lms.learning.models import CourseModule, Enrolment, UnitProgress

RULE_DEFAULTS = {"all_units_seen": True, "final_test_passed": True, "reflection_written": True}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
# Built once and run on the session's connection: the unit page asks it on every view.
_UNIT_SEEN = (
    select(UnitProgress.id)
    .join(Enrolment, Enrolment.id == UnitProgress.enrolment_id)
    .where(
        Enrolment.user_id == bindparam("user_id"),
        Enrolment.module_slug == bindparam("slug"),
        UnitProgress.unit_key == bindparam("unit_key"),
        UnitProgress.content_hash == bindparam("content_hash"),
    )
    .limit(1)
)


def rule(module: ModuleView) -> dict[str, bool]:
    """The module's completion rule with defaults filled in."""
    return {**RULE_DEFAULTS, **(module.manifest.get("completion") or {})}


def seen_units(module: ModuleView, enrolment: Enrolment | None) -> set[str]:
    """Units seen in their current version (a unit whose text changed must be seen again)."""
    if enrolment is None:
        return set()
    current = {u.key: u.content_hash for u in module.units}
    rows = db.session.execute(
        select(UnitProgress.unit_key, UnitProgress.content_hash).where(UnitProgress.enrolment_id == enrolment.id)
    )
    return {key for key, content_hash in rows if current.get(key) == content_hash}


def unit_seen(module: ModuleView, user_id: int, unit_key: str) -> bool:
    """Whether the person has seen this unit in its current version (one query, for the unit page)."""
    current = next((u.content_hash for u in module.units if u.key == unit_key), None)
    if current is None:
        return False
    params = {"user_id": user_id, "slug": module.slug, "unit_key": unit_key, "content_hash": current}
    return read_columns(_UNIT_SEEN, params).first() is not None


def requirements(module: ModuleView, enrolment: Enrolment | None) -> dict[str, bool]:
    """Each requirement of the rule that applies, and whether it is met."""
    checks = {
        "all_units_seen": lambda: len(seen_units(module, enrolment)) == len(module.units),
        "final_test_passed": lambda: enrolment is not None and enrolment.test_passed_at is not None,
        "reflection_written": lambda: enrolment is not None and bool(enrolment.reflected_prompts),
    }
    return {name: checks[name]() for name, required in rule(module).items() if required and name in checks}


def complete_if_done(user: User, module: ModuleView, enrolment: Enrolment, at: dt.datetime) -> bool:
    """Record ``completed`` and ``earned`` (certificate) once every requirement is met."""
    if enrolment.completed_at is not None or not all(requirements(module, enrolment).values()):
        return False
    events.module_completed(user.public_id, enrolment.registration, module, at)
    events.certificate_earned(user.public_id, enrolment.registration, module, new_code(), at)
    return True


def new_code() -> str:
    """A random, unguessable verification code like ``K7QM-2XRA-P9TD``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def certificate(code: str) -> tuple[Enrolment, User, CourseModule | None] | None:
    """The completed enrolment, its person and module for a verification code."""
    row = db.session.execute(
        select(Enrolment, User)
        .join(User, User.id == Enrolment.user_id)
        .where(Enrolment.certificate_code == code.strip().upper())
    ).first()
    if row is None:
        return None
    module = db.session.scalar(select(CourseModule).where(CourseModule.slug == row[0].module_slug))
    return row[0], row[1], module

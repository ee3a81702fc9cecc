"""The learning progress projection: enrolments, unit progress and test attempts from statements.

``apply`` reads only the statement (its timestamp, never "now"), so replaying all statements
with ``flask lms xapi rebuild-progress`` reproduces the tables exactly. Private learner texts
(reflections, transfer notes) are not part of the projection and survive a rebuild.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import delete, select

from lms.auth.models import User
from lms.db import db
from lms.learning.models import Enrolment, TestAttempt, UnitProgress
from lms.xapi import vocabulary as vocab
from lms.xapi.projection import Projection, register_projection
from lms.xapi.store import parse_timestamp

KINDS = ("module", "unit", "question", "assessment", "reflection", "transfer-task", "certificate")


def _target(statement: dict[str, Any]) -> tuple[str, list[str]] | None:
    """(kind, parts) of a learning activity object, or None for anything else."""
    obj = statement.get("object") or {}
    prefix = vocab.iri_base() + "activities/"
    iri = obj.get("id") or ""
    if obj.get("objectType", "Activity") != "Activity" or not iri.startswith(prefix):
        return None
    kind, _sep, rest = iri.removeprefix(prefix).partition("/")
    return (kind, rest.split("/")) if kind in KINDS and rest else None


def _extension(statement: dict[str, Any], name: str) -> Any:
    return ((statement.get("context") or {}).get("extensions") or {}).get(vocab.extension_iri(name))


def apply(statement: dict[str, Any]) -> None:
    """Update the learning tables from one stored statement (ignores everything else)."""
    apply_batch([statement])


def apply_batch(statements: list[dict[str, Any]]) -> None:
    """Apply statements in order; the enrolments they refer to are fetched in one query."""
    relevant = []
    for statement in statements:
        target = _target(statement)
        registration = _uuid((statement.get("context") or {}).get("registration"))
        if target is not None and registration is not None:
            relevant.append((statement, target, registration))
    if not relevant:
        return
    wanted = {registration for _s, _t, registration in relevant}
    enrolments = {
        enrolment.registration: enrolment
        for enrolment in db.session.scalars(select(Enrolment).where(Enrolment.registration.in_(wanted)))
    }
    for statement, target, registration in relevant:
        _apply_one(statement, target, registration, enrolments)


def _apply_one(
    statement: dict[str, Any],
    target: tuple[str, list[str]],
    registration: uuid.UUID,
    enrolments: dict[uuid.UUID, Enrolment],
) -> None:
    kind, parts = target
    verb = statement["verb"]["id"].rsplit("/", 1)[-1]
    at = parse_timestamp(statement["timestamp"])
    enrolment = enrolments.get(registration)
    if enrolment is None:
        if kind == "module" and verb == "initialized":
            started = _start(statement, parts[0], registration, at)
            if started is not None:
                enrolments[registration] = started
        return
    enrolment.last_activity_at = max(enrolment.last_activity_at, at)
    handler = HANDLERS.get((kind, verb))
    if handler is not None:
        handler(enrolment, statement, parts, at)


def _start(statement: dict[str, Any], slug: str, registration: uuid.UUID, at: dt.datetime) -> Enrolment | None:
    """The enrolment a module's ``initialized`` statement opens (None for unknown people or repeats)."""
    account = (statement.get("actor") or {}).get("account") or {}
    user_id = db.session.scalar(select(User.id).where(User.public_id == _uuid(account.get("name"))))
    if user_id is None:
        return None
    taken = db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == user_id, Enrolment.module_slug == slug))
    if taken is not None:
        return None
    enrolment = Enrolment(
        registration=registration,
        user_id=user_id,
        module_slug=slug,
        started_at=at,
        last_activity_at=at,
        reflected_prompts=[],
    )
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _unit_seen(enrolment: Enrolment, statement: dict[str, Any], parts: list[str], at: dt.datetime) -> None:
    unit_key = parts[-1]
    content_hash = str(_extension(statement, "unit-hash") or "")
    row = db.session.scalar(
        select(UnitProgress).where(UnitProgress.enrolment_id == enrolment.id, UnitProgress.unit_key == unit_key)
    )
    if row is None:
        db.session.add(
            UnitProgress(enrolment_id=enrolment.id, unit_key=unit_key, content_hash=content_hash, seen_at=at)
        )
    else:
        row.content_hash, row.seen_at = content_hash, at
    enrolment.last_unit_key = unit_key


def _attempt(enrolment: Enrolment, statement: dict[str, Any]) -> TestAttempt | None:
    number = _extension(statement, "attempt")
    if number is None:
        return None
    return db.session.scalar(
        select(TestAttempt).where(TestAttempt.enrolment_id == enrolment.id, TestAttempt.number == int(number))
    )


def _answered(enrolment: Enrolment, statement: dict[str, Any], parts: list[str], at: dt.datetime) -> None:
    attempt = _attempt(enrolment, statement)
    if attempt is None or attempt.finished_at is not None:
        return  # a self-check: not graded, nothing to keep
    result = statement.get("result") or {}
    answers = dict(attempt.answers or {})
    answers[parts[-1]] = {"response": result.get("response", ""), "success": bool(result.get("success"))}
    attempt.answers = answers


def _test_started(enrolment: Enrolment, statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    number, keys = _extension(statement, "attempt"), _extension(statement, "drawn-questions")
    if number is None or not isinstance(keys, list) or _attempt(enrolment, statement) is not None:
        return
    db.session.add(
        TestAttempt(
            enrolment_id=enrolment.id,
            number=int(number),
            question_keys=[str(k) for k in keys],
            answers={},
            started_at=at,
        )
    )


def _test_finished(enrolment: Enrolment, statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    attempt = _attempt(enrolment, statement)
    result = statement.get("result") or {}
    score = float((result.get("score") or {}).get("scaled", 0.0))
    passed = statement["verb"]["id"].endswith("/passed")
    if attempt is not None and attempt.finished_at is None:
        attempt.finished_at, attempt.score, attempt.passed = at, score, passed
    enrolment.best_score = score if enrolment.best_score is None else max(enrolment.best_score, score)
    if passed and enrolment.test_passed_at is None:
        enrolment.test_passed_at = at


def _reflected(enrolment: Enrolment, _statement: dict[str, Any], parts: list[str], _at: dt.datetime) -> None:
    enrolment.reflected_prompts = sorted({*(enrolment.reflected_prompts or []), parts[-1]})


def _committed(enrolment: Enrolment, statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    due = _extension(statement, "due-date")
    enrolment.transfer_due_on = dt.date.fromisoformat(due) if isinstance(due, str) else None
    enrolment.transfer_committed_at = at


def _reported(enrolment: Enrolment, _statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    enrolment.transfer_reported_at = at


def _completed(enrolment: Enrolment, _statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    if enrolment.completed_at is None:
        enrolment.completed_at = at


def _earned(enrolment: Enrolment, statement: dict[str, Any], _parts: list[str], at: dt.datetime) -> None:
    code = _extension(statement, "certificate-code")
    if enrolment.certificate_code is None and isinstance(code, str):
        enrolment.certificate_code, enrolment.certificate_issued_at = code, at


HANDLERS = {
    ("unit", "experienced"): _unit_seen,
    ("question", "answered"): _answered,
    ("assessment", "attempted"): _test_started,
    ("assessment", "passed"): _test_finished,
    ("assessment", "failed"): _test_finished,
    ("reflection", "reflected"): _reflected,
    ("transfer-task", "committed"): _committed,
    ("transfer-task", "reported"): _reported,
    ("module", "completed"): _completed,
    ("certificate", "earned"): _earned,
}


def reset() -> None:
    """Empty the projection tables (never the private reflection and transfer texts)."""
    db.session.execute(delete(TestAttempt))
    db.session.execute(delete(UnitProgress))
    db.session.execute(delete(Enrolment))


PROJECTION = register_projection(Projection("learning", apply, reset, apply_batch))

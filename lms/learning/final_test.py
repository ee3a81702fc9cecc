"""The final test: an attempt draws questions from the bank; submitting grades and records it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import User
from lms.db import db, utcnow
from lms.learning import completion, events
from lms.learning.content_cache import ModuleView, QuestionView
from lms.learning.grading import Graded, draw_questions, grade, parse_response, passed, response_string
from lms.learning.models import Enrolment, TestAttempt
from lms.learning.rules import DEFAULT_PASS_PERCENT
from lms.learning.services import LearningError, enrol, enrolment_of


def bank(module: ModuleView) -> dict[str, QuestionView]:
    return {q.key: q for q in module.questions if q.bank == "final"}


def settings(module: ModuleView) -> tuple[int, int]:
    """(questions drawn per attempt, pass mark in percent) from the manifest."""
    final = module.manifest.get("final_test") or {}
    return int(final.get("draw", len(bank(module)))), int(final.get("pass_percent", DEFAULT_PASS_PERCENT))


def attempts(enrolment: Enrolment | None) -> list[TestAttempt]:
    if enrolment is None:
        return []
    query = select(TestAttempt).where(TestAttempt.enrolment_id == enrolment.id).order_by(TestAttempt.number)
    return list(db.session.scalars(query))


def open_attempt(enrolment: Enrolment | None) -> TestAttempt | None:
    return next((a for a in attempts(enrolment) if a.finished_at is None), None)


def start(
    user: User, module: ModuleView, at: dt.datetime | None = None, rng: random.Random | None = None
) -> TestAttempt:
    """Begin an attempt (or continue the open one) with freshly drawn questions."""
    questions = bank(module)
    if not questions:
        raise LearningError(_("Dieses Modul hat keinen Abschlusstest."), 404)
    at = at or utcnow()
    enrolment = enrol(user, module, at)
    current = open_attempt(enrolment)
    if current is not None:
        return current
    number = (
        db.session.scalar(select(func.max(TestAttempt.number)).where(TestAttempt.enrolment_id == enrolment.id)) or 0
    ) + 1
    keys = draw_questions(list(questions), settings(module)[0], rng)
    events.final_test_started(user.public_id, enrolment.registration, module, number, keys, at)
    attempt = open_attempt(enrolment)
    assert attempt is not None
    return attempt


def submit(
    user: User, module: ModuleView, number: int, answers: dict[str, list[str]], at: dt.datetime | None = None
) -> TestAttempt:
    """Grade every drawn question (unanswered = wrong), record answers and passed/failed."""
    enrolment = enrolment_of(user, module.slug)
    attempt = next((a for a in attempts(enrolment) if a.number == number), None)
    if enrolment is None or attempt is None:
        raise LearningError(_("Diesen Testversuch gibt es nicht."), 404)
    if attempt.finished_at is not None:
        raise LearningError(_("Dieser Testversuch ist schon abgegeben. Starten Sie einen neuen Versuch."), 409)
    at = at or utcnow()
    questions, assessment = bank(module), events.assessment_activity(module)
    correct = 0
    for key in attempt.question_keys:
        question = questions.get(key)
        graded = grade(question.options, answers.get(key, [])) if question else Graded((), False, ())
        correct += graded.correct
        if question is not None:
            events.question_answered(
                user.public_id,
                enrolment.registration,
                module,
                question,
                response_string(graded.chosen),
                graded.correct,
                assessment,
                at,
                number,
            )
    total = len(attempt.question_keys)
    ok = passed(correct, total, settings(module)[1])
    events.final_test_finished(user.public_id, enrolment.registration, module, number, correct, total, ok, at)
    completion.complete_if_done(user, module, enrolment, at)
    db.session.refresh(attempt)
    return attempt


@dataclass(frozen=True)
class ReviewItem:
    """One question of a finished attempt: right or wrong, and why (feedback of the chosen options)."""

    number: int
    text: str
    correct: bool
    graded: Graded


def review(module: ModuleView, attempt: TestAttempt) -> list[ReviewItem]:
    """The result page: which answers were wrong with the explanation, without an answer key."""
    questions = bank(module)
    items = []
    for index, key in enumerate(attempt.question_keys, start=1):
        question = questions.get(key)
        if question is None:
            continue
        answer = (attempt.answers or {}).get(key, {})
        graded = grade(question.options, parse_response(answer.get("response", "")))
        items.append(ReviewItem(index, question.text, bool(answer.get("success")), graded))
    return items

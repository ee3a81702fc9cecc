"""The learning events as xAPI statements (every one goes through the funnel).

Activity IRIs: ``activities/module/<slug>``, ``activities/unit/<slug>/<unit>``,
``activities/question/<slug>/<question>``, ``activities/assessment/<slug>``,
``activities/reflection/<slug>/<prompt>``, ``activities/transfer-task/<slug>``,
``activities/certificate/<slug>``. Private texts (reflections, transfer plans and reports)
never appear in a statement: they are forwarded to the external LRS.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from lms.learning.content_cache import ModuleView, QuestionView, UnitView
from lms.xapi import vocabulary as vocab
from lms.xapi.funnel import record_event
from lms.xapi.models import Statement


def ext(name: str) -> str:
    """A learning extension key of the platform profile."""
    return vocab.extension_iri(name)


def module_activity(module: ModuleView) -> dict[str, Any]:
    return vocab.activity("module", module.slug, name=module.title)


def unit_activity(module: ModuleView, unit: UnitView) -> dict[str, Any]:
    return vocab.activity("unit", module.slug, unit.key, name=unit.title)


def assessment_activity(module: ModuleView) -> dict[str, Any]:
    return vocab.activity("assessment", module.slug, name=f"Abschlusstest: {module.title}")


def _record(
    actor: uuid.UUID,
    verb: vocab.Verb,
    obj: dict[str, Any],
    registration: uuid.UUID,
    module: ModuleView,
    **kwargs: Any,
) -> Statement:
    parent = kwargs.pop("parent", None) or module_activity(module)
    extensions = {ext("module-version"): module.version, **kwargs.pop("extensions", {})}
    return record_event(
        actor,
        verb,
        obj,
        registration=registration,
        parent=parent,
        grouping=module_activity(module),
        extensions=extensions,
        **kwargs,
    )


def module_initialized(actor: uuid.UUID, registration: uuid.UUID, module: ModuleView, at: dt.datetime) -> Statement:
    """The person starts a module (the statement that creates the enrolment)."""
    return record_event(
        actor,
        vocab.Verbs.INITIALIZED,
        module_activity(module),
        registration=registration,
        extensions={ext("module-version"): module.version},
        timestamp=at,
    )


def unit_experienced(actor, registration, module, unit: UnitView, at: dt.datetime) -> Statement:
    """The person marked a unit as seen; carries the unit's content hash (its version)."""
    return _record(
        actor,
        vocab.Verbs.EXPERIENCED,
        unit_activity(module, unit),
        registration,
        module,
        extensions={ext("unit-hash"): unit.content_hash},
        timestamp=at,
    )


def question_answered(
    actor,
    registration,
    module,
    question: QuestionView,
    response: str,
    success: bool,
    parent: dict[str, Any],
    at: dt.datetime,
    attempt: int | None = None,
) -> Statement:
    """A self-check (parent: the unit) or final-test answer (parent: the assessment)."""
    obj = vocab.activity("question", module.slug, question.key, name=question.text[:200])
    extensions = {ext("attempt"): attempt} if attempt is not None else {}
    return _record(
        actor,
        vocab.Verbs.ANSWERED,
        obj,
        registration,
        module,
        parent=parent,
        timestamp=at,
        result={"response": response, "success": success},
        extensions=extensions,
    )


def reflection_saved(actor, registration, module, prompt_key: str, at: dt.datetime) -> Statement:
    """Only the fact that a reflection was saved; the text stays in the private table."""
    obj = vocab.activity("reflection", module.slug, prompt_key, name=f"Reflexion: {module.title}")
    return _record(actor, vocab.profile_verb("reflected"), obj, registration, module, timestamp=at)


def transfer_committed(actor, registration, module, due_on: dt.date, at: dt.datetime) -> Statement:
    obj = vocab.activity("transfer-task", module.slug, name=str(module.manifest["transfer_task"]["title"]))
    return _record(
        actor,
        vocab.profile_verb("committed"),
        obj,
        registration,
        module,
        timestamp=at,
        extensions={ext("due-date"): due_on.isoformat()},
    )


def transfer_reported(actor, registration, module, at: dt.datetime) -> Statement:
    obj = vocab.activity("transfer-task", module.slug, name=str(module.manifest["transfer_task"]["title"]))
    return _record(actor, vocab.profile_verb("reported"), obj, registration, module, timestamp=at)


def final_test_started(actor, registration, module, number: int, keys: list[str], at: dt.datetime) -> Statement:
    """A final-test attempt begins with the question ids drawn for it."""
    return _record(
        actor,
        vocab.Verbs.ATTEMPTED,
        assessment_activity(module),
        registration,
        module,
        timestamp=at,
        extensions={ext("attempt"): number, ext("drawn-questions"): keys},
    )


def final_test_finished(
    actor, registration, module, number: int, correct: int, total: int, passed: bool, at: dt.datetime
) -> Statement:
    """Passed or failed, with the scaled score of the attempt."""
    verb = vocab.Verbs.PASSED if passed else vocab.Verbs.FAILED
    score = {"scaled": round(correct / total, 4) if total else 0.0, "raw": correct, "min": 0, "max": total}
    return _record(
        actor,
        verb,
        assessment_activity(module),
        registration,
        module,
        timestamp=at,
        result={"score": score, "success": passed, "completion": True},
        extensions={ext("attempt"): number},
    )


def module_completed(actor, registration, module, at: dt.datetime) -> Statement:
    return record_event(
        actor,
        vocab.Verbs.COMPLETED,
        module_activity(module),
        registration=registration,
        result={"completion": True},
        extensions={ext("module-version"): module.version},
        timestamp=at,
    )


def certificate_earned(actor, registration, module, code: str, at: dt.datetime) -> Statement:
    obj = vocab.activity("certificate", module.slug, name=f"Teilnahmebescheinigung: {module.title}")
    return _record(
        actor,
        vocab.profile_verb("earned"),
        obj,
        registration,
        module,
        timestamp=at,
        extensions={ext("certificate-code"): code},
    )

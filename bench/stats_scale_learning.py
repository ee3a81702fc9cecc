"""Module runs of the scale data as xAPI statements, in the shapes of ``lms.learning.events``.

The learning engine records one statement per call (``record_event``). At a million statements
that per-call path would dominate the generator, so the runs are built here as the *same*
statements (each builder below mirrors one function of ``lms/learning/events.py``, using its
activity helpers) and handed to ``lms.xapi.funnel.ingest_batch`` in batches: validated, stored,
projected and enqueued exactly like the platform's own events, only many at a time.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from lms.db import db
from lms.learning import events
from lms.learning.completion import rule
from lms.learning.content_cache import ModuleView, UnitView
from lms.learning.final_test import bank, settings
from lms.learning.grading import correct_ids, response_string
from lms.xapi import vocabulary as vocab
from lms.xapi.funnel import build_statement, ingest_batch
from lms.xapi.store import format_timestamp
from lms.xapi.validation import validate_statement

DAY = dt.timedelta(days=1)


@dataclass
class Run:
    """One person's registration in one module; ``at`` is the time of its latest statement."""

    actor: uuid.UUID
    module: ModuleView
    at: dt.datetime
    registration: uuid.UUID = field(default_factory=uuid.uuid4)
    units_seen: int = 0
    statements: list[dict[str, Any]] = field(default_factory=list)

    def emit(self, verb: vocab.Verb, obj: dict[str, Any], *, in_module: bool = True, **kwargs: Any) -> None:
        """Append one statement dated ``self.at`` (``in_module``: parent/grouping as events._record)."""
        extensions = {events.ext("module-version"): self.module.version, **kwargs.pop("extensions", {})}
        if in_module:
            kwargs.setdefault("parent", events.module_activity(self.module))
            kwargs["grouping"] = events.module_activity(self.module)
        self.statements.append(
            build_statement(self.actor, verb, obj, registration=self.registration, extensions=extensions,
                            timestamp=self.at, **kwargs)
        )  # fmt: skip

    def later(self, rng: random.Random, low_hours: float, high_hours: float) -> None:
        self.at += dt.timedelta(hours=rng.uniform(low_hours, high_hours))


def _answer(run: Run, rng: random.Random, question, parent: dict[str, Any], right: float, attempt=None) -> bool:
    """A choice answer (right with probability ``right``), as events.question_answered."""
    options = [str(o["id"]) for o in question.options]
    correct = sorted(correct_ids(question.options))
    chosen = correct if rng.random() < right else [rng.choice(options)]
    success = sorted(chosen) == correct
    obj = vocab.activity("question", run.module.slug, question.key, name=question.text[:200])
    extensions = {events.ext("attempt"): attempt} if attempt is not None else {}
    run.emit(vocab.Verbs.ANSWERED, obj, parent=parent, extensions=extensions,
             result={"response": response_string(chosen), "success": success})  # fmt: skip
    return success


def see_unit(run: Run, rng: random.Random, unit: UnitView, tries: int = 1) -> None:
    """The unit marked as seen, then its self-checks answered (``tries`` rounds)."""
    run.emit(vocab.Verbs.EXPERIENCED, events.unit_activity(run.module, unit),
             extensions={events.ext("unit-hash"): unit.content_hash})  # fmt: skip
    checks = [q for q in run.module.questions if q.bank != "final" and q.unit_key == unit.key]
    for _round in range(tries):
        for question in checks:
            run.later(rng, 0.01, 0.1)
            _answer(run, rng, question, events.unit_activity(run.module, unit), 0.7)


def final_test(run: Run, rng: random.Random, number: int, skill: float) -> bool:
    """One attempt: drawn questions, the answers, passed or failed (as lms.learning.final_test)."""
    questions = bank(run.module)
    draw, pass_percent = settings(run.module)
    keys = rng.sample(sorted(questions), min(draw, len(questions)))
    run.emit(vocab.Verbs.ATTEMPTED, events.assessment_activity(run.module),
             extensions={events.ext("attempt"): number, events.ext("drawn-questions"): keys})  # fmt: skip
    run.later(rng, 0.1, 0.5)
    correct = sum(_answer(run, rng, questions[k], events.assessment_activity(run.module), skill, number) for k in keys)
    total = len(keys)
    passed = total > 0 and correct * 100 >= pass_percent * total
    score = {"scaled": round(correct / total, 4) if total else 0.0, "raw": correct, "min": 0, "max": total}
    run.emit(vocab.Verbs.PASSED if passed else vocab.Verbs.FAILED, events.assessment_activity(run.module),
             result={"score": score, "success": passed, "completion": True},
             extensions={events.ext("attempt"): number})  # fmt: skip
    return passed


def module_run(actor: uuid.UUID, module: ModuleView, start: dt.datetime, rng: random.Random) -> Run:
    """A realistic run: units and self-checks over days or weeks, the final test (sometimes
    twice), reflection, transfer task, completion and certificate when the module's rule is met."""
    run = Run(actor, module, start)
    run.emit(vocab.Verbs.INITIALIZED, events.module_activity(module), in_module=False)
    depth = len(module.units) if rng.random() < 0.7 else rng.randint(0, len(module.units))
    run.units_seen = depth
    for unit in module.units[:depth]:
        run.later(rng, 0.2, 96)
        see_unit(run, rng, unit, tries=1 + (rng.random() < 0.3))
    if depth < len(module.units) or rng.random() < 0.15:
        return run
    passed, number = False, 0
    while not passed and number < 3:
        number += 1
        run.later(rng, 1, 120)
        passed = final_test(run, rng, number, rng.uniform(0.55, 0.95))
    prompts = (module.manifest.get("reflection") or {}).get("prompts") or []
    reflected = bool(prompts) and rng.random() < 0.85
    if reflected:
        run.later(rng, 0.1, 48)
        obj = vocab.activity("reflection", module.slug, str(prompts[0]["id"]), name=f"Reflexion: {module.title}")
        run.emit(vocab.profile_verb("reflected"), obj)
    _transfer(run, rng)
    needs = rule(module)
    if passed and (reflected or not needs.get("reflection_written")):
        code = uuid.uuid4().hex[:16].upper()
        run.emit(vocab.Verbs.COMPLETED, events.module_activity(module), in_module=False, result={"completion": True})
        certificate = vocab.activity("certificate", module.slug, name=f"Teilnahmebescheinigung: {module.title}")
        run.emit(vocab.profile_verb("earned"), certificate, extensions={events.ext("certificate-code"): code})
    return run


def _transfer(run: Run, rng: random.Random) -> None:
    task = run.module.manifest.get("transfer_task")
    if not task or rng.random() >= 0.6:
        return
    obj = vocab.activity("transfer-task", run.module.slug, name=str(task["title"]))
    due = (run.at + dt.timedelta(days=7)).date().isoformat()
    run.emit(vocab.profile_verb("committed"), obj, extensions={events.ext("due-date"): due})
    if rng.random() < 0.7:
        run.later(rng, 48, 240)
        run.emit(vocab.profile_verb("reported"), obj)


def revisit(run: Run, rng: random.Random, now: dt.datetime) -> list[dict[str, Any]]:
    """A later session of a started run: one unit looked at again and its self-checks retried."""
    run.statements = []
    latest_start = now - 2 * DAY  # a session spans hours; starting later would cut it off at now
    if run.at < latest_start:
        run.at += (latest_start - run.at) * rng.random()
    start = run.at
    unit = rng.choice(run.module.units[: max(1, run.units_seen)])
    see_unit(run, rng, unit, tries=rng.randint(1, 3))
    run.at = start  # the next session starts after this one's start, never drifting past now
    return run.statements


class Sink:
    """Collects statements and sends them through the funnel's bulk entry in batches.

    Each batch is validated, ingested (stored, projected, enqueued) and committed.
    """

    def __init__(self, now: dt.datetime, batch: int = 2000, log=print) -> None:
        self.now_text, self.batch, self.log = format_timestamp(now), batch, log
        self.pending: list[dict[str, Any]] = []
        self.sent = 0
        self.authority = vocab.platform_authority()

    def add(self, statements: list[dict[str, Any]], limit: int | None = None) -> int:
        """Queue the statements dated up to now (a run is cut off at now); returns how many."""
        kept = [s for s in statements if s["timestamp"] <= self.now_text][:limit]
        self.pending.extend(kept)
        if len(self.pending) >= self.batch:
            self.flush()
        return len(kept)

    def flush(self) -> None:
        if not self.pending:
            return
        for statement in self.pending:
            validate_statement(statement)
        ingest_batch(self.pending, self.authority)
        db.session.commit()
        before, self.sent = self.sent, self.sent + len(self.pending)
        self.pending = []
        if self.sent // 100_000 > before // 100_000:
            self.log(f"bulk statements through ingest_batch: {self.sent}")

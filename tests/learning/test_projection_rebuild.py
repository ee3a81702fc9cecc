"""`flask lms xapi rebuild-progress` reproduces the learning projection exactly."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import Role
from lms.learning import final_test, models, services
from lms.learning.models import Enrolment, Reflection, TransferNote, UnitProgress
from tests.factories import make_user
from tests.learning.helpers import at, complete, right_answers, wrong_answers

TABLES = (Enrolment, UnitProgress, models.TestAttempt)


def snapshot(model) -> list[tuple]:
    columns = [c for c in model.__table__.columns if c.name != "id" and not c.name.endswith("enrolment_id")]
    rows = []
    for row in services.db.session.scalars(select(model)):
        values = [getattr(row, c.key) for c in columns]
        if hasattr(row, "enrolment_id"):
            values.append(services.db.session.get(Enrolment, row.enrolment_id).registration)
        rows.append(tuple(str(v) for v in values))
    return sorted(rows)


def scripted_history(module, company) -> None:
    """Three people: one completes after a failed test, one stops half-way, one only reflects."""
    anna = make_user(Role.TRAINER, company, name="Anna")
    bert = make_user(Role.TRAINER, company, name="Bert")
    cleo = make_user(Role.COMPANY_LEAD, company, name="Cleo")
    first = final_test.start(anna, module, at(1))
    final_test.submit(anna, module, first.number, wrong_answers(module, first.question_keys), at(1, 3))
    services.answer_check(anna, module, module.units[0], "ap-1", ["b"], at(1, 4))
    services.commit_transfer(anna, module, at(2).date(), "privater Plan", at(1, 5))
    services.report_transfer(anna, module, "privater Bericht", at(1, 6))
    complete(anna, module)
    services.mark_seen(bert, module, module.units[1], at(4))
    services.answer_check(bert, module, module.units[1], "lf-1", ["a", "b"], at(4, 1))
    open_attempt = final_test.start(bert, module, at(4, 2))
    keys = open_attempt.question_keys
    final_test.submit(bert, module, open_attempt.number, {**right_answers(module, keys[:1])}, at(4, 3))
    final_test.start(bert, module, at(4, 4))  # left open
    services.save_reflection(cleo, module, "naechster-schritt", "nur für mich", at(5))


def test_rebuild_reproduces_the_live_tables(module, company, app):
    """After a realistic learning history, are the rebuilt tables identical and private texts untouched?"""
    scripted_history(module, company)
    services.db.session.flush()
    live = {m.__name__: snapshot(m) for m in TABLES}
    private = {m.__name__: snapshot(m) for m in (Reflection, TransferNote)}
    assert len(live["Enrolment"]) == 3 and len(live["TestAttempt"]) == 4
    assert any(row for row in live["Enrolment"] if "None" not in row[10:12])  # someone completed
    result = app.test_cli_runner().invoke(args=["lms", "xapi", "rebuild-progress"])
    assert result.exit_code == 0, result.output
    services.db.session.expire_all()
    assert {m.__name__: snapshot(m) for m in TABLES} == live
    assert {m.__name__: snapshot(m) for m in (Reflection, TransferNote)} == private

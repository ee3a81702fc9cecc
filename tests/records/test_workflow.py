"""The review workflow: states, the lock, revisions, statements and the status projection."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from lms.db import db
from lms.records import services, workflow
from lms.records.forms import parse_week_form
from lms.records.models import TrainingRecordWeekStatus, WeekStatus
from lms.records.workflow import InputError, WorkflowError
from lms.xapi import projection
from lms.xapi.models import Statement
from tests.records.helpers import TODAY, make_week, reviewed_week, setup_company, week_form


def _statements_about(week) -> list[dict]:
    rows = db.session.scalars(select(Statement).order_by(Statement.id))
    return [s for s in (json.loads(r.full_json) for r in rows) if str(week.public_id) in s["object"]["id"]]


def test_full_cycle_draft_submit_return_resubmit_review():
    """Does a week go draft → submitted → returned → submitted → reviewed, with history and statements?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice)
    assert week.status is WeekStatus.DRAFT
    workflow.submit_week(week, apprentice)
    assert week.status is WeekStatus.SUBMITTED
    workflow.return_week(week, trainer, "Bitte Berufsschule ergänzen")
    assert week.status is WeekStatus.RETURNED
    services.save_week(week, apprentice, parse_week_form(week_form(hours="8"), services.week_days(2026, 45)))
    workflow.submit_week(week, apprentice)
    workflow.review_week(week, trainer, "Passt")
    assert week.status is WeekStatus.REVIEWED
    assert [e.action for e in week.events] == ["submitted", "returned", "submitted", "reviewed"]
    assert week.events[1].note == "Bitte Berufsschule ergänzen"
    statements = _statements_about(week)
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == ["submitted", "returned", "submitted", "reviewed"]
    assert week.status_row.reviewer_public_id == trainer.public_id
    assert week.status_row.return_count == 1


def test_statements_carry_no_record_text():
    """Are entries, comments and reasons kept out of the statements (they go to an external LRS)?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice, form=week_form(text="Geheimer Einsatzbericht"))
    workflow.submit_week(week, apprentice)
    workflow.return_week(week, trainer, "Vertraulicher Rückgabegrund")
    dumped = json.dumps(_statements_about(week), ensure_ascii=False)
    for secret in ("Geheimer Einsatzbericht", "Vertraulicher Rückgabegrund", apprentice.email, apprentice.name):
        assert secret not in dumped


@pytest.mark.parametrize(
    "step",
    [
        lambda w, a, t: workflow.review_week(w, t),
        lambda w, a, t: workflow.return_week(w, t, "Grund"),
        lambda w, a, t: workflow.revise_week(w, a, "Grund"),
    ],
)
def test_illegal_steps_on_a_draft_change_nothing(step):
    """Are review, return and correction of a draft refused, with no statement and no history?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice)
    with pytest.raises(WorkflowError):
        step(week, apprentice, trainer)
    assert week.status is WeekStatus.DRAFT
    assert week.events == []
    assert _statements_about(week) == []


def test_reviewed_week_is_locked():
    """Can a reviewed (or submitted) week no longer be edited, resubmitted or reviewed again?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = reviewed_week(apprentice, trainer)
    form = parse_week_form(week_form(text="Nachträglich geändert"), services.week_days(2026, 45))
    with pytest.raises(WorkflowError):
        services.save_week(week, apprentice, form)
    with pytest.raises(WorkflowError):
        workflow.submit_week(week, apprentice)
    with pytest.raises(WorkflowError):
        workflow.review_week(week, trainer)
    assert week.revision.entries[0].text == "Heizkörper montiert"


def test_correction_creates_a_new_revision_and_keeps_history():
    """Does a correction open revision 2 with a reason while revision 1 stays unchanged and visible?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = reviewed_week(apprentice, trainer)
    with pytest.raises(InputError):
        workflow.revise_week(week, apprentice, "  ")
    workflow.revise_week(week, apprentice, "Stunden falsch")
    assert week.status is WeekStatus.DRAFT and week.current_revision == 2
    services.save_week(week, apprentice, parse_week_form(week_form(hours="6"), services.week_days(2026, 45)))
    workflow.submit_week(week, apprentice)
    workflow.review_week(week, trainer)
    first, second = week.revisions
    assert (first.number, first.entries[0].hours, first.reason) == (1, 7.5, None)
    assert (second.number, second.entries[0].hours, second.reason) == (2, 6.0, "Stunden falsch")
    assert [e.action for e in week.events] == ["submitted", "reviewed", "revised", "submitted", "reviewed"]
    assert week.status_row.revision == 2


def test_only_own_company_trainer_reviews_and_empty_week_cannot_be_submitted():
    """Is a trainer of another company refused, and an empty week refused on submit?"""
    _company, _trainer, apprentice, lead = setup_company()
    _other, foreign_trainer, _a, _l = setup_company()
    week = make_week(apprentice)
    workflow.submit_week(week, apprentice)
    with pytest.raises(WorkflowError):
        workflow.review_week(week, foreign_trainer)
    with pytest.raises(WorkflowError):
        workflow.review_week(week, lead)
    empty = services.get_or_create_week(apprentice, 2026, 44, services.today())
    with pytest.raises(InputError):
        workflow.submit_week(empty, apprentice)


def test_rebuild_reproduces_the_status_projection():
    """Does replaying all statements give exactly the same week status table?"""
    _company, trainer, apprentice, _lead = setup_company()
    reviewed_week(apprentice, trainer, 40, "ok")
    returned = make_week(apprentice, number=41)
    workflow.submit_week(returned, apprentice)
    workflow.return_week(returned, trainer, "Grund")
    submitted = make_week(apprentice, number=42)
    workflow.submit_week(submitted, apprentice)
    corrected = reviewed_week(apprentice, trainer, 43)
    workflow.revise_week(corrected, apprentice, "Korrektur")
    make_week(apprentice, number=44)

    def snapshot():
        rows = db.session.scalars(select(TrainingRecordWeekStatus).order_by(TrainingRecordWeekStatus.week_public_id))
        return [
            (
                r.week_public_id,
                r.status,
                r.revision,
                r.updated_at,
                r.submitted_at,
                r.reviewed_at,
                r.reviewer_public_id,
                r.returned_at,
                r.return_count,
                r.apprentice_id,
                r.reviewer_id,
                r.review_seconds,
            )
            for r in rows
        ]

    before = snapshot()
    assert len(before) == 4
    projection.rebuild()
    db.session.expire_all()
    assert snapshot() == before


def test_illegal_transition_over_http_answers_409(client):
    """Does reviewing a draft over HTTP answer 409 with a German message and change nothing?"""
    from tests.records.helpers import session_login

    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice)
    session_login(client, trainer)
    response = client.post(f"/records/weeks/{week.id}/review", data={"comment": "x"})
    assert response.status_code == 409
    assert "nicht möglich" in response.get_data(as_text=True)
    assert week.status is WeekStatus.DRAFT


def test_historic_time_dates_week_revision_events_and_status():
    """Do ``at`` arguments date the week, its revision, the history and the projected status?"""
    _company, trainer, apprentice, _lead = setup_company()
    written = dt.datetime(2025, 11, 7, 14, 0, tzinfo=dt.UTC)
    week = services.get_or_create_week(apprentice, 2025, 45, TODAY, at=written)
    days = services.week_days(2025, 45)
    services.save_week(week, apprentice, parse_week_form(week_form(), days), at=written)
    workflow.submit_week(week, apprentice, at=written + dt.timedelta(hours=2))
    workflow.review_week(week, trainer, "", at=written + dt.timedelta(days=3))
    assert week.created_at == week.revision.created_at == week.revision.saved_at == written
    assert [e.occurred_at for e in week.events] == [written + dt.timedelta(hours=2), written + dt.timedelta(days=3)]
    status = db.session.get(TrainingRecordWeekStatus, week.public_id)
    assert (status.submitted_at, status.reviewed_at) == (
        written + dt.timedelta(hours=2),
        written + dt.timedelta(days=3),
    )
    assert (status.apprentice_id, status.reviewer_id) == (apprentice.id, trainer.id)
    assert status.review_seconds == 3 * 86_400 - 2 * 3_600


def test_review_keys_are_cleared_by_a_correction_and_cut_to_the_second():
    """Does a correction clear reviewer and delay, and does the delay ignore sub-second parts?"""
    _company, trainer, apprentice, _lead = setup_company()
    week = make_week(apprentice)
    submitted = dt.datetime(2025, 11, 10, 9, 0, 0, 900_000, tzinfo=dt.UTC)
    workflow.submit_week(week, apprentice, at=submitted)
    workflow.review_week(week, trainer, "", at=submitted + dt.timedelta(seconds=10, microseconds=200_000))
    status = db.session.get(TrainingRecordWeekStatus, week.public_id)
    assert (status.apprentice_id, status.reviewer_id, status.review_seconds) == (apprentice.id, trainer.id, 11)
    workflow.revise_week(week, apprentice, "Korrektur")
    assert (status.apprentice_id, status.reviewer_id, status.review_seconds) == (apprentice.id, None, None)

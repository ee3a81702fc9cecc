"""Shared set-up for the records tests: a company with people and weeks in given states."""

from __future__ import annotations

import datetime as dt

from werkzeug.datastructures import MultiDict

from lms.auth.models import Role
from lms.records import services, workflow
from lms.records.forms import parse_week_form
from tests.factories import make_apprentice, make_company, make_user

TODAY = dt.date(2026, 11, 23)  # a Monday in KW 48/2026


def setup_company():
    """(company, trainer, apprentice, lead) of a new SHK company; training started 1.8.2025."""
    company = make_company()
    trainer = make_user(Role.TRAINER, company, name="Thomas Prüfer")
    lead = make_user(Role.COMPANY_LEAD, company)
    apprentice = make_apprentice(company, name="Lena Azubi")
    return company, trainer, apprentice, lead


def week_form(text: str = "Heizkörper montiert", hours: str = "7,5", **extra: str) -> MultiDict:
    data = {
        "department": "Kundendienst",
        "a-0-text": text,
        "a-0-hours": hours,
        "s-0-subject": "LF 3",
        "s-0-text": "Trinkwasser",
        "s-0-hours": "6",
    }
    data.update(extra)
    return MultiDict(data)


def make_week(apprentice, year: int = 2026, number: int = 45, form: MultiDict | None = None):
    """A saved draft week with two lines (13,5 hours)."""
    week = services.get_or_create_week(apprentice, year, number, TODAY)
    services.save_week(week, apprentice, parse_week_form(form or week_form(), services.week_days(year, number)))
    return week


def reviewed_week(apprentice, trainer, number: int = 45, comment: str = ""):
    week = make_week(apprentice, number=number)
    workflow.submit_week(week, apprentice)
    workflow.review_week(week, trainer, comment)
    return week


def session_login(client, user) -> None:
    """Sign in by writing the Flask-Login session directly (fast; the login form is tested elsewhere)."""
    from flask import g

    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True

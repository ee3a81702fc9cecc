"""The filter form of the dashboard (GET parameters, so every view and export has a plain URL)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from lms.db import db
from lms.orgs.models import Company
from lms.orgs.occupations import occupation_choices
from lms.stats.filters import MAX_PERIOD_DAYS, StatsFilter, default_filter


class StatsFilterForm(FlaskForm):
    """Period, occupation and (for the cluster agent) company."""

    class Meta:
        csrf = False  # a read-only GET form

    start = DateField(_l("Von"), validators=[Optional()])
    end = DateField(_l("Bis"), validators=[Optional()])
    occupation = SelectField(_l("Beruf"), choices=[], validators=[Optional()])
    company = SelectField(_l("Betrieb"), choices=[], validators=[Optional()])

    def validate_end(self, field: DateField) -> None:
        start, end = self.start.data, field.data
        if start and end and end < start:
            raise ValidationError(_l("Das Ende des Zeitraums liegt vor dem Anfang."))
        if start and end and (end - start).days > MAX_PERIOD_DAYS:
            raise ValidationError(_l("Bitte wählen Sie höchstens fünf Jahre."))


def build_filter_form(args: MultiDict, *, with_companies: bool) -> StatsFilterForm:
    """The form bound to the query string; companies to choose only for the cluster agent."""
    form = StatsFilterForm(formdata=args)
    form.occupation.choices = [SelectChoice("", str(_l("Alle Berufe"))), *occupation_choices()]
    if with_companies:
        companies = db.session.execute(
            select(Company.id, Company.name).where(Company.is_active.is_(True)).order_by(Company.name)
        ).all()
        form.company.choices = [
            SelectChoice("", str(_l("Alle Betriebe"))),
            *[SelectChoice(str(i), name) for i, name in companies],
        ]
    else:
        del form.company
    return form


def filter_from_form(form: StatsFilterForm, today: dt.date | None = None) -> StatsFilter:
    """The filter the (validated) form describes; empty fields take the defaults."""
    default = default_filter(today)
    company = getattr(form, "company", None)
    company_ids = (int(company.data),) if company is not None and company.data else None
    return StatsFilter(
        start=form.start.data or default.start,
        end=form.end.data or default.end,
        occupation=form.occupation.data or None,
        company_ids=company_ids,
    )

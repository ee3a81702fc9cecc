"""Headline figures: companies, trainers, apprentices, completions and certificates."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.db import db
from lms.learning.models import Enrolment
from lms.orgs.models import Company
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.tables import TEXT, Column, StatTable


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def company_counts(flt: StatsFilter) -> tuple[int, int]:
    """(companies training for the first time, experienced companies) in the filter."""
    rows = db.session.execute(
        filters.companies(flt)
        .with_only_columns(Company.is_new_to_training, func.count())
        .group_by(Company.is_new_to_training)
    ).all()
    counts = {bool(new): n for new, n in rows}
    return counts.get(True, 0), counts.get(False, 0)


def enrolment_events(flt: StatsFilter, column) -> int:
    """How many learner enrolments have ``column`` (a timestamp) inside the period."""
    return (
        db.session.scalar(
            select(func.count(Enrolment.id)).where(Enrolment.user_id.in_(filters.learners(flt)), flt.in_period(column))
        )
        or 0
    )


def headline(flt: StatsFilter, limit: int) -> StatTable:
    """The headline table: one row per figure. Apprentice head counts follow the threshold."""
    new, experienced = company_counts(flt)
    table = StatTable(
        key="headline",
        title=_("Überblick"),
        columns=[Column("figure", _("Kennzahl"), TEXT), Column("value", _("Wert"))],
        section="headline",
    )
    table.add_row(_("Mitgliedsbetriebe"), new + experienced)
    table.add_row(_("davon erstmals ausbildend"), new)
    table.add_row(_("davon ausbildungserfahren"), experienced)
    table.add_row(_("Ausbilderinnen und Ausbilder"), _count(filters.staff(flt)))
    table.add_row(_("Azubis in Ausbildung"), privacy.guard_count(len(filters.apprentices_in(flt)), limit))
    table.add_row(_("Module abgeschlossen (im Zeitraum)"), enrolment_events(flt, Enrolment.completed_at))
    table.add_row(_("Zertifikate ausgestellt (im Zeitraum)"), enrolment_events(flt, Enrolment.certificate_issued_at))
    table.notes.append(
        _(
            "Betriebe, Ausbilderinnen und Ausbilder sowie Azubis: Stand am Ende des Zeitraums; "
            "Abschlüsse und Zertifikate: im gewählten Zeitraum."
        )
    )
    return table

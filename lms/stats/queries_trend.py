"""Trend per month: modules completed and active learners (trainers and leads who learned)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, union

from lms.db import db
from lms.learning.models import Enrolment, TestAttempt, UnitProgress
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import month_label, month_of
from lms.stats.tables import TEXT, Chart, Column, StatTable


def completions_by_month(flt: StatsFilter) -> dict[str, int]:
    """month → modules completed by learners in the filter."""
    month = month_of(Enrolment.completed_at)
    rows = db.session.execute(
        select(month_label(month), func.count())
        .where(Enrolment.user_id.in_(filters.learners(flt)), flt.in_period(Enrolment.completed_at))
        .group_by(month)
    ).all()
    return dict(rows)


def active_learners_by_month(flt: StatsFilter) -> dict[str, int]:
    """month → distinct learners who saw a unit or began a final test in that month.

    The learner condition sits in each branch of the union (so PostgreSQL can use it before
    grouping); the union removes repeated (learner, month) pairs and the database counts them
    per month, so no pair travels to Python.
    """
    learners = filters.learners(flt)
    seen = (
        select(Enrolment.user_id.label("user_id"), month_of(UnitProgress.seen_at).label("month"))
        .join(UnitProgress, UnitProgress.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id.in_(learners), flt.in_period(UnitProgress.seen_at))
    )
    tested = (
        select(Enrolment.user_id.label("user_id"), month_of(TestAttempt.started_at).label("month"))
        .join(TestAttempt, TestAttempt.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id.in_(learners), flt.in_period(TestAttempt.started_at))
    )
    pairs = union(seen, tested).subquery()
    per_month = select(month_label(pairs.c.month), func.count()).group_by(pairs.c.month)
    return dict(db.session.execute(per_month).all())


def trend(flt: StatsFilter, limit: int) -> StatTable:
    """One row per month of the period (staff learning; no apprentice figures here)."""
    table = StatTable(
        key="trend",
        title=_("Entwicklung je Monat"),
        section="trend",
        columns=[
            Column("month", _("Monat"), TEXT),
            Column("completions", _("Module abgeschlossen")),
            Column("active_learners", _("Aktive Lernende")),
        ],
        chart=Chart("line", "month", ("completions", "active_learners")),
    )
    completions, active = completions_by_month(flt), active_learners_by_month(flt)
    for month in flt.months():
        table.add_row(month, completions.get(month, 0), active.get(month, 0))
    table.notes.append(
        _(
            "Aktive Lernende: Ausbilderinnen, Ausbilder und Betriebsleitungen, die im Monat eine Lerneinheit "
            "angesehen oder einen Abschlusstest begonnen haben."
        )
    )
    return table

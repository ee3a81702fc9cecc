"""Per module: enrolled, started, completed, passed, completion rate, median time, average score.

The cohort is every enrolment of a trainer or company lead in the filter that began in the period;
"completed" and "passed" count cohort members who got there by the end of the period.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select

from lms.db import db
from lms.learning.models import CourseModule, Enrolment
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.sql import days_between, medians_by_key
from lms.stats.tables import DAYS, PERCENT, SCORE, TEXT, Chart, Column, StatTable, percent, rounded


def _count_if(condition) -> object:
    return func.count(case((condition, 1)))


def module_counts(flt: StatsFilter) -> dict[str, tuple[int, int, int, int]]:
    """module slug → (enrolled, started, completed, passed) of the period's cohort."""
    done = and_(Enrolment.completed_at.is_not(None), Enrolment.completed_at < flt.end_at)
    passed = and_(Enrolment.test_passed_at.is_not(None), Enrolment.test_passed_at < flt.end_at)
    started = Enrolment.last_unit_key.is_not(None) | Enrolment.best_score.is_not(None)
    rows = db.session.execute(
        select(Enrolment.module_slug, func.count(), _count_if(started), _count_if(done), _count_if(passed))
        .where(Enrolment.user_id.in_(filters.learners(flt)), flt.in_period(Enrolment.started_at))
        .group_by(Enrolment.module_slug)
    ).all()
    return {slug: (n, s, c, p) for slug, n, s, c, p in rows}


def completion_days(flt: StatsFilter) -> dict[str, tuple[float | None, int]]:
    """module slug → (median days from start to completion, completers) of the cohort."""
    rows = db.session.execute(
        select(Enrolment.module_slug, days_between(Enrolment.completed_at, Enrolment.started_at)).where(
            Enrolment.user_id.in_(filters.learners(flt)),
            flt.in_period(Enrolment.started_at),
            Enrolment.completed_at < flt.end_at,
        )
    ).all()
    return medians_by_key(rows)


def average_scores(flt: StatsFilter) -> dict[str, tuple[float | None, int]]:
    """module slug → (average best final-test score in %, people with a score) of the cohort."""
    rows = db.session.execute(
        select(Enrolment.module_slug, func.avg(Enrolment.best_score), func.count(Enrolment.best_score))
        .where(
            Enrolment.user_id.in_(filters.learners(flt)),
            flt.in_period(Enrolment.started_at),
            Enrolment.best_score.is_not(None),
        )
        .group_by(Enrolment.module_slug)
    ).all()
    return {slug: (None if avg is None else 100.0 * avg, n) for slug, avg, n in rows}


def modules(flt: StatsFilter, limit: int) -> StatTable:
    """The per-module table (every published module, also those nobody began)."""
    table = StatTable(
        key="modules",
        title=_("Module"),
        section="modules",
        columns=[
            Column("module", _("Modul"), TEXT),
            Column("enrolled", _("Eingeschrieben")),
            Column("started", _("Begonnen")),
            Column("completed", _("Abgeschlossen")),
            Column("passed", _("Abschlusstest bestanden")),
            Column("rate", _("Abschlussquote (%)"), PERCENT),
            Column("median_days", _("Median Bearbeitungszeit (Tage)"), DAYS),
            Column("avg_score", _("Ø Ergebnis Abschlusstest (%)"), SCORE),
        ],
        chart=Chart("bar", "module", ("rate",), max_value=100),
    )
    counts, days, scores = module_counts(flt), completion_days(flt), average_scores(flt)
    catalogue = db.session.execute(
        select(CourseModule.slug, CourseModule.title).where(CourseModule.active.is_(True)).order_by(CourseModule.title)
    ).all()
    for slug, title in catalogue:
        enrolled, started, completed, passed = counts.get(slug, (0, 0, 0, 0))
        median_days, completers = days.get(slug, (None, 0))
        score, scored = scores.get(slug, (None, 0))
        table.add_row(
            title,
            enrolled,
            started,
            completed,
            passed,
            percent(completed, enrolled),
            privacy.guard(rounded(median_days), completers, limit),
            privacy.guard(rounded(score), scored, limit),
        )
    table.notes.append(
        _(
            "Kohorte: Einschreibungen von Ausbilderinnen, Ausbildern und Betriebsleitungen, die im Zeitraum "
            "begonnen haben; abgeschlossen und bestanden bis zum Ende des Zeitraums. Median und Durchschnitt "
            "werden erst ab %(n)d Personen gezeigt.",
            n=limit,
        )
    )
    return table

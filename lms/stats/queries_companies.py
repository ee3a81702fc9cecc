"""Per company: trainer learning, apprentices with a plan, tasks completed, record reviews.

Every figure about a company's apprentices passes the privacy threshold; figures about staff
learning (trainers, modules) are shown as they are.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from lms.auth.models import Role, User
from lms.db import db
from lms.learning.models import Enrolment
from lms.orgs.models import Company
from lms.plans.models import CompanyTrainingPlan
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.queries_tasks import tasks_done
from lms.stats.tables import TEXT, Chart, Column, StatTable


def _by_company(query) -> dict[int, int]:
    return {company_id: n for company_id, n in db.session.execute(query)}  # noqa: C416


def trainers_with_completion(flt: StatsFilter) -> dict[int, int]:
    """company → trainers who had completed at least one module by the end of the period."""
    return _by_company(
        filters.staff(flt)
        .with_only_columns(User.company_id, func.count(distinct(User.id)))
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.completed_at < flt.end_at)
        .group_by(User.company_id)
    )


def completions(flt: StatsFilter) -> dict[int, int]:
    """company → modules completed in the period by its trainers and leads."""
    return _by_company(
        filters.staff(flt, (Role.TRAINER, Role.COMPANY_LEAD))
        .with_only_columns(User.company_id, func.count(Enrolment.id))
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(flt.in_period(Enrolment.completed_at))
        .group_by(User.company_id)
    )


def apprentice_counts(flt: StatsFilter) -> tuple[dict[int, int], dict[int, int]]:
    """(company → apprentices in training, company → of them with an active plan).

    An apprentice has an active plan when the company keeps a betrieblicher Ausbildungsplan for
    the apprentice's occupation.
    """
    plans = set(db.session.execute(select(CompanyTrainingPlan.company_id, CompanyTrainingPlan.occupation_code)))
    apprentices: Counter[int] = Counter()
    with_plan: Counter[int] = Counter()
    for facts in filters.apprentices_in(flt).values():
        apprentices[facts.company_id] += 1
        with_plan[facts.company_id] += (facts.company_id, facts.occupation) in plans
    return dict(apprentices), {company: n for company, n in with_plan.items() if n}


def company_table(flt: StatsFilter, limit: int) -> StatTable:
    """One row per member company in the filter."""
    from lms.stats import queries_records

    table = StatTable(
        key="companies",
        title=_("Betriebe"),
        section="companies",
        columns=[
            Column("company", _("Betrieb"), TEXT),
            Column("trainers_completed", _("Ausbilder/-innen mit abgeschlossenem Modul")),
            Column("modules_completed", _("Module abgeschlossen")),
            Column("apprentices", _("Azubis")),
            Column("apprentices_with_plan", _("Azubis mit aktivem Ausbildungsplan")),
            Column("tasks_done", _("Betriebsaufgaben abgeschlossen")),
        ],
        chart=Chart("bar", "company", ("modules_completed",)),
    )
    review = queries_records.weeks_reviewed_in_time(flt)
    if review is not None:
        table.columns.append(Column("weeks_reviewed", _("Berichtswochen binnen eines Monats geprüft")))
    trained, done_modules = trainers_with_completion(flt), completions(flt)
    apprentices, with_plan = apprentice_counts(flt)
    tasks = tasks_done(flt)
    for company_id, name in db.session.execute(
        filters.companies(flt).with_only_columns(Company.id, Company.name).order_by(Company.name)
    ).all():
        n_tasks, task_people = tasks.get(company_id, (0, 0))
        row = [
            name,
            trained.get(company_id, 0),
            done_modules.get(company_id, 0),
            privacy.guard_count(apprentices.get(company_id, 0), limit),
            privacy.guard_count(with_plan.get(company_id, 0), limit),
            privacy.guard(n_tasks, task_people, limit),
        ]
        if review is not None:
            weeks, week_people = review.get(company_id, (0, 0))
            row.append(privacy.guard(weeks, week_people, limit))
        table.add_row(*row)
    table.notes.append(
        _(
            "Zahlen über Azubis eines Betriebs, die auf weniger als %(n)d Personen beruhen, werden nicht gezeigt.",
            n=limit,
        )
    )
    return table

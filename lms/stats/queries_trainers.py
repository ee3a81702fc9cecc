"""Trainer development next to supervision: how trainers review, grouped by modules completed.

Trainers are grouped by how many modules they had completed by the end of the period. For each
group: how many approved tasks they reviewed in the period, the median days from the apprentice's
(last) submission to the approval, and the share reviewed within a week. A task's reviewer is the
trainer who approved it (``TaskState.approved_by_id``, the actor of the approval statement); rows
projected before that column existed fall back to the assigning trainer until a rebuild. Every
figure is an aggregate of a group and is shown only for groups of at least the threshold of trainers.
"""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import func

from lms.auth.models import User
from lms.db import db
from lms.learning.models import Enrolment
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.queries_tasks import Reviews, reviews_by_group
from lms.stats.tables import DAYS, PERCENT, TEXT, Chart, Column, StatTable, percent, rounded

GROUPS = ((0, 0), (1, 2), (3, None))


def group_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(n)d und mehr Module", n=low)
    if low == high:
        return _("%(n)d Module", n=low)
    return _("%(low)d–%(high)d Module", low=low, high=high)


def group_of(completed: int) -> int:
    """Index of the group for a trainer with ``completed`` modules."""
    return next(i for i, (low, high) in enumerate(GROUPS) if completed >= low and (high is None or completed <= high))


def trainer_groups(flt: StatsFilter) -> dict[int, int]:
    """trainer id → group index by modules completed by the end of the period."""
    completed = dict(
        db.session.execute(
            filters.staff(flt)
            .with_only_columns(User.id, func.count(Enrolment.id))
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(Enrolment.completed_at < flt.end_at)
            .group_by(User.id)
        ).all()
    )
    trainers = db.session.scalars(filters.staff(flt).with_only_columns(User.id)).all()
    return {trainer: group_of(completed.get(trainer, 0)) for trainer in trainers}


def trainer_development(flt: StatsFilter, limit: int) -> StatTable:
    """One row per group of trainers."""
    from lms.stats import queries_records

    table = StatTable(
        key="trainers",
        title=_("Qualifizierung und Begleitung der Azubis"),
        section="trainers",
        columns=[
            Column("group", _("Ausbilder/-innen mit abgeschlossenen Modulen"), TEXT),
            Column("trainers", _("Ausbilder/-innen")),
            Column("tasks_reviewed", _("Betriebsaufgaben abgenommen")),
            Column("median_task_days", _("Median Tage bis zur Abnahme"), DAYS),
            Column("within_week", _("Abgenommen binnen 7 Tagen (%)"), PERCENT),
        ],
        chart=Chart("bar", "group", ("median_task_days",)),
    )
    groups = trainer_groups(flt)
    sizes = Counter(groups.values())
    tasks = reviews_by_group(flt, groups)
    weeks = queries_records.review_medians(flt, groups)
    if weeks is not None:
        table.columns.append(Column("median_week_days", _("Median Tage bis zur Prüfung der Berichtswoche"), DAYS))
    for index, (low, high) in enumerate(GROUPS):
        reviews = tasks.get(index, Reviews(0, None, 0, 0))
        people = reviews.reviewers
        row = [
            group_label(low, high),
            sizes.get(index, 0),
            privacy.guard(reviews.tasks, people, limit),
            privacy.guard(rounded(reviews.median_days), people, limit),
            privacy.guard(percent(reviews.within_week, reviews.tasks), people, limit),
        ]
        if weeks is not None:
            seconds, week_people = weeks.get(index, (None, 0))
            week_days = None if seconds is None else seconds / queries_records.DAY_SECONDS
            row.append(privacy.guard(rounded(week_days), week_people, limit))
        table.add_row(*row)
    table.notes.append(
        _(
            "Prüferin oder Prüfer einer Betriebsaufgabe ist die Person, die sie abgenommen hat. Werte einer Gruppe "
            "werden erst gezeigt, wenn sie auf mindestens %(n)d Ausbilderinnen und Ausbildern beruhen.",
            n=limit,
        )
    )
    return table

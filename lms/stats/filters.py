"""The dashboard filters (period, occupation, companies) and the people they select.

Every query function takes a :class:`StatsFilter`; the helpers here turn it into SQL conditions so
that each section applies period, occupation and company the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from flask import g
from sqlalchemy import ColumnElement, Select, and_, exists, select, true

from lms.auth.models import ApprenticeProfile, Role, User
from lms.db import db
from lms.orgs.models import Company, CompanyOccupation

MAX_PERIOD_DAYS = 366 * 5


@dataclass(frozen=True)
class StatsFilter:
    """Period ``start``–``end`` (dates, both included), optional occupation and companies.

    ``company_ids`` None means every member company (the cluster agent's default); a company
    lead's filter always names exactly their own company.
    """

    start: dt.date
    end: dt.date
    occupation: str | None = None
    company_ids: tuple[int, ...] | None = None

    @property
    def narrow(self) -> bool:
        """Whether the filter names companies or an occupation (not the whole cluster).

        Queries that read the whole cluster's rows and apply the people conditions in Python
        (cheaper than probing them in the scan) put them into the SQL for a narrow filter, so a
        company's view reads only its own rows.
        """
        return self.company_ids is not None or bool(self.occupation)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=dt.UTC)

    @property
    def end_at(self) -> dt.datetime:
        """The first instant after the period (the period is half-open in SQL)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)

    def in_period(self, column: ColumnElement) -> ColumnElement[bool]:
        """``column`` lies inside the period."""
        return and_(column >= self.start_at, column < self.end_at)

    def months(self) -> list[str]:
        """The months of the period as ``YYYY-MM``, oldest first."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


def default_filter(today: dt.date | None = None) -> StatsFilter:
    """The last twelve months up to today, whole cluster."""
    today = today or dt.date.today()
    year, month = (today.year - 1, today.month + 1) if today.month < 12 else (today.year, 1)
    return StatsFilter(start=dt.date(year, month, 1), end=today)


def company_condition(flt: StatsFilter, company_id: ColumnElement) -> ColumnElement[bool]:
    """The company column matches the selected companies and, if set, trains the occupation."""
    conditions = []
    if flt.company_ids is not None:
        conditions.append(company_id.in_(flt.company_ids))
    if flt.occupation:
        conditions.append(
            exists().where(
                CompanyOccupation.company_id == company_id, CompanyOccupation.occupation_code == flt.occupation
            )
        )
    return and_(true(), *conditions)


def companies(flt: StatsFilter) -> Select[tuple[Company]]:
    """Member companies in the filter that had joined by the end of the period."""
    return select(Company).where(
        Company.is_active.is_(True), Company.joined_on <= flt.end, company_condition(flt, Company.id)
    )


def staff(flt: StatsFilter, roles: tuple[Role, ...] = (Role.TRAINER,)) -> Select[tuple[User]]:
    """Active company staff (trainers by default) of the selected companies."""
    return select(User).where(*staff_conditions(flt, roles))


def staff_conditions(flt: StatsFilter, roles: tuple[Role, ...] = (Role.TRAINER,)) -> list:
    """The conditions of :func:`staff` on ``User``, for a query that already joins the person.

    Putting them on the joined row instead of ``User.id IN (staff)`` matters for SQLite: joined
    by ``public_id``, it probes the IN list inside the index lookup of every row (≈ 1 s at
    1,600 apprentices' record weeks instead of ≈ 10 ms).
    """
    return [
        User.role.in_(roles),
        User.active.is_(True),
        User.company_id.is_not(None),
        company_condition(flt, User.company_id),
    ]


def learners(flt: StatsFilter) -> Select[tuple[int]]:
    """Ids of everyone whose module learning counts: trainers and company leads in the filter."""
    return staff(flt, (Role.TRAINER, Role.COMPANY_LEAD)).with_only_columns(User.id)


def apprentices(flt: StatsFilter) -> Select[tuple[User, ApprenticeProfile]]:
    """Active apprentices in training during the period, of the selected companies/occupation."""
    query = (
        select(User, ApprenticeProfile)
        .join(ApprenticeProfile, ApprenticeProfile.user_id == User.id)
        .where(
            User.role == Role.APPRENTICE,
            User.active.is_(True),
            ApprenticeProfile.training_start <= flt.end,
            ApprenticeProfile.training_end >= flt.start,
        )
    )
    if flt.company_ids is not None:
        query = query.where(User.company_id.in_(flt.company_ids))
    if flt.occupation:
        query = query.where(ApprenticeProfile.occupation_code == flt.occupation)
    return query


class ApprenticeFacts(NamedTuple):
    """What the sections need to know of an apprentice in the filter."""

    company_id: int
    occupation: str
    specialism: str | None
    exam_part1: dt.date | None


@contextmanager
def shared_reads() -> Iterator[None]:
    """While the block runs, reads made through :func:`shared_read` are kept and reused: one
    dashboard build needs the same rows in several sections (e.g. the apprentices in the filter).
    Only around read-only work; outside the block every read goes to the database."""
    g.stats_shared_reads = {}
    try:
        yield
    finally:
        g.pop("stats_shared_reads", None)


def shared_read(key: tuple, load: Callable[[], Any]) -> Any:
    """``load()``, or its earlier result for ``key`` inside :func:`shared_reads`."""
    reads = g.get("stats_shared_reads")
    if reads is None:
        return load()
    if key not in reads:
        reads[key] = load()
    return reads[key]


def apprentices_in(flt: StatsFilter) -> dict[int, ApprenticeFacts]:
    """apprentice id → facts, for the apprentices of :func:`apprentices` (read once per dashboard
    build, see :func:`shared_reads`)."""

    def load() -> dict[int, ApprenticeFacts]:
        columns = (
            User.id,
            User.company_id,
            ApprenticeProfile.occupation_code,
            ApprenticeProfile.specialism,
            ApprenticeProfile.exam_part1_date,
        )
        rows = db.session.execute(apprentices(flt).with_only_columns(*columns))
        return {row[0]: ApprenticeFacts(*row[1:]) for row in rows}

    return shared_read(("apprentices", flt), load)

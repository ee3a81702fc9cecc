"""Framework plans (Ausbildungsrahmenpläne), company training plans and the apprentice's own plan.

Reference data (``FrameworkPlan`` → ``FrameworkPosition`` → ``FrameworkItem``) is loaded from
``data/framework_plans.yaml`` by ``flask lms init``. ``CompanyTrainingPlan`` holds a company's
schedule. ``ItemProgress`` is a PROJECTION of xAPI statements (self and trainer assessments,
approved tasks); learning goals and notes are the apprentice's own content.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, utcnow


def _enum(enum_cls: type[StrEnum]) -> Enum:
    return Enum(enum_cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class FrameworkPlan(Base):
    """The Ausbildungsrahmenplan of one ordinance (or the recommended standard positions of 2021)."""

    __tablename__ = "framework_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)  # = occupation code, e.g. "dachdecker_2016"
    title: Mapped[str] = mapped_column(String(300))
    ordinance: Mapped[str] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    in_force_from: Mapped[dt.date | None] = mapped_column(Date)
    legal_basis: Mapped[str | None] = mapped_column(Text)
    legal_history: Mapped[str | None] = mapped_column(Text)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    structure_note: Mapped[str | None] = mapped_column(Text)
    exam_note: Mapped[str | None] = mapped_column(Text)
    # [{"code": "y1", "label": …, "source_label": …, "month_from": 1, "month_to": 12, "before_part1": true}]
    periods: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Provenance markers per field ({"title": "[S1]", …}) and the sources list of the data file.
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Set for the Dachdecker plan: its weeks do not add up to 3 years (see the data file).
    weeks_warning: Mapped[str | None] = mapped_column(Text)
    is_recommendation: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    positions: Mapped[list[FrameworkPosition]] = relationship(
        back_populates="plan", order_by="FrameworkPosition.sort_order", cascade="all, delete-orphan"
    )

    def period_codes(self) -> list[str]:
        return [p["code"] for p in self.periods]


class FrameworkPosition(Base):
    """A Berufsbildposition: number, title, guide values in weeks per period, lettered items."""

    __tablename__ = "framework_position"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("framework_plan.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(10))  # "7" (Mechatroniker) or "A3" (Abschnitt + Lfd. Nr.)
    sort_order: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(String(40))
    specialism: Mapped[str | None] = mapped_column(String(120))  # Dachdecker Schwerpunkt (sections B–F)
    extends_number: Mapped[str | None] = mapped_column(String(10))  # the A position a Schwerpunkt row extends
    throughout: Mapped[bool] = mapped_column(Boolean, default=False)  # "während der gesamten Ausbildung"
    weeks: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)  # period code -> zeitlicher Richtwert
    # [{"items": "a-e", "letters": ["a", …], "weeks": {"y1": 8}}] where the table gives them
    weeks_by_items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    items_intro: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str | None] = mapped_column(Text)  # comments of the data file for this position

    plan: Mapped[FrameworkPlan] = relationship(back_populates="positions")
    items: Mapped[list[FrameworkItem]] = relationship(
        back_populates="position", order_by="FrameworkItem.sort_order", cascade="all, delete-orphan"
    )

    @property
    def total_weeks(self) -> float:
        return float(sum(self.weeks.values()))

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


class FrameworkItem(Base):
    """A lettered item of a position (zu vermittelnde Fertigkeiten, Kenntnisse und Fähigkeiten)."""

    __tablename__ = "framework_item"
    __table_args__ = (UniqueConstraint("position_id", "letter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("framework_position.id", ondelete="CASCADE"), index=True)
    letter: Mapped[str] = mapped_column(String(4))
    sort_order: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    subitems: Mapped[list[list[str]]] = mapped_column(JSON, default=list)  # [["aa", "…"], …]

    position: Mapped[FrameworkPosition] = relationship(back_populates="items")

    @property
    def code(self) -> str:
        return f"{self.position.number}{self.letter}"


class LearningSite(StrEnum):
    """Lernorte."""

    BETRIEB = "betrieb"
    BERUFSSCHULE = "berufsschule"
    UELU = "uelu"
    VERBUNDPARTNER = "verbundpartner"


class CompanyTrainingPlan(Base):
    """A company's betrieblicher Ausbildungsplan for one occupation (and specialism, if any)."""

    __tablename__ = "company_training_plan"
    __table_args__ = (UniqueConstraint("company_id", "occupation_code", "specialism"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(String(60))
    specialism: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    entries: Mapped[list[PlanEntry]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanEntry.sort_order"
    )


class PlanEntry(Base):
    """One line of the schedule: position (items) × period, learning site, responsible trainer."""

    __tablename__ = "company_plan_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("company_training_plan.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("framework_position.id"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    period_code: Mapped[str] = mapped_column(String(20))  # a period of the plan or "all" (throughout)
    items: Mapped[str | None] = mapped_column(String(40))  # e.g. "a-e"; empty = all items
    weeks: Mapped[float | None] = mapped_column(Float)
    site: Mapped[LearningSite] = mapped_column(_enum(LearningSite), default=LearningSite.BETRIEB)
    partner_name: Mapped[str | None] = mapped_column(String(200))  # Verbundpartner, if site is one
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(500))

    plan: Mapped[CompanyTrainingPlan] = relationship(back_populates="entries")
    position: Mapped[FrameworkPosition] = relationship()
    trainer = relationship("User")


COVERED_LEVEL = 3  # a trainer's rating of at least "selbstständig" covers an item


class ItemProgress(Base):
    """PROJECTION: an apprentice's standing on one item (assessments, approved tasks)."""

    __tablename__ = "plan_item_progress"

    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), primary_key=True)
    self_level: Mapped[int | None] = mapped_column(Integer)  # 1..4, see services.LEVELS
    self_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    trainer_level: Mapped[int | None] = mapped_column(Integer)
    trainer_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    tasks_done: Mapped[int] = mapped_column(Integer, default=0)
    hours_done: Mapped[float] = mapped_column(Float, default=0.0)

    @property
    def covered(self) -> bool:
        """Covered: an approved task taught the item, or a trainer rated it at least COVERED_LEVEL."""
        return (self.tasks_done or 0) > 0 or (self.trainer_level or 0) >= COVERED_LEVEL


class PositionProgress(Base):
    """PROJECTION: how many items of one position are covered for one apprentice (rows only while > 0).

    Kept beside ``plan_item_progress`` by the plans projection so that the statistics read one
    small row per apprentice and position instead of grouping every item row.
    """

    __tablename__ = "plan_position_progress"

    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("framework_position.id", ondelete="CASCADE"), primary_key=True)
    covered_items: Mapped[int] = mapped_column(Integer)


class LearningGoal(Base):
    """An apprentice's own learning goal: what, by when, how, evidence; linked to items."""

    __tablename__ = "plan_learning_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    how: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    achieved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)


class PlanNote(Base):
    """A note by the apprentice as evidence for an item (what was done, where)."""

    __tablename__ = "plan_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class VerbundLink(Base):
    """A partner company granted access to one apprentice's plan and tasks (Verbundausbildung)."""

    __tablename__ = "plan_verbund_link"
    __table_args__ = (UniqueConstraint("apprentice_id", "partner_company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    partner_company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(String(300))

    partner_company = relationship("Company")

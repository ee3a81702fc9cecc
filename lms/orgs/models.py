"""The training cluster and its member companies (the tenants of the platform)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, Date, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, utcnow


class FederalState(StrEnum):
    """The two states the Lausitz spans."""

    SACHSEN = "Sachsen"
    BRANDENBURG = "Brandenburg"


class Cluster(Base):
    """The training cluster (the top organisation), run by the cluster agent."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    companies: Mapped[list[Company]] = relationship(back_populates="cluster")


class Company(Base):
    """A member company (Ausbildungsbetrieb); every person except cluster staff belongs to one."""

    __tablename__ = "company"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(120))
    state: Mapped[FederalState] = mapped_column(
        Enum(FederalState, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    # Training for the first time or after a long pause: these firms get extra support.
    is_new_to_training: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_on: Mapped[dt.date] = mapped_column(Date)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    cluster: Mapped[Cluster] = relationship(back_populates="companies")
    occupations: Mapped[list[CompanyOccupation]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyOccupation.occupation_code"
    )

    @property
    def occupation_codes(self) -> list[str]:
        return [o.occupation_code for o in self.occupations]


class CompanyOccupation(Base):
    """An occupation the company trains in (codes from :mod:`lms.orgs.occupations`)."""

    __tablename__ = "company_occupation"
    __table_args__ = (UniqueConstraint("company_id", "occupation_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(String(60))

    company: Mapped[Company] = relationship(back_populates="occupations")

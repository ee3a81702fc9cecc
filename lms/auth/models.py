"""People, their roles, invitations, password resets and the security audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow
from lms.orgs.models import Company


class Role(StrEnum):
    """What a person does on the platform; one role per person."""

    APPRENTICE = "apprentice"
    TRAINER = "trainer"
    COMPANY_LEAD = "company_lead"
    CLUSTER_AGENT = "cluster_agent"
    ADMIN = "admin"

    @property
    def belongs_to_company(self) -> bool:
        """Apprentices, trainers and company leads belong to exactly one company."""
        return self in {Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD}


def _enum(enum_cls: type[StrEnum]) -> Enum:
    return Enum(enum_cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class User(UserMixin, Base):
    """A person with a login. ``public_id`` is the opaque id used as the xAPI actor."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    locale: Mapped[str] = mapped_column(String(5), default="de")
    # Ausbildungsbeauftragte: guides apprentices day to day without the AEVO certificate.
    is_without_aevo: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Bumped on password change and deactivation so old sessions stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)

    company: Mapped[Company | None] = relationship()
    apprentice_profile: Mapped[ApprenticeProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class ApprenticeProfile(Base):
    """The apprenticeship of one apprentice: occupation, specialism, period and exam dates."""

    __tablename__ = "apprentice_profile"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    occupation_code: Mapped[str] = mapped_column(String(60), index=True)
    specialism: Mapped[str | None] = mapped_column(String(120))
    training_start: Mapped[dt.date] = mapped_column(Date)
    training_end: Mapped[dt.date] = mapped_column(Date)
    exam_part1_date: Mapped[dt.date | None] = mapped_column(Date)
    exam_part2_date: Mapped[dt.date | None] = mapped_column(Date)

    user: Mapped[User] = relationship(back_populates="apprentice_profile")


class Invitation(Base):
    """A single-use, expiring invitation; only the SHA-256 hash of its token is stored."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Role-specific details chosen by the inviter (e.g. occupation and training dates).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    company: Mapped[Company | None] = relationship()
    invited_by: Mapped[User | None] = relationship()


class PasswordResetToken(Base):
    """A single-use, expiring password reset; only the hash of the token is stored."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """A security-relevant action (invite, role change, deactivation, password reset, …)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])

"""Stored xAPI statements with indexed columns, link tables for related filters, the outbox."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow


class Statement(Base):
    """One statement as stored by the embedded LRS.

    ``full_json`` is the complete statement (with ``id``, ``stored``, ``authority``, ``version``)
    as canonical JSON; the other columns are extracted from it for indexed filtering. ``id``
    (the row number) is the stored order used by paging and by the forwarding outbox.
    """

    __tablename__ = "xapi_statement"
    __table_args__ = (
        Index("ix_xapi_statement_actor_stored", "actor_key", "id"),
        Index("ix_xapi_statement_verb_stored", "verb_id", "id"),
        Index("ix_xapi_statement_activity_stored", "object_activity_id", "id"),
        Index("ix_xapi_statement_registration_stored", "registration", "id"),
        Index("ix_xapi_statement_stored", "stored", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    statement_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    actor_key: Mapped[str] = mapped_column(String(700))
    verb_id: Mapped[str] = mapped_column(String(700))
    object_type: Mapped[str] = mapped_column(String(20))
    object_activity_id: Mapped[str | None] = mapped_column(String(700))
    object_statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    registration: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    timestamp: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    stored: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    full_json: Mapped[str] = mapped_column(Text)


class AgentRelation(StrEnum):
    ACTOR = "actor"
    OBJECT = "object"
    RELATED = "related"  # authority, instructor, team, group members, sub-statement agents


class StatementAgent(Base):
    """An agent (by canonical key) that a statement mentions, for ``agent``/``related_agents``."""

    __tablename__ = "xapi_statement_agent"
    __table_args__ = (Index("ix_xapi_statement_agent_key", "agent_key", "statement_pk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_pk: Mapped[int] = mapped_column(ForeignKey("xapi_statement.id", ondelete="CASCADE"), index=True)
    agent_key: Mapped[str] = mapped_column(String(700))
    relation: Mapped[AgentRelation] = mapped_column(
        Enum(AgentRelation, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )


class StatementActivity(Base):
    """An activity a statement mentions, for ``activity``/``related_activities``."""

    __tablename__ = "xapi_statement_activity"
    __table_args__ = (Index("ix_xapi_statement_activity_iri", "activity_id", "statement_pk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_pk: Mapped[int] = mapped_column(ForeignKey("xapi_statement.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[str] = mapped_column(String(700))
    is_object: Mapped[bool] = mapped_column(Boolean, default=False)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"


class OutboxEntry(Base):
    """A statement waiting to be forwarded to the external LRS (drained in stored order)."""

    __tablename__ = "xapi_outbox"
    __table_args__ = (Index("ix_xapi_outbox_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_pk: Mapped[int] = mapped_column(ForeignKey("xapi_statement.id", ondelete="CASCADE"), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e]),
        default=OutboxStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(1000))

    statement: Mapped[Statement] = relationship()

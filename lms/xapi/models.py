"""Stored xAPI statements with indexed columns, link tables for related filters, the outbox.

Also the LRS side tables: attachment bodies (by SHA-256), merged activity definitions,
documents (State, Activity Profile, Agent Profile) and the LRS clients that authenticate.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow


class Statement(Base):
    """One statement as stored by the embedded LRS.

    ``full_json`` is the complete statement (with ``id``, ``stored``, ``authority``, ``version``)
    as canonical JSON; the other columns are extracted from it for filtering. Agent and activity
    filters use the link tables, so ``actor_key`` and ``object_activity_id`` carry no index
    (every index is a b-tree insert per stored statement). ``id``
    (the row number) is the stored order used by paging and by the forwarding outbox.
    """

    __tablename__ = "xapi_statement"
    __table_args__ = (
        Index("ix_xapi_statement_verb_stored", "verb_id", "id"),
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


# The predicates of the link tables' partial indexes. A query reaches an index only if it states
# the predicate in the same words, with the values written into the SQL (``lms.xapi.query``):
# SQLite matches a partial index to a WHERE term it can compare, and PostgreSQL's generic plans
# cannot see bound values. The activity predicates are ``is_object.is_(True/False)`` as each
# dialect writes it. Migration a4b5c6d70013 created the indexes with these texts.
DIRECT_RELATIONS = (AgentRelation.ACTOR.value, AgentRelation.OBJECT.value)
DIRECT_AGENT_LINKS = "relation IN ({})".format(", ".join(f"'{value}'" for value in DIRECT_RELATIONS))
RELATED_AGENT_LINKS = f"relation = '{AgentRelation.RELATED.value}'"
OBJECT_ACTIVITY_LINKS = {"sqlite": "is_object IS 1", "postgresql": "is_object IS true"}
CONTEXT_ACTIVITY_LINKS = {"sqlite": "is_object IS 0", "postgresql": "is_object IS false"}


def _partial_index(name: str, *columns: str, where: str | dict[str, str]) -> Index:
    """An index over the rows that satisfy ``where`` (one text, or one per dialect)."""
    sqlite, postgresql = (where, where) if isinstance(where, str) else (where["sqlite"], where["postgresql"])
    return Index(name, *columns, sqlite_where=text(sqlite), postgresql_where=text(postgresql))


class StatementAgent(Base):
    """An agent (by canonical key) a statement mentions, once per statement.

    ``relation`` is ``actor``/``object`` when the agent is the statement's actor or object
    (the plain ``agent`` filter), else ``related`` (only ``related_agents=true`` finds it).
    """

    __tablename__ = "xapi_statement_agent"
    # Two disjoint partial indexes in statement order: the plain ``agent`` filter walks only the
    # direct links, however many related ones an agent has (every platform statement names the
    # platform's authority); ``related_agents=true`` merges both walks. ``relation`` is in them so
    # the filter never visits the table rows.
    __table_args__ = (
        _partial_index(
            "ix_xapi_statement_agent_direct", "agent_key", "statement_pk", "relation", where=DIRECT_AGENT_LINKS
        ),
        _partial_index(
            "ix_xapi_statement_agent_related", "agent_key", "statement_pk", "relation", where=RELATED_AGENT_LINKS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_pk: Mapped[int] = mapped_column(ForeignKey("xapi_statement.id", ondelete="CASCADE"), index=True)
    agent_key: Mapped[str] = mapped_column(String(700))
    relation: Mapped[AgentRelation] = mapped_column(
        Enum(AgentRelation, native_enum=False, length=10, values_callable=lambda e: [m.value for m in e])
    )


class StatementActivity(Base):
    """An activity a statement mentions, once per statement (``is_object``: the statement's object)."""

    __tablename__ = "xapi_statement_activity"
    # As for agents: the plain ``activity`` filter walks only the object links, however often the
    # activity is context (a module is the parent of all its units' statements);
    # ``related_activities=true`` merges both walks.
    __table_args__ = (
        _partial_index(
            "ix_xapi_statement_activity_object",
            "activity_id",
            "statement_pk",
            "is_object",
            where=OBJECT_ACTIVITY_LINKS,
        ),
        _partial_index(
            "ix_xapi_statement_activity_context",
            "activity_id",
            "statement_pk",
            "is_object",
            where=CONTEXT_ACTIVITY_LINKS,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_pk: Mapped[int] = mapped_column(ForeignKey("xapi_statement.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[str] = mapped_column(String(700))
    is_object: Mapped[bool] = mapped_column(Boolean, default=False)


class Attachment(Base):
    """The body of a statement attachment, stored once per SHA-256 hash."""

    __tablename__ = "xapi_attachment"

    sha2: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ActivityDefinition(Base):
    """The merged definition of an activity, as the Activities resource returns it."""

    __tablename__ = "xapi_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(700), unique=True)
    definition_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class DocumentKind(StrEnum):
    STATE = "state"
    ACTIVITY_PROFILE = "activity_profile"
    AGENT_PROFILE = "agent_profile"


class Document(Base):
    """A State, Activity Profile or Agent Profile document.

    Unused key parts are empty strings (not NULL) so the unique key also holds on PostgreSQL.
    ``etag`` is the SHA-1 of ``content``.
    """

    __tablename__ = "xapi_document"
    __table_args__ = (
        UniqueConstraint(
            "kind", "activity_id", "agent_key", "registration", "document_id", name="uq_xapi_document_key"
        ),
        Index("ix_xapi_document_scope", "kind", "activity_id", "agent_key", "registration", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DocumentKind] = mapped_column(
        Enum(DocumentKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    activity_id: Mapped[str] = mapped_column(String(700), default="")
    agent_key: Mapped[str] = mapped_column(String(700), default="")
    registration: Mapped[str] = mapped_column(String(36), default="")
    document_id: Mapped[str] = mapped_column(String(700))
    content_type: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    etag: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class LrsClient(Base):
    """A system that talks to the LRS API with HTTP Basic credentials (key + hashed secret)."""

    __tablename__ = "xapi_lrs_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(String(300))  # space separated
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()


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


class ForwardState(Base):
    """One row: the forwarder's consecutive failures and the last error (for the admin page)."""

    __tablename__ = "xapi_forward_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

"""The registry of progress projections fed by stored statements.

A feature (learning, plans, records) registers a :class:`Projection`: ``apply`` is called,
in the same transaction, for every statement stored through the funnel, in stored order;
``reset`` empties the feature's projection tables. ``rebuild`` replays every stored statement
through the same functions, so the rebuilt tables equal the live ones — provided they derive
everything from the statement (use the statement's ``timestamp``, never "now").

Statements arrive in batches (the LRS API takes up to hundreds per request, rebuild replays
thousands at a time). A projection that needs to look rows up may register ``apply_batch``
to fetch what a whole batch needs in one query instead of one per statement; it must have
the same effect as calling ``apply`` for each statement in order.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from lms.db import db
from lms.xapi.models import Statement

StatementJson = dict[str, Any]
T = TypeVar("T")
_LOOKUPS = "projection_lookups"


def remembered(kind: str, key: Hashable, load: Callable[[], T | None]) -> T | None:
    """``load()``, remembered for the session (one request, or one whole rebuild).

    For lookups that never change once the row exists (a person's public id → user id, an item
    IRI → item id), which projections repeat for nearly every statement. A miss is not
    remembered: the row may still be created later in the same session.
    """
    cache = db.session.info.setdefault(_LOOKUPS, {})
    value = cache.get((kind, key))
    if value is None:
        value = load()
        if value is not None:
            cache[kind, key] = value
    return value


@dataclass(frozen=True)
class Projection:
    name: str
    apply: Callable[[StatementJson], None]
    reset: Callable[[], None]
    apply_batch: Callable[[list[StatementJson]], None] | None = None

    def apply_all(self, statements: list[StatementJson]) -> None:
        """Apply ``statements`` in order, in one go where the projection supports it."""
        if self.apply_batch is not None:
            self.apply_batch(statements)
            return
        for statement in statements:
            self.apply(statement)


def account_user_id(name: str | uuid.UUID | None) -> int | None:
    """The user behind an actor's opaque account name (remembered for the session)."""
    from lms.auth.models import User

    if not name:
        return None
    try:
        public_id = uuid.UUID(str(name))
    except ValueError:
        return None
    return remembered("user", public_id, lambda: db.session.scalar(select(User.id).where(User.public_id == public_id)))


_PROJECTIONS: dict[str, Projection] = {}


def register_projection(projection: Projection) -> Projection:
    """Add (or replace, by name) a projection."""
    _PROJECTIONS[projection.name] = projection
    return projection


def projections() -> list[Projection]:
    return list(_PROJECTIONS.values())


def project(statements: list[StatementJson]) -> None:
    """Apply newly stored statements (in stored order) to every registered projection.

    Projections are independent of each other, so each sees the whole batch in turn.
    """
    if not statements:
        return
    for projection in _PROJECTIONS.values():
        projection.apply_all(statements)
    db.session.flush()


def rebuild(batch_size: int = 2000) -> int:
    """Empty every projection and replay all stored statements in stored order.

    Returns the number of statements replayed. Runs in the caller's transaction.
    """
    for projection in _PROJECTIONS.values():
        projection.reset()
    db.session.flush()
    count, last_id = 0, 0
    while True:
        rows = db.session.execute(
            select(Statement.id, Statement.full_json)
            .where(Statement.id > last_id)
            .order_by(Statement.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return count
        project([json.loads(full_json) for _pk, full_json in rows])
        count += len(rows)
        last_id = rows[-1].id

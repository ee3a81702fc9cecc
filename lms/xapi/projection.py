"""The registry of progress projections fed by stored statements.

A feature (learning, plans, records) registers a :class:`Projection`: ``apply`` is called,
in the same transaction, for every statement stored through the funnel, in stored order;
``reset`` empties the feature's projection tables. ``rebuild`` replays every stored statement
through the same ``apply`` functions, so the rebuilt tables equal the live ones — provided
``apply`` derives everything from the statement (use the statement's ``timestamp``, never
"now").
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lms.db import db
from lms.xapi.models import Statement


@dataclass(frozen=True)
class Projection:
    name: str
    apply: Callable[[dict[str, Any], Statement], None]
    reset: Callable[[], None]


_PROJECTIONS: dict[str, Projection] = {}


def register_projection(projection: Projection) -> Projection:
    """Add (or replace, by name) a projection."""
    _PROJECTIONS[projection.name] = projection
    return projection


def projections() -> list[Projection]:
    return list(_PROJECTIONS.values())


def project(statement: dict[str, Any], row: Statement) -> None:
    """Apply one stored statement to every registered projection."""
    for projection in _PROJECTIONS.values():
        projection.apply(statement, row)


def rebuild(batch_size: int = 2000) -> int:
    """Empty every projection and replay all stored statements in stored order.

    Returns the number of statements replayed. Runs in the caller's transaction.
    """
    for projection in _PROJECTIONS.values():
        projection.reset()
    db.session.flush()
    count, last_id = 0, 0
    while True:
        rows = list(
            db.session.scalars(select(Statement).where(Statement.id > last_id).order_by(Statement.id).limit(batch_size))
        )
        if not rows:
            return count
        for row in rows:
            project(json.loads(row.full_json), row)
        db.session.flush()
        count += len(rows)
        last_id = rows[-1].id

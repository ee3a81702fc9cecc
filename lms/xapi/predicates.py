"""SQL predicates of the statement queries, written so each database picks the intended index.

The link predicates repeat the partial indexes' WHERE texts (``lms.xapi.models``): a query
reaches a partial index only if it states the predicate in the same words. :func:`index_equal`
is an equality PostgreSQL cannot turn into a constant, so a verb or registration filter walks
its ``(column, id)`` index and never the primary key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, and_, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from lms.xapi.models import DIRECT_RELATIONS, AgentRelation


def direct_links(relation: Any) -> Any:
    """``relation IN ('actor', 'object')``, written out so both databases can walk the partial
    index of direct agent links (see ``lms.xapi.models.DIRECT_AGENT_LINKS``)."""
    return relation.in_([literal_column(f"'{value}'") for value in DIRECT_RELATIONS])


def related_links(relation: Any) -> Any:
    """``relation = 'related'``, written out (``lms.xapi.models.RELATED_AGENT_LINKS``)."""
    return relation == literal_column(f"'{AgentRelation.RELATED.value}'")


def object_links(is_object: Any) -> Any:
    """The object activity links (``is_object IS 1`` / ``IS true``, a literal in both dialects)."""
    return is_object.is_(True)


def context_links(is_object: Any) -> Any:
    """The context activity links (parent, grouping, category, other)."""
    return is_object.is_(False)


class IndexEqual(ColumnElement[bool]):
    """``column = value`` for a query ordered by ``(column, id)``: the column's index drives.

    PostgreSQL treats an equality with a constant as making ``column`` redundant in ORDER BY,
    so the primary key (newest first) offers the same order, and with a ``LIMIT`` the planner
    often walks it, assuming matches are spread evenly over time. For a verb whose statements
    are all old that walked 600,000 rows (335 ms; docs/PERFORMANCE.md). Written there as the
    range ``column >= value AND column <= value``, the equality is invisible to that reasoning:
    only the ``(column, id)`` index gives the order, and a page reads its own rows (0.4 ms).
    SQLite keeps the plain ``=``: it walks the index anyway, and after a range it could not
    seek to a page's cursor in the index's ``id`` part.
    """

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True  # a comparison: no ``= 1`` where booleans are integers (SQLite)
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("value", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, value: Any) -> None:
        self.column = column
        self.value = value


def index_equal(column: Any, value: Any) -> IndexEqual:
    """``column = value`` that makes the ``(column, id)`` index drive; see :class:`IndexEqual`."""
    return IndexEqual(column, value)


@compiles(IndexEqual)
def _index_equal(element: IndexEqual, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.column == element.value, **kw)


@compiles(IndexEqual, "postgresql")
def _index_range(element: IndexEqual, compiler: Any, **kw: Any) -> str:
    return compiler.process(and_(element.column >= element.value, element.column <= element.value), **kw)

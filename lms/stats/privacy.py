"""Small-group suppression: figures about fewer than ``PRIVACY_THRESHOLD`` people are not shown.

Every figure about apprentices (and every average or median about people) carries the number of
distinct people it rests on. A figure resting on 1 to ``threshold - 1`` people is replaced by a
suppressed cell that says why; 0 people is shown (nothing to reveal). Distributions get a second
suppression so that a single hidden cell cannot be recovered from the row total.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from flask_babel import gettext as _

from lms.stats.tables import Cell

DEFAULT_THRESHOLD = 5


def threshold() -> int:
    """The configured minimum group size (``LMS_PRIVACY_THRESHOLD``, default 5, at least 2)."""
    return max(2, int(current_app.config.get("PRIVACY_THRESHOLD", DEFAULT_THRESHOLD)))


def is_small(people: int, limit: int) -> bool:
    """Whether a group of ``people`` is too small to be shown (0 is not: it reveals nobody)."""
    return 0 < people < limit


def suppressed(limit: int) -> Cell:
    """A cell that hides its figure and says so."""
    return Cell(None, suppressed=True, reason=_("weniger als %(n)d Personen", n=limit))


def guard(value: float | int | None, people: int, limit: int) -> Cell:
    """``value`` as a cell, or a suppressed cell if it rests on fewer than ``limit`` people."""
    if is_small(people, limit):
        return suppressed(limit)
    return Cell(value)


def guard_all(value: float | int | None, limit: int, *groups: int) -> Cell:
    """``value`` unless any of the people counts it is derived from is too small (e.g. a share)."""
    if any(is_small(people, limit) for people in groups):
        return suppressed(limit)
    return Cell(value)


def guard_count(people: int, limit: int) -> Cell:
    """A head count, suppressed when it counts 1 to ``limit - 1`` people."""
    return guard(people, people, limit)


def guard_distribution(counts: Sequence[int], limit: int) -> list[Cell]:
    """Head counts of one distribution; small cells hidden, plus the next smallest if only one is.

    With exactly one hidden cell the row total would give it away, so the smallest remaining
    non-zero cell is hidden as well (secondary suppression).
    """
    cells = [guard_count(c, limit) for c in counts]
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    if len(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if i not in hidden and c > 0]
        if others:
            _count, index = min(others)
            cells[index] = suppressed(limit)
    return cells

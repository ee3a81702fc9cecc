"""The one table model of the dashboard: the page, the CSV and the XLSX export all render it.

A query module returns :class:`StatTable` objects; the page shows them as HTML tables (and charts
drawn from the same rows), the exports write the same cells. So page and export cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Column kinds: how a number is shown (the exported value is the same number).
TEXT, COUNT, PERCENT, DAYS, SCORE = "text", "count", "percent", "days", "score"


@dataclass(frozen=True)
class Cell:
    """One value; ``suppressed`` cells hide the value and carry the reason."""

    value: Any
    suppressed: bool = False
    reason: str = ""

    @property
    def export_value(self) -> Any:
        """The value written to CSV/XLSX: the number, or a note where it is suppressed."""
        if self.suppressed:
            return f"unterdrückt ({self.reason})"
        return self.value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass(frozen=True)
class Chart:
    """What to draw: bars of ``value_keys`` per row (labelled by ``label_key``) or a line per key."""

    kind: str  # "bar" or "line"
    label_key: str
    value_keys: tuple[str, ...]
    max_value: float | None = None  # e.g. 100 for percentages


@dataclass
class StatTable:
    """A titled table: columns, rows of cells, notes (definitions, suppression), optional chart."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None
    section: str = ""

    def add_row(self, *values: Any) -> None:
        """Append a row; plain values become cells, cells are kept as they are."""
        if len(values) != len(self.columns):
            raise ValueError(f"{self.key}: {len(values)} values for {len(self.columns)} columns")
        self.rows.append([v if isinstance(v, Cell) else Cell(v) for v in values])

    def column_index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def column_values(self, key: str) -> list[Cell]:
        index = self.column_index(key)
        return [row[index] for row in self.rows]

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row)

    def export_rows(self) -> list[list[Any]]:
        """Header row followed by the export values of every row."""
        return [[c.label for c in self.columns], *[[cell.export_value for cell in row] for row in self.rows]]


def rounded(value: float | None, digits: int = 1) -> float | None:
    """Round a figure once, here, so page and export show the same number."""
    return None if value is None else round(float(value), digits)


def percent(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent (one decimal), None when there is no whole."""
    return rounded(100.0 * part / whole) if whole else None

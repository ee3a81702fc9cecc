"""How the dashboard's cells read on the page: locale number format, suppression note, table rows.

The data rows of a table are written here in one pass: a cluster view has about 500 cells, and
in the template each cost a call, a Markup object and several context lookups (about two thirds
of the page's rendering time). The exports keep the raw numbers (:attr:`Cell.export_value`).
"""

from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.stats.tables import COUNT, Cell, Column, StatTable


def number_symbols() -> tuple[str, str]:
    """(decimal symbol, group symbol) of the person's locale, looked up once per request."""
    if "stats_symbols" not in g:
        locale = get_locale()
        g.stats_symbols = (get_decimal_symbol(locale), get_group_symbol(locale))
    return g.stats_symbols


def format_cell(cell: Cell, column: Column, symbols: tuple[str, str] | None = None) -> str:
    """How a cell reads on the page: the number in the locale's format, "–" for none, or the
    suppression note."""
    if cell.suppressed:
        return _("unterdrückt (%(reason)s)", reason=cell.reason)
    if cell.value is None:
        return "–"
    if not column.numeric:
        return str(cell.value)
    decimal, group = symbols or number_symbols()
    text = f"{cell.value:,.0f}" if column.kind == COUNT else f"{cell.value:,.1f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def table_rows(table: StatTable) -> Markup:
    """The ``<tr>`` rows of a table's body: the first cell is the row's header, every text escaped."""
    symbols = number_symbols()
    keys = [escape(column.key) for column in table.columns]
    parts: list[str] = []
    for row in table.rows:
        parts.append("<tr>")
        for index, (cell, column) in enumerate(zip(row, table.columns, strict=True)):
            text = escape(format_cell(cell, column, symbols))
            if index == 0:
                parts.append(f'<th scope="row">{text}</th>')
                continue
            classes = ("num" if column.numeric else "") + (" suppressed" if cell.suppressed else "")
            parts.append(f'<td class="{classes}" data-column="{keys[index]}">{text}</td>')
        parts.append("</tr>\n")
    return Markup("".join(parts))  # noqa: S704 (every text part is escaped above)

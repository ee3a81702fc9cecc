"""Charts as inline SVG, drawn on the server from a table's own cells (no JavaScript).

Each chart is an image with a title and a description pointing at the data table that follows
it; colours come from classes in ``static/css/stats.css`` (CSP forbids inline styles). Suppressed
cells are not drawn; the bar's label says they are hidden.
"""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

from lms.stats.tables import StatTable

WIDTH, LABEL_HEIGHT, BAR_HEIGHT, GAP = 600, 22, 16, 14
LINE_HEIGHT, PAD = 240, 40


def _number(value: float) -> str:
    return format_decimal(value, format="#,##0.#")


def _legend(table: StatTable, keys: tuple[str, ...], y: float) -> list[str]:
    parts = []
    for i, key in enumerate(keys):
        label = table.columns[table.column_index(key)].label
        x = 0 if i % 2 == 0 else WIDTH / 2
        row_y = y + (i // 2) * LABEL_HEIGHT
        parts.append(f'<rect class="series-{i}" x="{x}" y="{row_y}" width="14" height="14"/>')
        parts.append(f'<text class="chart-label" x="{x + 20}" y="{row_y + 12}">{escape(label)}</text>')
    return parts


def _frame(table: StatTable, height: float, body: list[str]) -> Markup:
    title_id, desc_id = f"chart-{table.key}-title", f"chart-{table.key}-desc"
    return Markup(  # noqa: S704 (every text part is escaped above; numbers are formatted by us)
        f'<svg class="stats-chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{title_id}">{escape(table.title)}</title>'
        f'<desc id="{desc_id}">{escape(_("Diagramm; die Werte stehen in der Tabelle darunter."))}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(table: StatTable, keys: tuple[str, ...], label_key: str, max_value: float | None) -> Markup:
    """Horizontal bars: one group per row, one bar per value column."""
    values = [c.value for k in keys for c in table.column_values(k) if not c.suppressed and c.value is not None]
    top = max_value or max(values, default=0) or 1
    labels = table.column_values(label_key)
    columns = [table.column_values(key) for key in keys]
    body, y = [], 0.0
    if len(keys) > 1:
        body += _legend(table, keys, 0)
        y = LABEL_HEIGHT * ((len(keys) + 1) // 2) + GAP
    for row_index, label in enumerate(labels):
        body.append(f'<text class="chart-label" x="0" y="{y + 16:.0f}">{escape(label.value)}</text>')
        y += LABEL_HEIGHT
        for i, column in enumerate(columns):
            cell = column[row_index]
            if cell.suppressed or cell.value is None:
                text = _("unterdrückt") if cell.suppressed else "–"
                body.append(f'<text class="chart-value" x="0" y="{y + 13:.0f}">{escape(text)}</text>')
            else:
                width = max(1.0, (WIDTH - 80) * float(cell.value) / top)
                body.append(
                    f'<rect class="series-{i}" x="0" y="{y:.0f}" width="{width:.1f}" height="{BAR_HEIGHT}"/>'
                    f'<text class="chart-value" x="{width + 6:.1f}" y="{y + 13:.0f}">{_number(cell.value)}</text>'
                )
            y += BAR_HEIGHT + 4
        y += GAP
    return _frame(table, max(y, 1), body)


def line_chart(table: StatTable, keys: tuple[str, ...], label_key: str) -> Markup:
    """One line per value column over the rows (e.g. months)."""
    labels = [c.value for c in table.column_values(label_key)]
    series = [[c.value if not c.suppressed else None for c in table.column_values(k)] for k in keys]
    top = max((v for s in series for v in s if v is not None), default=0) or 1
    steps = max(len(labels) - 1, 1)
    body = _legend(table, keys, 0)
    y0 = LABEL_HEIGHT * ((len(keys) + 1) // 2) + GAP
    plot_w, plot_h = WIDTH - 2 * PAD, LINE_HEIGHT - PAD

    def point(index: int, value: float) -> tuple[float, float]:
        return PAD + plot_w * index / steps, y0 + plot_h - plot_h * float(value) / top

    body.append(f'<line class="chart-axis" x1="{PAD}" y1="{y0 + plot_h}" x2="{WIDTH - PAD}" y2="{y0 + plot_h}"/>')
    body.append(f'<text class="chart-value" x="0" y="{y0 + 12}">{_number(top)}</text>')
    body.append(f'<text class="chart-value" x="0" y="{y0 + plot_h}">0</text>')
    if labels:
        body.append(f'<text class="chart-value" x="{PAD}" y="{y0 + plot_h + 24}">{escape(labels[0])}</text>')
        body.append(
            f'<text class="chart-value" x="{WIDTH - PAD}" y="{y0 + plot_h + 24}" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    for i, values in enumerate(series):
        points = [point(j, v) for j, v in enumerate(values) if v is not None]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline class="line series-{i}" points="{coords}" fill="none" stroke-width="3"/>')
        body += [f'<circle class="series-{i}" cx="{x:.1f}" cy="{y:.1f}" r="4"/>' for x, y in points]
    return _frame(table, y0 + plot_h + 34, body)


def chart_for(table: StatTable) -> Markup | None:
    """The chart the table asks for, or None."""
    chart = table.chart
    if chart is None or not table.rows:
        return None
    if chart.kind == "line":
        return line_chart(table, chart.value_keys, chart.label_key)
    return bar_chart(table, chart.value_keys, chart.label_key, chart.max_value)

"""CSV and XLSX exports of the dashboard tables (the same cells the page shows)."""

from __future__ import annotations

import csv
import io
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lms.orgs.occupations import occupation_title
from lms.stats.dashboard import Dashboard
from lms.stats.tables import StatTable

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def filter_lines(dashboard: Dashboard, company_names: list[str] | None = None) -> list[tuple[str, str]]:
    """(label, value) pairs describing the filter, for the head of every export."""
    flt = dashboard.filter
    return [
        (_("Zeitraum"), f"{flt.start.isoformat()} – {flt.end.isoformat()}"),
        (_("Beruf"), occupation_title(flt.occupation) if flt.occupation else _("Alle Berufe")),
        (_("Betriebe"), ", ".join(company_names) if company_names else _("Alle Betriebe")),
        (_("Mindestgruppengröße"), str(dashboard.threshold)),
    ]


def table_csv(table: StatTable) -> str:
    """One table as CSV (header row, data rows; notes as trailing comment lines)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(table.export_rows())
    for note in table.notes:
        writer.writerow([f"# {note}"])
    return buffer.getvalue()


def dashboard_csv(dashboard: Dashboard, company_names: list[str] | None = None) -> str:
    """Every table in one CSV file: a title line before each, blank lines between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(filter_lines(dashboard, company_names))
    for table in dashboard.tables:
        writer.writerow([])
        writer.writerow([f"## {table.title}"])
        buffer.write(table_csv(table))
    return buffer.getvalue()


def sheet_name(table: StatTable, taken: set[str]) -> str:
    """A valid, unique worksheet name (≤ 31 characters) from the table's title."""
    base = _SHEET_FORBIDDEN.sub("-", table.title)[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def dashboard_xlsx(dashboard: Dashboard, company_names: list[str] | None = None) -> bytes:
    """A workbook: a sheet with the filter, then one sheet per table (numbers stay numbers)."""
    book = Workbook()
    info = book.active
    info.title = _("Filter")
    for row in filter_lines(dashboard, company_names):
        info.append(list(row))
    taken = {info.title.lower()}
    for table in dashboard.tables:
        sheet = book.create_sheet(sheet_name(table, taken))
        for row in table.export_rows():
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        if table.notes:
            sheet.append([])
            for note in table.notes:
                sheet.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""Exports hold the same numbers as the page (XLSX via openpyxl, CSV), and the CLI writes them."""

from __future__ import annotations

import csv
import io

import openpyxl
from flask import Flask

from lms.auth.models import Role
from lms.stats.exports import sheet_name
from tests.factories import make_user
from tests.stats.helpers import SUPPRESSED, page_number, page_tables


def _same(page_text: str, exported) -> bool:
    value = page_number(page_text)
    if isinstance(value, str):
        if value.startswith(SUPPRESSED):
            return str(exported).startswith(SUPPRESSED)
        return value == ("–" if exported is None else str(exported))
    return exported is not None and abs(float(exported) - value) < 0.051


def test_xlsx_matches_page(client, login_as, cluster):
    """Every cell of every page table equals the cell of the same sheet in the XLSX export."""
    login_as(make_user(Role.CLUSTER_AGENT))
    query = f"?start={cluster.filter.start.isoformat()}&end={cluster.filter.end.isoformat()}"
    tables = page_tables(client.get("/stats/" + query).get_data(as_text=True))
    response = client.get("/stats/export.xlsx" + query)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    from lms.stats.dashboard import build_dashboard

    board = build_dashboard(cluster.filter, 5)
    taken = {"filter"}
    checked = 0
    for table in board.tables:
        sheet = book[sheet_name(table, taken)]
        sheet_rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        page_rows = tables[table.key]
        assert [str(c) for c in sheet_rows[0][: len(page_rows[0])]] == page_rows[0], table.key
        for page_row, sheet_row in zip(page_rows[1:], sheet_rows[1:], strict=False):
            for text, exported in zip(page_row, sheet_row, strict=False):
                assert _same(text, exported), (table.key, text, exported)
                checked += 1
    assert checked > 50
    a_row = next(
        r
        for r in book[sheet_name(board.table("companies"), set())].iter_rows(values_only=True)
        if r[0] == cluster.a.name
    )
    assert a_row[3] == 5 and isinstance(a_row[3], int)


def test_csv_matches_page(client, login_as, cluster):
    """The per-table CSV holds the page's numbers (raw, with a dot as decimal separator)."""
    login_as(make_user(Role.CLUSTER_AGENT))
    query = f"?start={cluster.filter.start.isoformat()}&end={cluster.filter.end.isoformat()}"
    page = page_tables(client.get("/stats/" + query).get_data(as_text=True))
    for key in ("modules", "companies", "trend"):
        response = client.get(f"/stats/tables/{key}.csv" + query)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = [r for r in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))) if r]
        data = [r for r in rows if not r[0].startswith("#")]
        assert data[0] == page[key][0]
        for page_row, csv_row in zip(page[key][1:], data[1:], strict=True):
            for text, exported in zip(page_row, csv_row, strict=True):
                assert _same(text, exported or None), (key, text, exported)
    whole = client.get("/stats/export.csv" + query).get_data(as_text=True)
    assert "## Module" in whole and "## Betriebe" in whole


def test_cli_export_xlsx_and_csv(app: Flask, cluster, tmp_path):
    """`flask lms stats export` writes a workbook with one sheet per table, and a CSV."""
    from lms.cli import lms_cli

    runner = app.test_cli_runner()
    out = tmp_path / "bericht.xlsx"
    args = ["stats", "export", "--format", "xlsx", "--out", str(out), "--start", cluster.filter.start.isoformat()]
    result = runner.invoke(lms_cli, [*args, "--company-id", str(cluster.a.id), "--company-id", str(cluster.b.id)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Filter" and "Module" in book.sheetnames and len(book.sheetnames) == 8
    overview = list(book["Überblick"].iter_rows(values_only=True))
    assert overview[1] == ("Mitgliedsbetriebe", 2)
    out_csv = tmp_path / "bericht.csv"
    result = runner.invoke(lms_cli, ["stats", "export", "--format", "csv", "--out", str(out_csv)])
    assert result.exit_code == 0, result.output
    assert "## Überblick" in out_csv.read_text(encoding="utf-8-sig")

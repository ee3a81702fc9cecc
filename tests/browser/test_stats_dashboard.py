"""The statistics dashboard in a real browser: axe-core WCAG 2.1 A/AA scan, no overflow, charts, export.

Uses the shared fixtures of ``tests/browser/conftest.py`` (demo server, Chromium, helpers).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, format_violations, has_horizontal_overflow, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_dashboard_accessible_for_cluster_agent(live_server, browser_page, viewport):
    """Does the cluster agent's dashboard pass axe (WCAG 2.1 AA) without overflow, with charts and tables?"""
    page = browser_page(viewport)
    login(page, live_server, "cluster@demo.example")
    response = page.goto(live_server + "/stats/")
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert not has_horizontal_overflow(page)
    assert page.locator("svg.stats-chart[role=img]").count() >= 4
    for key in ("headline", "modules", "companies", "coverage", "trend", "trainers"):
        assert page.locator(f"table[data-table={key}] caption").count() == 1, key
    page.select_option("#occupation", "mechatroniker_2018")
    page.click("form.stats-filter-form button[type=submit]")
    page.wait_for_load_state()
    assert "occupation=mechatroniker_2018" in page.url
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_xlsx_download_and_company_lead_scope(live_server, browser_page):
    """Does the XLSX link download a workbook, and does a company lead see only their company?"""
    page = browser_page(PHONE)
    login(page, live_server, "cluster@demo.example")
    page.goto(live_server + "/stats/")
    with page.expect_download() as info:
        page.click("a[href^='/stats/export.xlsx']")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "Module" in book.sheetnames
    lead = browser_page(PHONE)
    login(lead, live_server, "betrieb@demo.example")
    lead.goto(live_server + "/stats/")
    rows = lead.locator("table[data-table=companies] tbody tr")
    assert rows.count() == 1 and "Haustechnik Schulze" in rows.first.inner_text()
    assert lead.locator("#company").count() == 0
    violations = axe_violations(lead)
    assert violations == [], format_violations(violations)
    assert not has_horizontal_overflow(lead)

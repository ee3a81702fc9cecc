"""The LRS admin pages on a phone (390×844): creating a client, the forwarding backlog; axe-core clean."""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import PHONE, assert_accessible, has_horizontal_overflow, login

pytestmark = pytest.mark.browser


def test_lrs_admin_pages_on_a_phone(live_server, browser_page):
    """Can an admin create an LRS client and see the forwarding page, accessibly and without overflow?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "admin@demo.example")
    page.goto(base + "/admin/lrs/clients")
    assert "demo-lrs" in page.content()
    assert not has_horizontal_overflow(page)
    assert_accessible(page)
    key = "browser-" + uuid.uuid4().hex[:6]
    page.get_by_label("Schlüssel (Benutzername)").fill(key)
    page.get_by_label("Bezeichnung").fill("Browser-Test")
    with page.expect_navigation():
        page.get_by_role("button", name="Anlegen").click()
    assert "Neues Geheimnis" in page.content() and key in page.content()
    assert not has_horizontal_overflow(page)
    assert_accessible(page)
    page.goto(base + "/admin/lrs/forwarding")
    assert "Ausstehend" in page.content()
    assert not has_horizontal_overflow(page)
    assert_accessible(page)

"""Login, accepting an invitation and resetting a password in Chromium, on a desktop and a phone.

Uses the shared ``live_server`` (demo data, SQLite, mails in a folder) and asserts that no page
of the flows scrolls sideways.
"""

from __future__ import annotations

import uuid

import pytest

from tests.browser.conftest import DESKTOP, PHONE, has_horizontal_overflow, links_in, login, wait_for_mail

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
START_HEADINGS = {
    "azubi@demo.example": "Hallo Lena!",
    "ausbilder@demo.example": "Guten Tag, Thomas Wagner",
    "betrieb@demo.example": "Haustechnik Schulze GmbH",
    "cluster@demo.example": "Cluster-Überblick",
    "admin@demo.example": "Administration",
}


def _no_overflow(page) -> None:
    assert not has_horizontal_overflow(page), f"{page.url} scrolls sideways at {page.viewport_size}"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("email", START_HEADINGS)
def test_demo_login_lands_on_start_page(live_server, browser_page, email, viewport):
    """Does each of the five demo logins land on its own German start page, without sideways scrolling?"""
    page = browser_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server + "/")
    assert page.url.startswith(live_server + "/login"), "the start page needs a login"
    assert page.locator("html").get_attribute("lang") == "de"
    _no_overflow(page)
    login(page, live_server, email)
    assert page.url == live_server + "/"
    assert START_HEADINGS[email] in page.locator("h1").inner_text()
    _no_overflow(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_wrong_password_shows_generic_error(live_server, browser_page, viewport):
    """Does a wrong password show the one generic German error, with the form still usable?"""
    page = browser_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "ausbilder@demo.example")
    page.fill("input[name=password]", "das-ist-falsch-" + uuid.uuid4().hex[:6])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "E-Mail-Adresse oder Passwort ist falsch." in page.inner_text("main")
    _no_overflow(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_lead_invites_trainer_who_accepts(live_server, browser_page, viewport):
    """Can a lead invite a trainer in the UI, who opens the mailed link, sets a password and lands on the start page?"""
    address = f"neu-{viewport}-{uuid.uuid4().hex[:6]}@demo.example"
    lead = browser_page(viewport=VIEWPORTS[viewport])
    login(lead, live_server, "betrieb@demo.example")
    lead.goto(live_server + "/company/")
    _no_overflow(lead)
    lead.fill("#invite-name", "Nora Neumann")
    lead.fill("#invite-email", address)
    lead.select_option("#invite-role", "trainer")
    with lead.expect_navigation():
        lead.click("form[action$='/company/invite'] button[type=submit]")
    assert address in lead.inner_text("main")
    _no_overflow(lead)

    [link] = links_in(wait_for_mail(live_server, address))
    invitee = browser_page(viewport=VIEWPORTS[viewport])
    invitee.goto(link)
    assert "Willkommen, Nora Neumann" in invitee.inner_text("h1")
    _no_overflow(invitee)
    invitee.fill("input[name=password]", "Kohlebagger-Museum-2026")
    invitee.fill("input[name=confirm]", "Kohlebagger-Museum-2026")
    with invitee.expect_navigation():
        invitee.click("main button[type=submit]")
    assert invitee.url == live_server + "/"
    assert "Guten Tag, Nora Neumann" in invitee.inner_text("h1")
    _no_overflow(invitee)

    again = browser_page(viewport=VIEWPORTS[viewport])
    again.goto(link)
    assert "nicht mehr gültig" in again.inner_text("main"), "the invitation link must be single-use"
    fresh = browser_page(viewport=VIEWPORTS[viewport])
    login(fresh, live_server, address, "Kohlebagger-Museum-2026")


@pytest.mark.parametrize(
    ("viewport", "email"), [("desktop", "ben.kaiser@demo.example"), ("phone", "mia.nowak@demo.example")]
)
def test_password_reset_by_mail(live_server, browser_page, viewport, email):
    """Can a person request a reset link, set a new password through it and sign in with it (link then used up)?"""
    page = browser_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server + "/login")
    with page.expect_navigation():
        page.click("text=Passwort vergessen?")
    _no_overflow(page)
    page.fill("input[name=email]", email)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "Wenn es ein Konto mit dieser Adresse gibt" in page.inner_text("main")

    [link] = links_in(wait_for_mail(live_server, email))
    new_password = "Tagebau-See-" + uuid.uuid4().hex[:8]
    page.goto(link)
    _no_overflow(page)
    page.fill("input[name=password]", new_password)
    page.fill("input[name=confirm]", new_password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.startswith(live_server + "/login")
    assert "Ihr Passwort ist geändert" in page.inner_text("main")
    login(page, live_server, email, new_password)
    assert page.url == live_server + "/"
    _no_overflow(page)
    page.goto(link)
    assert "nicht mehr gültig" in page.inner_text("main")

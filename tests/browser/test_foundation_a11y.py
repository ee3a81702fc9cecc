"""axe-core (WCAG 2.1 A/AA) on every foundation page, at 390 px and on a desktop, without sideways scrolling.

Pages: login, forgot/reset password, invitation, invalid link, error pages, the start pages of all
five roles, profile (also with the menu open and with form errors), notifications, the company
page, the cluster's companies and one company, and the admin's people, person and audit pages.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_violations,
    format_violations,
    has_horizontal_overflow,
    links_in,
    login,
    wait_for_mail,
)

pytestmark = pytest.mark.browser
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# role login -> pages (paths; "{company}"/"{person}" are filled from links on the pages)
ROLE_PAGES = {
    "azubi@demo.example": ["/", "/profile", "/notifications/", "/admin/"],  # /admin/ → 403 page
    "ausbilder@demo.example": ["/", "/profile", "/notifications/"],
    "betrieb@demo.example": ["/", "/company/", "/profile"],
    "cluster@demo.example": ["/", "/cluster/companies", "/cluster/companies/{company}"],
    "admin@demo.example": ["/", "/admin/", "/admin/people/{person}", "/admin/audit", "/cluster/companies"],
}


def _scan(page, problems: list[str], expected_status: int | None = None, response=None) -> None:
    if expected_status is not None:
        assert response is not None and response.status == expected_status, (
            f"{page.url}: {response and response.status}"
        )
    violations = axe_violations(page)
    if violations:
        problems.append(f"{page.url} at {page.viewport_size['width']} px:\n{format_violations(violations)}")
    if has_horizontal_overflow(page):
        problems.append(f"{page.url} scrolls sideways at {page.viewport_size['width']} px")


def _first_id(page, pattern: str) -> str:
    for href in page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))"):
        match = re.search(pattern, href)
        if match:
            return match.group(1)
    raise AssertionError(f"no link matching {pattern} on {page.url}")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_public_pages_are_accessible(live_server, browser_page, viewport):
    """Do login, forgot/reset password, invitation, invalid link and error pages pass axe without overflow?"""
    problems: list[str] = []
    page = browser_page(viewport=VIEWPORTS[viewport])
    for path, status in (("/login", 200), ("/password/forgot", 200), ("/gibt-es-nicht", 404), ("/invite/x", 404)):
        _scan(page, problems, status, page.goto(live_server + path))

    # the login page with the generic error, the language switch, and English
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "niemand@demo.example")
    page.fill("input[name=password]", "falsch-" + uuid.uuid4().hex[:6])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    _scan(page, problems)
    with page.expect_navigation():
        page.click("header button[name=locale]")
    assert page.locator("html").get_attribute("lang") == "en"
    _scan(page, problems)
    with page.expect_navigation():
        page.click("header button[name=locale]")

    # a reset link and an invitation link from the mails
    page.goto(live_server + "/password/forgot")
    page.fill("input[name=email]", "steffen.lange@demo.example")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    [reset_link] = links_in(wait_for_mail(live_server, "steffen.lange@demo.example"))
    _scan(page, problems, 200, page.goto(reset_link))
    page.fill("input[name=password]", "kurz")
    page.fill("input[name=confirm]", "anders")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    _scan(page, problems)  # the form with error messages

    lead = browser_page(viewport=VIEWPORTS[viewport])
    login(lead, live_server, "robert.noack@demo.example")
    address = f"a11y-{viewport}-{uuid.uuid4().hex[:6]}@demo.example"
    lead.goto(live_server + "/company/")
    lead.fill("#invite-name", "Alex Barrierefrei")
    lead.fill("#invite-email", address)
    lead.select_option("#invite-role", "trainer")
    with lead.expect_navigation():
        lead.click("form[action$='/company/invite'] button[type=submit]")
    [invite_link] = links_in(wait_for_mail(live_server, address))
    visitor = browser_page(viewport=VIEWPORTS[viewport])
    _scan(visitor, problems, 200, visitor.goto(invite_link))
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("email", ROLE_PAGES)
def test_signed_in_pages_are_accessible(live_server, browser_page, email, viewport):
    """Does every foundation page of this role pass axe (WCAG 2.1 A/AA) without sideways scrolling?"""
    problems: list[str] = []
    page = browser_page(viewport=VIEWPORTS[viewport])
    login(page, live_server, email)
    ids: dict[str, str] = {}
    for path in ROLE_PAGES[email]:
        if "{company}" in path and "company" not in ids:
            page.goto(live_server + "/cluster/companies")
            ids["company"] = _first_id(page, r"/cluster/companies/(\d+)")
        if "{person}" in path and "person" not in ids:
            page.goto(live_server + "/admin/")
            ids["person"] = _first_id(page, r"/admin/people/(\d+)")
        response = page.goto(live_server + path.format(**ids))
        expected = 403 if email.startswith("azubi") and path.startswith("/admin") else 200
        _scan(page, problems, expected, response)
    # the menu opened (the navigation is hidden in a <details> until then)
    page.goto(live_server + "/")
    page.click("summary")
    _scan(page, problems)
    assert not problems, "\n\n".join(problems)


def test_profile_form_errors_are_accessible(live_server, browser_page):
    """Does the profile page with password errors still pass axe?"""
    problems: list[str] = []
    page = browser_page(viewport=PHONE)
    login(page, live_server, "anja.domaschke@demo.example")
    page.goto(live_server + "/profile")
    page.fill("#pw-current", "falsch")
    page.fill("#pw-password", "kurz")
    page.fill("#pw-confirm", "kurz")
    with page.expect_navigation():
        page.click("form:has(#pw-current) button[type=submit]")
    assert page.locator(".error").count() >= 1
    _scan(page, problems)
    assert not problems, "\n\n".join(problems)

"""The company-task loop on a phone (390×844): assign → six steps → return → resubmit → approve.

Also the one-tap self-assessment on the plan page. Every visited page is scanned with axe-core
(WCAG 2.1 A/AA) and checked for horizontal overflow.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, assert_accessible, has_horizontal_overflow, login, wait_for_mail

pytestmark = pytest.mark.browser
TITLE = "Gas-Brennwertkessel warten"


def _check(page) -> None:
    assert not has_horizontal_overflow(page), f"horizontal overflow on {page.url}"
    assert_accessible(page)


def _act(page, action: str, text: str | None = None) -> None:
    form = page.locator(f"form[action$='/do/{action}']")
    if text is not None:
        form.locator("textarea").fill(text)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def logout(page, base: str) -> None:
    """Sign out through the menu (the logout button sits in the collapsed menu on a phone)."""
    page.goto(base + "/")
    page.locator("details.menu > summary").click()
    with page.expect_navigation():
        page.click("form[action$='/logout'] button")


def _open_task(page, base: str) -> None:
    page.goto(base + "/plan/tasks/")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).first.click()


def test_task_loop_on_a_phone(live_server, browser_page):
    """Can a trainer assign a task and the apprentice work it through all steps to approval on a phone?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "ausbilder@demo.example")
    page.goto(base + "/plan/library/?occupation=anlagenmechaniker_shk_2016")
    _check(page)
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    _check(page)
    page.get_by_label("Lena Hoffmann").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Zuweisen").click()
    assert "zugewiesen" in page.content()
    logout(page, base)

    login(page, base, "azubi@demo.example")
    _open_task(page, base)
    _check(page)
    _act(page, "start")
    for step in ("Informieren", "Planen", "Entscheiden", "Ausführen", "Kontrollieren"):
        assert page.locator("ol.steps li[aria-current=step]").inner_text().strip().startswith(step)
        _act(page, "complete_step", f"{step}: Wartungsanleitung gelesen und Schritt dokumentiert.")
    _check(page)
    _act(page, "submit", "Abgasmessung gelang, beim Zusammenbau half mir Mario.")
    assert "Prüfung durch Ausbilder/-in" in page.content()
    logout(page, base)

    login(page, base, "ausbilder@demo.example")
    _open_task(page, base)
    _check(page)
    _act(page, "return", "Bitte trage die Messwerte der Abgasmessung ins Protokoll ein.")
    assert "Zurückgegeben" in page.content()
    logout(page, base)

    login(page, base, "azubi@demo.example")
    _open_task(page, base)
    assert "Messwerte der Abgasmessung" in page.content()
    _act(page, "resubmit", "Messwerte eingetragen: CO2 9,1 %, CO 12 ppm.")
    logout(page, base)

    login(page, base, "ausbilder@demo.example")
    _open_task(page, base)
    _act(page, "approve", "Gut gemacht.")
    assert "Abgeschlossen" in page.locator("p.task-meta").inner_text()
    _check(page)
    message = wait_for_mail(base, "azubi@demo.example", count=1)
    assert message is not None


def test_self_assessment_one_tap_on_a_phone(live_server, browser_page):
    """Does one tap on a level button save the self-assessment on a phone (plan and coverage pass axe)?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "azubi@demo.example")
    page.goto(base + "/plan/")
    _check(page)
    details = page.locator("details.position").first
    details.locator("summary").click()
    button = details.locator("li.item").first.get_by_role("button", name="selbstständig")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    button.click()
    page.wait_for_function("b => b.getAttribute('aria-pressed') === 'true'", arg=button.element_handle())
    _check(page)
    page.reload()
    page.locator("details.position").first.locator("summary").click()
    pressed = page.locator("details.position").first.locator("li.item").first.locator("button[aria-pressed=true]")
    assert "selbstständig" in pressed.inner_text()
    page.goto(base + page.locator("a", has_text="Abdeckung").first.get_attribute("href"))
    _check(page)


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        ("azubi@demo.example", ["/plan/a/{me}/goals", "/plan/a/{me}/profile", "/plan/a/{me}/positions/{pos}",
                                "/plan/tasks/"]),
        ("ausbilder@demo.example", ["/plan/", "/plan/company-plan/", "/plan/library/new", "/plan/tasks/"]),
        ("admin@demo.example", ["/admin/framework-plans/", "/admin/framework-plans/dachdecker_2016"]),
    ],
)  # fmt: skip
def test_plan_pages_accessible_on_a_phone(live_server, browser_page, email, paths):
    """Do the other plan pages pass axe and fit a 390 px screen?"""
    page = browser_page(viewport=PHONE)
    login(page, live_server, "azubi@demo.example")
    page.goto(live_server + "/plan/")
    me = page.url.rstrip("/").split("/")[-1] if "/a/" in page.url else None
    href = page.locator("details.position a[href*='/positions/']").first.get_attribute("href")
    me, pos = href.split("/")[3], href.split("/")[-1]
    page.context.clear_cookies()
    login(page, live_server, email)
    for path in paths:
        page.goto(live_server + path.format(me=me, pos=pos))
        assert page.url.endswith(path.format(me=me, pos=pos).split("?")[0]) or "/plan" in page.url
        for details in page.locator("main details").all()[:3]:
            details.locator("summary").first.click()
        _check(page)

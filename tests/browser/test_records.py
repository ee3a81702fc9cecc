"""The training record in a browser on a phone (390×844): writing and submitting a week, and
autosave that keeps the text when the network is cut. Pages are scanned with axe-core.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import PHONE, assert_accessible, has_horizontal_overflow, login

pytestmark = pytest.mark.browser
STATUS = "#autosave-status"


def _week_path(weeks_back: int) -> str:
    year, week, _day = (dt.date.today() - dt.timedelta(weeks=weeks_back)).isocalendar()
    return f"/records/week/{year}/{week}"


def _check(page) -> None:
    assert not has_horizontal_overflow(page), f"horizontal overflow on {page.url}"
    assert_accessible(page)


def test_write_and_submit_a_week_on_a_phone(live_server, browser_page):
    """Can an apprentice write this week's record and submit it on a phone, accessibly?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "azubi@demo.example")
    page.goto(base + "/records/")
    _check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Diese Woche schreiben").click()
    _check(page)
    page.get_by_label("Tätigkeit 1").fill("Fußbodenheizung verlegt und Druckprobe gemacht")
    page.locator("input[name='a-0-hours']").fill("16,5")
    page.get_by_label("Fach oder Lernfeld (Zeile 1)").fill("LF 5")
    page.get_by_label("Themen (Zeile 1)").fill("Wärmeverteilanlagen")
    page.locator("input[name='s-0-hours']").fill("8")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern und einreichen").click()
    assert "Die Woche ist eingereicht." in page.content()
    _check(page)
    page.goto(base + _week_path(0))
    assert "Fußbodenheizung verlegt" in page.content()
    assert page.locator("form#week-form").count() == 0  # submitted: read-only
    _check(page)

    page.goto(base + "/records/")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF für die Kammer").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_autosave_failure_keeps_the_text(live_server, browser_page):
    """When the network is cut, does autosave say so, keep the text and restore it after a reload?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "azubi@demo.example")
    page.goto(base + _week_path(12))
    first = page.get_by_label("Tätigkeit 1")
    first.fill("Heizungsverteiler montiert")
    page.wait_for_selector(f"{STATUS}.is-ok")
    assert page.locator(STATUS).inner_text() == "Gespeichert"

    page.context.set_offline(True)
    second = page.get_by_label("Tätigkeit 2")
    second.fill("Offline auf der Baustelle geschrieben")
    page.wait_for_selector(f"{STATUS}.is-error")
    assert "Nicht gespeichert – Ihr Text bleibt erhalten" in page.locator(STATUS).inner_text()
    assert second.input_value() == "Offline auf der Baustelle geschrieben"
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert "Offline auf der Baustelle geschrieben" in stored

    page.route("**/autosave", lambda route: route.abort())  # the save keeps failing after reconnecting
    page.context.set_offline(False)
    page.reload()
    assert page.get_by_label("Tätigkeit 2").input_value() == "Offline auf der Baustelle geschrieben"
    page.wait_for_selector(f"{STATUS}.is-error")

    page.unroute("**/autosave")
    page.get_by_label("Tätigkeit 2").type(".")
    page.wait_for_selector(f"{STATUS}.is-ok")
    page.reload()
    assert page.get_by_label("Tätigkeit 2").input_value() == "Offline auf der Baustelle geschrieben."
    _check(page)


def test_trainer_reviews_from_the_queue_on_a_phone(live_server, browser_page):
    """Can a trainer open the review queue, see ages and confirm a week as reviewed, accessibly?"""
    base = live_server
    page = browser_page(viewport=PHONE)
    login(page, base, "ausbilder@demo.example")
    page.goto(base + "/records/")
    _check(page)
    page.goto(base + "/records/review")
    _check(page)
    assert "Wartet seit (Tage)" in page.content()
    with page.expect_navigation():
        page.locator("table a").first.click()
    _check(page)
    page.get_by_label("Bemerkung (freiwillig)").fill("Vollständig, danke.")
    with page.expect_navigation():
        page.get_by_role("button", name="Geprüft").click()
    assert "Die Woche ist als geprüft bestätigt." in page.content()

"""Writing a week over HTTP: normal submit without JavaScript, autosave, CSRF, validation."""

from __future__ import annotations

import re

import pytest

from lms.records import services
from lms.records.models import WeekStatus
from tests.records.helpers import session_login, setup_company


def test_normal_submit_saves_and_submits(client):
    """Does the form work without JavaScript: save, then save-and-submit?"""
    _company, _trainer, apprentice, _lead = setup_company()
    session_login(client, apprentice)
    data = {
        "department": "Montage",
        "training_year": "2",
        "a-0-text": "Rohre verpresst",
        "a-0-hours": "8",
        "u-0-category": "uelu",
        "u-0-text": "ÜLU Schweißen",
        "u-0-hours": "30",
        "f-0-category": "feiertag",
        "f-0-days": "1",
        "action": "save",
    }
    assert client.post("/records/week/2026/46", data=data).status_code == 302
    week = services.find_week(apprentice.id, 2026, 46)
    assert week.status is WeekStatus.DRAFT and week.training_year == 2 and week.revision.total_hours == 38
    assert [e.kind for e in week.revision.entries] == ["activity", "instruction", "absence"]
    page = client.get("/records/week/2026/46").get_data(as_text=True)
    assert "Rohre verpresst" in page and 'value="8"' in page
    data["action"] = "submit"
    assert client.post("/records/week/2026/46", data=data).status_code == 302
    assert week.status is WeekStatus.SUBMITTED
    assert client.post("/records/week/2026/46", data=data).status_code == 409


def test_bad_hours_rerender_with_text_kept(client):
    """Does a bad number answer 400 with the form re-rendered, the text kept and nothing saved?"""
    _company, _trainer, apprentice, _lead = setup_company()
    session_login(client, apprentice)
    response = client.post("/records/week/2026/46", data={"a-0-text": "Mein Text", "a-0-hours": "viel"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Mein Text" in body and "Bitte eine Zahl eingeben" in body
    week = services.find_week(apprentice.id, 2026, 46)
    assert week is None or not week.revision.entries


@pytest.mark.parametrize("path", ["/records/week/2030/5", "/records/week/2024/10", "/records/week/2026/60"])
def test_future_and_impossible_weeks_are_404(client, path):
    """Are weeks in the future, before the training or that do not exist refused with 404?"""
    _company, _trainer, apprentice, _lead = setup_company()
    session_login(client, apprentice)
    assert client.get(path).status_code == 404


def test_autosave_json_and_csrf_header(app, client):
    """Does autosave answer JSON, need the CSRF token (header accepted), and refuse locked weeks?"""
    _company, _trainer, apprentice, _lead = setup_company()
    session_login(client, apprentice)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/records/week/2026/46").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(
        "/records/week/2026/46/autosave", data={"a-0-text": "Entwurf", "a-0-hours": "2"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200 and response.json["ok"] is True
    assert services.find_week(apprentice.id, 2026, 46).revision.entries[0].text == "Entwurf"
    bad = client.post(
        "/records/week/2026/46/autosave", data={"a-0-text": "x", "a-0-hours": "-3"}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 400 and bad.json["ok"] is False
    assert client.post("/records/week/2026/46/autosave", data={"a-0-text": "ohne Token"}).status_code == 400


def test_daily_mode_offers_days(client):
    """Does the company's daily mode add a day to each activity and store it?"""
    company, trainer, apprentice, _lead = setup_company()
    session_login(client, trainer)
    client.post("/records/settings", data={"daily_mode": "1"})
    assert services.daily_mode(company.id)
    session_login(client, apprentice)
    assert 'name="a-0-day"' in client.get("/records/week/2026/46").get_data(as_text=True)
    client.post("/records/week/2026/46", data={"a-0-text": "Montag", "a-0-day": "2026-11-09"})
    assert str(services.find_week(apprentice.id, 2026, 46).revision.entries[0].day) == "2026-11-09"

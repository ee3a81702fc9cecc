"""German by default, English selectable (profile and visitor switch), German dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask_babel import force_locale

from lms.auth.models import Role
from lms.core.web import german_date
from tests.factories import make_user

TRANSLATIONS = Path(__file__).resolve().parents[2] / "lms" / "translations"


def test_login_page_is_german_by_default(client):
    """Does a visitor see the login page in German, with lang="de"?"""
    html = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="de">' in html and "Anmelden" in html and "Passwort vergessen?" in html


def test_visitor_switches_to_english(client):
    """Can a visitor switch the pages before login to English (and back)?"""
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html and "Forgot your password?" in html and "Passwort vergessen?" not in html
    client.post("/language", data={"locale": "de"})
    assert "Passwort vergessen?" in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_foreign_redirects(client):
    """Does the language switch only redirect to local paths?"""
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/login"


def test_person_with_english_sees_english_start_page(client, login_as):
    """Does a person who chose English on the profile see the start page and menu in English?"""
    user = make_user(Role.TRAINER, name="Thomas Wagner")
    login_as(user)
    client.post("/profile", data={"lang-locale": "en"})
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Good day, Thomas Wagner" in html and "Guten Tag" not in html
    assert "Sign out" in html and "Profile" in html
    assert "Skip to content" in html


def test_dates_in_german_format(app):
    """Are dates shown as 23.11.2026 (times as 23.11.2026, 15:05 Berlin time) in German, English style in English?"""
    with app.test_request_context():
        assert german_date(dt.date(2026, 11, 23)) == "23.11.2026"
        assert german_date(dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.UTC)) == "23.11.2026, 15:05"
        assert german_date(None) == "–"
        with force_locale("en"):
            assert german_date(dt.date(2026, 11, 23)) == "Nov 23, 2026"


def test_english_catalogue_is_complete():
    """Does the English catalogue translate every msgid (no empty or fuzzy entries)?"""
    from babel.messages.pofile import read_po

    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [
        str(m.id)
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
    ]
    assert not untranslated, f"{len(untranslated)} msgids lack an English translation, e.g. {untranslated[:5]}"

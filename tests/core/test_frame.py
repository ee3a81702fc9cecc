"""The frame of every signed-in page: person, unread count, menu and template strings, per request."""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale

from lms.auth.models import Role
from lms.db import db
from lms.notifications.services import notify
from tests.factories import make_user


def test_menu_shows_the_unread_count_of_this_request(client, login_as):
    """Does the menu show the person's own unread count, updated on the next page after reading?"""
    user = make_user(Role.TRAINER)
    other = make_user(Role.TRAINER)
    for text in ("Erste", "Zweite"):
        notify(user, "test", text, "/", email=False)
    notify(other, "test", "Fremde", "/", email=False)
    login_as(user)
    html = client.get("/notifications/").get_data(as_text=True)
    assert 'aria-label="2 ungelesene Benachrichtigungen">2</span>' in html and "Benachrichtigungen (2)" in html
    client.post("/notifications/read")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "ungelesene Benachrichtigungen" not in html and "Benachrichtigungen (" not in html
    notify(user, "test", "Dritte", "/", email=False)
    assert "Benachrichtigungen (1)" in client.get("/").get_data(as_text=True)


def test_changed_session_version_ends_the_session(client, login_as):
    """Does a bumped session version (password change elsewhere) sign the open session out?"""
    user = make_user(Role.APPRENTICE)
    login_as(user)
    assert client.get("/notifications/").status_code == 200
    user.session_version += 1
    db.session.flush()
    assert client.get("/notifications/").status_code == 302


def test_menu_follows_role_and_language_of_each_request(app: Flask):
    """Does each person get the menu of their own role and language, even right after someone else?"""
    trainer = make_user(Role.TRAINER)
    admin = make_user(Role.ADMIN, locale="en")
    pages = {}
    for person in (trainer, admin, trainer):
        client = app.test_client()
        client.post("/login", data={"email": person.email, "password": "Lausitz-Test-2026!"})
        pages.setdefault(person.role, []).append(client.get("/notifications/").get_data(as_text=True))
    for html in pages[Role.TRAINER]:
        assert ">Lernen</a>" in html and "Verwaltung" not in html and "Administration" not in html
    admin_html = pages[Role.ADMIN][0]
    assert ">Administration</a>" in admin_html and ">Lernen</a>" not in admin_html and "Sign out" in admin_html


def test_template_strings_follow_a_locale_switch_within_a_request(app: Flask):
    """Do template strings follow ``force_locale`` inside one request (the per-request cache is per locale)?"""
    template = "{{ _('Profil') }}|{{ _('%(n)d ungelesene Benachrichtigungen', n=3) }}"
    with app.test_request_context():
        assert render_template_string(template) == "Profil|3 ungelesene Benachrichtigungen"
        with force_locale("en"):
            assert render_template_string(template) == "Profile|3 unread notifications"
        assert render_template_string(template) == "Profil|3 ungelesene Benachrichtigungen"

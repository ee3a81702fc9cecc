"""The unit page's cached markup: a sync shows the new version, per-person parts are never shared."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from lms.auth.models import Role
from tests.factories import make_user
from tests.learning.conftest import SLUG

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _sync(app: Flask, courses: Path) -> str:
    result = app.test_cli_runner().invoke(args=["lms", "courses", "sync", "--dir", str(courses)])
    assert result.exit_code == 0, result.output
    return result.output


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unit_page_shows_the_new_version_after_courses_sync(app, trainer, login_as, module_copy: Path):
    """After `flask lms courses sync` changes a unit's text, title and self-check, does the next view
    (and the neighbour's pager) show the new version instead of the cached markup of the old one?"""
    _sync(app, module_copy.parent)
    client = login_as(trainer)
    url = f"/learn/{SLUG}/u/liste-fuehren"
    before = client.get(url).get_data(as_text=True)
    assert "Die Liste hat drei Spalten" in before and "Welche Spalten hat die Ausgabeliste?" in before
    assert "Die Liste führen →" in client.get(f"/learn/{SLUG}/u/ausgabe-planen").get_data(as_text=True)

    unit_file = module_copy / "units" / "liste-fuehren.md"
    _edit(unit_file, "Die Liste hat drei Spalten", "Die Liste hat vier Spalten")
    _edit(unit_file, 'title: "Die Liste führen"', 'title: "Die Liste sauber führen"')
    _edit(module_copy / "checks.yaml", "Welche Spalten hat die Ausgabeliste?", "Welche Spalten braucht die Liste?")
    assert f"{SLUG}: new version" in _sync(app, module_copy.parent)

    after = client.get(url).get_data(as_text=True)
    assert "Die Liste hat vier Spalten" in after and "drei Spalten" not in after
    assert "<h1>Die Liste sauber führen</h1>" in after and "Welche Spalten braucht die Liste?" in after
    assert "Welche Spalten hat die Ausgabeliste?" not in after
    neighbour = client.get(f"/learn/{SLUG}/u/ausgabe-planen").get_data(as_text=True)
    assert "Die Liste sauber führen →" in neighbour


def test_per_person_parts_never_come_from_another_persons_page(module, company, app: Flask):
    """With the shared markup cached, does each person still get their own seen state, CSRF token,
    answer feedback and language on the same unit page?"""
    url = f"/learn/{SLUG}/u/ausgabe-planen"
    first, second = make_user(Role.TRAINER, company), make_user(Role.APPRENTICE, company, locale="en")
    clients = []
    for person in (first, second):
        client = app.test_client()
        client.post("/login", data={"email": person.email, "password": "Lausitz-Test-2026!"})
        clients.append(client)
    clients[0].post(f"{url}/seen")
    answered = clients[0].post(f"{url}/check/ap-1", data={"answer": "b"}).get_data(as_text=True)
    assert "Noch nicht ganz." in answered and "✓ Gelesen" in answered

    own = clients[0].get(url).get_data(as_text=True)
    other = clients[1].get(url).get_data(as_text=True)
    assert "✓ Gelesen" in own and "Noch nicht ganz." not in own  # feedback only right after answering
    assert "✓ Read" not in other and "Not quite" not in other and "Mark as read and continue" in other
    own_tokens, other_tokens = set(CSRF_RE.findall(own)), set(CSRF_RE.findall(other))
    assert len(own_tokens) == 1 and len(other_tokens) == 1 and own_tokens != other_tokens
    assert len(CSRF_RE.findall(own)) == own.count("<form ")  # every form carries the token

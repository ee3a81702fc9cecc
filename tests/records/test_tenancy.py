"""Tenancy: every records route × role × own/foreign company.

Apprentices see only their own record; trainers and company leads their company's apprentices
(only trainers review); the cluster agent and administrators see no record text (403);
ids of other companies answer 404.
"""

from __future__ import annotations

import pytest

from lms.auth.models import Role
from lms.records import workflow
from tests.factories import make_apprentice, make_user
from tests.records.helpers import make_week, session_login, setup_company

SECRET = "Heizkörper montiert"
PEOPLE = ("owner", "classmate", "trainer", "lead", "foreign_trainer", "foreign_lead", "cluster", "admin")


@pytest.fixture()
def world():
    company, trainer, owner, lead = setup_company()
    _other, foreign_trainer, _foreign_apprentice, foreign_lead = setup_company()
    week = make_week(owner)
    workflow.submit_week(week, owner)
    people = {
        "owner": owner,
        "classmate": make_apprentice(company),
        "trainer": trainer,
        "lead": lead,
        "foreign_trainer": foreign_trainer,
        "foreign_lead": foreign_lead,
        "cluster": make_user(Role.CLUSTER_AGENT),
        "admin": make_user(Role.ADMIN),
    }
    return people, week


def _expect(table: str) -> dict[str, int]:
    return dict(zip(PEOPLE, (int(code) for code in table.split()), strict=True))


# route -> (method, path template, data, expected status per person in PEOPLE order)
ROUTES = {
    "index": ("get", "/records/", None, _expect("200 200 200 200 200 200 403 403")),
    "queue": ("get", "/records/review", None, _expect("403 403 200 200 200 200 403 403")),
    "show_week": ("get", "/records/weeks/{week}", None, _expect("200 404 200 200 404 404 403 403")),
    "review": ("post", "/records/weeks/{week}/review", {"comment": "ok"}, _expect("403 403 302 403 404 404 403 403")),
    "return": ("post", "/records/weeks/{week}/return", {"reason": "x"}, _expect("403 403 302 403 404 404 403 403")),
    "apprentice": ("get", "/records/apprentices/{owner}/", None, _expect("403 403 200 200 404 404 403 403")),
    "apprentice_pdf": (
        "get",
        "/records/apprentices/{owner}/export.pdf",
        None,
        _expect("403 403 200 200 404 404 403 403"),
    ),
    "settings": ("post", "/records/settings", {"daily_mode": "1"}, _expect("403 403 302 302 302 302 403 403")),
    "edit_week": ("get", "/records/week/2026/45", None, _expect("200 200 403 403 403 403 403 403")),
    "save_week": ("post", "/records/week/2026/44", {"a-0-text": "x"}, _expect("302 302 403 403 403 403 403 403")),
    "autosave": (
        "post",
        "/records/week/2026/44/autosave",
        {"a-0-text": "x"},
        _expect("200 200 403 403 403 403 403 403"),
    ),
    "correct": ("post", "/records/week/2026/45/correct", {"reason": "x"}, _expect("409 404 403 403 403 403 403 403")),
    "add_task": (
        "post",
        "/records/week/2026/44/add-task",
        {"task_id": "1"},
        _expect("404 404 403 403 403 403 403 403"),
    ),
    "pdf": ("get", "/records/export.pdf", None, _expect("200 200 403 403 403 403 403 403")),
    "json": ("get", "/records/export.json", None, _expect("200 200 403 403 403 403 403 403")),
    "csv": ("get", "/records/export.csv", None, _expect("200 200 403 403 403 403 403 403")),
}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("route", ROUTES)
def test_route_answers_by_role_and_company(client, world, route, person):
    """Does each route answer the expected status for each role, own and foreign company?"""
    people, week = world
    method, path, data, expected = ROUTES[route]
    session_login(client, people[person])
    url = path.format(week=week.id, owner=people["owner"].id)
    response = getattr(client, method)(url, data=data)
    body = response.get_data().decode("utf-8", "replace")
    assert response.status_code == expected[person], body[:300]
    if person in ("cluster", "admin", "foreign_trainer", "foreign_lead", "classmate") and response.status_code == 200:
        assert SECRET not in body


def test_classmate_sees_own_empty_week_not_the_owners(client, world):
    """Does another apprentice of the same company get their own (empty) week at the same URL?"""
    people, _week = world
    session_login(client, people["classmate"])
    body = client.get("/records/week/2026/45").get_data(as_text=True)
    assert SECRET not in body

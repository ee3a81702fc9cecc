"""Tenancy of every plan and task route: role × own/foreign company (404 foreign, 403 wrong role)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from lms.auth.models import Role
from lms.db import db
from lms.plans import services, tasks
from lms.plans.company_plan import ensure_company_plan
from lms.plans.verbund import grant_link
from lms.plans.workflow import Action
from tests.factories import make_user
from tests.plans.helpers import assign, session_login, setup_company

VIEWERS = ("own_apprentice", "own_trainer", "own_lead", "foreign_apprentice", "foreign_trainer", "foreign_lead",
           "cluster", "admin")  # fmt: skip


def _world():
    company, trainer, apprentice, lead = setup_company()
    other, f_trainer, f_apprentice, f_lead = setup_company()
    task = assign(trainer, apprentice)
    position = services.positions_for(apprentice.apprentice_profile)[0]
    item = position.items[0]
    goal = services.add_goal(apprentice, "Pressen üben", None, "", "", [item.id])
    template = tasks.create_template(
        trainer, occupation_code="anlagenmechaniker_shk_2016", title="Eigene Aufgabe", situation="S", assignment="A"
    )
    entry = ensure_company_plan(company.id, "anlagenmechaniker_shk_2016", None).entries[0]
    partner = setup_company()[0]
    link = grant_link(trainer, apprentice, partner)
    people = {
        "own_apprentice": apprentice, "own_trainer": trainer, "own_lead": lead, "foreign_apprentice": f_apprentice,
        "foreign_trainer": f_trainer, "foreign_lead": f_lead, "cluster": make_user(Role.CLUSTER_AGENT),
        "admin": make_user(Role.ADMIN),
    }  # fmt: skip
    db.session.commit()  # error pages roll back the session; the outer test transaction still ends it
    return SimpleNamespace(a=apprentice, task=task, position=position, item=item, goal=goal, template=template,
                           entry=entry, link=link, partner=partner, other=other, people=people)  # fmt: skip


OBJECT = {"own_apprentice": 200, "own_trainer": 200, "own_lead": 200, "foreign_apprentice": 404,
          "foreign_trainer": 404, "foreign_lead": 404, "cluster": 403, "admin": 403}  # fmt: skip
LIST = {**OBJECT, "foreign_apprentice": 200, "foreign_trainer": 200, "foreign_lead": 200}
STAFF_LIST = {**LIST, "own_apprentice": 403, "foreign_apprentice": 403}
STAFF_OBJECT = {**OBJECT, "own_apprentice": 403, "foreign_apprentice": 403}
APPRENTICE_ONLY = {**OBJECT, "own_trainer": 403, "own_lead": 403, "foreign_trainer": 403, "foreign_lead": 403}


def _redirected(expected: dict[str, int]) -> dict[str, int]:
    return {k: 302 if v == 200 else v for k, v in expected.items()}


ROUTES = [
    ("get", "/plan/", None, LIST),
    ("get", "/plan/a/{a}/", None, OBJECT),
    ("get", "/plan/a/{a}/positions/{position}", None, OBJECT),
    ("get", "/plan/a/{a}/goals", None, OBJECT),
    ("get", "/plan/a/{a}/coverage", None, OBJECT),
    ("get", "/plan/a/{a}/profile", None, OBJECT),
    ("get", "/plan/tasks/", None, LIST),
    ("get", "/plan/tasks/{task}", None, OBJECT),
    ("get", "/plan/library/", None, STAFF_LIST),
    ("get", "/plan/library/new", None, STAFF_LIST),
    ("get", "/plan/library/{template}", None, STAFF_OBJECT),
    ("get", "/plan/company-plan/", None, STAFF_LIST),
    ("post", "/plan/a/{a}/items/{item}/assess", {"level": "2"}, _redirected(OBJECT)),
    ("post", "/plan/a/{a}/items/{item}/notes", {"text": "Nachweis"}, _redirected(APPRENTICE_ONLY)),
    ("post", "/plan/a/{a}/goals", {"what": "Löten"}, _redirected(APPRENTICE_ONLY)),
    ("post", "/plan/a/{a}/goals/{goal}/achieved", {"achieved": "1"}, _redirected(APPRENTICE_ONLY)),
    ("post", "/plan/a/{a}/verbund", {"company_id": "{other}"}, _redirected(STAFF_OBJECT)),
    ("post", "/plan/a/{a}/verbund/{link}/revoke", {}, _redirected(STAFF_OBJECT)),
    ("post", "/plan/tasks/{task}/do/start", {}, {**_redirected(OBJECT), "own_trainer": 403, "own_lead": 403}),
    (
        "post",
        "/plan/library/new",
        {
            "occupation": "anlagenmechaniker_shk_2016",
            "title": "T",
            "situation": "S",
            "assignment": "A",
            "estimated_hours": "4",
        },
        _redirected(STAFF_LIST),
    ),
    ("post", "/plan/library/{template}/assign", {"apprentice_ids": "{a}"}, _redirected(STAFF_OBJECT)),
    ("post", "/plan/library/{template}/publish", {"published": "0"}, _redirected(STAFF_OBJECT)),
    ("post", "/plan/company-plan/generate", {}, _redirected(STAFF_LIST)),
    (
        "post",
        "/plan/company-plan/entries/{entry}",
        {"period_code": "m1_18", "weeks": "3", "site": "uelu"},
        _redirected(STAFF_OBJECT),
    ),
]


def _fill(text: str, w: SimpleNamespace) -> str:
    return text.format(a=w.a.id, position=w.position.id, task=w.task.id, template=w.template.id, item=w.item.id,
                       goal=w.goal.id, link=w.link.id, entry=w.entry.id, other=w.other.id)  # fmt: skip


@pytest.mark.parametrize(("method", "url", "data", "expected"), ROUTES, ids=[f"{m} {u}" for m, u, _d, _e in ROUTES])
def test_route_tenancy(app, method, url, data, expected):
    """Does each route answer every role of the own and a foreign company correctly (200/302, 403, 404)?

    One world per route; the viewers run in order (own apprentice first), each with a fresh client.
    """
    world = _world()
    target = _fill(url, world)
    wrong = {}
    for viewer in VIEWERS:
        client = app.test_client()
        session_login(client, world.people[viewer])
        if method == "get":
            response = client.get(target)
        else:
            response = client.post(target, data={k: _fill(v, world) for k, v in data.items()})
        if response.status_code != expected[viewer]:
            wrong[viewer] = (response.status_code, expected[viewer])
    assert not wrong, wrong


def test_lists_show_only_own_company(app, client, login_as):
    """Do the trainer's apprentice list and task list leave out other companies' people?"""
    world = _world()
    login_as(world.people["foreign_trainer"])
    for url in ("/plan/", "/plan/tasks/"):
        page = client.get(url).get_data(as_text=True)
        assert world.a.name not in page


def test_verbund_link_grants_partner_trainer_access(app, client, login_as):
    """Does a Verbund link let the partner's trainer (not its lead) see and assess the apprentice, until revoked?"""
    world = _world()
    partner_trainer = make_user(Role.TRAINER, world.partner)
    partner_lead = make_user(Role.COMPANY_LEAD, world.partner)
    login_as(partner_trainer)
    assert client.get(f"/plan/a/{world.a.id}/").status_code == 200
    assert client.get(f"/plan/tasks/{world.task.id}").status_code == 200
    assert client.post(f"/plan/a/{world.a.id}/items/{world.item.id}/assess", data={"level": "3"}).status_code == 302
    assert client.post(f"/plan/a/{world.a.id}/verbund/{world.link.id}/revoke").status_code == 404
    client.post("/logout")
    login_as(partner_lead)
    assert client.get(f"/plan/a/{world.a.id}/").status_code == 404
    client.post("/logout")
    login_as(world.people["own_trainer"])
    assert client.post(f"/plan/a/{world.a.id}/verbund/{world.link.id}/revoke").status_code == 302
    client.post("/logout")
    login_as(partner_trainer)
    assert client.get(f"/plan/a/{world.a.id}/").status_code == 404


def test_foreign_task_action_changes_nothing(app, client, login_as):
    """Is a foreign apprentice's attempt on a task a 404 that records nothing?"""
    from lms.xapi.models import Statement

    world = _world()
    count = len(list(db.session.scalars(select(Statement.id))))
    login_as(world.people["foreign_apprentice"])
    assert client.post(f"/plan/tasks/{world.task.id}/do/start").status_code == 404
    assert len(list(db.session.scalars(select(Statement.id)))) == count
    assert tasks.current_state(world.task).state == "assigned"
    tasks.perform(world.task, world.a, Action.START)

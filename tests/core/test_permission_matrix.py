"""Every route × every role × own/foreign company answers as ``tests/core/permission_table.py`` says."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from lms.auth import invitations
from lms.auth.models import Role, User
from lms.db import db
from tests.core.permission_table import OWNED_ELSEWHERE, PERMISSIONS, ROLES, SKIPPED_PREFIXES
from tests.factories import make_apprentice, make_company, make_user

ALL_CASES = {key: case for table in PERMISSIONS.values() for key, case in table.items()}


@dataclass
class World:
    """Two companies with people and open invitations, a cluster agent and an admin."""

    actors: dict[str, User | None]
    ids: dict[str, dict[str, int]]


@pytest.fixture()
def world() -> World:
    own, foreign = make_company("Eigener Betrieb"), make_company("Fremder Betrieb")
    lead = make_user(Role.COMPANY_LEAD, own)
    foreign_lead = make_user(Role.COMPANY_LEAD, foreign)
    actors = {
        "anonymous": None,
        "apprentice": make_apprentice(own),
        "trainer": make_user(Role.TRAINER, own),
        "company_lead": lead,
        "cluster_agent": make_user(Role.CLUSTER_AGENT),
        "admin": make_user(Role.ADMIN),
    }
    ids = {}
    for scope, company, inviter in (("own", own, lead), ("foreign", foreign, foreign_lead)):
        target = make_user(Role.TRAINER, company)
        invitation, _token = invitations.invite(
            inviter, email=f"einladung-{scope}@test.example", name=scope, role=Role.TRAINER, company_id=None
        )
        ids[scope] = {"company_id": company.id, "user_id": target.id, "invitation_id": invitation.id}
    db.session.commit()  # error pages roll the session back; the world must survive that
    return World(actors, ids)


def _sign_in(client, user: User | None) -> None:
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True


def _endpoint_of(app: Flask, key: str) -> str:
    """The endpoint the entry's path reaches (probes like "x#GET" use the method of entry "x")."""
    adapter = app.url_map.bind("localhost")
    case = ALL_CASES[key]
    path = case.path.format(company_id=1, user_id=1, invitation_id=1)
    endpoint, _args = adapter.match(path, method=ALL_CASES.get(key.split("#", 1)[0], case).method)
    return endpoint


def test_every_route_has_an_entry(app: Flask):
    """Is every registered route in the permission table (or explicitly owned by a feature that tests it)?"""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(SKIPPED_PREFIXES) or rule.endpoint == "static":
            continue
        blueprint = rule.endpoint.rsplit(".", 1)[0] if "." in rule.endpoint else ""
        if rule.endpoint in ALL_CASES or blueprint in OWNED_ELSEWHERE:
            continue
        missing.append(f"{rule.endpoint} {sorted(rule.methods - {'HEAD', 'OPTIONS'})} {rule.rule}")
    assert not missing, (
        "These routes have no entry in tests/core/permission_table.py. Add a Case per endpoint to the "
        "PERMISSIONS dict of its blueprint (expected status for every role, own and foreign company), "
        "or list the blueprint in OWNED_ELSEWHERE with the test folder that checks its permissions:\n  "
        + "\n  ".join(missing)
    )


@pytest.mark.parametrize("key", sorted(ALL_CASES))
def test_table_entries_match_registered_routes(app: Flask, key: str):
    """Does every table entry still name an existing route (no stale entries)?"""
    case = ALL_CASES[key]
    assert _endpoint_of(app, key) == key.split("#", 1)[0], f"{key}: {case.method} {case.path} is another route"
    assert set(case.expect) == set(ROLES), f"{key}: give a status for each of {ROLES}"


@pytest.mark.parametrize("key", sorted(ALL_CASES))
def test_permission_matrix(app: Flask, world: World, key: str):
    """Does the route answer every role, on the own and on a foreign company's objects, as the table says?"""
    case = ALL_CASES[key]
    wrong = []
    for role in ROLES:
        for scope in ("own", "foreign"):
            client = app.test_client()
            _sign_in(client, world.actors[role])
            path = case.path.format(**world.ids[scope])
            response = client.open(path, method=case.method)
            expected = case.status(role, scope)
            if response.status_code != expected:
                wrong.append(f"{role:>13} {scope:<7} {case.method} {path}: {response.status_code}, expected {expected}")
    assert not wrong, f"{key} answers differently from tests/core/permission_table.py:\n" + "\n".join(wrong)

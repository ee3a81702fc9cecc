"""Activities, Agents (Person) resources, the admin pages, the CLI and the demo client."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from lms.auth.models import Role
from lms.db import db
from lms.xapi import clients
from lms.xapi.cli import demo_lrs_client
from lms.xapi.models import ActivityDefinition
from tests.factories import make_user
from tests.xapi.conftest import Lrs, make_statement


def test_activity_definitions_merge(lrs: Lrs):
    """Does the Activities resource return the posted object and merge language maps from later statements?"""
    activity_id = f"http://example.com/act/{uuid.uuid4().hex}"
    first = {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {
            "type": "http://example.com/type",
            "name": {"en-GB": "colour", "en-US": "color"},
            "description": {"en-GB": "d"},
            "moreInfo": "http://example.com/more",
            "extensions": {"http://e.com/x": 1},
        },
    }
    lrs.store(make_statement(object=first))
    assert lrs.get("/activities", params={"activityId": activity_id}).json == first
    second = {
        "objectType": "Activity",
        "id": activity_id,
        "definition": {"name": {"en-GB": "colour", "fr-FR": "couleur"}},
    }
    lrs.store(make_statement(object=second))
    name = lrs.get("/activities", params={"activityId": activity_id}).json["definition"]["name"]
    assert name == {"en-GB": "colour", "en-US": "color", "fr-FR": "couleur"}
    assert lrs.get("/activities").status_code == 400
    unknown = lrs.get("/activities", params={"activityId": "http://example.com/never"})
    assert unknown.json == {"objectType": "Activity", "id": "http://example.com/never"}


def test_definition_changed_by_another_worker_is_merged_again(lrs: Lrs):
    """Is a repeated definition merged again once another writer changed the stored one (no stale skip)?"""
    activity_id = f"http://example.com/act/{uuid.uuid4().hex}"
    ours = {"objectType": "Activity", "id": activity_id, "definition": {"type": "http://example.com/t1"}}
    lrs.store(make_statement(object=ours))
    lrs.store(make_statement(object=ours))  # unchanged: remembered as changing nothing
    stored = db.session.scalar(select(ActivityDefinition).where(ActivityDefinition.activity_id == activity_id))
    stored.definition_json = json.dumps({"type": "http://example.com/t2"})  # what another worker wrote
    db.session.commit()
    lrs.store(make_statement(object=ours))
    assert lrs.get("/activities", params={"activityId": activity_id}).json == ours


def test_agents_resource_returns_person(lrs: Lrs):
    """Does /agents return a Person with array-valued name and IFI, and 400 without an IFI?"""
    statement = make_statement()
    lrs.store(statement)
    person = lrs.get("/agents", params={"agent": json.dumps({"mbox": statement["actor"]["mbox"]})}).json
    assert person == {"objectType": "Person", "name": ["Test Person"], "mbox": [statement["actor"]["mbox"]]}
    account = {"objectType": "Agent", "account": {"homePage": "http://x.org", "name": "n"}}
    assert lrs.get("/agents", params={"agent": json.dumps(account)}).json["account"] == [account["account"]]
    assert lrs.get("/agents", params={"agent": json.dumps({"name": "x", "objectType": "Agent"})}).status_code == 400
    assert lrs.get("/agents").status_code == 400


def test_demo_client_is_idempotent(client):
    """Does the demo step create demo-lrs/demo-lrs-secret and survive a second run?"""
    demo_lrs_client()
    demo_lrs_client()
    db.session.commit()
    assert clients.authenticate("demo-lrs", "demo-lrs-secret") is not None
    assert Lrs(client, "demo-lrs", "demo-lrs-secret").get("/statements").status_code == 200


def test_create_client_cli_prints_secret_once(app):
    """Does `flask lms lrs create-client` create a client and print a working secret?"""
    key = "cli-" + uuid.uuid4().hex[:6]
    result = app.test_cli_runner().invoke(args=["lms", "lrs", "create-client", "--key", key, "--scope", "all"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1].split(": ", 1)[1]
    assert clients.authenticate(key, secret) is not None


def test_admin_pages(client, login_as):
    """Can an admin create a client on the page (secret shown once) and see the forwarding backlog?"""
    admin = make_user(role=Role.ADMIN)
    db.session.commit()
    login_as(admin)
    assert client.get("/admin/lrs/clients").status_code == 200
    key = "page-" + uuid.uuid4().hex[:6]
    page = client.post("/admin/lrs/clients", data={"key": key, "name": "Moodle", "scopes": ["statements/write"]})
    assert page.status_code == 200 and key in page.get_data(as_text=True)
    assert client.post("/admin/lrs/clients", data={"key": key, "scopes": ["all"]}).status_code == 400
    forwarding = client.get("/admin/lrs/forwarding")
    assert forwarding.status_code == 200 and "Ausstehend" in forwarding.get_data(as_text=True)


def test_admin_pages_need_admin(client, login_as):
    """Is a non-admin refused on the LRS admin pages?"""
    trainer = make_user(role=Role.TRAINER)
    db.session.commit()
    login_as(trainer)
    assert client.get("/admin/lrs/clients").status_code == 403
    assert client.get("/admin/lrs/forwarding").status_code == 403

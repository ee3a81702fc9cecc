"""Cross-cutting LRS behaviour: version header, authentication, scopes, parameters, alternate syntax, CORS."""

from __future__ import annotations

import json
import urllib.parse
import uuid

from lms.db import db
from lms.xapi import clients
from tests.xapi.conftest import VERSION_HEADER, Lrs, basic, make_statement


def test_about_needs_neither_credentials_nor_version(client):
    """Does /about answer 200 with a version list to an anonymous request without version header?"""
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert "1.0.3" in response.json["version"]
    assert response.headers["X-Experience-API-Version"] == "1.0.3"


def test_missing_version_header_is_400_before_lookup(lrs: Lrs):
    """Is a request without X-Experience-API-Version rejected with 400 (not 404) on every resource?"""
    headers = {"X-Experience-API-Version": ""}
    for path, params in [
        ("/statements", {"statementId": str(uuid.uuid4())}),
        ("/activities", {"activityId": "http://x.org/a"}),
        ("/agents", {"agent": {"mbox": "mailto:a@b.org"}}),
    ]:
        lrs.headers.pop("X-Experience-API-Version", None)
        response = lrs.get(path, params=params, headers={})
        assert response.status_code == 400, path
        assert response.headers["X-Experience-API-Version"] == "1.0.3"
    del headers


def test_unsupported_version_is_400(lrs: Lrs):
    """Is a version outside 1.0.x rejected?"""
    assert lrs.get("/statements", headers={"X-Experience-API-Version": "0.9"}).status_code == 400
    assert lrs.get("/statements", headers={"X-Experience-API-Version": "1.0"}).status_code == 200


def test_missing_or_wrong_credentials_are_401_with_challenge(client):
    """Does the API answer 401 with WWW-Authenticate without or with wrong credentials?"""
    response = client.get("/xapi/statements", headers=VERSION_HEADER)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    wrong = client.get("/xapi/statements", headers={**VERSION_HEADER, "Authorization": basic("nobody", "x")})
    assert wrong.status_code == 401
    malformed = client.get("/xapi/statements", headers={**VERSION_HEADER, "Authorization": "Basic:xxxx"})
    assert malformed.status_code == 401


def test_client_without_scope_gets_403(client):
    """Does a read-only client get 403 when it writes statements?"""
    _c, secret = clients.create_client("reader-" + uuid.uuid4().hex[:6], "r", ["statements/read"])
    key = _c.key
    db.session.commit()
    reader = Lrs(client, key, secret)
    assert reader.get("/statements").status_code == 200
    response = reader.post("/statements", json_body=make_statement())
    assert response.status_code == 403
    assert "statements/write" in response.json["message"]


def test_deactivated_client_is_401(lrs: Lrs, client):
    """Is a deactivated client refused?"""
    _c, secret = clients.create_client("gone-" + uuid.uuid4().hex[:6], "g", ["all"])
    clients.set_active(_c.id, False)
    db.session.commit()
    assert Lrs(client, _c.key, secret).get("/statements").status_code == 401


def test_client_deactivated_by_another_process_is_refused_within_seconds(client, monkeypatch):
    """Does a worker that verified a client stop trusting it VERIFIED_SECONDS after another process deactivated it?"""
    _c, secret = clients.create_client("elsewhere-" + uuid.uuid4().hex[:6], "e", ["all"])
    db.session.commit()
    api = Lrs(client, _c.key, secret)
    assert api.get("/statements").status_code == 200
    _c.active = False  # as the admin page of another worker would: not through this process's set_active
    db.session.commit()
    assert api.get("/statements").status_code == 200  # still remembered
    now = clients.time.monotonic()
    monkeypatch.setattr(clients.time, "monotonic", lambda: now + clients.VERIFIED_SECONDS + 1)
    assert api.get("/statements").status_code == 401
    assert Lrs(client, _c.key, "wrong").get("/statements").status_code == 401


def test_remembered_clients_belong_to_one_app(app, client):
    """Is a verified client remembered by its app only (another app in the process has its own
    database and client ids, and must look the client up itself)?"""
    from flask import Flask

    _c, secret = clients.create_client("own-app-" + uuid.uuid4().hex[:6], "o", ["all"])
    db.session.commit()
    assert Lrs(client, _c.key, secret).get("/statements").status_code == 200
    assert _c.key in app.extensions["lms.verified_lrs_clients"]
    with Flask("another").app_context():
        assert clients._verified() == {}


def test_unknown_and_miscased_parameters_are_400(lrs: Lrs):
    """Are unknown or wrongly cased parameter names rejected, naming the parameter?"""
    for name in ("foo", "StatementId", "LIMIT", "Verb"):
        response = lrs.get("/statements", params={name: "1"})
        assert response.status_code == 400
        assert response.json["property"] == name


def test_errors_are_json_naming_the_property(lrs: Lrs):
    """Does an invalid statement produce a JSON error whose property points at the offending value?"""
    response = lrs.post("/statements", json_body=make_statement(verb={"id": "not an iri"}))
    assert response.status_code == 400
    assert response.json["property"].startswith("statement.verb.id")


def test_alternate_syntax_put_with_form_headers(client):
    """Does POST ?method=PUT with form-encoded auth, version and content store the statement?"""
    _c, secret = clients.create_client("alt-" + uuid.uuid4().hex[:6], "a", ["all"])
    key = _c.key
    db.session.commit()
    statement_id = str(uuid.uuid4())
    form = {
        "statementId": statement_id,
        "content": json.dumps(make_statement()),
        "X-Experience-API-Version": "1.0.3",
        "Authorization": basic(key, secret),
    }
    response = client.post(
        "/xapi/statements?method=PUT",
        data=urllib.parse.urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 204, response.get_data(as_text=True)
    lrs = Lrs(client, key, secret)
    assert lrs.get("/statements", params={"statementId": statement_id}).status_code == 200


def test_alternate_syntax_rules(lrs: Lrs):
    """Are the alternate-syntax misuses (extra query, non-POST, form version 0.8, no body) rejected?"""
    form = "statementId=" + str(uuid.uuid4()) + "&content=" + urllib.parse.quote(json.dumps(make_statement()))
    ctype = "application/x-www-form-urlencoded"
    extra = lrs.client.post(
        "/xapi/statements?method=PUT&statementId=" + str(uuid.uuid4()),
        data=form,
        headers=lrs.headers,
        content_type=ctype,
    )
    assert extra.status_code == 400
    not_post = lrs.client.put("/xapi/statements?method=POST", data=form, headers=lrs.headers, content_type=ctype)
    assert not_post.status_code == 400
    old = lrs.client.post(
        "/xapi/statements?method=PUT",
        data=form + "&X-Experience-API-Version=0.8",
        headers=lrs.headers,
        content_type=ctype,
    )
    assert old.status_code == 400
    empty = lrs.client.post("/xapi/statements?method=PUT", data="", headers=lrs.headers, content_type=ctype)
    assert empty.status_code == 400
    get = lrs.client.post("/xapi/statements?method=GET", data="limit=1", headers=lrs.headers, content_type=ctype)
    assert get.status_code == 200 and "more" in get.json


def test_head_has_no_body(lrs: Lrs):
    """Does HEAD answer like GET but without a body?"""
    lrs.store(make_statement())
    response = lrs.request("HEAD", "/statements")
    assert response.status_code == 200 and response.data == b""


def test_cors_preflight_and_headers(client):
    """Does an OPTIONS preflight succeed without credentials and expose the xAPI headers?"""
    response = client.options(
        "/xapi/statements", headers={"Origin": "https://content.example", "Access-Control-Request-Method": "PUT"}
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response.headers["Access-Control-Allow-Headers"]
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_profile_and_openapi_are_published(client):
    """Are the JSON-LD profile and the OpenAPI document served and complete?"""
    profile = client.get("/xapi/profile")
    assert profile.status_code == 200 and profile.mimetype == "application/ld+json"
    kinds = {c["type"] for c in profile.json["concepts"]}
    assert {"Verb", "ActivityType", "ContextExtension"} <= kinds
    spec = client.get("/xapi/openapi.json").json
    assert {"/statements", "/activities/state", "/agents/profile", "/about"} <= set(spec["paths"])

"""State, Activity Profile and Agent Profile documents with ETag concurrency."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid

from tests.xapi.conftest import Lrs

AGENT = {"objectType": "Agent", "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"}}


def _state(**extra):
    return {"activityId": f"http://example.com/act/{uuid.uuid4().hex}", "agent": json.dumps(AGENT), **extra}


def test_state_put_get_post_merge_delete(lrs: Lrs):
    """Does the State resource store, merge top-level keys, list ids and delete?"""
    params = _state(stateId="s1")
    assert lrs.put("/activities/state", params=params, json_body={"car": "Honda"}).status_code == 204
    assert lrs.post("/activities/state", params=params, json_body={"type": "Civic"}).status_code == 204
    got = lrs.get("/activities/state", params=params)
    assert got.json == {"car": "Honda", "type": "Civic"} and got.mimetype == "application/json"
    base = {k: v for k, v in params.items() if k != "stateId"}
    assert lrs.get("/activities/state", params=base).json == ["s1"]
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat()
    assert lrs.get("/activities/state", params={**base, "since": since}).json == ["s1"]
    assert lrs.delete("/activities/state", params=base).status_code == 204
    assert lrs.get("/activities/state", params=base).json == []


def test_state_registration_and_bad_keys(lrs: Lrs):
    """Are registration scoping and the 400 cases (bad agent, registration, missing ids) enforced?"""
    params = _state(stateId="s", registration=str(uuid.uuid4()))
    assert lrs.put("/activities/state", params=params, json_body={"a": 1}).status_code == 204
    without = {k: v for k, v in params.items() if k != "registration"}
    assert lrs.get("/activities/state", params=without).status_code == 404
    assert lrs.get("/activities/state", params=params).json == {"a": 1}
    for broken in ({"agent": "not JSON"}, {"agent": "true"}, {"registration": "true"}, {"activityId": None}):
        query = {**params, **broken}
        query = {k: v for k, v in query.items() if v is not None}
        assert lrs.get("/activities/state", params=query).status_code == 400, broken
    assert lrs.put("/activities/state", params=_state(), json_body={}).status_code == 400  # no stateId


def test_post_merge_rules(lrs: Lrs):
    """Is POST merging refused (and the document unchanged) for non-JSON on either side or unparsable JSON?"""
    params = _state(stateId="m")
    lrs.put("/activities/state", params=params, json_body={"car": "Honda"})
    assert (
        lrs.post(
            "/activities/state", params=params, data="abc", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 400
    )
    assert (
        lrs.post("/activities/state", params=params, data="{...}{", content_type="application/json").status_code == 400
    )
    assert lrs.get("/activities/state", params=params).json == {"car": "Honda"}
    binary = _state(stateId="b")
    assert (
        lrs.put(
            "/activities/state", params=binary, data=b"/ asdf / undefined", content_type="application/octet-stream"
        ).status_code
        == 204
    )
    assert lrs.post("/activities/state", params=binary, json_body={"a": 1}).status_code == 400
    assert lrs.get("/activities/state", params=binary).data == b"/ asdf / undefined"


def test_profile_etag_concurrency(lrs: Lrs):
    """Do profile PUTs follow If-Match/If-None-Match: 412 on mismatch, 409 without header, 400 when new?"""
    params = {"activityId": f"http://example.com/act/{uuid.uuid4().hex}", "profileId": "p"}
    assert lrs.put("/activities/profile", params=params, json_body={"v": 0}).status_code == 400
    assert (
        lrs.put("/activities/profile", params=params, json_body={"v": 1}, headers={"If-None-Match": "*"}).status_code
        == 204
    )
    assert (
        lrs.put("/activities/profile", params=params, json_body={"v": 2}, headers={"If-None-Match": "*"}).status_code
        == 412
    )
    got = lrs.get("/activities/profile", params=params)
    etag = got.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
    conflict = lrs.put("/activities/profile", params=params, json_body={"v": 3})
    assert conflict.status_code == 409 and conflict.get_data()
    wrong = lrs.put(
        "/activities/profile", params=params, json_body={"v": 4}, headers={"If-Match": '"' + "1" * 40 + '"'}
    )
    assert wrong.status_code == 412
    assert lrs.get("/activities/profile", params=params).json == {"v": 1}
    assert (
        lrs.put("/activities/profile", params=params, json_body={"v": 5}, headers={"If-Match": etag}).status_code == 204
    )
    assert lrs.get("/activities/profile", params=params).json == {"v": 5}
    assert lrs.get("/activities/profile", params={"activityId": params["activityId"]}).json == ["p"]
    assert lrs.delete("/activities/profile", params=params).status_code == 204
    assert lrs.delete("/activities/profile", params=params).status_code == 204


def test_agent_profile(lrs: Lrs):
    """Does the Agent Profile resource store by agent IFI (name ignored) with ETags?"""
    agent = {"objectType": "Agent", "mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    params = {"agent": json.dumps(agent), "profileId": "prefs"}
    assert lrs.post("/agents/profile", params=params, json_body={"lang": "de"}).status_code == 204
    renamed = {"agent": json.dumps({**agent, "name": "Someone"}), "profileId": "prefs"}
    got = lrs.get("/agents/profile", params=renamed)
    assert got.json == {"lang": "de"} and got.headers["ETag"].startswith('"')
    assert lrs.get("/agents/profile", params={"agent": "true", "profileId": "prefs"}).status_code == 400
    assert lrs.get("/agents/profile", params={"agent": json.dumps(agent), "since": "true"}).status_code == 400

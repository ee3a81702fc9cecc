"""The Statement resource: writes, immutability, voiding, filters, paging, formats."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

from tests.xapi.conftest import Lrs, make_statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def _get(lrs: Lrs, **params):
    response = lrs.get("/statements", params=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_put_then_get_returns_statement_with_lrs_properties(lrs: Lrs):
    """Does PUT store the statement with id, stored (ms), timestamp, authority = the client and version?"""
    statement_id = str(uuid.uuid4())
    statement = make_statement(result={"score": {"min": 0.12123434, "raw": 12.125, "max": 45.45, "scaled": 0.12123434}})
    assert lrs.put("/statements", params={"statementId": statement_id}, json_body=statement).status_code == 204
    stored = _get(lrs, statementId=statement_id).json
    assert stored["id"] == statement_id
    assert stored["actor"] == statement["actor"] and stored["object"] == statement["object"]
    assert stored["result"]["score"]["min"] == 0.12123434
    assert len(stored["stored"].split(".")[1]) == 4 and stored["timestamp"].endswith("Z")
    assert stored["authority"]["account"]["homePage"].endswith("/lrs-clients/")
    assert stored["version"] == "1.0.0"


def test_post_returns_ids_and_generates_missing_ones(lrs: Lrs):
    """Does POST of a batch answer with the ids in order, generating one where absent?"""
    given = str(uuid.uuid4())
    ids = lrs.store(make_statement(id=given), make_statement())
    assert ids[0] == given and uuid.UUID(ids[1])
    assert _get(lrs, statementId=ids[1]).json["id"] == ids[1]


def test_supplied_stored_and_authority_are_replaced(lrs: Lrs):
    """Are stored and authority set by the LRS even if the client sends them?"""
    authority = {"objectType": "Agent", "mbox": "mailto:fake@example.com"}
    [sid] = lrs.store(make_statement(stored="2011-07-15T12:00:00.000Z", authority=authority))
    stored = _get(lrs, statementId=sid).json
    assert stored["stored"] != "2011-07-15T12:00:00.000Z" and stored["authority"] != authority


def test_same_id_identical_is_noop_different_is_409(lrs: Lrs):
    """Is a statement immutable: identical resend accepted, different content 409 and nothing changed?"""
    statement = make_statement(id=str(uuid.uuid4()), timestamp="2024-05-01T12:00:00+02:00")
    lrs.store(statement)
    first = _get(lrs, statementId=statement["id"]).json
    same_moment = {**statement, "id": statement["id"].upper(), "timestamp": "2024-05-01T10:00:00.000Z"}
    assert lrs.put("/statements", params={"statementId": statement["id"]}, json_body=same_moment).status_code == 204
    changed = {**statement, "verb": {"id": "http://example.com/verbs/other"}}
    response = lrs.post("/statements", json_body=changed)
    assert response.status_code == 409 and response.get_data()
    assert _get(lrs, statementId=statement["id"]).json == first


def test_batch_is_all_or_nothing(lrs: Lrs):
    """Does one invalid statement in a batch reject the whole batch, storing nothing?"""
    good = make_statement(id=str(uuid.uuid4()))
    bad = make_statement(verb={"id": "should fail"})
    assert lrs.post("/statements", json_body=[good, bad]).status_code == 400
    assert lrs.get("/statements", params={"statementId": good["id"]}).status_code == 404


def test_duplicate_ids_in_batch_are_400(lrs: Lrs):
    """Is a batch with the same id twice rejected?"""
    sid = str(uuid.uuid4())
    assert lrs.post("/statements", json_body=[make_statement(id=sid), make_statement(id=sid)]).status_code == 400


def test_put_requires_statement_id(lrs: Lrs):
    """Is PUT without statementId, or with a different id in the body, a 400?"""
    assert lrs.put("/statements", json_body=make_statement()).status_code == 400
    other = make_statement(id=str(uuid.uuid4()))
    assert lrs.put("/statements", params={"statementId": str(uuid.uuid4())}, json_body=other).status_code == 400


def test_voiding(lrs: Lrs):
    """Is a voided statement hidden from statementId but found by voidedStatementId, and a voiding one never voided?"""
    [target] = lrs.store(make_statement())
    voider = make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})
    [voiding] = lrs.store(voider)
    assert lrs.get("/statements", params={"statementId": target}).status_code == 404
    assert _get(lrs, voidedStatementId=target).json["id"] == target
    lrs.store(make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": voiding}))
    assert lrs.get("/statements", params={"statementId": voiding}).status_code == 200
    bad = make_statement(verb={"id": VOIDED})
    assert lrs.post("/statements", json_body=bad).status_code == 400


def test_single_get_rejects_other_filters(lrs: Lrs):
    """Is statementId combined with a filter a 400, but with format/attachments fine?"""
    [sid] = lrs.store(make_statement())
    assert lrs.get("/statements", params={"statementId": sid, "limit": "1"}).status_code == 400
    assert lrs.get("/statements", params={"statementId": sid, "format": "ids"}).status_code == 200


def test_filters(lrs: Lrs):
    """Do agent, verb, activity, registration and related filters return exactly the matching statements?"""
    registration, verb = str(uuid.uuid4()), f"http://example.com/verbs/{uuid.uuid4().hex}"
    instructor = {"objectType": "Agent", "mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    category = {"id": f"http://example.com/category/{uuid.uuid4().hex}"}
    base = make_statement()
    ids = lrs.store(
        base,
        make_statement(verb={"id": verb}, context={"registration": registration, "instructor": instructor}),
        make_statement(actor=base["actor"], context={"contextActivities": {"category": category}}),
    )
    assert [s["id"] for s in _get(lrs, agent=json.dumps(base["actor"])).json["statements"]] == [ids[2], ids[0]]
    assert [s["id"] for s in _get(lrs, verb=verb).json["statements"]] == [ids[1]]
    assert [s["id"] for s in _get(lrs, activity=base["object"]["id"]).json["statements"]] == [ids[0]]
    assert [s["id"] for s in _get(lrs, registration=registration).json["statements"]] == [ids[1]]
    assert _get(lrs, activity=category["id"]).json["statements"] == []
    related = _get(lrs, activity=category["id"], related_activities="true").json["statements"]
    assert [s["id"] for s in related] == [ids[2]]
    assert _get(lrs, agent=json.dumps(instructor)).json["statements"] == []
    by_instructor = _get(lrs, agent=json.dumps(instructor), related_agents="true").json["statements"]
    assert [s["id"] for s in by_instructor] == [ids[1]]
    stored = _get(lrs, statementId=ids[2]).json["context"]["contextActivities"]["category"]
    assert stored == [category]


def test_statement_ref_target_matching_and_voided_exclusion(lrs: Lrs):
    """Does ?verb=V return [C, B]: the voiding B and the referring C, but not the voided A?"""
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}
    [a] = lrs.store(make_statement(verb=verb))
    [b] = lrs.store(make_statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": a}))
    [c] = lrs.store(make_statement(verb=verb, object={"objectType": "StatementRef", "id": a}))
    assert [s["id"] for s in _get(lrs, verb=verb["id"]).json["statements"]] == [c, b]
    assert [s["id"] for s in _get(lrs, verb=verb["id"], limit="1").json["statements"]] == [c]


def test_since_until_ascending_and_stable_more(lrs: Lrs):
    """Do since/until bound by stored, ascending reverse the order, and more pages stably?"""
    actor = make_statement()["actor"]
    ids = [lrs.store(make_statement(actor=actor))[0] for _ in range(5)]
    agent = json.dumps(actor)
    first = _get(lrs, agent=agent, limit="2").json
    assert [s["id"] for s in first["statements"]] == ids[:-3:-1]
    lrs.store(make_statement(actor=actor))  # a newer statement must not shift the pages
    seen = [s["id"] for s in first["statements"]]
    more = first["more"]
    while more:
        page = lrs.client.get(more, headers=lrs.headers).json
        seen += [s["id"] for s in page["statements"]]
        more = page["more"]
    assert seen == ids[::-1]
    ascending = _get(lrs, agent=agent, ascending="true").json["statements"]
    assert [s["id"] for s in ascending][:5] == ids
    middle = _get(lrs, statementId=ids[2]).json["stored"]
    after = [s["id"] for s in _get(lrs, agent=agent, since=middle).json["statements"]]
    assert ids[2] not in after and ids[3] in after
    until = [s["id"] for s in _get(lrs, agent=agent, until=middle).json["statements"]]
    assert until == ids[2::-1]


def test_consistent_through_on_every_statements_answer(lrs: Lrs):
    """Is X-Experience-API-Consistent-Through an ISO timestamp on 200, 400 and 404?"""
    for params in ({}, {"LIMIT": "1"}, {"statementId": str(uuid.uuid4())}):
        response = lrs.get("/statements", params=params)
        value = response.headers["X-Experience-API-Consistent-Through"]
        assert dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_formats_ids_and_canonical(lrs: Lrs):
    """Does format=ids strip to identifiers and canonical pick the Accept-Language entry?"""
    group = {
        "objectType": "Group",
        "name": "Team",
        "mbox": "mailto:team@example.com",
        "member": [{"mbox": "mailto:m@example.com"}],
    }
    activity = {
        "objectType": "Activity",
        "id": f"http://example.com/a/{uuid.uuid4().hex}",
        "definition": {"name": {"en-GB": "colour", "en-US": "color"}, "type": "http://example.com/t"},
    }
    sub = {
        "objectType": "SubStatement",
        "actor": group,
        "verb": {"id": "http://example.com/v", "display": {"en-GB": "did", "en-US": "did too"}},
        "object": activity,
    }
    [sid] = lrs.store(make_statement(object=sub))
    ids = lrs.get("/statements", params={"statementId": sid, "format": "ids"}).json
    assert ids["object"]["actor"] == {"objectType": "Group", "mbox": "mailto:team@example.com"}
    assert ids["object"]["object"] == {"id": activity["id"]}
    canonical = lrs.get(
        "/statements", params={"statementId": sid, "format": "canonical"}, headers={"Accept-Language": "en-GB"}
    ).json
    assert canonical["object"]["verb"]["display"] == {"en-GB": "did"}
    assert canonical["object"]["object"]["definition"]["name"] == {"en-GB": "colour"}
    exact = lrs.get("/statements", params={"statementId": sid}, headers={"Accept-Language": "en-GB"}).json
    assert exact["object"]["object"] == activity


def test_utf8_round_trip(lrs: Lrs):
    """Does a verb display in many scripts come back byte-identical?"""
    display = {"ja-JP": "出席した", "ru-RU": "посетил", "ar-EG": "حضر", "hy-AM": "մասնակցել"}
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}", "display": display}
    lrs.store(make_statement(verb=verb))
    assert _get(lrs, verb=verb["id"]).json["statements"][0]["verb"]["display"] == display


def test_invalid_query_values_are_400(lrs: Lrs):
    """Are malformed filter values rejected?"""
    for params in (
        {"agent": "wrong"},
        {"verb": "not a iri"},
        {"registration": "wrong"},
        {"since": "yesterday"},
        {"limit": "-1"},
        {"format": "full"},
        {"ascending": "yes"},
        {"more": "garbage!"},
    ):
        assert lrs.get("/statements", params=params).status_code == 400, params


def test_timestamp_defaults_to_stored(lrs: Lrs):
    """Does a statement without timestamp get timestamp = stored, both with milliseconds?"""
    [sid] = lrs.store(make_statement())
    stored = _get(lrs, statementId=sid).json
    assert stored["timestamp"] == stored["stored"]
    time.sleep(0.001)


def test_large_batch_is_stored_in_chunks_with_links_in_order(lrs: Lrs):
    """Does a batch larger than one multi-row INSERT (3,000 statements) keep every id with its own row and links?"""
    statements = [make_statement(id=str(uuid.uuid4())) for _ in range(3000)]
    for index, statement in enumerate(statements):
        statement["object"] = {"objectType": "Activity", "id": f"https://example.com/activities/chunk/{index}"}
    ids = lrs.store(*statements)
    assert ids == [s["id"] for s in statements]
    for index in (0, 2726, 2727, 2999):  # either side of the chunk boundary (30,000 values / 11 columns)
        page = _get(lrs, activity=f"https://example.com/activities/chunk/{index}").json
        assert [s["id"] for s in page["statements"]] == [statements[index]["id"]]


def test_resend_counts_as_same_by_the_comparison_rules(lrs: Lrs):
    """Does a resend that differs only where Data 2.3.1 lets it (verb display, activity definition,
    mailbox domain case, member order) count as the same statement, while a changed actor name is 409?"""
    statement = make_statement(id=str(uuid.uuid4()))
    lrs.store(statement)
    first = _get(lrs, statementId=statement["id"]).json
    local, domain = statement["actor"]["mbox"].split("@")
    resend = {
        **statement,
        "actor": {**statement["actor"], "mbox": f"{local}@{domain.upper()}"},
        "verb": {**statement["verb"], "display": {"de-DE": "erlebt"}},
        "object": {**statement["object"], "definition": {"name": {"en-US": "A name added later"}}},
    }
    assert lrs.post("/statements", json_body=resend).status_code == 200
    renamed = {**statement, "actor": {**statement["actor"], "name": "Someone Else"}}
    assert lrs.post("/statements", json_body=renamed).status_code == 409
    assert _get(lrs, statementId=statement["id"]).json == first

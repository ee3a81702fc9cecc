"""Actor, Agent, Group, identifier and authority rules (xAPI 1.0.3 Data 2.4.2 and 2.4.9)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from .test_validation_fixtures import (
    DELETE,
    SAMPLES,
    SHA1,
    account_agent,
    agent,
    anonymous_group,
    check,
    identified_group,
)
from .test_validation_fixtures import bad as bad_row
from .test_validation_fixtures import ok as ok_row

bad = partial(bad_row, sample="minimal")
ok = partial(ok_row, sample="full")

ACTOR = [
    bad("actor.objectType", "agent", id="objectType-agent"),
    bad("actor.objectType", "group", id="objectType-group"),
    bad("actor.objectType", 123, id="objectType-number"),
    bad("actor.objectType", None, id="objectType-null"),
    bad("actor.name", 123, id="name-number"),
    bad("actor.name", None, id="name-null"),
    bad("actor", {"objectType": "Agent", "name": "x"}, id="no-ifi"),
    bad("actor.openid", "http://openid.example.org/1", "actor", id="mbox+openid", sample="full"),
    bad("actor.account", account_agent()["account"], "actor", id="mbox+account", sample="full"),
    bad("actor.mbox_sha1sum", SHA1, "actor", id="mbox+sha1sum", sample="full"),
    bad("actor.mbox", "http://should.fail.com", id="mbox-http"),
    bad("actor.mbox", "mailto:should.fail.com", id="mbox-no-at"),
    bad("actor.mbox", "xapi@adlnet.gov", id="mbox-no-scheme"),
    bad("actor.mbox", "MAILTO:xapi@adlnet.gov", id="mbox-upper-scheme"),
    bad("actor.mbox", "mailto:a b@example.com", id="mbox-space"),
    bad("actor.mbox", "mailto:a@b@example.com", id="mbox-two-at"),
    bad("actor.mbox", "", id="mbox-empty"),
    bad("actor", {"mbox_sha1sum": 123}, "actor.mbox_sha1sum", id="sha1-number"),
    bad("actor", {"mbox_sha1sum": "abc"}, "actor.mbox_sha1sum", id="sha1-short"),
    bad("actor", {"mbox_sha1sum": "g" * 40}, "actor.mbox_sha1sum", id="sha1-non-hex"),
    bad("actor", {"openid": "ab=c://x.com"}, "actor.openid", id="openid-bad-scheme"),
    bad("actor", {"openid": "open.id.com/u"}, "actor.openid", id="openid-no-scheme"),
    bad("actor", {"account": "u-1"}, "actor.account", id="account-string"),
    bad("actor", {"account": {"name": "u"}}, "actor.account.homePage", id="no-homePage"),
    bad(
        "actor",
        {"account": {"homePage": "http://a.example"}},
        "actor.account.name",
        id="account-no-name",
    ),
    bad(
        "actor",
        {"account": {"homePage": "homePage.com/u", "name": "1"}},
        "actor.account.homePage",
        id="homePage-no-scheme",
    ),
    bad(
        "actor",
        {"account": {"homePage": "http://a.example", "name": {"k": "v"}}},
        "actor.account.name",
        id="account-name-object",
    ),
    bad(
        "actor",
        {"account": {"homePage": "http://a.example", "name": "u", "id": 1}},
        "actor.account.id",
        id="account-extra-property",
    ),
    bad("actor.member", [agent()], "actor.objectType", id="member-without-Group"),
    bad("actor.email", "x@example.com", id="agent-extra-property"),
    bad(
        "actor",
        {"objectType": "Group", "name": "x"},
        "actor.member",
        id="anonymous-group-no-member",
    ),
    bad("actor", {**anonymous_group(), "member": agent()}, "actor.member", id="member-not-array"),
    bad(
        "actor",
        {**anonymous_group(), "member": []},
        "actor.member",
        id="anonymous-group-empty-member",
    ),
    bad(
        "actor",
        {**anonymous_group(), "member": [identified_group()]},
        "actor.member[0].objectType",
        id="group-in-group",
    ),
    bad(
        "actor",
        {**anonymous_group(), "member": [agent(), {"name": "x"}]},
        "actor.member[1]",
        id="member-without-ifi",
    ),
    bad("actor", {**identified_group(), "mbox": "mailto:g@example.com"}, id="group-two-ifis"),
    bad("actor", {**identified_group(), "openid": "x"}, "actor.openid", id="group-bad-openid"),
    ok("actor", {"mbox_sha1sum": SHA1.upper()}, id="sha1-upper-case", sample="minimal"),
    ok("actor", {"openid": "http://openid.example.org/12345"}, id="openid", sample="minimal"),
    ok("actor", account_agent(), id="account", sample="minimal"),
    ok(
        "actor",
        {"mbox": "mailto:ada+xapi@example.co.uk"},
        id="mbox-plus-address",
        sample="minimal",
    ),
    ok("actor", {**agent(), "name": "Ærøskøbing Ünïcødé"}, id="unicode-name", sample="minimal"),
    ok("actor", identified_group(), id="identified-group", sample="minimal"),
    ok(
        "actor",
        {**identified_group(), "member": []},
        id="identified-group-empty-member",
        sample="minimal",
    ),
    ok(
        "actor",
        {"objectType": "Group", "mbox_sha1sum": SHA1},
        id="group-without-member",
        sample="minimal",
    ),
    ok("actor", anonymous_group(), id="anonymous-group", sample="minimal"),
]

AUTHORITY = [
    bad("authority.mbox", "mailto:bob@example.com", id="identified-group", sample="full"),
    bad("authority.member", [agent()], id="one-member", sample="full"),
    bad("authority.member", [agent(), agent(), agent()], id="three-members", sample="full"),
    bad("authority.member", DELETE, id="no-member", sample="full"),
    bad("authority", {"objectType": "Agent"}, id="agent-without-ifi", sample="full"),
    bad(
        "authority",
        {**agent(), "objectType": "agent"},
        "authority.objectType",
        id="objectType-lower-case",
        sample="full",
    ),
    ok("authority", agent(), id="agent"),
    ok("authority", account_agent(), id="account-agent"),
]


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), ACTOR)
def test_actor_agents_and_groups(
    sample: str,
    path: Any,
    value: Any,
    error_path: str | None,
) -> None:
    """Are Agents and Groups held to the identifier, member and type rules of Data 2.4.2?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), AUTHORITY)
def test_authority(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Is an authority accepted only as an Agent or an anonymous Group of exactly two Agents?"""
    check(SAMPLES, (sample, path, value, error_path))

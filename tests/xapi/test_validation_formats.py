"""The helpers query-parameter parsing reuses: IRIs, UUIDs, timestamps, language maps, agents."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from lms.xapi.validation import (
    StatementInvalid,
    parse_timestamp,
    validate_agent,
    validate_iri,
    validate_language_map,
    validate_uuid,
)
from lms.xapi.validation.formats import MAX_IRI_LENGTH

from .test_validation_fixtures import SHA1, account_agent, agent, anonymous_group, identified_group

VALID_IRIS = [
    "http://example.com",
    "https://www.example.com/meetings/occurances/34534?x=1&y=2#frag",
    "http://example.com/xapi/verbs#defenestrated",
    "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    "tag:example.com,2024:activity",
    "mailto:xapi@adlnet.gov",
    "http://example.com/فعل/خواندن",
    "http://例え.jp/パス",
    "http://user:pw@example.com:8080/p",
    "http://[::1]/x",
    "http://[2001:db8::7]:8080/activity",
    "http://[::ffff:192.0.2.1]/x",
    "http://[v1.fe80::a+en1]/x",
    "http://192.0.2.16/x",
    "HTTP://EXAMPLE.COM/UPPER",
    "x:",
]
INVALID_IRIS = [
    "",
    "ab=c://should.fail.com",
    "not.valid.com/extension",
    "www.example.com",
    "/relative/path",
    "#fragment",
    "should fail",
    "http://example.com/a b",
    "http://example.com/%zz",
    "http://example.com/<tag>",
    "http://example.com/\u0000",
    "http://example.com/\u0085",
    "X:\\meetings",
    "http://[::g]/x",
    "http://[fe80::1%25eth0]/x",
    "http://[::1/x",
    "http://ex[ample.com/",
    "1http://example.com",
    "http://example.com/" + "a" * MAX_IRI_LENGTH,
]


@pytest.mark.parametrize("value", VALID_IRIS)
def test_valid_iris(value: str) -> None:
    """Is this absolute RFC 3987 IRI accepted (IPv6 literals and non-ASCII included)?"""
    assert validate_iri(value, "verb") == value


@pytest.mark.parametrize("value", INVALID_IRIS)
def test_invalid_iris(value: str) -> None:
    """Is this relative, scheme-less, malformed or oversized IRI rejected under the given path?"""
    with pytest.raises(StatementInvalid) as caught:
        validate_iri(value, "verb")
    assert caught.value.path == "verb"


@pytest.mark.parametrize("value", [None, 5, ["http://example.com"], {"id": "http://example.com"}])
def test_iri_must_be_a_string(value: Any) -> None:
    """Is a non-string IRI rejected with a type message, not an exception of another kind?"""
    with pytest.raises(StatementInvalid, match="must be a string"):
        validate_iri(value, "activity")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("fd41c918-b88b-4b20-a0a5-a4c32391aaa0", True),
        ("FD41C918-B88B-4B20-A0A5-A4C32391AAA0", True),
        ("00000000-0000-0000-0000-000000000000", True),
        ("fd41c918b88b4b20a0a5a4c32391aaa0", False),
        ("{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}", False),
        ("fd41c918-b88b-4b20-a0a5-a4c32391aaa0\n", False),
        ("fd41c918-b88b-4b20-a0a5-a4c32391aaag", False),
        ("wrong", False),
        ("", False),
    ],
)
def test_uuid_standard_form(value: str, valid: bool) -> None:
    """Is a UUID accepted exactly when it is in standard 8-4-4-4-12 hex form?"""
    if valid:
        assert validate_uuid(value, "registration") == value
    else:
        with pytest.raises(StatementInvalid) as caught:
            validate_uuid(value, "registration")
        assert caught.value.path == "registration"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-05-18T05:32:34.804Z", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("2013-05-18T05:32:34.804+00:00", datetime(2013, 5, 18, 5, 32, 34, 804000, tzinfo=UTC)),
        ("2013-05-18T07:32:34+02:00", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T00:30:00-0130", datetime(2013, 5, 18, 2, 0, tzinfo=UTC)),
        ("2013-05-18T05:32:34-05", datetime(2013, 5, 18, 10, 32, 34, tzinfo=UTC)),
        ("20130518T053234Z", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2013-05-18T05:32:34.1234567Z", datetime(2013, 5, 18, 5, 32, 34, 123456, tzinfo=UTC)),
        ("2013-05-18T05:32:34,5Z", datetime(2013, 5, 18, 5, 32, 34, 500000, tzinfo=UTC)),
        ("2013-05-18T05:32Z", datetime(2013, 5, 18, 5, 32, tzinfo=UTC)),
        ("2013-05-18T05:32:34", datetime(2013, 5, 18, 5, 32, 34, tzinfo=UTC)),
        ("2012-02-29T23:59:59+14:00", datetime(2012, 2, 29, 9, 59, 59, tzinfo=UTC)),
        ("2013-12-31T23:00:00-01:00", datetime(2014, 1, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_returns_utc(value: str, expected: datetime) -> None:
    """Is the timestamp parsed to the same instant as a timezone-aware UTC datetime?"""
    parsed = parse_timestamp(value, "since")
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "2008-09-15T15:53:00.601-00:00",
        "2008-09-15T15:53:00-0000",
        "2008-09-15T15:53:00-00",
        "2013-05-18",
        "05:32:34",
        "2013-05-18T05",
        "2013-05-18T05:32:34.Z",
        "2013-05-18T25:00:00Z",
        "2013-05-18T24:00:00Z",
        "2013-05-18T05:60:00Z",
        "2013-05-18T05:32:60Z",
        "2013-13-01T00:00:00Z",
        "2013-02-29T00:00:00Z",
        "2013-05-18T05:32:34+24:00",
        "2013-05-18T05:32:34+05:60",
        "0000-01-01T00:00:00Z",
        "2013-W20-6T05:32:34Z",
        "2013-138T05:32:34Z",
        "2013-05-18T05:32:34Z ",
        "\u0662\u0660\u0661\u0663-05-18T05:32:34Z",
        "not a timestamp",
        "",
    ],
)
def test_parse_timestamp_rejects(value: str) -> None:
    """Is this malformed, impossible or "-00:00"-offset timestamp rejected under the given path?"""
    with pytest.raises(StatementInvalid) as caught:
        parse_timestamp(value, "since")
    assert caught.value.path == "since"


@pytest.mark.parametrize("value", [None, 1368855154, 13.5, ["2013-05-18T05:32:34Z"]])
def test_parse_timestamp_needs_a_string(value: Any) -> None:
    """Is a non-string timestamp rejected as a type error?"""
    with pytest.raises(StatementInvalid, match="must be a string"):
        parse_timestamp(value, "until")


@pytest.mark.parametrize(
    ("value", "error_path"),
    [
        ({"en-US": "x", "de": "y", "zh-Hans-CN": "z", "ja": "w"}, None),
        ({}, None),
        ({"en-US": "x", "something": "y"}, 'display["something"]'),
        ({"a12345678": "x"}, 'display["a12345678"]'),
        ({"en-US": None}, 'display["en-US"]'),
        ({"en-US": {"text": "x"}}, 'display["en-US"]'),
        ('{"en-US": "x"}', "display"),
        (["en-US"], "display"),
        (None, "display"),
    ],
)
def test_language_map(value: Any, error_path: str | None) -> None:
    """Must a language map be an object of RFC 5646 tags to strings?"""
    if error_path is None:
        assert validate_language_map(value, "display") == value
    else:
        with pytest.raises(StatementInvalid) as caught:
            validate_language_map(value, "display")
        assert caught.value.path == error_path


@pytest.mark.parametrize(
    ("value", "identified", "error_path"),
    [
        (agent(), False, None),
        ({"mbox_sha1sum": SHA1}, True, None),
        (account_agent(), True, None),
        (identified_group(), True, None),
        (anonymous_group(), False, None),
        (anonymous_group(), True, "agent"),
        ({"objectType": "Group"}, False, "agent.member"),
        ({"name": "no identifier"}, False, "agent"),
        ({"mbox": "mailto:a@example.com", "openid": "http://openid.example.org/1"}, True, "agent"),
        ({"objectType": "Person", "mbox": "mailto:a@example.com"}, False, "agent.objectType"),
        ("mailto:a@example.com", False, "agent"),
    ],
)
def test_validate_agent_for_parameters(
    value: Any,
    identified: bool,
    error_path: str | None,
) -> None:
    """Does validate_agent() apply the Agent/Group rules and, on request, demand an identifier?"""
    if error_path is None:
        assert validate_agent(value, "agent", identified=identified) is value
    else:
        with pytest.raises(StatementInvalid) as caught:
            validate_agent(value, "agent", identified=identified)
        assert caught.value.path == error_path


@pytest.mark.parametrize(
    ("value", "error_path"),
    [({1: "x"}, 'display["1"]'), ({None: "x"}, 'display["None"]')],
)
def test_language_map_with_non_string_keys(value: Any, error_path: str) -> None:
    """Is a Python dict with non-string keys rejected cleanly rather than with a TypeError?"""
    with pytest.raises(StatementInvalid) as caught:
        validate_language_map(value, "display")
    assert caught.value.path == error_path

"""Result, score, duration, context, contextActivities, extensions and attachment rules."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from lms.xapi.validation import validate_statement

from .test_validation_fixtures import (
    DELETE,
    OTHER_ID,
    REGISTRATION,
    SAMPLES,
    SHA1,
    SHA256,
    agent,
    anonymous_group,
    attachment,
    check,
    identified_group,
    mutate,
    rejection,
)
from .test_validation_fixtures import bad as bad_row
from .test_validation_fixtures import ok as ok_row

bad = partial(bad_row, sample="full")
ok = partial(ok_row, sample="full")


RES = "statement.result"
SCORE = "statement.result.score"
CTX = "statement.context"
CA = "statement.context.contextActivities"
ATT = "statement.attachments"
ACTIVITY = {"objectType": "Activity", "id": "http://www.example.com/meetings/occurances/34534"}

RESULT_CASES = [
    bad("result", "passed", id="result-string"),
    bad("result.success", "true", id="success-string-true"),
    bad("result.success", 1, id="success-number"),
    bad("result.success", None, id="success-null"),
    bad("result.completion", "false", id="completion-string-false"),
    bad("result.response", 12345, id="response-number"),
    bad("result.response", {"key": "invalid"}, id="response-object"),
    bad("result.extensions", "should fail", id="extensions-string"),
    bad(
        "result.extensions",
        {"should fail": True},
        'result.extensions["should fail"]',
        id="ext-key-text",
    ),
    bad(
        "result.extensions",
        {"example.com/extension/wrong": 1},
        'result.extensions["example.com/extension/wrong"]',
        id="ext-key-no-scheme",
    ),
    bad("result.Score", {}, id="key-case"),
    bad("result.score", 12345, id="score-number"),
    bad("result.score", "should fail", id="score-string"),
    bad("result.score.scaled", 1.01, id="scaled-above-1"),
    bad("result.score.scaled", -1.00001, id="scaled-below-minus-1"),
    bad("result.score.scaled", "0.5", id="scaled-string"),
    bad("result.score.scaled", True, id="scaled-boolean"),
    bad("result.score.scaled", None, id="scaled-null"),
    bad("result.score.max", "one hundred", id="max-text"),
    bad("result.score.max", "100", id="max-numeric-string"),
    bad("result.score.raw", 101, id="raw-above-max"),
    bad("result.score.raw", -0.5, id="raw-below-min"),
    bad("result.score.min", 100, id="min-equals-max"),
    bad(
        "result.score",
        {"min": 0.6767676, "max": 0.6767355},
        "result.score.min",
        id="min-above-max",
    ),
    bad(
        "result.score",
        {"raw": 101, "max": 100},
        "result.score.raw",
        id="raw-above-max-without-min",
    ),
    bad("result.score", {"raw": -1, "min": 0}, "result.score.raw", id="raw-below-min-without-max"),
    bad("result.score.raw", float("nan"), id="raw-nan"),
    bad("result.score.max", float("inf"), id="max-infinity"),
    bad("result.score.percent", 95, id="score-extra-property"),
    ok("result.score.scaled", 1.0, id="scaled-1.0"),
    ok("result.score.scaled", -1, id="scaled-minus-1-integer"),
    ok("result.score.scaled", 0.6767676, id="scaled-decimal-digits"),
    ok("result.score", {"raw": 0.6767676}, id="raw-only"),
    ok("result.score", {"max": 100.6767676}, id="max-only"),
    ok("result.score", {}, id="score-empty"),
    ok("result.score", {"min": -10, "raw": -5, "max": 0}, id="negative-range"),
    ok("result.score", {"min": 0, "raw": 0, "max": 1}, id="raw-equals-min"),
    ok("result.score", {"min": 0, "raw": 1, "max": 1}, id="raw-equals-max"),
    ok(
        "result.score",
        {"scaled": Decimal("0.5"), "raw": Decimal("5"), "max": 10.0},
        id="decimal-numbers",
    ),
    ok("result.extensions", {"http://example.com/ex": None}, id="ext-value-null"),
    ok("result.extensions", {"http://example.com/ex": {}}, id="ext-value-empty-object"),
    ok("result.response", "", id="response-empty"),
]

DURATIONS_VALID = [
    "PT1H0M0S",
    "PT1H0M0.1S",
    "PT4H35M59.14S",
    "PT16559.14S",
    "P3Y1M29DT4H35M59.14S",
    "P3Y",
    "P4W",
    "P0D",
    "PT0S",
    "P1,5D",
    "PT0.001S",
    "P1Y2M3DT4H5M6.789S",
    "PT36H",
    "P1DT12H",
]
DURATIONS_INVALID = [
    "PA1H0M0S",
    "P4W1D",
    "P16559.14S",
    "P",
    "PT",
    "P1DT",
    "-P1D",
    "P0003-01-29T04:35:59",
    "PT1.5H30M",
    "P1M1Y",
    "pt1h",
    "PT1H ",
    "P\uff13Y",
    "should fail",
    "",
    12345,
    None,
    {"key": "invalid"},
]

CONTEXT_CASES = [
    bad("context", "string", id="context-string"),
    bad("context.Registration", REGISTRATION, id="key-case"),
    bad("context.registration", "should fail", id="registration-text"),
    bad("context.registration", {"key": "x"}, id="registration-object"),
    bad("context.registration", None, id="registration-null"),
    bad("context.registration", REGISTRATION + "0", id="registration-too-long"),
    bad("context.instructor", "should fail", id="instructor-string"),
    bad(
        "context.instructor",
        {"key": "x"},
        "context.instructor.key",
        id="instructor-unknown-property",
    ),
    bad("context.instructor", {"objectType": "Agent"}, id="instructor-without-ifi"),
    bad(
        "context.instructor",
        {"objectType": "Group"},
        "context.instructor.member",
        id="instructor-anonymous-group-without-member",
    ),
    bad("context.team", agent(), "context.team.objectType", id="team-agent"),
    bad(
        "context.team",
        {"mbox": "mailto:team@example.com"},
        "context.team.objectType",
        id="team-without-objectType",
    ),
    bad("context.team", "should fail", id="team-string"),
    bad(
        "context.team",
        {"objectType": "Group"},
        "context.team.member",
        id="team-anonymous-without-member",
    ),
    bad("context.contextActivities", "should fail", id="context-activities-string"),
    bad(
        "context.contextActivities",
        {"consequences": ACTIVITY},
        "context.contextActivities.consequences",
        id="unknown-kind",
    ),
    bad(
        "context.contextActivities",
        {"Parent": [ACTIVITY]},
        "context.contextActivities.Parent",
        id="kind-case",
    ),
    bad("context.contextActivities.parent", ACTIVITY["id"], id="parent-iri-string"),
    bad(
        "context.contextActivities.parent",
        [ACTIVITY, {"key": "x"}],
        "context.contextActivities.parent[1].key",
        id="parent-second-not-activity",
    ),
    bad(
        "context.contextActivities.parent",
        [None],
        "context.contextActivities.parent[0]",
        id="parent-null-item",
    ),
    bad(
        "context.contextActivities.other",
        [{"id": "not an iri"}],
        "context.contextActivities.other[0].id",
        id="other-bad-id",
    ),
    bad(
        "context.contextActivities.grouping",
        {"objectType": "Agent", "id": ACTIVITY["id"]},
        "context.contextActivities.grouping.objectType",
        id="grouping-agent-objectType",
    ),
    bad(
        "context.contextActivities.category",
        [{"id": ACTIVITY["id"], "definition": {"name": "x"}}],
        "context.contextActivities.category[0].definition.name",
        id="category-bad-definition",
    ),
    bad("context.revision", 12345, id="revision-number"),
    bad("context.revision", {"key": "x"}, id="revision-object"),
    bad("context.platform", 12345, id="platform-number"),
    bad("context.language", 12345, id="language-number"),
    bad("context.language", {"a12345": "x"}, id="language-map"),
    bad("context.language", "something", id="language-9-letters"),
    bad("context.language", "a12345", id="language-digits"),
    bad("context.language", "en_US", id="language-underscore"),
    bad("context.language", "", id="language-empty"),
    bad(
        "context.statement",
        {"objectType": "statementref", "id": OTHER_ID},
        "context.statement.objectType",
        id="statement-objectType-case",
    ),
    bad(
        "context.statement",
        {"id": OTHER_ID},
        "context.statement.objectType",
        id="statement-no-objectType",
    ),
    bad(
        "context.statement",
        {"objectType": "StatementRef", "id": "should fail"},
        "context.statement.id",
        id="statement-bad-id",
    ),
    bad(
        "context.statement",
        {"objectType": "SubStatement", "id": OTHER_ID},
        "context.statement.objectType",
        id="statement-substatement",
    ),
    bad(
        "context.extensions",
        {"example.com/extension/wrong": 1234},
        'context.extensions["example.com/extension/wrong"]',
        id="ext-key-no-scheme",
    ),
    bad(
        "context",
        {"revision": "r"},
        "context.revision",
        id="revision-with-agent",
        sample="object-agent",
    ),
    bad(
        "context",
        {"platform": "p"},
        "context.platform",
        id="platform-with-group",
        sample="object-group",
    ),
    bad(
        "context",
        {"platform": "p"},
        "context.platform",
        id="platform-with-ref",
        sample="statement-ref",
    ),
    bad(
        "context",
        {"revision": "r"},
        "context.revision",
        id="revision-with-sub",
        sample="substatement",
    ),
    ok(
        "context",
        {"revision": "r", "platform": "p"},
        id="revision-default-activity",
        sample="minimal",
    ),
    ok("context.contextActivities", {"parent": ACTIVITY}, id="single-activity-not-array"),
    ok(
        "context.contextActivities",
        {"parent": [], "grouping": [], "category": [], "other": []},
        id="all-kinds-empty",
    ),
    ok("context.contextActivities", {}, id="context-activities-empty"),
    ok("context.language", "cmn", id="language-cmn"),
    ok("context.language", "sr-Cyrl", id="language-script"),
    ok("context.language", "fr-CA", id="language-region"),
    ok("context.registration", REGISTRATION.upper(), id="registration-upper-case"),
    ok("context.instructor", identified_group(), id="instructor-group"),
    ok("context.instructor", anonymous_group(), id="instructor-anonymous-group"),
    ok(
        "context.team",
        {"objectType": "Group", "mbox_sha1sum": SHA1},
        id="team-identified-no-member",
    ),
    ok("context.team", anonymous_group(), id="team-anonymous"),
    ok("context.extensions", {"http://example.com/ex": ""}, id="ext-value-empty-string"),
    ok(
        "context",
        {"instructor": agent()},
        id="agent-object-without-revision",
        sample="object-agent",
    ),
]

ATTACHMENT_CASES = [
    bad("attachments", attachment(), id="not-an-array"),
    bad("attachments", [12345], "attachments[0]", id="number-item"),
    bad("attachments", ["should fail"], "attachments[0]", id="string-item"),
    bad("attachments[0].usageType", DELETE, id="usageType-missing"),
    bad("attachments[0].usageType", "should fail", id="usageType-text"),
    bad("attachments[0].usageType", "example.com/attachment-usage/test", id="usageType-no-scheme"),
    bad("attachments[0].display", DELETE, id="display-missing"),
    bad("attachments[0].display", "should fail", id="display-string"),
    bad("attachments[0].display", 12345, id="display-number"),
    bad(
        "attachments[0].display",
        {"en-US": "x", "something": "y"},
        'attachments[0].display["something"]',
        id="display-bad-tag",
    ),
    bad("attachments[0].description", 12345, id="description-number"),
    bad(
        "attachments[0].description",
        {"something": "x"},
        'attachments[0].description["something"]',
        id="description-bad-tag",
    ),
    bad("attachments[0].contentType", DELETE, id="contentType-missing"),
    bad("attachments[0].contentType", 999, id="contentType-number"),
    bad("attachments[0].contentType", "text", id="contentType-no-subtype"),
    bad("attachments[0].contentType", "text/plain; charset", id="contentType-bad-parameter"),
    bad("attachments[0].length", DELETE, id="length-missing"),
    bad("attachments[0].length", "27", id="length-string"),
    bad("attachments[0].length", 27.5, id="length-fraction"),
    bad("attachments[0].length", True, id="length-boolean"),
    bad("attachments[0].length", -1, id="length-negative"),
    bad("attachments[0].sha2", DELETE, id="sha2-missing"),
    bad("attachments[0].sha2", 12345, id="sha2-number"),
    bad("attachments[0].sha2", "abc", id="sha2-short"),
    bad("attachments[0].sha2", SHA1, id="sha2-is-sha1"),
    bad("attachments[0].sha2", "z" * 64, id="sha2-non-hex"),
    bad("attachments[0].fileUrl", "should fail", id="fileUrl-text"),
    bad("attachments[0].fileUrl", "over.there.com/file.txt", id="fileUrl-no-scheme"),
    bad("attachments[0].FileUrl", "http://over.there.com/f", id="key-case"),
    bad(
        "attachments[0].usageType",
        "http://adlnet.gov/expapi/attachments/signature",
        "attachments[0].contentType",
        id="signature-not-octet-stream",
    ),
    ok("attachments[0].fileUrl", DELETE, id="fileUrl-optional"),
    ok("attachments[0].description", DELETE, id="description-optional"),
    ok("attachments[0].length", 0, id="length-zero"),
    ok("attachments[0].sha2", SHA256.upper(), id="sha2-upper-case"),
    ok("attachments[0].sha2", "ab" * 64, id="sha2-512"),
    ok(
        "attachments[0].contentType",
        'multipart/mixed; boundary="abc def"',
        id="contentType-quoted-param",
    ),
    ok("attachments[0].display", {"en-US": "A", "es": "Un accesorio"}, id="display-two-languages"),
    ok("attachments", [attachment(), attachment(sha2="cd" * 32)], id="two-attachments"),
    ok(
        "attachments",
        [
            attachment(
                usageType="http://adlnet.gov/expapi/attachments/signature",
                contentType="application/octet-stream",
            )
        ],
        id="signature",
    ),
    ok("object.attachments", [attachment()], id="substatement-attachments", sample="substatement"),
    bad(
        "object.attachments[0].length",
        "1",
        id="substatement-attachment-length",
        sample="substatement",
    ),
]


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), RESULT_CASES)
def test_result_and_score(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Are result types and the score ranges (scaled, min < max, raw within) enforced?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize("duration", DURATIONS_VALID)
def test_durations_accepted(duration: str) -> None:
    """Is this ISO 8601:2004 4.4.3.2 duration accepted as result.duration?"""
    validate_statement(mutate(SAMPLES["full"](), "result.duration", duration))


@pytest.mark.parametrize("duration", DURATIONS_INVALID)
def test_durations_rejected(duration: Any) -> None:
    """Is this malformed or alternative-format duration rejected as result.duration?"""
    error = rejection(mutate(SAMPLES["full"](), "result.duration", duration))
    assert error.path == f"{RES}.duration"


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), CONTEXT_CASES)
def test_context(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Are context properties typed, and revision/platform limited to Activity objects?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), ATTACHMENT_CASES)
def test_attachments(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Are attachment headers complete and well-formed (IRI, language maps, type, length, sha2)?"""
    check(SAMPLES, (sample, path, value, error_path))

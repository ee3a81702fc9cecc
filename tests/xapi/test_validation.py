"""Statement-level xAPI 1.0.3 rules: structure, batches, voiding detection, error reporting.

Table rows mutate a valid sample (tests/xapi/test_validation_fixtures.py) and state where the
validator must locate the error. Cases mirror the ADL LRS conformance suite (v1_0_3 configs)
where it has them and the spec text where it does not. Actors and authority live in
test_validation_agents.py; verbs, objects, SubStatements and voiding in test_validation_objects.py.
"""

from __future__ import annotations

import pickle
from functools import partial
from typing import Any

import pytest

from lms.xapi.validation import (
    StatementInvalid,
    is_voiding,
    validate_statement,
    validate_statements,
)

from .test_validation_fixtures import (
    DELETE,
    OTHER_ID,
    SAMPLES,
    STATEMENT_ID,
    VERB,
    VOIDED,
    agent,
    check,
    minimal_statement,
    mutate,
    rejection,
    statement_ref_statement,
)
from .test_validation_fixtures import bad as bad_row
from .test_validation_fixtures import ok as ok_row

bad = partial(bad_row, sample="minimal")
ok = partial(ok_row, sample="full")

UUID_TOO_LONG = "AA97B177-9383-4934-8543-0F91A7A028368"
UUID_BAD_LETTER = "MA97B177-9383-4934-8543-0F91A7A02836"

STRUCTURE = [
    bad("actor", DELETE, id="actor-missing"),
    bad("verb", DELETE, id="verb-missing"),
    bad("object", DELETE, id="object-missing"),
    bad("Actor", agent(), id="key-case-Actor"),
    bad("iD", STATEMENT_ID, id="key-case-iD"),
    bad("timeStamp", "2013-05-18T05:32:34Z", id="key-case-timeStamp"),
    bad("Version", "1.0.0", id="key-case-Version"),
    bad("objectType", "Statement", id="top-level-objectType"),
    bad("extensions", {}, id="top-level-extensions"),
    bad("id", 12345, id="id-number"),
    bad("id", {"key": "should fail"}, id="id-object"),
    bad("id", None, id="id-null"),
    bad("id", "", id="id-empty"),
    bad("id", UUID_TOO_LONG, id="id-too-many-digits"),
    bad("id", UUID_BAD_LETTER, id="id-non-hex-letter"),
    bad("id", STATEMENT_ID.replace("-", ""), id="id-without-hyphens"),
    bad("id", "{" + STATEMENT_ID + "}", id="id-in-braces"),
    bad("id", "urn:uuid:" + STATEMENT_ID, id="id-urn-form"),
    bad("timestamp", "should fail", id="timestamp-text"),
    bad("timestamp", "01/011/2015", id="timestamp-us-date"),
    bad("timestamp", 1368855154, id="timestamp-number"),
    bad("timestamp", None, id="timestamp-null"),
    bad("timestamp", "2008-09-15T15:53:00.601-00", id="ts-minus-00"),
    bad("timestamp", "2008-09-15T15:53:00.601-0000", id="ts-minus-0000"),
    bad("timestamp", "2008-09-15T15:53:00.601-00:00", id="ts-minus-00:00"),
    bad("timestamp", "2013-05-18", id="timestamp-date-only"),
    bad("timestamp", "2013-05-18 05:32:34Z", id="timestamp-space"),
    bad("timestamp", "2013-02-30T00:00:00Z", id="timestamp-feb-30"),
    bad("timestamp", "2013-05-18T155300Z", id="timestamp-mixed-format"),
    bad("stored", "yesterday", id="stored-text"),
    bad("stored", "2013-05-18T05:32:34.804-00:00", id="stored-minus-00"),
    bad("version", "0.9.9", id="version-0.9.9"),
    bad("version", "1.1.0", id="version-1.1.0"),
    bad("version", "should fail", id="version-text"),
    bad("version", "1.0.", id="version-trailing-dot"),
    bad("version", 1.0, id="version-number"),
    bad("actor", "mailto:xapi@adlnet.gov", id="actor-string"),
    bad("actor", None, id="actor-null"),
    bad("verb", VERB, id="verb-string"),
    bad("object", [], id="object-array"),
    bad("result", "passed", id="result-string"),
    bad("attachments", None, id="attachments-null"),
    ok("id", DELETE, id="id-optional"),
    ok("id", STATEMENT_ID.upper(), id="id-upper-case"),
    ok("id", "00000000-0000-0000-0000-000000000000", id="id-nil-uuid"),
    ok("id", "12345678-1234-5678-1234-567812345678", id="id-spec-example-any-variant"),
    ok("timestamp", "2013-05-18T05:32:34Z", id="timestamp-zulu"),
    ok("timestamp", "2013-05-18T05:32:34.123456789Z", id="timestamp-nanoseconds"),
    ok("timestamp", "20130518T053234Z", id="timestamp-basic-format"),
    ok("timestamp", "2013-05-18T05:32:34+05:30", id="timestamp-offset"),
    ok("timestamp", "2013-05-18T05:32:34+0530", id="timestamp-offset-no-colon"),
    ok("timestamp", "2013-05-18T05:32:34-05", id="timestamp-offset-hours"),
    ok("timestamp", "2013-05-18T05:32Z", id="timestamp-minutes-precision"),
    ok("timestamp", "2013-05-18T05:32:34", id="timestamp-without-zone"),
    ok("timestamp", "2013-05-18t05:32:34,5z", id="timestamp-lower-case-t-z"),
    ok("timestamp", "2099-12-31T23:59:59Z", id="timestamp-future"),
    ok("version", "1.0", id="version-1.0"),
    ok("version", "1.0.9", id="version-1.0.9"),
    ok("version", DELETE, id="version-optional"),
    ok("attachments", [], id="attachments-empty"),
    ok("context", {}, id="context-empty-object"),
    ok("result", {}, id="result-empty-object"),
]


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), STRUCTURE)
def test_statement_structure(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Are required, unknown, mis-cased and mistyped top-level properties judged correctly?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        pytest.param(statement_ref_statement(), True, id="voiding"),
        pytest.param(minimal_statement(), False, id="ordinary"),
        pytest.param(
            mutate(minimal_statement(), "verb.id", VOIDED),
            False,
            id="voided-verb-activity-object",
        ),
        pytest.param(
            mutate(statement_ref_statement(), "verb.id", VERB),
            False,
            id="statementref-other-verb",
        ),
        pytest.param(
            mutate(statement_ref_statement(), "verb", VOIDED),
            False,
            id="verb-not-object",
        ),
        pytest.param(None, False, id="none"),
        pytest.param("statement", False, id="string"),
        pytest.param([statement_ref_statement()], False, id="batch"),
    ],
)
def test_is_voiding(statement: Any, expected: bool) -> None:
    """Does is_voiding() spot exactly a voided verb with a StatementRef object, never raising?"""
    assert is_voiding(statement) is expected


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(minimal_statement(), id="single-object"),
        pytest.param([], id="empty-array"),
        pytest.param([minimal_statement(), minimal_statement()], id="two-without-ids"),
        pytest.param(
            [
                mutate(minimal_statement(), "id", STATEMENT_ID),
                mutate(minimal_statement(), "id", OTHER_ID),
            ],
            id="two-distinct-ids",
        ),
    ],
)
def test_valid_post_bodies(body: Any) -> None:
    """Is a POST body accepted as one statement or an array of them, including an empty array?"""
    validate_statements(body)


@pytest.mark.parametrize(
    ("body", "error_path"),
    [
        pytest.param("statement", "statement", id="string"),
        pytest.param(None, "statement", id="null"),
        pytest.param(5, "statement", id="number"),
        pytest.param([5], "statement[0]", id="array-of-number"),
        pytest.param(
            [minimal_statement(), {"verb": {"id": VERB}}],
            "statement[1].actor",
            id="second-invalid",
        ),
        pytest.param(
            [minimal_statement(), mutate(minimal_statement(), "context", {"registration": "x"})],
            "statement[1].context.registration",
            id="nested-path-with-index",
        ),
        pytest.param(
            [
                mutate(minimal_statement(), "id", STATEMENT_ID),
                mutate(minimal_statement(), "id", STATEMENT_ID),
            ],
            "statement[1].id",
            id="duplicate-id",
        ),
        pytest.param(
            [
                mutate(minimal_statement(), "id", STATEMENT_ID),
                mutate(minimal_statement(), "id", STATEMENT_ID.upper()),
            ],
            "statement[1].id",
            id="duplicate-id-other-case",
        ),
    ],
)
def test_invalid_post_bodies(body: Any, error_path: str) -> None:
    """Is a bad POST body rejected, with array errors located by index (statement[i])?"""
    assert rejection(body, batch=True).path == error_path


def test_duplicate_id_message_names_the_first_occurrence() -> None:
    """Does the duplicate-id error say which earlier statement already used the id?"""
    body = [mutate(minimal_statement(), "id", STATEMENT_ID) for _ in range(3)]
    assert "statement[0]" in rejection(body, batch=True).message


def test_error_carries_path_and_message() -> None:
    """Does StatementInvalid expose path and message, format as "path: message" and pickle?"""
    error = rejection(mutate(minimal_statement(), "actor.mbox", "mailto:should.fail.com"))
    assert isinstance(error, ValueError)
    assert error.path == "statement.actor.mbox"
    assert str(error) == f"{error.path}: {error.message}"
    assert error.message.startswith('must be a "mailto:" IRI')
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.path, copy.message) == (error.path, error.message)


def test_case_mismatch_suggests_the_right_key() -> None:
    """Does a mis-cased property name get a "did you mean" hint with the defined name?"""
    error = rejection(mutate(minimal_statement(), "Actor", agent()))
    assert 'did you mean "actor"?' in error.message


def test_custom_root_path() -> None:
    """Does validate_statement() honour a caller-supplied root path?"""
    with pytest.raises(StatementInvalid) as caught:
        validate_statement(mutate(minimal_statement(), "verb", DELETE), path="body[2]")
    assert caught.value.path == "body[2].verb"


def test_validation_does_not_modify_input() -> None:
    """Does validation leave the statement untouched (no defaults filled in)?"""
    statement = SAMPLES["full"]()
    validate_statement(statement)
    assert statement == SAMPLES["full"]()


@pytest.mark.parametrize(
    ("sample", "path", "value", "message"),
    [
        ("minimal", "actor", DELETE, "is missing; a Statement requires this property"),
        (
            "minimal",
            "id",
            "wrong",
            'must be a UUID in standard form like 12345678-1234-..., got "wrong"',
        ),
        (
            "minimal",
            "verb.id",
            "attended",
            'must be an absolute IRI starting with a scheme like "http:"',
        ),
        ("full", "result.success", "true", "must be a boolean (true or false), got a string"),
        ("full", "result.score.scaled", 1.5, "must be between -1 and 1 inclusive, got 1.5"),
        ("full", "result.score.raw", 101, "must not be greater than max (100), got 101"),
        ("full", "timestamp", "2013-05-18T05:32:34-00:00", 'must not use the "-00:00" offset'),
        ("full", "version", "1.1.0", 'must be "1.0.0" or another 1.0.x version, got "1.1.0"'),
        ("minimal", "object.objectType", "activity", 'must be one of "Activity", "Agent", "Group"'),
        (
            "minimal",
            "actor.objectType",
            "group",
            'must be one of "Agent", "Group" (case-sensitive)',
        ),
        (
            "substatement",
            "object.id",
            STATEMENT_ID,
            "is not allowed in a SubStatement (only a Statement",
        ),
        (
            "minimal",
            "actor",
            {"name": "x"},
            "an Agent must have exactly one inverse functional identifier",
        ),
        ("full", "context.revision", 5, "must be a string, got a number"),
        ("full", "context.team", agent(), 'must be "Group" (case-sensitive), got "Agent"'),
    ],
)
def test_error_messages_say_what_is_wrong(sample: str, path: str, value: Any, message: str) -> None:
    """Does the message state the violated rule in plain English (and quote the bad value)?"""
    assert message in rejection(mutate(SAMPLES[sample](), path, value)).message

"""Verb, statement object kinds, SubStatement and voiding rules (Data 2.3.2, 2.4.3, 2.4.4)."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from lms.xapi.validation import validate_statement

from .test_validation_fixtures import (
    DELETE,
    OTHER_ID,
    SAMPLES,
    STATEMENT_ID,
    VERB,
    VOIDED,
    account_agent,
    agent,
    check,
    identified_group,
    mutate,
    rejection,
    substatement,
)
from .test_validation_fixtures import bad as bad_row
from .test_validation_fixtures import ok as ok_row

bad = partial(bad_row, sample="minimal")
ok = partial(ok_row, sample="full")

UUID_TOO_LONG = "AA97B177-9383-4934-8543-0F91A7A028368"

VERB_CASES = [
    bad("verb.id", DELETE, id="id-missing"),
    bad("verb.id", "ab=c://should.fail.com", id="id-bad-scheme"),
    bad("verb.id", "adlnet.gov/expapi/verbs/attended", id="id-no-scheme"),
    bad("verb.id", "", id="id-empty"),
    bad("verb.id", 123, id="id-number"),
    bad("verb.display", "attended", id="display-string"),
    bad("verb.display", 12345, id="display-number"),
    bad("verb.display", {"something": "x"}, 'verb.display["something"]', id="display-9-letter-tag"),
    bad("verb.display", {"a12345": "x"}, 'verb.display["a12345"]', id="display-digit-tag"),
    bad("verb.display", {"en_US": "x"}, 'verb.display["en_US"]', id="display-underscore"),
    bad("verb.display", {"en-US": None}, 'verb.display["en-US"]', id="display-null-value"),
    bad("verb.display", {"en-US": 5}, 'verb.display["en-US"]', id="display-number-value"),
    bad("verb.name", "attended", id="extra-property"),
    bad("verb.Id", VERB, id="key-case"),
    ok("verb.display", {"de": "besucht"}, id="display-de", sample="minimal"),
    ok("verb.display", {}, id="display-empty-map", sample="minimal"),
    ok(
        "verb.id",
        "http://example.com/xapi/verbs#defenestrated",
        id="id-with-fragment",
        sample="minimal",
    ),
    ok("verb.id", "urn:example:verbs:attended", id="id-urn", sample="minimal"),
    ok("verb.id", "http://example.com/فعل/خواندن", id="id-non-ascii-iri", sample="minimal"),
]

OBJECT = [
    bad("object.objectType", "activity", id="activity-lower"),
    bad("object.objectType", "Person", id="unknown-type"),
    bad("object.objectType", 5, id="objectType-number"),
    bad("object.objectType", "agent", id="agent-lower", sample="object-agent"),
    bad("object.objectType", "group", id="group-lower", sample="object-group"),
    bad("object.objectType", DELETE, id="agent-needs-objectType", sample="object-agent"),
    bad("object.objectType", DELETE, id="group-needs-objectType", sample="object-group"),
    bad("object.mbox", DELETE, "object", id="agent-object-without-ifi", sample="object-agent"),
    bad("object.objectType", "statementref", id="statementref-lower", sample="statement-ref"),
    bad("object.id", DELETE, id="statementref-no-id", sample="statement-ref"),
    bad("object.id", "should fail", id="statementref-bad-id", sample="statement-ref"),
    bad("object.id", UUID_TOO_LONG, id="statementref-long-id", sample="statement-ref"),
    bad("object.id", 12345, id="statementref-number-id", sample="statement-ref"),
    bad("object.definition", {}, id="statementref-extra-property", sample="statement-ref"),
    ok(
        "object",
        {"objectType": "Group", **account_agent()},
        id="identified-group-object",
        sample="object-agent",
    ),
    ok(
        "verb",
        {"id": "http://example.com/commented"},
        id="statementref-other-verb",
        sample="statement-ref",
    ),
]

SUBSTATEMENT = [
    bad("object.id", STATEMENT_ID, id="id", sample="substatement"),
    bad("object.stored", "2013-05-18T05:32:34.804Z", id="stored", sample="substatement"),
    bad("object.version", "1.0.0", id="version", sample="substatement"),
    bad("object.authority", agent(), id="authority", sample="substatement"),
    bad("object.actor", DELETE, id="actor-missing", sample="substatement"),
    bad("object.verb", DELETE, id="verb-missing", sample="substatement"),
    bad("object.object", DELETE, id="object-missing", sample="substatement"),
    bad(
        "object.object",
        substatement(),
        "object.object.objectType",
        id="nested-substatement",
        sample="substatement",
    ),
    bad("object.objectType", "substatement", id="lower-case", sample="substatement"),
    bad("object.timestamp", "should fail", id="bad-timestamp", sample="substatement"),
    bad("object.verb", "http://example.com/v", id="verb-string", sample="substatement"),
    bad(
        "object.verb.display",
        {"something": "x"},
        'object.verb.display["something"]',
        id="verb-display-tag",
        sample="substatement",
    ),
    bad("object.actor.mbox", "mailto:nobody", id="actor-mbox", sample="substatement"),
    bad("object.context.language", "something", id="context-language", sample="substatement"),
    bad("object.result.score.scaled", 2, id="result-scaled", sample="substatement"),
    bad("object.Timestamp", "2013-05-18T05:32:34Z", id="key-case", sample="substatement"),
    ok("object.object", agent(), id="agent-object", sample="substatement"),
    ok("object.object", identified_group(), id="group-object", sample="substatement"),
    ok(
        "object.object",
        {"objectType": "StatementRef", "id": OTHER_ID},
        id="statementref-object",
        sample="substatement",
    ),
    ok("object.timestamp", "2999-01-01T00:00:00Z", id="future-timestamp", sample="substatement"),
]

VOIDING = [
    bad("verb.id", VOIDED, "object", id="voided-activity"),
    bad("verb.id", VOIDED, "object", id="voided-agent", sample="object-agent"),
    bad("verb.id", VOIDED, "object", id="voided-substatement", sample="substatement"),
    bad(
        "object.verb.id",
        VOIDED,
        "object.object",
        id="voided-inside-substatement",
        sample="substatement",
    ),
    ok("object.id", STATEMENT_ID, id="voiding-statement", sample="statement-ref"),
]


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), VERB_CASES)
def test_verb(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Must a verb have an IRI id and an RFC 5646 language map as display?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), OBJECT)
def test_object_kinds(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Is the object's objectType exact, and is each kind of object checked by its own rules?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), SUBSTATEMENT)
def test_substatement(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Is a SubStatement checked as a statement, minus id/stored/version/authority and nesting?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), VOIDING)
def test_voided_verb_needs_statement_ref(
    sample: str,
    path: Any,
    value: Any,
    error_path: str | None,
) -> None:
    """Does the verb .../voided demand a StatementRef object (Data 2.3.2, XAPI-00017)?"""
    check(SAMPLES, (sample, path, value, error_path))


def test_context_revision_needs_activity_object_in_substatement() -> None:
    """Is a SubStatement's context.revision rejected when its own object is not an Activity?"""
    statement = mutate(SAMPLES["substatement"](), "object.context.revision", "r1")
    validate_statement(statement)
    statement = mutate(statement, "object.object", {"objectType": "StatementRef", "id": OTHER_ID})
    assert rejection(statement).path == "statement.object.context.revision"

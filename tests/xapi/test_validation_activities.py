"""Activity rules (xAPI 1.0.3 Data 2.4.4.1): ids, definitions, language maps, interactions."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from lms.xapi.validation import validate_statement

from .test_validation_fixtures import (
    DELETE,
    activity,
    check,
    minimal_statement,
    rejection,
    with_object,
)
from .test_validation_fixtures import SAMPLES as SHARED_SAMPLES
from .test_validation_fixtures import bad as bad_row
from .test_validation_fixtures import ok as ok_row

bad = partial(bad_row, sample="activity")
ok = partial(ok_row, sample="activity")

SAMPLES = {
    **SHARED_SAMPLES,
    "activity": with_object(activity()),
    "bare": with_object({"id": "http://www.example.com/bare"}),
}


OBJ = "statement.object"
DEF = "statement.object.definition"

ACTIVITY_CASES = [
    bad("object.id", DELETE, id="id-missing"),
    bad("object.id", "ab=c://should.fail.com", id="id-bad-scheme"),
    bad("object.id", "www.example.com/meetings/1", id="id-no-scheme"),
    bad("object.id", "/meetings/1", id="id-relative"),
    bad("object.id", "#meeting", id="id-fragment-only"),
    bad("object.id", "http://example.com/a b", id="id-space"),
    bad("object.id", "http://example.com/%zz", id="id-bad-percent"),
    bad("object.id", "", id="id-empty"),
    bad("object.id", None, id="id-null"),
    bad("object.id", 34534, id="id-number"),
    bad("object.name", {"en": "x"}, id="name-outside-definition"),
    bad("object.definition", "should error", id="definition-string"),
    bad("object.definition", [], id="definition-array"),
    bad("object.definition", None, id="definition-null"),
    bad("object.definition.name", "a name", id="name-string"),
    bad("object.definition.name", 1234, id="name-number"),
    bad(
        "object.definition.name",
        {"something": "x"},
        'object.definition.name["something"]',
        id="name-bad-tag",
    ),
    bad(
        "object.definition.name",
        {"en-US": ["x"]},
        'object.definition.name["en-US"]',
        id="name-array-value",
    ),
    bad(
        "object.definition.description",
        {"en-US": None},
        'object.definition.description["en-US"]',
        id="description-null-value",
    ),
    bad(
        "object.definition.description",
        {"zh-z-aaa-z-bbb-c-ccc": "x"},
        'object.definition.description["zh-z-aaa-z-bbb-c-ccc"]',
        id="description-repeated-singleton",
    ),
    bad(
        "object.definition.description",
        {"de-DE-1901-1901": "x"},
        'object.definition.description["de-DE-1901-1901"]',
        id="description-repeated-variant",
    ),
    bad(
        "object.definition.description",
        {"en-": "x"},
        'object.definition.description["en-"]',
        id="description-trailing-hyphen",
    ),
    bad(
        "object.definition.description",
        {"": "x"},
        'object.definition.description[""]',
        id="description-empty-tag",
    ),
    bad("object.definition.type", "should error", id="type-not-iri"),
    bad("object.definition.type", None, id="type-null"),
    bad("object.definition.moreInfo", "virtualmeeting.example.com/1", id="moreInfo-no-scheme"),
    bad("object.definition.moreInfo", None, id="moreInfo-null"),
    bad("object.definition.extensions", "should error", id="ext-string"),
    bad(
        "object.definition.extensions",
        {"not.valid.com/extension": 1},
        'object.definition.extensions["not.valid.com/extension"]',
        id="ext-key-no-scheme",
    ),
    bad(
        "object.definition.extensions",
        {"id": "valid"},
        'object.definition.extensions["id"]',
        id="ext-key-word",
    ),
    bad("object.definition.Name", {"en": "x"}, id="definition-key-case"),
    bad("object.definition.interactiontype", "choice", id="interactionType-key-case"),
    ok("object.objectType", "Activity", id="objectType-Activity", sample="bare"),
    ok("object.definition", {}, id="definition-empty", sample="bare"),
    ok(
        "object.definition.name",
        {"zh-Hant": "x", "sr-Latn-RS": "y", "es-419": "z"},
        id="name-script-and-region-tags",
    ),
    ok(
        "object.definition.name",
        {"i-klingon": "x", "x-private": "y", "en-US-x-twain": "z"},
        id="name-grandfathered-and-private-tags",
    ),
    ok(
        "object.definition.name",
        {"de-CH-1901": "x", "EN-us": "y", "ase": "z", "cmn": "w"},
        id="name-variant-mixed-case-and-3-letter-tags",
    ),
    ok("object.definition.name", {"en-US": ""}, id="name-empty-text"),
    ok("object.definition.type", "urn:example:activity-type:meeting", id="type-urn"),
    ok("object.definition.moreInfo", "https://example.com/info?x=1#part", id="moreInfo-query"),
    ok("object.definition.extensions", {}, id="extensions-empty"),
    ok("object.definition.extensions", {"http://example.com/ex": None}, id="ext-value-null"),
    ok("object.definition.extensions", {"http://example.com/ex": ""}, id="ext-value-empty"),
    ok("object.definition.extensions", {"http://example.com/ex": {}}, id="ext-value-object"),
    ok("object.definition.extensions", {"http://example.com/ex": [1, True]}, id="ext-value-array"),
    ok("object.id", "http://[2001:db8::7]/activity", id="id-ipv6-host"),
]

INTERACTION_CASES = [
    bad("object.definition.interactionType", "choiCe", id="type-case", sample="choice"),
    bad("object.definition.interactionType", "Choice", id="type-title", sample="choice"),
    bad(
        "object.definition.interactionType",
        "ab=c://should.fail.com",
        id="type-iri",
        sample="choice",
    ),
    bad("object.definition.interactionType", 12345, id="type-number", sample="choice"),
    bad("object.definition.interactionType", {"t": "v"}, id="type-object", sample="choice"),
    bad("object.definition.interactionType", "should error", id="type-unknown", sample="choice"),
    bad(
        "object.definition.interactionType",
        DELETE,
        id="type-missing-with-choices",
        sample="choice",
    ),
    bad(
        "object.definition.interactionType",
        DELETE,
        id="type-missing-with-source",
        sample="matching",
    ),
    bad(
        "object.definition",
        {"correctResponsesPattern": ["true"]},
        "object.definition.interactionType",
        id="type-missing-with-pattern",
        sample="bare",
    ),
    bad(
        "object.definition",
        {"steps": []},
        "object.definition.interactionType",
        id="type-missing-with-steps",
        sample="bare",
    ),
    bad("object.definition.correctResponsesPattern", "golf", id="pattern-string", sample="choice"),
    bad(
        "object.definition.correctResponsesPattern",
        [1],
        "object.definition.correctResponsesPattern[0]",
        id="pattern-number-item",
        sample="choice",
    ),
    bad(
        "object.definition.correctResponsesPattern",
        ["a", None],
        "object.definition.correctResponsesPattern[1]",
        id="pattern-null-item",
        sample="choice",
    ),
    bad("object.definition.choices", "golf", id="choices-string", sample="choice"),
    bad(
        "object.definition.choices",
        [{"id": "golf"}, {"id": "golf"}],
        "object.definition.choices[1].id",
        id="choices-duplicate-id",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        [{"description": {"en": "x"}}],
        "object.definition.choices[0].id",
        id="choice-without-id",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        [{"id": 1}],
        "object.definition.choices[0].id",
        id="choice-id-number",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        ["golf"],
        "object.definition.choices[0]",
        id="choice-string",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        [{"id": "a", "name": {"en": "x"}}],
        "object.definition.choices[0].name",
        id="choice-extra-property",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        [{"id": "a", "description": "A"}],
        "object.definition.choices[0].description",
        id="choice-description-string",
        sample="choice",
    ),
    bad(
        "object.definition.choices",
        [{"id": "a", "description": {"something": "A"}}],
        'object.definition.choices[0].description["something"]',
        id="choice-description-bad-tag",
        sample="choice",
    ),
    bad("object.definition.scale", [{"id": "1"}], id="choice-with-scale", sample="choice"),
    bad(
        "object.definition.interactionType",
        "true-false",
        "object.definition.choices",
        id="true-false-with-choices",
        sample="choice",
    ),
    bad(
        "object.definition.interactionType",
        "likert",
        "object.definition.choices",
        id="likert-with-choices",
        sample="choice",
    ),
    bad("object.definition.steps", [{"id": "1"}], id="matching-with-steps", sample="matching"),
    bad(
        "object.definition.target",
        [{"id": "1"}, {"id": "1"}],
        "object.definition.target[1].id",
        id="target-duplicate-id",
        sample="matching",
    ),
    ok(
        "object.definition.correctResponsesPattern",
        [],
        id="pattern-empty-means-none-correct",
        sample="choice",
    ),
    ok("object.definition.correctResponsesPattern", DELETE, id="pattern-omitted", sample="choice"),
    ok("object.definition.choices", [], id="choices-empty", sample="choice"),
    ok(
        "object.definition.choices",
        [{"id": "a"}, {"id": "A"}],
        id="choice-ids-differ-in-case",
        sample="choice",
    ),
    ok(
        "object.definition.interactionType",
        "sequencing",
        id="sequencing-with-choices",
        sample="choice",
    ),
    ok(
        "object.definition.target",
        [{"id": "ben"}],
        id="same-id-in-source-and-target",
        sample="matching",
    ),
    ok("object.definition.source", DELETE, id="matching-target-only", sample="matching"),
    ok(
        "object.definition",
        {"interactionType": "other", "correctResponsesPattern": ["(35.9,-86.8)"]},
        id="other-with-pattern",
        sample="bare",
    ),
]

COMPONENT_LISTS = {
    "true-false": {},
    "choice": {"choices": [{"id": "golf"}, {"id": "tetris"}]},
    "fill-in": {},
    "long-fill-in": {},
    "matching": {"source": [{"id": "ben"}], "target": [{"id": "3"}]},
    "performance": {"steps": [{"id": "pong", "description": {"en-US": "Net pong matches won"}}]},
    "sequencing": {"choices": [{"id": "tim"}, {"id": "mike"}]},
    "likert": {"scale": [{"id": "likert_0"}, {"id": "likert_1"}]},
    "numeric": {},
    "other": {},
}
PATTERNS = {
    "true-false": "true",
    "choice": "golf[,]tetris",
    "fill-in": "Bob's your uncle",
    "long-fill-in": "{case_matters=false}{lang=en}To store and provide access.",
    "matching": "ben[.]3",
    "performance": "pong[.]1:[,]dg[.]:10[,]lunch[.]",
    "sequencing": "tim[,]mike",
    "likert": "likert_1",
    "numeric": "4[:]",
    "other": "(35.937432,-86.868896)",
}


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), ACTIVITY_CASES)
def test_activity_and_definition(
    sample: str,
    path: Any,
    value: Any,
    error_path: str | None,
) -> None:
    """Are activity ids IRIs and definitions made of language maps, IRIs/IRLs and extensions?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize(("sample", "path", "value", "error_path"), INTERACTION_CASES)
def test_interaction_properties(sample: str, path: Any, value: Any, error_path: str | None) -> None:
    """Are interactionType, correctResponsesPattern and component lists held to Data 2.4.4.1?"""
    check(SAMPLES, (sample, path, value, error_path))


@pytest.mark.parametrize("interaction", sorted(COMPONENT_LISTS))
def test_every_interaction_type_with_its_component_lists(interaction: str) -> None:
    """Is each of the ten interaction types accepted with the component lists it supports?"""
    definition = {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": interaction,
        "correctResponsesPattern": [PATTERNS[interaction]],
        **COMPONENT_LISTS[interaction],
    }
    statement = minimal_statement()
    statement["object"] = {"id": "http://www.example.com/q", "definition": definition}
    validate_statement(statement)


@pytest.mark.parametrize("listed", ["choices", "scale", "source", "target", "steps"])
@pytest.mark.parametrize(
    "interaction",
    ["true-false", "fill-in", "long-fill-in", "numeric", "other"],
)
def test_types_without_component_lists_reject_them(interaction: str, listed: str) -> None:
    """Is a component list rejected for the interaction types that support none?"""
    statement = minimal_statement()
    statement["object"] = {
        "id": "http://www.example.com/q",
        "definition": {"interactionType": interaction, listed: [{"id": "a"}]},
    }
    assert rejection(statement).path == f"{DEF}.{listed}"

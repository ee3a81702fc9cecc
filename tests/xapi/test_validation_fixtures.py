"""Sample statements and mutation helpers for the xAPI validation tests (plus their sanity tests).

Samples are rebuilt on every call so a test can never leak a modification into another one.
Mutation paths use the validator's own notation: ``context.contextActivities.parent[0].id``;
a tuple of keys/indexes is accepted where a key itself contains dots (extension IRIs).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from lms.xapi.validation import StatementInvalid, validate_statement, validate_statements

DELETE = object()
"""Mutation value meaning "remove this property"."""

VERB = "http://adlnet.gov/expapi/verbs/attended"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ACTIVITY = "http://www.example.com/meetings/occurances/34534"
EXTENSION = "http://example.com/profiles/meetings/extension/location"
STATEMENT_ID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"
OTHER_ID = "8f87ccde-bb56-4c2e-ab83-44982ef22df0"
REGISTRATION = "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
SHA256 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
SHA1 = "cd9b00a5611f94eaa7b1661edab976068e364975"

Sample = Callable[[], dict[str, Any]]
PathSpec = str | tuple[str | int, ...]


def agent(**extra: Any) -> dict[str, Any]:
    """An Agent identified by mbox."""
    return {"objectType": "Agent", "name": "Ada Learner", "mbox": "mailto:ada@example.com", **extra}


def account_agent() -> dict[str, Any]:
    """An Agent identified by an account (as the platform identifies its people)."""
    return {"account": {"homePage": "https://lms.example.org", "name": "u-1625378"}}


def identified_group() -> dict[str, Any]:
    """A Group identified by openid, listing one member."""
    return {
        "objectType": "Group",
        "name": "Team Blue",
        "openid": "http://openid.example.org/12345",
        "member": [agent()],
    }


def anonymous_group() -> dict[str, Any]:
    """A Group without identifier: it must list its members."""
    return {"objectType": "Group", "member": [agent(), {"mbox_sha1sum": SHA1}]}


def definition() -> dict[str, Any]:
    """A plain (non-interaction) Activity definition using every general property."""
    return {
        "name": {"en-US": "example meeting", "de-DE": "Beispieltreffen"},
        "description": {"en-US": "An example meeting."},
        "type": "http://adlnet.gov/expapi/activities/meeting",
        "moreInfo": "http://virtualmeeting.example.com/345256",
        "extensions": {EXTENSION: "X:\\meetings\\minutes\\one", "http://example.com/n": None},
    }


def activity(**extra: Any) -> dict[str, Any]:
    """An Activity with a full definition."""
    return {"objectType": "Activity", "id": ACTIVITY, "definition": definition(), **extra}


def choice_activity() -> dict[str, Any]:
    """A "choice" interaction Activity with choices and a correct responses pattern."""
    return {
        "id": "http://www.example.com/quiz/q1",
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
            "correctResponsesPattern": ["golf[,]tetris"],
            "choices": [
                {"id": "golf", "description": {"en-US": "Golf Example"}},
                {"id": "tetris", "description": {"en-US": "Tetris Example"}},
                {"id": "scrabble"},
            ],
        },
    }


def matching_activity() -> dict[str, Any]:
    """A "matching" interaction Activity with source and target lists."""
    return {
        "id": "http://www.example.com/quiz/q2",
        "definition": {
            "interactionType": "matching",
            "correctResponsesPattern": ["ben[.]3[,]chris[.]2"],
            "source": [{"id": "ben"}, {"id": "chris"}],
            "target": [{"id": "2"}, {"id": "3", "description": {"ja": "三"}}],
        },
    }


def result() -> dict[str, Any]:
    """A Result using every property."""
    return {
        "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
        "success": True,
        "completion": True,
        "response": "We agreed on some example actions.",
        "duration": "PT1H0M0S",
        "extensions": {"http://example.com/result/minutes": {"name": "Thomas"}},
    }


def context() -> dict[str, Any]:
    """A Context using every property (allowed when the object is an Activity)."""
    return {
        "registration": REGISTRATION,
        "instructor": agent(name="Ina Instructor", mbox="mailto:ina@example.com"),
        "team": identified_group(),
        "contextActivities": {
            "parent": [{"id": "http://www.example.com/meetings/series"}],
            "grouping": {"objectType": "Activity", "id": "http://www.example.com/course"},
            "category": [{"id": "http://id.tincanapi.com/recipe/cmi5", "definition": {}}],
            "other": [],
        },
        "revision": "rev_10_3_2",
        "platform": "Example virtual meeting software",
        "language": "tlh",
        "statement": {"objectType": "StatementRef", "id": OTHER_ID},
        "extensions": {"http://example.com/context/airspeed": "600mph"},
    }


def attachment(**extra: Any) -> dict[str, Any]:
    """An Attachment header with every property."""
    return {
        "usageType": "http://example.com/attachment-usage/test",
        "display": {"en-US": "A test attachment"},
        "description": {"en-US": "A test attachment (description)"},
        "contentType": "text/plain; charset=ascii",
        "length": 27,
        "sha2": SHA256,
        "fileUrl": "http://over.there.com/file.txt",
        **extra,
    }


def minimal_statement() -> dict[str, Any]:
    """The smallest valid statement: actor, verb and object only."""
    return {
        "actor": {"mbox": "mailto:xapi@adlnet.gov"},
        "verb": {"id": VERB},
        "object": {"id": ACTIVITY},
    }


def full_statement() -> dict[str, Any]:
    """A valid statement using every top-level property."""
    return {
        "id": STATEMENT_ID,
        "actor": agent(),
        "verb": {"id": VERB, "display": {"en-GB": "attended", "en-US": "attended"}},
        "object": activity(),
        "result": result(),
        "context": context(),
        "timestamp": "2013-05-18T05:32:34.804+00:00",
        "stored": "2013-05-18T05:32:34.804Z",
        "authority": {"objectType": "Group", "member": [account_agent(), agent()]},
        "version": "1.0.0",
        "attachments": [attachment()],
    }


def substatement() -> dict[str, Any]:
    """A SubStatement using every property a SubStatement may have."""
    inner = {key: value for key, value in full_statement().items() if key not in ("id", "stored")}
    for key in ("authority", "version"):
        del inner[key]
    for key in ("revision", "platform"):  # so that tests may swap the object for a non-Activity
        del inner["context"][key]
    return {"objectType": "SubStatement", **inner, "timestamp": "2099-01-01T00:00:00Z"}


def substatement_statement() -> dict[str, Any]:
    """A valid statement whose object is a SubStatement."""
    statement = minimal_statement()
    statement["verb"] = {"id": "http://example.com/planned", "display": {"en-US": "planned"}}
    statement["object"] = substatement()
    return statement


def statement_ref_statement() -> dict[str, Any]:
    """A valid voiding statement (object is a StatementRef)."""
    statement = minimal_statement()
    statement["verb"] = {"id": VOIDED, "display": {"en-US": "voided"}}
    statement["object"] = {"objectType": "StatementRef", "id": OTHER_ID}
    return statement


def with_object(obj: dict[str, Any]) -> Sample:
    """A sample builder: the minimal statement with ``obj`` as its object."""

    def build() -> dict[str, Any]:
        statement = minimal_statement()
        statement["object"] = copy.deepcopy(obj)
        return statement

    return build


SAMPLES: dict[str, Sample] = {
    "minimal": minimal_statement,
    "full": full_statement,
    "substatement": substatement_statement,
    "statement-ref": statement_ref_statement,
    "choice": with_object(choice_activity()),
    "matching": with_object(matching_activity()),
    "object-agent": with_object(agent()),
    "object-group": with_object(anonymous_group()),
}


def _steps(path: PathSpec) -> list[str | int]:
    """Split ``a.b[2].c`` into ``["a", "b", 2, "c"]``; tuples are taken as given."""
    if isinstance(path, tuple):
        return list(path)
    steps: list[str | int] = []
    for part in path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        steps.extend([name] if name else [])
        steps.extend(int(index) for index in indexes if index)
    return steps


def mutate(document: dict[str, Any], path: PathSpec, value: Any) -> dict[str, Any]:
    """A deep copy of ``document`` with ``path`` set to ``value`` (or removed for DELETE)."""
    changed = copy.deepcopy(document)
    *parents, last = _steps(path)
    target: Any = changed
    for step in parents:
        target = target[step]
    if value is DELETE:
        del target[last]
    else:
        target[last] = copy.deepcopy(value)
    return changed


def bad(path: str, value: Any, error: str | None = None, *, id: str, sample: str) -> Any:
    """Table row: ``sample`` with ``path`` set to ``value`` must fail at ``statement.<error>``.

    ``error`` defaults to the mutated path itself (``actor.mbox`` -> ``statement.actor.mbox``).
    """
    return pytest.param(sample, path, value, f"statement.{error or path}", id=id)


def ok(path: str, value: Any, *, id: str, sample: str) -> Any:
    """Table row: ``sample`` with ``path`` set to ``value`` must still be valid."""
    return pytest.param(sample, path, value, None, id=id)


def check(samples: dict[str, Sample], row: tuple[str, PathSpec, Any, str | None]) -> None:
    """Apply one table row and compare the validator's verdict with the row's expectation."""
    sample, path, value, error_path = row
    statement = mutate(samples[sample](), path, value)
    if error_path is None:
        validate_statement(statement)
    else:
        assert rejection(statement).path == error_path


def rejection(data: Any, *, batch: bool = False) -> StatementInvalid:
    """The error the validator raises for ``data`` (the test fails if it accepts it)."""
    with pytest.raises(StatementInvalid) as caught:
        if batch:
            validate_statements(data)
        else:
            validate_statement(data)
    return caught.value


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_are_valid(name: str) -> None:
    """Do the sample statements the other tests mutate pass validation unchanged?"""
    validate_statement(SAMPLES[name]())


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("actor", ["actor"]),
        (
            "context.contextActivities.parent[0].id",
            ["context", "contextActivities", "parent", 0, "id"],
        ),
        ("attachments[0]", ["attachments", 0]),
        (("result", "extensions", "http://a.b/c"), ["result", "extensions", "http://a.b/c"]),
    ],
)
def test_mutation_paths_are_parsed(path: PathSpec, steps: list[str | int]) -> None:
    """Does the test helper read paths in the validator's notation?"""
    assert _steps(path) == steps


def test_mutate_leaves_the_original_alone() -> None:
    """Does mutate() work on a copy, so samples cannot leak changes between cases?"""
    original = full_statement()
    changed = mutate(original, "context.contextActivities.parent[0].id", "http://x.example/")
    removed = mutate(original, "result", DELETE)
    assert original == full_statement()
    assert changed["context"]["contextActivities"]["parent"][0]["id"] == "http://x.example/"
    assert "result" not in removed

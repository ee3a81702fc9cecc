"""Property tests: generated valid statements pass; removing or nulling required data fails.

IRIs come from small pools: the RFC 3987 parser is slow on first sight of an IRI and caches
results, so pools keep the run short without weakening what the properties assert.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.xapi.validation import StatementInvalid, validate_statement, validate_statements

from .test_validation_fixtures import DELETE, mutate

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Step = str | int
Path = tuple[Step, ...]

IRIS = st.sampled_from(
    [
        "http://adlnet.gov/expapi/verbs/attended",
        "http://www.example.com/meetings/occurances/34534",
        "https://lms.example.org/course/7#unit-3",
        "urn:example:activity:42",
        "http://example.com/فعل/خواندن",
        "http://[2001:db8::7]/a",
        "tag:example.com,2024:thing",
    ]
)
TAGS = st.sampled_from(
    ["en", "en-US", "de-DE", "zh-Hant", "sr-Latn-RS", "es-419", "i-klingon", "x-private"],
)
LANGUAGE_MAPS = st.dictionaries(TAGS, st.text(max_size=12), max_size=3)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
JSON_LEAVES = SCALARS | st.text(max_size=8)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """JSON arrays and objects holding ``inner`` values."""
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)


JSON_VALUES = st.recursive(JSON_LEAVES, _containers, max_leaves=8)
EXTENSIONS = st.dictionaries(IRIS, JSON_VALUES, max_size=2)
UUIDS = st.uuids().map(str) | st.uuids().map(lambda value: str(value).upper())
MBOXES = st.sampled_from(
    ["mailto:ada@example.com", "mailto:bob+x@mail.example.org", "mailto:c.d@ex.de"],
)
SHA1S = st.binary(min_size=1, max_size=8).map(lambda data: hashlib.sha1(data).hexdigest())  # noqa: S324
ACCOUNTS = st.fixed_dictionaries({"homePage": IRIS, "name": st.text(min_size=1, max_size=10)})
IFIS = st.one_of(
    st.builds(lambda v: {"mbox": v}, MBOXES),
    st.builds(lambda v: {"mbox_sha1sum": v}, SHA1S),
    st.builds(lambda v: {"openid": v}, IRIS),
    st.builds(lambda v: {"account": v}, ACCOUNTS),
)
DIGITS = st.integers(min_value=0, max_value=999).map(str)


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        merged.update(part)
    return merged


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects holding any subset of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


AGENTS = st.builds(_merge, IFIS, _optional(objectType=st.just("Agent"), name=st.text(max_size=10)))
MEMBERS = st.lists(AGENTS, min_size=1, max_size=3)
IDENTIFIED_GROUPS = st.builds(
    _merge,
    IFIS,
    st.fixed_dictionaries({"objectType": st.just("Group")}, optional={"member": MEMBERS}),
)
ANONYMOUS_GROUPS = st.fixed_dictionaries({"objectType": st.just("Group"), "member": MEMBERS})
ACTORS = AGENTS | IDENTIFIED_GROUPS | ANONYMOUS_GROUPS


@st.composite
def durations(draw: st.DrawFn) -> str:
    """ISO 8601 durations in the designator format, weeks on their own."""
    if draw(st.booleans()):
        return f"P{draw(DIGITS)}W"
    date = "".join(f"{draw(DIGITS)}{unit}" for unit in "YMD" if draw(st.booleans()))
    time = "".join(f"{draw(DIGITS)}{unit}" for unit in "HM" if draw(st.booleans()))
    if draw(st.booleans()) or not (date or time):
        time += f"{draw(DIGITS)}.{draw(DIGITS)}S"
    return f"P{date}T{time}" if time else f"P{date}"


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    """ISO 8601 timestamps with Z or a numeric offset, at various precisions."""
    moment = draw(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
    minutes = draw(st.integers(min_value=-23 * 60, max_value=23 * 60))
    text = moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat()
    return text.replace("+00:00", "Z") if minutes == 0 else text


@st.composite
def scores(draw: st.DrawFn) -> dict[str, Any]:
    """Consistent scores: -1 <= scaled <= 1 and min < raw < max, any subset present."""
    low = draw(st.integers(min_value=-1000, max_value=1000))
    high = low + draw(st.integers(min_value=1, max_value=1000))
    numbers = {
        "scaled": draw(st.floats(min_value=-1, max_value=1)),
        "min": low,
        "max": high,
        "raw": draw(st.floats(min_value=low, max_value=high)),
    }
    return {key: value for key, value in numbers.items() if draw(st.booleans())}


COMPONENTS = st.lists(st.text(min_size=1, max_size=6), unique=True, max_size=3).map(
    lambda ids: [{"id": item} for item in ids]
)
INTERACTIONS = st.one_of(
    st.fixed_dictionaries(
        {
            "interactionType": st.sampled_from(
                ["true-false", "fill-in", "long-fill-in", "numeric", "other"],
            ),
        }
    ),
    st.fixed_dictionaries(
        {"interactionType": st.sampled_from(["choice", "sequencing"]), "choices": COMPONENTS},
    ),
    st.fixed_dictionaries({"interactionType": st.just("likert"), "scale": COMPONENTS}),
    st.fixed_dictionaries(
        {"interactionType": st.just("matching"), "source": COMPONENTS, "target": COMPONENTS},
    ),
    st.fixed_dictionaries({"interactionType": st.just("performance"), "steps": COMPONENTS}),
)
PATTERNS = _optional(correctResponsesPattern=st.lists(st.text(max_size=8), max_size=2))
DEFINITIONS = st.builds(
    _merge,
    _optional(
        name=LANGUAGE_MAPS,
        description=LANGUAGE_MAPS,
        type=IRIS,
        moreInfo=IRIS,
        extensions=EXTENSIONS,
    ),
    st.just({}) | st.builds(_merge, INTERACTIONS, PATTERNS),
)
ACTIVITIES = st.builds(
    _merge,
    st.fixed_dictionaries({"id": IRIS}),
    _optional(objectType=st.just("Activity"), definition=DEFINITIONS),
)
STATEMENT_REFS = st.fixed_dictionaries({"objectType": st.just("StatementRef"), "id": UUIDS})
VERBS = st.builds(_merge, st.fixed_dictionaries({"id": IRIS}), _optional(display=LANGUAGE_MAPS))
RESULTS = _optional(
    score=scores(),
    success=st.booleans(),
    completion=st.booleans(),
    response=st.text(max_size=10),
    duration=durations(),
    extensions=EXTENSIONS,
)
ATTACHMENTS = st.fixed_dictionaries(
    {
        "usageType": IRIS,
        "display": LANGUAGE_MAPS,
        "contentType": st.sampled_from(["text/plain", "image/jpeg", "application/pdf; x=y"]),
        "length": st.integers(min_value=0, max_value=10**9),
        "sha2": st.binary(max_size=8).map(lambda data: hashlib.sha256(data).hexdigest()),
    },
    optional={"description": LANGUAGE_MAPS, "fileUrl": IRIS},
)


def contexts(object_is_activity: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Contexts; revision and platform only when the statement's object is an Activity."""
    one_or_many = ACTIVITIES | st.lists(ACTIVITIES, max_size=2)
    activity_lists = _optional(parent=one_or_many, grouping=one_or_many, other=one_or_many)
    fields: dict[str, st.SearchStrategy[Any]] = {
        "registration": UUIDS,
        "instructor": ACTORS,
        "team": IDENTIFIED_GROUPS | ANONYMOUS_GROUPS,
        "contextActivities": activity_lists,
        "language": TAGS,
        "statement": STATEMENT_REFS,
        "extensions": EXTENSIONS,
    }
    if object_is_activity:
        fields.update(revision=st.text(max_size=6), platform=st.text(max_size=6))
    return _optional(**fields)


@st.composite
def statement_bodies(draw: st.DrawFn, *, nested: bool) -> dict[str, Any]:
    """The parts Statements and SubStatements share."""
    kinds = ["activity", "agent", "group", "ref"] + ([] if nested else ["sub"])
    kind = draw(st.sampled_from(kinds))
    target = {
        "activity": ACTIVITIES,
        "agent": AGENTS.map(lambda agent: {**agent, "objectType": "Agent"}),
        "group": IDENTIFIED_GROUPS | ANONYMOUS_GROUPS,
        "ref": STATEMENT_REFS,
        "sub": substatements(),
    }[kind]
    body = {"actor": draw(ACTORS), "verb": draw(VERBS), "object": draw(target)}
    optional = _optional(
        result=RESULTS,
        context=contexts(kind == "activity"),
        timestamp=timestamps(),
        attachments=st.lists(ATTACHMENTS, max_size=2),
    )
    return {**body, **draw(optional)}


def substatements() -> st.SearchStrategy[dict[str, Any]]:
    """SubStatements: a statement body with objectType and no nested SubStatement."""
    return statement_bodies(nested=True).map(lambda body: {"objectType": "SubStatement", **body})


STATEMENTS = st.builds(
    _merge,
    statement_bodies(nested=False),
    _optional(
        id=UUIDS,
        stored=timestamps(),
        authority=AGENTS
        | st.fixed_dictionaries(
            {"objectType": st.just("Group"), "member": st.lists(AGENTS, min_size=2, max_size=2)},
        ),
        version=st.sampled_from(["1.0", "1.0.0", "1.0.3"]),
    ),
)


def required_paths(statement: dict[str, Any], path: Path = ()) -> list[Path]:
    """Paths of properties the rules make mandatory, found by walking a valid statement."""
    found = [(*path, key) for key in ("actor", "verb", "object")]
    found.append((*path, "verb", "id"))
    found += _agent_required(statement["actor"], (*path, "actor"))
    target = statement["object"]
    if target.get("objectType") == "SubStatement":
        found += [(*path, "object", "objectType"), *required_paths(target, (*path, "object"))]
    elif target.get("objectType") in ("Agent", "Group"):
        found += [(*path, "object", "objectType"), *_agent_required(target, (*path, "object"))]
    elif target.get("objectType") == "StatementRef":
        found += [(*path, "object", "id"), (*path, "object", "objectType")]
    else:
        found += _activity_required(target, (*path, "object"))
    found += _context_required(statement.get("context", {}), (*path, "context"))
    for index, attachment in enumerate(statement.get("attachments", [])):
        optional = ("description", "fileUrl")
        found += [(*path, "attachments", index, key) for key in attachment if key not in optional]
    return found


def _agent_required(agent: dict[str, Any], path: Path) -> list[Path]:
    """An Agent's identifier; a Group's identifier unless members remain; members' identifiers."""
    keys = [key for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in agent]
    is_group = agent.get("objectType") == "Group"
    found = [] if is_group and agent.get("member") else [(*path, key) for key in keys]
    if "account" in agent:
        found += [(*path, "account", "homePage"), (*path, "account", "name")]
    if is_group and not keys:
        found.append((*path, "member"))
    for index, member in enumerate(agent.get("member", [])):
        found += _agent_required(member, (*path, "member", index))
    return found


def _activity_required(activity: dict[str, Any], path: Path) -> list[Path]:
    """An Activity's id, its interactionType when patterns/components are used, component ids."""
    found = [(*path, "id")]
    definition = activity.get("definition", {})
    lists = [key for key in ("choices", "scale", "source", "target", "steps") if key in definition]
    if lists or "correctResponsesPattern" in definition:
        found.append((*path, "definition", "interactionType"))
    for key in lists:
        found += [(*path, "definition", key, index, "id") for index in range(len(definition[key]))]
    return found


def _context_required(context: dict[str, Any], path: Path) -> list[Path]:
    """Inside a context: StatementRef fields, team objectType, context activities' ids."""
    found = [(*path, "statement", key) for key in ("objectType", "id") if "statement" in context]
    if "team" in context:
        found += [(*path, "team", "objectType"), *_agent_required(context["team"], (*path, "team"))]
    for kind, value in context.get("contextActivities", {}).items():
        if isinstance(value, dict):
            found += _activity_required(value, (*path, "contextActivities", kind))
        for index, activity in enumerate(value if isinstance(value, list) else []):
            found += _activity_required(activity, (*path, "contextActivities", kind, index))
    return found


def leaf_paths(value: Any, path: Path = ()) -> list[Path]:
    """Every value's path, except inside extensions (where null is allowed)."""
    found: list[Path] = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key != "extensions":
                found += leaf_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += leaf_paths(inner, (*path, index))
    return found


def dotted(path: Path) -> str:
    """A path in the validator's notation."""
    text = "statement"
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


@SETTINGS
@given(STATEMENTS)
def test_generated_statements_are_valid(statement: dict[str, Any]) -> None:
    """Is every statement built only from the spec's allowed forms accepted, alone and batched?"""
    validate_statement(statement)
    validate_statements([statement])
    validate_statement(json.loads(json.dumps(statement)))


@SETTINGS
@given(STATEMENTS, st.data())
def test_removing_a_required_property_fails(statement: dict[str, Any], data: st.DataObject) -> None:
    """Is a statement rejected, at or above the spot, when a required property is deleted?"""
    path = data.draw(st.sampled_from(required_paths(statement)))
    try:
        validate_statement(mutate(statement, path, DELETE))
    except StatementInvalid as error:
        assert error.path.startswith(dotted(path[:-1]))
    else:
        raise AssertionError(f"accepted without {dotted(path)}")


@SETTINGS
@given(STATEMENTS, st.data())
def test_null_outside_extensions_fails(statement: dict[str, Any], data: st.DataObject) -> None:
    """Is a null anywhere outside extensions rejected (Data 2.2.s4.b1.b1)?"""
    path = data.draw(st.sampled_from(leaf_paths(statement)))
    try:
        validate_statement(mutate(statement, path, None))
    except StatementInvalid as error:
        assert error.path.startswith(dotted(path[:-1]))
    else:
        raise AssertionError(f"accepted null at {dotted(path)}")


@settings(max_examples=300, deadline=None)
@given(
    JSON_VALUES | st.dictionaries(st.sampled_from(["actor", "verb", "object", "id"]), JSON_VALUES),
)
def test_arbitrary_json_only_raises_statement_invalid(body: Any) -> None:
    """Does any JSON input end in acceptance or StatementInvalid, never in another exception?"""
    try:
        validate_statements(body)
    except StatementInvalid as error:
        assert error.path.startswith("statement")

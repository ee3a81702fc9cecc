"""Statements, SubStatements, verbs, statement objects and batches (xAPI 1.0.3 Data 2.2-2.4).

Validation only: the input is never modified. Defaults the LRS applies when storing
(``objectType`` "Agent" for actors, "Activity" for objects, a generated ``id``, ``timestamp``,
``stored``, ``authority``, ``version`` "1.0.0") are for the storage layer to fill in.
"""

from __future__ import annotations

from ._checks import (
    JsonObject,
    check_properties,
    child,
    describe,
    expect_constant,
    expect_object,
    fail,
    item,
)
from .activities import validate_activity
from .agents import IFI_PROPERTIES, validate_agent, validate_authority
from .formats import validate_iri, validate_language_map, validate_uuid, validate_version
from .parts import validate_attachments, validate_context, validate_result, validate_statement_ref
from .times import parse_timestamp

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
STATEMENT_PROPERTIES = (
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
)
SUBSTATEMENT_PROPERTIES = (
    "objectType",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "attachments",
)
NOT_IN_SUBSTATEMENT = ("id", "stored", "version", "authority")
REQUIRED = ("actor", "verb", "object")
OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")
VERB_PROPERTIES = ("id", "display")


def validate_statement(data: object, *, path: str = "statement") -> None:
    """Validate one statement as an LRS receives it; raise ``StatementInvalid`` if it breaks a rule.

    ``stored``, ``authority`` and ``version`` are checked for form although the LRS
    overwrites or ignores them.
    """
    statement = expect_object(data, path)
    check_properties(
        statement,
        path,
        kind="a Statement",
        allowed=STATEMENT_PROPERTIES,
        required=REQUIRED,
    )
    if "id" in statement:
        validate_uuid(statement["id"], child(path, "id"))
    _validate_body(statement, path, nested=False)
    if "stored" in statement:
        parse_timestamp(statement["stored"], child(path, "stored"))
    if "authority" in statement:
        validate_authority(statement["authority"], child(path, "authority"))
    if "version" in statement:
        validate_version(statement["version"], child(path, "version"))


def validate_statements(data: object, *, path: str = "statement") -> None:
    """Validate a POST body: one statement object, or an array of them (which may be empty).

    Errors in array elements are located as ``statement[3]...``. Two statements sharing an
    ``id`` make the whole batch invalid (Communication 2.1.2: the LRS SHOULD* reject it).
    """
    if isinstance(data, dict):
        validate_statement(data, path=path)
        return
    if not isinstance(data, list):
        fail(path, f"must be a statement object or an array of statements, got {describe(data)}")
    first_seen: dict[str, str] = {}
    for index, statement in enumerate(data):
        where = item(path, index)
        validate_statement(statement, path=where)
        statement_id = statement.get("id") if isinstance(statement, dict) else None
        if isinstance(statement_id, str):
            key = statement_id.lower()
            if key in first_seen:
                message = f"repeats the id of {first_seen[key]}; ids in a batch must be unique"
                fail(child(where, "id"), message)
            first_seen[key] = where


def is_voiding(statement: object) -> bool:
    """Whether ``statement`` voids another: verb ``.../verbs/voided`` with a StatementRef object."""
    if not isinstance(statement, dict):
        return False
    verb, target = statement.get("verb"), statement.get("object")
    return (
        isinstance(verb, dict)
        and verb.get("id") == VOIDED_VERB
        and isinstance(target, dict)
        and target.get("objectType") == "StatementRef"
    )


def validate_verb(value: object, path: str) -> str:
    """Validate a Verb (IRI ``id``, optional ``display`` language map); return its id."""
    verb = expect_object(value, path)
    check_properties(verb, path, kind="a Verb", allowed=VERB_PROPERTIES, required=("id",))
    verb_id = validate_iri(verb["id"], child(path, "id"))
    if "display" in verb:
        validate_language_map(verb["display"], child(path, "display"))
    return verb_id


def validate_object(value: object, path: str, *, nested: bool = False) -> str:
    """Validate a statement's object and return its objectType (default "Activity").

    ``nested`` is true inside a SubStatement, where another SubStatement is not allowed.
    """
    obj = expect_object(value, path)
    object_type = _object_type(obj, path, nested=nested)
    if object_type == "Activity":
        validate_activity(obj, path)
    elif object_type in ("Agent", "Group"):
        validate_agent(obj, path)
    elif object_type == "StatementRef":
        validate_statement_ref(obj, path)
    else:
        _validate_substatement(obj, path)
    return object_type


def _object_type(obj: JsonObject, path: str, *, nested: bool) -> str:
    """The objectType of a statement's object, with the errors specific to that position."""
    where = child(path, "objectType")
    if "objectType" not in obj:
        if any(key in obj for key in (*IFI_PROPERTIES, "member")):
            fail(where, "is missing; an Agent or Group as a statement's object must state it")
        return "Activity"
    if nested and obj["objectType"] == "SubStatement":
        fail(where, 'must not be "SubStatement": a SubStatement cannot contain another one')
    return expect_constant(obj["objectType"], where, OBJECT_TYPES)


def _validate_substatement(obj: JsonObject, path: str) -> None:
    """A SubStatement: a statement without id/stored/version/authority, validated as one."""
    for key in NOT_IN_SUBSTATEMENT:
        if key in obj:
            message = f'is not allowed in a SubStatement (only a Statement has "{key}")'
            fail(child(path, key), message)
    check_properties(
        obj,
        path,
        kind="a SubStatement",
        allowed=SUBSTATEMENT_PROPERTIES,
        required=REQUIRED,
    )
    _validate_body(obj, path, nested=True)


def _validate_body(statement: JsonObject, path: str, *, nested: bool) -> None:
    """Rules Statements and SubStatements share: actor, verb, object, result, context, ..."""
    validate_agent(statement["actor"], child(path, "actor"))
    verb_id = validate_verb(statement["verb"], child(path, "verb"))
    object_type = validate_object(statement["object"], child(path, "object"), nested=nested)
    if verb_id == VOIDED_VERB and object_type != "StatementRef":
        fail(child(path, "object"), f"must be a StatementRef because the verb is {VOIDED_VERB}")
    if "result" in statement:
        validate_result(statement["result"], child(path, "result"))
    if "context" in statement:
        validate_context(statement["context"], child(path, "context"), object_type=object_type)
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"], child(path, "timestamp"))
    if "attachments" in statement:
        validate_attachments(statement["attachments"], child(path, "attachments"))

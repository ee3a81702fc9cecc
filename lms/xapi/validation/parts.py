"""Statement parts: result and score, context, StatementRef, attachments (Data 2.4.5-2.4.11)."""

from __future__ import annotations

from ._checks import (
    JsonObject,
    check_properties,
    child,
    describe,
    expect_array,
    expect_bool,
    expect_constant,
    expect_integer,
    expect_number,
    expect_object,
    expect_string,
    fail,
    item,
)
from .activities import validate_activity
from .agents import validate_agent, validate_group
from .formats import (
    SIGNATURE_USAGE_TYPE,
    validate_extensions,
    validate_iri,
    validate_irl,
    validate_language_map,
    validate_language_tag,
    validate_media_type,
    validate_sha2,
    validate_uuid,
)
from .times import validate_duration

RESULT_PROPERTIES = ("score", "success", "completion", "response", "duration", "extensions")
SCORE_PROPERTIES = ("scaled", "raw", "min", "max")
CONTEXT_PROPERTIES = (
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
)
CONTEXT_ACTIVITY_TYPES = ("parent", "grouping", "category", "other")
STATEMENT_REF_PROPERTIES = ("objectType", "id")
ATTACHMENT_PROPERTIES = (
    "usageType",
    "display",
    "description",
    "contentType",
    "length",
    "sha2",
    "fileUrl",
)
ATTACHMENT_REQUIRED = ("usageType", "display", "contentType", "length", "sha2")


def validate_result(value: object, path: str) -> JsonObject:
    """Validate a Result: score, boolean success/completion, string response, duration."""
    result = expect_object(value, path)
    check_properties(result, path, kind="a Result", allowed=RESULT_PROPERTIES)
    if "score" in result:
        validate_score(result["score"], child(path, "score"))
    for key in ("success", "completion"):
        if key in result:
            expect_bool(result[key], child(path, key))
    if "response" in result:
        expect_string(result["response"], child(path, "response"))
    if "duration" in result:
        validate_duration(result["duration"], child(path, "duration"))
    if "extensions" in result:
        validate_extensions(result["extensions"], child(path, "extensions"))
    return result


def validate_score(value: object, path: str) -> JsonObject:
    """Validate a Score: numbers; -1 <= scaled <= 1; min < max; min <= raw <= max."""
    score = expect_object(value, path)
    check_properties(score, path, kind="a Score", allowed=SCORE_PROPERTIES)
    present = [key for key in SCORE_PROPERTIES if key in score]
    numbers = {key: expect_number(score[key], child(path, key)) for key in present}
    scaled, raw = numbers.get("scaled"), numbers.get("raw")
    low, high = numbers.get("min"), numbers.get("max")
    if scaled is not None and not -1 <= scaled <= 1:
        fail(child(path, "scaled"), f"must be between -1 and 1 inclusive, got {scaled}")
    if low is not None and high is not None and not low < high:
        fail(child(path, "min"), f"must be less than max ({high}), got {low}")
    if raw is not None and low is not None and raw < low:
        fail(child(path, "raw"), f"must not be less than min ({low}), got {raw}")
    if raw is not None and high is not None and raw > high:
        fail(child(path, "raw"), f"must not be greater than max ({high}), got {raw}")
    return score


def validate_context(value: object, path: str, *, object_type: str) -> JsonObject:
    """Validate a Context; ``object_type`` is the objectType of the statement's object."""
    context = expect_object(value, path)
    check_properties(context, path, kind="a Context", allowed=CONTEXT_PROPERTIES)
    if "registration" in context:
        validate_uuid(context["registration"], child(path, "registration"))
    if "instructor" in context:
        validate_agent(context["instructor"], child(path, "instructor"))
    if "team" in context:
        validate_group(context["team"], child(path, "team"))
    if "contextActivities" in context:
        validate_context_activities(context["contextActivities"], child(path, "contextActivities"))
    for key in ("revision", "platform"):
        if key in context:
            expect_string(context[key], child(path, key))
            if object_type != "Activity":
                message = f"is only allowed when the object is an Activity, not {object_type}"
                fail(child(path, key), message)
    if "language" in context:
        validate_language_tag(context["language"], child(path, "language"))
    if "statement" in context:
        validate_statement_ref(context["statement"], child(path, "statement"))
    if "extensions" in context:
        validate_extensions(context["extensions"], child(path, "extensions"))
    return context


def validate_context_activities(value: object, path: str) -> JsonObject:
    """Map of parent/grouping/category/other to an Activity or an array of Activities."""
    mapping = expect_object(value, path)
    check_properties(mapping, path, kind="contextActivities", allowed=CONTEXT_ACTIVITY_TYPES)
    for key, activities in mapping.items():
        where = child(path, key)
        if isinstance(activities, dict):
            validate_activity(activities, where)
        elif isinstance(activities, list):
            for index, activity in enumerate(activities):
                validate_activity(activity, item(where, index))
        else:
            message = f"must be an Activity or an array of Activities, got {describe(activities)}"
            fail(where, message)
    return mapping


def validate_statement_ref(value: object, path: str) -> JsonObject:
    """Validate a StatementRef: ``objectType`` "StatementRef" and a UUID ``id``, nothing else."""
    ref = expect_object(value, path)
    check_properties(
        ref,
        path,
        kind="a StatementRef",
        allowed=STATEMENT_REF_PROPERTIES,
        required=STATEMENT_REF_PROPERTIES,
    )
    expect_constant(ref["objectType"], child(path, "objectType"), ("StatementRef",))
    validate_uuid(ref["id"], child(path, "id"))
    return ref


def validate_attachments(value: object, path: str) -> list[object]:
    """Validate the ``attachments`` array (it may be empty)."""
    attachments = expect_array(value, path)
    for index, attachment in enumerate(attachments):
        validate_attachment(attachment, item(path, index))
    return attachments


def validate_attachment(value: object, path: str) -> JsonObject:
    """Validate one Attachment header; a signature must be ``application/octet-stream``."""
    attachment = expect_object(value, path)
    check_properties(
        attachment,
        path,
        kind="an Attachment",
        allowed=ATTACHMENT_PROPERTIES,
        required=ATTACHMENT_REQUIRED,
    )
    usage_type = validate_iri(attachment["usageType"], child(path, "usageType"))
    validate_language_map(attachment["display"], child(path, "display"))
    if "description" in attachment:
        validate_language_map(attachment["description"], child(path, "description"))
    content_type = validate_media_type(attachment["contentType"], child(path, "contentType"))
    if expect_integer(attachment["length"], child(path, "length")) < 0:
        fail(child(path, "length"), "must not be negative")
    validate_sha2(attachment["sha2"], child(path, "sha2"))
    if "fileUrl" in attachment:
        validate_irl(attachment["fileUrl"], child(path, "fileUrl"))
    essence = content_type.split(";", 1)[0].strip().lower()
    if usage_type == SIGNATURE_USAGE_TYPE and essence != "application/octet-stream":
        message = 'must be "application/octet-stream" for a signature attachment'
        fail(child(path, "contentType"), message)
    return attachment

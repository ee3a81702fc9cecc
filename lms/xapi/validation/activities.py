"""Activities and Activity definitions, including interactions (xAPI 1.0.3 Data 2.4.4.1)."""

from __future__ import annotations

from ._checks import (
    JsonObject,
    check_properties,
    child,
    expect_array,
    expect_constant,
    expect_object,
    expect_string,
    fail,
    item,
    show,
)
from .formats import validate_extensions, validate_iri, validate_irl, validate_language_map

INTERACTION_TYPES = (
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
)
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
LISTS_BY_INTERACTION_TYPE: dict[str, tuple[str, ...]] = {
    "choice": ("choices",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "matching": ("source", "target"),
    "performance": ("steps",),
}
ACTIVITY_PROPERTIES = ("objectType", "id", "definition")
DEFINITION_PROPERTIES = (
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    *COMPONENT_LISTS,
)
COMPONENT_PROPERTIES = ("id", "description")


def validate_activity(value: object, path: str) -> JsonObject:
    """Validate an Activity: an IRI ``id``, optional ``objectType`` "Activity", a definition."""
    activity = expect_object(value, path)
    check_properties(
        activity,
        path,
        kind="an Activity",
        allowed=ACTIVITY_PROPERTIES,
        required=("id",),
    )
    if "objectType" in activity:
        expect_constant(activity["objectType"], child(path, "objectType"), ("Activity",))
    validate_iri(activity["id"], child(path, "id"))
    if "definition" in activity:
        validate_definition(activity["definition"], child(path, "definition"))
    return activity


def validate_definition(value: object, path: str) -> JsonObject:
    """Validate an Activity definition: language maps, type IRI, moreInfo IRL, interactions."""
    definition = expect_object(value, path)
    check_properties(definition, path, kind="an Activity definition", allowed=DEFINITION_PROPERTIES)
    for key in ("name", "description"):
        if key in definition:
            validate_language_map(definition[key], child(path, key))
    if "type" in definition:
        validate_iri(definition["type"], child(path, "type"))
    if "moreInfo" in definition:
        validate_irl(definition["moreInfo"], child(path, "moreInfo"))
    if "extensions" in definition:
        validate_extensions(definition["extensions"], child(path, "extensions"))
    _validate_interaction(definition, path)
    return definition


def _validate_interaction(definition: JsonObject, path: str) -> None:
    """Interaction properties: a known interactionType and the component lists it supports."""
    used = [key for key in ("correctResponsesPattern", *COMPONENT_LISTS) if key in definition]
    if "interactionType" not in definition:
        if used:
            message = f'is missing; it is required when "{used[0]}" is used'
            fail(child(path, "interactionType"), message)
        return
    where = child(path, "interactionType")
    interaction = expect_constant(definition["interactionType"], where, INTERACTION_TYPES)
    if "correctResponsesPattern" in definition:
        where = child(path, "correctResponsesPattern")
        for index, pattern in enumerate(expect_array(definition["correctResponsesPattern"], where)):
            expect_string(pattern, item(where, index))
    supported = LISTS_BY_INTERACTION_TYPE.get(interaction, ())
    for key in COMPONENT_LISTS:
        if key in definition and key not in supported:
            hint = f"use {' and '.join(supported)}" if supported else "it has no component lists"
            fail(child(path, key), f'is not used with interactionType "{interaction}" ({hint})')
        if key in definition:
            _validate_components(definition[key], child(path, key))


def _validate_components(value: object, path: str) -> None:
    """An interaction component list: objects with a string id (distinct) and a description."""
    first_index: dict[str, int] = {}
    for index, component in enumerate(expect_array(value, path)):
        where = item(path, index)
        obj = expect_object(component, where)
        check_properties(
            obj,
            where,
            kind="an interaction component",
            allowed=COMPONENT_PROPERTIES,
            required=("id",),
        )
        component_id = expect_string(obj["id"], child(where, "id"))
        if component_id in first_index:
            earlier = item(path, first_index[component_id])
            message = f"repeats the id {show(component_id)} of {earlier}; ids must be distinct"
            fail(child(where, "id"), message)
        first_index[component_id] = index
        if "description" in obj:
            validate_language_map(obj["description"], child(where, "description"))

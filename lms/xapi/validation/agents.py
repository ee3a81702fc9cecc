"""Agents, Groups and their identifiers (xAPI 1.0.3 Data 2.4.2, 2.4.6 team, 2.4.9 authority)."""

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
)
from .formats import validate_iri, validate_irl, validate_mbox, validate_sha1sum

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")
AGENT_PROPERTIES = ("objectType", "name", *IFI_PROPERTIES)
GROUP_PROPERTIES = (*AGENT_PROPERTIES, "member")
ACCOUNT_PROPERTIES = ("homePage", "name")


def validate_agent(value: object, path: str, *, identified: bool = False) -> JsonObject:
    """Validate an Agent or a Group wherever xAPI accepts either (actor, instructor, ...).

    Without ``objectType`` the object is an Agent. An Agent has exactly one inverse
    functional identifier (IFI); a Group has at most one, and without one it is an anonymous
    Group that must list its members. ``identified=True`` rejects anonymous Groups (for
    query parameters that must name a single Agent or identified Group). Returns the object.
    """
    obj = expect_object(value, path)
    if "objectType" in obj:
        kind = expect_constant(obj["objectType"], child(path, "objectType"), ("Agent", "Group"))
    else:
        kind = "Agent"
    if kind == "Group":
        _validate_group(obj, path, identified=identified)
    else:
        _validate_single_agent(obj, path)
    return obj


def validate_group(value: object, path: str) -> JsonObject:
    """Validate a value that must be a Group (context team): ``objectType`` "Group" required."""
    obj = expect_object(value, path)
    if "objectType" not in obj:
        fail(child(path, "objectType"), 'is missing; a Group must state "objectType": "Group"')
    expect_constant(obj["objectType"], child(path, "objectType"), ("Group",))
    _validate_group(obj, path, identified=False)
    return obj


def validate_authority(value: object, path: str) -> JsonObject:
    """Validate a statement authority: an Agent, or an anonymous Group of exactly two Agents.

    The two-member Group is the 3-legged OAuth pairing of application and user (Data 2.4.9).
    """
    obj = validate_agent(value, path)
    if obj.get("objectType") != "Group":
        return obj
    ifis = [name for name in IFI_PROPERTIES if name in obj]
    if ifis:
        fail(child(path, ifis[0]), "is not allowed: an authority Group must be anonymous")
    members = obj["member"]
    if isinstance(members, list) and len(members) != 2:
        fail(
            child(path, "member"),
            f"must list exactly two Agents (OAuth application and user), found {len(members)}",
        )
    return obj


def _validate_single_agent(obj: JsonObject, path: str) -> None:
    """Rules for an Agent: known properties, optional name, exactly one valid IFI."""
    if "member" in obj and "objectType" not in obj:
        fail(child(path, "objectType"), 'is missing; an object with "member" must be a Group')
    check_properties(obj, path, kind="an Agent", allowed=AGENT_PROPERTIES)
    if "name" in obj:
        expect_string(obj["name"], child(path, "name"))
    ifis = [name for name in IFI_PROPERTIES if name in obj]
    if len(ifis) != 1:
        found = "none" if not ifis else ", ".join(ifis)
        fail(
            path,
            "an Agent must have exactly one inverse functional identifier "
            f"(mbox, mbox_sha1sum, openid or account); found {found}",
        )
    _validate_ifi(obj, ifis[0], path)


def _validate_group(obj: JsonObject, path: str, *, identified: bool) -> None:
    """Rules for a Group: at most one IFI; anonymous Groups must list their members."""
    check_properties(obj, path, kind="a Group", allowed=GROUP_PROPERTIES)
    if "name" in obj:
        expect_string(obj["name"], child(path, "name"))
    ifis = [name for name in IFI_PROPERTIES if name in obj]
    if len(ifis) > 1:
        found = ", ".join(ifis)
        fail(path, f"a Group may have only one inverse functional identifier; found {found}")
    if ifis:
        _validate_ifi(obj, ifis[0], path)
    elif identified:
        fail(path, "must be an Agent or an identified Group (one with mbox, mbox_sha1sum, ...)")
    elif "member" not in obj:
        fail(child(path, "member"), "is missing; a Group without an identifier must list members")
    if "member" in obj:
        _validate_members(obj["member"], child(path, "member"), anonymous=not ifis)


def _validate_members(value: object, path: str, *, anonymous: bool) -> None:
    """A Group's members: an array of Agents (never Groups); non-empty for anonymous Groups."""
    members = expect_array(value, path)
    if anonymous and not members:
        fail(path, "must list at least one Agent for an anonymous Group")
    for index, member in enumerate(members):
        where = item(path, index)
        obj = expect_object(member, where)
        if obj.get("objectType") == "Group":
            fail(child(where, "objectType"), 'must not be "Group": a Group\'s members are Agents')
        validate_agent(obj, where)


def _validate_ifi(obj: JsonObject, name: str, path: str) -> None:
    """Validate the inverse functional identifier ``name`` of an Agent or Group."""
    where = child(path, name)
    value = obj[name]
    if name == "mbox":
        validate_mbox(value, where)
    elif name == "mbox_sha1sum":
        validate_sha1sum(value, where)
    elif name == "openid":
        validate_iri(value, where)
    else:
        account = expect_object(value, where)
        check_properties(
            account,
            where,
            kind="an account",
            allowed=ACCOUNT_PROPERTIES,
            required=ACCOUNT_PROPERTIES,
        )
        validate_irl(account["homePage"], child(where, "homePage"))
        expect_string(account["name"], child(where, "name"))

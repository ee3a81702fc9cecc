"""Canonical keys for agents and groups (what the store indexes and filters by)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

IFI_PROPERTIES = ("mbox", "mbox_sha1sum", "openid", "account")


def agent_key(agent: dict[str, Any]) -> str:
    """A stable string for an Agent or identified Group: its inverse functional identifier.

    An anonymous Group (no IFI) is keyed by a hash of its canonical JSON, so it still has a
    key but never matches a filter for a real person.
    """
    if "mbox" in agent:
        return "mbox:" + str(agent["mbox"]).lower()
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum:" + str(agent["mbox_sha1sum"]).lower()
    if "openid" in agent:
        return "openid:" + str(agent["openid"])
    if "account" in agent:
        account = agent["account"]
        return f"account:{account.get('homePage')}|{account.get('name')}"
    digest = hashlib.sha256(json.dumps(agent, sort_keys=True).encode()).hexdigest()
    return "anonymous-group:" + digest


def group_members(agent: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The members of a Group (nothing for an Agent)."""
    if agent.get("objectType") == "Group":
        yield from agent.get("member") or []

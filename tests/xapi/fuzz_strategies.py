"""Hypothesis strategies for fuzzing the LRS API from its published OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
AGENTS = st.sampled_from(
    [
        {"mbox": "mailto:fuzz@example.com"},
        {"objectType": "Agent", "account": {"homePage": "http://x.org", "name": "n"}},
        {"objectType": "Group", "member": []},
        {"openid": "http://openid.example/u"},
        {"mbox_sha1sum": "a" * 40},
    ]
)
STATEMENT_PARTS = st.fixed_dictionaries(
    {
        "actor": AGENTS | JSON,
        "verb": st.sampled_from([{"id": "http://adlnet.gov/expapi/verbs/voided"}, {"id": "http://example.com/v"}])
        | JSON,
        "object": st.sampled_from(
            [
                {"id": "http://example.com/a"},
                {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
            ]
        )
        | JSON,
    },
    optional={
        "id": st.uuids().map(str) | st.text(max_size=10),
        "context": JSON,
        "result": JSON,
        "timestamp": st.sampled_from(["2024-01-01T00:00:00Z", "2024-13-01", "x"]),
        "attachments": JSON,
    },
)
VALUES = (
    st.text(max_size=30)
    | st.uuids().map(str)
    | st.sampled_from(
        [
            "true",
            "false",
            "0",
            "10",
            "-1",
            "2024-01-01T00:00:00Z",
            "http://example.com/a",
            "ids",
            "exact",
            "canonical",
            "*",
            '"' + "a" * 40 + '"',
            "%",
            "{}",
            "[]",
        ]
    )
    | AGENTS.map(json.dumps)
    | JSON.map(json.dumps)
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/octet-stream",
        "multipart/mixed; boundary=abc",
        "multipart/mixed",
        "multipart/form-data; boundary=x",
        "text/plain",
        "application/x-www-form-urlencoded",
        "",
    ]
)


def operations(spec: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(path, METHOD, parameter names) of every operation in the OpenAPI document."""
    found = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            names = [p["name"] for p in operation.get("parameters", []) if "name" in p]
            found.append((path, method.upper(), names))
    return found


@st.composite
def requests(draw: st.DrawFn, ops: list[tuple[str, str, list[str]]]) -> dict[str, Any]:
    """One request: an operation, some of its parameters (plus strays), headers and a body."""
    path, method, names = draw(st.sampled_from(ops))
    method = draw(st.sampled_from([method, method, "HEAD", "DELETE", "PUT"]))
    chosen = draw(st.lists(st.sampled_from([*names, "foo", "method", "Limit"]), max_size=5, unique=True))
    params = {name: draw(VALUES) for name in chosen if name != "method"}
    body_kind = draw(st.sampled_from(["none", "statement", "statements", "json", "bytes"]))
    body: bytes = b""
    if body_kind == "statement":
        body = json.dumps(draw(STATEMENT_PARTS)).encode()
    elif body_kind == "statements":
        body = json.dumps(draw(st.lists(STATEMENT_PARTS, max_size=3))).encode()
    elif body_kind == "json":
        body = json.dumps(draw(JSON)).encode()
    elif body_kind == "bytes":
        body = draw(st.binary(max_size=200))
    headers = {"Content-Type": draw(CONTENT_TYPES)}
    for header in draw(st.lists(st.sampled_from(["If-Match", "If-None-Match", "Accept-Language"]), unique=True)):
        headers[header] = "".join(c for c in draw(VALUES) if " " <= c <= "~")  # what HTTP can carry
    return {"path": path, "method": method, "params": params, "body": body, "headers": headers}

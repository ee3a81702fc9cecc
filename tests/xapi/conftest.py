"""Fixtures for the LRS API tests: an authenticated xAPI client and statement builders."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient

from lms.db import db
from lms.xapi import clients

VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


class Lrs:
    """A tiny xAPI client over Flask's test client."""

    def __init__(self, client: FlaskClient, key: str, secret: str) -> None:
        self.client = client
        self.headers = {**VERSION_HEADER, "Authorization": basic(key, secret)}

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        data: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        content_type: str | None = None,
    ):
        query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in (params or {}).items()}
        if json_body is not None:
            data, content_type = json.dumps(json_body), content_type or "application/json"
        return self.client.open(
            f"/xapi{path}",
            method=method,
            query_string=query,
            data=data,
            headers={**self.headers, **(headers or {})},
            content_type=content_type,
        )

    def get(self, path: str, **kwargs: Any):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any):
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any):
        return self.request("DELETE", path, **kwargs)

    def store(self, *statements: dict[str, Any]) -> list[str]:
        response = self.post("/statements", json_body=list(statements))
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.json


@pytest.fixture()
def lrs(client: FlaskClient) -> Lrs:
    """An LRS client with every scope, committed so requests see it."""
    key = "test-" + uuid.uuid4().hex[:8]
    _client, secret = clients.create_client(key, "Test", ["all"])
    db.session.commit()
    return Lrs(client, key, secret)


def make_statement(**overrides: Any) -> dict[str, Any]:
    """A valid statement with a unique actor mailbox and activity."""
    token = uuid.uuid4().hex[:10]
    statement = {
        "actor": {"objectType": "Agent", "name": "Test Person", "mbox": f"mailto:{token}@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": f"http://example.com/activities/{token}"},
    }
    statement.update(overrides)
    return statement

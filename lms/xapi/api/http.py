"""The request pipeline every LRS resource shares.

Alternate request syntax, the version header, HTTP Basic authentication, case-sensitive
parameter whitelists, scopes, JSON errors naming the offending property, CORS and the
``X-Experience-API-Version`` header on every response.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, g, request
from werkzeug.datastructures import Headers

from lms.db import utcnow
from lms.extensions import csrf
from lms.xapi.clients import ClientIdentity, authenticate
from lms.xapi.validation import StatementInvalid

bp = Blueprint("xapi", __name__, url_prefix="/xapi")
csrf.exempt(bp)

VERSION = "1.0.3"
ACCEPTED_VERSION = re.compile(r"^1\.0(\.\d+)?$")
METHODS = ("GET", "HEAD", "PUT", "POST", "DELETE")
FORM_HEADERS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, PUT, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, X-Experience-API-Version, "
    "X-Experience-API-Consistent-Through, Content-Type",
}


class XapiError(Exception):
    """An error answer: status, English message and (if known) the offending property."""

    def __init__(self, status: int, message: str, prop: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.prop, self.headers = status, message, prop, headers or {}


@dataclass
class XRequest:
    """One API request after the alternate syntax has been unfolded."""

    method: str
    params: dict[str, str]
    headers: Headers
    body: bytes
    content_type: str = ""
    mimetype: str = ""
    extras: dict[str, Any] = field(default_factory=dict)

    def json_body(self, prop: str = "body") -> Any:
        return parse_json(self.body, prop)


def parse_json(data: bytes, prop: str = "body") -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN/Infinity; 400 naming ``prop`` otherwise."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            duplicate = next(key for key, _value in pairs if key in seen or seen.add(key))
            raise XapiError(400, f"duplicate JSON key {duplicate!r}", prop)
        return result

    def no_constant(name: str) -> Any:
        raise XapiError(400, f"{name} is not valid JSON", prop)

    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise XapiError(400, f"not valid JSON: {error}", prop) from error


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, mimetype="application/json", headers=headers)


def _single_params(items: list[tuple[str, str]]) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in items:
        if key in params:
            raise XapiError(400, f"parameter {key!r} given more than once", key)
        params[key] = value
    return params


def parse_request() -> XRequest:
    """The request as the resources see it; unfolds ``POST ...?method=X`` (alternate syntax)."""
    if "method" not in request.args:
        return XRequest(
            request.method,
            _single_params(list(request.args.items(multi=True))),
            Headers(request.headers),
            request.get_data(),
            request.headers.get("Content-Type", ""),
            request.mimetype.lower(),
        )
    if request.method != "POST":
        raise XapiError(400, "the alternate request syntax must be sent as POST", "method")
    if len(request.args) > 1:
        raise XapiError(400, "with the alternate request syntax only 'method' may be in the query string", "method")
    method = request.args["method"].upper()
    if method not in METHODS:
        raise XapiError(400, f"unsupported method {method!r}", "method")
    if request.mimetype != "application/x-www-form-urlencoded":
        raise XapiError(
            400, "the alternate request syntax needs an application/x-www-form-urlencoded body", "Content-Type"
        )
    form = urllib.parse.parse_qsl(request.get_data(as_text=True), keep_blank_values=True)
    headers = Headers(request.headers)
    headers.remove("Content-Type")
    headers.remove("Content-Length")
    params, body = [], b""
    for key, value in form:
        if key.lower() in FORM_HEADERS:
            headers[key] = value
        elif key == "content":
            body = value.encode("utf-8")
        else:
            params.append((key, value))
    content_type = headers.get("Content-Type", "application/json" if body else "")
    mimetype = content_type.split(";")[0].strip().lower()
    return XRequest(method, _single_params(params), headers, body, content_type, mimetype, {"alternate": True})


def check_version(xr: XRequest) -> None:
    version = xr.headers.get("X-Experience-API-Version")
    if version is None:
        raise XapiError(400, "the X-Experience-API-Version header is required", "X-Experience-API-Version")
    if not ACCEPTED_VERSION.match(version.strip()):
        raise XapiError(400, f"unsupported xAPI version {version!r}; this LRS speaks 1.0.x", "X-Experience-API-Version")


def check_auth(xr: XRequest) -> ClientIdentity:
    challenge = {"WWW-Authenticate": 'Basic realm="xAPI"'}
    header = xr.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        raise XapiError(401, "HTTP Basic credentials of an LRS client are required", "Authorization", challenge)
    try:
        key, _sep, secret = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise XapiError(401, "malformed Basic credentials", "Authorization", challenge) from error
    client = authenticate(key, secret)
    if client is None:
        raise XapiError(401, "unknown LRS client or wrong secret", "Authorization", challenge)
    return client


Handler = Callable[[XRequest, ClientIdentity], Response]


def resource(
    rule: str,
    name: str,
    *,
    params: dict[str, set[str]],
    scopes: dict[str, str],
    required: dict[str, set[str]] | None = None,
) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``rule``: the shared checks run first, in the order the spec implies."""

    def decorator(handler: Handler) -> Handler:
        def view() -> Response:
            xr = parse_request()
            g.xapi_request = xr
            check_version(xr)
            client = check_auth(xr)
            if xr.method not in params:
                raise XapiError(405, f"{xr.method} is not supported here")
            unknown = sorted(set(xr.params) - params[xr.method])
            if unknown:
                raise XapiError(
                    400, f"unknown parameter {unknown[0]!r} (parameter names are case-sensitive)", unknown[0]
                )
            for needed in sorted((required or {}).get(xr.method, set())):
                if needed not in xr.params:
                    raise XapiError(400, f"parameter {needed!r} is required", needed)
            if not client.allows(scopes[xr.method], read=xr.method in ("GET", "HEAD")):
                raise XapiError(403, f"this LRS client lacks the scope {scopes[xr.method]!r}")
            response = handler(xr, client)
            if xr.method == "HEAD":
                response.set_data(b"")
            return response

        view.__name__ = name
        bp.add_url_rule(rule, name, view, methods=list(METHODS))
        return handler

    return decorator


def consistent_through() -> str:
    return utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z")


@bp.errorhandler(XapiError)
def _xapi_error(error: XapiError) -> Response:
    from lms.db import db

    db.session.rollback()
    body: dict[str, Any] = {"error": error.status, "message": error.message}
    if error.prop:
        body["property"] = error.prop
    return json_response(body, error.status, error.headers)


@bp.errorhandler(StatementInvalid)
def _invalid(error: StatementInvalid) -> Response:
    return _xapi_error(XapiError(400, str(error), error.path))


@bp.after_app_request
def _api_headers(response: Response) -> Response:
    """Version and CORS headers on every /xapi/ answer (also 404/405 of unknown routes)."""
    if request.path.startswith("/xapi/") or request.path == "/xapi":
        response.headers["X-Experience-API-Version"] = VERSION
        response.headers.update(CORS_HEADERS)
        if request.path.rstrip("/").endswith("/statements"):
            response.headers["X-Experience-API-Consistent-Through"] = consistent_through()
    return response

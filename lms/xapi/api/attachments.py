"""Attachment parts of incoming statements: matching by hash, signed statements (JWS).

No certificate comes with the conformance suite's signatures and xAPI 1.0.3 makes
cryptographic verification optional, so a signature is checked for form: a compact JWS with
an RS256/384/512 header whose payload equals the statement (without ``attachments``).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from lms.xapi.api.http import XapiError
from lms.xapi.api.multipart import Part
from lms.xapi.store import normalize

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
JWS_ALGORITHMS = {"RS256", "RS384", "RS512"}
LRS_SET = ("id", "authority", "stored", "timestamp", "version")


def declared(statement: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(statement.get("attachments") or [])
    obj = statement.get("object") or {}
    if obj.get("objectType") == "SubStatement":
        found += obj.get("attachments") or []
    return found


def match_parts(statements: list[dict[str, Any]], parts: dict[str, Part]) -> list[tuple[str, str, bytes]]:
    """The attachment bodies to store (sha2, content type, content); 400 for any mismatch."""
    wanted: dict[str, str] = {}
    for index, statement in enumerate(statements):
        for attachment in declared(statement):
            sha2 = attachment["sha2"].lower()
            if sha2 not in parts and "fileUrl" not in attachment:
                raise XapiError(
                    400, f"statement {index}: attachment {sha2[:12]}… has neither a part nor a fileUrl", "attachments"
                )
            wanted.setdefault(sha2, attachment["contentType"])
        check_signature(statement, parts, index)
    for sha2 in parts:
        if sha2 not in wanted:
            raise XapiError(400, f"part with hash {sha2[:12]}… matches no attachment sha2", "X-Experience-API-Hash")
    return [(sha2, wanted[sha2], part.body) for sha2, part in parts.items()]


def check_signature(statement: dict[str, Any], parts: dict[str, Part], index: int) -> None:
    for attachment in statement.get("attachments") or []:
        if attachment.get("usageType") != SIGNATURE:
            continue
        prop = f"statement[{index}].attachments"
        if (
            attachment["contentType"].split(";")[0].strip() != "application/octet-stream"
            or ";" in attachment["contentType"]
        ):
            raise XapiError(400, "a signature attachment must have contentType application/octet-stream", prop)
        part = parts.get(attachment["sha2"].lower())
        if part is None:
            raise XapiError(400, "the signature attachment must be sent as a part", prop)
        verify_jws(part.body, statement, prop)


def _b64(segment: str, prop: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise XapiError(400, "signature is not valid base64url", prop) from error


def verify_jws(token: bytes, statement: dict[str, Any], prop: str) -> None:
    """Check a compact JWS over ``statement``; 400 naming what is wrong."""
    try:
        header_b64, payload_b64, signature_b64 = token.decode("ascii").strip().split(".")
        header = json.loads(_b64(header_b64, prop))
        payload = json.loads(_b64(payload_b64, prop))
    except (UnicodeDecodeError, ValueError) as error:
        raise XapiError(400, "signature is not a compact JWS with JSON header and payload", prop) from error
    if not isinstance(header, dict) or header.get("alg") not in JWS_ALGORITHMS:
        raise XapiError(400, "signature algorithm must be RS256, RS384 or RS512", prop)
    if not isinstance(payload, dict) or not signature_b64:
        raise XapiError(400, "signature payload must be a statement", prop)
    if not _same_signed(payload, statement):
        raise XapiError(400, "the signed payload differs from the statement", prop)


def _same_signed(payload: dict[str, Any], statement: dict[str, Any]) -> bool:
    def comparable(data: dict[str, Any], keep: set[str]) -> Any:
        data = {k: v for k, v in data.items() if k != "attachments" and (k not in LRS_SET or k in keep)}
        try:
            return normalize(data)
        except (KeyError, ValueError, TypeError):
            return data

    keep = {k for k in LRS_SET if k in payload and k in statement}
    return comparable(payload, keep) == comparable(statement, keep)

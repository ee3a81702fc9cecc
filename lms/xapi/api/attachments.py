"""Attachment parts of incoming statements: matching by hash, signed statements (JWS).

The signature checks themselves (form, payload equal to the statement, ``x5c`` verification)
are in ``lms/xapi/signatures.py``; this module finds the signature part and answers 400.
"""

from __future__ import annotations

from typing import Any

from lms.xapi.api.http import XapiError
from lms.xapi.api.multipart import Part
from lms.xapi.signatures import SignatureError, verify_signature

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def declared(statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The attachments a statement declares, its SubStatement's included."""
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
    """400 unless every signature attachment is an octet-stream part holding a valid JWS."""
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
        try:
            verify_signature(part.body, statement)
        except SignatureError as error:
            raise XapiError(400, str(error), prop) from error

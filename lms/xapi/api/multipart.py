"""multipart/mixed bodies of the Statement resource: parsing requests, building responses.

Werkzeug only parses multipart/form-data, which xAPI forbids, so the raw body is split by
its boundary here. The parser tolerates an empty preamble, ``Name:value`` header lines and a
missing CRLF after the closing boundary, as real clients send them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from werkzeug.http import parse_options_header

from lms.xapi.api.http import XapiError


@dataclass
class Part:
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def boundary_of(content_type: str) -> str:
    _mimetype, options = parse_options_header(content_type)
    boundary = options.get("boundary")
    if not boundary:
        raise XapiError(400, "multipart/mixed without a boundary parameter", "Content-Type")
    return boundary


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """The parts of a multipart/mixed body, in order; 400 if it is not well-formed."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    segments = body.split(delimiter)
    if len(segments) < 3 or segments[0].strip(b"\r\n \t"):
        raise XapiError(400, "multipart body must start with the boundary and contain at least one part", "body")
    if not segments[-1].startswith(b"--"):
        raise XapiError(400, "multipart body lacks the closing boundary", "body")
    parts = []
    for segment in segments[1:-1]:
        if not segment.startswith(b"\r\n"):
            raise XapiError(400, "malformed multipart boundary line", "body")
        rest = segment[2:]
        if rest.startswith(b"\r\n"):
            head, content = b"", rest[2:]
        else:
            head, sep, content = rest.partition(b"\r\n\r\n")
            if not sep:
                raise XapiError(400, "multipart part without a blank line after its headers", "body")
        parts.append(Part(_headers(head), content.removesuffix(b"\r\n")))
    return parts


def _headers(block: bytes) -> dict[str, str]:
    headers = {}
    for line in block.decode("latin-1").split("\r\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise XapiError(400, f"malformed part header line {line[:60]!r}", "body")
        headers[name.strip().lower()] = value.strip()
    return headers


def split_statement_body(parts: list[Part]) -> tuple[bytes, dict[str, Part]]:
    """(JSON of the first part, attachment parts by hash); checks part headers."""
    first, rest = parts[0], parts[1:]
    if first.content_type.split(";")[0].strip().lower() != "application/json":
        raise XapiError(400, "the first part of a multipart/mixed body must be application/json", "Content-Type")
    by_hash: dict[str, Part] = {}
    for index, part in enumerate(rest, start=1):
        digest = part.headers.get("x-experience-api-hash")
        if not digest:
            raise XapiError(400, f"attachment part {index} lacks X-Experience-API-Hash", "X-Experience-API-Hash")
        if part.headers.get("content-transfer-encoding", "").lower() != "binary":
            raise XapiError(
                400, f"attachment part {index} needs Content-Transfer-Encoding: binary", "Content-Transfer-Encoding"
            )
        if hashlib.sha256(part.body).hexdigest() != digest.lower():
            raise XapiError(
                400,
                f"attachment part {index}: X-Experience-API-Hash does not match its content",
                "X-Experience-API-Hash",
            )
        by_hash[digest.lower()] = part
    return first.body, by_hash


def build_multipart(document: Any, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """(body, content type) of a statements answer with attachment parts (sha2, type, content)."""
    boundary = "xapi" + uuid.uuid4().hex
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
        json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(),
        b"\r\n",
    ]
    for sha2, content_type, content in attachments:
        head = (
            f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n"
        )
        chunks += [head.encode(), content, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"

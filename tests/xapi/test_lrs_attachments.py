"""Attachments (multipart/mixed in and out) and signed statements."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid

from tests.xapi.conftest import Lrs, make_statement

BOUNDARY = "-------314159265358979323846"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def _attachment(content: bytes, content_type: str = "text/plain", usage: str = "http://example.com/usage/text"):
    return {
        "usageType": usage,
        "display": {"en-US": "a file"},
        "contentType": content_type,
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }


def _multipart(statement, parts, *, encoding="binary", boundary=BOUNDARY) -> bytes:
    body = f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(statement)}\r\n".encode()
    for content, ctype in parts:
        head = (
            f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-Transfer-Encoding: {encoding}\r\n"
            f"X-Experience-API-Hash: {hashlib.sha256(content).hexdigest()}\r\n\r\n"
        )
        body += head.encode() + content + b"\r\n"
    return body + f"--{boundary}--".encode()


def _post(lrs: Lrs, body: bytes, content_type: str = f"multipart/mixed; boundary={BOUNDARY}"):
    return lrs.post("/statements", data=body, content_type=content_type)


def test_attachment_round_trip(lrs: Lrs):
    """Is an attachment stored from multipart/mixed and returned as a part with its hash exactly twice?"""
    content = b"here is a simple attachment " + uuid.uuid4().hex.encode()
    statement = make_statement(attachments=[_attachment(content)])
    response = _post(lrs, _multipart(statement, [(content, "text/plain")]))
    assert response.status_code == 200, response.get_data(as_text=True)
    [sid] = response.json
    out = lrs.get("/statements", params={"statementId": sid, "attachments": "true"})
    assert out.headers["Content-Type"].startswith("multipart/mixed; boundary=")
    assert content in out.data
    assert out.data.count(hashlib.sha256(content).hexdigest().encode()) == 2
    plain = lrs.get("/statements", params={"statementId": sid})
    assert plain.mimetype == "application/json"
    listing = lrs.get("/statements", params={"attachments": "true", "limit": "1"})
    assert listing.headers["Content-Type"].startswith("multipart/mixed")


def test_multipart_errors(lrs: Lrs):
    """Are the malformed multipart cases rejected with 400?"""
    content = b"some bytes"
    statement = make_statement(attachments=[_attachment(content)])
    other = b"unexpected part"
    assert _post(lrs, _multipart(statement, [(content, "text/plain"), (other, "text/plain")])).status_code == 400
    assert _post(lrs, _multipart(statement, [])).status_code == 400  # no part, no fileUrl
    assert _post(lrs, _multipart(statement, [(content, "text/plain")], encoding="base64")).status_code == 400
    assert _post(lrs, _multipart(statement, [(content, "text/plain")]), "multipart/mixed;").status_code == 400
    form = _post(lrs, _multipart(statement, [(content, "text/plain")]), f"multipart/form-data; boundary={BOUNDARY}")
    assert form.status_code == 400
    no_boundary_first = _multipart(statement, [(content, "text/plain")]).split(b"\r\n", 1)[1]
    assert _post(lrs, no_boundary_first).status_code == 400
    text_first = _multipart(statement, [(content, "text/plain")]).replace(b"application/json", b"text/plain", 1)
    assert _post(lrs, text_first).status_code == 400


def test_file_url_attachment_needs_no_part(lrs: Lrs):
    """Is a JSON statement whose attachment has a fileUrl accepted without parts?"""
    attachment = {**_attachment(b"remote"), "fileUrl": "http://example.com/file.txt"}
    assert lrs.post("/statements", json_body=make_statement(attachments=[attachment])).status_code == 200


def _jws(payload: dict, alg: str = "RS256") -> bytes:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    return f"{b64(json.dumps({'alg': alg}).encode())}.{b64(json.dumps(payload).encode())}.{b64(b'sig')}".encode()


def test_signed_statements(lrs: Lrs):
    """Is an RS256 signature accepted and HS256, a wrong content type or a different payload rejected?"""
    statement = make_statement(id=str(uuid.uuid4()))
    for alg, ctype, payload, expected in [
        ("RS256", "application/octet-stream", statement, 200),
        ("HS256", "application/octet-stream", statement, 400),
        ("RS384", "text/plain; charset=ascii", statement, 400),
        ("RS512", "application/octet-stream", {**statement, "verb": {"id": "http://example.com/other"}}, 400),
    ]:
        signed = {**statement, "id": str(uuid.uuid4())} if expected == 200 else dict(statement)
        if expected == 200:
            payload = signed
        token = _jws(payload, alg)
        signed["attachments"] = [_attachment(token, ctype, SIGNATURE)]
        response = _post(lrs, _multipart(signed, [(token, "application/octet-stream")]))
        assert response.status_code == expected, (alg, ctype, response.get_data(as_text=True))

"""Signed statements: JWS form, payload comparison (Data 2.3.1) and x5c verification with real keys."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from lms.xapi.comparison import comparable
from lms.xapi.signatures import SignatureError, verify_signature
from tests.xapi.conftest import Lrs, make_statement

BOUNDARY = "-------271828182845904523536"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
HASHES = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _certificate(subject: str, key, issuer: str | None = None, issuer_key=None) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer or subject)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(issuer_key or key, hashes.SHA256())
    )


class Signer:
    """A CA, a signing certificate it issued, and an unrelated RSA key, all made for this test run."""

    def __init__(self) -> None:
        self.ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ca = _certificate("Test CA", self.ca_key)
        self.leaf = _certificate("Test Signer", self.key, "Test CA", self.ca_key)

    def x5c(self, *certificates: x509.Certificate) -> list[str]:
        chain = certificates or (self.leaf, self.ca)
        return [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in chain]

    def jws(self, payload: Any, alg: str = "RS256", key=None, **header: Any) -> bytes:
        """A compact JWS made with ``key`` (default: the leaf certificate's key)."""
        signing_input = (
            f"{_b64url(json.dumps({'alg': alg, **header}).encode())}.{_b64url(json.dumps(payload).encode())}"
        )
        signature = (key or self.key).sign(signing_input.encode(), padding.PKCS1v15(), HASHES[alg])
        return f"{signing_input}.{_b64url(signature)}".encode()


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer()


def _post_signed(lrs: Lrs, statement: dict[str, Any], token: bytes, method: str = "POST", **params: str):
    """Send ``statement`` with ``token`` as its signature attachment (multipart/mixed)."""
    statement = {
        **statement,
        "attachments": [
            {
                "usageType": SIGNATURE,
                "display": {"en-US": "Signature"},
                "contentType": "application/octet-stream",
                "length": len(token),
                "sha2": hashlib.sha256(token).hexdigest(),
            }
        ],
    }
    body = (
        (
            f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n{json.dumps(statement)}\r\n"
            f"--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {hashlib.sha256(token).hexdigest()}\r\n\r\n"
        ).encode()
        + token
        + f"\r\n--{BOUNDARY}--".encode()
    )
    return lrs.request(
        method, "/statements", params=params, data=body, content_type=f"multipart/mixed; boundary={BOUNDARY}"
    )


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_signature_with_certificate_chain_is_verified_and_stored(lrs: Lrs, signer: Signer, alg: str):
    """Is a statement signed with the x5c certificate's key stored, and its signature kept?"""
    statement = make_statement(id=str(uuid.uuid4()))
    token = signer.jws(statement, alg, x5c=signer.x5c())
    response = _post_signed(lrs, statement, token)
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = lrs.get("/statements", params={"statementId": statement["id"], "attachments": "true"})
    assert stored.status_code == 200
    assert stored.mimetype == "multipart/mixed"
    assert token in stored.get_data()


def test_signature_by_another_key_than_the_certificate_is_rejected(lrs: Lrs, signer: Signer):
    """Is a signature that does not verify with the x5c certificate answered with 400, naming x5c?"""
    statement = make_statement(id=str(uuid.uuid4()))
    response = _post_signed(lrs, statement, signer.jws(statement, key=signer.other_key, x5c=signer.x5c()))
    assert response.status_code == 400
    assert "x5c" in response.json["message"]
    assert lrs.get("/statements", params={"statementId": statement["id"]}).status_code == 404


def test_tampered_signature_or_header_is_rejected(lrs: Lrs, signer: Signer):
    """Do a flipped signature byte and a header changed after signing both fail verification?"""
    statement = make_statement(id=str(uuid.uuid4()))
    header, payload, signature = signer.jws(statement, x5c=signer.x5c()).split(b".")
    raw = bytearray(base64.urlsafe_b64decode(signature + b"=" * (-len(signature) % 4)))
    raw[10] ^= 0x01
    flipped = b".".join([header, payload, _b64url(bytes(raw)).encode()])
    other_header = _b64url(json.dumps({"alg": "RS256", "x5c": signer.x5c(), "kid": "1"}).encode()).encode()
    for token in (flipped, b".".join([other_header, payload, signature])):
        response = _post_signed(lrs, statement, token)
        assert response.status_code == 400, response.get_data(as_text=True)
        assert "does not verify" in response.json["message"]


def test_inconsistent_or_malformed_certificate_chain_is_rejected(signer: Signer):
    """Are a reversed chain, a foreign issuer and x5c values that are no certificates rejected?"""
    statement = make_statement(id=str(uuid.uuid4()))
    stranger = _certificate("Test CA", signer.other_key)  # same name, other key
    cases = {
        "is not issued by": [signer.x5c(signer.leaf, stranger), signer.x5c(signer.leaf, signer.ca, signer.leaf)],
        "base64 DER": [["not base64!"], [base64.b64encode(b"no certificate").decode()]],
        "non-empty array": [[], "MIIB", [1]],
    }
    for message, values in cases.items():
        for x5c in values:
            with pytest.raises(SignatureError, match=message):
                verify_signature(signer.jws(statement, x5c=x5c), statement)
    verify_signature(signer.jws(statement, x5c=signer.x5c(signer.leaf)), statement)  # the chain may stop early


def test_certificate_without_rsa_key_and_critical_extensions_are_rejected(signer: Signer):
    """An EC certificate cannot carry an RS256 key; an unknown ``crit`` extension makes a JWS invalid."""
    statement = make_statement(id=str(uuid.uuid4()))
    ec_certificate = _certificate("EC", ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(SignatureError, match="RSA key"):
        verify_signature(signer.jws(statement, x5c=signer.x5c(ec_certificate)), statement)
    with pytest.raises(SignatureError, match="crit"):
        verify_signature(signer.jws(statement, x5c=signer.x5c(), crit=["exp"], exp=1), statement)


def test_signature_without_certificate_is_checked_for_form_only(lrs: Lrs, signer: Signer):
    """Without x5c nothing can be verified (as the ADL suite signs): accepted, but HS256 and bad JSON are not."""
    statement = make_statement(id=str(uuid.uuid4()))
    assert _post_signed(lrs, statement, signer.jws(statement, key=signer.other_key)).status_code == 200
    header = _b64url(b'{"alg": "HS256"}').encode()
    payload = signer.jws(statement).split(b".")[1]
    assert _post_signed(lrs, statement, b".".join([header, payload, b"c2ln"])).status_code == 400
    broken = _b64url(json.dumps(statement).replace('"', "'", 1).encode()).encode()
    assert _post_signed(lrs, statement, signer.jws(statement).replace(payload, broken)).status_code == 400


def test_payload_must_be_the_statement_by_the_comparison_rules(lrs: Lrs, signer: Signer):
    """Is a signed payload that differs in substance rejected, one that differs only in form accepted?"""
    statement = make_statement(id=str(uuid.uuid4()))
    changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}}
    response = _post_signed(lrs, statement, signer.jws(changed, x5c=signer.x5c()))
    assert response.status_code == 400
    assert "differs" in response.json["message"]
    # signed without an id, sent by PUT (the LRS sets the id from statementId): the same statement
    statement = make_statement()
    statement_id = str(uuid.uuid4())
    response = _post_signed(lrs, statement, signer.jws(statement, x5c=signer.x5c()), "PUT", statementId=statement_id)
    assert response.status_code == 204, response.get_data(as_text=True)


def test_comparison_ignores_only_what_the_specification_lets_differ():
    """Data 2.3.1: LRS-set properties, attachments, UUID case, timestamp form, Group order, mailbox
    domain case, Verb display and Activity definitions do not count; anything else does."""
    group = {"objectType": "Group", "member": [{"mbox": "mailto:a@x.org"}, {"mbox": "mailto:b@x.org"}]}
    signed = {
        "id": "3e1f2a9c-8d4b-4c6e-9f0a-1b2c3d4e5f60",
        "actor": group,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"id": "http://example.com/q1", "definition": {"name": {"en-US": "Question 1"}}},
        "context": {"contextActivities": {"parent": {"id": "http://example.com/quiz"}}},
        "result": {"duration": "PT1H"},
        "timestamp": "2024-05-01T12:00:00Z",
    }
    same = {
        **signed,
        "id": signed["id"].upper(),
        "actor": {**group, "member": [{"mbox": "mailto:b@X.ORG"}, {"mbox": "mailto:a@x.org"}]},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"objectType": "Activity", "id": "http://example.com/q1"},
        "context": {"contextActivities": {"parent": [{"id": "http://example.com/quiz"}]}},
        "timestamp": "2024-05-01T14:00:00.000+02:00",
        "stored": "2024-05-01T12:00:01.000Z",
        "authority": {"mbox": "mailto:lrs@example.com"},
        "attachments": [{"usageType": SIGNATURE}],
    }
    both = {"id", "timestamp"}
    assert comparable(signed, keep=both) == comparable(same, keep=both)
    for key, value in [
        ("result", {"duration": "PT60M"}),  # a duration is compared as a string
        ("actor", {**group, "member": [{"mbox": "mailto:A@x.org"}, {"mbox": "mailto:b@x.org"}]}),
        ("timestamp", "2024-05-01T12:00:01Z"),
        ("object", {"objectType": "Agent", "mbox": "mailto:a@x.org"}),
    ]:
        assert comparable(signed, keep=both) != comparable({**same, key: value}, keep=both), key

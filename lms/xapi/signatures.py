"""Signed statements (xAPI 1.0.3 Data 2.6): the checks the LRS makes on a statement's JWS.

The LRS must decode the JWS, compare its payload with the received statement by the rules for
comparing statements (Data 2.3.1) and, if the JWS header carries an X.509 certificate chain
(``x5c``), verify the signature against that certificate. Without ``x5c`` nothing can be
verified (the specification only recommends certificates), so such a signature is checked for
form alone; that is what the ADL conformance suite sends.

Certificates are not checked for trust or expiry: the specification calls the check "a way to
catch mistakes in the signature, not a security measure", and a statement signed years ago
stays valid after its certificate expired. The chain is checked for consistency (each
certificate signed by the next one), which catches a wrong or misordered chain.

Pure functions (no Flask, no database); errors are :class:`SignatureError` with a message.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import uuid
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lms.xapi.validation import StatementInvalid, parse_timestamp

ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
# Properties the LRS may set or replace (Data 2.3.1): a difference in them is only a
# difference when both sides carry the property.
LRS_SET = ("id", "authority", "stored", "timestamp", "version")


class SignatureError(ValueError):
    """A signature the LRS must reject with 400; the message says why."""


def verify_signature(token: bytes, statement: dict[str, Any]) -> None:
    """Check a compact JWS over ``statement``; raise :class:`SignatureError` if it is wrong."""
    try:
        header_b64, payload_b64, signature_b64 = token.decode("ascii").strip().split(".")
        header = json.loads(_b64(header_b64))
        payload = json.loads(_b64(payload_b64))
    except (UnicodeDecodeError, ValueError) as error:
        raise SignatureError("signature is not a compact JWS with JSON header and payload") from error
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise SignatureError("signature algorithm must be RS256, RS384 or RS512")
    if "crit" in header:  # RFC 7515 4.1.11: extensions the LRS does not understand make it invalid
        raise SignatureError("signature header lists critical extensions (crit), which the LRS does not support")
    signature = _b64(signature_b64)
    if not isinstance(payload, dict) or not signature:
        raise SignatureError("signature payload must be a statement")
    both = {key for key in LRS_SET if key in payload and key in statement}
    if comparable(payload, keep=both) != comparable(statement, keep=both):
        raise SignatureError("the signed payload differs from the statement")
    if "x5c" in header:
        signing_input = f"{header_b64}.{payload_b64}".encode("ascii")
        verify_with_certificates(header["x5c"], header["alg"], signing_input, signature)


def verify_with_certificates(x5c: Any, alg: str, signing_input: bytes, signature: bytes) -> None:
    """Verify ``signature`` with the first certificate's RSA key; the chain must be consistent."""
    chain = _certificates(x5c)
    key = chain[0].public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("the x5c certificate does not hold an RSA key, which RS256/384/512 need")
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), ALGORITHMS[alg]())
    except InvalidSignature as error:
        raise SignatureError("the signature does not verify with the key of the x5c certificate") from error
    for index, (certificate, issuer) in enumerate(itertools.pairwise(chain)):
        if not _issued_by(certificate, issuer):
            raise SignatureError(f"x5c certificate {index} is not issued by certificate {index + 1}")


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Does ``issuer`` name and sign ``certificate``? RSA issuers are checked directly, so that
    older certificates signed with SHA-1 (as in the specification's example) still verify."""
    if certificate.issuer != issuer.subject:
        return False
    key = issuer.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey) and certificate.signature_hash_algorithm is not None:
            key.verify(
                certificate.signature,
                certificate.tbs_certificate_bytes,
                certificate.signature_algorithm_parameters,  # PKCS1v15 or PSS
                certificate.signature_hash_algorithm,
            )
        else:
            certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _certificates(x5c: Any) -> list[x509.Certificate]:
    """The x5c chain (RFC 7515 4.1.6: standard base64 of DER, signing certificate first)."""
    if not isinstance(x5c, list) or not x5c or not all(isinstance(item, str) for item in x5c):
        raise SignatureError("x5c must be a non-empty array of base64 certificates")
    try:
        return [x509.load_der_x509_certificate(base64.b64decode(item, validate=True)) for item in x5c]
    except (binascii.Error, ValueError) as error:
        raise SignatureError("x5c holds something that is not a base64 DER X.509 certificate") from error


def _b64(segment: str) -> bytes:
    """base64url without padding (RFC 7515 2)."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise SignatureError("signature is not valid base64url") from error


def comparable(statement: dict[str, Any], keep: set[str] | tuple[str, ...] = LRS_SET) -> dict[str, Any]:
    """``statement`` reduced to what the comparison rules (Data 2.3.1) let differ by nothing.

    Dropped: attachments (not part of the statement), the LRS-set properties not in ``keep``,
    Verb display and Activity definitions (not part of the statement either: the LRS's "format"
    parameter changes them). Normalised: case of UUIDs and mailbox domains, timestamps to the
    instant, order of Group members, a single context activity to a list of one, the default
    objectType of Activities and Agents.
    """
    result = {k: v for k, v in statement.items() if k != "attachments" and (k not in LRS_SET or k in keep)}
    if isinstance(result.get("id"), str):
        result["id"] = _uuid(result["id"])
    if isinstance(result.get("timestamp"), str):
        result["timestamp"] = _instant(result["timestamp"])
    if isinstance(result.get("verb"), dict):
        result["verb"] = {k: v for k, v in result["verb"].items() if k != "display"}
    for key in ("actor", "authority"):
        result[key] = _agent(result.get(key))
    result["object"] = _object(result.get("object"))
    if isinstance(result.get("context"), dict):
        result["context"] = _context(result["context"])
    return {k: v for k, v in result.items() if v is not None}


def _object(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", **{k: v for k, v in obj.items() if k != "definition"}}
    if kind == "StatementRef" and isinstance(obj.get("id"), str):
        return {**obj, "id": _uuid(obj["id"])}
    if kind == "SubStatement":
        return comparable(obj, keep=())
    return _agent(obj)


def _context(context: dict[str, Any]) -> dict[str, Any]:
    context = dict(context)
    if isinstance(context.get("registration"), str):
        context["registration"] = _uuid(context["registration"])
    if isinstance(context.get("statement"), dict):
        context["statement"] = _object({"objectType": "StatementRef", **context["statement"]})
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _agent(context[key])
    if isinstance(context.get("contextActivities"), dict):
        context["contextActivities"] = {
            key: [_object(a) for a in (value if isinstance(value, list) else [value])]
            for key, value in context["contextActivities"].items()
        }
    return context


def _agent(agent: Any) -> Any:
    """An Agent or Group with the mailbox domain in lower case and Group members in a fixed order."""
    if not isinstance(agent, dict):
        return agent
    agent = {"objectType": "Agent", **agent}
    if isinstance(agent.get("mbox"), str) and "@" in agent["mbox"]:
        local, domain = agent["mbox"].rsplit("@", 1)
        agent["mbox"] = f"{local}@{domain.lower()}"
    if isinstance(agent.get("member"), list):
        members = [_agent(member) for member in agent["member"]]
        agent["member"] = sorted(members, key=lambda member: json.dumps(member, sort_keys=True))
    return agent


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def _instant(value: str) -> str:
    try:
        return parse_timestamp(value, "timestamp").isoformat()
    except StatementInvalid:
        return value

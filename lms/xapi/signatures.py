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
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from lms.xapi.comparison import LRS_SET, comparable

ALGORITHMS: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}


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

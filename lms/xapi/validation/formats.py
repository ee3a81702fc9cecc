"""String formats xAPI 1.0.3 prescribes: IRIs/IRLs, UUIDs, mailto IRIs, hashes, language tags.

Library choices (see docs/ARCHITECTURE.md):

* IRI syntax: ``rfc3987-syntax`` (MIT), a Lark grammar transcribed from RFC 3987. Its Earley
  parser costs roughly 0.3 ms per character, so results are cached (identifiers repeat
  heavily in xAPI traffic), a cheap necessary-condition check rejects obvious garbage first,
  and IRIs are capped at ``MAX_IRI_LENGTH``. Its 1.1.0 IPv6 rule is broken (every real IPv6
  literal fails), so bracketed IP literals are checked with :mod:`ipaddress` instead.
* Language tags: the RFC 5646 parser in ``langcodes`` for well-formedness, plus the two
  structural validity rules (no repeated variant or extension singleton). The registry
  bundled with langcodes is not consulted: it is dated and xAPI validation is about syntax.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from langcodes.tag_parser import LanguageTagError, parse_tag
from rfc3987_syntax import is_valid_syntax_iri

from ._checks import JsonObject, entry, expect_object, expect_string, fail, show

MAX_IRI_LENGTH = 2048
"""Longer IRIs are rejected: protection against parser cost, far above real identifiers."""

SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NEVER_IN_IRI = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`]')
_WITH_AUTHORITY = re.compile(
    r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<authority>[^/?#]*)(?P<tail>.*)",
    re.DOTALL,
)
_IPV_FUTURE = re.compile(r"[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_MBOX = re.compile(r"mailto:[^@\s?#]+@[^@\s?#/.\[\]]+(?:\.[^@\s?#/.\[\]]+)*")
_SHA1 = re.compile(r"[0-9a-fA-F]{40}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_SHA2_HEX_LENGTHS = frozenset({56, 64, 96, 128})  # SHA-224, SHA-256, SHA-384, SHA-512
_TAG_SHAPE = re.compile(r"[A-Za-z0-9]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_TCHARS = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\\r\n]|\\.)*"'
_MEDIA_TYPE = re.compile(rf"{_TCHARS}/{_TCHARS}(?:[ \t]*;[ \t]*{_TCHARS}=(?:{_TCHARS}|{_QUOTED}))*")
_VERSION = re.compile(r"1\.0(?:\.[0-9]+)?")


def _iri_regex() -> re.Pattern[str]:
    """RFC 3987 ``IRI`` as a regular expression (bracketed IP literals are masked beforehand).

    A fast path in front of the Earley parser: identifiers it accepts are valid by the same
    grammar; whatever it rejects still goes to ``rfc3987-syntax`` for the final word.
    """
    ucschar = (
        "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
        "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
        "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
        "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    )
    iprivate = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    unreserved = r"A-Za-z0-9\-._~" + ucschar
    sub_delims = "!$&'()*+,;="
    pct = "%[0-9A-Fa-f]{2}"
    ipchar = f"(?:[{unreserved}{sub_delims}:@]|{pct})"
    segment, segment_nz = f"{ipchar}*", f"{ipchar}+"
    userinfo = f"(?:[{unreserved}{sub_delims}:]|{pct})*"
    reg_name = f"(?:[{unreserved}{sub_delims}]|{pct})*"
    authority = f"(?:{userinfo}@)?{reg_name}(?::[0-9]*)?"
    hier = f"(?://{authority}(?:/{segment})*|/(?:{segment_nz}(?:/{segment})*)?|{segment_nz}(?:/{segment})*|)"
    query = f"(?:{ipchar}|[{iprivate}/?])*"
    fragment = f"(?:{ipchar}|[/?])*"
    return re.compile(f"[A-Za-z][A-Za-z0-9+.\\-]*:{hier}(?:\\?{query})?(?:#{fragment})?")


_IRI = _iri_regex()


def _is_ipv6(text: str) -> bool:
    """RFC 3986 IPv6address (no zone identifiers, which IRIs do not allow)."""
    if "%" in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _mask_ip_literal(text: str) -> str | None:
    """Replace a bracketed IP-literal host by a plain host name; ``None`` if it is invalid."""
    match = _WITH_AUTHORITY.fullmatch(text)
    if match is None or "[" not in match["authority"]:
        return text
    userinfo, at, hostport = match["authority"].rpartition("@")
    end = hostport.find("]")
    if not hostport.startswith("[") or end < 0:
        return text  # stray brackets: let the grammar reject them
    literal = hostport[1:end]
    if not (_IPV_FUTURE.fullmatch(literal) or _is_ipv6(literal)):
        return None
    return f"{match['head']}{userinfo}{at}ip-literal{hostport[end + 1 :]}{match['tail']}"


@lru_cache(maxsize=16384)
def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI (RFC 3987 ``IRI`` rule: scheme required)."""
    if len(text) > MAX_IRI_LENGTH or not _SCHEME.match(text) or _NEVER_IN_IRI.search(text):
        return False
    masked = _mask_ip_literal(text)
    if masked is None:
        return False
    return _IRI.fullmatch(masked) is not None or is_valid_syntax_iri(masked)


def _iri_problem(text: str, kind: str) -> str:
    """Explain why ``text`` is not an acceptable IRI/IRL."""
    if not text:
        return f"must be an {kind} (RFC 3987), got an empty string"
    if len(text) > MAX_IRI_LENGTH:
        return f"is longer than the {MAX_IRI_LENGTH} characters accepted for an {kind}"
    if not _SCHEME.match(text):
        return f'must be an absolute {kind} starting with a scheme like "http:", got {show(text)}'
    return f"is not a syntactically valid {kind} (RFC 3987), got {show(text)}"


def validate_iri(value: object, path: str) -> str:
    """Require an absolute IRI (xAPI identifiers: verb ids, activity ids, types, ...)."""
    text = expect_string(value, path)
    if not is_iri(text):
        fail(path, _iri_problem(text, "IRI"))
    return text


def validate_irl(value: object, path: str) -> str:
    """Require an IRL, i.e. a resolvable IRI; syntax is checked as for any absolute IRI."""
    text = expect_string(value, path)
    if not is_iri(text):
        fail(path, _iri_problem(text, "IRL"))
    return text


def validate_uuid(value: object, path: str) -> str:
    """Require a UUID in standard string form (8-4-4-4-12 hex digits, either case)."""
    text = expect_string(value, path)
    if not _UUID.fullmatch(text):
        fail(path, f"must be a UUID in standard form like 12345678-1234-..., got {show(text)}")
    return text


def validate_mbox(value: object, path: str) -> str:
    """Require a ``mailto:`` IRI holding one e-mail address."""
    text = expect_string(value, path)
    if not (_MBOX.fullmatch(text) and is_iri(text)):
        fail(path, f'must be a "mailto:" IRI with an e-mail address, got {show(text)}')
    return text


def validate_sha1sum(value: object, path: str) -> str:
    """Require a hex-encoded SHA-1 digest (40 hex digits)."""
    text = expect_string(value, path)
    if not _SHA1.fullmatch(text):
        fail(path, f"must be a hex-encoded SHA-1 hash (40 hex digits), got {show(text)}")
    return text


def validate_sha2(value: object, path: str) -> str:
    """Require a hex-encoded SHA-2 digest (SHA-224/256/384/512 lengths)."""
    text = expect_string(value, path)
    if not (_HEX.fullmatch(text) and len(text) in _SHA2_HEX_LENGTHS):
        fail(path, f"must be a hex-encoded SHA-2 hash (64, 96 or 128 hex digits), got {show(text)}")
    return text


def validate_media_type(value: object, path: str) -> str:
    """Require an Internet Media Type such as ``text/plain; charset=ascii`` (RFC 2046)."""
    text = expect_string(value, path)
    if not _MEDIA_TYPE.fullmatch(text):
        fail(path, f'must be an Internet Media Type like "text/plain", got {show(text)}')
    return text


def validate_version(value: object, path: str) -> str:
    """Require a 1.0.x statement version ("1.0" is accepted as meaning "1.0.0")."""
    text = expect_string(value, path)
    if not _VERSION.fullmatch(text):
        fail(path, f'must be "1.0.0" or another 1.0.x version, got {show(text)}')
    return text


@lru_cache(maxsize=4096)
def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed RFC 5646 tag without repeated variants/singletons."""
    if not _TAG_SHAPE.fullmatch(tag):
        return False
    try:
        subtags = parse_tag(tag)
    except LanguageTagError:
        return False
    singletons = [text.split("-", 1)[0].lower() for kind, text in subtags if kind == "extension"]
    variants = [text.lower() for kind, text in subtags if kind == "variant"]
    return len(set(singletons)) == len(singletons) and len(set(variants)) == len(variants)


def validate_language_tag(value: object, path: str) -> str:
    """Require an RFC 5646 language tag such as ``en``, ``en-US`` or ``zh-Hant``."""
    text = expect_string(value, path)
    if not is_language_tag(text):
        fail(path, f'must be an RFC 5646 language tag like "en-US", got {show(text)}')
    return text


def validate_language_map(value: object, path: str) -> JsonObject:
    """Require a language map: RFC 5646 language tags as keys, strings as values."""
    mapping = expect_object(value, path)
    for tag, text in mapping.items():
        if not (isinstance(tag, str) and is_language_tag(tag)):
            fail(entry(path, tag), "language map key is not an RFC 5646 language tag")
        if not isinstance(text, str):  # the entry path is built only when it is needed
            expect_string(text, entry(path, tag))
    return mapping


def validate_extensions(value: object, path: str) -> JsonObject:
    """Require an extensions map: absolute IRIs as keys; any JSON value, even null, as value."""
    mapping = expect_object(value, path)
    for key in mapping:
        if not (isinstance(key, str) and is_iri(key)):
            fail(entry(path, key), f"extension key {_iri_problem(str(key), 'IRI')}")
    return mapping

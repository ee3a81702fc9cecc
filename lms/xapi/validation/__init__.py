"""xAPI 1.0.3 statement validation for the embedded Learning Record Store.

Pure Python (no Flask, no database): give it data as returned by ``json.loads`` and it raises
:class:`StatementInvalid` (``path`` + English ``message``) for the first rule the data breaks,
as the LRS must answer ``400 Bad Request``. The rules follow xAPI 1.0.3 (xAPI-Data.md section
2 and 4, xAPI-Communication.md) as exercised by the ADL LRS conformance test suite.

Not covered here, because they need more than the statement JSON: duplicate JSON keys (detect
them while parsing), matching attachment parts to ``sha2``, JWS signature checks, conflicts
with stored statements, and who may void or assert an authority.
"""

from __future__ import annotations

from .agents import validate_agent
from .errors import StatementInvalid
from .formats import validate_iri, validate_language_map, validate_uuid
from .statements import is_voiding, validate_statement, validate_statements
from .times import parse_timestamp

__all__ = [
    "StatementInvalid",
    "is_voiding",
    "parse_timestamp",
    "validate_agent",
    "validate_iri",
    "validate_language_map",
    "validate_statement",
    "validate_statements",
    "validate_uuid",
]

"""JSON shape checks shared by every validator module: types, paths and allowed properties.

The validator works on data as produced by ``json.loads``: ``dict`` with ``str`` keys, ``list``,
``str``, ``int``/``float`` (or ``Decimal`` with ``parse_float=Decimal``), ``bool`` and ``None``.
Nothing here mutates its input.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import NoReturn

from .errors import StatementInvalid

JsonObject = dict[str, object]
Number = int | float | Decimal


def fail(path: str, message: str) -> NoReturn:
    """Raise the validator's error for ``path``."""
    raise StatementInvalid(path, message)


def describe(value: object) -> str:
    """Name the JSON type of ``value`` for error messages ("a string", "null", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a non-JSON value of type {type(value).__name__}"


def show(value: str, limit: int = 80) -> str:
    """Quote a (possibly long) string value for an error message."""
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    return json.dumps(text, ensure_ascii=False)


def child(path: str, key: object) -> str:
    """Path of property ``key`` below ``path``."""
    return f"{path}.{key}"


def item(path: str, index: int) -> str:
    """Path of array element ``index`` below ``path``."""
    return f"{path}[{index}]"


def entry(path: str, key: object) -> str:
    """Path of a map entry whose key is free text (language maps, extensions)."""
    return f"{path}[{json.dumps(str(key), ensure_ascii=False)}]"


def expect_object(value: object, path: str) -> JsonObject:
    """Return ``value`` if it is a JSON object, otherwise fail."""
    if not isinstance(value, dict):
        fail(path, f"must be a JSON object, got {describe(value)}")
    return value


def expect_array(value: object, path: str) -> list[object]:
    """Return ``value`` if it is a JSON array, otherwise fail."""
    if not isinstance(value, list):
        fail(path, f"must be a JSON array, got {describe(value)}")
    return value


def expect_string(value: object, path: str) -> str:
    """Return ``value`` if it is a JSON string, otherwise fail."""
    if not isinstance(value, str):
        fail(path, f"must be a string, got {describe(value)}")
    return value


def expect_bool(value: object, path: str) -> bool:
    """Return ``value`` if it is a JSON boolean (not the string "true"), otherwise fail."""
    if not isinstance(value, bool):
        fail(path, f"must be a boolean (true or false), got {describe(value)}")
    return value


def expect_number(value: object, path: str) -> Number:
    """Return ``value`` if it is a finite JSON number (not a numeric string), otherwise fail."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        fail(path, f"must be a number, got {describe(value)}")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite:
        fail(path, "must be a finite number")
    return value


def expect_integer(value: object, path: str) -> int:
    """Return ``value`` if it is a JSON integer, otherwise fail."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(path, f"must be an integer, got {describe(value)}")
    return value


def expect_constant(value: object, path: str, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is exactly (case-sensitively) one of ``allowed``."""
    text = expect_string(value, path)
    options = tuple(allowed)
    if text not in options:
        listed = ", ".join(f'"{option}"' for option in options)
        expected = listed if len(options) == 1 else f"one of {listed}"
        fail(path, f"must be {expected} (case-sensitive), got {show(text)}")
    return text


@lru_cache(maxsize=128)
def _property_set(allowed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(allowed)


def check_properties(
    obj: Mapping[str, object],
    path: str,
    *,
    kind: str,
    allowed: Iterable[str],
    required: Iterable[str] = (),
) -> None:
    """Reject properties ``kind`` does not define and require the mandatory ones.

    Property names are case-sensitive in xAPI; an unknown name that differs from a defined one
    only in case gets a "did you mean" hint. A property set to ``null`` counts as present, so
    its type check (not this one) reports it.
    """
    allowed_set = _property_set(tuple(allowed))
    for key in obj:
        if key not in allowed_set:
            message = f"{kind} has no property {show(str(key))}"
            suggestion = {name.lower(): name for name in allowed_set}.get(str(key).lower())
            if suggestion is not None:
                message += f' (property names are case-sensitive: did you mean "{suggestion}"?)'
            fail(child(path, key), message)
    for name in required:
        if name not in obj:
            fail(child(path, name), f"is missing; {kind} requires this property")

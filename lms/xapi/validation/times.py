"""ISO 8601 timestamps and durations as xAPI 1.0.3 (section 4.5 and 4.6) restricts them.

Own regular expressions rather than ``isodate``: isodate 0.7.2 accepts forms the spec or the
conformance suite reject ("-00:00" offsets, "P4W1D", "PT", "-P1D", the alternative duration
format "P0003-01-29T04:35:59", mixed basic/extended timestamps, reduced dates like "2008-09T10").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from ._checks import expect_string, fail, show

_TIMESTAMP = re.compile(
    r"(?P<year>[0-9]{4})(?P<dash>-?)(?P<month>[0-9]{2})(?P=dash)(?P<day>[0-9]{2})"
    r"[Tt](?P<hour>[0-9]{2})(?P<colon>:?)(?P<minute>[0-9]{2})"
    r"(?:(?P=colon)(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<zone>[Zz]|(?P<sign>[+-])(?P<zone_hour>[0-9]{2})(?::?(?P<zone_minute>[0-9]{2}))?)?"
)
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_DURATION = re.compile(
    rf"P(?:(?P<W>{_NUMBER})W|(?:(?P<Y>{_NUMBER})Y)?(?:(?P<Mo>{_NUMBER})M)?(?:(?P<D>{_NUMBER})D)?"
    rf"(?:(?P<T>T)(?:(?P<H>{_NUMBER})H)?(?:(?P<Mi>{_NUMBER})M)?(?:(?P<S>{_NUMBER})S)?)?)"
)
_DURATION_PARTS = ("W", "Y", "Mo", "D", "H", "Mi", "S")


def _offset(match: re.Match[str], path: str) -> timezone:
    """The UTC offset of a timestamp; a missing zone is read as UTC."""
    if match["zone"] is None or match["zone"] in "Zz":
        return UTC
    hours, minutes = int(match["zone_hour"]), int(match["zone_minute"] or 0)
    if hours > 23 or minutes > 59:
        fail(path, f"has an impossible UTC offset in {show(match.string)}")
    if match["sign"] == "-" and hours == 0 and minutes == 0:
        message = f'must not use the "-00:00" offset (unknown local offset): {show(match.string)}'
        fail(path, message)
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if match["sign"] == "-" else delta)


def parse_timestamp(value: object, path: str) -> datetime:
    """Parse an xAPI Timestamp and return it as a timezone-aware UTC ``datetime``.

    Accepted: an ISO 8601 complete calendar date and a time of day to at least minutes, in
    the extended (``2024-05-01T10:00:00.123Z``) or basic (``20240501T100000Z``) format,
    seconds with any number of fraction digits (kept to microseconds), and an offset ``Z``,
    ``+hh``, ``+hhmm`` or ``+hh:mm``. Without an offset the time is taken as UTC (the spec
    only recommends an offset). Rejected: "-00:00"-style offsets, leap seconds, hour 24.
    """
    text = expect_string(value, path)
    match = _TIMESTAMP.fullmatch(text)
    if match is None or (match["dash"] == "") != (match["colon"] == ""):
        example = "2024-05-01T10:00:00Z"
        fail(path, f'must be an ISO 8601 date and time like "{example}", got {show(text)}')
    zone = _offset(match, path)
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    try:
        moment = datetime(
            int(match["year"]), int(match["month"]), int(match["day"]),
            int(match["hour"]), int(match["minute"]), int(match["second"] or 0),
            int(fraction), tzinfo=zone,
        )  # fmt: skip
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        fail(path, f"is not a real point in time: {show(text)}")


def validate_duration(value: object, path: str) -> str:
    """Require an ISO 8601:2004 4.4.3.2 duration: ``PnYnMnDTnHnMnS`` or ``PnW``.

    At least one component is needed, a "T" must be followed by a time component, and only
    the last component present may carry a decimal fraction. Weeks cannot be combined with
    other components ("P4W1D" is invalid) and the alternative format is not accepted.
    """
    text = expect_string(value, path)
    match = _DURATION.fullmatch(text)
    present = [match[name] for name in _DURATION_PARTS if match and match[name] is not None]
    has_time = match is not None and any(match[name] for name in ("H", "Mi", "S"))
    fraction_early = any(any(c in part for c in ".,") for part in present[:-1])
    if not present or (match and match["T"] and not has_time) or fraction_early:
        fail(path, f'must be an ISO 8601 duration like "PT1H30M" or "P4W", got {show(text)}')
    return text

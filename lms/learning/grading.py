"""Grading choice questions and drawing final-test questions (pure functions)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

RESPONSE_SEPARATOR = "[,]"  # the xAPI choice-response delimiter
_system_random = random.SystemRandom()


@dataclass(frozen=True)
class Graded:
    """The outcome of one answer: chosen option ids, right or wrong, and the chosen options' feedback."""

    chosen: tuple[str, ...]
    correct: bool
    feedback: tuple[tuple[str, str], ...]  # (option text, feedback) for each chosen option


def correct_ids(options: Iterable[dict[str, Any]]) -> set[str]:
    return {str(o["id"]) for o in options if o.get("correct") is True}


def grade(options: Sequence[dict[str, Any]], chosen: Iterable[str]) -> Graded:
    """All-or-nothing: right only when exactly the correct options were chosen.

    Unknown option ids are ignored (they cannot come from our own form).
    """
    known = {str(o["id"]): o for o in options}
    picked = tuple(sorted({c for c in chosen if c in known}))
    feedback = tuple((str(known[c]["text"]), str(known[c].get("feedback", ""))) for c in picked)
    return Graded(picked, bool(picked) and set(picked) == correct_ids(options), feedback)


def response_string(chosen: Iterable[str]) -> str:
    """The xAPI ``result.response`` for a choice answer."""
    return RESPONSE_SEPARATOR.join(sorted(chosen))


def parse_response(response: str) -> tuple[str, ...]:
    return tuple(r for r in response.split(RESPONSE_SEPARATOR) if r)


def draw_questions(keys: Sequence[str], count: int, rng: random.Random | None = None) -> list[str]:
    """``count`` distinct question keys at random (all of them when the bank is smaller)."""
    return (rng or _system_random).sample(list(keys), min(count, len(keys)))


def passed(correct: int, total: int, pass_percent: int) -> bool:
    """Whether ``correct`` of ``total`` reaches the pass mark (in whole percent, inclusive)."""
    return total > 0 and correct * 100 >= pass_percent * total

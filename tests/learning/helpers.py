"""Helpers that walk a learner through the example module via the services."""

from __future__ import annotations

import datetime as dt

from lms.learning import final_test, services
from lms.learning.grading import correct_ids
from lms.learning.models import CourseModule


def at(day: int, minute: int = 0) -> dt.datetime:
    """A fixed point in time (so histories are reproducible)."""
    return dt.datetime(2026, 3, day, 9, minute, tzinfo=dt.UTC)


def see_all_units(user, module: CourseModule, day: int = 2) -> None:
    for index, unit in enumerate(module.units):
        services.mark_seen(user, module, unit, at(day, index))


def right_answers(module: CourseModule, keys: list[str]) -> dict[str, list[str]]:
    bank = final_test.bank(module)
    return {key: sorted(correct_ids(bank[key].options)) for key in keys}


def wrong_answers(module: CourseModule, keys: list[str]) -> dict[str, list[str]]:
    bank = final_test.bank(module)
    return {key: [next(o["id"] for o in bank[key].options if not o["correct"])] for key in keys}


def pass_test(user, module: CourseModule, day: int = 3):
    attempt = final_test.start(user, module, at(day))
    return final_test.submit(user, module, attempt.number, right_answers(module, attempt.question_keys), at(day, 5))


def complete(user, module: CourseModule) -> None:
    """Everything the example module's rule asks for."""
    see_all_units(user, module)
    services.save_reflection(user, module, "eigene-werkstatt", "Bei uns liegt alles in einer Kiste.", at(2, 30))
    pass_test(user, module)

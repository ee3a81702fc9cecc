"""The learning blueprints: the player under ``/learn`` and the public ``/verify/<code>`` page."""

from __future__ import annotations

import functools
import hashlib
import random

from flask import Blueprint, abort

from lms.auth.models import Role

bp = Blueprint("learning", __name__, url_prefix="/learn")
verify_bp = Blueprint("verify", __name__, url_prefix="/verify")

LEARNERS = (Role.TRAINER, Role.COMPANY_LEAD, Role.APPRENTICE)


def module_or_404(slug: str):
    """The active module with this slug, or 404."""
    from lms.learning.services import get_module

    module = get_module(slug)
    if module is None:
        abort(404)
    return module


@bp.app_template_filter("options_in_person_order")
def options_in_person_order(options: list, question_key: str) -> list:
    """Answer options in an order that is stable for one person and question but differs
    between questions, so the correct answer is not always in the same place.

    Seeded with the question and the person's opaque id: a re-render after answering keeps
    the order the person saw.
    """
    from flask_login import current_user

    # Options are dicts from the course files; a true/false question keeps its natural order.
    if {o.get("id") if isinstance(o, dict) else getattr(o, "id", None) for o in options} == {"wahr", "falsch"}:
        return list(options)
    person = str(getattr(current_user, "public_id", "")) if current_user else ""
    return [options[i] for i in _person_order(question_key, person, len(options))]


@functools.lru_cache(maxsize=4096)
def _person_order(question_key: str, person: str, count: int) -> tuple[int, ...]:
    """The shuffled positions for one question and person (a shuffle depends only on the seed
    and the length, so the permutation is computed once and reused)."""
    seed = int.from_bytes(hashlib.sha256(f"{question_key}|{person}".encode()).digest()[:8], "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)  # noqa: S311 (presentation order, not security)
    return tuple(order)

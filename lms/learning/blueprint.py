"""The learning blueprints: the player under ``/learn`` and the public ``/verify/<code>`` page."""

from __future__ import annotations

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

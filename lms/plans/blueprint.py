"""The ``plans`` blueprint (``/plan/``) shared by the plan, task and company-plan views."""

from __future__ import annotations

from flask import Blueprint

from lms.core.html import render_markdown
from lms.plans import workflow
from lms.plans.company_plan import SITE_LABELS
from lms.plans.coverage import STATUS_LABELS
from lms.plans.services import LEVELS

bp = Blueprint("plans", __name__, url_prefix="/plan")


@bp.context_processor
def _plan_helpers() -> dict[str, object]:
    return {
        "render_markdown": render_markdown,
        "LEVELS": LEVELS,
        "STATE_LABELS": workflow.STATE_LABELS,
        "ACTION_LABELS": workflow.ACTION_LABELS,
        "STEPS": workflow.STEPS,
        "STEP_PROMPTS": workflow.STEP_PROMPTS,
        "SITE_LABELS": SITE_LABELS,
        "STATUS_LABELS": STATUS_LABELS,
    }

"""Who may see the statistics, and for which companies (called by every stats view and export)."""

from __future__ import annotations

from dataclasses import replace

from flask import abort

from lms.auth.models import Role, User
from lms.stats.filters import StatsFilter

STATS_ROLES = (Role.CLUSTER_AGENT, Role.COMPANY_LEAD)


def may_view_stats(viewer: User) -> bool:
    """The cluster agent (whole cluster) and company leads (their own company)."""
    return viewer.role in STATS_ROLES


def scoped_filter(viewer: User, flt: StatsFilter) -> StatsFilter:
    """The filter restricted to what ``viewer`` may see; 403 for everyone else.

    A company lead's filter always names exactly their own company, whatever was asked for.
    """
    if viewer.role is Role.CLUSTER_AGENT:
        return flt
    if viewer.role is Role.COMPANY_LEAD and viewer.company_id is not None:
        return replace(flt, company_ids=(viewer.company_id,))
    abort(403)

"""The site frame: blueprints of all features, navigation by role, template helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, g, has_request_context, request, url_for
from flask_babel import format_date, format_datetime, format_time, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.auth.models import Role
from lms.core import fragments, i18n


def feature_blueprints() -> list[Blueprint]:
    """Every feature's blueprint, in registration order."""
    from lms.admin.views import bp as admin_bp
    from lms.auth.views import bp as auth_bp
    from lms.company.views import bp as company_bp
    from lms.core.views import bp as core_bp
    from lms.learning.views import bp as learning_bp
    from lms.learning.views import verify_bp as learning_verify_bp
    from lms.notifications.views import bp as notifications_bp
    from lms.orgs.views import bp as orgs_bp
    from lms.plans.admin_views import bp as plans_admin_bp
    from lms.plans.views import bp as plans_bp
    from lms.records.views import bp as records_bp
    from lms.stats.views import bp as stats_bp
    from lms.xapi.admin import bp as xapi_admin_bp
    from lms.xapi.api import bp as xapi_bp

    return [
        core_bp,
        auth_bp,
        orgs_bp,
        company_bp,
        admin_bp,
        notifications_bp,
        learning_bp,
        learning_verify_bp,
        stats_bp,
        xapi_bp,
        xapi_admin_bp,
        plans_bp,
        plans_admin_bp,
        records_bp,
    ]


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    roles: frozenset[Role]


ALL_ROLES = frozenset(Role)
NAV_ITEMS = (
    NavItem("core.start", _l("Start"), ALL_ROLES),
    NavItem("learning.catalogue", _l("Lernen"), frozenset({Role.TRAINER, Role.COMPANY_LEAD, Role.APPRENTICE})),
    NavItem("plans.index", _l("Ausbildungsplan"), frozenset({Role.APPRENTICE, Role.TRAINER})),
    NavItem("records.index", _l("Berichtsheft"), frozenset({Role.APPRENTICE, Role.TRAINER})),
    NavItem("company.index", _l("Mein Betrieb"), frozenset({Role.COMPANY_LEAD})),
    NavItem("orgs.companies", _l("Betriebe"), frozenset({Role.CLUSTER_AGENT, Role.ADMIN})),
    NavItem("stats.dashboard", _l("Statistik"), frozenset({Role.CLUSTER_AGENT, Role.COMPANY_LEAD})),
    NavItem("admin.index", _l("Verwaltung"), frozenset({Role.ADMIN})),
)


def navigation(user: Any, locale: str, script_root: str) -> tuple[tuple[str, str, str], ...]:
    """(url, label, endpoint) of the menu entries for the signed-in person's role.

    The entries depend only on the role, the language and the URL prefix, so each app builds
    them once per combination instead of on every page.
    """
    if not user.is_authenticated:
        return ()
    cache = current_app.extensions.setdefault("lms.navigation", {})
    key = (user.role, locale, script_root)
    entries = cache.get(key)
    if entries is None:
        views = current_app.view_functions
        entries = cache[key] = tuple(
            (url_for(item.endpoint), str(item.label), item.endpoint)
            for item in NAV_ITEMS
            if user.role in item.roles and item.endpoint in views
        )
    return entries


def has_endpoint(endpoint: str) -> bool:
    """Whether a view exists (templates link to optional features only when present)."""
    return endpoint in current_app.view_functions


def german_date(value: dt.date | dt.datetime | None, format: str = "medium") -> str:
    """A date in the person's locale (German by default: 23.11.2026)."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        if format == "medium":  # 23.11.2026, 14:05 (four-digit year, no seconds)
            return f"{format_date(value, 'medium')}, {format_time(value, 'short')}"
        return format_datetime(value, format)
    return format_date(value, format)


def _template_context() -> dict[str, object]:
    """What every page template needs; language and URL prefix are looked up once per render."""
    from lms.core.security import UNREAD_KEY
    from lms.notifications.services import unread_count

    user = current_user._get_current_object()
    unread = 0
    if user.is_authenticated:  # the user loader brought the count; a person signed in just now has none yet
        unread = g.get(UNREAD_KEY)
        if unread is None:
            unread = unread_count(user.id)
    names = i18n.template_context()
    script_root = request.script_root if has_request_context() else ""
    return {
        **names,
        "navigation": navigation(user, names["locale_name"], script_root),
        "unread_notifications": unread,
        "Role": Role,
        "cached": fragments.fragment_cache(names["locale_name"], script_root),
    }


def init_app(app: Flask) -> None:
    from lms.auth.invite_flow import role_label
    from lms.orgs.occupations import occupation_title

    i18n.init_app(app)
    fragments.init_app(app)
    app.context_processor(_template_context)
    app.add_template_filter(german_date, "date")
    app.add_template_filter(occupation_title, "occupation_title")
    app.add_template_global(role_label, "role_label")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_global(has_endpoint, "has_endpoint")

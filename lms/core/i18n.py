"""Language and time zone of each request, German date formatting helpers, and fast template gettext."""

from __future__ import annotations

from typing import Any

import flask_babel
from flask import Flask, g, request, session
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

SUPPORTED_LOCALES = ("de", "en")
_TRANSLATIONS_KEY = "lms_translations"


def select_locale() -> str:
    """The signed-in person's language, else a chosen one in the session, else German."""
    if current_user and current_user.is_authenticated:
        return current_user.locale
    chosen = session.get("locale") if request else None
    return chosen if chosen in SUPPORTED_LOCALES else "de"


def select_timezone() -> str:
    return "Europe/Berlin"


def translations() -> Any:
    """The catalogue of the current locale, looked up once per request and locale.

    Flask-Babel resolves domain, locale and catalogue cache again for every string; a page with
    thirty strings paid that thirty times. The cache on ``g`` is keyed by the locale object, so
    ``flask_babel.refresh()`` and ``force_locale`` (which set a new one) are honoured.
    """
    locale = flask_babel.get_locale()
    if locale is None:  # outside a request or app context: Flask-Babel's null translations
        return flask_babel.get_translations()
    cached = g.get(_TRANSLATIONS_KEY)
    if cached is None or cached[0] is not locale:
        cached = (locale, flask_babel.get_translations())
        setattr(g, _TRANSLATIONS_KEY, cached)
    return cached[1]


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """``_()`` in templates: Jinja's new-style gettext (escaped, always %-formatted) in one call
    instead of Jinja's three nested calls (``_`` → ``gettext`` → the callable)."""
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (our own catalogue, exactly as Jinja's gettext does)
    return text % variables


def init_app(app: Flask) -> None:
    """Give templates the cached catalogue (same behaviour as Flask-Babel's own callables)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)

"""Language and time zone of each request, German date formatting helpers, and fast template gettext."""

from __future__ import annotations

import functools
from typing import Any

import flask_babel
from babel import Locale
from flask import Flask, g, request, session
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

SUPPORTED_LOCALES = ("de", "en")
_TRANSLATIONS_KEY = "lms_translations"


def select_locale() -> Locale:
    """The signed-in person's language, else a chosen one in the session, else German."""
    if current_user and current_user.is_authenticated:
        return _locale(current_user.locale)
    chosen = session.get("locale") if request else None
    return _locale(chosen if chosen in SUPPORTED_LOCALES else "de")


@functools.lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    """One parsed locale per code (parsing looks the locale data file up on disk each time)."""
    return Locale.parse(code)


def select_timezone() -> str:
    return "Europe/Berlin"


def _catalogue() -> tuple[Any, Any, str]:
    """(locale, catalogue, locale name) of the current locale, looked up once per request and locale.

    Flask-Babel resolves domain, locale and catalogue cache again for every string; a page with
    thirty strings paid that thirty times. The cache on ``g`` is keyed by the locale object, so
    ``flask_babel.refresh()`` and ``force_locale`` (which set a new one) are honoured.
    """
    locale = flask_babel.get_locale()
    if locale is None:  # outside a request or app context: Flask-Babel's null translations
        return None, flask_babel.get_translations(), ""
    cached = g.get(_TRANSLATIONS_KEY)
    if cached is None or cached[0] is not locale:
        cached = (locale, flask_babel.get_translations(), str(locale))
        setattr(g, _TRANSLATIONS_KEY, cached)
    return cached


def translations() -> Any:
    """The catalogue of the current locale (see :func:`_catalogue`)."""
    return _catalogue()[1]


def locale_name() -> str:
    """The current locale as text ("de", "en"); empty outside a request."""
    return _catalogue()[2]


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """``_()`` in templates: Jinja's new-style gettext (escaped, always %-formatted) in one call
    instead of Jinja's three nested calls (``_`` → ``gettext`` → the callable)."""
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 (our own catalogue, exactly as Jinja's gettext does)
    return text % variables


def _bound_gettext(catalogue: Any) -> Any:
    """:func:`template_gettext` for one catalogue, so a render resolves the locale only once."""
    ugettext = catalogue.ugettext

    @pass_context
    def gettext(context: Context, string: str, **variables: Any) -> str:
        text = ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 (our own catalogue, exactly as Jinja's gettext does)
        return text % variables

    return gettext


def template_context() -> dict[str, Any]:
    """Names every page template gets: ``_``/``gettext`` bound to this render's catalogue and
    ``locale_name`` (macros imported without context fall back to :func:`template_gettext`)."""
    _locale, catalogue, name = _catalogue()
    gettext = _bound_gettext(catalogue)
    return {"_": gettext, "gettext": gettext, "locale_name": name}


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

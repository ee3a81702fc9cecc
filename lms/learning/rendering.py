"""Rendering unit bodies and take-aways to HTML, cached per content version."""

from __future__ import annotations

import re

from markupsafe import Markup

from lms.core.html import render_markdown
from lms.learning.content_cache import ModuleView, UnitView

_CACHE: dict[tuple[str, str, str], Markup] = {}
_CACHE_LIMIT = 512
_LOCAL_SRC = re.compile(r'(<img [^>]*src=")((?:images|media)/)')


def _cached(key: tuple[str, str, str], text: str, files_url: str) -> Markup:
    html = _CACHE.get(key)
    if html is None:
        rendered = str(render_markdown(text))
        # Module files are referenced relative to the module folder; serve them from its files route.
        html = Markup(_LOCAL_SRC.sub(lambda m: m.group(1) + files_url + m.group(2), rendered))  # noqa: S704
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = html
    return html


def unit_html(unit: UnitView, files_url: str) -> Markup:
    """The sanitised HTML of a unit body (the Markdown is rendered once per unit version)."""
    return _cached((unit.content_hash, files_url, unit.key), unit.body_md, files_url)


def takeaway_html(module: ModuleView, files_url: str) -> Markup:
    return _cached((module.content_hash, files_url, "__takeaway__"), module.takeaway_md, files_url)


def markdown(text: str) -> Markup:
    """Small Markdown snippets from the manifest (e.g. the transfer task)."""
    return render_markdown(text)

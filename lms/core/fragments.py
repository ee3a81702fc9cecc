"""Fragment cache for templates: markup that many requests share is rendered once per process.

In a template::

    {% call cached("unit-top", module.cache_key, unit.key) %}
      <h1>{{ unit.title }}</h1> …
    {% endcall %}

The block is rendered on the first request with that key and reused afterwards. The cache key is
the given parts plus the language and the URL prefix (nearly every fragment holds translated text
and links), so callers name only what else the markup depends on: the role, a content version,
an answer order. A fragment must not contain anything that belongs to one person or one request —
CSRF tokens, flashed messages, counts that are not part of the key — so those stay outside the
``call`` block. Content versions change with every ``courses sync``, so a new version renders anew
and old entries simply stop being asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app
from markupsafe import Markup

EXTENSION_KEY = "lms.fragments"
# Enough for every unit of every module in both languages plus answer orders; when full, the
# cache starts again (cheaper and simpler than least-recently-used bookkeeping on every hit).
FRAGMENT_LIMIT = 4096


def fragment_cache(locale: str, script_root: str) -> Callable[..., Markup]:
    """The ``cached`` function of one render (the page frame passes it to every template)."""
    store: dict[tuple[Hashable, ...], Markup] = current_app.extensions[EXTENSION_KEY]

    def cached(*key: Hashable, caller: Callable[[], str]) -> Markup:
        """The rendered block of ``{% call cached(*key) %}``, from the cache when rendered before."""
        full_key = (*key, locale, script_root)
        html = store.get(full_key)
        if html is None:
            html = Markup(caller())  # noqa: S704 (output of our own autoescaped template block)
            if len(store) >= FRAGMENT_LIMIT:
                store.clear()
            store[full_key] = html
        return html

    return cached


def init_app(app: Flask) -> None:
    """Give the app its own fragment store (apps may differ in features and settings)."""
    app.extensions[EXTENSION_KEY] = {}

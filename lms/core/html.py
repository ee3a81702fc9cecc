"""Markdown and HTML for display: CommonMark (markdown-it-py) sanitised by a bleach allow-list.

One helper for every feature that shows user- or author-supplied rich text. Raw HTML inside
Markdown is passed to bleach, which keeps only the tags and attributes listed here; everything
else is escaped. Task-list items (``- [ ]`` / ``- [x]``) become ☐ / ☑ glyphs (print-friendly, nothing to fill in).
"""

from __future__ import annotations

import re

import bleach
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "h1", "caption", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "td": ["align"],
    "th": ["align", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
_TASK_ITEM = re.compile(r"<li>(<p>)?\[( |x|X)\]\s")


def _task_box(match: re.Match[str]) -> str:
    glyph = "☑" if match.group(2).lower() == "x" else "☐"
    return f'<li class="task">{match.group(1) or ""}<span class="task-box" aria-hidden="true">{glyph}</span> '


def sanitize_html(html: str) -> Markup:
    """Keep only allow-listed tags/attributes/protocols; escape everything else."""
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 (bleach output with an allow-list)


def render_markdown(text: str | None) -> Markup:
    """CommonMark to sanitised HTML; ``- [ ]`` / ``- [x]`` items become ☐ / ☑ glyphs."""
    if not text:
        return Markup("")
    # Boxes are added after sanitising, so content itself can never inject markup this way.
    cleaned = str(sanitize_html(_md.render(text)))
    return Markup(_TASK_ITEM.sub(_task_box, cleaned))  # noqa: S704 (sanitised above; fixed markup added)

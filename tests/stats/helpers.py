"""Reading the dashboard's HTML tables back into values (for comparing page and exports)."""

from __future__ import annotations

from html.parser import HTMLParser

SUPPRESSED = "unterdrückt"


class TableParser(HTMLParser):
    """Collects every ``<table data-table=…>`` as a list of rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._table = attrs["data-table"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif self._table and tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = TableParser()
    parser.feed(html)
    return parser.tables


def page_number(text: str):
    """A German-formatted number from the page ("1.234,5" → 1234.5), or the text itself."""
    if text.startswith(SUPPRESSED) or text == "–":
        return text
    try:
        return float(text.replace(".", "").replace(",", "."))
    except ValueError:
        return text

"""The dashboard as a list of sections of tables: one builder for the page, exports and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from lms.stats import (
    queries_companies,
    queries_headline,
    queries_modules,
    queries_occupations,
    queries_trainers,
    queries_trend,
)
from lms.stats.filters import StatsFilter, shared_reads
from lms.stats.sql import tune_for_statistics
from lms.stats.tables import StatTable

SECTION_TITLES = {
    "headline": _l("Überblick"),
    "modules": _l("Module"),
    "companies": _l("Betriebe"),
    "occupations": _l("Berufe"),
    "trend": _l("Entwicklung"),
    "trainers": _l("Qualifizierung und Begleitung"),
}


@dataclass
class Dashboard:
    filter: StatsFilter
    threshold: int
    tables: list[StatTable]

    def table(self, key: str) -> StatTable | None:
        return next((t for t in self.tables if t.key == key), None)

    def sections(self) -> list[tuple[str, object, list[StatTable]]]:
        """(key, title, tables) in display order."""
        return [
            (key, title, [t for t in self.tables if t.section == key])
            for key, title in SECTION_TITLES.items()
            if any(t.section == key for t in self.tables)
        ]


def build_dashboard(flt: StatsFilter, threshold: int) -> Dashboard:
    """Run every section's queries for ``flt`` (read-only; rows several sections need are read
    once) and return the tables."""
    tune_for_statistics()
    with shared_reads():
        tables = [
            queries_headline.headline(flt, threshold),
            queries_modules.modules(flt, threshold),
            queries_companies.company_table(flt, threshold),
            *queries_occupations.coverage_tables(flt, threshold),
            queries_trend.trend(flt, threshold),
            queries_trainers.trainer_development(flt, threshold),
        ]
    return Dashboard(flt, threshold, tables)

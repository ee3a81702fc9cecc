"""Training-record figures (Ausbildungsnachweis): weeks reviewed, time to review.

The records feature is built in parallel; until its projection table exists these functions
answer None and the dashboard leaves the columns out (it never guesses figures).
"""

from __future__ import annotations

from lms.stats.filters import StatsFilter


def weeks_reviewed_in_time(flt: StatsFilter) -> dict[int, tuple[int, int]] | None:
    """company → (record weeks reviewed within a month of submission, apprentices behind them)."""
    return None


def review_days_by_trainer(flt: StatsFilter) -> list[tuple[int, float]] | None:
    """(reviewing trainer id, days from submission to review) of weeks reviewed in the period."""
    return None

"""Per occupation: distribution of plan coverage, positions most often uncovered before Teil 1.

Coverage follows :mod:`lms.plans.coverage`: an item is covered when an approved company task
taught it or a trainer rated it at least "selbstständig"; a position when all its items are.
The covered items per apprentice and position come from the plans projection's
``plan_position_progress``.
The items of an apprentice's plan are those of their occupation, common positions plus their
own Schwerpunkt. Computed in a few grouped queries (never per apprentice).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select

from lms.auth.models import ApprenticeProfile, User
from lms.db import db
from lms.orgs.occupations import OCCUPATIONS, occupation_title
from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition, PositionProgress
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.sql import median
from lms.stats.tables import PERCENT, TEXT, Chart, Column, StatTable, percent, rounded

BUCKETS = ((0, 25), (25, 50), (50, 75), (75, 101))
TOP_POSITIONS = 5


_POSITIONS_CACHE: dict[tuple, dict[str, list[tuple[int, str, str | None, int, bool]]]] = {}


def _positions() -> dict[str, list[tuple[int, str, str | None, int, bool]]]:
    """occupation → [(position id, label, specialism, item count, due before Teil 1)].

    Reference data, changed only by ``flask lms init``: cached per database and load time.
    """
    stamp = db.session.execute(select(func.count(FrameworkPlan.id), func.max(FrameworkPlan.loaded_at))).one()
    key = (str(db.engine.url) if db.engine is not None else "", *stamp)
    if key not in _POSITIONS_CACHE:
        _POSITIONS_CACHE.clear()
        _POSITIONS_CACHE[key] = _load_positions()
    return _POSITIONS_CACHE[key]


def _load_positions() -> dict[str, list[tuple[int, str, str | None, int, bool]]]:
    items = dict(
        db.session.execute(select(FrameworkItem.position_id, func.count()).group_by(FrameworkItem.position_id)).all()
    )
    result: dict[str, list] = defaultdict(list)
    plans = db.session.scalars(select(FrameworkPlan).where(FrameworkPlan.code.in_(list(OCCUPATIONS))))
    for plan in plans:
        before = {p["code"] for p in plan.periods if p.get("before_part1")}
        for position in plan.positions:
            due = any(code in before and weeks for code, weeks in position.weeks.items())
            result[plan.code].append((position.id, position.label, position.specialism, items.get(position.id, 0), due))
    return dict(result)


def _applies(specialism: str | None, own: str | None) -> bool:
    return specialism is None or specialism == own


def _in_own_plan():
    """The joined position belongs to the apprentice's plan: their occupation, common or own Schwerpunkt."""
    return and_(
        FrameworkPlan.code == ApprenticeProfile.occupation_code,
        or_(FrameworkPosition.specialism.is_(None), FrameworkPosition.specialism == ApprenticeProfile.specialism),
    )


def _progress_in_filter(flt: StatsFilter, *columns) -> Select:
    """``plan_position_progress`` rows of the apprentices in the filter, for positions of their own plan."""
    return (
        select(*columns)
        .join(ApprenticeProfile, ApprenticeProfile.user_id == PositionProgress.apprentice_id)
        .join(FrameworkPosition, FrameworkPosition.id == PositionProgress.position_id)
        .join(FrameworkPlan, FrameworkPlan.id == FrameworkPosition.plan_id)
        .where(PositionProgress.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)), _in_own_plan())
    )


def _covered_items(flt: StatsFilter) -> dict[int, int]:
    """apprentice → covered items of their own plan, summed by the database from the projection's
    per-position counts (``plan_position_progress``)."""
    query = _progress_in_filter(flt, PositionProgress.apprentice_id, func.sum(PositionProgress.covered_items)).group_by(
        PositionProgress.apprentice_id
    )
    return dict(db.session.execute(query).all())


def _complete_before_part1(flt: StatsFilter, items: dict[int, int]) -> Counter:
    """position → apprentices in the filter, before Teil 1 at the end of the period, who have all
    ``items[position]`` items of the position covered.

    The database counts the apprentices per position and number of covered items (a few hundred
    rows); the item counts come from the cached reference data, so the scan of the projection
    drives the query.
    """
    query = (
        _progress_in_filter(flt, PositionProgress.position_id, PositionProgress.covered_items, func.count())
        .where(or_(ApprenticeProfile.exam_part1_date.is_(None), ApprenticeProfile.exam_part1_date > flt.end))
        .group_by(PositionProgress.position_id, PositionProgress.covered_items)
    )
    complete: Counter = Counter()
    for position_id, covered, count in db.session.execute(query):
        if position_id in items and covered >= items[position_id]:
            complete[position_id] += count
    return complete


def _apprentices(flt: StatsFilter) -> list[tuple[int, str, str | None, object]]:
    query = filters.apprentices(flt).with_only_columns(
        User.id, ApprenticeProfile.occupation_code, ApprenticeProfile.specialism, ApprenticeProfile.exam_part1_date
    )
    return list(db.session.execute(query).all())


def coverage_tables(flt: StatsFilter, limit: int) -> list[StatTable]:
    """The coverage distribution table and the uncovered-positions table.

    The database sums the covered items per apprentice and counts, per position, the apprentices
    before Teil 1 who have it complete; a position is open for the others of its plan.
    """
    positions, covered = _positions(), _covered_items(flt)
    shares: dict[str, list[float]] = defaultdict(list)
    before_part1: Counter = Counter()  # apprentices before Teil 1, per occupation
    plans: dict[tuple[str, str | None], tuple[int, list]] = {}  # plan → items in all, positions due before Teil 1
    waiting: Counter = Counter()  # apprentices before Teil 1, per plan
    for apprentice_id, code, specialism, part1 in _apprentices(flt):
        if (code, specialism) not in plans:
            own = [p for p in positions.get(code, []) if _applies(p[2], specialism)]
            plans[code, specialism] = (sum(p[3] for p in own), [p for p in own if p[4]])
        total, _due = plans[code, specialism]
        shares[code].append(100.0 * covered.get(apprentice_id, 0) / total if total else 0.0)
        if part1 is None or part1 > flt.end:
            before_part1[code] += 1
            waiting[code, specialism] += 1
    return [
        _distribution_table(shares, limit),
        _uncovered_table(_open_positions(flt, plans, waiting), before_part1, limit),
    ]


def _open_positions(flt: StatsFilter, plans: dict, waiting: Counter) -> dict[str, Counter]:
    """occupation → position label → apprentices before Teil 1 for whom the position (due before
    Teil 1) is not complete yet."""
    expected: Counter = Counter()  # position → apprentices before Teil 1 whose plan has it due
    labels: dict[int, tuple[str, str]] = {}
    items: dict[int, int] = {}
    for (code, specialism), count in waiting.items():
        for position_id, label, _spec, n_items, _due in plans[code, specialism][1]:
            expected[position_id] += count
            labels[position_id], items[position_id] = (code, label), n_items
    complete = _complete_before_part1(flt, items) if expected else Counter()
    uncovered: dict[str, Counter] = defaultdict(Counter)
    for position_id, count in expected.items():
        code, label = labels[position_id]
        if count > complete.get(position_id, 0):
            uncovered[code][label] += count - complete.get(position_id, 0)
    return uncovered


def _distribution_table(shares: dict[str, list[float]], limit: int) -> StatTable:
    labels = [f"{low}–{min(high, 101) - 1} %" for low, high in BUCKETS]
    table = StatTable(
        key="coverage",
        title=_("Abdeckung der Ausbildungspläne nach Beruf"),
        section="occupations",
        columns=[
            Column("occupation", _("Beruf"), TEXT),
            Column("apprentices", _("Azubis")),
            *[Column(f"bucket{i}", _("Abdeckung %(range)s", range=label)) for i, label in enumerate(labels)],
            Column("median", _("Median Abdeckung (%)"), PERCENT),
        ],
        chart=Chart("bar", "occupation", tuple(f"bucket{i}" for i in range(len(BUCKETS)))),
    )
    for code in OCCUPATIONS:
        values = shares.get(code, [])
        counts = [sum(1 for v in values if low <= v < high) for low, high in BUCKETS]
        table.add_row(
            occupation_title(code),
            privacy.guard_count(len(values), limit),
            *privacy.guard_distribution(counts, limit),
            privacy.guard(rounded(median(values)), len(values), limit),
        )
    table.notes.append(
        _(
            "Abdeckung: Anteil der Ausbildungsinhalte (lfd. Nummern) des Ausbildungsrahmenplans, die durch eine "
            "abgenommene Betriebsaufgabe oder eine Einschätzung „selbstständig“ der Ausbilderin oder des Ausbilders "
            "belegt sind. Gruppen unter %(n)d Personen werden nicht gezeigt.",
            n=limit,
        )
    )
    return table


def _uncovered_table(uncovered: dict[str, Counter], base: Counter, limit: int) -> StatTable:
    table = StatTable(
        key="uncovered",
        title=_("Vor Teil 1 am häufigsten offene Berufsbildpositionen"),
        section="occupations",
        columns=[
            Column("occupation", _("Beruf"), TEXT),
            Column("position", _("Berufsbildposition"), TEXT),
            Column("apprentices_open", _("Azubis, bei denen sie offen ist")),
            Column("share", _("Anteil der Azubis vor Teil 1 (%)"), PERCENT),
        ],
    )
    for code in OCCUPATIONS:
        for label, count in uncovered.get(code, Counter()).most_common(TOP_POSITIONS):
            table.add_row(
                occupation_title(code),
                label,
                privacy.guard_count(count, limit),
                privacy.guard_all(percent(count, base[code]), limit, count, base[code]),
            )
    table.notes.append(
        _(
            "Gezählt werden Azubis, deren Teil 1 (bzw. Zwischenprüfung) nach dem Ende des Zeitraums liegt "
            "oder noch nicht terminiert ist, und Positionen mit Richtwerten vor Teil 1, die noch nicht "
            "vollständig abgedeckt sind."
        )
    )
    return table

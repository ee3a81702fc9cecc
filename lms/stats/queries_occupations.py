"""Per occupation: distribution of plan coverage, positions most often uncovered before Teil 1.

Coverage follows :mod:`lms.plans.coverage`: an item is covered when an approved company task
taught it or a trainer rated it at least "selbstständig"; a position when all its items are.
The covered items per apprentice and position come from the plans projection's
``plan_position_progress``.
The items of an apprentice's plan are those of their occupation, common positions plus their
own Schwerpunkt. Computed from three reads (the cached positions, the apprentices in the filter,
the projection's rows), never a query per apprentice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import User
from lms.db import db, read_plain_rows
from lms.orgs.occupations import OCCUPATIONS, occupation_title
from lms.plans.models import FrameworkItem, FrameworkPlan, PositionProgress
from lms.stats import filters, privacy
from lms.stats.filters import StatsFilter
from lms.stats.sql import median
from lms.stats.tables import PERCENT, TEXT, Chart, Column, StatTable, percent, rounded

BUCKETS = ((0, 25), (25, 50), (50, 75), (75, 101))
TOP_POSITIONS = 5
_NO_ITEMS: dict[int, int] = {}


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


@dataclass(frozen=True)
class _Plan:
    """An apprentice's plan: their occupation's common positions and their own Schwerpunkt."""

    items: dict[int, int]  # position id → number of items
    total: int  # items in all
    due: list[tuple[int, str]]  # (position id, label) due before Teil 1

    @classmethod
    def of(cls, positions: list[tuple[int, str, str | None, int, bool]], specialism: str | None) -> _Plan:
        own = [p for p in positions if _applies(p[2], specialism)]
        return cls({p[0]: p[3] for p in own}, sum(p[3] for p in own), [(p[0], p[1]) for p in own if p[4]])


def _progress_rows(flt: StatsFilter) -> list[tuple[int, int, int]]:
    """(apprentice, position, covered items) rows of the plans projection (``plan_position_progress``),
    read as plain driver rows. The whole cluster's rows are read in one scan and matched to the
    apprentices in Python; a narrow filter also puts the apprentice condition into the SQL."""
    progress = PositionProgress
    query = select(progress.apprentice_id, progress.position_id, progress.covered_items)
    if flt.narrow:
        query = query.where(progress.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)))
    return read_plain_rows(query, {})


def _covered(
    flt: StatsFilter, plan_items: dict[int, dict[int, int]], before_part1: set[int]
) -> tuple[dict[int, int], dict[int, int]]:
    """(apprentice → covered items of the own plan, position → apprentices before Teil 1 with all
    its items covered), in one pass over the projection's rows (the hot loop of the section)."""
    done: dict[int, int] = {}
    complete: dict[int, int] = {}
    for apprentice_id, position_id, covered in _progress_rows(flt):
        items = plan_items.get(apprentice_id, _NO_ITEMS).get(position_id)
        if items is None:
            continue
        done[apprentice_id] = done.get(apprentice_id, 0) + min(covered, items)
        if covered >= items and apprentice_id in before_part1:
            complete[position_id] = complete.get(position_id, 0) + 1
    return done, complete


def coverage_tables(flt: StatsFilter, limit: int) -> list[StatTable]:
    """The coverage distribution table and the uncovered-positions table.

    One pass over the projection's per-position counts gives the covered items of each
    apprentice's own plan and, per position, the apprentices before Teil 1 who have it complete;
    a position due before Teil 1 is open for the other apprentices before Teil 1 of its plans.
    """
    positions, plans = _positions(), {}
    mine: dict[int, tuple[tuple[str, str | None], bool]] = {}  # apprentice → (plan key, before Teil 1)
    for apprentice_id, (_company, code, specialism, part1) in filters.apprentices_in(flt).items():
        if (code, specialism) not in plans:
            plans[code, specialism] = _Plan.of(positions.get(code, []), specialism)
        mine[apprentice_id] = ((code, specialism), part1 is None or part1 > flt.end)
    done, complete = _covered(
        flt, {a: plans[key].items for a, (key, _b) in mine.items()}, {a for a, (_k, b) in mine.items() if b}
    )
    shares: dict[str, list[float]] = defaultdict(list)
    before_part1: Counter = Counter()  # apprentices before Teil 1, per occupation
    waiting: Counter = Counter()  # apprentices before Teil 1, per plan
    for apprentice_id, (key, before) in mine.items():
        total = plans[key].total
        shares[key[0]].append(100.0 * done.get(apprentice_id, 0) / total if total else 0.0)
        if before:
            before_part1[key[0]] += 1
            waiting[key] += 1
    open_positions = _open_positions(plans, waiting, complete)
    return [_distribution_table(shares, limit), _uncovered_table(open_positions, before_part1, limit)]


def _open_positions(plans: dict, waiting: Counter, complete: dict[int, int]) -> dict[str, Counter]:
    """occupation → position label → apprentices before Teil 1 for whom the position (due before
    Teil 1 in their plan) is not complete yet."""
    expected: Counter = Counter()  # position → apprentices before Teil 1 whose plan has it due
    labels: dict[int, tuple[str, str]] = {}
    for key, count in waiting.items():
        for position_id, label in plans[key].due:
            expected[position_id] += count
            labels[position_id] = (key[0], label)
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

"""The betrieblicher Ausbildungsplan: a company's schedule derived from the framework plan.

:func:`ensure_company_plan` generates a sensible default from the zeitliche Richtwerte (one line
per position and period, split by item groups where the ordinance gives weeks per group; one
line for "throughout training" positions), all at the learning site Betrieb. Trainers then edit
period, weeks, site, partner and responsible trainer per line.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.db import db, utcnow
from lms.plans.models import CompanyTrainingPlan, FrameworkPosition, LearningSite, PlanEntry
from lms.plans.services import PlanError, positions_query_for_code

THROUGHOUT = "all"
SITE_LABELS = {
    LearningSite.BETRIEB: _l("Betrieb"),
    LearningSite.BERUFSSCHULE: _l("Berufsschule"),
    LearningSite.UELU: _l("ÜLU (überbetriebliche Lehrunterweisung)"),
    LearningSite.VERBUNDPARTNER: _l("Verbundpartner"),
}


def _default_entries(position: FrameworkPosition) -> list[PlanEntry]:
    if position.throughout or not position.weeks:
        return [PlanEntry(position_id=position.id, period_code=THROUGHOUT, weeks=None)]
    if position.weeks_by_items:
        return [
            PlanEntry(position_id=position.id, period_code=period, items=group["items"], weeks=float(weeks))
            for group in position.weeks_by_items
            for period, weeks in group["weeks"].items()
        ]
    return [PlanEntry(position_id=position.id, period_code=p, weeks=float(w)) for p, w in position.weeks.items()]


def find_company_plan(company_id: int, occupation_code: str, specialism: str | None) -> CompanyTrainingPlan | None:
    """The company's plan for the occupation and specialism (falls back to the one without)."""
    query = select(CompanyTrainingPlan).where(
        CompanyTrainingPlan.company_id == company_id, CompanyTrainingPlan.occupation_code == occupation_code
    )
    plans = {p.specialism: p for p in db.session.scalars(query)}
    return plans.get(specialism) or plans.get(None)


def ensure_company_plan(company_id: int, occupation_code: str, specialism: str | None) -> CompanyTrainingPlan:
    """The company's plan, generated from the guide values if it does not exist yet."""
    query = select(CompanyTrainingPlan).where(
        CompanyTrainingPlan.company_id == company_id,
        CompanyTrainingPlan.occupation_code == occupation_code,
        CompanyTrainingPlan.specialism.is_(None)
        if specialism is None
        else CompanyTrainingPlan.specialism == specialism,
    )
    plan = db.session.scalar(query)
    if plan is not None:
        return plan
    plan = CompanyTrainingPlan(company_id=company_id, occupation_code=occupation_code, specialism=specialism)
    order = 0
    for position in db.session.scalars(positions_query_for_code(occupation_code)):
        if position.specialism is not None and position.specialism != specialism:
            continue
        for entry in _default_entries(position):
            entry.sort_order = order
            order += 1
            plan.entries.append(entry)
    db.session.add(plan)
    db.session.flush()
    return plan


def planned_weeks_by_position(company_id: int | None, occupation_code: str, specialism: str | None) -> dict[int, float]:
    """Planned weeks per position id in the company's plan (empty without a plan)."""
    if company_id is None:
        return {}
    plan = find_company_plan(company_id, occupation_code, specialism)
    if plan is None:
        return {}
    query = (
        select(PlanEntry.position_id, func.coalesce(func.sum(PlanEntry.weeks), 0.0))
        .where(PlanEntry.plan_id == plan.id)
        .group_by(PlanEntry.position_id)
    )
    return {position_id: float(weeks) for position_id, weeks in db.session.execute(query)}


def get_entry_in_company_or_none(company_id: int, entry_id: int) -> PlanEntry | None:
    """A schedule line of the company's plans (scoped in the query)."""
    query = (
        select(PlanEntry)
        .join(CompanyTrainingPlan)
        .where(PlanEntry.id == entry_id, CompanyTrainingPlan.company_id == company_id)
    )
    return db.session.scalar(query)


def update_entry(
    entry: PlanEntry,
    *,
    period_code: str,
    weeks: float | None,
    site: str,
    trainer_id: int | None,
    partner_name: str = "",
    note: str = "",
    allowed_trainer_ids: set[int] | frozenset[int] = frozenset(),
) -> PlanEntry:
    """Change one schedule line; raises PlanError for unknown periods, sites or trainers."""
    periods = set(entry.position.plan.period_codes()) | {THROUGHOUT}
    if period_code not in periods:
        raise PlanError(_("Unbekannter Zeitraum."))
    if weeks is not None and not 0 <= weeks <= 200:
        raise PlanError(_("Bitte gib die Wochen als Zahl zwischen 0 und 200 an."))
    try:
        entry.site = LearningSite(site)
    except ValueError:
        raise PlanError(_("Unbekannter Lernort.")) from None
    if trainer_id is not None and trainer_id not in allowed_trainer_ids:
        raise PlanError(_("Diese Person kann nicht verantwortlich sein."))
    entry.period_code, entry.weeks, entry.trainer_id = period_code, weeks, trainer_id
    entry.partner_name = partner_name.strip()[:200] or None
    entry.note = note.strip()[:500] or None
    entry.plan.updated_at = utcnow()
    db.session.flush()
    return entry

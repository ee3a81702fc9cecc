"""Member companies of the cluster: create, edit, list."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.auth.services import AccountError, record_audit
from lms.db import db
from lms.orgs.models import Cluster, Company, CompanyOccupation, FederalState
from lms.orgs.occupations import OCCUPATIONS


def the_cluster() -> Cluster:
    """The cluster (created on first use; the platform serves one cluster)."""
    cluster = db.session.scalar(select(Cluster).order_by(Cluster.id).limit(1))
    if cluster is None:
        cluster = Cluster(name="Ausbildungscluster 4.0 Zukunftsmacher Lausitz")
        db.session.add(cluster)
        db.session.flush()
    return cluster


def _check_occupations(codes: list[str]) -> None:
    unknown = [code for code in codes if code not in OCCUPATIONS]
    if unknown or not codes:
        raise AccountError(_("Bitte wählen Sie mindestens einen bekannten Ausbildungsberuf."))


def create_company(
    actor: User,
    *,
    name: str,
    town: str,
    state: FederalState,
    occupation_codes: list[str],
    is_new_to_training: bool,
    joined_on: dt.date,
) -> Company:
    """Add a member company (cluster agent or admin)."""
    if actor.role not in (Role.CLUSTER_AGENT, Role.ADMIN):
        raise AccountError(_("Nur der Cluster-Agent legt Betriebe an."))
    _check_occupations(occupation_codes)
    company = Company(
        cluster_id=the_cluster().id,
        name=name.strip(),
        town=town.strip(),
        state=state,
        is_new_to_training=is_new_to_training,
        joined_on=joined_on,
        occupations=[CompanyOccupation(occupation_code=c) for c in sorted(set(occupation_codes))],
    )
    db.session.add(company)
    db.session.flush()
    record_audit("company_created", actor=actor, company_id=company.id, name=company.name)
    return company


def update_company(
    actor: User,
    company: Company,
    *,
    name: str,
    town: str,
    state: FederalState,
    occupation_codes: list[str],
    is_new_to_training: bool,
    joined_on: dt.date,
) -> Company:
    """Change a company's master data."""
    if actor.role not in (Role.CLUSTER_AGENT, Role.ADMIN):
        raise AccountError(_("Nur der Cluster-Agent ändert Betriebe."))
    _check_occupations(occupation_codes)
    company.name, company.town, company.state = name.strip(), town.strip(), state
    company.is_new_to_training, company.joined_on = is_new_to_training, joined_on
    wanted = set(occupation_codes)
    company.occupations = [o for o in company.occupations if o.occupation_code in wanted] + [
        CompanyOccupation(occupation_code=c) for c in sorted(wanted - set(company.occupation_codes))
    ]
    db.session.flush()
    return company


def list_companies() -> list[tuple[Company, int]]:
    """Every company with its number of active people, by name."""
    people = (
        select(User.company_id, func.count().label("n"))
        .where(User.active.is_(True))
        .group_by(User.company_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Company, func.coalesce(people.c.n, 0))
        .outerjoin(people, people.c.company_id == Company.id)
        .order_by(Company.name)
    ).all()
    return [(company, count) for company, count in rows]


def get_company_or_404(company_id: int) -> Company:
    from flask import abort

    company = db.session.get(Company, company_id)
    if company is None:
        abort(404)
    return company

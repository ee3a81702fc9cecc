"""The cluster's member companies (cluster agent) and the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from lms.auth.models import Role, User
from lms.auth.services import AccountError, find_user_by_email
from lms.db import db
from lms.demo import COMPANIES, DEMO_LOGINS, DEMO_PASSWORD, seed_people
from lms.orgs import services
from lms.orgs.models import Company, FederalState
from tests.factories import make_company, make_user


def test_cluster_agent_lists_and_edits_companies(client, login_as):
    """Does the cluster agent see every company with its people count and can change its master data?"""
    agent = make_user(Role.CLUSTER_AGENT)
    company = make_company("Sanitär Pech", town="Bautzen")
    make_user(Role.TRAINER, company)
    login_as(agent)
    html = client.get("/cluster/companies").get_data(as_text=True)
    assert "Sanitär Pech" in html and "Bautzen" in html
    response = client.post(
        f"/cluster/companies/{company.id}",
        data={
            "company-name": "Sanitär Pech & Sohn",
            "company-town": "Bautzen",
            "company-state": "Sachsen",
            "company-occupation_codes": ["anlagenmechaniker_shk_2016", "mechatroniker_2018"],
            "company-joined_on": "2025-01-15",
        },
    )
    assert response.status_code == 302
    assert company.name == "Sanitär Pech & Sohn"
    assert company.occupation_codes == ["anlagenmechaniker_shk_2016", "mechatroniker_2018"]
    assert company.is_new_to_training is False


def test_company_needs_a_known_occupation(client, login_as):
    """Is a company without occupations refused with the form shown again, and nothing created?"""
    login_as(make_user(Role.CLUSTER_AGENT))
    response = client.post(
        "/cluster/companies",
        data={"name": "Ohne Beruf GmbH", "town": "Cottbus", "state": "Brandenburg", "joined_on": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "Ausbildungsberufe" in response.get_data(as_text=True)
    assert db.session.scalar(select(Company).where(Company.name == "Ohne Beruf GmbH")) is None
    with pytest.raises(AccountError):
        services.create_company(
            make_user(Role.ADMIN),
            name="X",
            town="Y",
            state=FederalState.SACHSEN,
            occupation_codes=["gibt_es_nicht"],
            is_new_to_training=False,
            joined_on=dt.date(2026, 1, 1),
        )


def test_only_cluster_staff_create_companies():
    """Does the service refuse company leads creating companies?"""
    with pytest.raises(AccountError):
        services.create_company(
            make_user(Role.COMPANY_LEAD),
            name="X",
            town="Y",
            state=FederalState.SACHSEN,
            occupation_codes=["dachdecker_2016"],
            is_new_to_training=False,
            joined_on=dt.date(2026, 1, 1),
        )


def test_unknown_company_answers_404(client, login_as):
    """Does a company id that does not exist answer 404 to the cluster agent?"""
    login_as(make_user(Role.CLUSTER_AGENT))
    assert client.get("/cluster/companies/999999").status_code == 404


def test_one_person_one_company():
    """Do company roles need exactly one company, and cluster staff none?"""
    from lms.auth.services import create_user

    with pytest.raises(AccountError):
        create_user(email="ohne@test.example", name="Ohne", role=Role.TRAINER, password=None)
    agent = create_user(
        email="agent@test.example", name="A", role=Role.CLUSTER_AGENT, password=None, company_id=make_company().id
    )
    assert agent.company_id is None


def test_demo_data_is_complete_and_idempotent():
    """Does the demo seed create 3 Lausitz companies (one per occupation), people and the 5 logins, idempotently?"""
    seed_people()
    count = db.session.scalar(select(func.count()).select_from(User))
    seed_people()
    assert db.session.scalar(select(func.count()).select_from(User)) == count
    names = [spec["name"] for spec in COMPANIES]
    companies = db.session.scalars(select(Company).where(Company.name.in_(names))).all()
    assert len(companies) == 3
    assert {c.occupation_codes[0] for c in companies} == {
        "anlagenmechaniker_shk_2016",
        "mechatroniker_2018",
        "dachdecker_2016",
    }
    assert {c.state for c in companies} == {FederalState.SACHSEN, FederalState.BRANDENBURG}
    for company in companies:
        roles = {u.role for u in db.session.scalars(select(User).where(User.company_id == company.id))}
        assert {Role.COMPANY_LEAD, Role.TRAINER, Role.APPRENTICE} <= roles, company.name
    from lms.auth.services import authenticate

    expected_roles = [Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD, Role.CLUSTER_AGENT, Role.ADMIN]
    for (email, _label), role in zip(DEMO_LOGINS, expected_roles, strict=True):
        user = find_user_by_email(email)
        assert user.role is role
        assert authenticate(email, DEMO_PASSWORD) is user

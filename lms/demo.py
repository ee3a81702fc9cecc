"""Demo data: the cluster agent, three Lausitz companies with their people, five demo logins.

Idempotent: people are looked up by e-mail and companies by name before anything is created.
"""

from __future__ import annotations

import datetime as dt

import click
from sqlalchemy import select

from lms.auth.models import Role, User
from lms.auth.services import create_user, find_user_by_email
from lms.cli import on_demo
from lms.db import db
from lms.orgs.models import Company, CompanyOccupation, FederalState
from lms.orgs.services import the_cluster

DEMO_PASSWORD = "zukunft-demo"  # noqa: S105 (demo data only)
DEMO_LOGINS = (
    ("azubi@demo.example", "Azubi (Anlagenmechaniker SHK)"),
    ("ausbilder@demo.example", "Ausbilder"),
    ("betrieb@demo.example", "Betriebsleitung"),
    ("cluster@demo.example", "Cluster-Agent"),
    ("admin@demo.example", "Administration"),
)

COMPANIES = (
    {
        "name": "Haustechnik Schulze GmbH",
        "town": "Görlitz",
        "state": FederalState.SACHSEN,
        "occupation": "anlagenmechaniker_shk_2016",
        "new": False,
        "joined": dt.date(2025, 3, 1),
    },
    {
        "name": "Krüger Automatisierung GmbH",
        "town": "Hoyerswerda",
        "state": FederalState.SACHSEN,
        "occupation": "mechatroniker_2018",
        "new": False,
        "joined": dt.date(2025, 4, 15),
    },
    {
        "name": "Dachdeckerei Noack",
        "town": "Spremberg",
        "state": FederalState.BRANDENBURG,
        "occupation": "dachdecker_2016",
        "new": True,
        "joined": dt.date(2025, 9, 1),
    },
)

# (email, name, role, company index, apprentice details or trainer flag)
PEOPLE = (
    ("cluster@demo.example", "Katrin Lehmann", Role.CLUSTER_AGENT, None, None),
    ("admin@demo.example", "Jonas Richter", Role.ADMIN, None, None),
    ("betrieb@demo.example", "Sabine Schulze", Role.COMPANY_LEAD, 0, None),
    ("ausbilder@demo.example", "Thomas Wagner", Role.TRAINER, 0, False),
    (
        "azubi@demo.example",
        "Lena Hoffmann",
        Role.APPRENTICE,
        0,
        {
            "occupation_code": "anlagenmechaniker_shk_2016",
            "specialism": "Heizungstechnik",
            "training_start": dt.date(2025, 8, 1),
            "training_end": dt.date(2029, 1, 31),
        },
    ),
    (
        "ben.kaiser@demo.example",
        "Ben Kaiser",
        Role.APPRENTICE,
        0,
        {
            "occupation_code": "anlagenmechaniker_shk_2016",
            "specialism": "Sanitärtechnik",
            "training_start": dt.date(2024, 8, 1),
            "training_end": dt.date(2028, 1, 31),
        },
    ),
    ("mario.pech@demo.example", "Mario Pech", Role.TRAINER, 0, True),
    ("uwe.krueger@demo.example", "Uwe Krüger", Role.COMPANY_LEAD, 1, None),
    ("anja.domaschke@demo.example", "Anja Domaschke", Role.TRAINER, 1, False),
    (
        "paul.zech@demo.example",
        "Paul Zech",
        Role.APPRENTICE,
        1,
        {
            "occupation_code": "mechatroniker_2018",
            "training_start": dt.date(2025, 9, 1),
            "training_end": dt.date(2029, 2, 28),
        },
    ),
    (
        "mia.nowak@demo.example",
        "Mia Nowak",
        Role.APPRENTICE,
        1,
        {
            "occupation_code": "mechatroniker_2018",
            "training_start": dt.date(2024, 9, 1),
            "training_end": dt.date(2028, 2, 29),
        },
    ),
    ("robert.noack@demo.example", "Robert Noack", Role.COMPANY_LEAD, 2, None),
    ("steffen.lange@demo.example", "Steffen Lange", Role.TRAINER, 2, True),
    (
        "tim.schneider@demo.example",
        "Tim Schneider",
        Role.APPRENTICE,
        2,
        {
            "occupation_code": "dachdecker_2016",
            "specialism": "Dachdeckungstechnik",
            "training_start": dt.date(2025, 8, 1),
            "training_end": dt.date(2028, 7, 31),
        },
    ),
)


def _company(spec: dict) -> Company:
    company = db.session.scalar(select(Company).where(Company.name == spec["name"]))
    if company is None:
        company = Company(
            cluster_id=the_cluster().id,
            name=spec["name"],
            town=spec["town"],
            state=spec["state"],
            is_new_to_training=spec["new"],
            joined_on=spec["joined"],
            occupations=[CompanyOccupation(occupation_code=spec["occupation"])],
        )
        db.session.add(company)
        db.session.flush()
    return company


def demo_companies() -> list[Company]:
    """The three demo companies (created if missing)."""
    return [_company(spec) for spec in COMPANIES]


@on_demo(10)
def seed_people() -> None:
    """Create the demo companies and people that do not exist yet."""
    companies = demo_companies()
    for email, name, role, company_index, extra in PEOPLE:
        if find_user_by_email(email) is not None:
            continue
        create_user(
            email=email,
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            company_id=companies[company_index].id if company_index is not None else None,
            is_without_aevo=bool(extra) if role is Role.TRAINER else False,
            apprentice=extra if role is Role.APPRENTICE else None,
        )


def demo_user(email: str) -> User:
    """A demo person by e-mail (after ``seed_people``)."""
    user = find_user_by_email(email)
    if user is None:
        raise LookupError(f"demo user {email} missing; run `flask lms demo`")
    return user


def print_demo_logins() -> None:
    click.echo(f"\nDemo-Zugänge (Passwort für alle: {DEMO_PASSWORD}):")
    for email, label in DEMO_LOGINS:
        click.echo(f"  {email:<26} {label}")
    click.echo("  LRS-Client: demo-lrs / demo-lrs-secret (xAPI unter /xapi/)\n")

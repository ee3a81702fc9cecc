"""Factories for test data, built through the same services the app uses."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from lms.auth.models import Role, User
from lms.auth.passwords import hash_password
from lms.auth.services import create_user
from lms.db import db
from lms.orgs.models import Company, CompanyOccupation, FederalState
from lms.orgs.services import the_cluster

DEFAULT_PASSWORD = "Lausitz-Test-2026!"
_CSRF_VALUE = re.compile(r'name="csrf_token" value="[^"]*"')


def without_csrf_token(html: str) -> str:
    """The page with its CSRF token values blanked: they are signed with the time, so two
    answers a second apart differ there even when everything else is the same."""
    return _CSRF_VALUE.sub('name="csrf_token" value=""', html)


_HASH: list[str] = []  # argon2 is slow on purpose; hash the shared test password once
_counter = itertools.count(1)


def _password_hash() -> str:
    if not _HASH:
        _HASH.append(hash_password(DEFAULT_PASSWORD))
    return _HASH[0]


def make_company(
    name: str | None = None,
    occupation: str = "anlagenmechaniker_shk_2016",
    *,
    town: str = "Görlitz",
    state: FederalState = FederalState.SACHSEN,
    is_new_to_training: bool = False,
) -> Company:
    """A member company training in ``occupation``."""
    company = Company(
        cluster_id=the_cluster().id,
        name=name or f"Testbetrieb {next(_counter)}",
        town=town,
        state=state,
        is_new_to_training=is_new_to_training,
        joined_on=dt.date(2025, 1, 15),
        occupations=[CompanyOccupation(occupation_code=occupation)],
    )
    db.session.add(company)
    db.session.flush()
    return company


def make_user(
    role: Role = Role.TRAINER,
    company: Company | None = None,
    *,
    email: str | None = None,
    name: str | None = None,
    **kwargs,
) -> User:
    """A person with the shared test password; company roles get a new company if none given."""
    if role.belongs_to_company and company is None:
        company = make_company()
    n = next(_counter)
    user = create_user(
        email=email or f"person{n}@test.example",
        name=name or f"Person {n}",
        role=role,
        password=None,
        company_id=company.id if company else None,
        **kwargs,
    )
    user.password_hash = _password_hash()
    db.session.flush()
    return user


def make_apprentice(
    company: Company | None = None,
    occupation: str = "anlagenmechaniker_shk_2016",
    start: dt.date = dt.date(2025, 8, 1),
    **kwargs,
) -> User:
    """An apprentice with a profile for ``occupation`` starting on ``start``."""
    months = 36 if occupation.startswith("dachdecker") else 42
    end = dt.date(start.year + months // 12, start.month, 1) + dt.timedelta(days=182 if months % 12 else 0)
    details = {"occupation_code": occupation, "training_start": start, "training_end": end}
    details.update(kwargs.pop("apprentice", {}))
    return make_user(Role.APPRENTICE, company, apprentice=details, **kwargs)

"""The one permission policy: who may see and do what, and the tenant scope of queries.

Every view asks this module. Lookups of company-owned objects go through the ``*_in_scope``
helpers, which put the tenant condition into the SQL itself, so a guessed id of another
company's object answers 404 and never reveals that it exists.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, select

from lms.auth.models import Role, User
from lms.db import db

F = TypeVar("F", bound=Callable[..., Any])

COMPANY_STAFF = frozenset({Role.TRAINER, Role.COMPANY_LEAD})
PEOPLE_MANAGERS = frozenset({Role.COMPANY_LEAD, Role.ADMIN})
# Who a company lead may invite, and who the cluster agent may invite.
INVITABLE_BY: dict[Role, frozenset[Role]] = {
    Role.COMPANY_LEAD: frozenset({Role.TRAINER, Role.APPRENTICE, Role.COMPANY_LEAD}),
    Role.CLUSTER_AGENT: frozenset({Role.COMPANY_LEAD}),
    Role.ADMIN: frozenset(Role),
}


def role_required(*roles: Role) -> Callable[[F], F]:
    """View decorator: the person must be logged in and hold one of ``roles`` (else 403)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def visible_company_ids(viewer: User) -> list[int]:
    """Companies whose people and objects the viewer may see (their own company)."""
    return [viewer.company_id] if viewer.company_id is not None else []


def users_in_scope(viewer: User) -> Select[tuple[User]]:
    """A query of the people the viewer may see: admins everyone, company staff their company."""
    query = select(User)
    if viewer.role is Role.ADMIN:
        return query
    if viewer.role in COMPANY_STAFF:
        return query.where(User.company_id.in_(visible_company_ids(viewer)))
    return query.where(User.id == viewer.id)


def get_user_in_scope_or_404(viewer: User, user_id: int) -> User:
    """The person with ``user_id`` if the viewer may see them; 404 otherwise."""
    user = db.session.scalar(users_in_scope(viewer).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


def may_invite(inviter: User, role: Role) -> bool:
    """Whether ``inviter`` may invite a person with ``role``."""
    return role in INVITABLE_BY.get(inviter.role, frozenset())


def may_deactivate(viewer: User, target: User) -> bool:
    """Company leads deactivate people of their company, admins anyone; nobody themselves."""
    if viewer.id == target.id:
        return False
    if viewer.role is Role.ADMIN:
        return True
    return viewer.role is Role.COMPANY_LEAD and target.company_id == viewer.company_id


def may_see_private_learning(viewer: User, owner_id: int) -> bool:
    """Reflections, portfolio texts and similar private learning data: the owner only."""
    return viewer.id == owner_id

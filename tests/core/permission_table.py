"""The expected answer of every route for every role, on the person's own and on a foreign company.

Read by ``tests/core/test_permission_matrix.py``, which requests every route registered in the
app as every role and compares the status codes with this table. A new route without an entry
fails that test: add it here (one ``Case`` per endpoint, in the dict of its blueprint), or, while
a feature tests its permissions itself, list its blueprint in ``OWNED_ELSEWHERE``.

Path placeholders, filled from the test's world of two companies (own = A, foreign = B):
``{company_id}``, ``{user_id}`` (a trainer of the company), ``{invitation_id}`` (an open invitation).
Roles act as people of company A (apprentice, trainer, company_lead) or as company-less
cluster agent and admin. Expected statuses: an int for both scopes, or ``(own, foreign)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "apprentice", "trainer", "company_lead", "cluster_agent", "admin")
Status = int | tuple[int, int]


@dataclass(frozen=True)
class Case:
    """One request: ``method`` on ``path``, and the expected status per role."""

    method: str
    path: str
    expect: dict[str, Status] = field(default_factory=dict)

    def status(self, role: str, scope: str) -> int:
        expected = self.expect[role]
        if isinstance(expected, tuple):
            return expected[0] if scope == "own" else expected[1]
        return expected


def roles(default: Status, **per_role: Status) -> dict[str, Status]:
    """``default`` for every role (anonymous included) unless named in ``per_role``."""
    unknown = set(per_role) - set(ROLES)
    assert not unknown, f"unknown roles in the permission table: {unknown}"
    return {role: per_role.get(role, default) for role in ROLES}


def signed_in(default: Status = 200, **per_role: Status) -> dict[str, Status]:
    """Pages behind the login: anonymous visitors are sent to the login page (302)."""
    return roles(default, anonymous=302, **per_role)


def only(*allowed: str, status: Status = 200) -> dict[str, Status]:
    """Role-restricted pages: ``allowed`` roles get ``status``, other roles 403, visitors 302."""
    return signed_in(403, **dict.fromkeys(allowed, status))


OWN_ONLY = (302, 404)  # acting on the own company's object works; a foreign id is 404

# blueprint -> endpoint (optionally "endpoint#METHOD" for a second probe) -> Case
PERMISSIONS: dict[str, dict[str, Case]] = {
    "core": {
        "core.start": Case("GET", "/", signed_in()),
        "core.healthz": Case("GET", "/healthz", roles(200)),
        "core.choose_language": Case("POST", "/language", roles(302)),
    },
    "auth": {
        "auth.login": Case("GET", "/login", roles(302, anonymous=200)),
        "auth.logout": Case("POST", "/logout", roles(302)),
        "auth.logout#GET": Case("GET", "/logout", roles(405)),
        "auth.forgot_password": Case("GET", "/password/forgot", roles(200)),
        "auth.reset_password": Case("GET", "/password/reset/kein-gueltiger-token", roles(404)),
        "auth.accept_invitation": Case("GET", "/invite/kein-gueltiger-token", roles(404)),
        "auth.profile": Case("GET", "/profile", signed_in()),
    },
    "orgs": {
        "orgs.companies": Case("GET", "/cluster/companies", only("cluster_agent", "admin")),
        "orgs.company": Case("GET", "/cluster/companies/{company_id}", only("cluster_agent", "admin")),
        # an empty invitation form is re-rendered with errors (400)
        "orgs.invite": Case(
            "POST", "/cluster/companies/{company_id}/invite", only("cluster_agent", "admin", status=400)
        ),
    },
    "company": {
        "company.index": Case("GET", "/company/", only("company_lead")),
        "company.invite": Case("POST", "/company/invite", only("company_lead", status=400)),
        "company.revoke": Case(
            "POST", "/company/invitations/{invitation_id}/revoke", only("company_lead", status=OWN_ONLY)
        ),
        "company.set_active": Case("POST", "/company/people/{user_id}/active", only("company_lead", status=OWN_ONLY)),
    },
    "admin": {
        "admin.index": Case("GET", "/admin/", only("admin")),
        "admin.person": Case("GET", "/admin/people/{user_id}", only("admin")),
        "admin.audit": Case("GET", "/admin/audit", only("admin")),
    },
    "notifications": {
        "notifications.index": Case("GET", "/notifications/", signed_in()),
        "notifications.mark_read": Case("POST", "/notifications/read", roles(302)),
    },
}

# Blueprints whose permissions their feature tests itself (until their routes move into PERMISSIONS).
OWNED_ELSEWHERE: dict[str, str] = {
    "learning": "learning engine, tested in tests/learning",
    "verify": "certificate verification (learning), tested in tests/learning",
    "plans": "training plans, tested in tests/plans",
    "plans_admin": "framework plans (plans), tested in tests/plans",
    "records": "training records, tested in tests/records",
    "stats": "statistics, tested in tests/stats",
    "xapi_admin": "LRS administration, tested in tests/xapi",
}

# Paths that are not pages of people (machine APIs with their own authentication, static files).
SKIPPED_PREFIXES = ("/xapi/", "/static/")

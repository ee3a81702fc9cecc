"""The administrator's pages: people across companies, role changes, deactivation, the audit log."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth import invitations, services
from lms.auth.models import AuditEvent, Role
from lms.db import db
from tests.factories import make_company, make_user


def test_admin_finds_people_of_every_company(client, login_as):
    """Does the admin's people search find people of any company by name or e-mail?"""
    admin = make_user(Role.ADMIN)
    make_user(Role.TRAINER, make_company(), name="Gundula Görlitz")
    make_user(Role.TRAINER, make_company(), name="Bernd Bautzen", email="bernd@bautzen.example")
    login_as(admin)
    html = client.get("/admin/?q=görlitz").get_data(as_text=True)
    assert "Gundula Görlitz" in html and "Bernd Bautzen" not in html
    assert "Bernd Bautzen" in client.get("/admin/?q=bautzen.example").get_data(as_text=True)


def test_admin_deactivates_anyone_and_session_ends(app, client, login_as):
    """Can the admin deactivate a person of any company, ending that person's session?"""
    admin = make_user(Role.ADMIN)
    lead = make_user(Role.COMPANY_LEAD)
    db.session.commit()
    lead_client = app.test_client()
    lead_client.post("/login", data={"email": lead.email, "password": "Lausitz-Test-2026!"})
    login_as(admin)
    assert client.get(f"/admin/people/{lead.id}").status_code == 200
    response = client.post(f"/admin/people/{lead.id}", data={"action": "active", "active": "0"})
    assert response.status_code == 302 and not lead.active
    assert lead_client.get("/company/").status_code == 302


def test_admin_changes_role_with_audit_entry(client, login_as):
    """Does a role change by the admin take effect and get written to the audit log?"""
    admin = make_user(Role.ADMIN)
    trainer = make_user(Role.TRAINER)
    login_as(admin)
    response = client.post(
        f"/admin/people/{trainer.id}", data={"action": "role", "role": "company_lead", "company_id": trainer.company_id}
    )
    assert response.status_code == 302
    assert trainer.role is Role.COMPANY_LEAD
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "role_change"))
    assert event.target_user_id == trainer.id and event.details == {"old": "trainer", "new": "company_lead"}


def test_bad_role_changes_are_refused_in_german(client, login_as):
    """Are an unknown role, a company role without company and a missing company refused with a German message?"""
    admin = make_user(Role.ADMIN)
    trainer = make_user(Role.TRAINER)
    login_as(admin)
    cases = [
        ({"role": "kaiser"}, "Bitte wählen Sie eine Rolle."),
        ({"role": "company_lead", "company_id": ""}, "Diese Rolle braucht einen Betrieb."),
        ({"role": "company_lead", "company_id": "987654"}, "Diesen Betrieb gibt es nicht."),
    ]
    for data, message in cases:
        response = client.post(f"/admin/people/{trainer.id}", data={"action": "role", **data}, follow_redirects=True)
        assert message in response.get_data(as_text=True)
        db.session.refresh(trainer)
        assert trainer.role is Role.TRAINER


def test_admin_cannot_change_or_deactivate_self():
    """Is the admin kept from locking themselves out?"""
    admin = make_user(Role.ADMIN)
    for action in (
        lambda: services.set_active(admin, admin, False),
        lambda: services.change_role(admin, admin, Role.TRAINER, None),
    ):
        try:
            action()
        except services.AccountError:
            pass
        else:
            raise AssertionError("the admin changed their own account")
    assert admin.active and admin.role is Role.ADMIN


def test_audit_log_lists_security_actions_for_admins_only(client, login_as):
    """Does the audit log show invite, role change, deactivation and password reset, to admins only (others 403)?"""
    admin = make_user(Role.ADMIN)
    lead = make_user(Role.COMPANY_LEAD)
    trainer = make_user(Role.TRAINER, lead.company)
    invitations.invite(lead, email="neu@test.example", name="Neu", role=Role.TRAINER, company_id=None)
    services.change_role(admin, trainer, Role.COMPANY_LEAD, trainer.company_id)
    services.set_active(lead, trainer, False)
    services.request_password_reset(lead.email)
    login_as(admin)
    html = client.get("/admin/audit").get_data(as_text=True)
    for action in ("invite", "role_change", "deactivate", "password_reset_requested"):
        assert f"({action})" in html, action
    for label in ("Einladung verschickt", "Rolle geändert", "Deaktiviert", "Passwort-Link angefordert"):
        assert label in html, label
    filtered = client.get("/admin/audit?action=deactivate").get_data(as_text=True)
    assert "(role_change)" not in filtered.split("<table", 1)[-1]
    client.post("/logout")
    for role in (Role.APPRENTICE, Role.TRAINER, Role.COMPANY_LEAD, Role.CLUSTER_AGENT):
        login_as(make_user(role))
        assert client.get("/admin/audit").status_code == 403, role
        client.post("/logout")
    assert client.get("/admin/audit").status_code == 302

"""The company lead's page: people, open invitations, deactivation."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth import invitations
from lms.auth.models import AuditEvent, Role
from lms.db import db
from tests.factories import make_apprentice, make_company, make_user


def test_lead_sees_own_people_and_invitations_only(client, login_as):
    """Does the company page list the lead's own people and open invitations, and nobody of another company?"""
    lead = make_user(Role.COMPANY_LEAD, name="Sabine Leitung")
    make_user(Role.TRAINER, lead.company, name="Thomas Eigen")
    make_user(Role.TRAINER, make_company(), name="Fremde Person")
    invitations.invite(lead, email="offen@test.example", name="Offene Einladung", role=Role.TRAINER, company_id=None)
    login_as(lead)
    html = client.get("/company/").get_data(as_text=True)
    assert "Thomas Eigen" in html and "Offene Einladung" in html
    assert "Fremde Person" not in html


def test_lead_deactivates_person_and_their_session_ends(app, client, login_as):
    """Can a lead deactivate a trainer of the company, whose open session then ends and who cannot sign in again?"""
    lead = make_user(Role.COMPANY_LEAD)
    trainer = make_user(Role.TRAINER, lead.company)
    db.session.commit()
    trainer_client = app.test_client()
    trainer_client.post("/login", data={"email": trainer.email, "password": "Lausitz-Test-2026!"})
    assert trainer_client.get("/").status_code == 200
    login_as(lead)
    response = client.post(f"/company/people/{trainer.id}/active", data={"active": "0"})
    assert response.status_code == 302
    assert not trainer.active
    assert trainer_client.get("/").status_code == 302, "the deactivated person's session must end"
    relogin = trainer_client.post("/login", data={"email": trainer.email, "password": "Lausitz-Test-2026!"})
    assert relogin.status_code == 401
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "deactivate"))
    assert event.actor_id == lead.id and event.target_user_id == trainer.id and event.company_id == lead.company_id
    assert client.post(f"/company/people/{trainer.id}/active", data={"active": "1"}).status_code == 302
    assert trainer.active


def test_lead_cannot_deactivate_other_company_or_self(client, login_as):
    """Does another company's person answer 404, and is deactivating oneself refused?"""
    lead = make_user(Role.COMPANY_LEAD)
    foreign = make_apprentice(make_company())
    login_as(lead)
    assert client.post(f"/company/people/{foreign.id}/active", data={"active": "0"}).status_code == 404
    assert foreign.active
    response = client.post(f"/company/people/{lead.id}/active", data={"active": "0"}, follow_redirects=True)
    assert "nicht deaktivieren" in response.get_data(as_text=True)
    assert lead.active


def test_trainer_and_apprentice_cannot_deactivate(client, login_as):
    """Are trainers and apprentices refused (403) when they try to deactivate a colleague?"""
    company = make_company()
    colleague = make_user(Role.TRAINER, company)
    for role in (Role.TRAINER, Role.APPRENTICE):
        actor = make_apprentice(company) if role is Role.APPRENTICE else make_user(role, company)
        login_as(actor)
        assert client.post(f"/company/people/{colleague.id}/active", data={"active": "0"}).status_code == 403
        client.post("/logout")
    assert colleague.active


def test_lead_revokes_open_invitation_of_own_company_only(client, login_as):
    """Can a lead withdraw an own invitation, while another company's invitation answers 404?"""
    lead = make_user(Role.COMPANY_LEAD)
    other_lead = make_user(Role.COMPANY_LEAD)
    own, own_token = invitations.invite(lead, email="o@test.example", name="O", role=Role.TRAINER, company_id=None)
    foreign, _t = invitations.invite(other_lead, email="f@test.example", name="F", role=Role.TRAINER, company_id=None)
    login_as(lead)
    assert client.post(f"/company/invitations/{foreign.id}/revoke").status_code == 404
    assert foreign.revoked_at is None
    assert client.post(f"/company/invitations/{own.id}/revoke").status_code == 302
    assert own.revoked_at is not None
    assert invitations.find_open_invitation(own_token) is None

"""Invitations: the cluster agent invites company leads, leads invite trainers and apprentices."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from lms.auth import invitations, services
from lms.auth.models import AuditEvent, Invitation, Role, User
from lms.auth.tokens import hash_token
from lms.db import db, utcnow
from lms.orgs.models import Company
from tests.auth.mailbox import body, link_path, mails
from tests.factories import make_company, make_user

GOOD_PASSWORD = "Spreewald-Gurken-2026"


def _accept(client, path: str, password: str = GOOD_PASSWORD):
    return client.post(path, data={"password": password, "confirm": password})


def test_cluster_agent_creates_company_and_invites_its_lead(client, login_as, mail_dir):
    """Can the cluster agent add a company, invite its lead by mail, and the lead set a password and sign in?"""
    agent = make_user(Role.CLUSTER_AGENT)
    login_as(agent)
    response = client.post(
        "/cluster/companies",
        data={
            "name": "Elektro Wenzel GmbH",
            "town": "Weißwasser",
            "state": "Sachsen",
            "occupation_codes": ["mechatroniker_2018"],
            "is_new_to_training": "y",
            "joined_on": "2026-11-01",
        },
    )
    assert response.status_code == 302
    company = db.session.scalar(select(Company).where(Company.name == "Elektro Wenzel GmbH"))
    assert company is not None and company.is_new_to_training and company.occupation_codes == ["mechatroniker_2018"]
    assert response.headers["Location"] == f"/cluster/companies/{company.id}"

    response = client.post(
        f"/cluster/companies/{company.id}/invite",
        data={"invite-name": "Petra Wenzel", "invite-email": "Petra@Wenzel.example", "invite-role": "company_lead"},
    )
    assert response.status_code == 302
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "petra@wenzel.example"))
    assert invitation.company_id == company.id and invitation.role is Role.COMPANY_LEAD
    [message] = mails(mail_dir, "petra@wenzel.example")
    assert message["Subject"] == "Einladung zur Zukunftsmacher Lernplattform"
    assert agent.name in body(message)

    client.post("/logout")
    path = link_path(message)
    page = client.get(path)
    assert page.status_code == 200 and "Elektro Wenzel GmbH" in page.get_data(as_text=True)
    response = _accept(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    lead = services.find_user_by_email("petra@wenzel.example")
    assert lead.role is Role.COMPANY_LEAD and lead.company_id == company.id
    assert lead.password_hash.startswith("$argon2id$")
    assert client.get("/company/").status_code == 200, "the new lead is signed in"


def test_lead_invites_trainer_and_apprentice(client, login_as, mail_dir):
    """Can a company lead invite a trainer (Ausbildungsbeauftragte) and an apprentice with training data?"""
    lead = make_user(Role.COMPANY_LEAD)
    login_as(lead)
    response = client.post(
        "/company/invite",
        data={
            "invite-name": "Kai Ausbilder",
            "invite-email": "kai@test.example",
            "invite-role": "trainer",
            "invite-is_without_aevo": "y",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/company/invite",
        data={
            "invite-name": "Ida Azubi",
            "invite-email": "ida@test.example",
            "invite-role": "apprentice",
            "invite-occupation_code": "anlagenmechaniker_shk_2016",
            "invite-specialism": "Heizungstechnik",
            "invite-training_start": "2026-08-01",
            "invite-training_end": "2030-01-31",
        },
    )
    assert response.status_code == 302
    client.post("/logout")
    for address in ("kai@test.example", "ida@test.example"):
        [message] = mails(mail_dir, address)
        assert _accept(client, link_path(message)).status_code == 302
        client.post("/logout")
    trainer = services.find_user_by_email("kai@test.example")
    assert trainer.role is Role.TRAINER and trainer.is_without_aevo and trainer.company_id == lead.company_id
    apprentice = services.find_user_by_email("ida@test.example")
    profile = apprentice.apprentice_profile
    assert apprentice.company_id == lead.company_id
    assert profile.occupation_code == "anlagenmechaniker_shk_2016" and profile.specialism == "Heizungstechnik"
    assert (profile.training_start, profile.training_end) == (dt.date(2026, 8, 1), dt.date(2030, 1, 31))


def test_invitation_form_offers_what_the_inviter_may_choose(client, login_as):
    """Does the cluster agent's form offer only "company lead" without the apprentice fields, while a
    lead's form offers trainers and apprentices with occupation and specialism to choose?"""
    lead = make_user(Role.COMPANY_LEAD)
    login_as(make_user(Role.CLUSTER_AGENT))
    page = client.get(f"/cluster/companies/{lead.company_id}").get_data(as_text=True)
    assert 'value="company_lead"' in page and 'value="apprentice"' not in page
    assert "invite-occupation_code" not in page, "no apprentice fields for a lead's invitation"

    client.post("/logout")
    login_as(lead)
    page = client.get("/company/").get_data(as_text=True)
    assert 'value="trainer"' in page and 'value="apprentice"' in page
    assert 'value="mechatroniker_2018"' in page and 'value="Heizungstechnik"' in page
    assert "Anlagenmechaniker/-in SHK: Heizungstechnik" in page


def test_apprentice_invitation_needs_training_data(client, login_as, mail_dir):
    """Is an apprentice invitation without occupation and dates refused with the form re-rendered (400)?"""
    login_as(make_user(Role.COMPANY_LEAD))
    response = client.post(
        "/company/invite",
        data={"invite-name": "Ohne Daten", "invite-email": "od@test.example", "invite-role": "apprentice"},
    )
    assert response.status_code == 400
    assert "Für Azubis bitte ausfüllen." in response.get_data(as_text=True)
    assert db.session.scalar(select(Invitation).where(Invitation.email == "od@test.example")) is None
    assert mails(mail_dir) == []


def test_lead_invites_only_into_own_company():
    """Does a lead's invitation always land in the lead's own company, whatever company id is given?"""
    lead = make_user(Role.COMPANY_LEAD)
    other = make_company()
    invitation, _token = invitations.invite(
        lead, email="x@test.example", name="X", role=Role.TRAINER, company_id=other.id
    )
    assert invitation.company_id == lead.company_id


@pytest.mark.parametrize(
    ("inviter_role", "role"),
    [
        (Role.COMPANY_LEAD, Role.CLUSTER_AGENT),
        (Role.COMPANY_LEAD, Role.ADMIN),
        (Role.CLUSTER_AGENT, Role.TRAINER),
        (Role.CLUSTER_AGENT, Role.APPRENTICE),
        (Role.TRAINER, Role.APPRENTICE),
        (Role.APPRENTICE, Role.APPRENTICE),
    ],
)
def test_who_may_invite_whom(inviter_role, role):
    """Are invitations outside the policy (e.g. a lead inviting an admin) refused with nothing stored?"""
    inviter = make_user(inviter_role)
    company = inviter.company or make_company()
    with pytest.raises(services.AccountError):
        invitations.invite(inviter, email="nein@test.example", name="Nein", role=role, company_id=company.id)
    assert db.session.scalar(select(Invitation).where(Invitation.email == "nein@test.example")) is None


def test_trainer_cannot_reach_the_invitation_form(client, login_as):
    """Is the company's invitation endpoint closed to trainers (403)?"""
    login_as(make_user(Role.TRAINER))
    response = client.post(
        "/company/invite", data={"invite-name": "A", "invite-email": "a@test.example", "invite-role": "trainer"}
    )
    assert response.status_code == 403


def test_existing_account_cannot_be_invited(client, login_as):
    """Is an invitation to an address that already has an account refused (400, nothing sent)?"""
    lead = make_user(Role.COMPANY_LEAD)
    existing = make_user(Role.TRAINER)
    login_as(lead)
    response = client.post(
        "/company/invite", data={"invite-name": "B", "invite-email": existing.email, "invite-role": "trainer"}
    )
    assert response.status_code == 400
    assert "gibt es bereits ein Konto" in response.get_data(as_text=True)


def test_only_the_token_hash_is_stored():
    """Does the database keep only the SHA-256 of the invitation token, never the token itself?"""
    lead = make_user(Role.COMPANY_LEAD)
    invitation, token = invitations.invite(lead, email="h@test.example", name="H", role=Role.TRAINER, company_id=None)
    assert invitation.token_hash == hash_token(token) != token
    stored = {column.name: getattr(invitation, column.key) for column in Invitation.__table__.columns}
    assert all(token not in str(value) for value in stored.values())
    assert len(token) >= 40, "tokens must be long enough not to be guessed"


def test_invitation_is_single_use(client):
    """Does an accepted invitation link stop working (404, no second account)?"""
    lead = make_user(Role.COMPANY_LEAD)
    invitation, token = invitations.invite(lead, email="s@test.example", name="S", role=Role.TRAINER, company_id=None)
    db.session.commit()
    assert _accept(client, f"/invite/{token}").status_code == 302
    assert invitation.accepted_at is not None
    client.post("/logout")
    second = _accept(client, f"/invite/{token}", "Ein-ganz-anderes-Passwort")
    assert second.status_code == 404
    assert "nicht mehr gültig" in second.get_data(as_text=True)
    assert client.get(f"/invite/{token}").status_code == 404


def test_expired_and_revoked_invitations_do_not_work(client, app):
    """Do expired or withdrawn invitations answer 404 and create nobody?"""
    lead = make_user(Role.COMPANY_LEAD)
    expired, expired_token = invitations.invite(
        lead, email="e@test.example", name="E", role=Role.TRAINER, company_id=None
    )
    assert expired.expires_at - utcnow() > dt.timedelta(days=app.config["INVITATION_DAYS"] - 1)
    expired.expires_at = utcnow() - dt.timedelta(seconds=1)
    revoked, revoked_token = invitations.invite(
        lead, email="r@test.example", name="R", role=Role.TRAINER, company_id=None
    )
    from lms.company.services import revoke_invitation

    revoke_invitation(lead, revoked.id)
    db.session.commit()
    for token in (expired_token, revoked_token, "gibt-es-nicht"):
        assert client.get(f"/invite/{token}").status_code == 404
        assert _accept(client, f"/invite/{token}").status_code == 404
    assert services.find_user_by_email("e@test.example") is None
    assert services.find_user_by_email("r@test.example") is None


def test_accepting_checks_the_password_rules(client):
    """Is a weak or mismatched password refused with the form shown again (400) and the link still usable?"""
    lead = make_user(Role.COMPANY_LEAD)
    invitation, token = invitations.invite(lead, email="w@test.example", name="W", role=Role.TRAINER, company_id=None)
    weak = _accept(client, f"/invite/{token}", "passwort")
    assert weak.status_code == 400
    assert "mindestens 10 Zeichen" in weak.get_data(as_text=True)
    mismatch = client.post(f"/invite/{token}", data={"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert invitation.accepted_at is None and services.find_user_by_email("w@test.example") is None
    assert _accept(client, f"/invite/{token}").status_code == 302


def test_invite_and_acceptance_are_audited():
    """Are the invitation and its acceptance written to the audit log?"""
    lead = make_user(Role.COMPANY_LEAD)
    invitation, _token = invitations.invite(
        lead, email="a@test.example", name="A", role=Role.TRAINER, company_id=None, remote_addr="192.0.2.7"
    )
    user = invitations.accept_invitation(invitation, GOOD_PASSWORD)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    invite_event = next(e for e in events if e.action == "invite")
    assert invite_event.actor_id == lead.id and invite_event.company_id == lead.company_id
    assert invite_event.details == {"email": "a@test.example", "role": "trainer"}
    assert invite_event.remote_addr == "192.0.2.7"
    assert any(e.action == "invitation_accepted" and e.target_user_id == user.id for e in events)
    assert db.session.get(User, user.id).role is Role.TRAINER

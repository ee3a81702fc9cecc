"""Reflections and transfer reports are private: only the owner reads them, anywhere."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import Role
from lms.learning import services
from lms.xapi.models import Statement
from tests.factories import make_user
from tests.learning.conftest import SLUG
from tests.learning.helpers import at

SECRET = "Geheimnis-4711: Mein Azubi kommt ständig zu spät"
REPORT = "Bericht-0815: Der Lernauftrag hat gut geklappt"


def _write_private_texts(trainer, module) -> None:
    services.save_reflection(trainer, module, "eigene-werkstatt", SECRET, at(2))
    services.commit_transfer(trainer, module, at(2).date(), "Vorhaben-1234 mit der Rohrzange", at(2))
    services.report_transfer(trainer, module, REPORT, at(3))


def _pages(person) -> list[str]:
    pages = [
        "/",
        "/learn/",
        "/learn/mine",
        "/learn/portfolio",
        "/learn/portfolio/export",
        f"/learn/{SLUG}/",
        f"/learn/{SLUG}/reflection",
        f"/learn/{SLUG}/transfer",
        "/learn/company",
        "/company/",
        "/admin/",
        "/orgs/companies",
        "/notifications/",
        "/stats/",
    ]
    if person.role is Role.ADMIN:
        pages.append(f"/admin/people/{person.id}")
    return pages


def test_owner_reads_own_reflection_in_portfolio_and_export(module, trainer, login_as):
    """Does the owner see and export the texts in 'Mein Lernportfolio'?"""
    _write_private_texts(trainer, module)
    client = login_as(trainer)
    assert SECRET in client.get("/learn/portfolio").get_data(as_text=True)
    assert SECRET in client.get(f"/learn/{SLUG}/reflection").get_data(as_text=True)
    export = client.get("/learn/portfolio/export")
    assert export.mimetype == "text/markdown" and "attachment" in export.headers["Content-Disposition"]
    body = export.get_data(as_text=True)
    assert SECRET in body and REPORT in body and module.title in body


def test_no_other_role_can_read_reflections_through_any_page(module, trainer, company, login_as, client):
    """Can a colleague, the company lead, the cluster agent or an admin read the texts anywhere? (No.)"""
    _write_private_texts(trainer, module)
    others = [
        make_user(Role.TRAINER, company, name="Kollegin Kurz"),
        make_user(Role.COMPANY_LEAD, company, name="Chefin Lang"),
        make_user(
            Role.APPRENTICE,
            company,
            name="Azubi Jung",
            apprentice={
                "occupation_code": "anlagenmechaniker_shk_2016",
                "training_start": at(1).date(),
                "training_end": at(1).date().replace(year=2029),
            },
        ),
        make_user(Role.CLUSTER_AGENT, name="Agentin Weit"),
        make_user(Role.ADMIN, name="Admin Streng"),
    ]
    for person in others:
        login_as(person)
        for path in [*_pages(person), f"/admin/people/{trainer.id}"]:
            body = client.get(path).get_data(as_text=True)
            assert SECRET not in body and REPORT not in body, (person.role, path)
        client.post("/logout")


def test_private_texts_never_enter_statements(module, trainer):
    """Do statements (forwarded to the external LRS) carry only the fact, never the texts?"""
    _write_private_texts(trainer, module)
    enrolment = services.enrolment_of(trainer, SLUG)
    rows = list(services.db.session.scalars(select(Statement).where(Statement.registration == enrolment.registration)))
    verbs = [r.verb_id.rsplit("/", 1)[-1] for r in rows]
    assert {"reflected", "committed", "reported"} <= set(verbs)
    for row in rows:
        assert "Geheimnis-4711" not in row.full_json and "Bericht-0815" not in row.full_json
        assert "Vorhaben-1234" not in row.full_json


def test_reflection_is_editable(module, trainer, login_as):
    """Can the owner edit a saved reflection (the latest text wins)?"""
    client = login_as(trainer)
    client.post(f"/learn/{SLUG}/reflection/eigene-werkstatt", data={"text": "erste Fassung"})
    client.post(f"/learn/{SLUG}/reflection/eigene-werkstatt", data={"text": "zweite Fassung"})
    texts = [r.text for r in services.own_reflections(trainer, SLUG)]
    assert texts == ["zweite Fassung"]
    bad = client.post(f"/learn/{SLUG}/reflection/gibt-es-nicht", data={"text": "x"})
    assert bad.status_code == 404

"""The company lead sees which of their trainers completed which modules (and nothing private)."""

from __future__ import annotations

from lms.auth.models import Role
from tests.factories import make_company, make_user
from tests.learning.helpers import complete, see_all_units


def test_lead_sees_completions_of_own_trainers_only(module, trainer, company, login_as):
    """Does the lead see own trainers' completion dates, and no trainer of another company?"""
    complete(trainer, module)
    starter = make_user(Role.TRAINER, company, name="Bernd Anfang")
    see_all_units(starter, module)
    outsider = make_user(Role.TRAINER, make_company("Fremdfirma"), name="Fremde Trainerin")
    complete(outsider, module)
    lead = make_user(Role.COMPANY_LEAD, company)
    client = login_as(lead)
    page = client.get("/learn/company").get_data(as_text=True)
    assert trainer.name in page and "abgeschlossen am" in page
    assert "Bernd Anfang" in page and "begonnen" in page
    assert "Fremde Trainerin" not in page
    assert "/learn/company" in client.get("/company/").get_data(as_text=True)


def test_only_company_leads_open_the_overview(module, trainer, login_as):
    """Is the overview closed to trainers (403)?"""
    assert login_as(trainer).get("/learn/company").status_code == 403

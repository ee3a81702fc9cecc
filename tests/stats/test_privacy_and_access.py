"""Who may see the statistics, and small groups suppressed at the threshold."""

from __future__ import annotations

import pytest

from lms.auth.models import Role
from lms.stats import privacy
from lms.stats.dashboard import build_dashboard
from tests.factories import make_apprentice, make_company, make_user
from tests.stats.helpers import page_tables


def test_threshold_four_is_suppressed_five_is_shown(cluster):
    """Does a company with 4 apprentices get suppressed figures, and one with 5 get numbers?"""
    table = build_dashboard(cluster.filter, 5).table("companies")
    rows = {row[0].value: row for row in table.rows}
    a_apprentices = rows[cluster.a.name][table.column_index("apprentices")]
    b_apprentices = rows[cluster.b.name][table.column_index("apprentices")]
    assert not a_apprentices.suppressed and a_apprentices.value == 5
    assert b_apprentices.suppressed and b_apprentices.value is None
    assert "5" in b_apprentices.reason


def test_threshold_is_configurable(app, cluster):
    """With PRIVACY_THRESHOLD 4, company B's four apprentices are shown on the page."""
    old = app.config["PRIVACY_THRESHOLD"]
    app.config["PRIVACY_THRESHOLD"] = 4
    try:
        assert privacy.threshold() == 4
        table = build_dashboard(cluster.filter, privacy.threshold()).table("companies")
        row = next(r for r in table.rows if r[0].value == cluster.b.name)
        assert row[table.column_index("apprentices")].value == 4
    finally:
        app.config["PRIVACY_THRESHOLD"] = old


def test_guard_rules():
    """0 people is shown, 1–4 hidden, 5 shown; a lone hidden distribution cell hides a second one."""
    assert privacy.guard_count(0, 5).value == 0
    assert privacy.guard_count(4, 5).suppressed
    assert privacy.guard_count(5, 5).value == 5
    cells = privacy.guard_distribution([10, 3, 0, 7], 5)
    assert [c.suppressed for c in cells] == [False, True, False, True]
    assert [c.suppressed for c in privacy.guard_distribution([2, 3, 9], 5)] == [True, True, False]


def test_page_shows_suppression_notice(client, login_as, cluster):
    """Does the page say that a figure is suppressed, instead of showing a number?"""
    agent = make_user(Role.CLUSTER_AGENT)
    login_as(agent)
    html = client.get("/stats/").get_data(as_text=True)
    companies = page_tables(html)["companies"]
    row_b = next(r for r in companies if r[0] == cluster.b.name)
    assert row_b[3].startswith("unterdrückt (weniger als 5 Personen)")


def test_cluster_agent_sees_all_companies(client, login_as, cluster):
    """The cluster agent sees every company's row and may filter by one."""
    login_as(make_user(Role.CLUSTER_AGENT))
    tables = page_tables(client.get("/stats/").get_data(as_text=True))
    names = [r[0] for r in tables["companies"][1:]]
    assert cluster.a.name in names and cluster.b.name in names
    tables = page_tables(client.get(f"/stats/?company={cluster.b.id}").get_data(as_text=True))
    assert [r[0] for r in tables["companies"][1:]] == [cluster.b.name]


def test_company_lead_sees_only_own_company(client, login_as, cluster):
    """A company lead is forced to their own company, whatever the query string asks for."""
    login_as(cluster.lead_a)
    response = client.get(f"/stats/?company={cluster.b.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert [r[0] for r in page_tables(html)["companies"][1:]] == [cluster.a.name]
    assert cluster.b.name not in html
    xlsx = client.get(f"/stats/export.xlsx?company={cluster.b.id}")
    assert xlsx.status_code == 200


@pytest.mark.parametrize("role", [Role.TRAINER, Role.APPRENTICE, Role.ADMIN])
def test_others_are_refused(client, login_as, role):
    """Trainers, apprentices and administrators get 403 on the page and every export."""
    company = make_company()
    if role is Role.APPRENTICE:
        user = make_apprentice(company)
    else:
        user = make_user(role, company if role.belongs_to_company else None)
    login_as(user)
    for url in ("/stats/", "/stats/export.xlsx", "/stats/export.csv", "/stats/tables/modules.csv"):
        assert client.get(url).status_code == 403, url


def test_anonymous_goes_to_login(client):
    """Without a session the dashboard and exports redirect to the login page."""
    for url in ("/stats/", "/stats/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_bad_period_is_400_with_form(client, login_as):
    """An end before the start answers 400 and shows the form with the message."""
    login_as(make_user(Role.CLUSTER_AGENT))
    response = client.get("/stats/?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 400
    assert "Das Ende des Zeitraums liegt vor dem Anfang." in response.get_data(as_text=True)
    assert client.get("/stats/export.xlsx?start=2026-05-01&end=2026-01-01").status_code == 400


def test_no_private_texts_on_page(client, login_as, cluster):
    """Task step texts written by apprentices never appear on the dashboard."""
    login_as(make_user(Role.CLUSTER_AGENT))
    html = client.get("/stats/").get_data(as_text=True)
    assert "erledigt" not in html and "fertig" not in html

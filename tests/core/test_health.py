"""The health check and the start page routing."""

from lms.auth.models import Role
from tests.factories import make_user


def test_healthz_reports_database_ok(client):
    """Does /healthz answer JSON with the database status?"""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"


def test_each_role_lands_on_its_start_page(client, login_as):
    """Does every role get a start page of its own after login?"""
    headings = {
        Role.APPRENTICE: "Hallo",
        Role.TRAINER: "Guten Tag",
        Role.CLUSTER_AGENT: "Cluster-Überblick",
        Role.ADMIN: "Administration",
    }
    for role, heading in headings.items():
        user = make_user(role)
        login_as(user)
        page = client.get("/").get_data(as_text=True)
        assert heading in page
        client.post("/logout")

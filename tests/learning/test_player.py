"""The player over HTTP: catalogue, module page, unit pages, self-checks without JavaScript, resume."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.auth.models import Role
from lms.learning import services
from lms.learning.models import UnitProgress
from lms.xapi.models import Statement
from tests.factories import make_user
from tests.learning.conftest import SLUG


def test_catalogue_lists_module_with_duration_and_status(module, trainer, login_as):
    """Does /learn/ show the module, its duration and the person's status, filterable by theme?"""
    client = login_as(trainer)
    page = client.get("/learn/?theme=digitalisierung&audience=trainer").get_data(as_text=True)
    assert module.title in page and "45 Minuten" in page and "Noch nicht begonnen" in page
    other = client.get("/learn/?theme=qualitaetsverantwortung").get_data(as_text=True)
    assert module.title not in other
    apprentices_only = client.get("/learn/?audience=apprentice").get_data(as_text=True)
    assert module.title not in apprentices_only


def test_cluster_agent_and_admin_cannot_use_the_player(module, login_as):
    """Is the player closed (403) to roles that do not learn here?"""
    for role in (Role.CLUSTER_AGENT, Role.ADMIN):
        client = login_as(make_user(role))
        assert client.get("/learn/").status_code == 403
        client.post("/logout")


def test_module_page_shows_goals_units_and_start(module, trainer, login_as):
    """Does the module page show goals and units, and starting it record 'initialized'?"""
    client = login_as(trainer)
    page = client.get(f"/learn/{SLUG}/").get_data(as_text=True)
    assert "eine Werkzeugausgabe mit Ausgabeliste planen" in page and "Die Liste führen" in page
    response = client.post(f"/learn/{SLUG}/start")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/learn/{SLUG}/u/ausgabe-planen")
    enrolment = services.enrolment_of(trainer, SLUG)
    query = select(Statement.verb_id).where(Statement.registration == enrolment.registration)
    verbs = list(services.db.session.scalars(query))
    assert [v.rsplit("/", 1)[-1] for v in verbs] == ["initialized"]


def test_unit_page_renders_markdown_image_and_navigation(module, trainer, login_as):
    """Does a unit render its Markdown (sanitised), its image through the module route, and previous/next?"""
    client = login_as(trainer)
    page = client.get(f"/learn/{SLUG}/u/liste-fuehren").get_data(as_text=True)
    assert "<table>" in page and 'rel="prev"' in page and 'rel="next"' in page
    first = client.get(f"/learn/{SLUG}/u/ausgabe-planen").get_data(as_text=True)
    assert f'src="/learn/{SLUG}/files/images/koffer.svg"' in first
    assert 'alt="Werkzeugkoffer mit nummerierten Fächern"' in first
    assert client.get(f"/learn/{SLUG}/files/images/koffer.svg").status_code == 200
    assert client.get(f"/learn/{SLUG}/u/gibt-es-nicht").status_code == 404


def test_files_route_serves_only_module_media(module, trainer, login_as):
    """Are files outside the module's images/ and media/ folders refused?"""
    client = login_as(trainer)
    for path in (
        "module.yaml",
        "images/../module.yaml",
        "images/%2e%2e/module.yaml",
        "../../conftest.py",
        "images/fehlt.svg",
    ):
        assert client.get(f"/learn/{SLUG}/files/{path}").status_code == 404, path


def test_self_check_feedback_without_javascript(module, trainer, login_as):
    """Does posting a self-check answer re-render the page with the option's explanation?"""
    client = login_as(trainer)
    response = client.post(f"/learn/{SLUG}/u/ausgabe-planen/check/ap-1", data={"answer": "b"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Noch nicht ganz." in page and "Mit Strom hat die Ausgabe nichts zu tun." in page
    right = client.post(f"/learn/{SLUG}/u/ausgabe-planen/check/ap-1", data={"answer": "a"}).get_data(as_text=True)
    assert "Richtig!" in right
    empty = client.post(f"/learn/{SLUG}/u/ausgabe-planen/check/ap-1", data={})
    assert empty.status_code == 400 and "Bitte wählen Sie mindestens eine Antwort." in empty.get_data(as_text=True)
    assert client.post(f"/learn/{SLUG}/u/ausgabe-planen/check/lf-1", data={"answer": "a"}).status_code == 404


def test_self_check_statement_has_response_success_and_parent(module, trainer):
    """Is a self-check answer an 'answered' statement with response, success and the unit as parent?"""
    import json

    unit = services.find_unit(module, "liste-fuehren")
    services.answer_check(trainer, module, unit, "lf-1", ["b", "a"])
    enrolment = services.enrolment_of(trainer, SLUG)
    rows = services.db.session.scalars(select(Statement).where(Statement.registration == enrolment.registration))
    answered = [json.loads(r.full_json) for r in rows if r.verb_id.endswith("/answered")]
    assert len(answered) == 1
    statement = answered[0]
    assert statement["result"] == {"response": "a[,]b", "success": True}
    assert statement["context"]["registration"] == str(enrolment.registration)
    assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/unit/{SLUG}/liste-fuehren")
    assert statement["context"]["contextActivities"]["grouping"][0]["id"].endswith(f"/module/{SLUG}")
    assert "account" in statement["actor"] and "mbox" not in statement["actor"]


def test_mark_seen_and_resume(module, trainer, login_as):
    """Does marking units as seen move on, and the module page resume at the first unseen unit?"""
    client = login_as(trainer)
    response = client.post(f"/learn/{SLUG}/u/ausgabe-planen/seen")
    assert response.headers["Location"].endswith(f"/learn/{SLUG}/u/liste-fuehren")
    enrolment = services.enrolment_of(trainer, SLUG)
    seen = services.db.session.scalars(select(UnitProgress.unit_key).where(UnitProgress.enrolment_id == enrolment.id))
    assert list(seen) == ["ausgabe-planen"]
    page = client.get(f"/learn/{SLUG}/").get_data(as_text=True)
    assert f'href="/learn/{SLUG}/u/liste-fuehren">Weiterlernen' in page.replace("\n", "").replace("  ", "")
    assert services.progress(module, enrolment).resume_key == "liste-fuehren"
    client.post(f"/learn/{SLUG}/u/rueckgabe-pruefen/seen")
    assert services.progress(module, enrolment).resume_key == "liste-fuehren"
    last = client.post(f"/learn/{SLUG}/u/liste-fuehren/seen")
    assert last.status_code == 302
    assert services.progress(module, enrolment).resume_key == "liste-fuehren"  # all seen: the last one visited
    mine = client.get("/learn/mine").get_data(as_text=True)
    assert module.title in mine and "In Bearbeitung" in mine


def test_takeaway_renders_checkboxes(module, trainer, login_as):
    """Is the take-away printable with ☐ boxes for the checklist items?"""
    page = login_as(trainer).get(f"/learn/{SLUG}/takeaway").get_data(as_text=True)
    assert "<h1>Checkliste: Werkzeugausgabe</h1>" in page and page.count("☐") == 3


def test_viewing_a_unit_writes_nothing(module, trainer, login_as):
    """Does a GET of a unit page (even repeated) leave statements and progress untouched?"""
    client = login_as(trainer)
    before = services.db.session.scalar(select(func.count()).select_from(Statement))
    for _ in range(2):
        assert client.get(f"/learn/{SLUG}/u/liste-fuehren").status_code == 200
    assert services.db.session.scalar(select(func.count()).select_from(Statement)) == before
    assert services.enrolment_of(trainer, SLUG) is None


def test_answer_order_per_person_and_true_false_in_natural_order(module, company, login_as, app):
    """Is each person's option order stable across views, and does true/false always read 'Wahr', 'Falsch'?"""
    orders = set()
    for n in range(6):
        person = make_user(Role.APPRENTICE, company)
        client = app.test_client()
        client.post("/login", data={"email": person.email, "password": "Lausitz-Test-2026!"})
        first = client.get(f"/learn/{SLUG}/u/ausgabe-planen").get_data(as_text=True)
        again = client.get(f"/learn/{SLUG}/u/ausgabe-planen").get_data(as_text=True)
        order = re.findall(r'id="check-ap-1-(\w+)"', first)
        assert order == re.findall(r'id="check-ap-1-(\w+)"', again) and sorted(order) == ["a", "b", "c"]
        orders.add(tuple(order))
        truefalse = client.get(f"/learn/{SLUG}/u/rueckgabe-pruefen").get_data(as_text=True)
        assert re.findall(r'id="check-rp-1-(\w+)"', truefalse) == ["wahr", "falsch"], n
    assert len(orders) > 1, "the order should differ between people"

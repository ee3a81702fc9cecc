"""Plan pages through HTTP: one-tap self-assessment, trainer assessment, goals, notes, library, company plan."""

from __future__ import annotations

from sqlalchemy import select

from lms.auth.models import Role
from lms.db import db
from lms.plans import services
from lms.plans.models import CompanyTrainingPlan, ItemProgress, LearningGoal, PlanNote
from lms.plans.task_models import Task, TaskState, TaskTemplate
from lms.xapi.models import Statement
from tests.factories import make_user
from tests.plans.helpers import setup_company


def _first_item(apprentice):
    return services.positions_for(apprentice.apprentice_profile)[0].items[0]


def test_self_assessment_one_tap(app, client, login_as):
    """Does one POST of a level button store the self-assessment (statement + projection) and redirect back?"""
    _c, _t, apprentice, _l = setup_company()
    item = _first_item(apprentice)
    login_as(apprentice)
    page = client.get(f"/plan/a/{apprentice.id}/").get_data(as_text=True)
    assert 'name="level" value="4"' in page and "sicher, kann es erklären" in page
    response = client.post(f"/plan/a/{apprentice.id}/items/{item.id}/assess", data={"level": "3"})
    assert response.status_code == 302 and f"open={item.position_id}" in response.headers["Location"]
    assert db.session.get(ItemProgress, (apprentice.id, item.id)).self_level == 3
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="3" class="level level-3" aria-pressed="true"' in page
    json_response = client.post(
        f"/plan/a/{apprentice.id}/items/{item.id}/assess", data={"level": "4"}, headers={"Accept": "application/json"}
    )
    assert json_response.get_json() == {"ok": True, "level": 4}
    assert client.post(f"/plan/a/{apprentice.id}/items/{item.id}/assess", data={"level": "9"}).status_code == 400
    assert db.session.get(ItemProgress, (apprentice.id, item.id)).self_level == 4


def test_trainer_assessment_with_date(app, client, login_as):
    """Does a trainer's tap store the trainer level with date, leaving the self level alone?"""
    _c, trainer, apprentice, _l = setup_company()
    item = _first_item(apprentice)
    services.self_assess(apprentice, item, 2)
    login_as(trainer)
    assert client.post(f"/plan/a/{apprentice.id}/items/{item.id}/assess", data={"level": "3"}).status_code == 302
    row = db.session.get(ItemProgress, (apprentice.id, item.id))
    assert (row.self_level, row.trainer_level, row.trainer_id) == (2, 3, trainer.id) and row.trainer_at is not None


def test_item_of_another_occupation_is_404(app, client, login_as):
    """Can an apprentice assess an item that is not in their own plan? (404)"""
    _c, _t, apprentice, _l = setup_company()
    _c2, _t2, mech, _l2 = setup_company("mechatroniker_2018")
    login_as(apprentice)
    foreign_item = _first_item(mech)
    assert (
        client.post(f"/plan/a/{apprentice.id}/items/{foreign_item.id}/assess", data={"level": "2"}).status_code == 404
    )


def test_goals_and_notes(app, client, login_as):
    """Can the apprentice add a learning goal linked to items and a note as evidence?"""
    _c, _t, apprentice, _l = setup_company()
    item = _first_item(apprentice)
    login_as(apprentice)
    assert client.post(f"/plan/a/{apprentice.id}/goals", data={"what": ""}).status_code == 400
    data = {"what": "Pressfittings sicher verpressen", "due_on": "2026-12-31", "how": "mit Mario üben",
            "evidence": "Prüfprotokoll", "item_ids": [str(item.id)]}  # fmt: skip
    assert client.post(f"/plan/a/{apprentice.id}/goals", data=data).status_code == 302
    goal = db.session.scalar(select(LearningGoal).where(LearningGoal.apprentice_id == apprentice.id))
    assert goal.item_ids == [item.id] and str(goal.due_on) == "2026-12-31"
    assert "Pressfittings" in client.get(f"/plan/a/{apprentice.id}/goals").get_data(as_text=True)
    note_url = f"/plan/a/{apprentice.id}/items/{item.id}/notes"
    assert client.post(note_url, data={"text": "Auf der Baustelle <script>x</script> gezeigt"}).status_code == 302
    page = client.get(f"/plan/a/{apprentice.id}/positions/{item.position_id}").get_data(as_text=True)
    assert "gezeigt" in page and "<script>x" not in page
    assert db.session.scalar(select(PlanNote).where(PlanNote.apprentice_id == apprentice.id)) is not None


def test_write_task_assign_and_share(app, client, login_as):
    """Can a trainer write a task, assign it to two apprentices and share it with the cluster?"""
    company, trainer, apprentice, _l = setup_company()
    second = make_user(Role.APPRENTICE, company, apprentice={"occupation_code": "anlagenmechaniker_shk_2016",
                       "training_start": apprentice.apprentice_profile.training_start,
                       "training_end": apprentice.apprentice_profile.training_end})  # fmt: skip
    item = _first_item(apprentice)
    login_as(trainer)
    data = {"occupation": "anlagenmechaniker_shk_2016", "title": "Heizkörper tauschen", "situation": "Alter Heizkörper",
            "assignment": "**Tauschen** und entlüften", "safety_notes": "Anlage drucklos machen",
            "estimated_hours": "5", "item_ids": [str(item.id)], "apprentice_ids": [str(apprentice.id), str(second.id)],
            "due_on": "2026-12-15"}  # fmt: skip
    response = client.post("/plan/library/new", data=data)
    assert response.status_code == 302
    template = db.session.scalar(select(TaskTemplate).where(TaskTemplate.title == "Heizkörper tauschen"))
    assert template.company_id == company.id and not template.is_published
    created = list(db.session.scalars(select(Task).where(Task.template_id == template.id)))
    assert {t.apprentice_id for t in created} == {apprentice.id, second.id}
    assert all(db.session.get(TaskState, t.id).state == "assigned" for t in created)
    page = client.get(f"/plan/tasks/{created[0].id}").get_data(as_text=True)
    assert "<strong>Tauschen</strong>" in page and "Anlage drucklos machen" in page
    assert client.post("/plan/library/new", data={**data, "title": ""}).status_code == 400
    _c2, foreign_trainer, foreign_apprentice, _l2 = setup_company()
    client.post("/logout")
    login_as(foreign_trainer)
    assert client.get(f"/plan/library/{template.id}").status_code == 404
    client.post("/logout")
    login_as(trainer)
    assert client.post(f"/plan/library/{template.id}/publish", data={"published": "1"}).status_code == 302
    client.post("/logout")
    login_as(foreign_trainer)
    assert client.get(f"/plan/library/{template.id}").status_code == 200
    assign_url = f"/plan/library/{template.id}/assign"
    assert client.post(assign_url, data={"apprentice_ids": [str(apprentice.id)]}).status_code == 400  # not theirs
    assert client.post(assign_url, data={"apprentice_ids": [str(foreign_apprentice.id)]}).status_code == 302
    assert len(list(db.session.scalars(select(Task).where(Task.template_id == template.id)))) == 3


def test_company_plan_generate_and_edit(app, client, login_as):
    """Can a trainer generate the default company plan and edit a line (site, weeks, trainer), with 400 on bad input?"""
    company, trainer, _a, _l = setup_company()
    login_as(trainer)
    page = client.get("/plan/company-plan/?occupation=anlagenmechaniker_shk_2016&specialism=").get_data(as_text=True)
    assert "Plan aus Richtwerten anlegen" in page
    client.post("/plan/company-plan/generate", data={"occupation": "anlagenmechaniker_shk_2016", "specialism": ""})
    plan = db.session.scalar(select(CompanyTrainingPlan).where(CompanyTrainingPlan.company_id == company.id))
    entry = plan.entries[0]
    ok = {"period_code": "m1_18", "weeks": "3,5", "site": "verbundpartner", "partner_name": "Bäder Krause",
          "trainer_id": str(trainer.id)}  # fmt: skip
    assert client.post(f"/plan/company-plan/entries/{entry.id}", data=ok).status_code == 302
    db.session.refresh(entry)
    assert (entry.weeks, entry.site.value, entry.partner_name, entry.trainer_id) == (
        3.5,
        "verbundpartner",
        "Bäder Krause",
        trainer.id,
    )
    assert client.post(f"/plan/company-plan/entries/{entry.id}", data={**ok, "site": "mond"}).status_code == 400
    assert client.post(f"/plan/company-plan/entries/{entry.id}", data={**ok, "period_code": "y9"}).status_code == 400
    db.session.refresh(entry)
    assert entry.site.value == "verbundpartner"


def test_admin_framework_plans_page(app, client, login_as):
    """Does the admin view show ordinance, year, provenance and the Dachdecker weeks warning (cluster agent: 403)?"""
    login_as(make_user(Role.ADMIN))
    page = client.get("/admin/framework-plans/").get_data(as_text=True)
    assert "DachAusbV" in page and "2016" in page and "[S4]" in page and "Warnung zu den Wochenwerten" in page
    assert client.get("/admin/framework-plans/dachdecker_2016").status_code == 200
    assert client.get("/admin/framework-plans/unknown").status_code == 404
    client.post("/logout")
    login_as(make_user(Role.CLUSTER_AGENT))
    assert client.get("/admin/framework-plans/").status_code == 403


def test_profile_page_shows_duration_and_exams(app, client, login_as):
    """Does the profile page show occupation, duration (shortened) and exam names per occupation?"""
    import datetime as dt

    _c, _t, apprentice, _l = setup_company("dachdecker_2016", "Reetdachtechnik")
    profile = apprentice.apprentice_profile
    profile.training_end = dt.date(profile.training_start.year + 2, profile.training_start.month, 1)
    profile.exam_part1_date = dt.date(2027, 4, 1)
    db.session.flush()
    login_as(apprentice)
    page = client.get(f"/plan/a/{apprentice.id}/profile").get_data(as_text=True)
    assert "Zwischenprüfung" in page and "Gesellenprüfung" in page and "verkürzt" in page and "Reetdachtechnik" in page


def test_demo_step_creates_tasks_in_different_states(app):
    """Does the demo step give the demo apprentice a company plan, self-assessments and tasks in three states?"""
    from lms.demo import demo_user, seed_people
    from lms.plans.cli import seed_demo_plan

    seed_people()
    seed_demo_plan()
    seed_demo_plan()  # idempotent
    azubi = demo_user("azubi@demo.example")
    states = sorted(s.state for s in db.session.scalars(
        select(TaskState).join(Task, Task.id == TaskState.task_id).where(Task.apprentice_id == azubi.id)))  # fmt: skip
    assert states == ["done", "in_review", "planen"]
    assert db.session.scalar(select(CompanyTrainingPlan).where(CompanyTrainingPlan.company_id == azubi.company_id))
    assert db.session.scalar(select(Statement.id).limit(1)) is not None


def test_trainer_sets_specialism_and_exam_dates(app, client, login_as):
    """Can the trainer set Schwerpunkt and exam dates (the plan follows the Schwerpunkt), with 400 on bad input?"""
    _c, trainer, apprentice, _l = setup_company("dachdecker_2016")
    start = apprentice.apprentice_profile.training_start
    login_as(trainer)
    data = {"specialism": "Reetdachtechnik", "training_end": f"{start.year + 3}-07-31",
            "exam_part1_date": f"{start.year + 1}-11-15", "exam_part2_date": ""}  # fmt: skip
    assert client.post(f"/plan/a/{apprentice.id}/profile", data=data).status_code == 302
    assert apprentice.apprentice_profile.specialism == "Reetdachtechnik"
    numbers = [p.number for p in services.positions_for(apprentice.apprentice_profile)]
    assert "F1" in numbers and "B1" not in numbers
    bad = {**data, "specialism": "Heizungstechnik"}
    assert client.post(f"/plan/a/{apprentice.id}/profile", data=bad).status_code == 400
    assert apprentice.apprentice_profile.specialism == "Reetdachtechnik"
    client.post("/logout")
    login_as(apprentice)
    assert client.post(f"/plan/a/{apprentice.id}/profile", data=data).status_code == 403

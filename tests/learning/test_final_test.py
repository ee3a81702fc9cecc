"""The final test: drawn per attempt, pass mark, repeatable, wrong answers explained without an answer key."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from lms.learning import final_test, services
from lms.learning.grading import correct_ids
from lms.xapi.models import Statement
from tests.learning.conftest import SLUG
from tests.learning.helpers import at, right_answers, wrong_answers


def test_attempt_stores_the_drawn_question_ids(module, trainer):
    """Does an attempt draw 'draw' distinct questions from the bank and store their ids?"""
    attempt = final_test.start(trainer, module, at(3))
    assert len(attempt.question_keys) == 3 == len(set(attempt.question_keys))
    assert set(attempt.question_keys) <= set(final_test.bank(module))
    assert final_test.start(trainer, module, at(3, 1)).number == attempt.number  # the open attempt continues


def test_passing_and_failing_statements_carry_scaled_score(module, trainer):
    """Are 'failed' and 'passed' recorded with a scaled score, and the test repeatable?"""
    first = final_test.start(trainer, module, at(3))
    failed = final_test.submit(trainer, module, first.number, wrong_answers(module, first.question_keys), at(3, 2))
    assert failed.passed is False and failed.score == 0.0
    second = final_test.start(trainer, module, at(4))
    assert second.number == 2
    keys = second.question_keys
    answers = {**right_answers(module, keys[:2]), **wrong_answers(module, keys[2:])}
    assert final_test.submit(trainer, module, 2, answers, at(4, 2)).passed is False  # 2 of 3 = 66 % < 70 %
    third = final_test.start(trainer, module, at(5))
    done = final_test.submit(trainer, module, third.number, right_answers(module, third.question_keys), at(5, 2))
    assert done.passed is True and done.score == 1.0
    enrolment = services.enrolment_of(trainer, SLUG)
    assert enrolment.test_passed_at == at(5, 2) and enrolment.best_score == 1.0
    rows = services.db.session.scalars(select(Statement).where(Statement.registration == enrolment.registration))
    results = [json.loads(r.full_json) for r in rows if r.verb_id.rsplit("/", 1)[-1] in {"passed", "failed"}]
    assert [r["result"]["score"]["scaled"] for r in results] == [0.0, 0.6667, 1.0]
    assert [r["result"]["success"] for r in results] == [False, False, True]


def test_submitting_twice_is_refused(module, trainer):
    """Is a handed-in attempt closed (409), changing nothing?"""
    attempt = final_test.start(trainer, module, at(3))
    final_test.submit(trainer, module, attempt.number, {}, at(3, 1))
    with pytest.raises(services.LearningError) as error:
        final_test.submit(trainer, module, attempt.number, right_answers(module, attempt.question_keys), at(3, 2))
    assert error.value.status == 409
    assert services.enrolment_of(trainer, SLUG).test_passed_at is None


def test_result_page_explains_wrong_answers_without_answer_key(module, trainer, login_as):
    """Does the result page show which answers were wrong and why, but not the correct option texts?"""
    client = login_as(trainer)
    client.post(f"/learn/{SLUG}/test/start")
    attempt = final_test.open_attempt(services.enrolment_of(trainer, SLUG))
    form_page = client.get(f"/learn/{SLUG}/test/{attempt.number}").get_data(as_text=True)
    bank = final_test.bank(module)
    for key in attempt.question_keys:
        assert bank[key].text in form_page
        assert not any(o["feedback"] in form_page for o in bank[key].options)  # no explanations before handing in
    wrong = wrong_answers(module, attempt.question_keys)
    data = {f"q-{key}": ids for key, ids in wrong.items()}
    response = client.post(f"/learn/{SLUG}/test/{attempt.number}", data=data)
    assert response.status_code == 302
    page = client.get(f"/learn/{SLUG}/test/{attempt.number}").get_data(as_text=True)
    assert "0 von 3 richtig" in page and "Nicht bestanden" in page
    for key in attempt.question_keys:
        options = {o["id"]: o for o in bank[key].options}
        chosen = options[wrong[key][0]]
        assert chosen["feedback"] in page  # why the chosen answer is wrong
        for right_id in correct_ids(bank[key].options):
            assert options[right_id]["feedback"] not in page  # no explanation of the right option


def test_foreign_or_unknown_attempts_are_404(module, trainer, login_as):
    """Is another person's attempt number, or an unknown one, answered with 404?"""
    from tests.factories import make_user

    other = make_user(name="Andere Person")
    final_test.start(other, module, at(3))
    client = login_as(trainer)
    assert client.get(f"/learn/{SLUG}/test/1").status_code == 404
    assert client.post(f"/learn/{SLUG}/test/1", data={}).status_code == 404

"""The final test pages: start an attempt, answer, see the result with explanations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.policy import role_required
from lms.db import db
from lms.learning import final_test, services
from lms.learning.blueprint import LEARNERS, bp, module_or_404


@bp.get("/<slug>/test")
@role_required(*LEARNERS)
def test(slug: str):
    """The test overview: settings, earlier attempts, start or continue."""
    module = module_or_404(slug)
    if not final_test.bank(module):
        abort(404)
    enrolment = services.enrolment_of(current_user, slug)
    draw, pass_percent = final_test.settings(module)
    return render_template(
        "learning/test.html",
        module=module,
        attempts=final_test.attempts(enrolment),
        current=final_test.open_attempt(enrolment),
        draw=draw,
        pass_percent=pass_percent,
        enrolment=enrolment,
    )


@bp.post("/<slug>/test/start")
@role_required(*LEARNERS)
def start_test(slug: str):
    """Draw the questions of a new attempt (or continue the open one)."""
    module = module_or_404(slug)
    try:
        attempt = final_test.start(current_user, module)
    except services.LearningError:
        abort(404)
    db.session.commit()
    return redirect(url_for("learning.attempt", slug=slug, number=attempt.number))


def _attempt_or_404(module, number: int):
    enrolment = services.enrolment_of(current_user, module.slug)
    attempt = next((a for a in final_test.attempts(enrolment) if a.number == number), None)
    if attempt is None:
        abort(404)
    return attempt


@bp.get("/<slug>/test/<int:number>")
@role_required(*LEARNERS)
def attempt(slug: str, number: int):
    """An open attempt shows its questions; a finished one its result."""
    module = module_or_404(slug)
    attempt = _attempt_or_404(module, number)
    _draw, pass_percent = final_test.settings(module)
    if attempt.finished_at is None:
        bank = final_test.bank(module)
        questions = [bank[k] for k in attempt.question_keys if k in bank]
        return render_template("learning/test_form.html", module=module, attempt=attempt, questions=questions)
    return render_template(
        "learning/test_result.html",
        module=module,
        attempt=attempt,
        pass_percent=pass_percent,
        items=final_test.review(module, attempt),
        enrolment=services.enrolment_of(current_user, slug),
    )


@bp.post("/<slug>/test/<int:number>")
@role_required(*LEARNERS)
def submit_test(slug: str, number: int):
    """Hand in the attempt: graded, recorded, and the module completed when the rule is met."""
    module = module_or_404(slug)
    attempt = _attempt_or_404(module, number)
    answers = {key: request.form.getlist(f"q-{key}") for key in attempt.question_keys}
    try:
        done = final_test.submit(current_user, module, number, answers)
    except services.LearningError as error:
        flash(str(error), "error")
        return redirect(url_for("learning.attempt", slug=slug, number=number)), 303
    db.session.commit()
    flash(
        _("Bestanden!") if done.passed else _("Leider nicht bestanden. Sie können den Test wiederholen."),
        "success" if done.passed else "info",
    )
    return redirect(url_for("learning.attempt", slug=slug, number=number))

"""Reflections, the transfer task, "Mein Lernportfolio", "Mein Lernen" and the company overview."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.db import db
from lms.learning import portfolio, rendering, services
from lms.learning.blueprint import LEARNERS, bp, module_or_404


def _reflection_page(module, errors=None, drafts=None, status: int = 200):
    saved = {r.prompt_key: r for r in services.own_reflections(current_user, module.slug)}
    return render_template(
        "learning/reflection.html",
        module=module,
        prompts=services.prompts(module),
        saved=saved,
        errors=errors or {},
        drafts=drafts or {},
    ), status


@bp.get("/<slug>/reflection")
@role_required(*LEARNERS)
def reflection(slug: str):
    """The reflection prompts with the person's own saved answers (visible to them only)."""
    return _reflection_page(module_or_404(slug))


@bp.post("/<slug>/reflection/<prompt>")
@role_required(*LEARNERS)
def save_reflection(slug: str, prompt: str):
    """Save (or edit) the private answer to one prompt."""
    module = module_or_404(slug)
    text = request.form.get("text", "")
    try:
        services.save_reflection(current_user, module, prompt, text)
    except services.LearningError as error:
        if error.status == 404:
            abort(404)
        return _reflection_page(module, {prompt: str(error)}, {prompt: text}, error.status)
    db.session.commit()
    flash(_("Ihre Reflexion ist gespeichert. Nur Sie können sie lesen."), "success")
    return redirect(url_for("learning.reflection", slug=slug) + f"#prompt-{prompt}")


def _transfer_page(module, error: str | None = None, status: int = 200):
    task = module.manifest["transfer_task"]
    today = dt.date.today()
    return render_template(
        "learning/transfer.html",
        module=module,
        task=task,
        text=rendering.markdown(str(task["text"])),
        enrolment=services.enrolment_of(current_user, module.slug),
        note=services.transfer_note(current_user, module.slug),
        suggested=today + dt.timedelta(days=int(task.get("days", 7))),
        today=today,
        error=error,
    ), status


@bp.get("/<slug>/transfer")
@role_required(*LEARNERS)
def transfer(slug: str):
    """The transfer task: commit to a date, later report back."""
    return _transfer_page(module_or_404(slug))


@bp.post("/<slug>/transfer/commit")
@role_required(*LEARNERS)
def commit_transfer(slug: str):
    module = module_or_404(slug)
    try:
        due = dt.date.fromisoformat(request.form.get("due_on", ""))
        services.commit_transfer(current_user, module, due, request.form.get("plan", ""))
    except ValueError:
        return _transfer_page(module, _("Bitte geben Sie ein gültiges Datum an."), 400)
    except services.LearningError as error:
        return _transfer_page(module, str(error), error.status)
    db.session.commit()
    flash(_("Vorgenommen! Berichten Sie nach der Umsetzung, wie es gelaufen ist."), "success")
    return redirect(url_for("learning.transfer", slug=slug))


@bp.post("/<slug>/transfer/report")
@role_required(*LEARNERS)
def report_transfer(slug: str):
    module = module_or_404(slug)
    try:
        services.report_transfer(current_user, module, request.form.get("report", ""))
    except services.LearningError as error:
        return _transfer_page(module, str(error), error.status)
    db.session.commit()
    flash(_("Danke für Ihren Bericht. Er steht in Ihrem Lernportfolio."), "success")
    return redirect(url_for("learning.transfer", slug=slug))


@bp.get("/portfolio")
@role_required(*LEARNERS)
def portfolio_page():
    """Mein Lernportfolio: the person's own reflections and transfer notes."""
    return render_template("learning/portfolio.html", sections=portfolio.sections(current_user))


@bp.get("/portfolio/export")
@role_required(*LEARNERS)
def portfolio_export():
    """Download the portfolio as a Markdown text file."""
    body = portfolio.export_markdown(current_user)
    return Response(
        body,
        mimetype="text/markdown; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="lernportfolio.md"'},
    )


@bp.get("/mine")
@role_required(*LEARNERS)
def mine():
    """Mein Lernen: modules in progress and completed, with certificates."""
    return render_template("learning/mine.html", **portfolio.my_learning(current_user))


@bp.get("/company")
@role_required(Role.COMPANY_LEAD)
def company_completions():
    """Which trainers of the lead's company completed which modules (no private texts)."""
    return render_template("learning/company_completions.html", **portfolio.company_completions(current_user))

"""The module player: catalogue, module page, unit pages, self-checks and module files."""

from __future__ import annotations

import posixpath
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.policy import role_required
from lms.db import db
from lms.learning import completion, final_test, rendering, services
from lms.learning import projection as _projection  # noqa: F401 (registers the learning projection)
from lms.learning import views_certificate as _certificate  # noqa: F401 (registers its routes)
from lms.learning import views_exam as _exam  # noqa: F401 (registers its routes)
from lms.learning import views_work as _work  # noqa: F401 (registers its routes)
from lms.learning.blueprint import LEARNERS, bp, module_or_404, options_in_person_order, verify_bp
from lms.learning.rules import AUDIENCE_ROLES, THEMES

__all__ = ["bp", "verify_bp"]


@bp.get("/")
@role_required(*LEARNERS)
def catalogue():
    """All modules, filtered by theme and audience, with duration and the person's status."""
    theme = request.args.get("theme") or None
    audience = request.args.get("audience")
    if audience is None:  # trainers and apprentices first see their own modules; leads see all
        audience = current_user.role.value if current_user.role.value in {"trainer", "apprentice"} else ""
    theme = theme if theme in THEMES else None
    audience = audience if audience in AUDIENCE_ROLES else None
    modules = services.catalogue(theme, audience)
    enrolments = services.enrolments_of(current_user)
    rows = [(m, services.progress(m, enrolments.get(m.slug))) for m in modules]
    return render_template(
        "learning/catalogue.html",
        rows=rows,
        theme=theme,
        audience=audience or "",
        themes=THEMES,
        audiences=AUDIENCE_ROLES,
    )


@bp.get("/<slug>/")
@role_required(*LEARNERS)
def module(slug: str):
    """Goals, units with progress, the completion checklist and where to resume."""
    module = module_or_404(slug)
    enrolment = services.enrolment_of(current_user, slug)
    return render_template(
        "learning/module.html",
        module=module,
        progress=services.progress(module, enrolment),
        attempts=final_test.attempts(enrolment),
        has_test=bool(final_test.bank(module)),
    )


@bp.post("/<slug>/start")
@role_required(*LEARNERS)
def start(slug: str):
    """Start the module and go to the unit to resume with."""
    module = module_or_404(slug)
    enrolment = services.enrol(current_user, module)
    db.session.commit()
    resume = services.progress(module, enrolment).resume_key
    return redirect(
        url_for("learning.unit", slug=slug, key=resume) if resume else url_for("learning.module", slug=slug)
    )


def _render_unit(module, unit, feedback=None, status: int = 200):
    """The unit page; the template caches what is the same for every reader of this version."""
    index = module.units.index(unit)
    return render_template(
        "learning/unit.html",
        module=module,
        unit=unit,
        checks=services.checks_of(module, unit.key),
        feedback=feedback or {},
        seen=completion.unit_seen(module, current_user.id, unit.key),
        position=index + 1,
        previous=module.units[index - 1] if index > 0 else None,
        following=module.units[index + 1] if index + 1 < len(module.units) else None,
    ), status


@bp.app_template_filter("option_order")
def option_order(question) -> tuple[str, ...]:
    """The ids of a question's options in the order the signed-in person sees them."""
    return tuple(option["id"] for option in options_in_person_order(question.options, question.key))


@bp.app_template_filter("unit_html")
def unit_html(unit, files_url: str):
    """The unit body as sanitised HTML, module files served from ``files_url``."""
    return rendering.unit_html(unit, files_url)


def _unit_or_404(slug: str, key: str):
    module = module_or_404(slug)
    unit = services.find_unit(module, key)
    if unit is None:
        abort(404)
    return module, unit


@bp.get("/<slug>/u/<key>")
@role_required(*LEARNERS)
def unit(slug: str, key: str):
    """One unit page with previous/next, self-checks and the 'seen' button."""
    return _render_unit(*_unit_or_404(slug, key))


@bp.post("/<slug>/u/<key>/seen")
@role_required(*LEARNERS)
def mark_seen(slug: str, key: str):
    """Mark the unit as seen and go on to the next unit (or the module page)."""
    module, unit = _unit_or_404(slug, key)
    services.mark_seen(current_user, module, unit)
    db.session.commit()
    flash(_("„%(title)s“ ist als gelesen markiert.", title=unit.title), "success")
    keys = [u.key for u in module.units]
    index = keys.index(key)
    if index + 1 < len(keys):
        return redirect(url_for("learning.unit", slug=slug, key=keys[index + 1]))
    return redirect(url_for("learning.module", slug=slug))


@bp.post("/<slug>/u/<key>/check/<question>")
@role_required(*LEARNERS)
def check(slug: str, key: str, question: str):
    """Grade a self-check and show the page again with feedback (works without JavaScript)."""
    module, unit = _unit_or_404(slug, key)
    try:
        _q, graded = services.answer_check(current_user, module, unit, question, request.form.getlist("answer"))
    except services.LearningError as error:
        if error.status == 404:
            abort(404)
        return _render_unit(module, unit, {question: error}, error.status)
    db.session.commit()
    return _render_unit(module, unit, {question: graded})


@bp.get("/<slug>/files/<path:filename>")
@role_required(*LEARNERS)
def files(slug: str, filename: str):
    """Images and videos of a module; only files inside its images/ and media/ folders."""
    module = module_or_404(slug)
    filename = posixpath.normpath(filename)
    if not filename.startswith(("images/", "media/")):
        abort(404)
    folder = Path(current_app.config["COURSES_DIR"]) / module.slug
    return send_from_directory(folder, filename, max_age=3600)


@bp.get("/<slug>/takeaway")
@role_required(*LEARNERS)
def takeaway(slug: str):
    """The printable take-away (checklist or template)."""
    module = module_or_404(slug)
    files_url = url_for("learning.files", slug=slug, filename="")
    return render_template("learning/takeaway.html", module=module, body=rendering.takeaway_html(module, files_url))

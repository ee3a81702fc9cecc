"""The certificate download (owner only) and the public verification page."""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_babel import format_date
from flask_login import current_user

from lms.auth.policy import role_required
from lms.learning import completion, services
from lms.learning.blueprint import LEARNERS, bp, module_or_404, verify_bp
from lms.learning.certificate import certificate_pdf


@bp.get("/<slug>/certificate.pdf")
@role_required(*LEARNERS)
def certificate(slug: str):
    """The person's own Teilnahmebescheinigung (404 until the module is completed)."""
    module = module_or_404(slug)
    enrolment = services.enrolment_of(current_user, slug)
    if enrolment is None or enrolment.certificate_code is None:
        abort(404)
    pdf = certificate_pdf(current_user, module, enrolment)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="teilnahmebescheinigung-{slug}.pdf"'},
    )


@verify_bp.get("/<code>")
def verify(code: str):
    """Public: confirms name, module and completion date for a code, and nothing more."""
    found = completion.certificate(code) if len(code) <= 32 else None
    if found is None:
        return render_template("learning/verify.html", found=None, code=code), 404
    enrolment, user, module = found
    return render_template(
        "learning/verify.html",
        found=True,
        name=user.name,
        title=module.title if module else enrolment.module_slug,
        completed_on=format_date(enrolment.completed_at, "long") if enrolment.completed_at else "–",
        code=enrolment.certificate_code,
    )

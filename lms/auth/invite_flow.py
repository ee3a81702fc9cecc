"""The invitation form flow shared by the company lead's and the cluster agent's pages."""

from __future__ import annotations

from flask import flash, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from lms.auth.forms import InviteForm
from lms.auth.invitations import invite
from lms.auth.models import Invitation, Role, User
from lms.auth.policy import INVITABLE_BY
from lms.auth.services import AccountError
from lms.orgs.models import Company
from lms.orgs.occupations import occupation_choices, specialism_choices

ROLE_LABELS = {
    Role.APPRENTICE: _l("Azubi"),
    Role.TRAINER: _l("Ausbilder/-in"),
    Role.COMPANY_LEAD: _l("Betriebsleitung"),
    Role.CLUSTER_AGENT: _l("Cluster-Agent"),
    Role.ADMIN: _l("Administration"),
}


def role_label(user: User) -> str:
    """The German (or English) name of a person's role, e.g. "Ausbildungsbeauftragte/r"."""
    if user.role is Role.TRAINER and user.is_without_aevo:
        return str(_l("Ausbildungsbeauftragte/r"))
    return str(ROLE_LABELS[user.role])


def build_invite_form(inviter: User, companies: list[Company]) -> InviteForm:
    """An invitation form whose choices fit the inviter's role and companies."""
    form = InviteForm(prefix="invite")
    roles = [r for r in Role if r in INVITABLE_BY.get(inviter.role, ())]
    form.role.choices = [SelectChoice(r.value, str(ROLE_LABELS[r])) for r in roles]
    form.company_id.choices = [SelectChoice(0, _("– kein Betrieb –"))] + [
        SelectChoice(c.id, f"{c.name} ({c.town})") for c in companies
    ]
    form.occupation_code.choices = [SelectChoice("", "–"), *occupation_choices()]
    form.specialism.choices = specialism_choices()
    return form


def handle_invite(form: InviteForm, inviter: User, company_id: int | None = None) -> Invitation | None:
    """Validate and send the invitation into ``company_id`` (default: the form's choice)."""
    if not form.validate_on_submit():
        return None
    role = Role(form.role.data)
    details = form.apprentice_details() if role is Role.APPRENTICE else {}
    if role is Role.TRAINER:
        details["is_without_aevo"] = bool(form.is_without_aevo.data)
    try:
        invitation, _token = invite(
            inviter,
            email=form.email.data,
            name=form.name.data,
            role=role,
            company_id=company_id or form.company_id.data or None,
            details=details,
            remote_addr=request.remote_addr,
        )
    except AccountError as error:
        form.email.errors.append(str(error))
        return None
    flash(_("Die Einladung an %(email)s ist verschickt.", email=invitation.email), "success")
    return invitation

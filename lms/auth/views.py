"""Login, logout, invitations, password reset and the profile page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from lms.auth import forms, invitations, services
from lms.db import db
from lms.extensions import limiter

bp = Blueprint("auth", __name__)

LOGIN_LIMIT = "10 per 15 minutes"


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


def _account_key() -> str:
    return "login-account:" + services.normalise_email(request.form.get("email", ""))


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("core.start")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=_account_key, deduct_when=_login_failed)
def login():
    """Sign in with e-mail and password; one generic error for every failure."""
    if current_user.is_authenticated:
        return redirect(url_for("core.start"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        g.login_failed = True
        flash(_("E-Mail-Adresse oder Passwort ist falsch."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST only, so a link or image cannot sign anybody out)."""
    logout_user()
    flash(_("Sie sind abgemeldet."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the account exists or not."""
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, remote_addr=request.remote_addr)
        db.session.commit()
        flash(_("Wenn es ein Konto mit dieser Adresse gibt, haben wir einen Link geschickt."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password through the link from the e-mail."""
    reset = services.find_open_reset(token)
    if reset is None:
        return render_template("auth/link_invalid.html"), 404
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(reset, form.password.data, remote_addr=request.remote_addr)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Ihr Passwort ist geändert. Bitte melden Sie sich an."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 400 if form.is_submitted() else 200


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept an invitation by choosing a password; signs the new person in."""
    invitation = invitations.find_open_invitation(token)
    if invitation is None:
        return render_template("auth/link_invalid.html"), 404
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept_invitation(invitation, form.password.data, remote_addr=request.remote_addr)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            logout_user()
            login_user(user)
            flash(_("Willkommen, %(name)s! Ihr Konto ist eingerichtet.", name=user.name), "success")
            return redirect(url_for("core.start"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Change password and interface language."""
    password_form = forms.ChangePasswordForm(prefix="pw")
    language_form = forms.LanguageForm(prefix="lang", locale=current_user.locale)
    if request.method == "POST":
        if "pw-password" in request.form:
            return _change_password(password_form, language_form)
        if language_form.validate_on_submit():
            services.set_locale(current_user, language_form.locale.data)
            db.session.commit()
            flash(_("Die Sprache ist gespeichert."), "success")
            return redirect(url_for("auth.profile"))
        abort(400)
    return render_template("auth/profile.html", password_form=password_form, language_form=language_form)


def _change_password(password_form: forms.ChangePasswordForm, language_form: forms.LanguageForm):
    if password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current.data, password_form.password.data)
        except services.AccountError as error:
            password_form.password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # new session version: stay signed in here
            flash(_("Ihr Passwort ist geändert."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", password_form=password_form, language_form=language_form), 400

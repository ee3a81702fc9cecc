"""Admin pages of the embedded LRS: clients (create, deactivate) and the forwarding backlog."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.auth.models import Role
from lms.auth.policy import role_required
from lms.db import db
from lms.xapi import clients, forward

bp = Blueprint("xapi_admin", __name__, url_prefix="/admin/lrs")


@bp.route("/clients", methods=["GET", "POST"], endpoint="clients")
@role_required(Role.ADMIN)
def clients_page():
    """List LRS clients; create one (the secret is shown exactly once)."""
    secret = None
    form = {"key": "", "name": "", "scopes": ["statements/write"]}
    status = 200
    if request.method == "POST":
        form = {
            "key": request.form.get("key", ""),
            "name": request.form.get("name", ""),
            "scopes": request.form.getlist("scopes"),
        }
        try:
            _client, secret = clients.create_client(form["key"], form["name"], form["scopes"])
            db.session.commit()
            flash(_("Client angelegt. Das Geheimnis wird nur jetzt angezeigt."), "success")
            form = {"key": "", "name": "", "scopes": ["statements/write"]}
        except clients.ClientError as error:
            db.session.rollback()
            flash(str(error), "error")
            status = 400
    return render_template(
        "xapi/clients.html", clients=clients.all_clients(), scopes=clients.SCOPES, secret=secret, form=form
    ), status


@bp.post("/clients/<int:client_id>/active")
@role_required(Role.ADMIN)
def toggle_client(client_id: int):
    """Activate or deactivate a client."""
    client = clients.set_active(client_id, request.form.get("active") == "1")
    if client is None:
        abort(404)
    db.session.commit()
    flash(_("Gespeichert."), "success")
    return redirect(url_for("xapi_admin.clients"))


@bp.get("/forwarding")
@role_required(Role.ADMIN)
def forwarding():
    """Backlog, oldest pending age, last error and dead letters of the forwarding worker."""
    return render_template("xapi/forwarding.html", info=forward.backlog())

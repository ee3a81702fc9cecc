"""The person's notification list."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.db import db
from lms.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    """List the newest notifications."""
    items = services.recent_notifications(current_user.id)
    return render_template("notifications/index.html", notifications=items)


@bp.post("/read")
@login_required
def mark_read():
    """Mark all notifications as read."""
    services.mark_all_read(current_user.id)
    db.session.commit()
    return redirect(url_for("notifications.index"))

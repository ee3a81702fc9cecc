"""The Teilnahmebescheinigung as PDF (fpdf2, DejaVu fonts embedded so umlauts render)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app
from flask_babel import format_date
from fpdf import FPDF

from lms.auth.models import User
from lms.learning.content_cache import ModuleView
from lms.learning.models import Enrolment

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"


def verification_url(code: str) -> str:
    return f"{current_app.config['BASE_URL']}/verify/{code}"


def certificate_pdf(user: User, module: ModuleView, enrolment: Enrolment) -> bytes:
    """Name, module, duration, goals, completion date, verification code and URL."""
    assert enrolment.certificate_code and enrolment.completed_at
    pdf = FPDF(format="A4")
    pdf.set_title(f"Teilnahmebescheinigung – {module.title}")
    pdf.set_author("Zukunftsmacher Lernplattform")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(width, 8, "Ausbildungscluster 4.0 „Zukunftsmacher“ Lausitz", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font("DejaVu", "B", 24)
    pdf.cell(width, 12, "Teilnahmebescheinigung", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, "Hiermit wird bescheinigt, dass", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 10, user.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, "das Qualifizierungsmodul", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 8, module.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    completed = _local_date(enrolment.completed_at)
    pdf.multi_cell(
        width,
        7,
        f"mit einem Umfang von {module.duration_minutes} Minuten am {completed} erfolgreich abgeschlossen hat.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(width, 8, "Lernziele", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    for goal in module.manifest.get("goals", []):
        pdf.multi_cell(width, 6, f"• Die Teilnehmenden können {goal}.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 10)
    code = enrolment.certificate_code
    pdf.multi_cell(
        width, 6, f"Prüfcode: {code}\nEchtheit prüfen: {verification_url(code)}", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(pdf.output())


def _local_date(value: dt.datetime) -> str:
    return format_date(value, "long")

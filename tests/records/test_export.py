"""The PDF for the chamber and the apprentice's own JSON/CSV export."""

from __future__ import annotations

import csv
import io
import json

from pypdf import PdfReader

from lms.records import workflow
from lms.records.pdf import record_pdf
from tests.records.helpers import make_week, reviewed_week, session_login, setup_company, week_form


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_header_weeks_hours_and_reviewer():
    """Does the extracted PDF text hold header, weeks, lines, hours, reviewer and review date?"""
    company, trainer, apprentice, _lead = setup_company()
    reviewed_week(apprentice, trainer, 45, comment="Sauber dokumentiert")
    returned = make_week(apprentice, number=46, form=week_form(text="Abgasmessung durchgeführt", hours="4"))
    workflow.submit_week(returned, apprentice)
    workflow.return_week(returned, trainer, "Bitte ergänzen")
    text = _text(record_pdf(apprentice))
    for expected in (
        "Ausbildungsnachweis",
        apprentice.name,
        company.name,
        "Anlagenmechaniker",
        "01.08.2025",
        "KW 45/2026",
        "02.11.2026",
        "Heizkörper montiert",
        "7,5",
        "Summe: 13,5 Stunden",
        "geprüft von Thomas Prüfer am",
        "Sauber dokumentiert",
        "KW 46/2026",
        "Abgasmessung durchgeführt",
        "zurückgegeben",
        "Seite 1 von",
    ):
        assert expected in text, expected


def test_pdf_embeds_fonts_and_filters_the_period():
    """Are the fonts embedded, and does a period export leave out weeks outside it?"""
    import datetime as dt

    _company, trainer, apprentice, _lead = setup_company()
    reviewed_week(apprentice, trainer, 40)
    reviewed_week(apprentice, trainer, 45)
    pdf = record_pdf(apprentice, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = [f["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert any("DejaVu" in str(name) for name in fonts)
    descriptor = next(iter(reader.pages[0]["/Resources"]["/Font"].values()))["/DescendantFonts"][0]["/FontDescriptor"]
    assert "/FontFile2" in descriptor
    text = _text(pdf)
    assert "KW 45/2026" in text and "KW 40/2026" not in text


def test_pdf_route_for_trainer(client):
    """Does the trainer download the apprentice's PDF, and a bad date answer 400?"""
    _company, trainer, apprentice, _lead = setup_company()
    reviewed_week(apprentice, trainer, 45)
    session_login(client, trainer)
    response = client.get(f"/records/apprentices/{apprentice.id}/export.pdf?from=2026-11-01")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "KW 45/2026" in _text(response.data)
    assert client.get(f"/records/apprentices/{apprentice.id}/export.pdf?from=gestern").status_code == 400


def test_json_and_csv_export_of_own_record(client):
    """Do JSON and CSV hold the apprentice's weeks, lines, hours, status and reviewer?"""
    _company, trainer, apprentice, _lead = setup_company()
    reviewed_week(apprentice, trainer, 45)
    session_login(client, apprentice)
    document = json.loads(client.get("/records/export.json").data)
    week = document["weeks"][0]
    assert (week["iso_week"], week["status"], week["reviewed_by"]) == (45, "reviewed", "Thomas Prüfer")
    assert week["revisions"][0]["entries"][0]["text"] == "Heizkörper montiert"
    assert week["revisions"][0]["total_hours"] == 13.5
    rows = list(csv.DictReader(io.StringIO(client.get("/records/export.csv").data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[0]["text"] == "Heizkörper montiert" and rows[0]["stunden"] == "7,5"
    assert rows[0]["geprueft_von"] == "Thomas Prüfer"

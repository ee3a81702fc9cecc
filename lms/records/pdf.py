"""The record as a PDF for the chamber (Kammer): header, every week with lines and hours,
review status with reviewer and date, page numbers; DejaVu fonts embedded (no font request
ever leaves the server, and umlauts print correctly).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from fpdf import FPDF

from lms.auth.models import User
from lms.orgs.occupations import occupation_title
from lms.records.export import entry_type_label, weeks_of
from lms.records.models import EntryKind, TrainingRecordWeek, WeekStatus
from lms.records.services import reviewer_names
from lms.records.workflow import status_label

# fpdf2's font subsetting logs every glyph at INFO; keep the application log readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)
BERLIN = ZoneInfo("Europe/Berlin")
FONT = "DejaVu"
KIND_LABELS = {
    EntryKind.ACTIVITY: "Betriebliche Tätigkeit",
    EntryKind.INSTRUCTION: "Unterweisung / Unterricht",
    EntryKind.SCHOOL: "Berufsschule",
    EntryKind.ABSENCE: "Abwesenheit",
}


def de_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.astimezone(BERLIN).date()
    return value.strftime("%d.%m.%Y")


def hours_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


class RecordPdf(FPDF):
    """A4 portrait with a running title and "Seite x von y" in the footer."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = title
        fonts = Path(current_app.static_folder or "static") / "fonts"
        self.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_creator("Zukunftsmacher Lernplattform")

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.cell(0, 6, self.running_title, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.cell(0, 8, f"Seite {self.page_no()} von {{nb}}", align="C")


def _facts(pdf: RecordPdf, rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        pdf.set_font(FONT, "B", 10)
        pdf.cell(48, 6, label)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")


def _status_line(week: TrainingRecordWeek, names: dict[str, str]) -> str:
    row = week.status_row
    status = week.status
    if status is WeekStatus.REVIEWED and row is not None:
        reviewer = names.get(str(row.reviewer_public_id), "–")
        return f"Status: geprüft von {reviewer} am {de_date(row.reviewed_at)}"
    if status is WeekStatus.SUBMITTED and row is not None:
        return f"Status: eingereicht am {de_date(row.submitted_at)}, noch nicht geprüft"
    return f"Status: {status_label(status)}"


def _week_block(pdf: RecordPdf, week: TrainingRecordWeek, names: dict[str, str]) -> None:
    revision = week.revision
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    title = f"KW {week.iso_week:02d}/{week.iso_year} · {de_date(week.period_start)} – {de_date(week.period_end)}"
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    line = f"Ausbildungsjahr {week.training_year}"
    if week.department:
        line += f" · Abteilung: {week.department}"
    if revision.number > 1:
        line += f" · Revision {revision.number} (Korrektur: {revision.reason})"
    pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    if revision.entries:
        with pdf.table(col_widths=(42, 118, 20), text_align=("LEFT", "LEFT", "RIGHT"), line_height=5) as table:
            table.row(["Bereich", "Tätigkeit / Thema", "Stunden"])
            for entry in revision.entries:
                table.row([_area(entry), _text(entry), hours_text(entry.hours)])
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 6, f"Summe: {hours_text(revision.total_hours) or '0'} Stunden", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, _status_line(week, names), new_x="LMARGIN", new_y="NEXT")
    comment = next((e.note for e in reversed(week.events) if e.action == "reviewed" and e.note), None)
    if comment and week.status is WeekStatus.REVIEWED:
        pdf.multi_cell(0, 5, f"Bemerkung: {comment}", new_x="LMARGIN", new_y="NEXT")


def _area(entry) -> str:
    label = KIND_LABELS[EntryKind(entry.kind)]
    detail = entry_type_label(entry) or entry.subject or ""
    return f"{label}\n{detail}" if detail else label


def _text(entry) -> str:
    parts = []
    if entry.day:
        parts.append(de_date(entry.day))
    if entry.kind == EntryKind.ABSENCE.value:
        parts.append(f"{hours_text(entry.days)} Tag(e)" if entry.days else "")
    if entry.text:
        parts.append(entry.text)
    if entry.framework_item is not None:
        parts.append(f"(Rahmenplan {entry.framework_item.code})")
    return " ".join(p for p in parts if p) or "–"


def record_pdf(apprentice: User, start: dt.date | None = None, end: dt.date | None = None) -> bytes:
    """The PDF of the apprentice's weeks overlapping [start, end] (the whole training if None)."""
    profile = apprentice.apprentice_profile
    weeks = weeks_of(apprentice, start, end)
    names = reviewer_names(weeks)
    pdf = RecordPdf(f"Ausbildungsnachweis – {apprentice.name}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, "Ausbildungsnachweis (Berichtsheft)", new_x="LMARGIN", new_y="NEXT")
    company = apprentice.company
    period = f"{de_date(profile.training_start)} – {de_date(profile.training_end)}" if profile else "–"
    extract = f"{de_date(start) if start else 'Beginn'} – {de_date(end) if end else 'heute'}"
    _facts(
        pdf,
        [
            ("Auszubildende/r", apprentice.name),
            ("Ausbildungsberuf", occupation_title(profile.occupation_code) if profile else "–"),
            ("Ausbildungsbetrieb", f"{company.name}, {company.town}" if company else "–"),
            ("Ausbildungszeit", period),
            ("Zeitraum des Auszugs", extract),
            ("Wochen im Auszug", str(len(weeks))),
        ],
    )
    if not weeks:
        pdf.ln(4)
        pdf.cell(0, 6, "Für diesen Zeitraum gibt es keine Einträge.")
    for week in weeks:
        _week_block(pdf, week, names)
    return bytes(pdf.output())

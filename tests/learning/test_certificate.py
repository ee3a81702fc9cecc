"""The Teilnahmebescheinigung (PDF with embedded fonts) and the public verification page."""

from __future__ import annotations

import io

from pypdf import PdfReader

from lms.learning import services
from tests.factories import make_user
from tests.learning.conftest import SLUG
from tests.learning.helpers import complete


def test_certificate_pdf_contains_name_module_and_code(module, trainer, login_as):
    """Does the PDF's extracted text contain the name (with umlauts), the module and the code?"""
    complete(trainer, module)
    code = services.enrolment_of(trainer, SLUG).certificate_code
    response = login_as(trainer).get(f"/learn/{SLUG}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    assert "Petra Müller-Lüdenscheidt" in flat
    assert "Beispielmodul: Werkzeugausgabe mit Übersicht" in flat
    assert code in flat and f"/verify/{code}" in flat
    assert "45 Minuten" in flat and "Teilnahmebescheinigung" in flat
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].get_object().values()}
    assert fonts and all("DejaVu" in f for f in fonts)
    descriptor = next(iter(reader.pages[0]["/Resources"]["/Font"].values())).get_object()["/DescendantFonts"][0]
    assert "/FontFile2" in descriptor.get_object()["/FontDescriptor"]  # embedded


def test_certificate_only_for_completed_owner(module, trainer, login_as, client):
    """Is there no certificate before completion, and none of another person's?"""
    assert login_as(trainer).get(f"/learn/{SLUG}/certificate.pdf").status_code == 404
    client.post("/logout")
    other = make_user(name="Anderer Trainer")
    complete(other, module)
    assert login_as(trainer).get(f"/learn/{SLUG}/certificate.pdf").status_code == 404


def test_verification_page_shows_name_module_date_only(module, trainer, client):
    """Does /verify/<code> confirm name, module and date, without e-mail, company or score?"""
    complete(trainer, module)
    code = services.enrolment_of(trainer, SLUG).certificate_code
    response = client.get(f"/verify/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Petra Müller-Lüdenscheidt" in page and module.title in page and "3. März 2026" in page
    assert trainer.email not in page and "Heizung Lehmann" not in page and "100" not in page
    assert client.get(f"/verify/{code.lower()}").status_code == 200
    missing = client.get("/verify/AAAA-BBBB-CCCC")
    assert missing.status_code == 404 and "keine Teilnahmebescheinigung" in missing.get_data(as_text=True)

"""A trainer completes the example module on a phone-sized screen and downloads the certificate.

Runs its own server (gunicorn) on a fresh SQLite database with ``flask lms init`` + ``flask lms demo``
and ``LMS_COURSES_DIR`` pointing at the test fixtures, and scans every visited page with axe-core.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "courses"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def learning_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running app whose course folder is the example module."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs /usr/bin/chromium")
    folder = tmp_path_factory.mktemp("learning-live")
    port = _free_port()
    env = {**os.environ, "LMS_DATABASE_URL": f"sqlite:///{folder / 'live.sqlite3'}", "LMS_COURSES_DIR": str(FIXTURE),
           "LMS_BASE_URL": f"http://127.0.0.1:{port}", "LMS_MAIL_DIR": str(folder / "mail"),
           "LMS_SECRET_KEY": "browser-test-secret-key-long-enough-0123456789"}  # fmt: skip
    bin_dir = Path(sys.executable).parent
    for step in (["lms", "init"], ["lms", "demo"]):
        subprocess.run([str(bin_dir / "flask"), "--app", "wsgi", *step], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    server = subprocess.Popen([str(bin_dir / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _correct_texts() -> dict[str, list[str]]:
    """Question text -> texts of its correct options, read from the fixture bank."""
    bank = yaml.safe_load((FIXTURE / "beispielmodul" / "final_test.yaml").read_text(encoding="utf-8"))
    return {q["text"]: [o["text"] for o in q["options"] if o["correct"]] for q in bank["questions"]}


class Visit:
    """Checks every page the trainer sees: no axe WCAG 2.1 A/AA violation, no horizontal overflow."""

    def __init__(self, page) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page, self.axe, self.problems = page, Axe(), []

    def check(self) -> None:
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert results.response["passes"], "axe-core did not run"
        for violation in results.response["violations"]:
            self.problems.append(f"{self.page.url}: {violation['id']}: {[n['target'] for n in violation['nodes']]}")
        overflow = self.page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        if overflow:
            self.problems.append(f"{self.page.url}: horizontal overflow at 390 px")


def test_trainer_completes_example_module_on_phone(learning_server: str, browser, tmp_path: Path):
    """Can a trainer on a 390×844 screen work through the module, pass the test and get the certificate?"""
    from pypdf import PdfReader

    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True, locale="de-DE")
    page = context.new_page()
    visit = Visit(page)
    page.goto(learning_server + "/login")
    page.fill("input[name=email]", "ausbilder@demo.example")
    page.fill("input[name=password]", "zukunft-demo")
    page.click("button:has-text('Anmelden')")
    page.goto(learning_server + "/learn/")
    visit.check()
    page.click("text=Beispielmodul: Werkzeugausgabe mit Übersicht")
    visit.check()
    page.click("button:has-text('Modul starten')")
    assert page.url.endswith("/u/ausgabe-planen")
    visit.check()
    page.check("label:has-text('Strom')")
    page.click("button:has-text('Antwort prüfen')")
    page.wait_for_selector("text=Mit Strom hat die Ausgabe nichts zu tun.")
    visit.check()
    for _unit in range(3):
        page.click("button:has-text('Als gelesen markieren')")
        visit.check()
    page.goto(learning_server + "/learn/beispielmodul/reflection")
    page.fill("textarea >> nth=0", "In unserer Werkstatt fehlt oft die Rohrzange.")
    page.click("button:has-text('Speichern') >> nth=0")
    page.wait_for_selector("text=Ihre Reflexion ist gespeichert")
    visit.check()
    page.goto(learning_server + "/learn/beispielmodul/test")
    visit.check()
    page.click("button:has-text('Test starten')")
    visit.check()
    correct = _correct_texts()
    for fieldset in page.query_selector_all("fieldset.question"):
        question = fieldset.query_selector("legend").inner_text().strip()
        for text in correct[question]:
            fieldset.query_selector(f"label:text-is('{text}')").click()
    page.click("button:has-text('Test abgeben')")
    page.wait_for_selector("text=3 von 3 richtig")
    visit.check()
    with page.expect_download() as download_info:
        page.click("text=Teilnahmebescheinigung herunterladen (PDF)")
    pdf_path = tmp_path / "bescheinigung.pdf"
    download_info.value.save_as(pdf_path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Thomas Wagner" in text and "Werkzeugausgabe" in text
    for path in (
        "/learn/mine",
        "/learn/portfolio",
        "/learn/beispielmodul/transfer",
        "/learn/beispielmodul/takeaway",
    ):
        page.goto(learning_server + path)
        visit.check()
    page.goto(learning_server + "/learn/beispielmodul/transfer")
    page.click("button:has-text('Vornehmen')")
    page.fill("textarea#report", "Der Azubi hat die Liste selbst angelegt.")
    page.click("button:has-text('Bericht speichern')")
    page.wait_for_selector("text=Danke für Ihren Bericht")
    visit.check()
    context.close()
    assert visit.problems == []

"""Shared Playwright fixtures: one demo server per test run and Debian's Chromium.

``live_server`` prepares a fresh SQLite database (``flask lms init`` + ``flask lms demo``) in a
temporary folder and serves the app with gunicorn (2 workers) on a free port; mails land in
``<tmp>/mail`` (read them with ``mail_messages(live_server)``). ``browser`` is a Chromium started
from ``/usr/bin/chromium`` (never downloaded); ``browser_page(viewport=(w, h))`` gives a fresh
context and page. Without ``/usr/bin/chromium`` the browser tests skip, unless
``LMS_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail instead.

Helpers for the tests: ``login(page, base_url, email)``, ``axe_violations(page)``,
``format_violations(violations)``, ``has_horizontal_overflow(page)``, ``mail_messages(base_url)``,
``links_in(message)``.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "zukunft-demo"
DESKTOP = (1280, 800)
PHONE = (390, 844)
SECRET_KEY = "browser-test-secret-key-long-enough-0123456789"

# base URL -> mail folder of the server behind it (filled by ``live_server``)
_MAIL_DIRS: dict[str, Path] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def require_chromium() -> None:
    """Skip without Chromium, or fail when the CI demands the browser tests (LMS_REQUIRE_BROWSER=1)."""
    if CHROMIUM.exists():
        return
    message = f"browser tests need {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("LMS_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " — LMS_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(base: str, server: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer /healthz within {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def _server_env(folder: Path, base: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_") or k == "LMS_REQUIRE_BROWSER"}
    env.update(
        {
            "LMS_DATABASE_URL": f"sqlite:///{folder / 'live.sqlite3'}",
            "LMS_SECRET_KEY": SECRET_KEY,
            "LMS_MAIL_DIR": str(folder / "mail"),
            "LMS_BASE_URL": base,
            "LMS_RATELIMIT_STORAGE_URL": "memory://",
        }
    )
    return env


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running app (gunicorn, 2 workers) on a fresh SQLite DB with the demo data."""
    require_chromium()
    folder = tmp_path_factory.mktemp("live")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _server_env(folder, base)
    bin_dir = Path(sys.executable).parent
    for step in (["lms", "init"], ["lms", "demo"]):
        done = subprocess.run(
            [str(bin_dir / "flask"), "--app", "wsgi", *step], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(step)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    log = folder / "server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(bin_dir / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "60", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_health(base, server, log)
        _MAIL_DIRS[base] = folder / "mail"
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (sync API); never downloads a browser."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def browser_page(browser) -> Iterator[Callable[..., object]]:
    """Factory: ``browser_page(viewport=(390, 844))`` → a page in a fresh context (closed after the test)."""
    contexts: list = []

    def make(viewport: tuple[int, int] = PHONE, locale: str = "de-DE"):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale=locale, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, base_url: str, email_address: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form and wait until the start page has loaded."""
    page.goto(base_url + "/login")
    page.fill("input[name=email]", email_address)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/login" not in page.url, f"login as {email_address} failed: {page.url}"


def logout(page, base_url: str) -> None:
    """Sign out with the logout button of the layout (a POST form)."""
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.click("form[action$='/logout'] button")


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of the current page (empty list = accessible)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.response.get("passes"), "axe-core did not run on " + page.url
    return list(results.response["violations"])


def format_violations(violations: list[dict]) -> str:
    """A readable message for ``assert not violations, format_violations(violations)``."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail with a readable list when axe-core finds WCAG 2.1 A/AA violations."""
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{format_violations(violations)}"


def has_horizontal_overflow(page) -> bool:
    """Whether the page is wider than the viewport (it must not be, even at 390 px)."""
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def mail_messages(base_url: str, to: str | None = None) -> list[EmailMessage]:
    """The mails the server at ``base_url`` wrote to its mail folder, oldest first (optionally only to ``to``)."""
    folder = _MAIL_DIRS.get(base_url)
    if folder is None or not folder.exists():
        return []
    messages = []
    for path in sorted(folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if to is None or to.lower() in str(message["To"]).lower():
            messages.append(message)
    return messages


def links_in(message: EmailMessage) -> list[str]:
    """Every http(s) link in the plain-text body of ``message``."""
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return re.findall(r"https?://\S+", text)


def wait_for_mail(base_url: str, to: str, count: int = 1, timeout: float = 10.0) -> EmailMessage:
    """The newest mail to ``to`` once at least ``count`` exist (the server writes them asynchronously to us)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = mail_messages(base_url, to)
        if len(found) >= count:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} from {base_url} within {timeout}s")

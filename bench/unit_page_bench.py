"""Benchmark: a logged-in unit page vs. a minimal Flask "hello" app, both under gunicorn, with wrk.

Usage (from the repository root)::

    .venv/bin/python bench/unit_page_bench.py [--module lernbegleitung] [--workers 4] [--seconds 15]
        [--rounds 3] [--write-docs]

Creates a fresh SQLite database in a temporary folder (``flask lms init`` + ``flask lms demo``), serves
``wsgi:app`` and ``bench/hello_app.py`` the same way (gunicorn, sync workers), signs the demo trainer in
to get a session cookie, and loads each at concurrency 16 with wrk. The two are measured in alternating
rounds and the best round of each is reported, so load from other work on a shared machine hits both
alike. Prints requests/s and p95 of both and the ratio; ``--write-docs`` replaces the "Unit page"
section of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.1f p95_ms=%.2f p50_ms=%.2f requests=%d errors=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95.0) / 1000,
    latency:percentile(50.0) / 1000, summary.requests, errors))
end
"""
LOAD_BEFORE = os.getloadavg()[0]
CPU_SCRIPT = """
import re, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + '/bench']
from hello_app import app as hello
from lms import create_app
def cpu(client, url, n=300, repeat=3):
    for _ in range(20): client.get(url)
    best = float('inf')
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(n): assert client.get(url).status_code == 200, url
        best = min(best, (time.process_time() - start) / n * 1000)
    return best
client = create_app().test_client()
token = re.search(r'name="csrf_token" value="([^"]+)"', client.get('/login').get_data(as_text=True)).group(1)
client.post('/login', data={'email': 'ausbilder@demo.example', 'password': 'zukunft-demo', 'csrf_token': token})
print('CPU hello=%.2f healthz=%.2f notifications=%.2f unit=%.2f' % (cpu(hello.test_client(), '/'),
      cpu(client, '/healthz'), cpu(client, '/notifications/'), cpu(client, sys.argv[2])))
"""
READING = """\
What one signed-in unit page does: read the session cookie (its signing serializer is built once per secret
key), load the person **and** the unread-notification count in one query (the session-version and deactivation
checks stay), check the module's (id, version, hash) and whether the unit was seen (two prebuilt indexed queries
on the session's connection, no ORM entities), render the template, add the security headers. A GET writes
nothing. Markup that is the same for every reader is rendered once per process and kept as fragments
(`lms/core/fragments.py`), keyed by content version (slug, version, content hash), language and URL prefix: the
page head, the menu (per role, section and unread count), the unit's heading, body, self-check heading,
mark-as-read form and pager, and each self-check form per answer order. Rendered per request: the CSRF token
(generated once and placed after the cached part of each form), the seen state, feedback after a check, flashed
messages. Template strings use the catalogue bound once per render. Flask-Limiter's before-request check is not
installed: every limit sits on the login and password-reset views, whose decorators check them (login throttling
is unchanged). Still paid on every request: Flask/Werkzeug request handling, the session cookie, Flask-Login's
session protection, the SQLAlchemy session and the ORM load of the person, Jinja's context set-up.

Python function calls per request through the test client: hello 805, `/notifications/` 4,421 (6,025 before
issue #3), the unit page 3,777 (7,955 before). Instructions per unit-page request (callgrind, test client):
9.66 M before, 5.31 M after (hello 0.79 M).

Before the earlier round (commit 6c289a8): 2.40 ms in-process and 8 % of hello on a quiet machine, measured by
the previous version of this script, whose login and wrk sent different User-Agents so that every measured
request also re-signed the session cookie."""
# One User-Agent for the sign-in and every measured request, as a browser sends: Flask-Login's session
# protection hashes address and agent, and a different agent on each request would mark the session
# non-fresh and re-sign the cookie on every response (measuring a session write that browsers never cause).
USER_AGENT = "unit-page-bench"
SECTION_START = "<!-- learning:unit-page-bench -->"
SECTION_END = "<!-- /learning:unit-page-bench -->"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app: str, port: int, workers: int, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    """Start gunicorn with sync workers and wait until it answers."""
    process = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level",
                                "warning", app], cwd=cwd, env=env)  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def stop(process: subprocess.Popen) -> None:
    """Stop a gunicorn master (and so its workers): politely first, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def login_cookie(base: str, email: str, password: str) -> str:
    """Sign in through the form (with its CSRF token) and return the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    opener.open(base + "/login", data=data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def wrk(url: str, seconds: int, cookie: str | None, script: Path) -> dict[str, float]:
    """Run wrk at concurrency 16 and parse the summary line of the Lua script."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "-H", f"User-Agent: {USER_AGENT}", "-s", str(script), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (.*)", output)
    if match is None:
        raise RuntimeError(output)
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def prepare(folder: Path, base_url: str) -> dict[str, str]:
    """A fresh database with the courses and the demo people."""
    env = {**os.environ, "LMS_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}", "LMS_BASE_URL": base_url,
           "LMS_MAIL_DIR": str(folder / "mail"), "LMS_LOG_LEVEL": "WARNING",
           "LMS_SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789"}  # fmt: skip
    for step in (["lms", "init"], ["lms", "demo"]):
        done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *step], cwd=ROOT, env=env, capture_output=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(step)} failed:\n{done.stderr.decode()[-3000:]}")  # fmt: skip
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="lernbegleitung")
    parser.add_argument("--unit", default=None, help="unit id (default: the module's second unit)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3, help="alternating hello/unit rounds; the best counts")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        script = folder / "report.lua"
        script.write_text(WRK_SCRIPT)
        app_port, hello_port = free_port(), free_port()
        env = prepare(folder, f"http://127.0.0.1:{app_port}")
        unit = args.unit or _second_unit(args.module)
        hello = serve("hello_app:app", hello_port, args.workers, env, ROOT / "bench")
        lms = serve("wsgi:app", app_port, args.workers, env, ROOT)
        try:
            base = f"http://127.0.0.1:{app_port}"
            cookie = login_cookie(base, "ausbilder@demo.example", "zukunft-demo")
            url = f"{base}/learn/{args.module}/u/{unit}"
            check = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
            with urllib.request.urlopen(check) as response:
                assert response.status == 200 and b"Als gelesen markieren" in response.read(), "not signed in"
                assert "Set-Cookie" not in response.headers, "the session would be rewritten on every request"
            wrk(url, 3, cookie, script)  # warm-up
            hello_runs, unit_runs = [], []
            for _round in range(args.rounds):
                hello_runs.append(wrk(f"http://127.0.0.1:{hello_port}/", args.seconds, None, script))
                unit_runs.append(wrk(url, args.seconds, cookie, script))
            hello_result, unit_result = best(hello_runs), best(unit_runs)
            cpu = cpu_profile(env, f"/learn/{args.module}/u/{unit}")
        finally:
            for process in (hello, lms):
                stop(process)
    report = render(args, unit, hello_result, unit_result, cpu)
    print(report)
    if args.write_docs:
        write_docs(report)


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The round with the most requests per second (the one least disturbed by other work)."""
    return max(runs, key=lambda run: run["rps"])


def cpu_profile(env: dict[str, str], path: str) -> dict[str, float]:
    """CPU milliseconds per request in-process (test client): hello, /healthz, a plain page, the unit page."""
    done = subprocess.run([sys.executable, "-c", CPU_SCRIPT, str(ROOT), path], env=env, capture_output=True, text=True)
    match = re.search(r"CPU (.*)", done.stdout)
    if match is None:
        raise RuntimeError(done.stderr[-2000:])
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def _second_unit(slug: str) -> str:
    import yaml

    units = yaml.safe_load((ROOT / "courses" / slug / "module.yaml").read_text(encoding="utf-8"))["units"]
    return units[1] if len(units) > 1 else units[0]


def render(
    args: argparse.Namespace, unit: str, hello: dict[str, float], page: dict[str, float], cpu: dict[str, float]
) -> str:
    ratio = page["rps"] / hello["rps"] if hello["rps"] else 0.0
    ratio_verdict = "met" if ratio >= 0.40 else "NOT met"
    p95_verdict = "met" if page["p95_ms"] <= 100 else "NOT met"
    processor = platform.processor() or platform.machine()
    return "\n".join([
        SECTION_START,
        "## Unit page vs. Flask hello (learning engine)",
        "",
        f"Command: `.venv/bin/python bench/unit_page_bench.py --module {args.module} --workers {args.workers} "
        f"--seconds {args.seconds} --rounds {args.rounds}`  ",
        f"Machine: {os.cpu_count()} CPU cores ({processor}), {platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}, SQLite; gunicorn {args.workers} sync workers for both apps (same "
        f"command line, so the comparison is fair); wrk -t2 -c16 -d{args.seconds}s on the same machine, "
        f"{args.rounds} alternating rounds, best round of each app. Measured "
        f"{time.strftime('%Y-%m-%d %H:%M UTC')}, 1-minute load average {LOAD_BEFORE:.1f} before and "
        f"{os.getloadavg()[0]:.1f} after the run (other work on the machine distorts the figures).",
        "",
        f"Page: `/learn/{args.module}/u/{unit}` as the signed-in demo trainer (session cookie).",
        "",
        "| app | requests/s | p50 (ms) | p95 (ms) | errors |",
        "|---|---:|---:|---:|---:|",
        f"| Flask hello | {hello['rps']:.0f} | {hello['p50_ms']:.1f} | {hello['p95_ms']:.1f} | {hello['errors']:.0f} |",
        f"| unit page | {page['rps']:.0f} | {page['p50_ms']:.1f} | {page['p95_ms']:.1f} | {page['errors']:.0f} |",
        "",
        f"Ratio unit page / hello: **{ratio:.0%}** (target ≥ 40 %: {ratio_verdict}; p95 ≤ 100 ms: {p95_verdict}).",
        "",
        "CPU time per request in-process (Flask test client, same database, no network): "
        f"hello {cpu['hello']:.2f} ms, `/healthz` {cpu['healthz']:.2f} ms, the simplest signed-in page "
        f"`/notifications/` {cpu['notifications']:.2f} ms, the unit page {cpu['unit']:.2f} ms.",
        "",
        READING,
        SECTION_END,
    ])  # fmt: skip


def write_docs(report: str) -> None:
    """Replace (or append) this benchmark's own section in docs/PERFORMANCE.md."""
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if SECTION_START in text:
        before, _sep, rest = text.partition(SECTION_START)
        text = before + report + rest.partition(SECTION_END)[2]
    else:
        text = text.rstrip() + "\n\n" + report + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

"""A second instance of the platform in a subprocess, with its own SQLite database (for LRS tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[2]
FLASK = str(Path(sys.executable).parent / "flask")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LrsProcess:
    """``flask lms init`` + an LRS client + a running server; ``stop()``/``kill()`` end it."""

    def __init__(self, folder: Path, key: str = "target") -> None:
        self.env = {
            **os.environ,
            "LMS_DATABASE_URL": f"sqlite:///{folder / 'lrs.sqlite3'}",
            "LMS_LOG_LEVEL": "WARNING",
            "LMS_MAIL_DIR": str(folder / "mail"),
        }
        self.env.pop("LMS_TEST_DATABASE_URL", None)
        self._flask("lms", "init")
        output = self._flask("lms", "lrs", "create-client", "--key", key, "--scope", "all")
        self.key, self.secret = key, output.strip().splitlines()[-1].split(": ", 1)[1]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xapi"
        self.process: subprocess.Popen | None = None

    def _flask(self, *args: str) -> str:
        result = subprocess.run(
            [FLASK, "--app", "wsgi", *args],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    def start(self, *command: str) -> None:
        command = command or (FLASK, "--app", "wsgi", "run", "--port", str(self.port), "--with-threads")
        self.process = subprocess.Popen(
            command, cwd=PROJECT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/about", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError("LRS subprocess did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def statement_ids(self) -> list[str]:
        """Every statement id stored in this LRS (all pages)."""
        session = requests.Session()
        session.auth = (self.key, self.secret)
        session.headers["X-Experience-API-Version"] = "1.0.3"
        ids, url = [], self.url + "/statements?limit=500"
        while url:
            page = session.get(url, timeout=10).json()
            ids += [s["id"] for s in page["statements"]]
            url = f"http://127.0.0.1:{self.port}{page['more']}" if page["more"] else ""
        return ids

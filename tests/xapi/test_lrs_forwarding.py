"""Forwarding to a real second LRS (this app in a subprocess) survives outages without loss or duplicates."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from lms.db import db
from lms.xapi import forward
from lms.xapi.models import OutboxEntry, OutboxStatus
from tests.xapi.conftest import Lrs, make_statement
from tests.xapi.lrs_process import LrsProcess, free_port


class FaultyProxy:
    """An HTTP proxy in front of the target LRS: mode ``pass``, ``down``, ``500``, ``slow`` or ``lose-answer``."""

    def __init__(self, target: str) -> None:
        self.mode, self.target, self.port = "pass", target, free_port()
        self.log: list[tuple[str, int, str]] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if proxy.mode == "down":
                    self.close_connection = True
                    self.connection.close()
                    return
                if proxy.mode == "500":
                    self.send_response(500)
                    self.send_header("Content-Length", "5")
                    self.end_headers()
                    self.wfile.write(b"oops!")
                    return
                if proxy.mode == "slow":
                    time.sleep(1.5)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = requests.request(
                    self.command, proxy.target + self.path, data=body, headers=headers, timeout=10
                )
                proxy.log.append((self.command, answer.status_code, answer.text[:200]))
                if proxy.mode == "lose-answer":  # the target stored the batch, the sender never hears back
                    self.connection.close()
                    return
                self.send_response(answer.status_code)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = _relay

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xapi"


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Iterator[LrsProcess]:
    process = LrsProcess(tmp_path_factory.mktemp("target-lrs"))
    process.start()
    yield process
    process.stop()


def _attempt(target_url: str, key: str, secret: str) -> forward.ForwardResult:
    forward.state().next_attempt_at = None  # skip the backoff wait in the test
    return forward.forward_once(forward.Target(target_url, key, secret, timeout=0.5), batch_size=7)


def test_every_statement_arrives_exactly_once(lrs: Lrs, target: LrsProcess):
    """With the target down, failing, slow and losing answers, does every statement arrive exactly once?"""
    proxy = FaultyProxy(f"http://127.0.0.1:{target.port}")
    ids = lrs.store(*[make_statement() for _ in range(30)])
    ours = set(ids)
    for mode in ("down", "500", "slow"):
        proxy.mode = mode
        result = _attempt(proxy.url, target.key, target.secret)
        assert result.sent == 0 and result.error, mode
        assert forward.state().failures >= 1 and forward.state().last_error
    proxy.mode = "lose-answer"
    assert _attempt(proxy.url, target.key, target.secret).sent == 0
    assert set(target.statement_ids()) & ours, proxy.log  # the lost batch did arrive
    proxy.mode = "pass"
    delivered: list[str] = []
    for _ in range(20):
        result = _attempt(proxy.url, target.key, target.secret)
        delivered += result.ids
        if not result.error and not result.sent:
            break
    assert ours <= set(delivered)
    on_target = [i for i in target.statement_ids() if i in ours]
    assert sorted(on_target) == sorted(ours) and len(on_target) == len(ours)
    pending = db.session.query(OutboxEntry).filter(OutboxEntry.status == OutboxStatus.PENDING).count()
    assert pending == 0
    proxy.server.shutdown()


def test_backoff_grows_with_failures():
    """Does the backoff delay grow exponentially (with jitter) and stay capped?"""
    assert max(forward.backoff_delay(1) for _ in range(50)) <= 2.0
    assert max(forward.backoff_delay(6) for _ in range(200)) > 8.0
    assert max(forward.backoff_delay(40) for _ in range(50)) <= forward.MAX_DELAY


def test_rejected_statement_is_dead_lettered(lrs: Lrs, target: LrsProcess):
    """Is a statement the target keeps rejecting with 4xx dead-lettered with its reason after retries?"""
    lrs.store(make_statement())
    wrong = forward.Target(target.url, target.key, "wrong-secret", timeout=2)
    forward.state().next_attempt_at = None
    assert forward.forward_once(wrong).error  # 401 counts as transient (credentials may be fixed)

    class Rejecting(forward.Target):
        def send(self, method, statements, bodies, **params):
            response = requests.Response()
            response.status_code, response._content = 400, b'{"message":"rejected"}'
            return response

    rejecting = Rejecting(target.url, target.key, target.secret, timeout=2)
    for _ in range(forward.MAX_REJECTIONS + 1):
        forward.state().next_attempt_at = None
        forward.forward_once(rejecting, max_batches=1)
    dead = db.session.query(OutboxEntry).filter(OutboxEntry.status == OutboxStatus.DEAD).all()
    assert dead and "rejected" in dead[0].last_error
    info = forward.backlog()
    assert info["dead"] >= 1

"""Forwarding the outbox to an external LRS, in stored order, without loss or duplicates.

Statements go out in batches (POST /statements). The target answers 409 for a batch that
contains an id it already has; the batch is then resent statement by statement with PUT,
where 204 (stored, or identical already there) and 409 (already there) both count as
delivered — so a crash between sending and marking never causes a duplicate. Server errors,
timeouts and refused connections back off exponentially with full jitter; a statement the
target rejects with another 4xx MAX_REJECTIONS times is dead-lettered with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from flask import current_app
from sqlalchemy import func, select

from lms.db import db, utcnow
from lms.xapi.api.multipart import build_multipart
from lms.xapi.models import Attachment, ForwardState, OutboxEntry, OutboxStatus, Statement

MAX_REJECTIONS = 3
BASE_DELAY, MAX_DELAY = 1.0, 300.0


class TransientError(Exception):
    """The target is down, slow or failing (5xx): retry the same batch later."""


@dataclass
class ForwardResult:
    sent: int = 0
    dead: int = 0
    error: str | None = None
    waiting_until: dt.datetime | None = None
    ids: list[str] = field(default_factory=list)


def state() -> ForwardState:
    row = db.session.get(ForwardState, 1)
    if row is None:
        row = ForwardState(id=1, failures=0)
        db.session.add(row)
        db.session.flush()
    return row


def backlog() -> dict[str, Any]:
    """Counts per status, the oldest pending entry's age and the forwarder's last error."""
    counts = dict(db.session.execute(select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status)).all())
    oldest = db.session.scalar(
        select(func.min(OutboxEntry.created_at)).where(OutboxEntry.status == OutboxStatus.PENDING)
    )
    dead = list(
        db.session.scalars(
            select(OutboxEntry).where(OutboxEntry.status == OutboxStatus.DEAD).order_by(OutboxEntry.id.desc()).limit(20)
        )
    )
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return {
        "pending": counts.get(OutboxStatus.PENDING, 0),
        "sent": counts.get(OutboxStatus.SENT, 0),
        "dead": counts.get(OutboxStatus.DEAD, 0),
        "oldest_pending_age": (utcnow() - oldest) if oldest else None,
        "state": db.session.get(ForwardState, 1),
        "dead_entries": dead,
        "target": current_app.config["LRS_FORWARD_URL"],
    }


def backoff_delay(failures: int) -> float:
    """Exponential backoff with full jitter (seconds)."""
    return random.uniform(BASE_DELAY / 2, min(MAX_DELAY, BASE_DELAY * 2 ** min(failures, 20)))  # noqa: S311


class Target:
    """The external LRS: URL, credentials, timeout."""

    def __init__(self, url: str, username: str, password: str, timeout: float) -> None:
        self.url = url.rstrip("/") + "/statements"
        self.session = requests.Session()
        if username:
            self.session.auth = (username, password)
        self.session.headers["X-Experience-API-Version"] = "1.0.3"
        self.timeout = timeout

    @classmethod
    def from_config(cls) -> Target:
        config = current_app.config
        return cls(
            config["LRS_FORWARD_URL"],
            config["LRS_FORWARD_USERNAME"],
            config["LRS_FORWARD_PASSWORD"],
            config["LRS_FORWARD_TIMEOUT"],
        )

    def send(self, method: str, statements: Any, bodies: list[tuple[str, str, bytes]], **params: str):
        if bodies:
            data, content_type = build_multipart(statements, bodies)
        else:
            data, content_type = json.dumps(statements, ensure_ascii=False).encode(), "application/json"
        try:
            response = self.session.request(
                method, self.url, params=params, data=data, timeout=self.timeout, headers={"Content-Type": content_type}
            )
        except requests.RequestException as error:
            raise TransientError(f"{type(error).__name__}: {error}"[:900]) from error
        if response.status_code >= 500 or response.status_code in (401, 403, 408, 429):
            raise TransientError(f"HTTP {response.status_code}: {response.text[:300]}")
        return response


def _bodies(statements: list[dict[str, Any]]) -> list[tuple[str, str, bytes]]:
    hashes = {a["sha2"].lower() for s in statements for a in s.get("attachments") or [] if "sha2" in a}
    if not hashes:
        return []
    rows = db.session.scalars(select(Attachment).where(Attachment.sha2.in_(hashes)))
    return [(a.sha2, a.content_type, a.content) for a in rows]


def forward_once(target: Target | None = None, batch_size: int = 100, max_batches: int | None = None) -> ForwardResult:
    """Send pending statements until the outbox is empty, a batch fails, or max_batches are done."""
    target = target or Target.from_config()
    result = ForwardResult()
    current = state()
    if current.next_attempt_at is not None and current.next_attempt_at > utcnow():
        result.waiting_until = current.next_attempt_at
        return result
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = db.session.execute(
            select(OutboxEntry, Statement.full_json)
            .join(Statement, Statement.id == OutboxEntry.statement_pk)
            .where(OutboxEntry.status == OutboxStatus.PENDING)
            .order_by(OutboxEntry.id)
            .limit(batch_size)
        ).all()
        if not rows:
            break
        try:
            _send_batch(target, [(entry, json.loads(text)) for entry, text in rows], result)
        except TransientError as error:
            _failed(str(error), result)
            db.session.commit()
            return result
        current = state()
        current.failures, current.next_attempt_at, current.last_success_at = 0, None, utcnow()
        db.session.commit()
        batches += 1
    return result


def _failed(message: str, result: ForwardResult) -> None:
    current = state()
    current.failures = (current.failures or 0) + 1
    current.last_error, current.last_error_at = message[:1000], utcnow()
    current.next_attempt_at = utcnow() + dt.timedelta(seconds=backoff_delay(current.failures))
    result.error = message


def _send_batch(target: Target, batch: list[tuple[OutboxEntry, dict[str, Any]]], result: ForwardResult) -> None:
    statements = [statement for _entry, statement in batch]
    response = target.send("POST", statements, _bodies(statements))
    if response.status_code == 200:
        for entry, statement in batch:
            _delivered(entry, statement, result)
        return
    for entry, statement in batch:  # 409 or another 4xx: find out statement by statement
        single = target.send("PUT", statement, _bodies([statement]), statementId=statement["id"])
        if single.status_code in (200, 204, 409):
            _delivered(entry, statement, result)
        else:
            entry.attempts += 1
            entry.last_error = f"HTTP {single.status_code}: {single.text[:900]}"
            if entry.attempts >= MAX_REJECTIONS:
                entry.status = OutboxStatus.DEAD
                result.dead += 1
            else:
                raise TransientError(f"statement {statement['id']} rejected: {entry.last_error}")


def _delivered(entry: OutboxEntry, statement: dict[str, Any], result: ForwardResult) -> None:
    entry.status, entry.sent_at, entry.last_error = OutboxStatus.SENT, utcnow(), None
    result.sent += 1
    result.ids.append(statement["id"])


def run_loop(poll_seconds: float = 2.0, stop_after: float | None = None) -> None:
    """The worker: forward, then sleep until the next attempt is due or new statements may exist."""
    started = time.monotonic()
    target = Target.from_config()
    while stop_after is None or time.monotonic() - started < stop_after:
        result = forward_once(target)
        db.session.remove()
        if result.waiting_until is not None:
            time.sleep(max(0.05, min(poll_seconds, (result.waiting_until - utcnow()).total_seconds())))
        elif result.error or not result.sent:
            time.sleep(poll_seconds)

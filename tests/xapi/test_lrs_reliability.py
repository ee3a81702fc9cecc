"""Reliability: concurrent writers with duplicate ids and SIGKILL mid-batch against a real server
process, and the upkeep of SQLite's write-ahead log after each stored batch.

The full-size run (16 writers × 5,000 statements, more kills) is bench/lrs_reliability.py.
"""

from __future__ import annotations

import uuid

import pytest

from bench.lrs_reliability import concurrent_writers, kill_rounds, kill_server, start_gunicorn, stored_count
from tests.xapi.conftest import make_statement
from tests.xapi.lrs_process import LrsProcess


@pytest.mark.slow
def test_concurrent_writers_store_each_distinct_id_once(tmp_path):
    """Do 8 writers whose batches share ids store exactly the distinct ids, without any 5xx?"""
    lrs = LrsProcess(tmp_path, key="rel-" + uuid.uuid4().hex[:6])
    start_gunicorn(lrs, workers=4)
    try:
        distinct, statuses, _seconds = concurrent_writers(lrs, writers=8, per_writer=300)
    finally:
        lrs.stop()
    assert stored_count(lrs) == distinct
    assert not [code for code in statuses if not isinstance(code, int) or code >= 500], statuses


@pytest.mark.slow
def test_sigkill_mid_batch_stores_nothing_or_the_whole_batch(tmp_path):
    """Killed before its commit a batch leaves nothing, killed right after it the whole batch; never a part.

    The after-commit kill lands when a reader first sees a row of the batch, so a server that
    committed a batch in pieces would be caught with a part of it stored.
    """
    lrs = LrsProcess(tmp_path, key="kill-" + uuid.uuid4().hex[:6])
    try:
        kills = kill_rounds(lrs, rounds=4, batch_size=1000)
        start_gunicorn(lrs, workers=1)  # the database opens cleanly after the kills
        served = len(lrs.statement_ids())
    finally:
        if lrs.process is not None:
            kill_server(lrs)
    report = [(k.mode, round(k.seconds, 2), k.stored, k.answered) for k in kills]
    assert all(kill.atomic for kill in kills), report
    assert [k.stored for k in kills if k.mode == "before-commit"] == [0, 0], report
    assert [k.stored for k in kills if k.mode == "after-commit"] == [1000, 1000], report
    assert served == stored_count(lrs) == 3000  # the calibration batch and the two committed ones


def test_the_lrs_looks_at_the_log_after_each_stored_batch(lrs, monkeypatch):
    """Does every stored batch, and only a stored one, end with a look at the length of SQLite's
    write-ahead log (``lms.db.restart_long_wal``, tested in tests/core/test_sqlite_wal.py)?"""
    calls = []
    monkeypatch.setattr("lms.xapi.api.statements.restart_long_wal", lambda: calls.append(1))
    sid = "6f1f5c2a-4d1e-4a8e-9a41-3c2b1d0e9f87"
    assert lrs.post("/statements", json_body=[make_statement(), make_statement()]).status_code == 200
    assert lrs.put("/statements", params={"statementId": sid}, json_body=make_statement()).status_code == 204
    assert len(calls) == 2
    conflicting = {**make_statement(), "id": sid}
    assert lrs.post("/statements", json_body=[conflicting]).status_code == 409
    assert len(calls) == 2, "a batch that stored nothing does not look"

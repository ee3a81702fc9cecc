"""Reliability against a real server process: concurrent writers with duplicate ids, SIGKILL mid-batch.

The full-size run (16 writers × 5,000 statements) is bench/lrs_reliability.py.
"""

from __future__ import annotations

import uuid

import pytest

from bench.lrs_reliability import concurrent_writers, kill_rounds, start_gunicorn, stored_count
from tests.xapi.lrs_process import LrsProcess


@pytest.mark.slow
def test_concurrent_writers_and_sigkill(tmp_path):
    """Do 8 writers with shared ids store exactly the distinct ids, no 5xx; is a killed batch all-or-nothing?"""
    lrs = LrsProcess(tmp_path, key="rel-" + uuid.uuid4().hex[:6])
    start_gunicorn(lrs, workers=4)
    try:
        distinct, statuses, _seconds = concurrent_writers(lrs, writers=8, per_writer=300)
    finally:
        lrs.stop()
    assert stored_count(lrs) == distinct
    assert not [code for code in statuses if not isinstance(code, int) or code >= 500], statuses
    for _delay, stored in kill_rounds(lrs, rounds=2, batch_size=1000):
        assert stored in (0, 1000)

"""Property-based fuzzing of the LRS API (driven by /xapi/openapi.json): no request causes a 5xx.

The 10,000-request run is bench/lrs_fuzz.py; this is the quick version for every test run.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.xapi.conftest import Lrs
from tests.xapi.fuzz_strategies import operations, requests

SPEC_OPERATIONS: list = []


def _ops(client) -> list:
    if not SPEC_OPERATIONS:
        SPEC_OPERATIONS.extend(operations(client.get("/xapi/openapi.json").json))
    return SPEC_OPERATIONS


def test_fuzzed_requests_never_cause_server_errors(lrs: Lrs):
    """Does any generated request (valid or garbage) make the LRS answer 5xx?"""
    ops = _ops(lrs.client)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(requests(ops))
    def check(request):
        response = lrs.request(
            request["method"],
            request["path"],
            params=request["params"],
            data=request["body"],
            headers=request["headers"],
            content_type=request["headers"]["Content-Type"] or None,
        )
        assert response.status_code < 500, (request, response.get_data(as_text=True)[:500])
        assert response.headers["X-Experience-API-Version"] == "1.0.3"

    check()

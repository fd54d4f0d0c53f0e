"""Property-based run over the app's own OpenAPI schema: no 500, every response as documented.

Valid and invalid requests (schemathesis' positive and negative modes) against each operation.
Bounded (30 examples per operation, derandomized) so the suite stays fast; on both backends,
since each database rejects different bytes and numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.openapi import from_asgi

from app.config import Settings
from app.ingest import store_article
from app.main import create_app
from tests.api.factories import synthetic

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
OPERATIONS = [
    (path, method.upper())
    for path, item in create_app(Settings(database_url="sqlite://")).openapi()["paths"].items()
    for method in item
]


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_500_and_responses_match_the_schema(client, session, path, method):
    for i in range(5):  # a few stored rows, so that ids and filters sometimes hit something
        store_article(session, *synthetic(i), merge=False)
    if method == "POST":
        from app.extraction import nlp

        nlp.load()  # the model loads once per process; not inside a request's time limit
    operation = from_asgi("/openapi.json", client.app)[path][method]

    cases = st.one_of(operation.as_strategy(), operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=30, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS, timeout=120)

    run()

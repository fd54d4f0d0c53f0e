"""Property-based run over the app's own OpenAPI schema: no 5xx, every response as documented.

Valid and invalid requests (schemathesis' positive and negative modes) against each operation, then
cursors and ids built to reach past the schema (well-formed base64 JSON carrying huge or negative ids,
NUL bytes, lone surrogates, odd shapes), which a schema-driven generator almost never produces.
Bounded (a fixed number of examples per operation, derandomized, no example database) so the suite stays
fast; on both backends, since each database rejects different bytes and numbers.
"""

from __future__ import annotations

import base64
import json
import time

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
from app.main import create_app
from app.store.articles import store_article
from tests.api.factories import synthetic

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
OPERATIONS = [
    (path, method.upper())
    for path, item in create_app(Settings(database_url="sqlite://")).openapi()["paths"].items()
    for method in item
]


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_500_and_responses_match_the_schema(client, session, path, method):
    for i in range(5):  # a few stored rows, so that ids and filters sometimes hit something
        store_article(session, *synthetic(i), merge=False)
    _ready(client)
    operation = from_asgi("/openapi.json", client.app)[path][method]

    cases = st.one_of(operation.as_strategy(), operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=30, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS, timeout=120)

    started = time.monotonic()
    run()
    assert time.monotonic() - started < TIME_BUDGET_S, f"{method} {path}: the fuzzing run exceeded its time budget"


TIME_BUDGET_S = 240  # per operation and backend: the whole suite must stay well under CI's 20 minutes


def _ready(client) -> None:
    """The NLP model loaded (once per process), so that /readyz answers 200 from the app's start: a 503 while the
    model loads is documented, and no finding."""
    from fastapi.testclient import TestClient

    from app.extraction import nlp

    nlp.load()
    with TestClient(client.app) as c:  # runs the lifespan, as every schemathesis call does
        assert c.get("/readyz").status_code == 200


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)  # NUL and lone surrogates included
_json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    _any_text,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
_ids = st.one_of(
    st.integers(), st.integers(-3, 3), st.integers(2**31 - 3, 2**31 + 3), st.integers(2**63 - 2, 2**63 + 2)
)


def _cursors(kind: str):
    triples = st.tuples(st.sampled_from([kind, "events", "articles", "actors", "x"]), _json_values, _ids)
    raw = st.one_of(
        triples.map(lambda t: json.dumps(list(t)).encode()),
        st.lists(_json_values, max_size=4).map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=60),
    )
    return st.one_of(raw.map(_b64), st.text(max_size=60))


LISTINGS = [
    ("/v1/events", "events", {}),
    ("/v1/events", "events-desc", {"sort": "-date"}),
    ("/v1/events", "events-updated", {"sort": "updated"}),
    ("/v1/events.csv", "events", {}),
    ("/v1/events.ndjson", "events-updated", {"updated_since": "2019-01-01T00:00:00Z"}),
    ("/v1/articles", "articles", {}),
    ("/v1/actors", "actors", {}),
]


@pytest.mark.parametrize(("path", "kind", "params"), LISTINGS, ids=[f"{p} {k}" for p, k, _ in LISTINGS])
def test_forged_cursors_are_422_never_5xx(client, session, path, kind, params):
    for i in range(5):
        store_article(session, *synthetic(i), merge=False)

    @given(cursor=_cursors(kind))
    @settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(cursor):
        r = client.get(path, params={**params, "cursor": cursor})
        assert r.status_code in (200, 422), (cursor, r.status_code, r.text[:300])
        if r.status_code == 422:
            assert r.json()["errors"][0]["loc"] in (["query", "cursor"], ["query"]), r.text[:300]

    run()


ID_PARAMS = [
    ("/v1/events", "actor"),
    ("/v1/events/histogram", "actor"),
    ("/v1/actors", "q"),
    ("/v1/events", "article_id"),
    ("/v1/events", "updated_since"),
    ("/v1/events", "date_to"),
]


@pytest.mark.parametrize(("path", "name"), ID_PARAMS, ids=[f"{p} {n}" for p, n in ID_PARAMS])
def test_ids_numbers_and_dates_in_any_shape_are_never_5xx(client, session, path, name):
    store_article(session, *synthetic(0), merge=False)
    values = st.one_of(
        _ids.map(str),
        st.from_regex(r"[0-9]{1,30}", fullmatch=True),
        _any_text,
        st.from_regex(r"-?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}([T ][0-9:.]{1,15})?([+-][0-9:]{1,6}|Z)?", fullmatch=True),
    )

    @given(value=values)
    @settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(value):
        r = client.get(path, params={name: value})
        assert r.status_code in (200, 422), (value, r.status_code, r.text[:300])
        if r.status_code == 422:
            assert r.json()["errors"][0]["loc"][:2] == ["query", name], r.text[:300]

    run()

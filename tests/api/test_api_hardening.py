"""No 500 from any input: ids and cursors checked before SQL, dates only as ISO 8601, 405 with a full Allow,
the body limit on the decoded text, malformed JSON located, API keys checked at start-up, the external_id
rule, and bugs answered as logged 500s with a request id. Over HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys

import pytest
from pydantic import ValidationError

from app.config import Settings
from app.store.articles import store_article
from tests.api.factories import synthetic

BODY = {"source": "S", "published_at": "2019-03-12", "text": "Nothing dated."}


def _cursor(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _j(obj) -> str:
    return _cursor(json.dumps(obj).encode())


def _is_422(r, *loc):
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["loc"] == list(loc), r.json()
    assert r.json()["detail"].startswith(".".join(str(x) for x in loc[1:]) + ":"), r.json()["detail"]


BAD_CURSORS = {
    "id over int32": lambda k, key: _j([k, key, 2**31]),
    "id over int64": lambda k, key: _j([k, key, 2**70]),
    "negative id": lambda k, key: _j([k, key, -1]),
    "float id": lambda k, key: _j([k, key, 1.5]),
    "NUL in key": lambda k, key: _j([k, "a\x00b", 1]),
    "lone surrogate in key": lambda k, key: _cursor(f'["{k}","\\ud800",1]'.encode()),
    "long key": lambda k, key: _j([k, "x" * 5000, 1]),
    "object key": lambda k, key: _j([k, {"a": 1}, 1]),
    "two items": lambda k, key: _j([k, 1]),
    "not JSON": lambda k, key: _cursor(b"\xff\xfe not json"),
    "not base64": lambda k, key: "!!!%00",
    "other listing": lambda k, key: _j(["elsewhere", key, 1]),
}
LISTINGS = [
    ("/v1/events", "events", "2019-01-01", {}),
    ("/v1/events", "events-desc", "2019-01-01", {"sort": "-date"}),
    ("/v1/events", "events-updated", "2019-01-01T00:00:00+00:00", {"sort": "updated"}),
    ("/v1/events.ndjson", "events", "2019-01-01", {}),
    ("/v1/articles", "articles", None, {}),
    ("/v1/actors", "actors", "germany", {}),
]


def test_every_bad_cursor_is_422_naming_cursor(client, session):
    for i in range(3):
        store_article(session, *synthetic(i), merge=False)
    for path, kind, key, params in LISTINGS:
        for name, make in BAD_CURSORS.items():
            r = client.get(path, params={**params, "cursor": make(kind, key)})
            assert r.status_code == 422, (path, name, r.status_code, r.text)
            _is_422(r, "query", "cursor")
        # the real cursor still works
        first = client.get(path.replace(".ndjson", ""), params={**params, "limit": 1})
        nxt = first.json()["next_cursor"]
        assert nxt and client.get(path, params={**params, "cursor": nxt}).status_code == 200


def test_updated_cursor_out_of_range_in_utc_is_422(client):
    r = client.get(
        "/v1/events", params={"sort": "updated", "cursor": _j(["events-updated", "9999-12-31T23:59:59-23:00", 1])}
    )
    _is_422(r, "query", "cursor")


def test_actor_ids_out_of_range_are_422_naming_the_parameter(client, session):
    store_article(session, *synthetic(0), merge=False)
    for value in ["2147483648", "9999999999", "99999999999999999999999", "0"]:
        _is_422(client.get("/v1/events", params={"actor": value}), "query", "actor")
        _is_422(client.get("/v1/events/histogram", params={"actor": value}), "query", "actor")
        _is_422(client.get("/v1/actors", params={"q": value}), "query", "q")
    ok = client.get("/v1/events", params={"actor": "1"})
    assert ok.status_code == 200 and len(ok.json()["items"]) == 1
    # digits of other scripts are a name, not an id
    for value in ["²", "١٢"]:
        r = client.get("/v1/events", params={"actor": value})
        assert r.status_code == 200 and r.json()["items"] == []


@pytest.mark.parametrize("name", ["date_from", "date_to", "published_from", "published_to"])
def test_dates_are_iso_not_unix_timestamps(client, name):
    _is_422(client.get("/v1/events", params={name: "1552348800"}), "query", name)
    assert client.get("/v1/events", params={name: "2019-03-12"}).status_code == 200


def test_updated_since_is_iso_and_in_range(client):
    _is_422(client.get("/v1/events", params={"updated_since": "1552348800"}), "query", "updated_since")
    for v in ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+14:00"]:
        _is_422(client.get("/v1/events", params={"updated_since": v}), "query", "updated_since")
    assert client.get("/v1/events", params={"updated_since": "2019-03-12T00:00:00Z"}).status_code == 200


def test_empty_language_is_a_problem_with_language(client, extractor):
    for lang in ["", "   ", "e n", "english!"]:
        _is_422(client.post("/v1/articles", json={**BODY, "language": lang}), "body", "language")
        _is_422(
            client.post("/v1/parse", json={"text": "x", "published_at": "2019-03-12", "language": lang}),
            "body",
            "language",
        )
    assert client.post("/v1/articles", json={**BODY, "language": "en-GB"}).status_code == 201


def test_405_with_a_complete_allow_header(client):
    cases = {
        ("GET", "/v1/articles/batch"): "POST",
        ("DELETE", "/v1/articles/batch"): "POST",
        ("PUT", "/v1/articles"): "GET, POST",
        ("PUT", "/v1/articles/5"): "DELETE, GET",
        ("POST", "/v1/events/histogram"): "GET",
        ("GET", "/v1/parse"): "POST",
        ("POST", "/v1/events"): "GET",
    }
    for (method, path), allow in cases.items():
        r = client.request(method, path)
        assert r.status_code == 405, (method, path, r.status_code)
        assert r.headers["allow"] == allow, (method, path, r.headers.get("allow"))
        assert r.headers["content-type"].startswith("application/problem+json") and r.json()["status"] == 405


def test_body_limit_counts_the_decoded_text_not_its_json_escapes(make_client, extractor):
    client = make_client(max_text_bytes=70_000)
    for i, text in enumerate(['"' * 70_000, "\x01" * 70_000, "é" * 35_000, "😀" * 17_500]):
        assert len(text.encode()) == 70_000
        raw = json.dumps({**BODY, "text": text, "external_id": f"t{i}"}).encode()  # ASCII escapes: up to 6x the text
        assert len(raw) > 70_000 + 65_536 or i == 2 or i == 3
        r = client.post("/v1/articles", content=raw, headers={"content-type": "application/json"})
        assert r.status_code == 201, (i, r.status_code, r.text[:200])
    r = client.post("/v1/articles", json={**BODY, "text": '"' * 70_001})
    assert r.status_code == 413 and r.json()["errors"][0]["loc"] == ["body", "text"]


def test_malformed_json_names_line_and_column(client):
    r = client.post(
        "/v1/articles",
        content=b'{"source": "S",\n "published_at": "2019-03-12",\n  oops}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body"]
    assert "line 3, column 3" in r.json()["detail"], r.json()["detail"]


def test_an_api_key_no_header_can_carry_is_refused_at_start_up(tmp_path):
    with pytest.raises(ValidationError, match="key 2 has characters no Authorization header can carry"):
        Settings(database_url="sqlite://", api_keys="good-key, clé")
    with pytest.raises(ValidationError):
        Settings(database_url="sqlite://", api_keys="with space")
    assert Settings(database_url="sqlite://", api_keys="a-b_c.d~e+f/g=").keys == ["a-b_c.d~e+f/g="]
    env = {
        "PATH": "/usr/bin:/bin",
        "DATELINE_API_KEYS": "ключ",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "HOME": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--no-migrate"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]),
    )
    assert out.returncode != 0
    assert "configuration error: api_keys" in out.stderr and "Traceback" not in out.stderr, out.stderr[-2000:]


# --------------------------------------------------------------------------- external_id wins


def test_same_external_id_with_edited_text_is_409_and_changes_nothing(client, extractor):
    first = client.post("/v1/articles", json={**BODY, "external_id": "wire-1"})
    assert first.status_code == 201
    r = client.post("/v1/articles", json={**BODY, "external_id": "wire-1", "text": "Nothing dated, corrected."})
    assert r.status_code == 409, r.text
    assert r.json()["errors"][0]["loc"] == ["body", "external_id"] and str(first.json()["id"]) in r.json()["detail"]
    r = client.post("/v1/articles", json={**BODY, "external_id": "wire-1", "source": "Other"})
    assert r.status_code == 409
    again = client.post("/v1/articles", json={**BODY, "external_id": "wire-1"})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    items = client.get("/v1/articles").json()["items"]
    assert len(items) == 1 and client.get(f"/v1/articles/{first.json()['id']}").json()["text"] == BODY["text"]


def test_batch_conflict_stores_nothing(client, extractor):
    assert client.post("/v1/articles", json={**BODY, "external_id": "wire-1"}).status_code == 201
    r = client.post(
        "/v1/articles/batch",
        json={
            "articles": [
                {**BODY, "text": "New one.", "external_id": "wire-2"},
                {**BODY, "text": "Edited.", "external_id": "wire-1"},
            ]
        },
    )
    assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "articles", 1, "external_id"]
    r = client.post(
        "/v1/articles/batch",
        json={
            "articles": [
                {**BODY, "text": "A.", "external_id": "wire-3"},
                {**BODY, "text": "B.", "external_id": "wire-3"},
            ]
        },
    )
    assert r.status_code == 409 and r.json()["errors"][0]["loc"] == ["body", "articles", 1, "external_id"]
    assert [a["external_id"] for a in client.get("/v1/articles").json()["items"]] == ["wire-1"]


# --------------------------------------------------------------------------- bugs are logged 500s


def _boom(*a, **k):
    raise RuntimeError("internal detail 7f3a")


def _is_logged_500(r, caplog, given_id=None):
    assert r.status_code == 500, r.text
    body = r.json()
    assert "internal detail 7f3a" not in r.text and body["status"] == 500
    rid = body["request_id"]
    assert rid and r.headers["x-request-id"] == rid and rid in body["detail"]
    if given_id:
        assert rid == given_id
    logged = [rec for rec in caplog.records if rec.levelno >= logging.ERROR and rid in rec.getMessage()]
    assert logged and logged[0].exc_info and "internal detail 7f3a" in str(logged[0].exc_info[1])


def test_a_bug_in_parse_is_a_logged_500_with_a_request_id(client, monkeypatch, caplog):
    monkeypatch.setattr("app.extraction.extract", _boom)
    r = client.post(
        "/v1/parse",
        json={"text": "Talks on Friday.", "published_at": "2019-03-12"},
        headers={"X-Request-ID": "client-req-42"},
    )
    _is_logged_500(r, caplog, "client-req-42")


def test_a_bug_in_ingest_is_a_logged_500_and_stores_nothing(client, monkeypatch, caplog):
    monkeypatch.setattr("app.extraction.extract", _boom)
    monkeypatch.setattr("app.extraction.extract_many", lambda docs, workers=1: _boom())
    _is_logged_500(client.post("/v1/articles", json=BODY), caplog)
    _is_logged_500(client.post("/v1/articles/batch", json={"articles": [BODY]}), caplog)
    assert client.get("/v1/articles").json()["items"] == []


def test_a_bug_in_merging_is_a_500_not_silence(client, monkeypatch, caplog, extractor):
    def broken():
        raise ImportError("cannot import name 'same_happening'")

    monkeypatch.setattr("app.store.events._merge_functions", broken)
    r = client.post("/v1/articles", json=BODY)
    assert r.status_code == 500 and "request_id" in r.json()
    assert client.get("/v1/articles").json()["items"] == []


def test_input_the_extractor_refuses_is_422_naming_its_field(client, monkeypatch):
    from app.extraction.errors import ExtractionInputError

    def refuse(*a, **k):
        raise ExtractionInputError("published_at", "before the calendar")

    monkeypatch.setattr("app.extraction.extract", refuse)
    monkeypatch.setattr(
        "app.extraction.extract_many", lambda docs, workers=1: [ExtractionInputError("text", "unreadable")]
    )
    _is_422(client.post("/v1/parse", json={"text": "x", "published_at": "2019-03-12"}), "body", "published_at")
    _is_422(client.post("/v1/articles", json=BODY), "body", "published_at")
    _is_422(client.post("/v1/articles/batch", json={"articles": [BODY]}), "body", "articles", 0, "text")


def test_every_answer_has_a_request_id(client):
    a, b = client.get("/v1/events"), client.get("/v1/nothing")
    assert (
        a.headers["x-request-id"]
        and b.headers["x-request-id"]
        and a.headers["x-request-id"] != b.headers["x-request-id"]
    )
    assert client.get("/healthz", headers={"X-Request-ID": "abc-1"}).headers["x-request-id"] == "abc-1"
    assert (
        client.get("/healthz", headers={"X-Request-ID": "bad id\twith tab"}).headers["x-request-id"]
        != "bad id\twith tab"
    )


# --------------------------------------------------------------------------- parse under the writes' key rule


def test_parse_needs_a_key_when_writes_do(make_client):
    c = make_client(api_keys="k-one")
    r = c.post("/v1/parse", json={"text": "Talks on Friday.", "published_at": "2019-03-12"})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    ok = c.post(
        "/v1/parse",
        json={"text": "Talks on Friday.", "published_at": "2019-03-12"},
        headers={"Authorization": "Bearer k-one"},
    )
    assert ok.status_code == 200 and ok.json()["timexes"]
    assert c.get("/v1/events").status_code == 200  # reads stay open

"""API keys: writes need one when DATELINE_API_KEYS is set; reads only when DATELINE_READ_AUTH is true."""

from __future__ import annotations

import pytest

BODY = {"source": "S", "published_at": "2019-03-12", "text": "Nothing dated."}


@pytest.fixture
def keyed(make_client, extractor):
    return make_client(api_keys="k-one, k-two")


def _is_401(r):
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["errors"][0]["loc"] == ["header", "Authorization"]


def test_writes_need_a_key(keyed):
    _is_401(keyed.post("/v1/articles", json=BODY))
    _is_401(keyed.post("/v1/articles", json=BODY, headers={"Authorization": "Bearer wrong"}))
    _is_401(keyed.post("/v1/articles", json=BODY, headers={"Authorization": "Basic azpvbmU="}))
    _is_401(keyed.post("/v1/articles/batch", json={"articles": [BODY]}))
    assert keyed.get("/v1/articles").json()["items"] == []
    r = keyed.post("/v1/articles", json=BODY, headers={"Authorization": "Bearer k-two"})
    assert r.status_code == 201
    _is_401(keyed.delete(f"/v1/articles/{r.json()['id']}"))
    assert keyed.delete(f"/v1/articles/{r.json()['id']}", headers={"Authorization": "Bearer k-one"}).status_code == 204


def test_reads_stay_open_by_default(keyed):
    for path in ["/v1/events", "/v1/articles", "/v1/actors", "/v1/countries", "/v1/timeline.json", "/healthz"]:
        assert keyed.get(path).status_code == 200, path


def test_reads_need_a_key_when_configured(make_client, extractor):
    c = make_client(api_keys="k-one", read_auth=True)
    for path in ["/v1/events", "/v1/articles", "/v1/actors", "/v1/countries", "/v1/timeline.json", "/v1/events/1"]:
        _is_401(c.get(path))
    assert c.get("/v1/events", headers={"Authorization": "Bearer k-one"}).status_code == 200
    assert c.get("/healthz").status_code == 200  # liveness stays open for probes


def test_without_keys_writes_are_open(client, extractor):
    assert client.post("/v1/articles", json=BODY).status_code == 201

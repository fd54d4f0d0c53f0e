"""Health, parse, and the problem+json shape of framework errors."""

from __future__ import annotations


def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["database"] == "ok"


def test_parse_returns_timexes_and_events_and_stores_nothing(client):
    text = "Germany announced March 7 that it would not ban any company from bidding on 5G contracts."
    r = client.post("/v1/parse", json={"text": text, "published_at": "2019-03-12"})
    assert r.status_code == 200, r.text
    data = r.json()
    march7 = [t for t in data["timexes"] if t["value"] == "2019-03-07"]
    assert march7 and text[march7[0]["start"] : march7[0]["end"]] == "March 7"
    assert any(e["date"]["value"] == "2019-03-07" for e in data["events"])
    assert client.get("/v1/events").json()["items"] == [] and client.get("/v1/articles").json()["items"] == []


def test_parse_errors_name_the_field(client):
    r = client.post("/v1/parse", json={"text": "x", "published_at": "yesterday"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "published_at"]
    r = client.post("/v1/parse", json={"published_at": "2019-03-12"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "text"]


def test_parse_text_over_the_limit_is_413(make_client):
    c = make_client(max_text_bytes=50)
    r = c.post("/v1/parse", json={"text": "word " * 20, "published_at": "2019-03-12"})
    assert r.status_code == 413 and r.json()["errors"][0]["loc"] == ["body", "text"]


def test_unknown_route_and_method_are_problems(client):
    r = client.get("/v1/nothing")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["instance"] == "/v1/nothing"
    r = client.put("/v1/events")
    assert r.status_code == 405 and r.json()["status"] == 405


def test_unknown_ids_are_404_everywhere(client):
    for path in ["/v1/events/5", "/v1/articles/5", "/v1/actors/5"]:
        r = client.get(path)
        assert r.status_code == 404 and r.json()["errors"][0]["loc"] == ["path", "id"], path
    for path in ["/v1/events/abc", "/v1/articles/-1", "/v1/actors/3000000000"]:
        assert client.get(path).status_code == 422, path


def test_unreachable_database_is_503_not_500(tmp_path):
    import socket

    from fastapi.testclient import TestClient

    from app.config import Settings
    from app.main import create_app

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(Settings(database_url=f"postgresql+psycopg://nobody@127.0.0.1:{port}/none"))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/v1/events")
        assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"].startswith("database") and r.headers["retry-after"] == "5"
        h = c.get("/healthz")
        assert h.status_code == 503 and h.json()["database"] == "unavailable"

"""Ingest over HTTP: create, idempotent retries, batches, reads, deletes, size limits (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.api.factories import actor, event, result

TEXT = "Berlin, March 12. Germany announced March 7 that it would not ban any company. Later it said more."
SENTENCE = "Germany announced March 7 that it would not ban any company."


def body(text=TEXT, **kw):
    return {"source": "Example News", "published_at": "2019-03-12", "language": "en", "text": text, **kw}


def germany_announces(text=TEXT):
    return result(
        text,
        event(
            text,
            SENTENCE,
            "March 7",
            "2019-03-07",
            "2019-03-07",
            actors=[actor("Germany", country="DE", aliases=["Berlin"])],
            countries=["DE"],
        ),
    )


def test_create_returns_201_with_article_and_events(client, extractor):
    extractor.register(germany_announces())
    r = client.post("/v1/articles", json=body(external_id="a-1", title="T", url="https://example.com/a"))
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["created"] is True and data["external_id"] == "a-1" and data["event_count"] == 1
    (ev,) = data["events"]
    assert ev["date"] == {"value": "2019-03-07", "start": "2019-03-07", "end": "2019-03-07", "granularity": "day"}
    assert ev["countries"] == ["DE"]
    assert [(a["name"], a["kind"], a["country"], a["role"]) for a in ev["actors"]] == [
        ("Germany", "country", "DE", "source")
    ]
    (src,) = ev["sources"]
    assert src["article_id"] == data["id"] and src["external_id"] == "a-1" and src["url"] == "https://example.com/a"
    assert TEXT[src["sentence_start"] : src["sentence_end"]] == SENTENCE
    assert TEXT[src["expression_start"] : src["expression_end"]] == "March 7"


def test_same_external_id_again_is_200_and_adds_nothing(client, extractor):
    extractor.register(germany_announces())
    first = client.post("/v1/articles", json=body(external_id="a-1")).json()
    again = client.post("/v1/articles", json=body(external_id="a-1"))
    assert again.status_code == 200
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert [e["id"] for e in again.json()["events"]] == [e["id"] for e in first["events"]]
    assert len(client.get("/v1/articles").json()["items"]) == 1
    assert len(client.get("/v1/events").json()["items"]) == 1
    assert extractor.calls == 1  # the retry was answered from storage, without extracting


def test_same_source_and_text_without_id_is_200(client, extractor):
    extractor.register(germany_announces())
    first = client.post("/v1/articles", json=body()).json()
    again = client.post("/v1/articles", json=body(source="  example NEWS "))
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    other = client.post("/v1/articles", json=body(source="Other Wire"))
    assert other.status_code == 201 and other.json()["id"] != first["id"]


def test_batch_creates_in_order_and_reports_existing(client, extractor):
    extractor.register(germany_announces())
    r = client.post(
        "/v1/articles/batch",
        json={"articles": [body(external_id="b-1"), body(external_id="b-2", text="Nothing dated here.")]},
    )
    assert r.status_code == 201, r.text
    items = r.json()["items"]
    assert [(i["index"], i["created"]) for i in items] == [(0, True), (1, True)]
    assert items[0]["article"]["event_count"] == 1 and items[1]["article"]["events"] == []
    r2 = client.post(
        "/v1/articles/batch",
        json={"articles": [body(external_id="b-1"), body(external_id="b-2", text="Nothing dated here.")]},
    )
    assert r2.status_code == 200 and [i["created"] for i in r2.json()["items"]] == [False, False]
    assert [i["article"]["id"] for i in r2.json()["items"]] == [i["article"]["id"] for i in items]


def test_batch_over_the_limit_is_413_naming_articles(make_client, extractor):
    client = make_client(max_batch=2)
    r = client.post("/v1/articles/batch", json={"articles": [body(external_id=f"x{i}") for i in range(3)]})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["loc"] == ["body", "articles"]
    assert client.get("/v1/articles").json()["items"] == []


def test_text_over_the_limit_is_413_naming_text(make_client, extractor):
    client = make_client(max_text_bytes=100, max_body_bytes=10_000)
    r = client.post("/v1/articles", json=body(text="é" * 60))  # 120 bytes of UTF-8
    assert r.status_code == 413 and r.json()["errors"][0]["loc"] == ["body", "text"]
    assert "text" in r.json()["detail"]
    assert client.post("/v1/articles", json=body(text="é" * 50)).status_code == 201


def test_body_over_the_limit_is_413_by_content_length_and_by_bytes_sent(make_client, extractor):
    client = make_client(max_body_bytes=1000)
    big = body(text="x" * 2000)
    r = client.post("/v1/articles", json=big)
    assert r.status_code == 413 and r.json()["status"] == 413 and r.json()["detail"].startswith("body")

    def chunks():  # no Content-Length: the limit applies to what actually arrives
        yield b'{"source": "S", "published_at": "2019-03-12", "text": "'
        for _ in range(30):
            yield b"y" * 100
        yield b'"}'

    r2 = client.post("/v1/articles", content=chunks(), headers={"content-type": "application/json"})
    assert r2.status_code == 413
    assert client.get("/v1/articles").json()["items"] == []


def test_default_limit_is_one_megabyte_of_text(client, extractor):
    r = client.post("/v1/articles", json=body(text="a" * 1_000_001))
    assert r.status_code == 413
    assert client.post("/v1/articles", json=body(text="a" * 999_000)).status_code == 201


def test_get_article_and_list_articles(client, extractor):
    extractor.register(germany_announces())
    created = client.post("/v1/articles", json=body(external_id="g-1")).json()
    got = client.get(f"/v1/articles/{created['id']}")
    assert got.status_code == 200 and got.json()["text"] == TEXT and got.json()["event_count"] == 1
    page = client.get("/v1/articles", params={"source": "example news"}).json()
    assert [a["id"] for a in page["items"]] == [created["id"]] and page["next_cursor"] is None
    assert client.get("/v1/articles", params={"source": "Nobody"}).json()["items"] == []


def test_articles_pagination_visits_each_once(client, extractor):
    ids = [
        client.post("/v1/articles", json=body(text=f"Article {i}.", external_id=f"p{i}")).json()["id"] for i in range(7)
    ]
    seen, cursor = [], None
    while True:
        page = client.get("/v1/articles", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ids


def test_delete_removes_article_evidence_and_orphan_events(client, extractor):
    extractor.register(germany_announces())
    created = client.post("/v1/articles", json=body()).json()
    event_id = created["events"][0]["id"]
    r = client.delete(f"/v1/articles/{created['id']}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/v1/articles/{created['id']}").status_code == 404
    assert client.get(f"/v1/events/{event_id}").status_code == 404
    assert client.get("/v1/actors").json()["items"] == []  # no actor is left without events
    again = client.delete(f"/v1/articles/{created['id']}")
    assert again.status_code == 404 and again.json()["errors"][0]["loc"] == ["path", "id"]


def test_unknown_fields_and_missing_fields_are_422_naming_them(client, extractor):
    r = client.post("/v1/articles", json={"source": "S", "published_at": "2019-03-12"})
    assert r.status_code == 422 and ["body", "text"] in [e["loc"] for e in r.json()["errors"]]
    r = client.post("/v1/articles", json={**body(), "colour": "red"})
    assert r.status_code == 422 and ["body", "colour"] in [e["loc"] for e in r.json()["errors"]]


def test_bad_published_at_and_nul_characters_are_422(client, extractor):
    r = client.post("/v1/articles", json=body(published_at="last Tuesday"))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "published_at"]
    assert "published_at" in r.json()["detail"]
    r = client.post("/v1/articles", json=body(text="a\x00b"))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "text"]
    r = client.post("/v1/articles", json=body(source=""))
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["body", "source"]


def test_published_at_keeps_its_form(client, extractor):
    r = client.post("/v1/articles", json=body(published_at="2019-03-12T09:30:00Z"))
    assert r.status_code == 201 and r.json()["published_at"] == "2019-03-12T09:30:00+00:00"
    r = client.post("/v1/articles", json=body(text="Another.", published_at="2019-03-12T09:30:00+01:00"))
    assert r.json()["published_at"] == "2019-03-12T09:30:00+01:00"


def test_malformed_json_is_a_problem_not_a_500(client, extractor):
    r = client.post("/v1/articles", content=b'{"source": "S", ', headers={"content-type": "application/json"})
    assert r.status_code in (400, 422)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "JSON" in r.json()["detail"]
    r = client.post("/v1/articles", content=b"[1, 2]", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"][0] == "body"


def test_extractor_failure_is_a_500_and_stores_nothing(client, monkeypatch):
    def broken(text, published_at, source=None, language=None, content_type="text/plain"):
        raise RuntimeError("boom")

    monkeypatch.setattr("app.extraction.extract", broken)
    r = client.post("/v1/articles", json=body())
    assert r.status_code == 500 and "boom" not in r.text and r.json()["request_id"]
    assert client.get("/v1/articles").json()["items"] == []

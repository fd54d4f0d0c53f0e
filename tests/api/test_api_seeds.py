"""End to end through the real extractor: the seed articles over HTTP, the seeding command and the server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from app.seeding import load_seeds

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("external_id", "source", "title", "url", "published_at", "language", "text")


def seeds():
    return [json.loads(p.read_text()) for p in sorted((ROOT / "seeds").glob("*.json"))]


def test_seed_articles_over_http(client):
    ids = {}
    for seed in seeds():
        body = {k: seed[k] for k in FIELDS}
        r = client.post("/v1/articles", json=body)
        assert r.status_code == 201, r.text
        ids[seed["external_id"]] = r.json()["id"]
        again = client.post("/v1/articles", json=body)
        assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    events = client.get("/v1/events", params={"limit": 200}).json()["items"]
    assert events and all(e["sources"] for e in events)
    assert {s["article_id"] for e in events for s in e["sources"]} == set(ids.values())
    merged = [e for e in events if len({s["article_id"] for s in e["sources"]}) == 2]
    assert merged, "the two articles report a common happening (Grenell's letter)"
    grenell = client.get("/v1/events", params={"actor": "grenell"}).json()["items"]
    assert grenell and all(any("grenell" in a["name"].lower() for a in e["actors"]) for e in grenell)
    # deleting one article leaves the merged event with the other article's evidence only
    bbc = ids["bbc-2019-03-12-us-warns-germany-huawei"]
    assert client.delete(f"/v1/articles/{bbc}").status_code == 204
    for e in merged:
        left = client.get(f"/v1/events/{e['id']}").json()
        assert {s["article_id"] for s in left["sources"]} == {ids["cnn-2019-03-12-us-germany-huawei"]}
    assert all(
        s["article_id"] != bbc
        for e in client.get("/v1/events", params={"limit": 200}).json()["items"]
        for s in e["sources"]
    )


def test_load_seeds_is_idempotent(db_url, client):
    first = list(load_seeds(database_url=db_url))
    assert len(first) == 2 and all("loaded as article" in line for line in first), first
    second = list(load_seeds(database_url=db_url))
    assert all("already stored" in line for line in second), second
    assert len(client.get("/v1/articles").json()["items"]) == 2
    assert list(load_seeds(ROOT / "no-such-folder", database_url=db_url)) == [
        f"no seed folder at {ROOT / 'no-such-folder'}"
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve_migrates_seeds_and_warns_that_writes_are_open(tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "DATELINE_API_KEYS": ""}
    dateline = str(Path(sys.executable).parent / "dateline")
    assert subprocess.run([dateline, "migrate"], env=env, capture_output=True, timeout=120, check=False).returncode == 0
    refused = subprocess.run(
        [dateline, "serve", "--host", "0.0.0.0", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode != 0 and "DATELINE_HOST=0.0.0.0 without DATELINE_API_KEYS" in refused.stderr
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen(
            [dateline, "serve", "--host", "127.0.0.1", "--port", str(port), "--seed"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(240):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError("server did not start")
        events = httpx.get(f"http://127.0.0.1:{port}/v1/events").json()["items"]
        assert events, "a newcomer's first GET /v1/events shows a timeline"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = (tmp_path / "serve.log").read_text()
    assert "writes (POST, DELETE) are open to anyone who can reach 127.0.0.1" in text and f"127.0.0.1:{port}" in text


PAGE = """<html><head><title>Germany will not ban Huawei</title></head><body><nav>Home | World | Share this</nav>
<article><h1>Germany will not ban Huawei</h1>
<p>Germany announced March 7 that it would not ban any company from bidding on 5G contracts.</p>
<p>The US ambassador Richard Grenell sent a letter to the German government last week.</p></article>
<footer>Latest Stories</footer></body></html>"""


def test_html_page_is_stored_as_its_main_text(client):
    r = client.post(
        "/v1/articles",
        json={"source": "Example", "published_at": "2019-03-12", "text": PAGE, "content_type": "text/html"},
    )
    assert r.status_code == 201, r.text
    art = client.get(f"/v1/articles/{r.json()['id']}").json()
    assert "<p>" not in art["text"] and "Germany announced March 7" in art["text"]
    assert art["title"] == "Germany will not ban Huawei"
    for ev in r.json()["events"]:
        for s in ev["sources"]:  # offsets point into the stored text
            assert art["text"][s["sentence_start"] : s["sentence_end"]] == s["sentence"]
            assert art["text"][s["expression_start"] : s["expression_end"]] == s["expression"]
    assert "2019-03-07" in {e["date"]["value"] for e in r.json()["events"]}
    again = client.post(
        "/v1/articles",
        json={"source": "Example", "published_at": "2019-03-12", "text": PAGE, "content_type": "text/html"},
    )
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]


def test_seed_articles_as_one_batch(client):
    articles = [{k: s[k] for k in FIELDS} for s in seeds()]
    r = client.post("/v1/articles/batch", json={"articles": articles + articles[:1]})
    assert r.status_code == 201, r.text
    items = r.json()["items"]
    assert [i["created"] for i in items] == [True, True, False]
    assert items[2]["article"]["id"] == items[0]["article"]["id"]
    events = client.get("/v1/events", params={"limit": 200}).json()["items"]
    assert any(len({s["article_id"] for s in e["sources"]}) == 2 for e in events)


def test_batch_with_an_unreadable_article_stores_nothing(client):
    good = {k: seeds()[0][k] for k in FIELDS}
    blank = {"source": "S", "published_at": "2019-03-12", "text": "   \n "}
    r = client.post("/v1/articles/batch", json={"articles": [good, blank]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["loc"] == ["body", "articles", 1, "text"]
    assert client.get("/v1/articles").json()["items"] == []
    single = client.post("/v1/articles", json=blank)
    assert single.status_code == 422 and single.json()["errors"][0]["loc"] == ["body", "text"]

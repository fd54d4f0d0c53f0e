"""What each source says about itself: the trigger word and its offsets, how its date was found (dated_by), who
reported it (reported_by); the event's dated_by and the dated_by filter."""

from __future__ import annotations

import csv
import io

import pytest

from app.extraction.types import DATED_BY, Attribution
from app.models import DatedBy, Event
from app.store.articles import store_article
from app.store.bulk import bulk_store
from app.store.events import to_dataclass
from tests.api.factories import actor, article, event, result, sayer

REPORTED = (
    "Officials said the troops withdrew from the border on Friday. "
    "Germany announced March 7 that it would not ban Huawei from its 5G networks."
)


# --------------------------------------------------------------------------- through the real extractor


def test_ingested_sources_carry_trigger_offsets_into_the_stored_text(client):
    r = client.post(
        "/v1/articles", json={"source": "Wire", "external_id": "wire-1", "published_at": "2019-03-12", "text": REPORTED}
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["events"], "a dated sentence makes at least one event"
    text = client.get(f"/v1/articles/{created['id']}").json()["text"]
    events = client.get("/v1/events", params={"article_id": created["id"]}).json()["items"]
    assert [e["id"] for e in events] == [e["id"] for e in created["events"]]
    sources = [s for e in events for s in e["sources"]]
    assert any(s["trigger_text"] for s in sources)
    for e in events:
        assert e["dated_by"] in DATED_BY
        for s in e["sources"]:
            assert text[s["trigger_start"] : s["trigger_end"]] == s["trigger_text"]
            assert s["sentence_start"] <= s["trigger_start"] <= s["trigger_end"] <= s["sentence_end"]
            assert s["dated_by"] in DATED_BY
            assert "reported_by" in s
            if s["reported_by"] is not None:
                assert set(s["reported_by"]) == {"id", "name", "kind", "country"}
                assert client.get(f"/v1/actors/{s['reported_by']['id']}").status_code == 200
    # the filter partitions the events by their dated_by
    for value in DATED_BY:
        got = [e["id"] for e in client.get("/v1/events", params={"dated_by": value}).json()["items"]]
        assert got == [e["id"] for e in events if e["dated_by"] == value]
    # the same article again stores nothing twice
    again = client.post(
        "/v1/articles", json={"source": "Wire", "external_id": "wire-1", "published_at": "2019-03-12", "text": REPORTED}
    )
    assert again.status_code == 200
    assert client.get("/v1/events").json()["items"] == events


def test_parse_results_carry_the_new_fields_without_ids(client):
    r = client.post("/v1/parse", json={"text": REPORTED, "published_at": "2019-03-12"})
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    assert events
    for e in events:
        assert e["dated_by"] in DATED_BY
        for x in e["evidence"]:
            assert REPORTED[x["trigger_start"] : x["trigger_end"]] == x["trigger_text"]
            assert x["dated_by"] in DATED_BY
            assert x["reported_by"] is None or ("id" not in x["reported_by"] and x["reported_by"]["name"])
    assert client.get("/v1/events").json()["items"] == []


# --------------------------------------------------------------------------- storage of hand-built results

SAID = "Officials said the troops withdrew on Friday. The ministry has confirmed the plan. Talks resumed after that."


def _said_result():
    withdrew = event(
        SAID,
        "Officials said the troops withdrew on Friday.",
        "Friday",
        "2019-03-08",
        "2019-03-08",
        trigger="withdraw",
        trigger_word="withdrew",
        actors=[actor("troops", "group", "source")],
        reported_by=sayer("Officials", aliases=["officials"]),
    )
    confirmed = event(
        SAID,
        "The ministry has confirmed the plan.",
        "has confirmed",
        "2019-03-12",
        "2019-03-12",
        trigger="confirm",
        trigger_word="confirmed",
        dated_by="publication",
        actors=[actor("ministry", "organization", "source")],
    )
    resumed = event(
        SAID,
        "Talks resumed after that.",
        "after that",
        "2019-03-12",
        "2019-03-12",
        trigger="resume",
        trigger_word="resumed",
        dated_by="narrative",
        actors=[actor("Talks", "group", "source")],
    )
    return result(SAID, withdrew, confirmed, resumed)


def _by_trigger(client, **params):
    r = client.get("/v1/events", params=params)
    assert r.status_code == 200, r.text
    return {e["trigger"]: e for e in r.json()["items"]}


def test_stored_sources_expose_trigger_dated_by_and_reported_by(client, session):
    stored = store_article(session, article(SAID, source="Wire"), _said_result(), merge=False)
    events = _by_trigger(client)
    assert set(events) == {"withdraw", "confirm", "resume"}
    assert {t: e["dated_by"] for t, e in events.items()} == {
        "withdraw": "text",
        "confirm": "publication",
        "resume": "narrative",
    }
    (src,) = events["withdraw"]["sources"]
    assert (src["trigger_text"], SAID[src["trigger_start"] : src["trigger_end"]]) == ("withdrew", "withdrew")
    assert src["dated_by"] == "text"
    officials = src["reported_by"]
    assert officials["name"] == "Officials" and officials["kind"] == "group" and officials["country"] is None
    assert officials["id"] not in {a["id"] for a in events["withdraw"]["actors"]}, "the sayer is not a participant"
    stored_sayer = client.get(f"/v1/actors/{officials['id']}").json()
    assert (stored_sayer["name"], stored_sayer["event_count"]) == ("Officials", 0)
    assert events["confirm"]["sources"][0]["reported_by"] is None
    # the single event read agrees with the listing
    one = client.get(f"/v1/events/{events['withdraw']['id']}").json()
    assert one == events["withdraw"]
    # the article's creation answer is built by the same serializer
    assert stored.created and sorted(stored.event_ids) == sorted(e["id"] for e in events.values())


def test_reported_by_round_trips_through_storage(client, session):
    stored = store_article(session, article(SAID, source="Wire"), _said_result(), merge=False)
    rows = [session.get(Event, i) for i in stored.event_ids]
    back = {r.trigger: to_dataclass(session, r) for r in rows}
    (x,) = back["withdraw"].evidence
    assert isinstance(x.reported_by, Attribution)
    assert (x.reported_by.name, x.reported_by.kind, x.reported_by.country) == ("Officials", "group", None)
    assert (x.trigger_text, x.trigger_start, x.trigger_end, x.dated_by) == (
        "withdrew",
        SAID.index("withdrew"),
        SAID.index("withdrew") + 8,
        "text",
    )
    assert back["withdraw"].dated_by == "text" and back["confirm"].dated_by == "publication"
    assert back["confirm"].evidence[0].reported_by is None


def test_a_sayer_is_an_actor_like_any_other(client, session):
    """Same name normalisation, and a country and its government are one actor."""
    one = "The United States imposed tariffs on Monday. Trade fell."
    two = "The US government said China retaliated on Tuesday. Trade fell further."
    e1 = event(
        one,
        "The United States imposed tariffs on Monday.",
        "Monday",
        "2019-03-11",
        "2019-03-11",
        trigger="impose",
        trigger_word="imposed",
        actors=[actor("United States", "country", "source", "US")],
        countries=["US"],
    )
    e2 = event(
        two,
        "The US government said China retaliated on Tuesday.",
        "Tuesday",
        "2019-03-12",
        "2019-03-12",
        trigger="retaliate",
        trigger_word="retaliated",
        actors=[actor("China", "country", "source", "CN")],
        countries=["CN"],
        reported_by=sayer("united  states", "government", "US", aliases=["The US government"]),
    )
    store_article(session, article(one, external_id="one"), result(one, e1))
    store_article(session, article(two, external_id="two"), result(two, e2))
    us = [a for a in client.get("/v1/actors", params={"q": "united states"}).json()["items"]]
    assert [(a["name"], a["kind"]) for a in us] == [("United States", "country")]
    assert "The US government" in us[0]["aliases"]
    (ev,) = _by_trigger(client, actor="china").values()
    assert ev["sources"][0]["reported_by"] == {
        "id": us[0]["id"],
        "name": "United States",
        "kind": "country",
        "country": "US",
    }
    assert "US" not in ev["countries"], "the sayer's country is not the event's"


def test_deleting_articles_keeps_a_sayer_while_evidence_cites_it(client, session):
    t1 = "Officials said the troops withdrew on Friday."
    t2 = "Officials said the talks resumed on Monday."
    e1 = event(
        t1,
        t1,
        "Friday",
        "2019-03-08",
        "2019-03-08",
        trigger="withdraw",
        trigger_word="withdrew",
        actors=[actor("troops", "group")],
        reported_by=sayer("Officials"),
    )
    e2 = event(
        t2,
        t2,
        "Monday",
        "2019-03-11",
        "2019-03-11",
        trigger="resume",
        trigger_word="resumed",
        actors=[actor("talks", "group")],
        reported_by=sayer("officials"),
    )
    a1 = store_article(session, article(t1, external_id="t1"), result(t1, e1))
    a2 = store_article(session, article(t2, external_id="t2"), result(t2, e2))
    (officials,) = client.get("/v1/actors", params={"q": "officials"}).json()["items"]
    assert client.delete(f"/v1/articles/{a1.article.id}").status_code == 204
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["sources"][0]["reported_by"]["id"] == officials["id"]
    assert client.delete(f"/v1/articles/{a2.article.id}").status_code == 204
    assert client.get("/v1/actors", params={"q": "officials"}).json()["items"] == []


def test_bulk_store_keeps_the_new_fields(client, session):
    assert bulk_store(session, [(article(SAID, source="Wire"), _said_result())]) == 3
    events = _by_trigger(client)
    assert events["withdraw"]["sources"][0]["reported_by"]["name"] == "Officials"
    assert (
        events["confirm"]["dated_by"] == "publication" and events["resume"]["sources"][0]["trigger_text"] == "resumed"
    )


def test_unknown_dated_by_from_the_extractor_is_stored_as_text(client, session):
    t = "Germany announced on Friday that it would act."
    e = event(t, t, "on Friday", "2019-03-08", "2019-03-08", trigger_word="announced", dated_by="guess")
    e.dated_by = "guess"
    store_article(session, article(t), result(t, e))
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["dated_by"] == "text" and ev["sources"][0]["dated_by"] == "text"


# --------------------------------------------------------------------------- merging and re-dating

CNN = "Officials said US Ambassador Richard Grenell sent a letter to the German government that week. Other news."
BBC = "Mr Grenell warned Berlin in a letter dated last Friday. Germany has not replied."


def _grenell_events():
    cnn = event(
        CNN,
        "Officials said US Ambassador Richard Grenell sent a letter to the German government that week.",
        "that week",
        "2019-W10",
        "2019-03-04",
        "2019-03-10",
        granularity="week",
        trigger="send",
        trigger_word="sent",
        dated_by="narrative",
        summary="Grenell sent a letter to the German government",
        reported_by=sayer("Officials"),
        actors=[actor("Richard Grenell", "person", "source", "US"), actor("Germany", "country", "target", "DE")],
        countries=["US", "DE"],
    )
    cnn.keywords = ["send", "letter"]
    bbc = event(
        BBC,
        "Mr Grenell warned Berlin in a letter dated last Friday.",
        "last Friday",
        "2019-03-08",
        "2019-03-08",
        trigger="warn",
        trigger_word="warned",
        summary="Grenell warned Berlin in a letter",
        actors=[
            actor("Grenell", "person", "source", "US", aliases=["Mr Grenell"]),
            actor("Germany", "country", "target", "DE"),
        ],
        countries=["DE", "US"],
    )
    bbc.keywords = ["warn", "letter"]
    return cnn, bbc


def test_the_event_is_dated_by_the_source_that_dates_it_through_merges_and_deletes(client, session):
    cnn, bbc = _grenell_events()
    store_article(session, article(CNN, source="CNN", external_id="cnn"), result(CNN, cnn))
    assert [e["dated_by"] for e in client.get("/v1/events").json()["items"]] == ["narrative"]
    b = store_article(session, article(BBC, source="BBC", external_id="bbc"), result(BBC, bbc))
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["date"]["value"] == "2019-03-08" and ev["dated_by"] == "text"
    assert {s["source"]: (s["dated_by"], s["trigger_text"]) for s in ev["sources"]} == {
        "CNN": ("narrative", "sent"),
        "BBC": ("text", "warned"),
    }
    assert [e["id"] for e in client.get("/v1/events", params={"dated_by": "text"}).json()["items"]] == [ev["id"]]
    assert client.get("/v1/events", params={"dated_by": "narrative"}).json()["items"] == []
    assert client.delete(f"/v1/articles/{b.article.id}").status_code == 204
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["date"]["value"] == "2019-W10" and ev["dated_by"] == "narrative"
    assert [e["id"] for e in client.get("/v1/events", params={"dated_by": "narrative"}).json()["items"]] == [ev["id"]]


def test_on_an_equal_date_the_text_dates_the_event_before_the_publication(client, session):
    one = "Germany has banned the imports. Trade fell."
    two = "Germany banned the imports on Tuesday. Trade fell."
    e1 = event(
        one,
        "Germany has banned the imports.",
        "has banned",
        "2019-03-12",
        "2019-03-12",
        trigger="ban",
        trigger_word="banned",
        dated_by="publication",
        actors=[actor("Germany", country="DE")],
        countries=["DE"],
    )
    e2 = event(
        two,
        "Germany banned the imports on Tuesday.",
        "Tuesday",
        "2019-03-12",
        "2019-03-12",
        trigger="ban",
        trigger_word="banned",
        actors=[actor("Germany", country="DE")],
        countries=["DE"],
    )
    store_article(session, article(one, external_id="one"), result(one, e1))
    store_article(session, article(two, external_id="two"), result(two, e2))
    (ev,) = client.get("/v1/events").json()["items"]
    assert len(ev["sources"]) == 2 and ev["dated_by"] == "text"


# --------------------------------------------------------------------------- the filter, its errors, the exports


@pytest.fixture
def said(client, session):
    store_article(session, article(SAID, source="Wire"), _said_result(), merge=False)
    return client


@pytest.mark.parametrize(
    "value,expected", [("text", ["withdraw"]), ("publication", ["confirm"]), ("narrative", ["resume"])]
)
def test_dated_by_filter_on_the_listing_and_the_exports(said, value, expected):
    assert list(_by_trigger(said, dated_by=value)) == expected
    rows = list(csv.DictReader(io.StringIO(said.get("/v1/events.csv", params={"dated_by": value}).text)))
    assert [r["trigger"] for r in rows] == expected and [r["dated_by"] for r in rows] == [value]
    timeline = said.get("/v1/timeline.json", params={"dated_by": value}).json()
    assert len(timeline["events"]) == 1


@pytest.mark.parametrize("path", ["/v1/events", "/v1/timeline.json"])
@pytest.mark.parametrize("bad", ["guess", "TEXT", "", "text,narrative"])
def test_a_bad_dated_by_is_a_422_problem_naming_the_field(said, path, bad):
    r = said.get(path, params={"dated_by": bad})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["detail"].startswith("dated_by:") and body["errors"][0]["loc"] == ["query", "dated_by"]
    r = said.get("/v1/events.csv", params={"dated_by": bad})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "dated_by"]


def test_csv_has_the_event_dated_by_and_the_sayers(said):
    rows = {r["trigger"]: r for r in csv.DictReader(io.StringIO(said.get("/v1/events.csv").text))}
    assert rows["withdraw"]["dated_by"] == "text" and rows["withdraw"]["reported_by"] == "Officials"
    assert rows["confirm"]["reported_by"] == ""


def test_dated_by_is_one_named_enum_in_the_schema(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["DatedBy"]["enum"] == list(DATED_BY) == [d.value for d in DatedBy]
    ref = {"$ref": "#/components/schemas/DatedBy"}
    for name in ("EventPublic", "EventSource", "ParsedEvent", "ParsedEvidence"):
        prop = schemas[name]["properties"]["dated_by"]
        assert prop.get("$ref") == ref["$ref"], name
        assert "enum" not in prop
        assert "dated_by" in schemas[name]["required"]
    for name in ("EventSource", "ParsedEvidence"):
        assert {"trigger_text", "trigger_start", "trigger_end", "reported_by"} <= set(schemas[name]["properties"])
    assert schemas["ReportedBy"]["required"] == ["id", "name", "kind", "country"]  # always present, null when unknown
    assert "id" not in schemas["ParsedReportedBy"]["properties"]
    for path in ("/v1/events", "/v1/timeline.json"):
        (param,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "dated_by"]
        assert ref in param["schema"]["anyOf"]
    example = schemas["EventPublic"]["examples"][0]
    src = example["sources"][0]
    assert example["dated_by"] in DATED_BY and src["dated_by"] in DATED_BY
    assert (
        src["sentence"][src["trigger_start"] - src["sentence_start"] : src["trigger_end"] - src["sentence_start"]]
        == src["trigger_text"]
    )
    assert (
        src["sentence"][src["expression_start"] - src["sentence_start"] : src["expression_end"] - src["sentence_start"]]
        == src["expression"]
    )
    assert {"id", "name", "kind"} <= set(src["reported_by"])

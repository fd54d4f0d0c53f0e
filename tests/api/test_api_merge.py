"""Merging across articles in storage (the extractor's same_happening decides), re-dating and deletes."""

from __future__ import annotations

from app.store.articles import store_article
from tests.api.factories import actor, article, event, result

CNN = "US Ambassador Richard Grenell sent a letter to the German government last week. Other news followed."
BBC = "Mr Grenell warned Berlin in a letter dated last Friday. Germany has not replied."
LATER = "Richard Grenell sent another letter to France on Saturday."


def grenell(aliases=()):
    return actor("Richard Grenell", "person", "source", "US", aliases=list(aliases))


def cnn_event():
    e = event(
        CNN,
        "US Ambassador Richard Grenell sent a letter to the German government last week.",
        "last week",
        "2019-W10",
        "2019-03-04",
        "2019-03-10",
        granularity="week",
        summary="Grenell sent a letter to the German government",
        trigger="send",
        actors=[grenell(["US Ambassador Richard Grenell"]), actor("Germany", "country", "target", "DE")],
        countries=["US", "DE"],
    )
    e.keywords = ["send", "letter"]
    return e


def bbc_event():
    e = event(
        BBC,
        "Mr Grenell warned Berlin in a letter dated last Friday.",
        "last Friday",
        "2019-03-08",
        "2019-03-08",
        summary="Grenell warned Berlin in a letter",
        trigger="warn",
        actors=[
            actor("Grenell", "person", "source", "US", aliases=["Mr Grenell"]),
            actor("Germany", "country", "target", "DE", aliases=["Berlin"]),
        ],
        countries=["DE", "US"],
    )
    e.keywords = ["warn", "letter"]
    return e


def _store_both(session):
    a = store_article(session, article(CNN, source="CNN", external_id="cnn"), result(CNN, cnn_event()))
    b = store_article(session, article(BBC, source="BBC", external_id="bbc"), result(BBC, bbc_event()))
    return a, b


def test_same_happening_in_two_articles_is_one_event_dated_by_the_precise_mention(client, session):
    a, b = _store_both(session)
    assert a.event_ids == b.event_ids, "the BBC report was merged into the CNN event"
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["date"] == {"value": "2019-03-08", "start": "2019-03-08", "end": "2019-03-08", "granularity": "day"}
    assert sorted((s["source"], s["value"]) for s in ev["sources"]) == [("BBC", "2019-03-08"), ("CNN", "2019-W10")]
    assert ev["countries"] == ["DE", "US"]
    (person,) = [x for x in client.get("/v1/actors", params={"kind": "person"}).json()["items"]]
    assert person["name"] == "Richard Grenell" and "Mr Grenell" in person["aliases"]
    assert [e["id"] for e in client.get("/v1/events", params={"actor": "berlin"}).json()["items"]] == [ev["id"]]


def test_deleting_one_source_re_dates_the_event(client, session):
    a, b = _store_both(session)
    early_in_week = {"actor": "grenell", "country": "DE", "date_from": "2019-03-04", "date_to": "2019-03-05"}
    assert client.get("/v1/events", params=early_in_week).json()["items"] == []  # dated 2019-03-08
    assert client.delete(f"/v1/articles/{b.article.id}").status_code == 204
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["date"]["value"] == "2019-W10" and [s["source"] for s in ev["sources"]] == ["CNN"]
    assert [e["id"] for e in client.get("/v1/events", params=early_in_week).json()["items"]] == [ev["id"]]
    assert [
        e["id"]
        for e in client.get("/v1/events", params={k: v for k, v in early_in_week.items() if k != "actor"}).json()[
            "items"
        ]
    ] == [ev["id"]]
    assert client.delete(f"/v1/articles/{a.article.id}").status_code == 204
    assert client.get("/v1/events").json()["items"] == []
    assert client.get("/v1/countries").json()["items"] == []


def test_a_different_happening_is_not_merged(client, session):
    _store_both(session)
    e = event(
        LATER,
        LATER,
        "Saturday",
        "2019-03-09",
        "2019-03-09",
        summary="Grenell sent another letter to France",
        trigger="send",
        actors=[grenell(), actor("France", "country", "target", "FR")],
        countries=["FR", "US"],
    )
    e.keywords = ["send", "letter"]
    store_article(session, article(LATER, source="Wire"), result(LATER, e))
    events = client.get("/v1/events", params={"actor": "grenell"}).json()["items"]
    assert len(events) == 2 and {len(x["sources"]) for x in events} == {1, 2}


def test_without_a_shared_actor_nothing_is_merged(client, session):
    store_article(session, article(CNN, source="CNN"), result(CNN, cnn_event()))
    other = bbc_event()
    other.actors = [actor("Someone Else", "person", "source", "GB")]
    store_article(session, article(BBC, source="BBC"), result(BBC, other))
    assert len(client.get("/v1/events").json()["items"]) == 2


def test_article_retry_adds_no_evidence_to_merged_event(client, session):
    _store_both(session)
    again = store_article(session, article(BBC, source="BBC", external_id="bbc"), result(BBC, bbc_event()))
    assert again.created is False
    (ev,) = client.get("/v1/events").json()["items"]
    assert len(ev["sources"]) == 2


def test_people_sharing_a_surname_alias_stay_apart(client, session):
    t1, t2 = "Anna Weber met the press on Monday.", "Boris Weber met the press on Tuesday."
    e1 = event(
        t1,
        t1,
        "Monday",
        "2019-03-11",
        "2019-03-11",
        trigger="meet",
        actors=[actor("Anna Weber", "person", aliases=["Weber"])],
    )
    e2 = event(
        t2,
        t2,
        "Tuesday",
        "2019-03-12",
        "2019-03-12",
        trigger="meet",
        actors=[actor("Boris Weber", "person", aliases=["Weber"])],
    )
    store_article(session, article(t1), result(t1, e1))
    store_article(session, article(t2), result(t2, e2))
    names = sorted(a["name"] for a in client.get("/v1/actors", params={"q": "weber"}).json()["items"])
    assert names == ["Anna Weber", "Boris Weber"]
    assert len(client.get("/v1/events", params={"actor": "boris weber"}).json()["items"]) == 1


def test_overlong_values_from_the_extractor_are_cut_to_fit(client, session):
    t = "Germany announced March 7 that it would act."
    e = event(
        t,
        t,
        "March 7",
        "2019-03-07",
        "2019-03-07",
        trigger="x" * 500,
        actors=[actor("Germany", kind="k" * 100, role="r" * 50, country="DEU")],
        countries=["de", "DEU", "??"],
    )
    e.event_type = "t" * 200
    stored = store_article(session, article(t), result(t, e))
    (ev,) = client.get("/v1/events").json()["items"]
    assert ev["id"] == stored.event_ids[0] and len(ev["trigger"]) == 200 and ev["countries"] == ["DE"]
    # a kind or role outside the vocabulary reads as the catch-all member of its enum, never a 500
    assert (
        ev["actors"][0]["country"] is None and ev["actors"][0]["kind"] == "group" and ev["actors"][0]["role"] == "other"
    )


def test_a_country_and_its_government_are_one_actor(client, session):
    one = "The United States banned the imports on Monday. Trade fell."
    two = "The US government lifted the ban on Friday. Trade rose."
    e1 = event(
        one,
        "The United States banned the imports on Monday.",
        "Monday",
        "2019-03-11",
        "2019-03-11",
        trigger="ban",
        actors=[actor("United States", "country", "source", "US", aliases=["The United States"])],
        countries=["US"],
    )
    e2 = event(
        two,
        "The US government lifted the ban on Friday.",
        "Friday",
        "2019-03-08",
        "2019-03-08",
        trigger="lift",
        actors=[actor("United States", "government", "source", "US", aliases=["US government"])],
        countries=["US"],
    )
    store_article(session, article(one, external_id="one"), result(one, e1))
    store_article(session, article(two, external_id="two"), result(two, e2))
    actors = client.get("/v1/actors", params={"q": "united states"}).json()["items"]
    assert [(a["name"], a["event_count"]) for a in actors] == [("United States", 2)]
    assert "US government" in actors[0]["aliases"]
    events = client.get("/v1/events", params={"actor": str(actors[0]["id"])}).json()["items"]
    assert {e["summary"] for e in events} == {
        "The United States banned the imports on Monday.",
        "The US government lifted the ban on Friday.",
    }


def test_two_reports_with_no_main_actor_merge_on_verb_date_and_participant(client):
    """Real extraction through HTTP: neither report says who did it; the same verb, day and victims make one event."""
    first = "Twelve Kenyan policemen were killed in an ambush near the Somali border on Friday."
    second = "An ambush near the Somali border killed twelve Kenyan policemen on Friday, officials said."
    for i, text in enumerate((first, second)):
        r = client.post(
            "/v1/articles",
            json={"source": f"Wire {i}", "published_at": "2019-03-12", "text": text, "external_id": f"ambush-{i}"},
        )
        assert r.status_code == 201, r.text
    items = [e for e in client.get("/v1/events", params={"country": "KE"}).json()["items"] if e["trigger"] == "kill"]
    assert len(items) == 1 and items[0]["date"]["value"] == "2019-03-08"
    assert {s["source"] for s in items[0]["sources"]} == {"Wire 0", "Wire 1"}

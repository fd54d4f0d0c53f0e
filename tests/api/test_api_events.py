"""Reading the timeline over HTTP: filters, sorting, cursor pagination, exports, actors, countries."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import Session

from app.store.articles import store_article
from tests.api.factories import actor, article, event, result

DOC1 = (
    "US Ambassador Richard Grenell sent a letter last week. "
    "Germany announced March 7 that it would not ban Huawei. "
    "France signed the accord in 2018."
)
DOC2 = "Mr Grenell spoke to reporters on Monday. Japan and Germany met in March 2019."


def _load(session: Session):
    e1 = event(
        DOC1,
        "US Ambassador Richard Grenell sent a letter last week.",
        "last week",
        "2019-W10",
        "2019-03-04",
        "2019-03-10",
        granularity="week",
        summary="Grenell sent a letter to the German government",
        trigger="send",
        actors=[
            actor("Richard Grenell", "person", "source", "US", aliases=["US Ambassador Richard Grenell", "Mr Grenell"]),
            actor("Germany", "country", "target", "DE"),
        ],
        countries=["US", "DE"],
    )
    e2 = event(
        DOC1,
        "Germany announced March 7 that it would not ban Huawei.",
        "March 7",
        "2019-03-07",
        "2019-03-07",
        summary="Germany said it would not ban Huawei",
        actors=[actor("Germany", country="DE"), actor("Huawei", "organization", "target", "CN")],
        countries=["DE", "CN"],
    )
    e3 = event(
        DOC1,
        "France signed the accord in 2018.",
        "2018",
        "2018",
        "2018-01-01",
        "2018-12-31",
        granularity="year",
        summary="France signed the accord",
        trigger="sign",
        actors=[actor("France", country="FR")],
        countries=["FR"],
    )
    a1 = store_article(
        session,
        article(DOC1, source="CNN", external_id="doc-1", url="https://example.com/1"),
        result(DOC1, e1, e2, e3),
        merge=False,
    )
    e4 = event(
        DOC2,
        "Mr Grenell spoke to reporters on Monday.",
        "Monday",
        "2019-03-11",
        "2019-03-11",
        summary="Grenell spoke to reporters",
        trigger="speak",
        actors=[actor("Richard Grenell", "person", "source", "US", aliases=["Mr Grenell"])],
        countries=["US"],
    )
    e5 = event(
        DOC2,
        "Japan and Germany met in March 2019.",
        "March 2019",
        "2019-03",
        "2019-03-01",
        "2019-03-31",
        granularity="month",
        summary="Japan and Germany met",
        trigger="meet",
        actors=[actor("Japan", country="JP"), actor("Germany", country="DE")],
        countries=["JP", "DE"],
    )
    a2 = store_article(session, article(DOC2, source="BBC", external_id="doc-2"), result(DOC2, e4, e5), merge=False)
    return a1, a2


@pytest.fixture
def loaded(client, session):
    a1, a2 = _load(session)
    return client, a1, a2


def summaries(client, **params):
    r = client.get("/v1/events", params=params)
    assert r.status_code == 200, r.text
    return [e["summary"] for e in r.json()["items"]]


def test_all_events_in_date_order(loaded):
    client, *_ = loaded
    assert summaries(client) == [
        "France signed the accord",
        "Japan and Germany met",
        "Grenell sent a letter to the German government",
        "Germany said it would not ban Huawei",
        "Grenell spoke to reporters",
    ]
    assert summaries(client, sort="-date")[0] == "Grenell spoke to reporters"
    assert summaries(client, sort="desc") == list(reversed(summaries(client, sort="asc")))


@pytest.mark.parametrize("value", ["grenell", "GRENELL", "Richard Grenell", "mr grenell", "ambassador"])
def test_actor_filter_matches_names_and_aliases_in_any_case(loaded, value):
    client, *_ = loaded
    assert sorted(summaries(client, actor=value)) == [
        "Grenell sent a letter to the German government",
        "Grenell spoke to reporters",
    ]


def test_actor_filter_by_id_and_unknown_actor(loaded):
    client, *_ = loaded
    actors = client.get("/v1/actors", params={"q": "huawei"}).json()["items"]
    assert [(a["name"], a["event_count"]) for a in actors] == [("Huawei", 1)]
    assert summaries(client, actor=str(actors[0]["id"])) == ["Germany said it would not ban Huawei"]
    assert summaries(client, actor="Nobody At All") == []
    assert summaries(client, actor="%") == []  # LIKE wildcards are literal


@pytest.mark.parametrize("value", ["DE", "de", "DEU", "Germany", "germany"])
def test_country_filter_takes_codes_and_names(loaded, value):
    client, *_ = loaded
    assert sorted(summaries(client, country=value)) == [
        "Germany said it would not ban Huawei",
        "Grenell sent a letter to the German government",
        "Japan and Germany met",
    ]


@pytest.mark.parametrize("value", ["ZZ", "Narnia", "DEUT", " "])
def test_unknown_country_is_422_naming_country(loaded, value):
    client, *_ = loaded
    r = client.get("/v1/events", params={"country": value})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["loc"] == ["query", "country"] and "country" in r.json()["detail"]


def test_date_filters_select_overlapping_intervals(loaded):
    client, *_ = loaded
    # the week 2019-03-04..10 and the month overlap 2019-03-08; the day 2019-03-07 does not
    assert sorted(summaries(client, date_from="2019-03-08", date_to="2019-03-08")) == [
        "Grenell sent a letter to the German government",
        "Japan and Germany met",
    ]
    assert summaries(client, date_to="2018-12-31") == ["France signed the accord"]
    assert summaries(client, date_from="2019-03-11") == ["Japan and Germany met", "Grenell spoke to reporters"]


def test_date_from_after_date_to_is_422(loaded):
    client, *_ = loaded
    r = client.get("/v1/events", params={"date_from": "2019-04-01", "date_to": "2019-03-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "date_from"]
    r = client.get("/v1/events", params={"date_from": "March"})
    assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "date_from"]


def test_combined_filters(loaded):
    client, a1, _ = loaded
    assert summaries(client, actor="germany", country="JP", date_from="2019-01-01", date_to="2019-12-31") == [
        "Japan and Germany met"
    ]
    assert summaries(client, q="HUAWEI") == ["Germany said it would not ban Huawei"]
    assert summaries(client, source="bbc") == ["Japan and Germany met", "Grenell spoke to reporters"]
    assert summaries(client, article_id=a1.article.id, granularity="year") == ["France signed the accord"]
    assert summaries(client, granularity="week") == ["Grenell sent a letter to the German government"]


def test_bad_filters_are_422_naming_the_field(loaded):
    client, *_ = loaded
    for params, field in [
        ({"granularity": "fortnight"}, "granularity"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"sort": "size"}, "sort"),
        ({"article_id": "x"}, "article_id"),
        ({"format": "xml"}, "format"),
        ({"q": "a\x00b"}, "q"),
    ]:
        r = client.get("/v1/events", params=params)
        assert r.status_code == 422, params
        assert r.json()["errors"][0]["loc"] == ["query", field], r.json()


def test_event_shape_and_get_event(loaded):
    client, *_ = loaded
    ev = client.get("/v1/events", params={"q": "letter"}).json()["items"][0]
    assert set(ev) >= {"id", "date", "summary", "trigger", "actors", "countries", "sources"}
    assert ev["date"] == {"value": "2019-W10", "start": "2019-03-04", "end": "2019-03-10", "granularity": "week"}
    assert ev["countries"] == ["DE", "US"]
    assert {(a["name"], a["role"]) for a in ev["actors"]} == {("Richard Grenell", "source"), ("Germany", "target")}
    src = ev["sources"][0]
    assert set(src) >= {
        "article_id",
        "external_id",
        "source",
        "url",
        "published_at",
        "sentence",
        "expression",
        "value",
        "start",
        "end",
    }
    assert (src["source"], src["external_id"], src["expression"], src["value"]) == (
        "CNN",
        "doc-1",
        "last week",
        "2019-W10",
    )
    assert client.get(f"/v1/events/{ev['id']}").json() == ev
    missing = client.get("/v1/events/999999")
    assert missing.status_code == 404 and missing.json()["errors"][0]["loc"] == ["path", "id"]
    assert client.get("/v1/events/0").status_code == 422
    assert client.get("/v1/events/99999999999999999999").status_code == 422


def test_one_actor_across_articles(loaded):
    client, *_ = loaded
    (grenell,) = client.get("/v1/actors", params={"q": "grenell"}).json()["items"]
    assert grenell["name"] == "Richard Grenell" and grenell["kind"] == "person" and grenell["event_count"] == 2
    assert "Mr Grenell" in grenell["aliases"]
    assert client.get(f"/v1/actors/{grenell['id']}").json() == grenell
    assert client.get("/v1/actors/424242").status_code == 404
    kinds = {a["kind"] for a in client.get("/v1/actors", params={"kind": "person"}).json()["items"]}
    assert kinds == {"person"}


def test_actors_pagination(loaded):
    client, *_ = loaded
    names, cursor = [], None
    while True:
        page = client.get("/v1/actors", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        names += [a["name"] for a in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert names == ["France", "Germany", "Huawei", "Japan", "Richard Grenell"]


def test_countries_with_event_counts(loaded):
    client, *_ = loaded
    items = client.get("/v1/countries").json()["items"]
    assert items[0] == {"code": "DE", "alpha_3": "DEU", "name": "Germany", "event_count": 3}
    assert {c["code"]: c["event_count"] for c in items} == {"DE": 3, "US": 2, "CN": 1, "FR": 1, "JP": 1}


def test_csv_export_has_the_filtered_events(loaded):
    client, *_ = loaded
    r = client.get("/v1/events.csv", params={"country": "DE"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["summary"] for row in rows] == summaries(client, country="DE")
    assert rows[0]["date_value"] == "2019-03" and rows[0]["countries"] == "DE JP"


def test_timeline_json_export(loaded):
    client, *_ = loaded
    r = client.get("/v1/timeline.json", params={"actor": "grenell"})
    assert r.status_code == 200
    evs = r.json()["events"]
    assert [e["text"]["headline"] for e in evs] == [
        "Grenell sent a letter to the German government",
        "Grenell spoke to reporters",
    ]
    assert evs[0]["start_date"] == {"year": 2019, "month": 3, "day": 4} and evs[0]["end_date"]["day"] == 10
    assert "end_date" not in evs[1] and "group" in evs[1]
    year = client.get("/v1/timeline.json", params={"granularity": "year"}).json()["events"][0]
    assert year["start_date"] == {"year": 2018}  # TimelineJS3 takes absent fields, not nulls
    assert client.get("/v1/timeline.json", params={"country": "XX"}).status_code == 422


def _walk(client, **params):
    seen, cursor = [], None
    for _ in range(100):
        page = client.get("/v1/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        seen += [e["id"] for e in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return seen
    raise AssertionError("pagination did not end")


@pytest.mark.parametrize("sort", ["date", "-date"])
def test_pagination_visits_every_event_once(loaded, sort):
    client, *_ = loaded
    full = [e["id"] for e in client.get("/v1/events", params={"sort": sort, "limit": 200}).json()["items"]]
    assert _walk(client, sort=sort, limit=2) == full and len(full) == 5


def test_cursor_from_another_listing_or_garbage_is_422(loaded):
    client, *_ = loaded
    asc = client.get("/v1/events", params={"limit": 1}).json()["next_cursor"]
    for bad in [
        "abc",
        "!!!",
        asc[:-3],
        client.get("/v1/articles", params={"limit": 1}).json()["next_cursor"] or "eHh4",
    ]:
        r = client.get("/v1/events", params={"cursor": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["loc"] == ["query", "cursor"], bad
    assert client.get("/v1/events", params={"cursor": asc, "sort": "-date"}).status_code == 422
    assert client.get("/v1/actors", params={"cursor": asc}).status_code == 422


def test_exports_defuse_formulas_and_markup(client, session):
    text = "=HYPERLINK(1) <b>Germany</b> announced March 7 that it would act."
    ev = event(
        text,
        text,
        "March 7",
        "2019-03-07",
        "2019-03-07",
        summary="=HYPERLINK(1) <b>Germany</b> announced",
        actors=[actor("Germany", country="DE")],
        countries=["DE"],
    )
    store_article(session, article(text, source="<i>Wire</i>"), result(text, ev))
    row = next(csv.DictReader(io.StringIO(client.get("/v1/events.csv").text)))
    assert row["summary"] == "'=HYPERLINK(1) <b>Germany</b> announced"
    (item,) = client.get("/v1/timeline.json").json()["events"]
    assert item["text"]["headline"] == "=HYPERLINK(1) &lt;b&gt;Germany&lt;/b&gt; announced"
    assert "<b>" not in item["text"]["text"] and "&lt;i&gt;Wire&lt;/i&gt;" in item["text"]["text"]
    # the JSON API itself returns text as stored
    assert client.get("/v1/events").json()["items"][0]["summary"] == "=HYPERLINK(1) <b>Germany</b> announced"

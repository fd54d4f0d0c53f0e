"""Whether an event happened: the timeline lists asserted events; negated, hypothetical and planned ones are
stored with their modality and listed when asked for (`modality=`)."""

from __future__ import annotations

TEXT = (
    "France signed the trade treaty with Germany on Monday. "
    "Italy did not sign the treaty on Monday. "
    "Spain will sign the treaty on Friday."
)


def _ingest(client):
    r = client.post(
        "/v1/articles", json={"source": "Wire", "external_id": "modality-1", "published_at": "2019-03-12", "text": TEXT}
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_the_timeline_lists_what_happened_and_the_rest_when_asked(client):
    created = _ingest(client)
    kinds = {e["modality"] for e in created["events"]}
    assert kinds == {"asserted", "negated", "planned"}, [(e["summary"], e["modality"]) for e in created["events"]]
    listed = client.get("/v1/events").json()["items"]
    assert listed and {e["modality"] for e in listed} == {"asserted"}
    assert any("France" in e["summary"] for e in listed) and not any("Spain" in e["summary"] for e in listed)
    planned = client.get("/v1/events", params={"modality": "planned"}).json()["items"]
    assert [e["modality"] for e in planned] == ["planned"] and "Spain" in planned[0]["summary"]
    assert planned[0]["date"]["value"] == "2019-03-15"
    both = client.get("/v1/events", params=[("modality", "asserted"), ("modality", "negated")]).json()["items"]
    assert {e["modality"] for e in both} == {"asserted", "negated"}
    # counts follow the timeline: Spain's planned signing counts for nobody
    spain = client.get("/v1/actors", params={"q": "Spain"}).json()["items"]
    assert all(a["event_count"] == 0 for a in spain)
    countries = {c["code"]: c["event_count"] for c in client.get("/v1/countries").json()["items"]}
    assert "ES" not in countries or countries["ES"] == 0


def test_a_bad_modality_is_a_clear_422(client):
    r = client.get("/v1/events", params={"modality": "maybe"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "modality" in r.text


def test_parse_shows_every_modality(client):
    r = client.post("/v1/parse", json={"text": TEXT, "published_at": "2019-03-12"})
    assert r.status_code == 200, r.text
    assert {e["modality"] for e in r.json()["events"]} == {"asserted", "negated", "planned"}


def test_the_schema_names_the_modality_enum(client):
    schema = client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["Modality"]["enum"] == ["asserted", "negated", "hypothetical", "planned"]
    params = {p["name"]: p for p in schema["paths"]["/v1/events"]["get"]["parameters"]}
    assert "modality" in params

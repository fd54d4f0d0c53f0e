"""The OpenAPI schema: stable operationIds, typed models, problem responses; a generated client works."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OPERATION_IDS = {
    ("get", "/healthz"): "health",
    ("post", "/v1/articles"): "createArticle",
    ("post", "/v1/articles/batch"): "createArticles",
    ("get", "/v1/articles"): "listArticles",
    ("get", "/v1/articles/{id}"): "getArticle",
    ("delete", "/v1/articles/{id}"): "deleteArticle",
    ("get", "/v1/events"): "listEvents",
    ("get", "/v1/events/{id}"): "getEvent",
    ("get", "/v1/timeline.json"): "getTimeline",
    ("get", "/v1/actors"): "listActors",
    ("get", "/v1/actors/{id}"): "getActor",
    ("get", "/v1/countries"): "listCountries",
    ("post", "/v1/parse"): "parseText",
}


@pytest.fixture
def spec(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def test_every_route_has_its_stable_operation_id(spec):
    found = {(m, p): op["operationId"] for p, item in spec["paths"].items() for m, op in item.items()}
    assert found == OPERATION_IDS


def test_errors_are_documented_as_problems(spec):
    assert set(spec["components"]["schemas"]["Problem"]["required"]) >= {"title", "status"}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if path == "/healthz":
                continue
            codes = set(op["responses"])
            assert "422" in codes or path == "/v1/countries", (method, path)
            for code, resp in op["responses"].items():
                if code.startswith(("4", "5")):
                    assert resp["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem"), (method, path, code)
    assert "413" in spec["paths"]["/v1/articles"]["post"]["responses"]
    assert "401" in spec["paths"]["/v1/articles/{id}"]["delete"]["responses"]


def test_responses_are_typed_models_with_examples(spec):
    schemas = spec["components"]["schemas"]
    page = schemas["EventPage"]["properties"]["items"]
    assert page["items"]["$ref"].endswith("/EventPublic")
    assert set(schemas["EventPublic"]["required"]) >= {"id", "date", "summary", "trigger", "actors", "countries", "sources"}
    assert schemas["ArticleCreate"]["examples"] and schemas["ParseRequest"]["examples"]
    params = {p["name"]: p for p in spec["paths"]["/v1/events"]["get"]["parameters"]}
    assert {"actor", "country", "date_from", "date_to", "q", "source", "article_id", "granularity", "dated_by", "sort", "limit", "cursor",
            "format"} <= set(params)
    assert params["limit"]["schema"]["maximum"] == 200


def test_generated_python_client_ingests_a_seed_and_lists_events(client, tmp_path):
    seed = json.loads((ROOT / "seeds" / "cnn-2019-03-12-us-germany-huawei.json").read_text())
    (tmp_path / "openapi.json").write_text(json.dumps(client.get("/openapi.json").json()))
    venv_bin = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(
        [str(venv_bin / "openapi-python-client"), "generate", "--path", "openapi.json", "--output-path", "dateline_client", "--meta", "none"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        pkg = importlib.import_module("dateline_client")
        create = importlib.import_module("dateline_client.api.articles.create_article")
        list_events = importlib.import_module("dateline_client.api.events.list_events")
        models = importlib.import_module("dateline_client.models")
        sdk = pkg.AuthenticatedClient(base_url="http://testserver", token="unused")
        sdk.set_httpx_client(client)  # the generated client over the app, through the test transport
        body = models.ArticleCreate.from_dict({k: seed[k] for k in ("external_id", "source", "title", "url", "published_at", "language", "text")})
        created = create.sync_detailed(client=sdk, body=body)
        assert created.status_code == 201, created.content
        assert created.parsed.external_id == seed["external_id"] and created.parsed.events
        again = create.sync_detailed(client=sdk, body=body)
        assert again.status_code == 200 and again.parsed.id == created.parsed.id
        page = list_events.sync(client=sdk, limit=200)
        assert {e.id for e in page.items} == {e.id for e in created.parsed.events}
        assert all(s.article_id == created.parsed.id for e in page.items for s in e.sources)
        problem = list_events.sync(client=sdk, country="Narnia")
        assert isinstance(problem, models.Problem) and problem.status == 422
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("dateline_client")]:
            del sys.modules[name]

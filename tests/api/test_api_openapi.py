"""The OpenAPI schema: stable operationIds, named enums, required outputs, one media type per error, clean under
Redocly and Spectral; generated Python and TypeScript clients make real calls against a running server."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "node_modules" / ".bin"
SEED = ROOT / "seeds" / "cnn-2019-03-12-us-germany-huawei.json"

OPERATION_IDS = {
    ("get", "/healthz"): "health",
    ("get", "/readyz"): "ready",
    ("post", "/v1/articles"): "createArticle",
    ("post", "/v1/articles/batch"): "createArticles",
    ("get", "/v1/articles"): "listArticles",
    ("get", "/v1/articles/{id}"): "getArticle",
    ("delete", "/v1/articles/{id}"): "deleteArticle",
    ("get", "/v1/events"): "listEvents",
    ("get", "/v1/events.csv"): "exportEventsCsv",
    ("get", "/v1/events.ndjson"): "exportEventsNdjson",
    ("get", "/v1/events/histogram"): "getEventHistogram",
    ("get", "/v1/events/{id}"): "getEvent",
    ("get", "/v1/timeline.json"): "getTimeline",
    ("get", "/v1/actors"): "listActors",
    ("get", "/v1/actors/{id}"): "getActor",
    ("get", "/v1/countries"): "listCountries",
    ("post", "/v1/parse"): "parseText",
    ("get", "/v1/jobs/{id}"): "getJob",
}
WRITES = {"createArticle", "createArticles", "deleteArticle", "parseText"}  # parse: the costliest, keyed like a write


@pytest.fixture
def spec(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def _ops(spec):
    return [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items()]


def test_every_route_has_its_stable_operation_id(spec):
    assert {(m, p): op["operationId"] for m, p, op in _ops(spec)} == OPERATION_IDS


def test_every_operation_and_parameter_is_described_and_tagged(spec):
    tags = {t["name"] for t in spec["tags"]}
    assert all(t.get("description") for t in spec["tags"]) and spec["servers"][0]["url"].startswith("http")
    for m, p, op in _ops(spec):
        assert op["summary"] and op["description"] and set(op["tags"]) <= tags, (m, p)
        for param in op.get("parameters", []):
            assert param.get("description"), (m, p, param["name"])


def test_security_only_on_writes_unless_reads_need_a_key(spec, make_client):
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth"}
    for _, _, op in _ops(spec):
        expected = [{"bearerAuth": []}] if op["operationId"] in WRITES else []
        assert op["security"] == expected, op["operationId"]
    locked = make_client(api_keys="k", read_auth=True).get("/openapi.json").json()
    assert all(op["security"] == [{"bearerAuth": []}] for _, _, op in _ops(locked))


def test_errors_have_one_media_type_and_the_problem_schema(spec):
    assert set(spec["components"]["schemas"]["Problem"]["required"]) == {
        "type",
        "title",
        "status",
        "detail",
        "instance",
    }
    for m, p, op in _ops(spec):
        codes = set(op["responses"])
        assert "422" in codes, (m, p)  # an unknown query parameter, at least
        for code, resp in op["responses"].items():
            if code.startswith(("4", "5")) and not (p in ("/healthz", "/readyz") and code == "503"):
                assert list(resp["content"]) == ["application/problem+json"], (m, p, code)
                assert resp["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem"), (m, p, code)
    assert "413" in spec["paths"]["/v1/articles"]["post"]["responses"]
    assert "401" in spec["paths"]["/v1/articles/{id}"]["delete"]["responses"]


def test_enums_are_named_and_reused_by_reference(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["ActorRole"]["enum"] == ["source", "target", "other"]
    assert set(schemas["ActorKind"]["enum"]) == {"person", "organization", "country", "government", "group"}
    assert "day" in schemas["Granularity"]["enum"] and "week" in schemas["Granularity"]["enum"]
    text = json.dumps(spec)
    assert text.count('"source", "target", "other"') == 1, "ActorRole is inlined somewhere"
    for model, field, enum in [
        ("EventActorPublic", "role", "ActorRole"),
        ("EventActorPublic", "kind", "ActorKind"),
        ("ActorPublic", "kind", "ActorKind"),
        ("EventDate", "granularity", "Granularity"),
        ("ParsedActor", "role", "ActorRole"),
        ("Job", "status", "JobStatus"),
        ("Job", "kind", "JobKind"),
    ]:
        assert schemas[model]["properties"][field] == {"$ref": f"#/components/schemas/{enum}"}, (model, field)
    params = {p["name"]: p for p in spec["paths"]["/v1/events"]["get"]["parameters"]}
    assert params["granularity"]["schema"]["anyOf"][0] == {"$ref": "#/components/schemas/Granularity"}


def test_always_present_output_fields_are_required_and_nullable_only_where_null_is_meaningful(spec):
    schemas = spec["components"]["schemas"]
    for name in (
        "EventPublic",
        "EventSource",
        "ActorPublic",
        "ArticlePublic",
        "ArticleCreated",
        "EventPage",
        "EventHistogram",
        "Job",
        "JobResult",
        "JobItem",
    ):
        assert set(schemas[name]["required"]) == set(schemas[name]["properties"]), name
    ev = schemas["EventPublic"]["properties"]
    assert ev["summary"] == {"type": "string", "title": "Summary"} and ev["confidence"]["type"] == "number"
    assert "anyOf" in ev["event_type"]  # null: no type was found
    assert schemas["ArticleCreated"]["properties"]["warnings"]["type"] == "array"
    tl = schemas["TimelineEvent"]["properties"]
    assert tl["end_date"]["$ref"] == "#/components/schemas/TimelineDate" and "anyOf" not in tl["end_date"]
    assert "end_date" not in schemas["TimelineEvent"]["required"]


def test_exports_are_their_own_operations_with_their_own_media_types(spec):
    assert list(spec["paths"]["/v1/events.csv"]["get"]["responses"]["200"]["content"]) == ["text/csv"]
    assert list(spec["paths"]["/v1/events.ndjson"]["get"]["responses"]["200"]["content"]) == ["application/x-ndjson"]
    assert list(spec["paths"]["/v1/events"]["get"]["responses"]["200"]["content"]) == ["application/json"]
    params = {p["name"] for p in spec["paths"]["/v1/events"]["get"]["parameters"]}
    assert "format" not in params
    assert {p["name"] for p in spec["paths"]["/v1/events.csv"]["get"]["parameters"]} >= params - {"limit"} | {"limit"}


# --------------------------------------------------------------------------- linters (pinned, from package-lock.json)


def _node_tool(name: str) -> Path:
    if shutil.which("node") is None:
        pytest.skip(
            "Node.js is not installed: the OpenAPI lint and TypeScript client tests need it (Debian: nodejs, npm)"
        )
    tool = BIN / name
    assert tool.exists(), f"{tool} missing: run `bash scripts/setup.sh` (npm ci from package-lock.json)"
    return tool


def _write_spec(client, folder: Path) -> Path:
    path = folder / "openapi.json"
    path.write_text(json.dumps(client.get("/openapi.json").json(), indent=1))
    return path


NODE_ENV = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_redocly_lint_reports_no_error_and_no_warning(client, tmp_path):
    spec = _write_spec(client, tmp_path)
    out = subprocess.run(
        [str(_node_tool("redocly")), "lint", str(spec), "--config", str(ROOT / "redocly.yaml"), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=NODE_ENV,
        cwd=tmp_path,
        check=False,
    )
    report, _ = json.JSONDecoder().raw_decode(out.stdout[out.stdout.index("{") :])
    assert report["totals"]["errors"] == 0 and report["totals"]["warnings"] == 0, json.dumps(
        report["problems"], indent=1
    )[:4000]
    assert out.returncode == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_spectral_oas_ruleset_reports_no_error_and_no_warning(client, tmp_path):
    spec = _write_spec(client, tmp_path)
    out = subprocess.run(
        [
            str(_node_tool("spectral")),
            "lint",
            str(spec),
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "--format",
            "json",
            "--fail-severity",
            "hint",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=NODE_ENV,
        cwd=tmp_path,
        check=False,
    )
    text = out.stdout.strip()
    results = json.JSONDecoder().raw_decode(text[text.index("[") :])[0] if "[" in text else None
    assert results == [], out.stdout[:4000] + out.stderr[:2000]
    assert out.returncode == 0


# --------------------------------------------------------------------------- generated clients against a running server


def _article_body() -> dict:
    seed = json.loads(SEED.read_text())
    return {k: seed[k] for k in ("external_id", "source", "title", "url", "published_at", "language", "text")}


def test_generated_python_client_calls_a_running_server(client, live_server, tmp_path):
    _write_spec(client, tmp_path)
    # NDJSON is a stream of lines, not one JSON document: the client hands it over as bytes
    (tmp_path / "config.json").write_text(
        json.dumps({"content_type_overrides": {"application/x-ndjson": "application/octet-stream"}})
    )
    venv_bin = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(
        [
            str(venv_bin / "openapi-python-client"),
            "generate",
            "--path",
            "openapi.json",
            "--output-path",
            "dateline_client",
            "--meta",
            "none",
            "--config",
            "config.json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Warning" not in out.stdout + out.stderr, out.stdout + out.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        pkg = importlib.import_module("dateline_client")
        api = "dateline_client.api."
        create = importlib.import_module(api + "articles.create_article")
        list_events = importlib.import_module(api + "events.list_events")
        histogram = importlib.import_module(api + "events.get_event_histogram")
        ndjson = importlib.import_module(api + "events.export_events_ndjson")
        csv_export = importlib.import_module(api + "events.export_events_csv")
        models = importlib.import_module("dateline_client.models")
        reader = pkg.Client(base_url=live_server, timeout=120)  # reads need no key: a plain client
        writer = pkg.AuthenticatedClient(base_url=live_server, token="unused", timeout=120)
        body = models.ArticleCreate.from_dict(_article_body())
        created = create.sync_detailed(client=writer, body=body)
        assert created.status_code == 201, created.content
        assert created.parsed.external_id == body.external_id and created.parsed.events
        assert isinstance(created.parsed.events[0].actors[0].role, models.ActorRole)
        again = create.sync_detailed(client=writer, body=body)
        assert again.status_code == 200 and again.parsed.id == created.parsed.id
        page = list_events.sync(client=reader, limit=200)
        assert {e.id for e in page.items} == {e.id for e in created.parsed.events}
        de = list_events.sync(client=reader, country=["DE", "FR"], limit=200)
        assert de.items and all({"DE", "FR"} & set(e.countries) for e in de.items)
        hist = histogram.sync(client=reader, interval=models.HistogramInterval.YEAR, by=models.HistogramBy.COUNTRY)
        assert sum(b.count for b in hist.buckets) == len(page.items)
        lines = ndjson.sync_detailed(client=reader, country=["DE"]).content.decode().splitlines()
        assert [json.loads(x)["id"] for x in lines] == [
            e.id for e in list_events.sync(client=reader, country=["DE"], limit=200).items
        ]
        rows = csv_export.sync_detailed(client=reader).content.decode().splitlines()
        assert rows[0].startswith("id,date_value") and len(rows) == len(page.items) + 1
        problem = list_events.sync(client=reader, country=["Narnia"])
        assert isinstance(problem, models.Problem) and problem.status == 422 and problem.detail.startswith("country")
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("dateline_client")]:
            del sys.modules[name]


TS_CLIENT = r"""
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Event = components["schemas"]["EventPublic"];
type Problem = components["schemas"]["Problem"];

const api = createClient<paths>({ baseUrl: process.argv[2] });

async function main(): Promise<void> {
  const body = JSON.parse(process.argv[3]) as components["schemas"]["ArticleCreate"];
  const created = await api.POST("/v1/articles", { body });
  // 201 (stored) or 200 (known) carry the article; 202 (Prefer: respond-async) a Job: narrowed by its fields
  if (created.response.status !== 201 || !created.data || !("events" in created.data)) {
    throw new Error(`create: ${created.response.status}`);
  }
  const events = await api.GET("/v1/events", { params: { query: { country: ["DE", "FR"], limit: 200 } } });
  if (!events.data) throw new Error("listEvents failed");
  const roles: components["schemas"]["ActorRole"][] = events.data.items.flatMap(
    (e: Event) => e.actors.map((a) => a.role),
  );
  const hist = await api.GET("/v1/events/histogram", { params: { query: { interval: "year", by: "country" } } });
  if (!hist.data) throw new Error("histogram failed");
  const bad = await api.GET("/v1/events", { params: { query: { country: ["Narnia"] } } });
  const problem: Problem | undefined = bad.error;
  console.log(JSON.stringify({
    created: created.data.events.length,
    countries: events.data.items.map((e: Event) => e.countries),
    roles,
    buckets: hist.data.buckets.map((b) => b.count),
    problem: problem ? [problem.status, problem.detail] : null,
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
"""

TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "module": "nodenext",
        "moduleResolution": "nodenext",
        "target": "es2022",
        "lib": ["es2022", "dom"],
        "types": ["node"],
        "skipLibCheck": False,
        "outDir": "out",
        "noEmitOnError": True,
    },
    "files": ["client.ts", "schema.d.ts"],
}


def test_generated_typescript_client_type_checks_and_calls_a_running_server(client, live_server):
    openapi_ts, tsc = _node_tool("openapi-typescript"), _node_tool("tsc")
    cache = ROOT / "node_modules" / ".cache"
    cache.mkdir(exist_ok=True)
    folder = Path(
        tempfile.mkdtemp(prefix="ts-client-", dir=cache)
    )  # inside the project: node resolves its node_modules
    try:
        spec = _write_spec(client, folder)
        out = subprocess.run(
            [str(openapi_ts), str(spec), "-o", str(folder / "schema.d.ts")],
            capture_output=True,
            text=True,
            timeout=300,
            env=NODE_ENV,
            check=False,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        (folder / "client.ts").write_text(TS_CLIENT)
        (folder / "package.json").write_text('{"type": "module"}')
        (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG))
        out = subprocess.run(
            [str(tsc), "-p", str(folder)], capture_output=True, text=True, timeout=300, env=NODE_ENV, check=False
        )
        assert out.returncode == 0, out.stdout + out.stderr
        run = subprocess.run(
            ["node", str(folder / "out" / "client.js"), live_server, json.dumps(_article_body())],
            capture_output=True,
            text=True,
            timeout=300,
            env=NODE_ENV,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        result = json.loads(run.stdout)
        assert (
            result["created"] >= 1 and result["countries"] and all({"DE", "FR"} & set(c) for c in result["countries"])
        )
        assert set(result["roles"]) <= {"source", "target", "other"} and sum(result["buckets"]) >= result["created"]
        assert result["problem"][0] == 422 and result["problem"][1].startswith("country")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

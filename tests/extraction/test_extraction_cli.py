"""`dateline extract`: JSON lines in, one line per article out, in the API's event shape."""

import json

from typer.testing import CliRunner

from app.cli import cli


def test_extract_command_lines_in_lines_out():
    lines = [
        {"id": "a", "text": "Germany announced on Monday that it would not ban Huawei.", "published_at": "2019-03-12",
         "source": "Example"},
        {"id": "b", "text": "  ", "published_at": "2019-03-12"},
    ]
    res = CliRunner().invoke(cli, ["extract"], input="".join(json.dumps(x) + "\n" for x in lines))
    assert res.exit_code == 0, res.output
    out = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert [o["id"] for o in out] == ["a", "b"]
    ev = out[0]["events"][0]
    assert ev["date"] == {"value": "2019-03-11", "start": "2019-03-11", "end": "2019-03-11", "granularity": "day"}
    assert any(a["name"] == "Germany" and a["role"] == "source" and a["country"] == "DE" for a in ev["actors"])
    src = ev["sources"][0]
    assert src["source"] == "Example" and "Monday" in src["expression"] and src["value"] == "2019-03-11"
    assert out[1]["error"].startswith("text:")


def test_extract_command_rejects_a_line_that_is_not_json():
    res = CliRunner().invoke(cli, ["extract"], input="{not json}\n")
    assert res.exit_code != 0 and "line 1" in res.output

"""The `dateline tag` command: JSON lines in, one JSON line of timexes per document out."""

import json

from typer.testing import CliRunner

from app.cli import cli


def _run(lines, *args):
    payload = "".join(json.dumps(x) + "\n" for x in lines)
    result = CliRunner().invoke(cli, ["tag", *args], input=payload)
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in result.output.splitlines() if x.strip()]


def test_tag_with_tense_from_the_tagger():
    out = _run(
        [{"id": "a", "text": "Germany announced March 7 that it would not ban Huawei.", "published_at": "2019-03-12"}]
    )
    assert out[0]["id"] == "a"
    (t,) = out[0]["timexes"]
    assert (t["text"], t["value"], t["interval_start"], t["anchor"]) == (
        "March 7",
        "2019-03-07",
        "2019-03-07",
        "publication",
    )


def test_tag_reports_bad_published_at_per_line():
    out = _run(
        [
            {"id": 1, "text": "He left Monday.", "published_at": "soon"},
            {"id": 2, "text": "", "published_at": "2019-03-12"},
        ],
        "--no-nlp",
    )
    assert "published_at" in out[0]["error"]
    assert out[1] == {"id": 2, "timexes": []}

"""The seed timeline (fixtures/expected_timeline.json) read off the two seed articles by the real
pipeline: resolver, parse, events, in-article merging, and cross-article merging with merge.py.
The checks follow the seeds' check_timeline.py, minus HTTP."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from app.extraction import extract
from app.extraction.merge import merge_into, same_happening

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((Path(__file__).parent / "fixtures" / "expected_timeline.json").read_text())
ARTICLES = {p.stem: json.loads(p.read_text()) for p in (ROOT / "seeds").glob("*.json")}


@pytest.fixture(scope="module")
def timeline():
    """(all events after merging across articles, {id(evidence): article key}, per-article results)."""
    results, origin, merged = {}, {}, []
    for key in sorted(ARTICLES, key=lambda k: not k.startswith("cnn")):
        art = ARTICLES[key]
        results[key] = extract(art["text"], art["published_at"], source=art["source"], language=art["language"])
        for ev in copy.deepcopy(results[key].events):  # merging changes the target; keep each article's own
            for x in ev.evidence:
                origin[id(x)] = key
            target = next((m for m in merged if same_happening(m, ev)), None)
            if target is None:
                merged.append(ev)
            else:
                merge_into(target, ev)
    return merged, origin, results


def _find(timeline, exp):
    merged, origin, _ = timeline
    for ev in merged:
        for x in ev.evidence:
            if origin.get(id(x)) == exp["article"] and exp["sentence"] in x.sentence:
                return ev, x
    return None, None


@pytest.mark.parametrize("exp", GOLD["events"], ids=[e["id"] for e in GOLD["events"]])
def test_expected_event(timeline, exp):
    ev, x = _find(timeline, exp)
    assert ev is not None, f"no event with evidence containing {exp['sentence']!r}"
    assert x.expression.lower() == exp["expression"].lower() or exp["expression"].lower() in x.expression.lower()
    assert x.value in exp["values"] or ("merged_with" not in exp and ev.value in exp["values"]), (x.value, ev.value)
    names = [a.name.lower() for a in ev.actors]
    assert all(any(a.lower() in n for n in names) for a in exp["actors"]), names
    assert set(exp["countries"]) <= set(ev.countries), ev.countries
    assert ev.countries == sorted(set(ev.countries))
    assert 0.0 <= ev.confidence <= 1.0


@pytest.mark.parametrize("exp", [e for e in GOLD["events"] if e.get("merged_with")], ids=lambda e: e["id"])
def test_merges(timeline, exp):
    gold = {e["id"]: e for e in GOLD["events"]}
    a, _ = _find(timeline, exp)
    b, _ = _find(timeline, gold[exp["merged_with"]])
    assert a is not None and a is b and len(a.evidence) >= 2


def test_merged_letter_is_dated_by_its_most_precise_mention(timeline):
    letter, _ = _find(timeline, next(e for e in GOLD["events"] if e["id"] == "grenell-letter"))
    assert letter.value == "2019-03-08" and letter.granularity == "day"
    assert {x.value for x in letter.evidence} == {"2019-03-08", "2019-W10"}  # each keeps its own value


@pytest.mark.parametrize("flt", GOLD["filters"], ids=lambda f: json.dumps(f["query"]))
def test_filters(timeline, flt):
    merged = timeline[0]
    q = flt["query"]
    if "actor" in q:
        got = [e for e in merged if any(q["actor"].lower() in a.name.lower() for a in e.actors)]
    else:
        got = [e for e in merged if q["country"] in e.countries]
    want = []
    for i in flt["expect_ids"]:
        ev, _ = _find(timeline, next(e for e in GOLD["events"] if e["id"] == i))
        assert ev is not None, i
        want.append(ev)
    got_ids, want_ids = {id(e) for e in got}, {id(e) for e in want}
    assert want_ids <= got_ids
    if flt["exactly"]:
        assert got_ids == want_ids, [e.summary for e in got]


def test_nothing_from_furniture_or_a_law_name(timeline):
    merged = timeline[0]
    bad = GOLD["forbidden"]
    for ev in merged:
        text = " ".join([ev.summary] + [x.sentence for x in ev.evidence]).lower()
        assert not [w for w in bad["event_text_contains"] if w.lower() in text], ev.summary
        assert ev.date_start.year not in bad["years"], ev.summary
        for rule in bad["expression_followed_by"]:
            only = [x for x in ev.evidence if x.expression == rule["expression"]
                    and rule["expression"] + rule["followed_by"] in x.sentence]
            assert not (only and len(only) == len(ev.evidence)), ev.summary


def test_offsets_point_into_the_received_text(timeline):
    _, _, results = timeline
    for key, res in results.items():
        assert res.text == ARTICLES[key]["text"]
        for ev in res.events:
            for x in ev.evidence:
                assert res.text[x.sentence_start : x.sentence_end] == x.sentence
                assert res.text[x.expression_start : x.expression_end] == x.expression
                assert res.text[x.trigger_start : x.trigger_end] == x.trigger_text
                assert x.sentence_start <= x.trigger_start < x.trigger_end <= x.sentence_end
                if x.dated_by == "publication":  # no expression of the text: an empty one at the trigger
                    assert x.expression == "" and x.expression_start == x.trigger_start
                elif x.dated_by == "text":
                    assert x.sentence_start <= x.expression_start < x.expression_end <= x.sentence_end
                else:  # the story's date, said earlier
                    assert x.expression_start < x.expression_end <= x.sentence_end


def test_pronouns_resolved_in_the_seeds(timeline):
    gold = {e["id"]: e for e in GOLD["events"]}
    iowa, _ = _find(timeline, gold["pompeo-iowa"])
    lawsuit, _ = _find(timeline, gold["huawei-lawsuit"])
    assert next(a for a in iowa.actors if "Pompeo" in a.name).role == "source"
    assert next(a for a in lawsuit.actors if a.name == "Huawei").role == "source"
    assert next(a for a in lawsuit.actors if a.country == "US").role == "target"

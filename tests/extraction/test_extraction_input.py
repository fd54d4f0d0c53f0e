"""Bad and unusual input: clear results or clear errors that name the field, never a crash."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extraction import extract, extract_many
from app.extraction.errors import ExtractionInputError

ROOT = Path(__file__).resolve().parents[2]
CNN = json.loads((ROOT / "seeds" / "cnn-2019-03-12-us-germany-huawei.json").read_text())


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_an_error_naming_text(text):
    with pytest.raises(ExtractionInputError, match=r"^text: "):
        extract(text, "2019-03-12")


@pytest.mark.parametrize("text", [None, 42, ["a"]])
def test_text_of_the_wrong_type(text):
    with pytest.raises(ExtractionInputError, match=r"^text: "):
        extract(text, "2019-03-12")


@pytest.mark.parametrize("published", [None, "", "yesterday", "2019-13-45", 12])
def test_missing_or_malformed_published_at(published):
    with pytest.raises(ExtractionInputError, match=r"^published_at: "):
        extract("Germany announced on Monday that it would act.", published)


def test_published_at_with_time_zone_is_accepted():
    r = extract("Germany announced on Monday that it would act.", "2019-03-12T09:30:00Z")
    assert r.published_at.tzinfo is not None


def test_text_without_dates_says_so_and_dates_only_its_lead_by_publication():
    r = extract("Germany said it would not ban any company from bidding on contracts.", "2019-03-12")
    assert any("no dates" in w for w in r.warnings)
    assert [(e.value, e.dated_by, e.trigger) for e in r.events] == [("2019-03-12", "publication", "say")]
    r = extract("Police arrested two men. Officers questioned them. Neighbours were surprised. The men were "
                "released later.", "2019-03-12")
    assert [e.trigger for e in r.events] == ["arrest", "question"]  # the lead; nothing past it


def test_non_english_text_gives_no_events_and_says_so():
    text = ("Die Bundesregierung hat am Donnerstag angekündigt, dass sie keinen Anbieter vom Ausbau des "
            "5G-Netzes ausschließen wird. Das sagte ein Sprecher am 7. März in Berlin.")
    r = extract(text, "2019-03-12")
    assert r.events == [] and r.language == "de" and any("not supported" in w for w in r.warnings)


def test_language_given_wins_over_detection():
    r = extract("Germany announced on Monday that it would act.", "2019-03-12", language="fr")
    assert r.events == [] and r.language == "fr"


@pytest.mark.slow
def test_one_megabyte_article():
    body = CNN["text"]
    text = (body + "\n\n") * (1_000_000 // len(body) + 1)
    assert len(text) > 1_000_000
    r = extract(text, CNN["published_at"])
    assert r.text == text and len(r.events) >= 7
    for e in r.events[:20]:
        for x in e.evidence:
            assert text[x.expression_start : x.expression_end] == x.expression


@pytest.mark.slow
def test_one_paragraph_of_a_megabyte_is_cut_not_refused():
    sentence = "Officials said on Monday that the talks would resume. "
    r = extract(sentence * (1_000_000 // len(sentence) + 1), "2019-03-12")
    assert r.events and all(e.value == "2019-03-11" for e in r.events)


HTML = """<!doctype html><html><head><title>US warns Germany over Huawei</title>
<meta property="article:published_time" content="2019-03-12T08:00:00Z">
<script>var d = "March 7, 2024"; window.tracker = function() { return 'Latest Stories'; };</script>
<style>.x { color: red }</style></head>
<body><nav>Home | World | Business</nav>
<article><h1>US warns Germany over Huawei</h1>
<p>Germany announced March 7 that it would not ban any company from bidding on 5G contracts.</p>
<p>US Ambassador to Germany Richard Grenell sent a letter to the German government last week,
according to a US official familiar with the matter.</p>
<p>The government in Berlin has not yet replied to the letter, officials said.</p>
</article><footer>Copyright 2024 Example News</footer></body></html>"""


def test_html_with_scripts_uses_the_main_text_and_the_page_date():
    r = extract(HTML, None, content_type="text/html")
    assert "window.tracker" not in r.text and "Germany announced March 7" in r.text
    assert str(r.published_at) == "2019-03-12"
    assert {e.value for e in r.events} >= {"2019-03-07", "2019-W10"}
    assert all(e.date_start.year == 2019 for e in r.events)
    for e in r.events:
        for x in e.evidence:
            assert r.text[x.sentence_start : x.sentence_end] == x.sentence


def test_html_is_recognised_without_a_content_type():
    r = extract(HTML, "2019-03-12")
    assert "<p>" not in r.text and r.events


def test_html_without_date_and_without_published_at_is_an_error():
    page = "<html><body><article><p>Germany announced on Monday that it would act.</p></article></body></html>"
    with pytest.raises(ExtractionInputError, match=r"^published_at: "):
        extract(page, None, content_type="text/html")


def test_extract_many_returns_errors_in_place():
    docs = [
        {"text": "Germany announced on Monday that it would act.", "published_at": "2019-03-12"},
        {"text": "", "published_at": "2019-03-12"},
        {"text": "France said on Tuesday it would wait.", "published_at": "bad"},
        "not an object",
    ]
    out = extract_many(docs)
    assert len(out) == 4
    assert out[0].events and out[0].events[0].value == "2019-03-11"
    assert isinstance(out[1], ExtractionInputError) and str(out[1]).startswith("text:")
    assert isinstance(out[2], ExtractionInputError) and str(out[2]).startswith("published_at:")
    assert isinstance(out[3], ExtractionInputError)


def test_extract_many_with_workers_matches_one_process():
    docs = [{"text": CNN["text"], "published_at": CNN["published_at"]},
            {"text": "Germany announced on Monday that it would act.", "published_at": "2019-03-12"}] * 2
    one = extract_many(docs, workers=1)
    two = extract_many(docs, workers=2)
    assert [[e.to_dict() for e in r.events] for r in one] == [[e.to_dict() for e in r.events] for r in two]


def test_wrapped_lines_are_one_paragraph_and_headings_their_own():
    from app.extraction.pipeline import _segments

    text = ("Talks resume\nThe minister said on Monday that the\nplan would go ahead, officials said.\n"
            "A second paragraph.\n\nThird one\nwith a wrap.")
    parts = [text[s:e] for s, e in _segments(text)]
    assert parts == ["Talks resume", "The minister said on Monday that the\nplan would go ahead, officials said.",
                     "A second paragraph.", "Third one\nwith a wrap."]


def test_wrapped_sentence_still_makes_its_event():
    text = "The Chinese government summoned the Canadian\nambassador on Monday, officials said."
    r = extract(text, "2019-03-12")
    assert len(r.events) == 1 and any(a.country == "CA" for a in r.events[0].actors)


_WORDS = st.sampled_from(["Germany", "announced", "on", "Monday", "that", "it", "would", "ban", "Huawei", ".", ",",
                          "\n", "\n\n", "Mr", "Grenell", "said", "last", "week", "2019", "—", "“", "”",
                          "Latest Stories", "7 minutes -", "<p>", "</p>", "he", "the", "US", "government",
                          "😀", "\u2028", "\t", "Audio By"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_WORDS, max_size=60).map(" ".join), st.text(max_size=300)))
def test_any_text_gives_a_result_or_a_named_error(text):
    try:
        r = extract(text, "2019-03-12")
    except ExtractionInputError as e:
        assert str(e).startswith(("text:", "published_at:"))
        return
    for e in r.events:
        assert 0.0 <= e.confidence <= 1.0 and e.date_start <= e.date_end
        for x in e.evidence:
            assert r.text[x.expression_start : x.expression_end] == x.expression
            assert r.text[x.sentence_start : x.sentence_end] == x.sentence


def test_result_carries_the_time_expressions():
    text = "Germany announced on Monday that it would act within three months."
    r = extract(text, "2019-03-12")
    assert any(t.value == "2019-03-11" for t in r.timexes)
    assert all(text[t.start : t.end] == t.text for t in r.timexes)

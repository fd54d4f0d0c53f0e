"""Costs that must stay linear in the text: no step may read a whole run-on sentence once per event in it."""

import time
from types import SimpleNamespace

from app.extraction import nlp, summary

CLAUSE = "troops withdrew on Monday, "


def _cards(n: int, module=summary) -> tuple[list[str], float]:
    """The card of every verb of one sentence of n dated clauses (each verb heads the clauses before it), and
    the CPU seconds per card."""
    doc = nlp.parse(CLAUSE * n)
    sent = next(iter(doc.sents))
    drafts = [SimpleNamespace(predicate=t, clause=t, sent=sent, nominal=False, roles=[])
              for t in doc if t.pos_ == "VERB"]
    best = float("inf")
    for _ in range(3):  # the best of three: the machine may be busy
        t0 = time.process_time()
        cards = [module.summarize(d) for d in drafts]
        best = min(best, (time.process_time() - t0) / len(drafts))
    return cards, best


def test_a_card_in_a_run_on_sentence_costs_the_same_however_long_the_sentence(module=summary):
    short, per_short = _cards(200, module)
    long, per_long = _cards(800, module)
    assert len(long) == 800 and all(len(c) <= summary.SUMMARY_MAX + 1 for c in long)
    assert all(c.startswith("Troops withdrew on Monday") for c in long)
    assert long[:200] == short[:199] + [long[199]]  # the same cards where the sentences are the same
    # reading each card's whole clause costs 4 times more per card for 4 times the clauses; a bounded read the same
    assert per_long < 2.5 * per_short, (per_short, per_long)


def test_a_card_keeps_its_clause_and_leaves_out_coordinated_events_and_the_sayer():
    doc = nlp.parse("Estrada condemned the bombings on Tuesday and offered condolences, officials said.")
    sent = next(iter(doc.sents))
    verbs = {t.lemma_: t for t in doc if t.pos_ == "VERB"}
    card = lambda v: summary.summarize(SimpleNamespace(predicate=v, clause=v, sent=sent, nominal=False, roles=[]))
    assert card(verbs["condemn"]) == "Estrada condemned the bombings on Tuesday"
    assert card(verbs["offer"]) == "Estrada offered condolences"


def _pieces(text):
    from app.extraction.pipeline import _segments

    spans = _segments(text)
    for (_, e), (s, _) in zip(spans, spans[1:]):
        assert e <= s and not text[e:s].strip()  # in order, nothing but space left out
    assert text[: spans[0][0]].strip() == "" and text[spans[-1][1] :].strip() == ""
    return [text[s:e].strip() for s, e in spans]


def test_a_stretch_without_a_sentence_end_is_parsed_in_short_pieces():
    from app.extraction.pipeline import RUNON_MAX

    for text in ["2019-03-12-" * 1500, CLAUSE * 600, "the day before " * 1000]:
        pieces = _pieces(text)
        assert len(pieces) > 1 and all(len(p) <= RUNON_MAX for p in pieces)
    # cut at spaces where there are some
    assert all(p.endswith("Monday,") or p.endswith("withdrew") or p.endswith("troops") or p.endswith("on")
               for p in _pieces(CLAUSE * 600)[:-1])


def test_paragraphs_of_sentences_keep_their_sentences_whole():
    from app.extraction.pipeline import SEGMENT_MAX

    sentence = "Officials said on Monday that the talks would resume in Geneva next week. "
    para = (sentence * 200).strip()  # 15,000 characters of ordinary sentences: one piece
    assert _pieces(para) == [para]
    long = (sentence * 1000).strip()  # cut at sentence ends only
    pieces = _pieces(long)
    assert all(len(p) <= SEGMENT_MAX and p.startswith("Officials") and p.endswith("week.") for p in pieces)
    # a run-on stretch inside a paragraph is cut; the sentences around it are not
    mixed = (sentence * 10) + "Troops withdrew on Monday, " + CLAUSE * 200 + sentence.strip()
    pieces = _pieces(mixed)
    assert pieces[0] == (sentence * 10).strip() and pieces[-1].endswith("next week.")
    assert all(len(p) <= 2_000 for p in pieces)


def test_quoted_sentences_in_wire_style_count_as_sentence_ends():
    sentence = "``The talks will resume,'' he said on Monday. "
    pieces = _pieces((sentence * 1000).strip())  # more than SEGMENT_MAX: cut at sentence ends, which open a quote
    assert len(pieces) > 1 and all(p.startswith("``The talks") for p in pieces)


def test_events_told_in_one_sentence_are_not_compared_for_merging(monkeypatch):
    from datetime import date

    from app.extraction import merge
    from app.extraction.types import Actor, Event, Evidence

    def event(i, sentence_start):
        ev = Evidence(sentence="Troops withdrew on Monday.", sentence_start=sentence_start, sentence_end=sentence_start + 26,
                      expression="Monday", expression_start=i, expression_end=i + 6, value="2019-03-11",
                      granularity="day", date_start=date(2019, 3, 11), date_end=date(2019, 3, 11),
                      trigger_text="withdrew", trigger_start=i, trigger_end=i + 8, dated_by="text")
        return Event(value="2019-03-11", date_start=date(2019, 3, 11), date_end=date(2019, 3, 11), granularity="day",
                     summary="Troops withdrew on Monday", trigger="withdraw",
                     actors=[Actor(name="troops", kind="group", role="source")], evidence=[ev], keywords=["withdraw"])

    calls = []
    real = merge.same_happening
    monkeypatch.setattr(merge, "same_happening", lambda a, b: calls.append(1) or real(a, b))
    one_sentence = [event(i, 0) for i in range(300)]
    assert len(merge.merge_events(one_sentence)) == 300 and not calls  # never one happening, never compared
    two = [event(i, 0) for i in range(3)] + [event(i, 100) for i in range(3)]
    assert len(merge.merge_events(two)) == 3  # the second sentence's reports merge with the first's

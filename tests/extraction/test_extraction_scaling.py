"""Costs that must stay linear in the text: no step may read a whole run-on sentence once per event in it."""

import time
from itertools import pairwise
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
    for (_, e), (s, _) in pairwise(spans):
        assert e <= s and not text[e:s].strip()  # in order, nothing but space left out
    assert text[: spans[0][0]].strip() == "" and text[spans[-1][1] :].strip() == ""
    return [text[s:e].strip() for s, e in spans]


def test_a_stretch_without_a_sentence_end_is_parsed_in_short_pieces():
    from app.extraction.pipeline import RUNON_MAX

    for text in ["2019-03-12-" * 1500, CLAUSE * 600, "the day before " * 1000]:
        pieces = _pieces(text)
        assert len(pieces) > 1 and all(len(p) <= RUNON_MAX for p in pieces)
    # cut at spaces where there are some
    assert all(p.endswith(("Monday,", "withdrew", "troops", "on")) for p in _pieces(CLAUSE * 600)[:-1])


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
        ev = Evidence(sentence="Troops withdrew on Monday.", sentence_start=sentence_start,
                      sentence_end=sentence_start + 26,
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


def _days(doc) -> list:
    """Every "the day" of a doc, as a time expression."""
    return [doc[t.i - 1 : t.i + 1] for t in doc if t.lower_ == "day" and t.i > 0]


def _climbs(n: int) -> tuple[list, float]:
    """timex_link from every "the day" of "the day before the day before ..." (n times), as the extractor calls
    it, and the CPU seconds per climb (the best of three runs, each on a fresh doc, whose memo starts empty)."""
    from app.extraction import clauses

    text = "the day before " * n
    best, found = float("inf"), []
    for _ in range(3):
        doc = nlp.parse(text)
        spans = _days(doc)
        t0 = time.process_time()
        found = [clauses.timex_link(s.root, s.start, s.end) for s in spans]
        best = min(best, (time.process_time() - t0) / len(spans))
    return [(t.i if t is not None else None, nominal, rel) for t, nominal, rel in found], best


def test_climbs_from_nested_dates_cost_the_same_however_deep_the_sentence():
    # "the day before the day before ...": each date hangs under the one before, so a climb from the n-th walks
    # n words to the top; a climb that takes the answer of the one before it costs the same at any depth
    _short, per_short = _climbs(200)
    long, per_long = _climbs(800)
    assert len(long) == 800 and len(set(long)) == 1  # each dates what the first does: nothing (no verb)
    assert per_long < 2.5 * per_short, (per_short, per_long)


def test_a_climb_gives_the_same_answer_whatever_climbs_came_before():
    from app.extraction import clauses

    text = ("He said on Monday that the troops, who had withdrawn on Sunday, would return the day before Friday. "
            "It was on Tuesday that the rebels seized the town, the day before the 1996 Olympic bombing. "
            "The deal must be signed by Friday; he has lived there since 1949. ") * 3 \
        + "the day before " * 40 + "troops withdrew on Monday, " * 20
    doc = nlp.parse(text)
    spans = [e for e in doc.ents if e.label_ in ("DATE", "TIME")] + _days(doc)
    assert len(spans) > 50

    def answers(order):
        doc.user_data.clear()
        out = {}
        for s in order:
            tok, nominal, rel = clauses.timex_link(s.root, s.start, s.end)
            out[s.start] = (tok.i if tok is not None else None, nominal, rel)
        return out

    def fresh(s):
        doc.user_data.clear()
        tok, nominal, rel = clauses.timex_link(s.root, s.start, s.end)
        return tok.i if tok is not None else None, nominal, rel

    alone = {s.start: fresh(s) for s in spans}
    assert answers(spans) == alone == answers(list(reversed(spans)))
    assert {rel for _, _, rel in alone.values()} >= {"at", "bound"}


def test_folding_many_reports_into_one_event_costs_each_report_once(monkeypatch):
    from datetime import date

    from app.extraction import merge
    from app.extraction.types import Actor, Event, Evidence

    def event(i):  # the same happening, told once in each of n sentences; the last told most precisely
        day = date(2019, 3, 11)
        start = day if i == 0 else date(2019, 3, 4)
        ev = Evidence(sentence=f"Troops withdrew on Monday ({i}).", sentence_start=100 * i, sentence_end=100 * i + 30,
                      expression="Monday", expression_start=100 * i, expression_end=100 * i + 6, value="2019-03-11",
                      granularity="day" if i == 0 else "week", date_start=start, date_end=day,
                      trigger_text="withdrew", trigger_start=100 * i, trigger_end=100 * i + 8, dated_by="text")
        return Event(value=ev.value, date_start=start, date_end=day, granularity=ev.granularity,
                     summary="Troops withdrew on Monday", trigger="withdraw",
                     actors=[Actor(name="troops", kind="group", role="source")], evidence=[ev], keywords=["withdraw"])

    def fold(n):
        reads = []
        real_key, real_width = merge._evidence_key, merge._width
        monkeypatch.setattr(merge, "_evidence_key", lambda ev: reads.append(1) or real_key(ev))
        monkeypatch.setattr(merge, "_width", lambda ev: reads.append(1) or real_width(ev))
        events = [event(i) for i in range(1, n)] + [event(0)]
        out = merge.merge_events(events)
        monkeypatch.undo()
        return out, len(reads)

    out, reads_short = fold(200)
    assert len(out) == 1 and len(out[0].evidence) == 200 and out[0].granularity == "day"  # the precise one's date
    _, reads_long = fold(800)
    # reading the evidence a target already holds on every merge costs n squared; keeping what was read, n
    assert reads_long < 5 * reads_short, (reads_short, reads_long)

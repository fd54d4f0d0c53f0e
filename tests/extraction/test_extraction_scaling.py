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

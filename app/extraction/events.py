"""Dated statements -> events: the clause a time expression governs, its trigger, actors and place."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from app.extraction import countries
from app.extraction.actors import ArticleActors, Mention
from app.extraction.merge import merge_into
from app.extraction.resources import event_types, lemma, lexicon, nominalizations
from app.extraction.types import Actor, Event, Evidence

SUMMARY_MAX = 280  # characters: a card, not a paragraph
_CLAUSE_INHERITS = {"relcl", "acl", "xcomp", "advcl", "conj", "pcomp"}
_NOMINAL_LINKS = {"nmod", "compound", "amod", "npadvmod", "poss", "nummod", "prep", "appos"}
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj"}  # where a name can be a pronoun's antecedent
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_LIGHT = {"be", "have", "do", "make", "take", "get", "say", "tell"}


@dataclass(slots=True)
class Segment:
    start: int  # offset of the segment in the article text
    doc: object  # the spaCy Doc of text[start:start + len(doc.text)]


def usable(tx) -> bool:
    """Only dates and times with an interval, never a year inside a name, make events."""
    return tx.type in ("DATE", "TIME") and tx.interval_start is not None and tx.interval_end is not None and not tx.in_name


def build_events(segments: list[Segment], timexes) -> list[Event]:
    """One event per dated clause, in reading order (not merged yet)."""
    actors = ArticleActors()
    actors.register_people(s.doc for s in segments)
    starts = [s.start for s in segments]
    by_seg: dict[int, list] = {}
    for tx in timexes:
        if not usable(tx):
            continue
        k = bisect.bisect_right(starts, tx.start) - 1
        if k >= 0:
            by_seg.setdefault(k, []).append(tx)
    drafts = []
    for k, seg in enumerate(segments):
        off = seg.start
        seg_tx = sorted(by_seg.get(k, []), key=lambda t: t.start)
        nxt = 0
        doc_ents = list(seg.doc.ents)
        e_nxt = 0
        for sent in seg.doc.sents:
            cache: dict[int, Mention | None] = {}
            sent_ents = []
            while e_nxt < len(doc_ents) and doc_ents[e_nxt].start < sent.end:
                if doc_ents[e_nxt].start >= sent.start:
                    sent_ents.append(doc_ents[e_nxt])
                e_nxt += 1
            actors.sent_ents = sent_ents
            subj = _subject_of(sent.root)
            subj_mention = _mention(actors, subj, cache) if subj is not None else None
            named = []
            for ent in sent_ents:  # every named person (a title anywhere gives their country) and acting body
                if ent.label_ == "PERSON" or ent.label_ in ("ORG", "GPE", "LOC", "FAC") and ent.root.dep_ in _ARG_DEPS:
                    named.append(_mention(actors, ent.root, cache))
            while nxt < len(seg_tx) and seg_tx[nxt].start < sent.end_char + off:  # timexes in reading order
                tx = seg_tx[nxt]
                nxt += 1
                if tx.start >= sent.start_char + off:
                    d = _draft(actors, seg, sent, sent_ents, tx, cache)
                    if d is not None:
                        drafts.append(d)
            # candidates for the next sentence's pronouns: the named ones, and every actor the events here found
            # (the tagger can miss a name the organisation table knows: "fined Google 1.49 billion euros")
            actors.close_sentence(subj_mention, named + list(cache.values()))
    events: list[Event] = []
    by_pred: dict[tuple[int, int], list[Event]] = {}
    for d in drafts:
        e = _materialize(d)
        # Two expressions dating one verb ("at 10:35 a.m. Friday") are one event when they agree.
        same = by_pred.setdefault((id(d.seg), d.predicate.i), [])
        host = next((h for h in same if h.date_start <= e.date_end and e.date_start <= h.date_end), None)
        if host is not None:
            merge_into(host, e)
        else:
            same.append(e)
            events.append(e)
    return events


# --- one dated clause -------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    tx: object
    seg: Segment
    sent: object
    predicate: object
    clause: object  # the clause head the summary is read from
    trigger: str
    nominal: bool
    inherited: bool
    roles: list  # (Mention, role)
    location: tuple[str, str | None] | None
    keywords: list[str]
    places: set


def _is_location(tok, lex) -> bool:
    """A place named as where something happened: "in Nairobi", "in Nairobi, Kenya", "in Kenya and Tanzania"."""
    t = tok
    while t.dep_ in ("appos", "conj", "compound") and t.head.i != t.i:
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in lex["location_prepositions"]


def _mention(actors: ArticleActors, tok, cache) -> Mention | None:
    if tok.i not in cache:
        cache[tok.i] = actors.mention(tok)
    return cache[tok.i]


def _subject_of(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    return None


def _find_predicate(root):
    """Climb from the time expression to the verb (or event noun) it dates."""
    noms = nominalizations()
    t = root
    while t.head.i != t.i:
        h = t.head
        if h.pos_ in ("VERB", "AUX"):
            return h, False
        if h.pos_ in ("NOUN", "PROPN") and h.lemma_.lower() in noms and t.dep_ in _NOMINAL_LINKS:
            return h, True
        t = h
    if t.pos_ in ("VERB", "AUX") and t.i != root.i:
        return t, False
    return None, False


def _controller(pred):
    """The clause whose subject a subjectless clause shares: "the interview that aired" -> "said"."""
    t = pred
    while t.dep_ in _CLAUSE_INHERITS and t.head.i != t.i:
        t = t.head
        while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
            t = t.head
        if t.pos_ in ("VERB", "AUX") and _subject_of(t) is not None:
            return t
    return None


def _args(pred, nominal: bool):
    """(token, role) for the arguments of a predicate."""
    lex = lexicon()
    out = []
    for c in pred.children:
        if nominal:
            if c.dep_ == "poss":
                out.append((c, "source"))
            elif c.dep_ == "prep" and c.lower_ == "by":
                out += [(p, "source") for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "prep" and c.lower_ in lex["target_prepositions"]:
                out += [(p, "target") for p in c.children if p.dep_ == "pobj"]
            continue
        if c.dep_ in lex["source_deps"]:
            if c.pos_ == "ADP":  # "signed by Japan": the agent is the preposition
                out += [(p, "source") for p in c.children if p.dep_ == "pobj"]
                continue
            out.append((c, "source"))
        elif c.dep_ in lex["target_deps"]:
            if c.pos_ == "ADP":  # "sent a letter to the government": the dative is the preposition
                out += [(p, "target") for p in c.children if p.dep_ == "pobj"]
                continue
            out.append((c, "target"))
            for cc in c.children:  # "a lawsuit against the US government", "a letter to the government"
                if cc.dep_ == "prep" and cc.lower_ in lex["target_prepositions"]:
                    out += [(p, "target") for p in cc.children if p.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in lex["target_prepositions"] | {"by"}:
            role = "source" if c.lower_ == "by" and any(x.dep_ == "auxpass" for x in pred.children) else "target"
            out += [(p, role) for p in c.children if p.dep_ == "pobj"]
    more = []
    for tok, role in out:
        more += [(c, role) for c in tok.conjuncts]
    return out + more


def _draft(actors: ArticleActors, seg: Segment, sent, sent_ents, tx, cache) -> _Draft | None:
    doc = seg.doc
    span = doc.char_span(tx.start - seg.start, tx.end - seg.start, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    pred, nominal = _find_predicate(span.root)
    if pred is None:
        return None
    lex = lexicon()
    roles: list[tuple[Mention, str]] = []
    seen: set[int] = set()
    keywords: list[str] = []

    def add(tok, role):
        m = _mention(actors, tok, cache)
        if m is not None and m.entity.id not in seen:
            seen.add(m.entity.id)
            roles.append((m, role))

    args = _args(pred, nominal)
    has_source = any(r == "source" for _, r in args)
    clause = pred
    inherited = False
    if nominal:
        trigger = nominalizations()[pred.lemma_.lower()]
        keywords.append(pred.lemma_.lower())
        clause = sent.root
        if not has_source:  # "Apple said in a statement on Thursday": the statement is the sayer's
            t = pred
            while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
                t = t.head
            if t.pos_ in ("VERB", "AUX") and pred.dep_ in ("pobj", "dobj"):
                args = [(a, r) for a, r in _args(t, False) if r == "source"] + args
                clause = t
                inherited = True
    else:
        trigger = lemma(pred)
        if trigger in lex["dating_participles"] and pred.dep_ == "acl":
            trigger = _dated_document(pred, lex) or trigger
        if not has_source or all(t.tag_ in ("WDT", "WP") for t, r in args if r == "source"):
            ctl = _controller(pred)
            if ctl is not None:
                args = [(t, r) for t, r in args if r != "source" and t.tag_ not in ("WDT", "WP")]
                args = _args(ctl, False) + args
                clause = ctl
                inherited = True
                # The nouns between ("In the letter to the minister dated Friday, X said") are what it is about.
                t = pred.head
                while t.i != ctl.i and t.head.i != t.i:
                    if t.pos_ == "NOUN":
                        keywords.append(t.lemma_.lower())
                        for c in t.children:
                            if c.dep_ == "prep" and c.lower_ in lex["target_prepositions"]:
                                args += [(p, "target") for p in c.children if p.dep_ == "pobj"]
                    t = t.head
    for tok, role in args:
        if tok.tag_ in ("WDT", "WP") or span.start <= tok.i < span.end or (
                tok.ent_type_ in _NOT_ACTORS and tok.pos_ != "PROPN"):
            continue
        if tok.lower_ in lex["not_actors"]:
            continue
        if role == "target" and tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() not in lex["government_nouns"]:
            keywords.append(tok.lemma_.lower())
        add(tok, role)
    if trigger not in _LIGHT:
        keywords.insert(0, trigger)
    # Everyone else named in the clause, and where it happened.
    location = None
    places: set[str] = set()  # countries of further places named with the location ("Nairobi, Kenya")
    covered = set()
    for m, _ in roles:
        covered |= m.np
    for ent in sent_ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            continue
        r = ent.root
        if r.i in covered or (not _under(r, clause) and not _under(r, pred)):
            continue
        if ent.text.lower() in lex["not_actors"]:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC") and _is_location(r, lex):
            place = countries.lookup(ent.text)
            if location is None:
                location = (ent.text, place.code if place else None)
            elif place is not None:
                places.add(place.code)
            continue
        if ent.label_ in ("GPE", "NORP") and r.dep_ in ("amod", "compound"):
            continue  # "German access", "US intelligence": a modifier, not an actor
        if r.dep_ == "pobj" and r.head.lower_ == "of" and lemma(r.head.head) in lex["person_roles"]:
            continue  # part of a title: "Secretary of State"

        add(r, "other")
    return _Draft(tx, seg, sent, pred, clause, trigger, nominal, inherited, roles, location, _dedupe(keywords), places)


def _dated_document(pred, lex) -> str | None:
    """The document a dating participle hangs from, through a few noun/preposition links:
    "the letter to Germany's economics minister dated last Friday" -> "letter"."""
    t = pred.head
    for _ in range(4):
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex["documents"]:
            return t.lemma_.lower()
        if t.pos_ not in ("NOUN", "PROPN", "ADP") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _under(tok, head) -> bool:
    t = tok
    while True:
        if t.i == head.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head


def _dedupe(xs):
    out = []
    for x in xs:
        if x and x not in out:
            out.append(x)
    return out


# --- the event ---------------------------------------------------------------------------------


def _summary(d: _Draft) -> str:
    head = d.clause
    toks = [t for t in head.subtree if d.sent.start <= t.i < d.sent.end]
    if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN") and toks:
        # a relative clause reads with the noun it describes: "the leaders who led the 1992 protests"
        last = toks[-1].i
        toks = [t for t in head.head.subtree if d.sent.start <= t.i <= last]
    if not toks:
        toks = list(d.sent)
    lo, hi = toks[0].i, toks[-1].i
    doc = d.seg.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc" or doc[lo].is_space
                       or (doc[lo].dep_ == "mark" and doc[lo].lower_ == "that")):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in (")", "”", '"'):
        hi -= 1
    parts = []
    for t in doc[lo : hi + 1]:
        text = t.text
        if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PRON":
            m = next((m for m, _ in d.roles if m.token.i == t.i), None)
            if m is not None:
                text = m.entity.name
        parts.append(text + t.whitespace_)
    s = " ".join("".join(parts).split())
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    if s.count('"') % 2:
        s = '"' + s if s.index('"') > len(s) // 2 else s + '"'
    if s.count("“") > s.count("”"):
        s += "”"
    elif s.count("”") > s.count("“"):
        s = "“" + s
    if len(s) > SUMMARY_MAX:
        cut = s.rfind(" ", 0, SUMMARY_MAX - 1)
        s = s[: cut if cut > 0 else SUMMARY_MAX - 1].rstrip(",;:") + "…"
    return s


def _confidence(d: _Draft) -> float:
    """A plain score: a named source, a verb of its own, a target and a day-precise date each add;
    a negated verb ("did not meet") or a hedged one ("could meet") takes away."""
    c = 0.4
    kids = list(d.predicate.children)
    if any(k.dep_ == "neg" for k in kids):
        c -= 0.25
    if any(k.dep_ == "aux" and k.lower_ in lexicon()["hedges"] for k in kids):
        c -= 0.1
    if any(r == "source" for _, r in d.roles):
        c += 0.25
    if not d.nominal and not d.inherited:
        c += 0.1
    if any(r == "target" for _, r in d.roles):
        c += 0.1
    if d.tx.granularity in ("day", "time", "hour", "minute"):
        c += 0.1
    return round(min(max(c, 0.05), 1.0), 2)


def _materialize(d: _Draft) -> Event:
    off = d.seg.start
    tx = d.tx
    ev = Evidence(
        sentence=d.sent.text,
        sentence_start=d.sent.start_char + off,
        sentence_end=d.sent.end_char + off,
        expression=tx.text,
        expression_start=tx.start,
        expression_end=tx.end,
        value=tx.value,
        granularity=tx.granularity or "",
        date_start=_as_date(tx.interval_start),
        date_end=_as_date(tx.interval_end),
    )
    acts = []
    for m, role in d.roles:
        e = m.entity
        acts.append(Actor(name=e.name, kind=m.kind, role=role, country=e.country, aliases=list(e.aliases)))
    codes = {a.country for a in acts if a.country}
    if d.location and d.location[1]:
        codes.add(d.location[1])
    codes |= d.places
    return Event(
        value=tx.value,
        date_start=ev.date_start,
        date_end=ev.date_end,
        granularity=ev.granularity,
        summary=_summary(d),
        trigger=d.trigger,
        actors=acts,
        countries=sorted(codes),
        location=d.location[0] if d.location else None,
        event_type=event_types().get(d.trigger) or next((event_types()[k] for k in d.keywords if k in event_types()), None),
        confidence=_confidence(d),
        evidence=[ev],
        keywords=d.keywords,
    )


def _as_date(v) -> date:
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


__all__ = ["Segment", "build_events", "usable"]

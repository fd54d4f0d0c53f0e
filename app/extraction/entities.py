"""Repairs to the tagger's named-entity spans, as a spaCy pipeline component run right after `ner`.

The small English model cuts names at the wrong place in two regular ways:
- a span runs on into a function word: "St. Patrick's Cathedral in New York" gives ORG "Cathedral in"; a name
  never ends with a preposition, conjunction, determiner or punctuation, so those are trimmed off its end;
- a possessive name and the noun it owns come out as two names: FAC "St. Patrick's" + ORG "Cathedral"; when the
  owned word is capitalized and right after the possessive, the two are one name ("St. Patrick's Cathedral"),
  labelled as the possessive's name was;
- an organisation or building runs on into where it is: "St. Bridget's Cathedral in Boston" is the cathedral, and
  Boston a place of its own;
- a known place after "of", "from" or a preposition of place ("in", "through", "near" ...) is taken for a person
  or an organisation ("the mayor of Kyiv" gives PERSON "Kyiv", "told workers in Wolfsburg" ORG "Wolfsburg"), or
  left without a name at all ("hit a block in Kyiv"): a one-word name there that the gazetteer knows as a country,
  capital or city is the place (GPE).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from app.extraction import countries
from app.extraction.resources import actor_words, lexicon

NAME = "dateline_entity_repair"
_TRAILING = {"ADP", "CCONJ", "SCONJ", "DET", "PUNCT"}


def _split_at_place(span: Span) -> list[Span]:
    """ "St. Bridget's Cathedral in Boston" -> the cathedral, and Boston as a place: a name runs into a
    prepositional phrase of place ("in", "at" and a capitalized name after a capitalized name)."""
    doc = span.doc
    place_preps = actor_words()["phrases"]["place_prepositions"]
    for k in range(span.start + 1, span.end - 1):
        t = doc[k]
        if t.lower_ in place_preps and t.pos_ == "ADP" and doc[k - 1].text[:1].isupper() \
                and all(x.text[:1].isupper() for x in doc[k + 1:span.end]):
            head = Span(doc, span.start, k, label=span.label_)
            tail = Span(doc, k + 1, span.end, label="GPE")
            return [head, tail] if countries.lookup(tail.text) is not None else [head]
    return [span]


def _trimmed(span: Span) -> Span | None:
    end = span.end
    while end > span.start and span.doc[end - 1].pos_ in _TRAILING and span.doc[end - 1].text != ".":
        end -= 1
    if end == span.start:
        return None
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label_)


def _possessor_of_next(span: Span, nxt: Span | None) -> bool:
    """`span` is a possessive name ("St. Patrick's") owning the capitalized word that starts right after it."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end - 1].tag_ != "POS":
        return False
    owned = doc[span.end]
    if not owned.text[:1].isupper() or owned.pos_ != "PROPN" or span.root.head.i != owned.i:
        return False
    return nxt is None or nxt.start == span.end


def _known_place_after_preposition(tok, preps) -> bool:
    """Whether one word, the object of a preposition of origin or place, is a country, capital or city the
    gazetteer knows ("the mayor of Kyiv", "marched through Santiago"; "Little Havana" is no Havana)."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in preps:
        return False
    if any(c.dep_ in ("compound", "amod") and (c.is_title or c.pos_ == "PROPN") for c in tok.children):
        return False
    place = countries.lookup(tok.text)
    return place is not None and place.how in ("country", "capital", "city")


def _place_preps() -> set:
    return actor_words()["phrases"]["origin_prepositions"] | lexicon()["location_prepositions"]


def _place_taken_for_person(span: Span) -> Span:
    """ "the mayor of Kyiv", "told workers in Wolfsburg": a PERSON (or, after a preposition of place, ORG) span of
    one token that names a known country, capital or city is that place."""
    if span.label_ not in ("PERSON", "ORG") or len(span) != 1:
        return span
    preps = _place_preps() if span.label_ == "PERSON" else set(lexicon()["location_prepositions"])
    if not _known_place_after_preposition(span.root, preps) and not (
            span.label_ == "ORG" and _country_gone_to(span.root)):
        return span
    return Span(span.doc, span.start, span.end, label="GPE")


def _country_gone_to(tok) -> bool:
    """ "fled to the Maldives": a country or capital after a preposition of motion, which the tagger took for an
    organisation."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in lexicon()["grammar"]["motion_prepositions"]:
        return False
    place = countries.lookup(tok.text)
    return place is not None and place.how in ("country", "capital")


def _places_left_unnamed(doc: Doc) -> list[Span]:
    """ "hit an apartment block in Kyiv": a capitalized word after a preposition of place that the tagger gave no
    name, and the gazetteer knows as a place."""
    preps = _place_preps()
    return [Span(doc, t.i, t.i + 1, label="GPE") for t in doc
            if t.pos_ == "PROPN" and t.ent_iob_ == "O" and _known_place_after_preposition(t, preps)
            and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")]


@Language.component(NAME)
def repair(doc: Doc) -> Doc:
    ents = [_place_taken_for_person(s) for s in (_trimmed(e) for e in doc.ents) if s is not None]
    ents = [part for e in ents for part in (_split_at_place(e) if e.label_ in ("ORG", "FAC") else [e])]
    out: list[Span] = []
    i = 0
    while i < len(ents):
        e = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if e.label_ in ("FAC", "ORG", "PERSON", "GPE", "LOC") and _possessor_of_next(e, nxt):
            end = nxt.end if nxt is not None and nxt.start == e.end else e.end + 1
            out.append(Span(doc, e.start, end, label="FAC" if e.label_ in ("PERSON", "GPE") else e.label_))
            i += 2 if nxt is not None and nxt.start == e.end else 1
            continue
        out.append(e)
        i += 1
    taken = {i for e in out for i in range(e.start, e.end)}
    doc.ents = sorted(out + [p for p in _places_left_unnamed(doc) if p.start not in taken], key=lambda e: e.start)
    return doc

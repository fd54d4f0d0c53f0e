"""A summary for a timeline card: the event's own clause, short, with its subject named.

"Estrada condemned the bombings on Tuesday and offered condolences" gives the offer its own card,
"Estrada offered condolences"; "he"/"the company" as subject reads as the actor's name; coordinated
events, the sayer's tag ("..., officials said") and dangling punctuation are left out; quotes stay balanced.
"""

from __future__ import annotations

from app.extraction import clauses
from app.extraction.resources import lemma, lexicon

SUMMARY_MAX = 280  # characters: a card, not a paragraph
_SUBJECTS = ("nsubj", "nsubjpass")
_EDGE = {"cc", "mark", "punct", "prep"}


def _left_out(head, d) -> set[int]:
    """Tokens under the head that belong to other clauses: coordinated events and the sayer's tag."""
    out: set[int] = set()
    for c in head.children:
        other_event = c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
        sayer_tag = (c.dep_ in ("parataxis", "ccomp", "advcl") and c.i > head.i and clauses.reporting(c)
                     and any(x.dep_ in _SUBJECTS for x in c.children)
                     and not any(x.dep_ in ("mark", "ccomp", "dobj") for x in c.children))
        # "... should peace efforts fail", "... if the talks collapse": a condition is no part of what happened
        condition = c.dep_ in ("advcl", "ccomp") and c.i > head.i and (
            any(x.dep_ == "mark" and x.lower_ in lexicon()["conditionals"] for x in c.children)
            or any(x.dep_ == "aux" and x.lower_ in ("should", "had", "were") and x.i < c.i
                   and all(x.i < y.i for y in c.children if y.dep_ in _SUBJECTS) for x in c.children))
        if other_event or sayer_tag or condition:
            out |= {t.i for t in c.subtree}
            out |= {x.i for x in head.children if x.dep_ == "cc" and x.i < c.i}
    return out


def _phrase(tok) -> str | None:
    """A noun phrase short enough to stand as a card's subject, without its relative clauses."""
    cut: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos") or (c.dep_ == "punct" and c.i > tok.i):
            cut |= {x.i for x in c.subtree}
    toks = sorted((x for x in tok.subtree if x.i not in cut), key=lambda x: x.i)
    if not toks or len(toks) > 8:
        return None
    return " ".join(x.text for x in toks).strip(" ,")


def _subject_name(head, d) -> str | None:
    """The name to put before a clause that has no subject of its own ("... and offered condolences"), or that
    has a relative pronoun for one ("who drove a taxi": the man who did)."""
    subj = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    if subj is not None and subj.tag_ not in ("WP", "WDT"):
        return None
    src = next((m for m, r in d.roles if r == "source"), None)
    if src is not None:
        return src.entity.name
    if subj is not None:  # a relative pronoun: the noun the clause describes
        return _phrase(head.head) if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN") else None
    t = head
    while t.dep_ in ("conj", "xcomp", "advcl", "acl") and t.head.i != t.i:
        t = t.head
        if t.pos_ in ("NOUN", "PROPN"):  # "a rifle buried a foot below ground": the noun it describes
            return _phrase(t) if head.tag_ == "VBN" else None
        found = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        if found is not None:
            return _phrase(found) if found.tag_ not in ("WP", "WDT") else None
    return None


def _words(toks, head, d) -> str:
    """The tokens as text, the clause's subject read as the actor's name where it stands for one named before
    ("he", "the company", "the top US diplomat")."""
    lex = lexicon()
    named = {}
    for m, _ in d.roles:
        t = m.token
        anaphor = t.pos_ == "PRON" or (t.pos_ == "NOUN" and t.lemma_.lower() in lex["organization_nouns"] | lex[
            "person_roles"] and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children))
        if t.dep_ in _SUBJECTS and t.head.i == head.i and anaphor and m.entity.name.lower() not in " ".join(
                t.doc[i].text for i in sorted(m.np)).lower():
            named[min(m.np)] = (m.entity.name, set(m.np))
    parts, skip = [], set()
    for t in toks:
        if t.i in skip:
            continue
        if t.i in named:
            name, np = named[t.i]
            skip |= np
            last = max(np)
            parts.append(name + t.doc[last].whitespace_)
            continue
        parts.append(t.text + t.whitespace_)
    return " ".join("".join(parts).split())


def _balance(s: str) -> str:
    if s.count('"') % 2:
        s = '"' + s if s.index('"') > len(s) // 2 else s + '"'
    if s.count("“") > s.count("”"):
        s += "”"
    elif s.count("”") > s.count("“"):
        s = "“" + s
    return s


def summarize(d) -> str:
    """The card text of a draft event (see the module docstring)."""
    pred, sent = d.predicate, d.sent
    # a verb's card is its own clause; an event noun's, and a dated document's, the clause that tells of it
    head = d.clause if d.nominal or lemma(pred) in lexicon()["dating_participles"] else pred
    if not d.nominal and pred.dep_ == "xcomp" and any(c.tag_ == "TO" for c in pred.children) and pred.head.pos_ in (
            "VERB", "AUX"):
        head = pred.head  # "The three are expected to join in April", not "to join in April"
    if not d.nominal and _subject_name(head, d) is None and not any(c.dep_ in _SUBJECTS for c in head.children):
        t = head  # a clause with no subject to name ("walked faster"): the clause it hangs from, which has one
        while t.dep_ in ("conj", "advcl", "xcomp", "acl", "ccomp", "pcomp") and t.head.i != t.i:
            t = t.head
            if t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children):
                head = t
                break
    drop = _left_out(head, d)
    toks = sorted((t for t in head.subtree if sent.start <= t.i < sent.end and t.i not in drop), key=lambda t: t.i)
    with_noun = head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and bool(toks)
    if with_noun:
        # a relative clause reads with the noun it describes: "the leaders who led the 1992 protests"
        last = toks[-1].i
        toks = sorted((t for t in head.head.subtree if sent.start <= t.i <= last and t.i not in drop), key=lambda t: t.i)
    if not toks:
        toks = list(sent)
    while len(toks) > 1 and (toks[0].dep_ in _EDGE and toks[0].dep_ != "prep" or toks[0].is_space
                             or toks[0].lower_ == "that" and toks[0].dep_ == "mark"
                             or toks[0].tag_ == "WRB" and toks[0].head.i == head.i):  # "when", "where"
        toks = toks[1:]
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc") and toks[-1].text not in (
            ")", "”", '"'):
        toks = toks[:-1]
    subject = _subject_name(head, d) if not d.nominal and not with_noun else None
    if subject:
        toks = [t for t in toks if not (t.tag_ in ("WP", "WDT") and t.dep_ in _SUBJECTS and t.head.i == head.i)] or toks
    s = _words(toks, head, d)
    if subject and not s.lower().startswith(subject.lower()):
        s = subject + " " + (s[0].lower() + s[1:] if s[:1].isupper() and not s[:2].isupper() and not _proper(toks[0])
                             else s)
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    s = _balance(s)
    if len(s) > SUMMARY_MAX:
        cut = s.rfind(" ", 0, SUMMARY_MAX - 1)
        s = s[: cut if cut > 0 else SUMMARY_MAX - 1].rstrip(",;:") + "…"
    return s


def _proper(tok) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ != ""


__all__ = ["SUMMARY_MAX", "summarize"]

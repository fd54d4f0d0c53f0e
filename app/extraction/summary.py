"""A summary for a timeline card: the event's own clause, short, with its subject named.

"Estrada condemned the bombings on Tuesday and offered condolences" gives the offer its own card,
"Estrada offered condolences"; "he"/"the company" as subject reads as the actor's name; coordinated
events, the sayer's tag ("..., officials said") and dangling punctuation are left out; quotes stay balanced.
"""

from __future__ import annotations

from bisect import bisect_left

from app.extraction import clauses
from app.extraction.resources import lemma, lexicon

SUMMARY_MAX = 280  # characters: a card, not a paragraph
_BUDGET = 2 * SUMMARY_MAX  # characters of a clause read for a card (what lies past them is cut anyway)
_SUBJECTS = ("nsubj", "nsubjpass")
_EDGE = {"cc", "mark", "punct", "prep"}


def _left_out(head, d) -> tuple[list, set[int]]:
    """What under the head belongs to other clauses, coordinated events and the sayer's tag: (the tokens whose
    whole subtree is left out, the single tokens left out)."""
    roots: list = []
    single: set[int] = set()
    for c in head.children:
        other_event = c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
        sayer_tag = (c.dep_ in ("parataxis", "ccomp", "advcl") and c.i > head.i and clauses.reporting(c)
                     and any(x.dep_ in _SUBJECTS for x in c.children)
                     and not any(x.dep_ in ("mark", "ccomp", "dobj") for x in c.children))
        # "... should peace efforts fail", "... if the talks collapse": a condition is no part of what happened
        condition = c.dep_ in ("advcl", "ccomp") and c.i > head.i and (
            any(x.dep_ == "mark" and x.lower_ in lexicon()["conditionals"] for x in c.children)
            or any(x.dep_ == "aux" and x.lower_ in lexicon()["grammar"]["inversion_auxiliaries"] and x.i < c.i
                   and all(x.i < y.i for y in c.children if y.dep_ in _SUBJECTS) for x in c.children))
        if other_event or sayer_tag or condition:
            roots.append(c)
            single |= {x.i for x in head.children if x.dep_ == "cc" and x.i < c.i}
    return roots, single


def _sizes(doc) -> list[int]:
    """The number of tokens in each token's subtree, computed once per doc (in linear time)."""
    cached = doc.user_data.get("dateline.subtree_sizes")
    if cached is not None and len(cached) == len(doc):
        return cached
    heads = [t.head.i for t in doc]
    depth = [-1] * len(heads)
    for i in range(len(heads)):
        path, j = [], i
        while depth[j] < 0 and heads[j] != j:
            path.append(j)
            j = heads[j]
        depth[j] = max(depth[j], 0)
        dj = depth[j]
        for k in reversed(path):
            dj += 1
            depth[k] = dj
    sizes = [1] * len(heads)
    for k in sorted(range(len(heads)), key=depth.__getitem__, reverse=True):
        if heads[k] != k:
            sizes[heads[k]] += sizes[k]
    doc.user_data["dateline.subtree_sizes"] = sizes
    return sizes


def _table(doc) -> tuple[list, list[int], list[str], str]:
    """The doc's tokens, where each starts in its text (and where the text ends), their texts with the space
    after and the doc's text, made once per doc: a card reads hundreds of tokens in a run-on clause, and spaCy
    makes a new token object on every read (and the doc's text on every read of it)."""
    cached = doc.user_data.get("dateline.token_table")
    if cached is not None and len(cached[0]) == len(doc):
        return cached
    toks = list(doc)
    texts = [t.text_with_ws for t in toks]
    ends = [0] * (len(texts) + 1)
    n = 0
    for k, x in enumerate(texts):
        n += len(x)
        ends[k + 1] = n
    doc.user_data["dateline.token_table"] = table = (toks, ends, texts, "".join(texts))
    return table


def _contiguous(tok, sizes) -> bool:
    return sizes[tok.i] == tok.right_edge.i + 1 - tok.left_edge.i


def _tokens(head, cut=(), single=frozenset(), lo: int = 0, hi: int | None = None, budget: int | None = None) -> list:
    """The tokens of head's subtree in order, without the subtrees of the tokens in cut (descendants of head) and
    the tokens in single, within lo <= i < hi. With a budget (characters), only as many of the first ones as
    make it up: a card is short, and a run-on clause may hold thousands of tokens. A subtree is read as the
    range of its edges, so that this costs what it returns, not the size of the subtree; a non-projective
    subtree (rare) is read token by token."""
    doc = head.doc
    hi = len(doc) if hi is None else hi
    sizes = _sizes(doc)
    if not _contiguous(head, sizes) or not all(_contiguous(c, sizes) for c in cut):
        drop = {t.i for c in cut for t in c.subtree} | set(single)
        return sorted((t for t in head.subtree if lo <= t.i < hi and t.i not in drop), key=lambda t: t.i)
    holes = sorted((c.left_edge.i, c.right_edge.i + 1) for c in cut)
    toks, ends, _, _ = _table(doc)
    out, used, h = [], 0, 0
    i, end = max(lo, head.left_edge.i), min(hi, head.right_edge.i + 1)
    while i < end:  # stretch by stretch between the holes and the single tokens left out
        while h < len(holes) and holes[h][1] <= i:
            h += 1
        if h < len(holes) and holes[h][0] <= i:
            i = holes[h][1]
            continue
        if i in single:
            i += 1
            continue
        j = min(end, holes[h][0]) if h < len(holes) else end
        j = min((x for x in single if i < x < j), default=j)
        if budget is not None:
            # the first token at which the characters read make up the budget, if it is in this stretch
            k = bisect_left(ends, ends[i] + budget - used, i + 1, j + 1)
            if k <= j:
                out += toks[i:k]
                break
            used += ends[j] - ends[i]
        out += toks[i:j]
        i = j
    return out


def _phrase(tok) -> str | None:
    """A noun phrase short enough to stand as a card's subject, without its relative clauses."""
    cut = [c for c in tok.children if c.dep_ in ("relcl", "acl", "appos") or (c.dep_ == "punct" and c.i > tok.i)]
    sizes = _sizes(tok.doc)
    if all(_contiguous(c, sizes) for c in [tok, *cut]) and sizes[tok.i] - sum(sizes[c.i] for c in cut) > 8:
        return None  # too long, known without reading it
    toks = _tokens(tok, cut)
    if not toks or len(toks) > 8:
        return None
    return " ".join(x.text for x in toks).strip(" ,")


def _head_phrase(tok) -> str:
    """A noun with only the words before it: "the bombings of U.S. embassies in Kenya" -> "the bombings"."""
    left = [c for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nummod")]
    return " ".join(t.text for t in sorted([*left, tok], key=lambda t: t.i))


def _subject_name(head, d) -> str | None:
    """The name to put before a clause that has no subject of its own ("... and offered condolences"), or that
    has a relative pronoun for one ("who drove a taxi": the man who did)."""
    subj = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    if subj is not None and subj.tag_ not in ("WP", "WDT"):
        return None
    src = next((m for m, r in d.roles if r == "source"), None)
    passive = any(c.dep_ == "auxpass" for c in head.children)  # "... and was killed by police": not the police
    if src is not None and not passive:
        return src.entity.name
    if subj is not None:  # a relative pronoun: the noun the clause describes
        if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN"):
            # a date the parser took for the antecedent ("the bombings last year that killed 224") names no one
            noun = clauses.antecedent(head)  # "the bombing of a clinic that killed": the bombing did
            if noun.ent_type_ in ("DATE", "TIME") and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i != noun.i:
                noun = noun.head  # "the bombings ... last year that killed 224": the bombings did
            if noun.ent_type_ in ("DATE", "TIME"):  # else the happening named just before the date
                noun = next((t for t in reversed(head.doc[head.sent.start:noun.i]) if clauses.is_event_noun(t)
                             and t.ent_type_ not in ("DATE", "TIME")), None)
                if noun is None:
                    return None
            return _phrase(noun) or _head_phrase(noun)
        # "Munero -- who reportedly drove a taxi --": the parser hangs the clause elsewhere; the name just before
        before = [t for t in head.doc[max(head.sent.start, subj.i - 4):subj.i] if t.pos_ == "PROPN"]
        return _phrase(before[-1]) if before else None
    t = head
    while t.dep_ in ("conj", "xcomp", "advcl", "acl") and t.head.i != t.i:
        t = t.head
        if t.pos_ in ("NOUN", "PROPN"):  # "a rifle buried a foot below ground": the noun it describes
            return _phrase(t) if head.tag_ == "VBN" else None
        found = next((c for c in t.children if c.dep_ in _SUBJECTS), None)
        if found is not None:
            return _phrase(found) if found.tag_ not in ("WP", "WDT") else None
    return None


def _stands_for_a_name(t, lex) -> bool:
    """A pronoun, or a definite description that stands for an actor named before ("the company", "this official")."""
    if t.pos_ == "PRON":
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" and any(p.ent_type_ for p in c.children) for c in t.children):
        return False  # "the leaders of Britain and the United States": the phrase names whom it means
    return (t.pos_ == "NOUN" and t.lemma_.lower() in lex["organization_nouns"] | lex["person_roles"]
            and any(c.dep_ == "det" and c.lower_ in lex["grammar"]["definite_determiners"] for c in t.children))


def _words(toks, head, d) -> str:
    """The tokens as text, the clause's subject read as the actor's name where it stands for one named before
    ("he", "the company", "the top US diplomat")."""
    lex = lexicon()
    named = {}
    for m, _ in d.roles:
        t = m.token
        if (t.dep_ in _SUBJECTS and t.head.i == head.i and _stands_for_a_name(t, lex)
                and m.entity.name.lower() not in " ".join(t.doc[i].text for i in sorted(m.np)).lower()):
            named[min(m.np)] = (m.entity.name, set(m.np))
    _, ends, texts, text = _table(head.doc)
    if not named:
        if toks and toks[-1].i - toks[0].i + 1 == len(toks):  # a stretch of the doc: its text, cut out at once
            return " ".join(text[ends[toks[0].i] : ends[toks[-1].i + 1]].split())
        return " ".join("".join([texts[t.i] for t in toks]).split())
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
        parts.append(texts[t.i])
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
    sent = d.sent
    head = _card_head(d)
    cut, single = _left_out(head, d)
    toks = _tokens(head, cut, single, sent.start, sent.end, _BUDGET)
    relative_subject = any(c.dep_ in _SUBJECTS and (c.tag_ in ("WP", "WDT") or c.lower_ == "that")
                           for c in head.children)
    # "the truck that Ortega drove" reads with its noun; "Ortega, who drove the truck" as "Ortega drove the truck"
    participle = head.dep_ == "acl" and head.tag_ in ("VBN", "VBG") and not any(
        c.dep_ in _SUBJECTS or c.dep_ == "mark" for c in head.children)  # "a rifle found in April"
    with_noun = ((head.dep_ == "relcl" or participle)
                 and head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and bool(toks)
                 and head.head.ent_type_ not in ("DATE", "TIME")  # "2007, when sales fell": the sales fell
                 and not (relative_subject and _phrase(head.head)))
    if with_noun:
        # a relative clause reads with the noun it describes: "the leaders who led the 1992 protests"
        last = toks[-1].i
        toks = _tokens(head.head, cut, single, sent.start, last + 1, _BUDGET)
    if not toks:
        toks = _sentence_start(sent)
    toks = _trimmed(toks, head)
    subject = _subject_name(head, d) if (not d.nominal or relative_subject) and not with_noun else None
    if subject:
        toks = [t for t in toks if not (t.tag_ in ("WP", "WDT") and t.dep_ in _SUBJECTS and t.head.i == head.i)] or toks
    s = _words(toks, head, d)
    if subject and not s.lower().startswith(subject.lower()):
        s = subject + " " + (s[0].lower() + s[1:] if s[:1].isupper() and not s[:2].isupper() and not _proper(toks[0])
                             else s)
    if s[:1].islower():
        s = s[0].upper() + s[1:]
    return _shortened(_balance(s))


def _card_head(d):
    """The clause a card is read from: a verb's own clause; an event noun's, and a dated document's, the clause
    that tells of it; the clause an infinitive or a clause with no subject to name hangs from."""
    pred = d.predicate
    head = d.clause if d.nominal or lemma(pred) in lexicon()["dating_participles"] else pred
    if not d.nominal and pred.dep_ == "xcomp" and any(c.tag_ == "TO" for c in pred.children) and pred.head.pos_ in (
            "VERB", "AUX"):
        head = pred.head  # "The three are expected to join in April", not "to join in April"
    if not d.nominal and not any(c.dep_ in _SUBJECTS for c in head.children) and _subject_name(head, d) is None:
        t = head  # a clause with no subject to name ("walked faster"): the clause it hangs from, which has one
        while t.dep_ in ("conj", "advcl", "xcomp", "acl", "ccomp", "pcomp", "acomp") and t.head.i != t.i:
            t = t.head
            if t.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in t.children):
                return t
    return head


def _sentence_start(sent) -> list:
    """The sentence's first tokens, up to the budget: a card for a clause that gave no words."""
    toks, used = [], 0
    for t in sent:
        toks.append(t)
        used += len(t.text_with_ws)
        if used >= _BUDGET:
            break
    return toks


def _trimmed(toks: list, head) -> list:
    """The tokens without what dangles at their edges: a leading conjunction, subordinator or "when", trailing
    punctuation or conjunction (a closing bracket or quote stays)."""
    while len(toks) > 1 and (toks[0].dep_ in _EDGE and toks[0].dep_ != "prep" or toks[0].is_space
                             or toks[0].lower_ == "that" and toks[0].dep_ == "mark"
                             or toks[0].tag_ == "WRB" and toks[0].head.i == head.i):  # "when", "where"
        toks = toks[1:]
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc") and toks[-1].text not in (
            ")", "”", '"'):
        toks = toks[:-1]
    return toks


def _shortened(s: str) -> str:
    """At most SUMMARY_MAX characters, cut at a space with an ellipsis."""
    if len(s) > SUMMARY_MAX:
        cut = s.rfind(" ", 0, SUMMARY_MAX - 1)
        s = s[: cut if cut > 0 else SUMMARY_MAX - 1].rstrip(",;:") + "…"
    return s


def _proper(tok) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ != ""


__all__ = ["SUMMARY_MAX", "summarize"]

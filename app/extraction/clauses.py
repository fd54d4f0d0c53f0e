"""What a clause of a parsed sentence reports: which word a time expression dates, whether that word names a
happening (not a state, a plan, a negation or a condition), its tense, and who reported it.

Works on spaCy tokens (ClearNLP-style dependency labels); no FastAPI, no database. The English words it reads
by are data (`data/lexicon.toml`, `data/nominalizations.tsv`).
"""

from __future__ import annotations

from app.extraction.resources import event_types, lemma, lexicon, nominalizations

_NOMINAL_LINKS = {"nmod", "compound", "amod", "npadvmod", "poss", "nummod", "prep", "appos"}
_DESCRIBES = {"compound", "amod", "nummod", "poss", "nmod"}  # a time that only describes its noun: "the 1953 team"
_CLAUSE_UP = {"conj", "ccomp", "advcl", "xcomp", "relcl", "acl", "pcomp", "csubj"}


def is_event_noun(tok) -> bool:
    if tok.ent_type_ in ("DATE", "TIME", "PERSON", "ORG", "GPE"):
        return False
    return tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in nominalizations() or (
        tok.pos_ == "NOUN" and tok.lemma_.lower() in nominalizations())


def _aux(verb) -> tuple:
    """The verb's auxiliaries, read once per doc (the tense and the modality of a clause ask several times)."""
    cache = verb.doc.user_data.setdefault("dateline.auxiliaries", {})
    found = cache.get(verb.i)
    if found is None:
        found = cache[verb.i] = tuple(c for c in verb.children if c.dep_ in ("aux", "auxpass"))
    return found


def _has_modal(verb) -> bool:
    lex = lexicon()
    for a in _aux(verb):
        if a.tag_ == "MD" or a.lower_ in lex["modals"]:
            return True
    # "is going to leave", "is about to leave", "is set to leave", "is due to leave"
    h = verb.head
    return verb.dep_ == "xcomp" and h.lower_ in lex["grammar"]["future_frames"]


def tense(verb) -> str:
    """past | present_perfect | past_perfect | present | future | infinitive | participle | gerund."""
    aux = _aux(verb)
    lows = {a.lower_ for a in aux}
    if _has_modal(verb):
        return "future"
    if any(a.tag_ == "TO" for a in aux) or (verb.tag_ == "VB" and not aux):
        return "infinitive"
    if lows & {"had", "'d"}:
        return "past_perfect"
    if lows & {"has", "have", "'ve", "'s"} and verb.tag_ in ("VBN", "VBG") or any(
            a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present_perfect"
    if any(a.tag_ == "VBD" for a in aux):
        return "past"
    if any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "present"
    if verb.tag_ == "VBG":
        return "gerund"
    if verb.tag_ == "VBN":
        return "participle"
    return "present"


def negated(tok) -> bool:
    grammar = lexicon()["grammar"]
    kids = list(tok.children)
    if any(c.dep_ == "neg" for c in kids):
        return True
    # "no one has claimed", "nobody was hurt", "never happened"
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (subj.lower_ in grammar["negative_subjects"] or any(
            c.dep_ == "det" and c.lower_ in grammar["negative_determiners"] for c in subj.children)):
        return True
    return any(c.lower_ in grammar["negative_adverbs"] and c.dep_ in ("advmod", "neg") for c in kids)


def conditional(tok) -> bool:
    """Whether the clause, or one it hangs from, is a condition or a question: "if the talks fail"."""
    lex = lexicon()
    marked = tok.doc.user_data.setdefault("dateline.conditional_marks", {})  # per word: read once per doc
    t = tok
    for _ in range(6):
        m = marked.get(t.i)
        if m is None:
            m = marked[t.i] = any(c.dep_ == "mark" and c.lower_ in lex["conditionals"] for c in t.children)
        if m:
            return True
        h = t.head
        if t.dep_ not in _CLAUSE_UP or h.i == t.i:
            return False
        t = h
    return False


def is_eventive(tok, nominal: bool = False) -> bool:
    """A word naming something that happens (or would, or did not): not a state or a copula."""
    if nominal:
        return not any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
    lex = lexicon()
    if tok.pos_ != "VERB":  # copulas and auxiliaries standing alone ("were among the injured")
        return False
    if tok.dep_ in ("dobj", "pobj", "compound", "poss") and tok.tag_ in ("VBZ", "VBP"):
        return False  # a noun the tagger took for a verb: "to discuss their music tastes"
    if lemma(tok) in lex["stative_verbs"]:
        return False
    if lemma(tok) in lex["seeming_verbs"] and any(
            c.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp")
            or c.dep_ == "prep" and c.lower_ in lex["grammar"]["seeming_prepositions"]
            for c in tok.children):
        return False  # "appeared to be healthy", "looks like a setback"
    # "she was heartened", "the vote is scheduled": a state, not a happening
    if lemma(tok) in lex["state_passives"] and any(c.dep_ == "auxpass" for c in tok.children):
        return False
    # "the skirmish went wrong", "the crowd fell silent": a verb of becoming with an adjective is a state
    if lemma(tok) in lex["copular_verbs"] and any(
            c.dep_ == "acomp" or c.dep_ == "advmod" and c.lower_ in lex["outcome_adverbs"] for c in tok.children):
        return False  # "went wrong", "went well" too
    # "after what just happened": a happening the clause does not identify
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WP", "WDT")
                   and c.lower_ in lex["grammar"]["vague_subjects"] for c in tok.children)


def modality(tok, nominal: bool = False) -> str:
    """asserted | negated | hypothetical (a condition, a possibility) | planned (the future, a plan, a schedule).

    An event noun takes the modality of the clause it stands in ("did not sign the treaty")."""
    if nominal:
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        if verb is not None and tok.dep_ == "dobj" and tok.head.i == verb.i and lemma(verb) in lexicon()["plan_verbs"]:
            return "planned"  # "planned a demonstration", "scheduled a news conference"
        return "asserted" if verb is None else modality(verb)
    if negated(tok):
        return "negated"
    if conditional(tok):
        return "hypothetical"
    lex = lexicon()
    if _has_modal(tok):
        aux = {a.lower_ for a in _aux(tok)}
        reported = tok.dep_ == "ccomp" and reporting(tok.head)  # "said it would vote": the future then
        if aux & set(lex["future_auxiliaries"]) or (reported and "would" in aux) or tok.dep_ == "xcomp":
            return "planned"
        return "hypothetical"
    if tense(tok) == "infinitive":
        h = tok.head
        if tok.dep_ == "xcomp" and lemma(h) in lex["plan_verbs"]:
            return "planned"  # "planned to leave on Thursday", "agreed to buy"
        return "hypothetical"  # "asked them to join", "to demand his return"
    return "asserted"


def is_happening(tok, nominal: bool = False) -> bool:
    """A word naming something that happened, asserted: not a state, copula, negation, modal, plan or condition."""
    return is_eventive(tok, nominal) and modality(tok, nominal) == "asserted"


def reporting(tok) -> bool:
    return tok.pos_ == "VERB" and lemma(tok) in lexicon()["reporting_verbs"]


def planned_object(verb):
    """What a plan is for: "planned to pay the claims" -> pay, "planned a large demonstration" -> demonstration."""
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ == "VERB":
            return c
    for c in verb.children:
        if c.dep_ == "dobj" and c.pos_ == "NOUN" and is_event_noun(c):
            return c
    return None


def media_report(tok) -> bool:
    """A report by the news media ("the Cape Argus newspaper reported that ...", "local news reports ..."): where
    the news comes from, never a happening of its own."""
    media = lexicon()["media_nouns"]
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon()["grammar"]["report_nouns"]:
        # "local news reports", "according to media reports on Monday": the source of the news, no happening
        according = tok.head.lower_ == "to" and tok.head.head.lower_ == "according"
        return according or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in media for c in tok.children)
    if not reporting(tok):
        return False
    subj = subject(tok)
    return subj is not None and (subj.lemma_.lower() in media or subj.lower_ in media)


def complement(verb):
    """The clause a reporting verb reports: "said (that) troops withdrew" -> withdrew."""
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            return c
    # "Troops withdrew, officials said": the tagger hangs the report under the reported clause
    # (set off by punctuation: in "police said he testified" the second verb is what was said, not a tag)
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i:
        h = verb.head
        left = verb.left_edge.i
        if not any(c.dep_ == "mark" for c in verb.children) and left > 0 and verb.doc[left - 1].is_punct:
            return h
    return None


_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}


def subject(verb):
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return c
    return misparsed_subject(verb)


def misparsed_subject(verb):
    """A name the parser hung on a subjectless verb as an adverbial noun, when a parenthetical comes between
    them ("Albright, after a 16-hour flight, is scheduled to ..."): that name is the subject."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj", "ccomp", "acl"):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    if verb.dep_ == "acl":
        # "Chrysler, the American automaker, filed for bankruptcy": a sentence the parser rooted in the name, the
        # finite verb after the apposition hung on it as a modifier; the name is the subject
        h = verb.head
        finite = verb.tag_ in ("VBD", "VBZ", "VBP", "VBN")
        if h.dep_ == "ROOT" and h.pos_ == "PROPN" and h.ent_type_ in _NAME_TYPES and finite and h.i < verb.i \
                and verb.doc[verb.i - 1].text == ",":
            return h
        return None
    for c in verb.children:
        if c.dep_ == "npadvmod" and c.i < verb.i and c.pos_ == "PROPN" and c.ent_type_ in _NAME_TYPES \
                and c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ",":
            return c
    return None


def reporter_of(tok):
    """(reporting verb, its subject) for a word inside reported speech, or None."""
    t = tok
    for _ in range(6):
        if t.dep_ == "ccomp" and reporting(t.head) and t.head.i != t.i:
            return t.head, subject(t.head)
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        found = _tag(t)
        if found is not None and found[0].i == tok.i:
            return None
        return found
    return None


def _tag(t):
    """The sayer's tag a clause carries, read once per word (a word can head thousands of conjuncts):
    "Troops withdrew, officials said" (said hangs under withdrew), "according to the police"."""
    cache = t.doc.user_data.setdefault("dateline.sayer_tags", {})
    if t.i in cache:
        return cache[t.i]
    found = None
    for c in t.children:
        if c.dep_ in ("parataxis", "ccomp") and c.i > t.i and reporting(c) and not any(
                x.dep_ == "mark" for x in c.children):
            found = (c, subject(c))
            break
        if c.dep_ == "prep" and c.lower_ == "according":
            p = next((p for to in c.children for p in to.children if p.dep_ == "pobj"), None)
            if p is not None:
                found = (c, p)
                break
    cache[t.i] = found
    return found


def quoted(tok) -> bool:
    """Whether a word stands inside a quotation: the last quotation mark before it in its sentence opens one, or,
    with none before it, the first after it closes one (a quotation begun in a sentence before)."""
    sent, doc = tok.sent, tok.doc
    before = next((t for t in reversed(doc[sent.start : tok.i]) if t.tag_ in QUOTE_TAGS), None)
    if before is not None:
        return before.tag_ == "``"
    after = next((t for t in doc[tok.i + 1 : sent.end] if t.tag_ in QUOTE_TAGS), None)
    return after is not None and after.tag_ == "''"


QUOTE_TAGS = ("``", "''")


def timex_link(root, span_start: int, span_end: int):
    """Climb from a time expression to the verb or event noun it dates.

    Returns (token, nominal, relation): relation is "at" when the expression says when the word happened, or
    "bound" when it is a deadline, a boundary or a comparison point ("by Friday", "since 1949", "from Monday's
    close"); (None, False, "none") when the expression only describes a noun ("the 1953 team").

    Where a climb goes from a word on depends only on that word and on what the climb has passed (a preposition,
    a noun), so it is read once per doc: a later climb that reaches the same word in the same state takes the
    answer (unless the rest of the way crosses its own expression). A run-on sentence nests thousands of time
    expressions ("the day before the day before ..."); each climb walking to the top would cost its depth."""
    memo = root.doc.user_data.setdefault("dateline.timex_climbs", {})
    not_at = lexicon()["not_at_prepositions"]
    relation = "at"
    t = root
    first_prep = True
    first_noun = True
    states: list = []  # (state, the head read from it) along this climb, for the memo
    found = None  # (token, nominal, relation or None for the relation the climb carries)
    ahead = (len(root.doc), -1)  # the range of words the rest of the climb reads, from the memo
    clean = 0  # states before this one read a word of the expression on their way: their answer is not general
    while t.head.i != t.i:
        state = (t.i, first_prep, first_noun)
        known = memo.get(state)
        if known is not None and not (known[3] < span_end and span_start <= known[4]):
            found, ahead = known[:3], (known[3], known[4])
            break
        h = t.head
        states.append((state, h.i))
        if _is_preposition(h):
            if first_prep and h.lower_ in not_at:
                relation = "bound"
            first_prep = False
        if span_start <= h.i < span_end:
            clean = len(states)
        else:
            step = _reached(t, h, first_noun)
            if step not in (_THROUGH, _PAST_NOUN):
                found = step
                break
            first_noun = first_noun and step == _THROUGH
        t = h
    else:
        # the top of the sentence: a verb dates the expression, unless the climb never left it
        found = (t, False, None) if t.pos_ in ("VERB", "AUX") and t.i != root.i else (None, False, "none")
    _memoize(memo, states[clean:], found, ahead, relation)
    tok, nominal, rel = found
    return tok, nominal, rel if rel is not None else relation


def from_a_baseline(root, word) -> bool:
    """Whether a time expression dates a quantity a change is measured from, on its way up to the word it dates:
    "jumped from fewer than 100,000 in 1980 to 300,000 last year", "up from $9 million in the third quarter" (a
    comparison point, not when the change happened). Reads at most a dozen heads."""
    t = root
    for _ in range(12):
        h = t.head
        if h.i == t.i or h.i == word.i:
            break
        if _quantity_from(h):
            return True
        t = h
    # the tagger hangs "in 1980" beside "from fewer than 100,000" rather than under it
    p = root.head
    if p.dep_ != "prep" or p.i == 0:
        return False
    before = p.doc[p.i - 1]
    return any(_quantity_from(a) and a.head.i == p.head.i for a in [before, *before.ancestors][:6])


def _quantity_from(prep) -> bool:
    """ "from 100,000", "than $9 million": a preposition of the quantity a change is measured from."""
    if prep.lower_ not in lexicon()["grammar"]["baseline_prepositions"]:
        return False
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if any(_number(c) for c in objs):
        return True
    # a counted noun is a baseline in a change only: "up from 300 jobs in 2010", not "teams from four countries"
    counted = any(x.dep_ == "nummod" and _number(x) for c in objs for x in c.children)
    return counted and (lemma(prep.head) in lexicon()["grammar"]["change_words"]
                        or any(s.dep_ == "prep" and s.lower_ == "to" for s in prep.head.children))


def _number(t) -> bool:
    return t.like_num or t.pos_ == "NUM" or t.ent_type_ in _QUANTITIES


_QUANTITIES = ("MONEY", "PERCENT", "CARDINAL", "QUANTITY")


_THROUGH = "through"  # a climb goes on through a word that is part of the expression's phrase
_PAST_NOUN = "past a noun"  # a climb goes on past a noun that is not the first one it met


def _is_preposition(tok) -> bool:
    return tok.pos_ == "ADP" or (tok.dep_ == "prep" and tok.pos_ in ("SCONJ", "ADV", "VERB"))


def _reached(t, h, first_noun: bool):
    """What a climb from t reaching its head h (outside the expression) finds: the answer (token, nominal,
    relation or None), or _THROUGH / _PAST_NOUN to climb on."""
    if boundary_participle(h):
        return h.head, False, "bound"  # "will replace the part starting next month": from then on, as "from" is
    if h.pos_ in ("VERB", "AUX"):
        cleft = _cleft(h)  # "It was (not until) Tuesday that Castro revealed ...": Tuesday dates the revealing
        return (cleft, False, "at") if cleft is not None else (h, False, None)
    if h.pos_ not in ("NOUN", "PROPN"):
        return _THROUGH
    noms, time_nouns = nominalizations(), lexicon()["time_nouns"]
    if (h.lower_ in noms or h.lemma_.lower() in noms) and t.dep_ in _NOMINAL_LINKS:
        return h, True, None
    if h.lower_ in time_nouns or h.lemma_.lower() in time_nouns or h.ent_type_ in ("DATE", "TIME"):
        return _THROUGH
    if h.dep_ in ("compound", "amod") and h.head.i != h.i and h.head.pos_ in ("NOUN", "PROPN"):
        return _THROUGH  # "the 1996 Olympic bombing": "Olympic" is part of the noun phrase "bombing" heads
    if first_noun and (t.dep_ in _DESCRIBES or (t.dep_ == "prep" and t.lower_ == "of")):
        return None, False, "none"
    return _PAST_NOUN


def _memoize(memo: dict, states: list, found: tuple, ahead: tuple[int, int], relation: str) -> None:
    """Each state's answer, with the range of words read from it on, from the top of the climb down."""
    tok, nominal, rel = found
    lo, hi = ahead
    for state, head in reversed(states):
        lo, hi = min(lo, head), max(hi, head)
        # a relation carried from below the state stays the climb's; one set above it is the state's own
        memo[state] = (tok, nominal, rel if rel is not None or not state[1] else relation, lo, hi)


_DATE_DETERMINER_TAGS = ("DT", "PRP$", "POS")  # "the", "his", "Albright's" before "March 12 visit"
_NOMINAL_POS = ("ADJ", "PROPN", "NOUN")


def attributive_noun(span):
    """The event noun a time expression stands in front of as its modifier, read from the words (the tagger often
    misparses these): "the Dec. 21, 1988, bombing of Pan Am Flight 103", "the Aug. 7 terrorist blasts", "last
    month's discovery", "Wednesday's ruling", "the incidents of Aug. 7"; None when the noun names no happening ("the
    1953 team", "the end of March")."""
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].pos_ == "NOUN" \
            and is_event_noun(doc[span.start - 2]):
        return doc[span.start - 2]  # "the incidents of Aug. 7", "the elections of 2009"
    i = span.end
    if i < len(doc) and doc[i].tag_ == "POS":
        i += 1  # "last month's discovery"
    elif span.start == 0 or doc[span.start - 1].tag_ not in _DATE_DETERMINER_TAGS:
        return None
    elif i < len(doc) and doc[i].text == "," and doc[span.end - 1].like_num:
        i += 1  # "the Dec. 21, 1988, bombing"
    head = None
    for t in doc[i:min(i + 4, len(doc))]:
        gerund = t.tag_ == "VBG" and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "NOUN"  # "shooting death"
        if t.pos_ not in _NOMINAL_POS and not gerund or t.ent_type_ in ("DATE", "TIME"):
            break
        head = t
    if head is None or head.pos_ != "NOUN" or not is_event_noun(head):
        return None
    return head


def definite(noun) -> bool:
    """Whether a noun is definite: "the bombing", "his visit", "Friday's vote" (not "a bombing", "no talks")."""
    indefinite = lexicon()["grammar"]["indefinite_determiners"]
    if any(c.dep_ in ("det", "poss") and c.lower_ not in indefinite for c in noun.children):
        return True
    # a determiner the tagger hung on a word in front ("the Dec. 21, 1988, bombing"): the first word before the
    # noun's modifiers
    doc, k = noun.doc, noun.i - 1
    while k >= max(0, noun.i - 8) and doc[k].tag_ not in _DATE_DETERMINER_TAGS and _modifier_word(doc[k]):
        k -= 1
    return k >= 0 and doc[k].tag_ in _DATE_DETERMINER_TAGS and doc[k].lower_ not in indefinite


def _modifier_word(t) -> bool:
    return t.pos_ in _NOMINAL_POS or t.like_num or t.text == "," or t.ent_type_ in ("DATE", "TIME")


def event_noun_between(verb, span):
    """The event noun nearest before a time expression within a verb's clause: "has been arrested in connection with
    the bombings of U.S. embassies last year" (the present perfect takes no past date: the bombings do)."""
    if verb.i >= span.start:
        return None
    for t in reversed(verb.doc[verb.i + 1:span.start]):
        if t.pos_ == "NOUN" and is_event_noun(t) and verb in t.ancestors:
            return t
    return None


def framing_verb(root, span_start: int, span_end: int):
    """The verb an occasion frames when a day names the occasion: "In his Sunday Mass, the cardinal called ...",
    "In its Friday issue, the paper quoted ..." (the day describes the Mass, and so dates what was done in it)."""
    t = root
    while span_start <= t.head.i < span_end and t.head.i != t.i:
        t = t.head
    noun = t.head
    # a capitalized occasion is a common noun when a possessive pronoun owns it ("his Sunday Mass")
    common = noun.pos_ == "NOUN" or noun.pos_ == "PROPN" and any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)
    if t.dep_ not in ("compound", "poss", "nmod", "npadvmod", "amod") or not common or noun.i == t.i:
        return None
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in lexicon()["grammar"]["occasion_prepositions"] \
            or prep.head.pos_ != "VERB":
        return None
    return prep.head


def _cleft(verb):
    """The clause a cleft sentence puts in focus: "It was on Monday that the rebels seized the town" -> seized."""
    if verb.lemma_ != "be" or not any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children):
        return None
    if any(c.dep_ in ("acomp", "attr", "oprd") for c in verb.children):
        return None  # "it was clear on Monday that ...": what was clear is a state, not a cleft
    return next((c for c in verb.children if c.dep_ in ("ccomp", "advcl", "relcl") and c.pos_ == "VERB"
                 and any(x.dep_ == "mark" and x.lower_ == "that" for x in c.children)), None)


def coordinated(verb) -> list:
    """The verbs coordinated with this one ("met X and signed Y"), in order, itself excluded."""
    return [c for c in verb.conjuncts if c.pos_ in ("VERB",)]


def boundary_participle(tok) -> bool:
    """ "starting next month", "beginning Jan. 1": a participle without arguments of its own that opens a stretch
    of time, as "from" does."""
    return tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "prep", "acl") \
        and lemma(tok) in lexicon()["boundary_participles"] \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in tok.children)


def participles(verb) -> list:
    """Participial clauses that share the verb's time: "headed to Kenya, seeking support", "exploded, killing
    dozens"; none introduced by a subordinator ("after touring", "before leaving")."""
    out = []
    for c in verb.children:
        if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" and c.pos_ == "VERB":
            if any(x.dep_ in ("mark", "nsubj", "nsubjpass", "aux") for x in c.children) or boundary_participle(c):
                continue
            before = c.doc[c.i - 1]
            if before.ent_type_ in ("DATE", "TIME") or before.tag_ in _DATE_DETERMINER_TAGS:
                continue  # "in the June 2017 shooting death": a noun's modifier the tagger took for a clause
            if c.dep_ == "advcl" and any(x.dep_ == "prep" for x in c.children if x.i < c.i):
                continue
            out.append(c)
    return out


def placed_apart_by_adverb(verb) -> bool:
    """ "when the award was later overturned": an adverb places the happening away from the time it hangs on;
    not by less than a day ("fired rockets hours later" is the same day's)."""
    within_a_day = lexicon()["within_a_day_nouns"]

    def by_hours(adverb) -> bool:  # "hours later", however the tagger hangs "hours"
        before = adverb.doc[adverb.i - 1] if adverb.i > 0 else None
        return any(x.lemma_.lower() in within_a_day for x in adverb.subtree) or (
            before is not None and before.lemma_.lower() in within_a_day)

    return any(c.dep_ == "advmod" and c.lower_ in lexicon()["own_order_adverbs"] and not by_hours(c)
               for c in verb.children)


def own_time(verb, with_clauses: bool = True, with_order: bool = True) -> bool:
    """Whether a verb says a time of its own in a phrase or clause, even one the resolver gives no calendar value
    ("was spotted in the weeks before the shooting", "vanished after the shooting"): then a verb coordinated with it
    does not lend it its date ("... and was found in December"), nor does the report of it.

    with_clauses=False: a clause placing the happening after another does not count ("filed a request shortly after
    the court ruled" stays in the story's time). with_order=False: only a stretch of the calendar counts, not a
    placing before or after another happening ("marched on Saturday, and police detained 12 after clashes": the
    detaining is still Saturday's)."""
    lex = lexicon()
    if with_order and placed_apart_by_adverb(verb):
        return True
    for c in verb.children:
        if with_clauses and with_order and c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in lex["own_order_prepositions"] for m in c.children):
            return True  # "was seen at the border days after the doctor was killed"
        if c.dep_ != "prep":
            continue
        for o in (x for x in c.children if x.dep_ == "pobj"):
            timed = o.ent_type_ in ("DATE", "TIME") or o.lower_ in lex["own_time_nouns"]
            if c.lower_ in lex["own_time_prepositions"] and timed:
                return True
            if with_order and c.lower_ in lex["own_order_prepositions"] and (timed or is_event_noun(o)):
                return True
    return False


def ongoing(verb) -> bool:
    """A state of affairs rather than one happening: progressive ("have been calling"), or measured by a
    stretch or a count ("has been troubled for years", "since 1993", "more than a dozen times")."""
    if verb.tag_ == "VBG":
        return True
    grammar = lexicon()["grammar"]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in grammar["ongoing_prepositions"]:
            return True
        if c.dep_ in ("npadvmod", "advmod") and c.lemma_.lower() in grammar["ongoing_adverbs"]:
            return True
    return False


def relatives(noun) -> list:
    """Verbs of a relative clause on an event noun, which happen with it: "the bombing that killed one person".
    The tagger often hangs the clause on the noun's object instead ("the bombing of a clinic that killed a guard");
    there it is the noun's when it tells the same kind of happening (a killing by a bombing, not "a clinic that
    opened in 1990")."""
    verbs = _past_relative_clauses(noun)
    kinds = event_types()
    kind = kinds.get(nominalizations().get(noun.lower_) or nominalizations().get(noun.lemma_.lower(), ""))
    if kind is not None:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in lexicon()["grammar"]["event_object_prepositions"]:
                verbs += [c for p in prep.children if p.dep_ == "pobj" for c in _past_relative_clauses(p)
                          if kinds.get(lemma(c)) == kind]
    return verbs + [c for v in verbs for c in coordinated(v) if c.tag_ in ("VBD", "VBN")]


def _past_relative_clauses(noun) -> list:
    return [c for c in noun.children if c.dep_ == "relcl" and c.pos_ == "VERB" and c.tag_ in ("VBD", "VBN")]


def antecedent(verb):
    """What a relative clause's "that" stands for: the noun it hangs on, or the event noun that noun is the
    object of when the clause is that noun's ("the bombing of a clinic that killed a guard" -> the bombing)."""
    h = verb.head
    if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.pos_ == "NOUN":
        noun = h.head.head
        if any(t.i == verb.i for t in relatives(noun)):
            return noun
    return h


def supported(verb) -> list:
    """Event nouns a support verb only carries: "held a meeting", "paid a visit", "gave a speech"."""
    if lemma(verb) not in lexicon()["support_verbs"] or any(c.dep_ == "prt" for c in verb.children):
        return []  # "held back sales": a verb with a particle is a verb of its own
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and is_event_noun(c) and c.pos_ == "NOUN"]


def governing(participle):
    """The verb a participial clause hangs from: "was found clinging to an inner tube on Thanksgiving Day"."""
    h = participle.head
    if participle.tag_ == "VBG" and participle.dep_ in ("advcl", "xcomp") and h.pos_ == "VERB" and not any(
            c.dep_ in ("mark", "nsubj") for c in participle.children):
        return h
    return None


def simultaneous(verb) -> list:
    """Clauses that say they happen at the same time: "was heating soup when he was gunned down"."""
    marks = lexicon()["grammar"]["simultaneity_marks"]
    return [c for c in verb.children if c.dep_ == "advcl" and c.pos_ == "VERB" and any(
        x.dep_ in ("mark", "advmod") and x.lower_ in marks for x in c.children)]


def framed(noun):
    """The verb an event noun frames: "was unearthed during a search", "injured in the bombing"."""
    p = noun.head
    if noun.dep_ != "pobj" or p.lower_ not in lexicon()["frame_prepositions"]:
        return None
    verb = p.head
    if verb.dep_ == "dobj" and verb.pos_ == "NOUN" and verb.head.pos_ == "VERB":
        verb = verb.head  # "conceded defeat in a phone call": the tagger hangs the frame on the object
    if verb.pos_ != "VERB":
        return None
    if p.lower_ == "in" and lemma(verb) in lexicon()["connection_verbs"]:
        return None  # "charged in the 1988 bombing": in connection with it, not during it
    return verb


def time_clauses(span) -> list:
    """Relative clauses on a time expression: "in 1968, when Soviet tanks swept into Prague"."""
    return [c for t in span for c in t.children if c.dep_ in ("relcl", "advcl") and c.pos_ == "VERB"
            and not (span.start <= c.i < span.end)]


def event_subjects(verb) -> list:
    """Event nouns that are a happening verb's subject, which happen with it: "the blast toppled a building"."""
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and is_event_noun(c) and c.pos_ == "NOUN"]


def frames(tok) -> list:
    """Event nouns the word happened at or during: "said at a news conference", "on a visit to Kenya"."""
    lex = lexicon()
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in lex["frame_prepositions"]:
            for p in c.children:
                if p.dep_ == "pobj" and is_event_noun(p):
                    out.append(p)
    return out


__all__ = [
    "antecedent",
    "attributive_noun",
    "boundary_participle",
    "complement",
    "conditional",
    "coordinated",
    "definite",
    "event_noun_between",
    "frames",
    "from_a_baseline",
    "is_event_noun",
    "is_eventive",
    "is_happening",
    "modality",
    "negated",
    "participles",
    "quoted",
    "reporter_of",
    "reporting",
    "subject",
    "tense",
    "timex_link",
]

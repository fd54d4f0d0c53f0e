"""One happening reported twice (in one article or across articles) is one event.

Two events are the same happening when their date intervals overlap, their main actors are the
same, what happened is alike (same trigger, or a shared theme such as "letter"), and nothing
tells them apart: different targets ("a letter to Germany" vs "a letter to France") or a word
that marks a second one ("another letter"). Where no main actor is said ("12 people were killed
on Monday"), the same trigger on dates of about the same precision, with a participant in common,
stands in for it. A year-long date meets a day-long one only with more in
common: a shared target or two shared themes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.extraction.resources import lexicon
from app.extraction.types import Actor, Event, Evidence
from app.temporal.timex import granularity_rank

_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


# Kept rather than spaCy's lemma: an event noun's lemma is still the noun ("announcement" does not meet the verb
# "announce"), and the summary words of events rebuilt from storage have no lemma at all ("letters" must meet the
# keyword "letter"). No maintained stemmer is a dependency, and Snowball's stems differ from these ("rules" ->
# "rule", here "rul"), which could change which reports merge.
def _stem(w: str) -> str:
    """A crude stem, enough to meet "announced" and "announcement", "letters" and "letter"."""
    w = w.lower()
    for suf in ("ments", "ment", "ings", "ing", "ions", "ion", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def main_actor(e: Event) -> Actor | None:
    for a in e.actors:
        if a.role == "source":
            return a
    return None


def _names(a: Actor) -> set[str]:
    return {n.lower() for n in [a.name, *a.aliases] if n}


def same_actor(a: Actor, b: Actor) -> bool:
    """Same canonical name, a shared alias, or (people) the same surname with compatible first names."""
    if a.name.lower() == b.name.lower() or _names(a) & _names(b):
        return True
    if a.kind == b.kind == "person":
        wa, wb = a.name.split(), b.name.split()
        same_surname = wa and wb and wa[-1].lower() == wb[-1].lower()
        if same_surname and (len(wa) == 1 or len(wb) == 1 or wa[0].lower() == wb[0].lower()):
            return True
    if {a.kind, b.kind} == {"person", "organization"}:  # "Steve Jobs" seen once as the organisation "Jobs"
        p, o = (a, b) if a.kind == "person" else (b, a)
        words = p.name.split()
        if len(words) >= 2 and len(o.name.split()) == 1 and o.name.lower() == words[-1].lower():
            return True
    # Countries and governments meet by name or alias only (above): two bodies of one country are two actors.
    return False


def _overlap(a: Event, b: Event) -> bool:
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _keywords(e: Event) -> set[str]:
    light = lexicon()["light_verbs"]
    return {_stem(k) for k in e.keywords if k not in light}


def _summary_words(e: Event) -> set[str]:
    """Content words of the summary (and trigger), without the actors' names."""
    stop = lexicon()["summary_stop_words"]
    words = {_stem(w) for w in _WORD.findall(e.summary) if w.lower() not in stop}
    if e.trigger and e.trigger not in lexicon()["light_verbs"]:
        words.add(_stem(e.trigger))
    for a in e.actors:
        for n in _names(a):
            words -= {_stem(w) for w in _WORD.findall(n)}
    return words


def _alike(a: Event, b: Event) -> bool:
    """Same trigger, or a shared theme. Events rebuilt from storage may lack keywords; their summary stands in."""
    if a.trigger and a.trigger == b.trigger:
        return True
    ka, kb = _keywords(a), _keywords(b)
    if ka and kb:
        return bool(ka & kb)
    if ka or kb:
        keys, other = (ka, b) if ka else (kb, a)
        return bool(keys & _summary_words(other))
    return len(_summary_words(a) & _summary_words(b)) >= 2


def _targets(e: Event) -> list[Actor]:
    return [a for a in e.actors if a.role == "target"]


def _targets_differ(a: Event, b: Event) -> bool:
    ta, tb = _targets(a), _targets(b)
    if not ta or not tb:
        return False
    for x in ta:
        for y in tb:
            if same_actor(x, y) or (x.country and x.country == y.country):
                return False
    return True


def _marked_distinct(e: Event) -> bool:
    return _distinct_summary(e.summary)


@lru_cache(maxsize=4096)
def _distinct_summary(summary: str) -> bool:
    """Whether a summary has a word that marks a second happening; read once per summary (an event is compared
    with every event of its actor)."""
    markers = lexicon()["distinct"]["markers"]
    words = {w.lower() for w in _WORD.findall(summary)}
    return bool(words & markers)


_COARSE = granularity_rank("quarter")  # a quarter, a season, a year or longer
_FINE = granularity_rank("month")


def _coarse_and_fine(a: Event, b: Event) -> bool:
    ra, rb = sorted((granularity_rank(a.granularity), granularity_rank(b.granularity)))
    return ra <= _FINE and rb >= _COARSE


def _corroborated(a: Event, b: Event) -> bool:
    """More than a shared actor and verb: a shared target, or two shared themes besides the trigger
    ("reported a loss" in 2009 and on March 3 are not one happening; "reported a quarterly loss of $2 billion" are)."""
    if any(same_actor(x, y) for x in _targets(a) for y in _targets(b)):
        return True
    trig = {_stem(a.trigger or ""), _stem(b.trigger or "")}
    return len((_keywords(a) & _keywords(b)) - trig) >= 2


def _shared_participant(a: Event, b: Event) -> bool:
    return any(same_actor(x, y) for x in a.actors for y in b.actors)


def same_happening(a: Event, b: Event) -> bool:
    """Whether two events report one happening (see the module docstring)."""
    if not _overlap(a, b) or a.modality != b.modality:
        return False
    ma, mb = main_actor(a), main_actor(b)
    if ma is None or mb is None:
        # Nobody is said to have done it ("12 people were killed on Monday"): the same verb on the same dates, with
        # someone or somewhere in common.
        if not a.trigger or a.trigger != b.trigger or a.trigger in lexicon()["light_verbs"] or _coarse_and_fine(a, b):
            return False
        if abs(granularity_rank(a.granularity) - granularity_rank(b.granularity)) > 1 or not _shared_participant(a, b):
            return False
    elif not same_actor(ma, mb):
        return False
    if not _alike(a, b):
        return False
    if _targets_differ(a, b):
        return False
    if _coarse_and_fine(a, b) and not _corroborated(a, b):
        return False
    # "another letter" after "a letter" is a second one
    return not (_marked_distinct(b) and not _marked_distinct(a))


def _width(ev: Evidence | Event) -> tuple[int, int]:
    """Narrower interval first; on a tie the finer granularity ("10:35 a.m. Friday" before "Friday")."""
    return (ev.date_end - ev.date_start).days, granularity_rank(ev.granularity)


def _evidence_key(ev: Evidence):
    return (ev.sentence, ev.expression, ev.expression_start, ev.value, ev.trigger_start)


def merge_into(target: Event, other: Event, index: dict | None = None) -> Event:
    """Fold other into target: every piece of evidence (each keeps its own value), the union of
    actors and countries, and the date of the most precise evidence. Returns target.

    A caller that folds many events into the same targets passes one dict as `index` to all its calls: what is
    known of a target's evidence (which pieces it holds, the most precise one) is kept there between calls, so
    that folding n events into one costs n, not n squared (a run-on text tells one happening hundreds of times)."""
    have, best = _known_evidence(target, index)
    best = _add_evidence(target, other.evidence, have, best)
    for b in other.actors:
        _add_actor(target, b)
    actor_countries = {a.country for a in target.actors if a.country}
    target.countries = sorted(set(target.countries) | set(other.countries) | actor_countries)
    if not target.location and other.location:
        target.location = other.location
    for k in other.keywords:
        if k not in target.keywords:
            target.keywords.append(k)
    if best is not None and _width(best) < _width(target):
        target.value, target.granularity = best.value, best.granularity
        target.date_start, target.date_end = best.date_start, best.date_end
    target.confidence = round(min(1.0, max(target.confidence, other.confidence) + 0.05), 2)
    if index is not None:
        index[id(target)] = (target, have, best, len(target.evidence))
    return target


def _known_evidence(target: Event, index: dict | None) -> tuple[set, Evidence | None]:
    """The keys of target's evidence and its most precise piece: from index while it is still current (the same
    target, no evidence added since), else read from the evidence."""
    known = index.get(id(target)) if index is not None else None
    if known is not None and known[0] is target and known[3] == len(target.evidence):
        return known[1], known[2]
    have = {_evidence_key(e) for e in target.evidence}
    best = min(target.evidence, key=_width) if target.evidence else None
    return have, best


def _add_evidence(target: Event, evidence: list[Evidence], have: set, best: Evidence | None) -> Evidence | None:
    """Append the pieces of evidence target lacks (adding their keys to have); returns the most precise piece."""
    for ev in evidence:
        key = _evidence_key(ev)
        if key not in have:
            target.evidence.append(ev)
            have.add(key)
            if best is None or _width(ev) < _width(best):
                best = ev  # the first of the narrowest, as min() over all the evidence gives
    return best


def _add_actor(target: Event, b: Actor) -> None:
    """A new actor joins target; one target already has gains b's names, its country if it lacks one, and its
    role if it had none."""
    a = next((x for x in target.actors if same_actor(x, b)), None)
    if a is None:
        target.actors.append(Actor(b.name, b.kind, b.role, b.country, list(b.aliases)))
        return
    for n in [b.name, *b.aliases]:
        if n != a.name and n not in a.aliases:
            a.aliases.append(n)
    if not a.country and b.country:
        a.country = b.country
    if a.role == "other" and b.role in ("source", "target"):
        a.role = b.role


def merge_events(events: list[Event]) -> list[Event]:
    """Merge the events of one article among themselves, keeping reading order.

    Only events with the same main actor can merge, so each is compared with those alone. Events told in one
    sentence are different happenings ("condemned the bombings and offered condolences"): the extractor has
    already made one event of the words a sentence uses for one happening."""
    out: list[Event] = []
    # each main actor's events, with the sentences each is told in (the cheap test first: a run-on text tells
    # hundreds of events of one actor in one sentence)
    by_actor: dict[str, list[tuple[Event, set]]] = {}
    index: dict = {}
    for e in events:
        m = main_actor(e)
        if m is None:
            out.append(e)
            continue
        group = by_actor.setdefault(m.name.lower(), [])
        sentences = {(x.sentence_start, x.sentence) for x in e.evidence}
        for t, told in group:
            if sentences.isdisjoint(told) and same_happening(t, e):
                merge_into(t, e, index)
                told |= sentences
                break
        else:
            group.append((e, sentences))
            out.append(e)
    return out

"""Dated statements -> events: the clause a time expression governs, its trigger, actors and place."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.extraction import clauses, countries, ranges
from app.extraction.actors import ArticleActors, Mention, place_named, region_of_previous
from app.extraction.clean import is_headline
from app.extraction.merge import merge_into
from app.extraction.resources import actor_words, event_types, happening_kinds, lemma, lexicon, nominalizations
from app.extraction.summary import summarize
from app.extraction.types import Actor, Attribution, Event, Evidence
from app.temporal.timex import Timex

_CLAUSE_INHERITS = {"relcl", "acl", "xcomp", "advcl", "conj", "pcomp"}
# where a name can be a pronoun's antecedent
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj"}
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")  # entities that name someone or somewhere
_NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


@dataclass(slots=True)
class Segment:
    start: int  # offset of the segment in the article text
    doc: object  # the spaCy Doc of text[start:start + len(doc.text)]
    text: str = ""  # doc.text, read once (spaCy joins its tokens on every read)


def usable(tx) -> bool:
    """Only dates and times with an interval, never a year inside a name, make events."""
    return _readable(tx) and not tx.in_name


def _readable(tx) -> bool:
    """A date or time with an interval: usable, or a year inside a name, which can still date the event noun the
    name stands before ("the 1996 Olympic bombing")."""
    return tx.type in ("DATE", "TIME") and tx.interval_start is not None and tx.interval_end is not None


_STATEMENT_GRAINS = ("day", "time", "week", "weekend")  # a statement dated by the story: to these
STATEMENT_REACH = timedelta(days=14)  # an undated statement is dated by the story only this close to publication
SENTENCE_MAX = 2000  # characters of evidence sentence around the trigger, for run-on input
PRESENT_REACH = timedelta(days=31)  # a verb in the present tense dated further back than this is misattached
LEAD = 2  # sentences with a verb: the lead, which reports what just happened
QUOTE_REACH = timedelta(days=3)  # a quotation paragraph takes the story's date only this close to publication


@dataclass(slots=True)
class _Story:
    """The date a narrative is at: its last text date, or the publication date in the lead."""

    tx: object
    dated_by: str  # "narrative" for a text date carried on, "publication"
    carried: bool = False  # carried over from the one-sentence paragraph before (wire copy writes those)
    quoted_only: bool = False  # carried into a paragraph of quotation: it dates the quoted statement only


@dataclass(slots=True)
class _Target:
    tok: object  # the verb or event noun naming the happening
    nominal: bool
    tx: object
    dated_by: str
    reporter: object = None  # the token naming who reported it, for reported speech
    joins: tuple | None = None  # (segment id, token index) of a word naming the same happening: one event
    modality: str = "asserted"  # asserted | negated | hypothetical | planned


def build_events(segments: list[Segment], timexes, published: date | None = None,
                 text: str | None = None, home: str | None = None) -> list[Event]:
    """One event per happening the text dates, in reading order (not merged yet).

    A time expression dates the word it governs, the verbs coordinated with it, participial clauses and the
    events it frames; in reported speech the reported happening, its sayer kept as attribution. A clause with
    no date of its own takes the story's last date (`narrative`) or, in the lead and in the present perfect,
    the publication date (`publication`). States, plans, negations and conditions make no event. home: the
    country of the story's dateline, if any."""
    actors = ArticleActors(home)
    actors.register_people(s.doc for s in segments)
    for s in segments:
        s.text = s.text or s.doc.text
    if text is not None:
        timexes = ranges.combine([t for t in timexes if _readable(t)], text)
    by_seg = _by_segment(segments, timexes)
    reading = _Reading(actors, published)
    for k, seg in enumerate(segments):
        reading.headline = k == 0 and len(segments) > 1 and is_headline(seg.text)  # the line over the story
        reading.paragraph(seg, sorted(by_seg.get(k, []), key=lambda t: t.start))
        reading.headline = False
    return _assemble(reading.drafts)


def _by_segment(segments: list[Segment], timexes) -> dict[int, list]:
    """The usable time expressions of each segment (by its index), by where they start."""
    starts = [s.start for s in segments]
    by_seg: dict[int, list] = {}
    for tx in timexes:
        if not _readable(tx):
            continue
        k = bisect.bisect_right(starts, tx.start) - 1
        if k >= 0:
            by_seg.setdefault(k, []).append(tx)
    return by_seg


class _Cursor:
    """Items in reading order, taken sentence by sentence: each sentence takes those that start in it."""

    __slots__ = ("i", "items", "start")

    def __init__(self, items: list, start):
        self.items, self.start, self.i = items, start, 0

    def take(self, lo: int, hi: int) -> list:
        """The items starting in [lo, hi); those before lo (between sentences) are passed over."""
        out = []
        while self.i < len(self.items) and self.start(self.items[self.i]) < hi:
            if self.start(self.items[self.i]) >= lo:
                out.append(self.items[self.i])
            self.i += 1
        return out


class _Reading:
    """An article read paragraph by paragraph, sentence by sentence, with what the reading carries along: the
    date the narrative is at, the drafts so far, who said what last and the happenings dated so far."""

    def __init__(self, actors: ArticleActors, published):
        self.actors = actors
        self.published = published
        self.pub_tx = _publication_timex(published)
        self.drafts: list[_Draft] = []
        self.story: _Story | None = None  # the date the narrative is at
        self.told = False  # whether the text has dated its story itself (then the lead's publication date is past)
        self.said_by: dict[int, tuple] = {}  # actor -> (key, date value) of the last event it was the source of
        self.known: dict[str, tuple] = {}  # trigger lemma -> (its expression, its event's key): "the bombings" again
        self.n_sent = 0  # sentences with a verb read so far
        self.headline = False  # whether the paragraph read is the headline: no part of the lead, dated by no default
        self.seg_sents = 0  # sentences of the paragraph read last

    def paragraph(self, seg: Segment, seg_tx: list) -> None:
        """Read a paragraph (seg_tx: its usable time expressions in order), sentence by sentence."""
        if self.story is not None and self.story.dated_by == "narrative":
            # A new paragraph: the story's date carries no further, unless the paragraph before was one
            # sentence (wire copy gives each sentence its paragraph) and this one goes on in the narrative.
            near = self.seg_sents == 1 and self.story.tx.granularity in ("day", "time", "weekend", "week") \
                and not self.story.quoted_only  # after a quotation, the telling does not go on at that date
            carry = near and _goes_on(seg.doc)
            pub = _pub_day(self.published)
            # a quotation is the news of the story's last days, not of a past it recalls ("the attacks Aug. 7")
            quote = near and not carry and _opens_with_quotation(seg.doc) and pub is not None \
                and self.story.tx.interval_end is not None and self.story.tx.interval_end >= pub - QUOTE_REACH
            self.story = _Story(self.story.tx, "narrative", True, quote) if carry or quote else None
        timexes = _Cursor(seg_tx, lambda t: t.start)
        ents = _Cursor(list(seg.doc.ents), lambda e: e.start)
        off = seg.start
        self.seg_sents = 0
        for sent in seg.doc.sents:
            self.seg_sents += 1
            sent_ents = ents.take(sent.start, sent.end)
            self.actors.sent_ents = sent_ents
            self.sentence(seg, sent, sent_ents, timexes.take(sent.start_char + off, sent.end_char + off))

    def sentence(self, seg: Segment, sent, sent_ents: list, sent_tx: list) -> None:
        """Read a sentence: its actors, its happenings' drafts, and where it leaves the story."""
        actors = self.actors
        cache: dict[int, Mention | None] = {}  # token index -> its mention, for this sentence
        named_ents = [e for e in sent_ents if e.label_ in _NAMED]
        subj_mention, named = self._actors_named(sent, sent_ents, cache)
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in sent)
        targets = self._targets(seg, sent, sent_tx)
        for t in sorted(targets, key=lambda t: (t.joins is not None, t.tok.i)):
            d = _draft(actors, seg, sent, sent_ents, t, cache, named_ents)
            if d is not None:
                self._add(d)
        self.story = _next_story(self.story, sent, targets, seg.start)
        self.told = self.told or (self.story is not None and self.story.dated_by != "publication")
        if has_verb and not self.headline:
            self.n_sent += 1
        # candidates for the next sentence's pronouns: the named ones, and every actor the events here found
        # (the tagger can miss a name the organisation table knows: "fined Google 1.49 billion euros")
        actors.close_sentence(subj_mention, named + list(cache.values()))

    def _actors_named(self, sent, sent_ents: list, cache: dict) -> tuple:
        """(the mention of the sentence's subject, which the sentence's pronouns may stand for; the mentions of every
        named person, a title anywhere giving their country, and of every named body that acts)."""
        actors = self.actors
        subj = clauses.subject(sent.root)
        subj_mention = _mention(actors, subj, cache) if subj is not None else None
        actors.current = subj_mention
        named = []
        for ent in sent_ents:
            if ent.label_ == "PERSON" or ent.label_ in ("ORG", "GPE", "LOC", "FAC") and ent.root.dep_ in _ARG_DEPS:
                named.append(_mention(actors, ent.root, cache))
        return subj_mention, named

    def _targets(self, seg: Segment, sent, sent_tx: list) -> list[_Target]:
        """The sentence's happenings: those its own expressions date, those the story's date dates, and those
        named again; the dated ones remembered for their later mentions."""
        story = self.story
        if story is not None and story.dated_by == "publication" and self.n_sent >= LEAD:
            story = None  # past the lead, the publication date dates nothing by itself
        targets = _dated_targets(seg, sent, sent_tx, self.published, story)
        if story is None and self.n_sent < LEAD and self.pub_tx is not None and not self.told and not self.headline:
            story = _Story(self.pub_tx, "publication")  # the lead reports what just happened
        self.story = story
        targets += _undated_targets(sent, targets, story, seg.start, id(seg), _pub_day(self.published))
        targets += _mentioned_again(sent, targets, self.known)
        for t in targets:
            if t.dated_by == "text":
                _remember(self.known, _kind(t.tok, t.nominal), t.tx, t.joins or (id(seg), t.tok.i))
        return targets

    def _add(self, d: _Draft) -> None:
        """Keep a draft; an undated statement of the sayer of the last event, of that event's day, is another
        telling of that event."""
        src = next((m.entity.id for m, r in d.roles if r == "source"), None)
        key = d.joins or (id(d.seg), d.predicate.i)
        last = self.said_by.get(src) if src is not None else None
        if (last is not None and d.joins is None and d.dated_by != "text" and clauses.reporting(d.predicate)
                and last[1] == d.tx.value and last[0] != key):
            d.joins = key = last[0]  # "Pompeo made the costs explicit. Speaking in Hungary, he said ..."
        if src is not None:
            self.said_by[src] = (key, d.tx.value)
        self.drafts.append(d)


def _assemble(drafts: list[_Draft]) -> list[Event]:
    """Drafts to events: the words naming one happening (joined drafts, through any chain of joins) become
    one event with a source each; two expressions dating one word ("at 10:35 a.m. Friday") are one event
    when they agree. Reading order is kept."""
    keys = {(id(d.seg), d.predicate.i) for d in drafts}
    joins = {(id(d.seg), d.predicate.i): d.joins for d in drafts if d.joins is not None}

    def root(d) -> tuple:
        k, seen = (id(d.seg), d.predicate.i), set()
        if d.joins is not None and d.joins in keys:
            k = d.joins
        while k in joins and joins[k] in keys and k not in seen:
            seen.add(k)
            k = joins[k]
        return k

    events: list[Event] = []
    by_pred: dict[tuple, list[Event]] = {}
    folded: dict = {}  # what merge_into knows of each host between its merges
    rooted = [(root(d), d) for d in drafts]
    hosts = [(k, d) for k, d in rooted if k == (id(d.seg), d.predicate.i)]
    others = [(k, d) for k, d in rooted if k != (id(d.seg), d.predicate.i)]
    for k, d in hosts + others:
        e = _materialize(d)
        same = by_pred.setdefault(k, [])
        host = next((h for h in same if h.date_start <= e.date_end and e.date_start <= h.date_end), None)
        if host is None and same and (k, d) in others:
            host = same[0]  # another word for the happening: one event, whatever date the word was given
        if host is not None:
            merge_into(host, e, folded)
        else:
            same.append(e)
            events.append(e)
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(events, key=lambda e: (min(x.sentence_start for x in e.evidence), order[id(e)]))


def _publication_timex(published):
    day = _pub_day(published)
    if day is None:
        return None
    return Timex(start=-1, end=-1, text="", type="DATE", value=day.isoformat(), granularity="day", interval_start=day,
                 interval_end=day, anchor="publication")


def _pub_day(published):
    if published is None:
        return None
    return published.date() if isinstance(published, datetime) else published


def _dated_targets(seg: Segment, sent, sent_tx, published, story) -> list[_Target]:
    """The happenings the sentence's own time expressions date: first each expression's own word, then the
    words that share its time."""
    spans = _expression_spans(seg, sent_tx)
    links = _links(spans, _pub_day(published))
    dated = _Dated(id(seg), story, _pub_day(published), {tok.i for _, tok, _ in links}, _coordination(sent))
    dated.timex_words = {i for _, span in spans for i in range(span.start, span.end)}
    dated.date_own_words(links)
    dated.share(links)
    return list(dated.out.values()) + dated.extra


def _expression_spans(seg: Segment, sent_tx) -> list[tuple]:
    """(expression, its tokens) for the sentence's time expressions that cover a token."""
    out = []
    for tx in sent_tx:
        span = seg.doc.char_span(tx.start - seg.start, tx.end - seg.start, alignment_mode="expand")
        if span is not None and len(span) > 0:
            out.append((tx, span))
    return out


def _links(spans: list[tuple], day) -> list[tuple]:
    """(expression, the word it dates, whether that word is a noun) for the sentence's time expressions (with
    their tokens), and for the clauses that hang on an expression ("in 1968, when Soviet tanks swept into
    Prague")."""
    links = []
    for tx, span in spans:
        if tx.in_name:
            noun = clauses.attributive_noun(span)
            links += [(tx, noun, True)] if noun is not None else []
            continue
        links += [(tx, c, False) for c in clauses.time_clauses(span) if not clauses.placed_apart_by_adverb(c)]
        found = _dated_word(tx, span, day)
        if found is not None:
            links.append((tx, *_second_date(links, tx, span, *found)))
    return links


def _second_date(links: list, tx, span, tok, nominal: bool) -> tuple:
    """A verb has one time: a second, different date after it belongs to the event noun between them ("condemned
    Saturday two bomb attacks in Kenya Friday": the attacks)."""
    if nominal or not any(t.i == tok.i and x.value != tx.value for x, t, _ in links):
        return tok, nominal
    noun = clauses.event_noun_between(tok, span)
    return (noun, True) if noun is not None else (tok, nominal)


def _dated_word(tx, span, day) -> tuple | None:
    """(the word an expression says when of, whether it is a noun); None when the expression only bounds or
    describes something ("by Friday", "the 1953 team")."""
    noun = clauses.attributive_noun(span) if tx.anchor != "expression" else None  # not "the day before X's"
    if noun is not None:
        return noun, True  # "the Dec. 21, 1988, bombing", "last month's discovery"
    tok, nominal, rel = clauses.timex_link(span.root, span.start, span.end)
    if tok is None and tx.granularity in ("day", "time"):
        tok = clauses.framing_verb(span.root, span.start, span.end)  # "In his Sunday Mass, X called ..."
        nominal, rel = False, "at"
    if tok is None or (rel != "at" and not tx.extra.get("range")) or clauses.from_a_baseline(span.root, tok):
        return None
    if clauses.quoted(span.root) and not clauses.quoted(tok):
        return None  # a date in a quotation is the quotation's, never the sayer's, however the tagger hangs it
    if nominal and _day_of_the_verb(tok, span, tx):
        tok, nominal = tok.head, False  # "condemned the attack on Monday": the condemning was on Monday
    if nominal:
        return tok, True
    if day is not None and tx.interval_end is not None and tx.interval_end < day \
            and clauses.tense(tok) in ("present_perfect", "present"):
        noun = clauses.event_noun_between(tok, span)
        if noun is not None:
            return noun, True
    tok = _reports_day(tok, span)
    tok = _helped(tok)
    planned = _scheduled(tok, span)
    if planned is not None:  # "planned a demonstration on Saturday": the demonstration
        return planned, planned.pos_ != "VERB"
    main = clauses.governing(tok)
    if main is not None and clauses.is_happening(main):
        tok = main  # "was found clinging to a tube on Thanksgiving Day": the finding, the clinging with it
    return tok, False


def _reports_day(verb, span):
    """ "The ministry said on Monday it had reviewed the case": a date between a reporting verb and the subject of
    what it reports is the report's, however the tagger hangs it ("said that on Monday it ..." is the clause's),
    where what it reports had happened before or is no happening of that day."""
    sayer = verb.head
    subj = clauses.subject(verb)
    if verb.dep_ != "ccomp" or sayer.i >= span.start or not clauses.reporting(sayer) or subj is None \
            or subj.i < span.end or clauses.tense(verb) in ("past", "present_perfect", "participle"):
        return verb  # what the report tells as just done takes its day anyway (the sayer as its attribution)
    between = verb.doc[sayer.i + 1:span.start]
    return sayer if all(t.dep_ == "prep" or t.is_punct for t in between) else verb


def _day_of_the_verb(noun, span, tx) -> bool:
    """ "condemned the attack on Monday": a day right after the definite event noun a past verb takes as its
    object is the verb's day; the noun names a happening known already (the tagger hangs the day on the noun)."""
    verb = noun.head
    return (noun.dep_ == "dobj" and verb.pos_ == "VERB" and clauses.tense(verb) == "past"
            and tx.granularity == "day" and clauses.definite(noun) and span.start - noun.i <= 2
            and span.start > noun.i and all(t.dep_ == "prep" for t in noun.doc[noun.i + 1:span.start])
            and not any(c.dep_ == "poss" for c in noun.children))


def _helped(verb):
    """ "helped end the war four years ago": the helping is what the date is about; but in "decided to admit
    Poland in early March" the date is the admission's, planned."""
    if verb.dep_ == "xcomp" and not clauses.is_happening(verb) and clauses.is_happening(verb.head) \
            and lemma(verb.head) not in lexicon()["plan_verbs"]:
        return verb.head
    return verb


def _scheduled(verb, span):
    """What a verb of planning dated by the expression plans ("planned a demonstration on Saturday", "scheduled X
    for Monday"), or None."""
    scheduled_for = span.root.head.lower_ == "for" and span.root.head.head.i == verb.i
    if (not clauses.is_eventive(verb) or scheduled_for) and lemma(verb) in lexicon()["schedule_verbs"]:
        return clauses.planned_object(verb)
    return None


class _Dated:
    """The targets one sentence's expressions date, by token index, and the targets of a second expression dating
    a word already dated ("at 10:35 a.m. on Friday")."""

    def __init__(self, seg_id: int, story: _Story | None, day, own: set, coordination: dict):
        self.seg_id = seg_id
        self.story = story
        self.day = day  # the publication day
        self.own = own  # the words an expression dates directly
        self.coordination = coordination
        self.out: dict[int, _Target] = {}
        self.extra: list[_Target] = []
        self.timex_words: set[int] = set()  # the words of the sentence's time expressions: none names a happening

    def add(self, tok, nominal, tx, reporter=None, dated_by="text", joins=None) -> None:
        """A target, unless the word is taken, names no happening, or says what is so now of a time long ago."""
        if tok.i in self.out or tok.i in self.timex_words or not clauses.is_eventive(tok, nominal) \
                or clauses.media_report(tok):
            return  # "held back sales in the fall": the season, not a fall
        day = self.day
        if not nominal and day is not None and tx.interval_end is not None and clauses.tense(tok) == "present" \
                and tx.interval_end < day - PRESENT_REACH:
            return  # "White heads a team ... that killed 224 people on Aug. 7, 1998": what is so now is not dated then
        mode = clauses.modality(tok, nominal)
        if mode != "asserted" and nominal and day is not None and tx.interval_end < day and clauses.definite(tok):
            mode = "asserted"  # "charged in the Dec. 21, 1988, bombing": a definite happening of the past took place
        if mode == "asserted" and day is not None and tx.interval_start > day:
            mode = "planned"  # after the story was written: a plan, a schedule or a forecast
        self.out[tok.i] = _Target(tok, nominal, _part_of_day_as_day(tx), dated_by, reporter, joins, mode)

    def add_reported(self, word, found: tuple, tx, joins=None) -> None:
        """A target _report found for a word; a happening reported by a sayer dated apart from it
        ("82 were killed, officials said Saturday") takes the story's day."""
        t, nominal, reporter = found
        story = self.story
        if reporter is not None and t.i != word.i and story is not None and story.tx.value != tx.value \
                and not story.quoted_only:
            self.add(t, nominal, story.tx, reporter, story.dated_by, joins=joins)
        else:
            self.add(t, nominal, tx, reporter, joins=joins)

    def date_own_words(self, links: list[tuple]) -> None:
        """Each expression's own word (or the happening it reports)."""
        for tx, tok, nominal in links:
            for found in _report(tok, nominal, self.own):
                t = found[0]
                old = self.out.get(t.i)
                if old is not None and old.tx.value != _part_of_day_as_day(tx).value and old.dated_by == "text":
                    self.extra.append(_Target(t, found[1], _part_of_day_as_day(tx), "text", found[2], None,
                                              old.modality))
                    continue
                self.add_reported(tok, found, tx)

    def share(self, links: list[tuple]) -> None:
        """The words that share an expression's word's time."""
        for tx, tok, nominal in links:
            pairs = self._sharing_noun(tok) if nominal else self._sharing_verb(tx, tok)
            partners = set() if nominal else {v.i for v in self.coordination.get(tok.i, ())}
            for t, joins in pairs:
                if t.i not in self.own:
                    # "observed the car at 6 a.m. and wrote down the number": the partner shares the day, not the minute
                    when = _day_of(tx) if t.i in partners else tx
                    for found in _report(t, clauses.is_event_noun(t) and t.pos_ != "VERB", self.own):
                        self.add_reported(t, found, when, joins)

    def _sharing_noun(self, noun) -> list[tuple]:
        """(word, the key it joins or None) for the words sharing a dated event noun's time: its relative clauses,
        the verb it frames ("said at a news conference on Monday") and the verb it is the subject of."""
        frame = clauses.framed(noun)
        if frame is not None and clauses.modality(frame) != "asserted":
            frame = None  # "did not take part in Friday's vote": the vote took place, the rest did not
        if frame is not None and frame.i in self.own and frame.i in self.out and noun.i in self.out \
                and self.out[frame.i].tx.value != self.out[noun.i].tx.value:
            frame = None  # "launched the revolution four decades ago in a rally Saturday": two times, two happenings
        shared = clauses.relatives(noun) + ([frame] if frame is not None else [])
        if frame is not None and frame.i not in self.own:
            # "were killed and 58 injured in an attack on Friday": the frame's time is its partners' too
            shared += [t for t, _ in _spread(frame, self.own, self.coordination) if t.i != frame.i]
        if noun.dep_ == "nsubj" and clauses.is_happening(noun.head) and clauses.tense(noun.head) == "past" \
                and not clauses.reporting(noun.head) and clauses.quoted(noun) == clauses.quoted(noun.head):
            shared.append(noun.head)  # "the Aug. 7 bombings killed 224 people" (not "the attack was condemned")
        if frame is not None and noun.i in self.out:
            self.out[noun.i].joins = (self.seg_id, frame.i)
        return [(t, None) for t in shared]

    def _sharing_verb(self, tx, verb) -> list[tuple]:
        """(word, the key it joins or None) for the words sharing a dated verb's time: the event noun its clause
        describes and what that noun frames ("said in an interview that aired Tuesday": the interview, and what
        was said in it), the document a dating participle dates, and what _spread finds."""
        seg_id, out = self.seg_id, self.out
        dating = lemma(verb) in lexicon()["dating_participles"]  # "the letter dated Friday"
        noun = verb.head if verb.dep_ in ("relcl", "acl") and clauses.is_event_noun(verb.head) else None
        if dating:
            noun = _dated_document(verb, lexicon())
        spread = [(t, (seg_id, same.i) if same is not None else None)
                  for t, same in _spread(verb, self.own, self.coordination)]
        if noun is None:
            return spread
        host = clauses.framed(noun)
        if host is None:
            return [(noun, None), *spread]
        if host.i in out:
            out[host.i].tx = tx  # the frame's own date beats the story's
        if verb.i in out and not dating:
            out[verb.i].joins = (seg_id, host.i)
        # the noun joins the verb it dates (a document) or the frame; the frame joins the dating verb
        return [(noun, (seg_id, verb.i if dating else host.i)), (host, (seg_id, verb.i) if dating else None), *spread]


def _report(tok, nominal, own):
    """A reporting verb gives way to the happening it reports, when that is one ("said troops withdrew")."""
    if nominal or not clauses.reporting(tok):
        found = clauses.reporter_of(tok)
        return [(tok, nominal, found[1] if found else None)]
    comp = clauses.complement(tok)
    if comp is None and lemma(tok) in lexicon()["witness_verbs"]:
        told = next((c for c in tok.children if c.dep_ == "dobj" and clauses.is_event_noun(c)
                     and event_types().get(_trigger_lemma(c, True)) in lexicon()["witnessed_kinds"]), None)
        if told is not None and told.i not in own:
            return [(told, True, clauses.subject(tok))]  # "residents reported heavy fire": the fire
    if comp is not None and any(c.dep_ == "mark" and c.lower_ in lexicon()["grammar"]["order_marks"]
                                for c in comp.children):
        return []  # "... after crowds trashed its embassy, an official said Saturday": not what happened Saturday
    tn = clauses.tense(comp) if comp is not None else ""
    passive = comp is not None and any(c.dep_ == "auxpass" for c in comp.children)
    # "said Ethiopia departs from Libya": a happening now; "said its technology is deployed": a state
    if comp is not None and clauses.is_happening(comp) and (
            tn in ("past", "present_perfect", "participle") or tn == "present" and not passive):
        if comp.i in own:
            return []  # the happening has a date of its own; the report is its attribution, not an event
        if _placed_apart(comp):
            return [(tok, nominal, None)]  # "was seen days after the killing, the paper reported Friday": the report
        who = clauses.subject(tok)
        return [(c, False, who) for c in [comp, *clauses.coordinated(comp)] if c.i not in own and not _placed_apart(c)]
    return [(tok, nominal, None)]


def _placed_apart(verb) -> bool:
    """A reported happening the text places at a time of its own in a phrase ("was seen in the days after the
    killing"), so that neither the report's date nor the story's is its date. A clause measuring the time since
    another happening ("broke off relations five years after crowds trashed its embassy") tells the news of the
    report all the same, and so does what has just happened."""
    return clauses.tense(verb) != "present_perfect" and clauses.own_time(verb, with_clauses=False)


def _coordination(sent) -> dict[int, list]:
    """Token index -> the verbs coordinated with it ("met X and signed Y"), for one sentence, in one pass
    (a chain of n conjuncts costs n, not n squared)."""
    groups: dict[int, list] = {}
    for t in sent:
        if t.dep_ == "conj" and t.pos_ == "VERB" and t.head.i != t.i:
            first = t.head
            while first.dep_ == "conj" and first.head.i != first.i:
                first = first.head
            groups.setdefault(first.i, [first]).append(t)
    out: dict[int, list] = {}
    for members in groups.values():
        for m in members:
            out[m.i] = members
    return out


def _spread(tok, own: set, coordination: dict) -> list[tuple]:
    """(word, the word it is another name for, or None) for the words that share a verb's time: coordinated
    verbs (those without a date of their own), participial clauses, frames and event-noun subjects (one
    happening with the verb), and the main clause of an "as"/"when" clause ("officials said as dawn broke
    Saturday")."""
    out = []
    tn = clauses.tense(tok)
    verbs = [tok] + [v for v in coordination.get(tok.i, ()) if v.i != tok.i and v.i not in own and v.pos_ == "VERB"
                     and not _tense_turns(tn, clauses.tense(v))
                     and not clauses.own_time(v, with_order=v.i < tok.i)
                     and not (v.i < tok.i and _own_subject(v) and _own_subject(tok) and _finite(tok))]
    if tok.dep_ == "advcl" and tok.head.pos_ == "VERB" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in lexicon()["grammar"]["simultaneity_marks"]
            for c in tok.children):
        verbs.append(tok.head)  # "perished when their boat sank in late November": the perishing with it
    for v in verbs:
        if v.i != tok.i:
            out.append((v, None))
        # "will step down ... as the maker struggles": what is so now is no happening of the verb's time
        out += [(x, None) for x in clauses.simultaneous(v) if clauses.tense(x) != "present"]
        out += [(x, v) for x in _same_happening(v)]
    return out


def _own_subject(verb) -> bool:
    """ "The men were not termed suspects, and officials on Saturday played down ...": a clause with a subject of
    its own, which a date in a later clause of another subject does not reach back to."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _finite(verb) -> bool:
    """A verb with a tense of its own ("played down", "was arrested"), not a participle whose auxiliary the
    sentence left out ("X were killed and 58 injured")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _tense_turns(a: str, b: str) -> bool:
    """Whether a coordinated verb turns from the past to the present or the future ("helped end the war four years
    ago and now are poised to intervene"): then the first one's date is not its date."""
    past = ("past", "present_perfect", "participle", "gerund")
    return (a in past) != (b in past)


def _same_happening(verb) -> list:
    """Other words one verb's happening goes by: "exploded, killing dozens", "said at a news conference",
    "the blast toppled a building"."""
    return (clauses.participles(verb) + clauses.frames(verb) + clauses.event_subjects(verb)
            + clauses.supported(verb))


def _goes_on(doc) -> bool:
    """Whether a paragraph's first sentence goes on telling a story in the past: not a quotation, not a
    statement of the present or the future."""
    first = next(iter(doc.sents), None)
    if first is None or _quote_first(first):
        return False
    root = first.root
    return root.pos_ in ("VERB", "AUX") and clauses.tense(root) == "past"


def _opens_with_quotation(doc) -> bool:
    """Whether a paragraph's first sentence opens with a quotation mark."""
    first = next(iter(doc.sents), None)
    return first is not None and _quote_first(first)


def _quote_first(sent) -> bool:
    """Whether a sentence opens with a quotation mark ("``We grieve,'' the minister said.")."""
    return sent.text.lstrip()[:1] in lexicon()["grammar"]["opening_quotes"]


def _narrative_clause(tok) -> bool:
    """Whether a verb's clause goes on telling the story: a main clause, what a sayer reports, or a clause
    of manner or cause; not a clause that describes a noun ("a doctor who performed abortions") or that places
    itself before or after something else ("after he was killed")."""
    order_marks = lexicon()["grammar"]["order_marks"]
    t = tok
    for _ in range(12):
        dep = t.dep_
        if dep in ("relcl", "acl", "pcomp", "csubj", "csubjpass", "amod", "appos", "pobj", "nsubj", "dobj"):
            return False
        if dep in ("advcl", "ccomp") and any(c.dep_ in ("mark", "advmod") and c.lower_ in order_marks
                                             for c in t.children):
            return False
        h = t.head
        if h.i == t.i:
            return True
        if h.pos_ in ("NOUN", "PROPN", "ADP"):
            return False
        if dep == "ccomp" and clauses.tense(h) == "past_perfect":
            return False  # "they had concluded that he fired the shots": before the story's time, not at it
        t = h
    return False


def _undated_targets(sent, dated: list[_Target], story: _Story | None, off, seg_id: int, published) -> list[_Target]:
    """Happenings in clauses with no date of their own, which go on telling the story: the story's date."""
    if story is None:
        return []
    taken = {t.tok.i for t in dated}
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in taken or not _narrative_clause(tok) or clauses.media_report(tok):
            continue
        if not clauses.is_happening(tok) or not _in_story_time(tok, story):
            continue
        if story.quoted_only and not (clauses.reporting(tok) and not clauses.quoted(tok) and _quote_first(sent)):
            continue  # "``We grieve,'' the minister said.": the statement, not what it says
        if clauses.reporting(tok) and (comp := clauses.complement(tok)) is not None and comp.i in taken:
            continue  # what it reports is dated already: the report is its attribution
        earlier = [t for t in dated if t.dated_by == "text" and not t.nominal and t.modality == "asserted"
                   and t.tx.end - off <= tok.idx and (clauses.quoted(tok) or not _quoted_at(sent, t.tx.start - off))]
        tx, how = (earlier[-1].tx, "narrative") if earlier else (story.tx, story.dated_by)
        if _bounded(tok):
            continue
        if clauses.reporting(tok) and (published is not None and tx.interval_end < published - STATEMENT_REACH
                                       or tx.granularity not in _STATEMENT_GRAINS):
            continue  # what somebody said is news of the days the story covers, not of a background year
        r = clauses.reporter_of(tok)
        if r is not None and _placed_apart(tok):
            continue  # "was seen days after the killing, the paper reported": a time of its own, not the story's
        out.append(_Target(tok, False, tx, how, r[1] if r else None))
        taken.add(tok.i)
    return out + _happening_with(out, taken, seg_id)


def _bounded(verb) -> bool:
    """Whether the text places a verb in the past before or after a time of its own ("was founded after the collapse
    of communism 10 years ago", "left before Monday"): then the story's date is not its date either. What has just
    happened after a time ("has advised against travel after the shooting last week") is still the news. A clause
    placing it after another happening leaves it in the story ("filed an appeal shortly after the court ruled")."""
    if clauses.tense(verb) == "present_perfect":
        return False
    if clauses.own_time(verb, with_clauses=False):
        return True
    not_at = lexicon()["not_at_prepositions"]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in not_at or clauses.boundary_participle(c):
            words = c.doc[c.left_edge.i:min(c.right_edge.i + 1, c.i + 30)]
            if any(t.ent_type_ in ("DATE", "TIME") for t in words):
                return True
    return False


def _in_story_time(verb, story: _Story) -> bool:
    """Whether an undated verb tells what happened at the story's time: the past (a participle coordinated with
    it too); in the lead, the present perfect of what just happened and a sayer's present ("X says ...")."""
    tn = clauses.tense(verb)
    if clauses.reporting(verb):
        comp = clauses.complement(verb)
        if comp is not None and clauses.is_happening(comp) and clauses.tense(comp) in (
                "past", "present_perfect", "participle"):
            return False  # the reported happening is the event; the sayer its attribution
        if tn == "present" and story.dated_by == "publication" or tn == "present_perfect":
            tn = "past"  # "X says ..." in news: as of the story
    if tn == "present_perfect":  # only the lead's present perfect is what just happened
        return story.dated_by == "publication" and not clauses.ongoing(verb)
    return tn == "past" or (tn == "participle" and verb.dep_ == "conj")


def _happening_with(targets: list[_Target], taken: set, seg_id: int) -> list[_Target]:
    """The other words each target's happening goes by ("exploded, killing dozens"), dated with it, joining it."""
    out = []
    for t in targets:
        for p in _same_happening(t.tok):
            if p.i not in taken and clauses.is_happening(p, p.pos_ != "VERB"):
                out.append(_Target(p, p.pos_ != "VERB", t.tx, t.dated_by, t.reporter, (seg_id, t.tok.i)))
                taken.add(p.i)
    return out


def _trigger_lemma(tok, nominal: bool) -> str:
    if nominal:
        noms = nominalizations()
        return noms.get(tok.lower_) or noms.get(tok.lemma_.lower()) or tok.lemma_.lower()
    return lemma(tok)


def _kind(tok, nominal: bool) -> str:
    """The kind of happening a word names, for finding it again: "shot" ... "the slaying" are one killing."""
    word = _trigger_lemma(tok, nominal)
    return happening_kinds().get(word, word)


def _remember(known: dict, kind: str, tx, key) -> None:
    """The first dated telling of a kind of happening is the one later definite nouns name, unless a later telling
    dates it more precisely within the same stretch ("last October" ... "on Oct. 23")."""
    old = known.get(kind)
    if old is None or (tx.interval_start is not None and old[0].interval_start is not None
                       and old[0].interval_start <= tx.interval_start and tx.interval_end <= old[0].interval_end
                       and (tx.interval_end - tx.interval_start) < (old[0].interval_end - old[0].interval_start)):
        known[kind] = (tx, key)


def _mentioned_again(sent, dated: list[_Target], known: dict) -> list[_Target]:
    """A definite event noun naming a happening the text dated before is that happening: "Bombs exploded
    Friday ... the blasts", "the March 7 attack ... the attack"."""
    if not known:
        return []
    taken = {t.tok.i for t in dated}
    out = []
    for tok in sent:
        if tok.i in taken or tok.pos_ != "NOUN" or not clauses.is_event_noun(tok) or not clauses.definite(tok):
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if tok.dep_ == "compound" and tok.head.i in taken or nxt is not None and nxt.i in taken and nxt.pos_ == "NOUN":
            continue  # "the October 1998 shooting death": one happening, dated with the noun it qualifies
        if any(c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_) for c in tok.children):
            continue  # "the Madrid summit", "the 1996 bombing": a happening named apart from the one told before
        if any(c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in tok.children):
            continue  # "last Tuesday's hearing": dated by its own day, even where a longer expression took the day
        hit = known.get(_kind(tok, True))
        if hit is not None:
            out.append(_Target(tok, True, hit[0], "narrative", joins=hit[1]))
    return out


def _next_story(story: _Story | None, sent, targets: list[_Target], off: int) -> _Story | None:
    """The story moves to the last date the sentence gave a happening, and ends where the telling turns to
    the present or the future ("Kopp remains at large"). A date inside a quotation is the speaker's ("Today we
    take a historic step"), not the story's."""
    own = [t for t in targets if t.dated_by == "text" and not t.nominal and t.modality == "asserted"
           and _narrative_clause(t.tok) and not _quoted_at(sent, t.tx.start - off)]
    if own:
        tx = max(own, key=lambda t: t.tx.start).tx
        return _Story(_day_of(tx), "narrative")
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and not clauses.reporting(root) and clauses.tense(root) in ("present", "future"):
        return None
    return story


def _quoted_at(sent, char: int) -> bool:
    """Whether the word at a character offset of the sentence's document stands in a quotation."""
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and len(span) > 0 and clauses.quoted(span[0])


def _part_of_day_as_day(tx):
    """ "Friday night", "Thursday morning": a happening is dated by its day; the part of the day stays in the
    expression the source quotes (a clock time is kept: "at 10:35 a.m. Friday")."""
    v = tx.value
    if len(v) == 13 and v[10] == "T" and v[11:].isalpha():
        return _day_of(tx)
    return tx


def _day_of(tx):
    """A clock time carries on as its day: "at 10:35 a.m." dates the next sentence's events to that day."""
    if tx.granularity != "time" or len(tx.value) < 10:
        return tx
    return Timex(start=tx.start, end=tx.end, text=tx.text, type="DATE", value=tx.value[:10], granularity="day",
                 interval_start=tx.interval_start, interval_end=tx.interval_end, anchor=tx.anchor)


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
    dated_by: str = "text"
    reporter: Mention | None = None
    joins: tuple | None = None
    modality: str = "asserted"


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


def _controller(pred):
    """The clause whose subject a subjectless clause shares: "the interview that aired" -> "said"."""
    t = pred
    while t.dep_ in _CLAUSE_INHERITS and t.head.i != t.i:
        t = t.head
        while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
            t = t.head
        if t.pos_ in ("VERB", "AUX") and clauses.subject(t) is not None:
            return t
    return None


def _pobjs(prep) -> list:
    """The objects of a preposition."""
    return [p for p in prep.children if p.dep_ == "pobj"]


def _prep_objects(tok, prepositions) -> list:
    """The objects of the word's prepositions that are among prepositions: "a letter TO the government"."""
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in prepositions for p in _pobjs(c)]


def _args(pred, nominal: bool):
    """(token, role) for the arguments of a predicate, and the names listed with them."""
    lex = lexicon()
    out = _noun_args(pred, lex) if nominal else _verb_args(pred, lex)
    return out + _listed_with(out)


def _noun_args(noun, lex) -> list:
    """An event noun's possessor and "by" object are its source, its target preposition's object its target:
    "Iran's attack on the tanker", "the attack by Iran"."""
    out = []
    for c in noun.children:
        if c.dep_ == "poss":
            out.append((c, "source"))
        elif c.dep_ == "prep" and c.lower_ == "by":
            out += [(p, "source") for p in _pobjs(c)]
        elif c.dep_ == "prep" and c.lower_ in lex["target_prepositions"]:
            out += [(p, "target") for p in _pobjs(c)]
    return out


def _verb_args(pred, lex) -> list:
    """A verb's subject and agent (source), its objects and the objects of its target prepositions (target); a
    subject the parser misplaced; with no target of its own, the targets of what it agreed or decided to do."""
    out = [arg for c in pred.children for arg in _verb_child_args(pred, c, lex)]
    if not any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in pred.children):
        misread = clauses.misparsed_subject(pred)  # "Albright, after a long flight, is scheduled to ..."
        if misread is not None:
            out.append((misread, "target" if any(c.dep_ == "auxpass" for c in pred.children) else "source"))
    if not any(r == "target" and t.ent_type_ not in ("DATE", "TIME") and not clauses.is_event_noun(t) for t, r in out):
        # "agreed to impose sanctions on Russia", "decided to expel the envoy": what the agreement was to do, to whom
        for c in pred.children:
            if c.dep_ == "xcomp" and c.pos_ == "VERB":
                out += [(t, r) for t, r in _args(c, False) if r == "target"]
    return out


def _verb_child_args(pred, c, lex) -> list:
    """The (token, role) arguments one dependent of a verb gives."""
    if c.dep_ in lex["source_deps"]:
        if c.pos_ == "ADP":  # "signed by Japan": the agent is the preposition
            return [(p, "source") for p in _pobjs(c)]
        return [(c, "source")]
    if c.dep_ in lex["target_deps"]:
        if c.pos_ == "ADP":  # "sent a letter to the government": the dative is the preposition
            return [(p, "target") for p in _pobjs(c)]
        # "a lawsuit against the US government", "a letter to the government"
        return [(c, "target")] + [(p, "target") for p in _prep_objects(c, lex["target_prepositions"])]
    if c.dep_ == "prep" and c.lower_ in lex["target_prepositions"] | {"by"}:
        role = "source" if c.lower_ == "by" and any(x.dep_ == "auxpass" for x in pred.children) else "target"
        return [(p, role) for p in _pobjs(c)]
    return []


def _listed_with(args: list) -> list:
    """The names coordinated with each argument, in its role: "The US, Russia, and Switzerland met" (a list the
    parser may read as apposition)."""
    more = []
    for tok, role in args:
        more += [(c, role) for c in tok.conjuncts]
        for c in tok.children:
            if c.dep_ == "appos" and c.ent_type_ and c.ent_type_ == tok.ent_type_ and c.conjuncts:
                more += [(c, role)] + [(x, role) for x in c.conjuncts]
    return more


@dataclass(slots=True)
class _Clause:
    """How a target reads: its trigger word, the clause head its summary is read from, whether its arguments are
    another clause's (inherited), its (token, role) arguments and its keywords so far."""

    trigger: str
    head: object
    inherited: bool
    args: list
    keywords: list[str]


def _noun_clause(noun, sent, lex) -> _Clause:
    """An event noun is read in its sentence; with no source of its own it takes the source of the verb whose
    object it is ("Apple said in a statement on Thursday": the statement is the sayer's)."""
    noms = nominalizations()
    trigger = noms.get(noun.lower_) or noms.get(noun.lemma_.lower(), noun.lemma_.lower())
    c = _Clause(trigger, sent.root, False, _args(noun, True), [noun.lemma_.lower()])
    if any(r == "source" for _, r in c.args):
        return c
    verb = _verb_of_object(noun, lex)
    if verb is not None:
        c.args = [(a, r) for a, r in _args(verb, False) if r == "source"] + c.args
        c.head, c.inherited = verb, True
    return c


def _verb_of_object(noun, lex):
    """The verb an event noun is the own object or prepositional object of (not a noun's: "reopened the case of
    the bombing"), unless the preposition sets it apart ("fled after the bombing"); else None."""
    t = noun
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
    apart = noun.dep_ == "pobj" and noun.head.lower_ in lex["apart_prepositions"]
    own = noun.head.i == t.i or noun.dep_ == "pobj" and noun.head.head.i == t.i
    if noun.dep_ == "dobj" and lemma(t) not in lex["support_verbs"]:
        return None  # "condemned the attacks": the attackers are others; "held talks": the holders talked
    if t.pos_ in ("VERB", "AUX") and noun.dep_ in ("pobj", "dobj") and not apart and own:
        return t
    return None


def _verb_clause(pred, lex) -> _Clause:
    """A verb is read in its own clause; a relative clause's subject is the noun it describes, and a clause with no
    subject of its own takes its controller's."""
    c = _Clause(_verb_trigger(pred, lex), pred, False, _args(pred, False), [])
    has_source = any(r == "source" for _, r in c.args)
    relative = next((t for t, r in c.args if r == "source" and (t.tag_ in ("WDT", "WP") or t.lower_ == "that")),
                    None)
    if relative is not None and pred.dep_ == "relcl" and pred.head.pos_ in ("NOUN", "PROPN"):
        # "Ortega, who drove the truck": the noun the clause describes did it
        c.args = [(clauses.antecedent(pred), "source")] + [(t, r) for t, r in c.args if t.i != relative.i]
        has_source = True
    elif pred.dep_ == "acl" and pred.tag_ in ("VBN", "VBG") and pred.head.pos_ in ("NOUN", "PROPN") \
            and not any(t.i == pred.head.i for t, _ in c.args):
        # "10 soldiers killed in Ukraine": what was done to them; "rebels fighting in the north": what they did
        c.args.append((pred.head, "target" if pred.tag_ == "VBN" else "source"))
        has_source = has_source or pred.tag_ == "VBG"
    own_patient = any(x.dep_ == "nsubjpass" and x.tag_ not in ("WDT", "WP", "CD") and x.pos_ != "NUM"
                      and x.lower_ not in lex["count_subjects"] for x in pred.children)
    if not own_patient and (not has_source or all(t.tag_ in ("WDT", "WP") for t, r in c.args if r == "source")):
        # a passive with a subject of its own ("when the award was overturned") names no doer by its controller's
        ctl = _controller(pred)
        if ctl is not None:
            _inherit(c, pred, ctl, lex)
    return c


def _verb_trigger(pred, lex) -> str:
    """A verb's lemma; for a dating participle ("the letter dated Friday"), the document it dates."""
    trigger = lemma(pred)
    if trigger in lex["dating_participles"] and pred.dep_ == "acl":
        document = _dated_document(pred, lex)
        trigger = document.lemma_.lower() if document is not None else trigger
    return trigger


def _inherit(c: _Clause, pred, ctl, lex) -> None:
    """A subjectless clause takes its controller's source (an xcomp: its subject; else all its arguments); the
    nouns between the two ("In the letter to the minister dated Friday, X said") are what it is about."""
    args = [(t, r) for t, r in c.args if r != "source" and t.tag_ not in ("WDT", "WP")]
    if pred.dep_ == "xcomp":  # "Obama is scheduled to attend": the controller's subject does it
        subj = clauses.subject(ctl)
        args = ([(subj, "source")] if subj is not None else []) + args
    elif pred.dep_ == "conj" and ctl.pos_ == "VERB" and (shared := clauses.subject(ctl)) is not None:
        # "The suspect fled to Spain and was arrested": the shared subject only (suffering a passive), not
        # where the first verb went
        passive = any(x.dep_ == "auxpass" for x in pred.children)
        args = [(shared, "target" if passive else "source")] + args
    else:
        args = _args(ctl, False) + args
    c.head, c.inherited = ctl, True
    t = pred.head
    while t.i != ctl.i and t.head.i != t.i:
        if t.pos_ == "NOUN":
            c.keywords.append(t.lemma_.lower())
            args += [(p, "target") for p in _prep_objects(t, lex["target_prepositions"])]
        t = t.head
    c.args = args


@dataclass(slots=True)
class _Participants:
    """A draft's (mention, role) pairs, one per entity: the first role found for an entity stands."""

    actors: ArticleActors
    cache: dict
    roles: list = field(default_factory=list)
    seen: set = field(default_factory=set)

    def mention(self, tok) -> Mention | None:
        return _mention(self.actors, tok, self.cache)

    def add(self, tok, role: str) -> None:
        m = self.mention(tok)
        if m is None:
            return
        others = _coordinated_nationalities(self.actors, tok) if m.kind == "government" else []
        self.add_mentions([m, *others], role)

    def add_mentions(self, mentions: list, role: str) -> None:
        for x in mentions:
            if x.entity.id not in self.seen:
                self.seen.add(x.entity.id)
                self.roles.append((x, role))


def _coordinated_nationalities(actors: ArticleActors, head) -> list[Mention]:
    """ "French and German officials", "U.S. and Iraqi forces", "the foreign ministers of France and Germany": the
    government of each nationality after the first, in the same role."""
    out = []
    for mod in head.children:
        named = [mod] if mod.dep_ in ("amod", "compound", "nmod") else []
        if mod.dep_ == "prep" and mod.lower_ == "of":
            named = [p for p in mod.children if p.dep_ == "pobj"]
        for first in named:
            if first.ent_type_ not in ("NORP", "GPE"):
                continue
            for c in first.conjuncts:
                name = c.doc[c.left_edge.i:c.i + 1] if c.dep_ == "conj" else c  # "the Czech Republic"
                place = countries.lookup(name.text) if c.ent_type_ in ("NORP", "GPE") else None
                if place is not None and place.how in ("country", "demonym"):
                    out.append(Mention(actors.country(place.code, None), "government", c, frozenset({c.i})))
    return out


def _expression_tokens(seg: Segment, sent, target: _Target) -> tuple[int, int]:
    """The token range of the target's own time expression when it stands in the sentence (its words name no
    actor), else (-1, -1)."""
    tx = target.tx
    if target.dated_by == "text" and sent.start_char <= tx.start - seg.start < sent.end_char:
        span = seg.doc.char_span(tx.start - seg.start, tx.end - seg.start, alignment_mode="expand")
        if span is not None:
            return span.start, span.end
    return -1, -1


def _may_act(tok, expression: tuple[int, int], lex) -> bool:
    """Whether an argument can name an actor: not a relative pronoun, a word of the date itself, a number or
    an amount, or a name that never acts."""
    if tok.tag_ in ("WDT", "WP") or expression[0] <= tok.i < expression[1]:
        return False
    if tok.ent_type_ in _NOT_ACTORS and tok.pos_ != "PROPN":
        return False
    return tok.lower_ not in lex["not_actors"]


def _add_arguments(parts: _Participants, pred, c: _Clause, expression: tuple[int, int], lex) -> None:
    """The arguments' actors in their roles; a target that is a thing, not an actor, is a keyword, and the actors
    named inside it are targets."""
    for tok, role in c.args:
        if not _may_act(tok, expression, lex):
            continue
        if role == "target" and tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() not in lex["government_nouns"]:
            c.keywords.append(tok.lemma_.lower())
        if role == "target" and _destination(pred, tok, lex):
            continue  # "flew to Kenya": where it went, not whom it was done to (the location below)
        if role == "target" and parts.mention(tok) is None:
            for inner in _inner_actors(tok, lex):  # "advised against travel to Tunisia", "China's assistance"
                parts.add(inner, role)
            continue
        if role == "source" and tok.pos_ == "NOUN" and clauses.is_event_noun(tok) and parts.mention(tok) is None:
            _add_doers_of(parts, tok, lex)  # "an Israeli airstrike killed ...": Israel did
            continue
        parts.add(tok, role)


def _add_doers_of(parts: _Participants, noun, lex) -> None:
    """The doers a happening named as a verb's subject says it had: its nationality ("an Israeli airstrike", the
    government of each), its possessor and its "by" object ("Iran's attack", "the attack by rebels")."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE"):
            place = countries.lookup(c.text)
            if place is not None and place.how in ("country", "demonym"):
                first = Mention(parts.actors.country(place.code, None), "government", c, frozenset({c.i}))
                parts.add_mentions([first, *_coordinated_nationalities(parts.actors, noun)], "source")
                return
    for tok, role in _noun_args(noun, lex):
        if role == "source":
            parts.add(tok, role)


def _add_others(parts: _Participants, pred, head, named, sent_ents, lex) -> tuple[tuple | None, set[str]]:
    """Everyone else named in the clause (role "other"), and where it happened: (the location as (name, country
    code) or None, the countries of further places named with it: "Nairobi, Kenya")."""
    location = None
    places: set[str] = set()
    covered = set()
    for m, _ in parts.roles:
        covered |= m.np
    for ent in named:
        r = ent.root
        if r.i in covered or (not _under(r, head) and not _under(r, pred)):
            continue
        if ent.text.lower() in lex["not_actors"] or region_of_previous(ent, sent_ents):
            continue  # "Birmingham, Ala.": the state says where Birmingham is; it is no participant
        if ent.label_ in ("GPE", "LOC", "FAC") and (_is_location(r, lex) or _destination(pred, r, lex)):
            place = place_named(ent, sent_ents)  # "Birmingham, Ala.": the state after the comma says which one
            if _longer_name(ent):
                place = None  # "Little Havana" is not Havana
            if location is None:
                location = (ent.text, place.code if place else None)
            elif place is not None:
                places.add(place.code)
            continue
        if not _modifier(ent, lex):
            parts.add(r, "other")
    return location, places


def _longer_name(ent) -> bool:
    """Whether a place name is the end of a longer name the tagger cut ("Little Havana", "New Amsterdam")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.is_title and before.pos_ == "PROPN" and before.head.i == ent.root.i


def _modifier(ent, lex) -> bool:
    """A name that only modifies a noun: "German access", "US intelligence", or that is part of a title
    ("Secretary of State")."""
    r = ent.root
    if ent.label_ in ("GPE", "NORP") and r.dep_ in ("amod", "compound"):
        return True
    if r.dep_ != "pobj" or r.head.lower_ not in ("of", "from"):
        return False
    owner = lemma(r.head.head)
    groups = actor_words()["groups"]
    # "residents of Omdurman", "refugees from Syria": where the people are from, no actor of its own
    return owner in lex["person_roles"] or (ent.label_ in ("GPE", "NORP")
                                           and (owner in groups["people"] or owner in groups["state"]))


def _draft(actors: ArticleActors, seg: Segment, sent, sent_ents, target: _Target, cache, named=None) -> _Draft | None:
    """The draft event of one target; named: the sentence's entities that name someone or somewhere (its
    entities of those kinds, read once per sentence by the caller: a run-on sentence has thousands of dates)."""
    pred, nominal = target.tok, target.nominal
    lex = lexicon()
    c = _noun_clause(pred, sent, lex) if nominal else _verb_clause(pred, lex)
    parts = _Participants(actors, cache)
    _add_arguments(parts, pred, c, _expression_tokens(seg, sent, target), lex)
    if c.trigger not in lex["light_verbs"]:
        c.keywords.insert(0, c.trigger)
    if named is None:
        named = [e for e in sent_ents if e.label_ in _NAMED]
    location, places = _add_others(parts, pred, c.head, named, sent_ents, lex)
    roles = parts.roles
    if target.dated_by != "text" and not nominal and clauses.reporting(pred) and not any(
            r == "source" for _, r in roles):
        return None  # an undated statement is news only when somebody known made it ("Analysts said ...")
    reporter = parts.mention(target.reporter) if target.reporter is not None else None
    if reporter is not None:
        # the sayer's own words are its attribution; "he" in what it said ("Castro said he would travel") names a doer
        roles = [(m, r) for m, r in roles if r != "source" or m.token.i != target.reporter.i]
    return _Draft(target.tx, seg, sent, pred, c.head, c.trigger, nominal, c.inherited, roles, location,
                  _dedupe(c.keywords), places, target.dated_by, reporter, target.joins, target.modality)


def _destination(pred, tok, lex) -> bool:
    """A place, not a target: where a motion verb goes to or from ("flew to Kenya", "returned from Paris"), or
    where something was done "at" ("met at the embassy"; but "fired at Russia" aims at it)."""
    prep = tok.head
    if tok.dep_ == "dobj" and prep.i == pred.i and tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return lemma(pred) in lex["motion_verbs"]  # "left Pakistan", "reached Kabul": where, not whom
    if prep.lower_ == "at" and tok.dep_ == "pobj" and prep.head.i == pred.i and tok.ent_type_ == "ORG":
        return lemma(pred) not in lex["aimed_verbs"]  # "met at the Bank of England": its premises, not whom they met
    if tok.dep_ != "pobj" or prep.head.i != pred.i:
        return False
    if tok.ent_type_ not in ("GPE", "LOC", "FAC"):  # "headed to the Mexican embassy": a site, as a place is
        return tok.pos_ == "NOUN" and (tok.lemma_.lower() in lex["site_nouns"] or tok.lower_ in lex["site_nouns"]) \
            and prep.lower_ in lex["grammar"]["motion_prepositions"] and lemma(pred) in lex["motion_verbs"]
    if prep.lower_ == "at":
        return lemma(pred) not in lex["aimed_verbs"]
    return prep.lower_ in lex["grammar"]["motion_prepositions"] and lemma(pred) in lex["motion_verbs"]


def _inner_actors(tok, lex, depth: int = 2) -> list:
    """Actors named inside an object that is no actor itself: its possessor, or the object of a preposition
    that says whom it concerns ("travel to Tunisia", "sanctions against Iran", "China's assistance")."""
    out = []
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in lex["target_prepositions"] | lex["grammar"]["concern_prepositions"]:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append(p)
                    if depth > 1 and p.pos_ == "NOUN":
                        out += _inner_actors(p, lex, depth - 1)
    return out


def _dated_document(pred, lex):
    """The document a dating participle hangs from, through a few noun/preposition links:
    "the letter to Germany's economics minister dated last Friday" -> the token "letter"."""
    t = pred.head
    for _ in range(4):
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex["documents"]:
            return t
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
    s_start, s_end = _sentence_window(d, off)
    ev = Evidence(
        sentence=d.seg.text[s_start - off : s_end - off],
        sentence_start=s_start,
        sentence_end=s_end,
        expression=tx.text,
        expression_start=tx.start,
        expression_end=tx.end,
        value=tx.value,
        granularity=tx.granularity or "",
        date_start=_as_date(tx.interval_start),
        date_end=_as_date(tx.interval_end),
        trigger_text=d.predicate.text,
        trigger_start=d.predicate.idx + off,
        trigger_end=d.predicate.idx + len(d.predicate.text) + off,
        dated_by=d.dated_by,
        reported_by=_attribution(d.reporter),
    )
    if d.dated_by == "publication":  # no expression of the text: an empty one at the trigger
        ev.expression, ev.expression_start, ev.expression_end = "", ev.trigger_start, ev.trigger_start
    acts = []
    for m, role in d.roles:
        e = m.entity
        acts.append(Actor(name=e.name, kind=m.kind, role=role, country=e.country, aliases=list(e.aliases)))
    codes = {a.country for a in acts if a.country}
    if d.location and d.location[1]:
        codes.add(d.location[1])
    codes |= d.places
    if d.reporter is not None and d.reporter.entity.country:
        codes.add(d.reporter.entity.country)
    return Event(
        value=tx.value,
        date_start=ev.date_start,
        date_end=ev.date_end,
        granularity=ev.granularity,
        summary=summarize(d),
        trigger=d.trigger,
        actors=acts,
        countries=sorted(codes),
        location=d.location[0] if d.location else None,
        event_type=_event_type(d),
        confidence=_confidence(d),
        evidence=[ev],
        keywords=d.keywords,
        dated_by=d.dated_by,
        modality=d.modality,
    )


def _event_type(d: _Draft) -> str | None:
    """The trigger's event type, else the first keyword's that has one."""
    types = event_types()
    return types.get(d.trigger) or next((types[k] for k in d.keywords if k in types), None)


def _sentence_window(d: _Draft, off: int) -> tuple[int, int]:
    """The evidence sentence's offsets: the sentence, or for a run-on "sentence" longer than SENTENCE_MAX (a
    list, a table, text without punctuation) the stretch of it around the trigger and its expression, cut at
    spaces, so every source stays small whatever the input."""
    lo, hi = d.sent.start_char + off, d.sent.end_char + off
    if hi - lo <= SENTENCE_MAX:
        return lo, hi
    text = d.seg.text
    trig = d.predicate.idx + off
    a, b = trig, trig + len(d.predicate.text)
    if (d.dated_by == "text" and lo <= d.tx.start and d.tx.end <= hi
            and max(b, d.tx.end) - min(a, d.tx.start) < SENTENCE_MAX):
        a, b = min(a, d.tx.start), max(b, d.tx.end)
    pad = (SENTENCE_MAX - (b - a)) // 2
    a, b = max(lo, a - pad), min(hi, b + pad)
    first, last = min(trig, a + pad), max(trig + len(d.predicate.text), b - pad)
    while lo < a < first and not text[a - off - 1].isspace():
        a += 1
    while last < b < hi and not text[b - off].isspace():
        b -= 1
    return a, b


def _attribution(m: Mention | None) -> Attribution | None:
    if m is None:
        return None
    e = m.entity
    return Attribution(name=e.name, kind=m.kind, country=e.country, aliases=list(e.aliases))


def _as_date(v) -> date:
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


__all__ = ["Segment", "build_events", "usable"]

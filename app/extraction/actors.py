"""Actors of one article: who a noun phrase names, canonical within the article.

An article keeps one registry: "Mr Grenell" and "Grenell" become the "Richard Grenell" named
elsewhere in it, "Ren" becomes "Ren Zhengfei", a subject "he"/"it" becomes the previous
sentence's subject when that one fits (never a person of the other gender, never the speaker of
the quotation it stands in), "the boy" or "the doctor" becomes the person last mentioned of whom
that was said ("6-year-old Elian Gonzalez", "Dr. Barnett Slepian"), "the department" the "Justice
Department" named before, and "the top US diplomat" becomes the person the previous sentence was
about when nothing contradicts it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from app.extraction import clauses, countries
from app.extraction.resources import actor_words, lexicon, tsv

PERSON, ORGANIZATION, COUNTRY, GOVERNMENT, GROUP = "person", "organization", "country", "government", "group"
_ENT_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Children that stay inside a noun phrase; prepositions only under office nouns ("Ambassador to Germany").
_NP_DEPS = {"compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "appos", "flat", "punct", "cc",
            "conj"}


@dataclass(slots=True)
class Entity:
    """One actor of the article."""

    id: int
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, surface: str) -> None:
        s = surface.strip()
        if s and s != self.name and s not in self.aliases:
            self.aliases.append(s)


@dataclass(slots=True)
class Mention:
    entity: Entity
    kind: str  # the kind in this mention: "Berlin decides" -> government
    token: object  # the spaCy token the mention hangs on
    np: frozenset = frozenset()  # token indices of the noun phrase it was read from


# A reader's answer that a noun phrase names no actor: the readers after it are not asked (see mention).
_NO_ACTOR = object()


@dataclass(slots=True)
class _Phrase:
    """A noun phrase being read for the actor it names."""

    tok: object  # its head
    np: set[int]  # token indices of the phrase
    ents: list  # the names in it that can name an actor (not those used in a hyphenated adjective)
    own: object | None  # the name the head is part of, if any
    label: str | None  # own's label, read as GPE for a country or capital the tagger called an organisation
    lemma: str  # the head's lemma, lowercased
    lex: dict
    allow_resolution: bool  # whether it may stand for an actor named before ("he", "the company")

    def mention(self, entity: Entity, kind: str) -> Mention:
        return Mention(entity, kind, self.tok, frozenset(self.np))


@lru_cache(maxsize=1)
def _orgs() -> dict[str, tuple[str, str | None, str]]:
    """normalized name or alias -> (canonical name, country, kind)."""
    out = {}
    for row in tsv("organizations.tsv"):
        name, code, kind = row[0], (row[1] or None), row[2]
        aliases = row[3].split("|") if len(row) > 3 and row[3] else []
        for n in [name, *aliases]:
            out[countries.lookup_key(n)] = (name, code, kind)
    return out


def _with_body_noun(own, np, lex) -> str:
    """A name and the lowercase noun of a body the tagger left out of it, when the two are a body the table knows:
    "the US State department" is the State Department."""
    doc = own.doc
    nxt = doc[own.end] if own.end < len(doc) else None
    nouns = lex["organization_nouns"] | lex["government_nouns"]
    if nxt is None or nxt.i not in np or nxt.lower_ not in nouns or not nxt.is_lower:
        return own.text
    longer = f"{own.text} {nxt.text}"
    return longer if _orgs().get(countries.lookup_key(longer)) or _known_by_short_name(longer) else own.text


def _known_by_short_name(name: str) -> tuple[str, str | None, str] | None:
    """The table's organisation a company's full name stands for ("Toyota Motor Corp" -> Toyota), or a body's
    name after its country ("US State Department" -> the State Department)."""
    words = name.split()
    if len(words) > 1:
        place = countries.lookup(words[0])
        if place is not None and place.how in ("country", "demonym"):
            known = _orgs().get(countries.lookup_key(" ".join(words[1:])))
            if known is not None:
                return known
    suffixes = actor_words()["institutions"]["corporate_suffixes"]
    while len(words) > 1 and words[-1].lower().rstrip(",") in suffixes:
        words.pop()
        known = _orgs().get(countries.lookup_key(" ".join(words)))
        if known is not None:
            return known
    return None


@lru_cache(maxsize=1)
def _leaders() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(full name -> country, name used alone -> (full name, country)) of the office holders in leaders.tsv."""
    full, alone = {}, {}
    for row in tsv("leaders.tsv"):
        full[countries.lookup_key(row[0])] = row[1]
        if len(row) > 2 and row[2]:
            alone[countries.lookup_key(row[2])] = (row[0], row[1])
    return full, alone


def _strip_name(text: str) -> str:
    """A person's name without honorifics and possessive: "Mr Grenell’s" -> "Grenell"."""
    hon = lexicon()["honorifics"]
    words = [w for w in text.replace("’s", "").replace("'s", "").split()]
    while words and words[0].lower() in hon:
        words.pop(0)
    return " ".join(w.strip(",") for w in words)


class ArticleActors:
    """The actor registry of one article, fed sentence by sentence in reading order."""

    def __init__(self, home: str | None = None) -> None:
        self.home = home  # the country the story was filed from (its dateline), if it has one
        self.entities: list[Entity] = []
        self._by_name: dict[str, Entity] = {}
        self._persons_full: list[Entity] = []
        self._person_words: dict[str, list[Entity]] = {}  # each word of a full name -> the people who have it
        self._by_initials: dict[str, Entity] = {}  # "INS" -> Immigration and Naturalization Service
        self._acronyms: dict[str, Entity] = {}  # organisations seen under an acronym only
        self.subjects: list[Mention | None] = []  # the subject of each sentence seen so far
        # per sentence: the people it names, how many other actors, the people it names other than as a detail
        self.rivals: list[tuple[frozenset, int, frozenset]] = []
        self.sent_ents: list | None = None  # entities of the sentence being read (Span.ents is costly)
        self._ent_ends: tuple[list, list[int]] | None = None  # sent_ents and where each ends, for _ents_over
        self._by_head: dict[str, Entity] = {}  # head noun -> the actor last named with it: "the rebels", "the court"
        self.current: Mention | None = None  # the subject of the sentence being read, once known
        self.lone_person: list[Mention | None] = []  # per sentence: the one person it names, if only one
        self._lone: set[str] = set()  # one-word names tagged a person somewhere, no full name having the word
        self._said: dict[int, set[str]] = {}  # person id -> the nouns said of them: "doctor", "boy", "lawyer"
        self._gender: dict[int, str] = {}  # person id -> "male" | "female", when a word said of them tells
        self._seen: dict[int, int] = {}  # actor id -> when it was last mentioned (a count of mentions)
        self._clock = 0
        self.speaking: list[bool] = []  # per sentence: whether someone speaks in it ("I", "we", "you")
        self.quoting: list[bool] = []  # per sentence: whether it quotes anyone
        self.bare: list[bool] = []  # per sentence: whether it has no subject and names no one ("Until this week.")
        self._had_subject = False
        self._speaking = False

    # --- registry -------------------------------------------------------------------------
    def _new(self, name: str, kind: str, country: str | None) -> Entity:
        e = Entity(len(self.entities), name, kind, country)
        self.entities.append(e)
        self._by_name[name.lower()] = e
        return e

    def _get(self, name: str, kind: str, country: str | None, surface: str) -> Entity:
        e = self._by_name.get(name.lower())
        if e is None:
            e = self._new(name, kind, country)
        elif country and not e.country:
            e.country = country
        e.add_alias(surface)
        return e

    def register_people(self, docs) -> None:
        """First pass: full names (two words or more) of every person, so that a later or earlier
        "Grenell" finds "Richard Grenell"; then the one-word names the tagger called a person somewhere, no full
        name having that word and no table knowing it as a place or organisation, so that the same surname tagged
        otherwise elsewhere ("hit Slepian in the back", tagged a nationality) is still that person."""
        alone = []
        for doc in docs:
            for ent in doc.ents:
                if ent.label_ == "PERSON":
                    name = _strip_name(ent.text)
                    if len(name.split()) >= 2 and name.lower() not in self._by_name:
                        p = self._new(name, PERSON, None)
                        self._persons_full.append(p)
                        for w in {w.lower() for w in name.split()}:
                            self._person_words.setdefault(w, []).append(p)
                    elif len(name.split()) == 1 and name[:1].isupper():
                        alone.append(name)
        for name in alone:
            key = name.lower()
            if key not in self._person_words and name.isalpha() and countries.lookup(name) is None \
                    and countries.lookup_key(name) not in _orgs() and countries.lookup_key(name) not in _leaders()[1]:
                self._person_words[key] = [self._new(name, PERSON, None)]
                self._lone.add(key)

    def person(self, surface: str, country: str | None) -> Entity:
        name = _strip_name(surface)
        if not name:
            name = surface.strip()
        e = self._by_name.get(name.lower())
        if e is None and len(name.split()) == 1:
            # A single name is a known full name when exactly one person has it as a word: "Ren", "Grenell".
            e = self._known_person(name)
        if e is None:
            alone = _leaders()[1]
            if len(name.split()) == 1 and countries.lookup_key(name) in alone:
                # "Obama" alone, when the article names no other person so: the office holder of that name
                name, country = alone[countries.lookup_key(name)][0], country or alone[countries.lookup_key(name)][1]
                e = self._by_name.get(name.lower())
        if e is None:
            e = self._new(name, PERSON, country)
        if not e.country:
            e.country = country or _leaders()[0].get(countries.lookup_key(e.name))
        e.add_alias(surface)
        return e

    def known_leader(self, word: str) -> bool:
        """Whether a single word the tagger did not call a person is the name an office holder goes by."""
        return countries.lookup_key(word) in _leaders()[1] and self._known_person(word) is None

    def _known_person(self, word: str) -> Entity | None:
        hits = self._person_words.get(word.lower(), [])
        return hits[0] if len(hits) == 1 else None

    def organization(self, surface: str, country: str | None, owner: str | None = None) -> tuple[Entity, str]:
        """The organisation a name names; owner: the country the phrase says it is of ("Peru's Congress")."""
        key = countries.lookup_key(surface)
        known = _orgs().get(key) or _known_by_short_name(surface)
        if known and not (owner and known[1] and owner != known[1]):
            name, code, kind = known
            return self._index_org(self._get(name, kind, code, surface)), kind
        name = surface.strip()
        for prefix in ("the ", "The "):
            name = name.removeprefix(prefix)
        name = name.replace("’s", "").replace("'s", "").strip()
        if known:  # "Peru's Congress": a body of another country than the one the table knows by that name
            return self._get(f"{name} of {countries.country_name(owner)}", known[2], owner, surface), known[2]
        words = name.split()
        # "U.S. Immigration and Naturalization Service" is the "Immigration and Naturalization Service": the
        # country in front gives the country, not another organisation.
        if len(words) > 2:
            place = countries.lookup(words[0])
            if place is not None and place.how in ("country", "demonym"):
                name, country = " ".join(words[1:]), country or place.code
        e = self._by_name.get(name.lower()) or self._acronym_match(name)
        if e is not None and e.kind in (ORGANIZATION, GOVERNMENT):
            if country and not e.country:
                e.country = country
            e.add_alias(surface)
            return e, e.kind
        return self._index_org(self._get(name, ORGANIZATION, country, surface)), ORGANIZATION

    def _acronym_match(self, name: str) -> Entity | None:
        """An organisation already seen under its acronym or its full name: "INS" and "Immigration and
        Naturalization Service", "NATO" and "North Atlantic Treaty Organization"."""
        if _is_acronym(name):
            return self._by_initials.get(name)
        e = self._acronyms.get(_initials(name))
        if e is not None and e.name.isupper():
            del self._acronyms[e.name]
            e.add_alias(e.name)
            e.name = name  # the full name is the canonical one
            self._by_name[name.lower()] = e
        return e

    def _index_org(self, e: Entity) -> Entity:
        if _is_acronym(e.name):
            self._acronyms.setdefault(e.name, e)
        elif len(_initials(e.name)) >= 2:
            self._by_initials.setdefault(_initials(e.name), e)
        return e

    def country(self, code: str, surface: str | None) -> Entity:
        """The country (or its government) by code; surface is kept as an alias when it is a name."""
        return self._get(countries.country_name(code), COUNTRY, code, surface or "")

    # --- noun phrases -----------------------------------------------------------------------
    def mention(self, tok, allow_resolution: bool = True) -> Mention | None:
        """The actor a noun-phrase head names, or None (an unnamed thing, an unresolvable pronoun)."""
        lex = lexicon()
        if tok.lower_ in lex["not_actors"]:
            return None
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            self._had_subject = True
        if tok.pos_ == "PRON":
            if tok.lower_ in actor_words()["phrases"]["speaker_pronouns"]:
                self._speaking = True
            found = self._pronoun(tok, lex) if allow_resolution else None
            return self._saw(found) if found is not None else None
        np = _np_tokens(tok, lex)
        family = self._family(tok, np)
        if family is not None:
            return family
        phrase = self._phrase(tok, np, lex, allow_resolution)
        # Each reader names the actor, says the phrase names none (_NO_ACTOR), or leaves it to the next: a name
        # in the phrase first, then what its nouns say the actor is.
        readers = (self._led_government, self._organization_by_its_noun, self._person_named, self._name_untagged,
                   self._word_of_hyphenated_name, self._surname_taken_for_other_name, self._organization_mislabelled,
                   self._organization_named, self._nationality_adjective, self._body_acting, self._government,
                   self._person_described, self._group, self._named_place, self._organization_again,
                   self._person_by_role)
        for read in readers:
            found = read(phrase)
            if found is not None:
                return None if found is _NO_ACTOR else self._saw(found)
        return None

    def _saw(self, m: Mention) -> Mention:
        """Note that an actor was just mentioned (the latest one a description fits is the one it stands for)."""
        self._clock += 1
        self._seen[m.entity.id] = self._clock
        return m

    def _pronoun(self, tok, lex) -> Mention | None:
        """The actor a pronoun stands for: the subject read before it in its own sentence ("Kopp became the subject
        of a manhunt when he was called a witness"), or the previous sentence's subject when that one fits."""
        kinds = lex["pronouns"].get(tok.lower_)
        if kinds is None:
            return None
        descriptions = actor_words()["descriptions"]
        gender = "male" if tok.lower_ in descriptions["male"] else "female" if tok.lower_ in descriptions["female"] \
            else None
        cur = self.current
        quoted = clauses.quoted(tok)  # in a quotation, never its speaker: "``He is no one,'' Gonzalez said"
        if not quoted and cur is not None and cur.token.i < tok.i and cur.kind in kinds \
                and cur.token.sent.start == tok.sent.start and self._fits(cur.entity, gender):
            found = cur
        else:
            found = self._previous_subject(kinds, gender, quoted)
        if found is None:
            return None
        if gender is not None and found.kind == PERSON:
            self._gender.setdefault(found.entity.id, gender)
        return Mention(found.entity, found.kind, tok, frozenset({tok.i}))

    def _phrase(self, tok, np: set[int], lex, allow_resolution: bool) -> _Phrase:
        ents = [e for e in self._ents_over(tok, min(np), max(np))
                if e.label_ in _ENT_LABELS and e.root.i in np and not _hyphenated(e)]
        own = next((e for e in ents if e.start <= tok.i < e.end), None)
        return _Phrase(tok, np, ents, own, _label(own), tok.lemma_.lower(), lex, allow_resolution)

    def _led_government(self, p: _Phrase) -> Mention | None:
        """ "The Biden administration", "the Putin government": the government of the leader's country, not the
        leader."""
        if p.lemma not in p.lex["led_government_nouns"]:
            return None
        leader = next((e for e in p.ents if e.label_ == "PERSON" and e.root.head.i == p.tok.i
                       and e.root.dep_ in ("compound", "poss")), None)
        code = self._country_of_person(leader.text) if leader is not None else None
        return p.mention(self.country(code, None), GOVERNMENT) if code else None

    def _country_of_person(self, surface: str) -> str | None:
        """The country of a person by name, from the article's people or the leaders table, creating no one."""
        name = _strip_name(surface) or surface.strip()
        e = self._by_name.get(name.lower())
        if e is None and len(name.split()) == 1:
            e = self._known_person(name)
        if e is not None and e.country:
            return e.country
        full, alone = _leaders()
        key = countries.lookup_key(name)
        return full.get(key) or (alone[key][1] if key in alone else None)

    def _person_named(self, p: _Phrase) -> Mention | None:
        """The person named in the phrase, the one nearest its head: "US Ambassador Richard Grenell"."""
        persons = [e for e in p.ents if e.label_ == "PERSON"]
        if not persons:
            return None
        # "Kessler's lawyer, Mark Dunn": the possessor is not who the phrase names when another person is named
        owned = [e for e in persons if e.root.dep_ != "poss" or e.root.i == p.tok.i]
        ent = min(owned or persons, key=lambda e: abs(e.root.i - p.tok.i))
        code = (_country_of(p.np, p.tok, p.ents, exclude=ent, lex=p.lex) or _of_country(ent.root)
                or self._affiliation(p.np, p.ents, ent, p.lex) or _home_of(ent.root, self._ents(p.tok)))
        said = _said_of(ent, p.lex)
        e = self.person(_with_honorifics(ent, p.lex), code)
        if not e.country and self.home and _title_before(ent) & p.lex["home_titles"]:
            # "LIMA, Peru -- ... President Pedro Castillo": wire copy names the nationality of a foreign office
            # holder, so one it leaves unnamed holds office where the story was filed
            e.country = self.home
        self._describe(e, said)
        return p.mention(e, PERSON)

    def _describe(self, e: Entity, words: set[str]) -> None:
        """Keep what was said of a person (for "the doctor" later) and the gender it tells (for "he"/"she")."""
        if not words:
            return
        self._said.setdefault(e.id, set()).update(words)
        descriptions = actor_words()["descriptions"]
        for gender in ("male", "female"):
            if words & descriptions[gender]:
                self._gender.setdefault(e.id, gender)

    def _person_described(self, p: _Phrase) -> Mention | None:
        """ "the boy", "the doctor": the person last mentioned of whom that was said ("6-year-old Elian Gonzalez",
        "Dr. Barnett Slepian", "Elian, the boy at the center of the dispute"), a noun of its group counting too."""
        tok = p.tok
        if not self._said or not p.allow_resolution or tok.tag_ != "NN" or not _is_definite(tok) \
                or p.lemma in actor_words()["groups"]["collective"] or any(e.label_ == "PERSON" for e in p.ents):
            return None
        words = _description_words(p.lemma)
        best = max((i for i, said in self._said.items() if said & words), key=lambda i: self._seen.get(i, -1),
                   default=None)
        if best is None:
            return None
        e = self.entities[best]
        code = _country_of(p.np, tok, p.ents, exclude=None, lex=p.lex)
        if code and e.country and code != e.country:
            return None  # "the American doctor" is not the Canadian one named before
        return p.mention(e, PERSON)

    def _name_untagged(self, p: _Phrase) -> Mention | None:
        """A name the tagger missed ("Ren said"): a known person when exactly one has it, or an office holder."""
        if p.tok.pos_ != "PROPN" or p.ents:
            return None
        return self._person_known_by(p, p.tok.text)

    def _word_of_hyphenated_name(self, p: _Phrase) -> object | None:
        """A word of a name that is no actor: a bare adjective, a prefix ("trans-Antarctic")."""
        tok = p.tok
        if p.own is None and any(e.start <= tok.i < e.end and e.label_ in _ENT_LABELS and _hyphenated(e)
                                 for e in self._ents_over(tok, tok.i, tok.i)):
            return _NO_ACTOR
        return None

    def _surname_taken_for_other_name(self, p: _Phrase) -> Mention | None:
        """A surname the tagger took for a name of another kind: one word no table knows as a place or
        organisation."""
        own = p.own
        if own is None or own.label_ not in ("ORG", "GPE", "NORP") or len(own) != 1:
            return None
        if countries.lookup_key(own.text) in _orgs() or countries.lookup(own.text) is not None:
            return None
        if own.text.lower() in self._lone and (own.label_ == "ORG" or _where(own.root)):
            return None  # a one-word name tagged a person once, an organisation or a place here: no telling which
        return self._person_known_by(p, own.text)

    def _person_known_by(self, p: _Phrase, word: str) -> Mention | None:
        """The one person of the article with this word in their name, or the office holder who goes by it."""
        known = self._known_person(word)
        if known is not None:
            known.add_alias(word)
            return p.mention(known, PERSON)
        if self.known_leader(word):
            return p.mention(self.person(word, None), PERSON)
        return None

    def _organization_by_its_noun(self, p: _Phrase) -> Mention | None:
        """A name the tagger took for a person that a noun of organisations introduces: "video game publisher
        Activision Blizzard", "the carmaker Stellantis"."""
        own = p.own
        if own is None or own.label_ != "PERSON":
            return None
        nouns = p.lex["organization_nouns"]
        if not any(c.dep_ == "compound" and c.i < own.start and c.lemma_.lower() in nouns for c in own.root.children):
            return None
        ent, kind = self.organization(own.text, _country_in_text(own))
        return p.mention(ent, kind)

    def _organization_mislabelled(self, p: _Phrase) -> Mention | None:
        """A known organisation's name the tagger labelled otherwise ("Google 1.49 billion")."""
        tok = p.tok
        if tok.pos_ != "PROPN" or (p.own is not None and p.own.label_ == "ORG"):
            return None
        if countries.lookup_key(tok.text) not in _orgs():
            return None
        ent, kind = self.organization(tok.text, None)
        return Mention(ent, kind, tok, frozenset({tok.i}))

    def _organization_named(self, p: _Phrase) -> Mention | None:
        """The organisation the head's name names (the organisations table beats the tagger's label); a noun in
        front says what it is for later: "the auto company Chrysler", then "the company" is Chrysler."""
        own, tok, np, lex = p.own, p.tok, p.np, p.lex
        if own is None or (p.label != "ORG" and countries.lookup_key(own.text) not in _orgs()):
            return None
        code = (_country_in_text(own) or _country_of(np, tok, p.ents, exclude=own, lex=lex)
                or _based_in(np, tok.doc) or _of_country(own.root) or self._described(own, lex))
        ent, kind = self.organization(_with_body_noun(own, np, lex), code, _owner_country(own.root))
        for t in (tok.doc[i] for i in np):
            if t.i != tok.i and t.pos_ == "NOUN" and t.lemma_.lower() in lex["organization_nouns"]:
                self._by_head[t.lemma_.lower()] = ent
        for name in (ent.name, *ent.aliases):  # "the Justice Department", then "the department"
            noun = _name_noun(name)
            if noun in lex["organization_nouns"] or noun in lex["government_nouns"]:
                self._by_head[noun] = ent
        return p.mention(ent, kind)

    def _nationality_adjective(self, p: _Phrase) -> object | None:
        """ "Israeli" in "Israeli troops" or "the Israeli-built embassy": an adjective, not the Israelis."""
        if p.own is not None and p.label == "NORP" and _modifier_only(p.own):
            return _NO_ACTOR
        return None

    def _body_acting(self, p: _Phrase) -> Mention | None:
        """ "European Union leaders", "UN inspectors", "NATO officials": the body acted."""
        body = _body_in_front(p.tok, p.ents, p.lemma, p.lex)
        if body is None:
            return None
        ent, kind = self.organization(_with_body_noun(body, p.np, p.lex), _country_in_text(body))
        return p.mention(ent, kind)

    def _government(self, p: _Phrase) -> Mention | object | None:
        """A government body by its noun: "the German government", "US officials", "the court" again, "federal
        officials"; a bare one no phrase describes names no actor."""
        tok, lemma, lex = p.tok, p.lemma, p.lex
        if lemma not in lex["government_nouns"] and tok.lower_ not in lex["government_nouns"]:
            return None
        code = _country_of(p.np, tok, p.ents, exclude=None, lex=lex, preps_ok=True) or _based_in(p.np, tok.doc)
        if not code and self.home and lemma in lex["local_bodies"] and not p.ents:
            code = self.home  # "LIMA, Peru -- Police detained him": the police where the story was filed
        if code:
            e = self.country(code, None)
            self._by_head[lemma] = e
            return p.mention(e, GOVERNMENT)
        org = next((e for e in p.ents if e.label_ == "ORG"), None) or _body_at(tok)
        if org is not None:
            ent, kind = self.organization(org.text, _country_in_text(org))
            return p.mention(ent, kind)
        again = self._by_head.get(lemma) if p.allow_resolution and _is_definite(tok) else None
        if again is not None:  # "the Tunisian court ... the court"
            return p.mention(again, again.kind if again.kind != COUNTRY else GOVERNMENT)
        name = _described_name(tok)
        if name is None:
            return _NO_ACTOR
        e = self._get(name, GOVERNMENT, None, name)  # "federal officials", "a federal appeals court"
        self._by_head.setdefault(lemma, e)
        return p.mention(e, GOVERNMENT)

    def _named_place(self, p: _Phrase) -> Mention | object | None:
        """A country, a place in one, or its people by their name: "Germany", "Berlin" (its government), "the
        Israelis"; a place no table knows names no actor."""
        own, label = p.own, p.label
        if own is None or label not in ("GPE", "NORP"):
            return None
        # "a Birmingham, Ala., clinic": the state after the comma says which Birmingham
        place = place_named(own, self._ents(p.tok)) if label == "GPE" else countries.lookup(own.text)
        if place is None:
            return _NO_ACTOR
        if label == "NORP" or place.how == "demonym":
            e = self._get(own.text.replace("’s", "").replace("'s", ""), GROUP, place.code, own.text)
            return p.mention(e, GROUP)
        if place.is_place:
            return p.mention(self._get(own.text, GOVERNMENT, place.code, own.text), GOVERNMENT)
        kind = GOVERNMENT if place.how == "capital" else COUNTRY
        return p.mention(self.country(place.code, own.text), kind)

    def _organization_again(self, p: _Phrase) -> Mention | object | None:
        """ "the company" for the organisation just named: the previous sentence's subject ("Huawei sued. The
        company said on Monday ..."), else the one last named with that noun ("the auto company Chrysler")."""
        if not (p.lemma in p.lex["organization_nouns"] and p.allow_resolution and _is_definite(p.tok)):
            return None
        said = _nationality(p.np, p.tok, p.ents, p.lex) if p.ents else None
        if p.ents and (said is None or any(e.label_ not in ("NORP", "GPE") for e in p.ents)):
            return None  # "the Chrysler company", "the company's Detroit plant": a name of its own
        prev = self._previous_subject({ORGANIZATION})
        if prev is not None and (said is None or prev.entity.country in (None, said[0])):
            return p.mention(prev.entity, ORGANIZATION)  # "Toyota ... The Japanese automaker" (not "the German one")
        if said is not None:
            return None
        again = self._by_head.get(p.lemma)
        if again is not None:
            return p.mention(again, again.kind)
        return _NO_ACTOR

    def _person_by_role(self, p: _Phrase) -> Mention | None:
        """A person by office or occupation: "the top US diplomat" (the person just named, when nothing
        contradicts it), "US officials" (the government), "the mayor of Paris, Texas"."""
        tok, lemma, lex = p.tok, p.lemma, p.lex
        if lemma not in lex["person_roles"] and tok.lower_ not in lex["person_roles"] \
                and lemma not in lex["person_nouns"]:
            return None
        code = _country_of(p.np, tok, p.ents, exclude=None, lex=lex)
        if p.allow_resolution and _is_definite(tok):
            prev = self._previous_subject({PERSON})
            if prev is not None and (code is None or prev.entity.country in (None, code)):
                if code and not prev.entity.country:
                    prev.entity.country = code
                # No alias: "the top US diplomat" names whoever holds the post, not this person.
                return p.mention(prev.entity, PERSON)
        if code and (lemma in lex["government_people"] or tok.lower_ in lex["government_people"]):
            return p.mention(self.country(code, None), GOVERNMENT)
        office = _office_of_place(tok, p.ents)
        if office is not None:  # "the mayor of Paris, Texas": a person known by an office of a named place
            name, place_code = office
            return p.mention(self._get(name, PERSON, place_code, name), PERSON)
        return None

    def _group(self, p: _Phrase) -> Mention | None:
        """People named by what they are: "Israeli troops" (the government of Israel), "Syrian rebels" (a group
        of Syria), "a Ukrainian protester" (a person of Ukraine), "the rebels" again (the same group)."""
        tok, lemma = p.tok, p.lemma
        words = actor_words()["groups"]
        if tok.pos_ != "NOUN" or (lemma not in words["state"] and lemma not in words["people"]
                                  and tok.lower_ not in words["state"] and tok.lower_ not in words["people"]):
            return None
        found = _nationality(p.np, tok, p.ents, p.lex) or _place_of(tok)
        name = f"{found[1]} {tok.lower_}" if found else None
        if found is None and (found := self._body_of(tok)) is not None:
            name = f"{tok.lower_} {found[1]}"  # "opponents of Rwanda's Senate"
        key = lemma if lemma in words["state"] or lemma in words["people"] else tok.lower_
        if found is None and self.home and key in p.lex["local_bodies"]:
            # "COLOMBO, Sri Lanka -- protesters stormed ...": the people of the place the story was filed from
            found = (self.home, countries.country_name(self.home))
            name = f"{found[1]} {tok.lower_}"
        if found is None:
            return self._group_of_no_country(p, key)
        code = found[0]
        if key in words["state"]:
            e = self.country(code, None)
            self._by_head[key] = e
            return p.mention(e, GOVERNMENT)
        plural = tok.tag_ in ("NNS", "NNPS") or key in words["collective"]
        e = self._get(name, GROUP if plural else PERSON, code, name)
        self._by_head[key] = e
        return p.mention(e, e.kind)

    def _body_of(self, tok) -> tuple[str, str] | None:
        """(country, the phrase) of people "of" a country's body: "opponents of Rwanda's Senate" -> RW."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for obj in c.children:
                    m = self.mention(obj) if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN") else None
                    if m is not None and m.kind in (GOVERNMENT, COUNTRY, ORGANIZATION) and m.entity.country:
                        return m.entity.country, tok.doc[c.i : obj.right_edge.i + 1].text
        return None

    def _group_of_no_country(self, p: _Phrase, key: str) -> Mention | None:
        """People of no country said: the group last named with the noun ("the rebels" again; "about 100
        protesters" are new ones), or a new group of a bare plural ("rebels"), still who acted."""
        tok = p.tok
        words = actor_words()["phrases"]
        counted = any(c.dep_ in ("nummod", "quantmod") or c.dep_ == "det" and c.lower_ in words["counting_determiners"]
                      for c in tok.children)
        again = self._by_head.get(key) if p.allow_resolution and not counted else None
        if again is not None:
            return p.mention(again, GOVERNMENT if again.kind == COUNTRY else again.kind)
        if tok.tag_ == "NNS" and not any(c.dep_ == "det" and c.lower_ in words["not_group_determiners"]
                                         for c in tok.children):
            e = self._get(tok.lower_, GROUP, None, tok.text)
            self._by_head[key] = e
            return p.mention(e, GROUP)
        return None

    def _family(self, tok, np) -> Mention | None:
        """ "the Slepian family", "the Gonzalez clan": people acting together under a name in front."""
        collective = actor_words()["groups"]["collective"]
        if tok.tag_ != "NN" or (tok.lemma_.lower() not in collective and tok.lower_ not in collective):
            return None
        names = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.text[:1].isupper()
                 and c.pos_ in ("PROPN", "ADJ") and c.ent_type_ in ("PERSON", "NORP", "ORG", "")]
        place = countries.lookup(names[-1].text) if names else None
        if not names or place is not None and place.how in ("country", "demonym"):
            return None  # "the Saudi royal family" is a family of a country, read as such elsewhere
        first = min(names[0].left_edge.i, names[0].i)
        name = f"{tok.doc[first:names[-1].i + 1].text} {tok.lower_}"
        return Mention(self._get(name, GROUP, None, name), GROUP, tok, frozenset(np))

    def _described(self, org, lex) -> str | None:
        """An organisation's country from the phrase it stands in apposition to: "Chrysler, the American
        carmaker"."""
        root = org.root
        for c in root.children:
            if c.dep_ == "appos":
                hnp = _np_tokens(c, lex)
                hents = [e for e in self._ents(c) if e.root.i in hnp]
                code = _country_of(hnp, c, hents, exclude=None, lex=lex) or _based_in(hnp, c.doc)
                if code:
                    return code
        head, cut = None, root
        if root.dep_ == "appos":
            head = root.head
        elif root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "relcl" and root.head.head.i == org.start - 1 \
                and root.head.head.pos_ == "NOUN":
            head, cut = root.head.head, root.head  # "the auto company Chrysler filed", parsed as a relative clause
        if head is not None:
            hnp = _np_tokens(head, lex) - {t.i for t in cut.subtree}
            hents = [e for e in self._ents(head) if e.root.i in hnp]
            return _country_of(hnp, head, hents, exclude=None, lex=lex) or _based_in(hnp, head.doc)
        return None

    def _affiliation(self, np, ents, person, lex) -> str | None:
        """A person's country through the phrase they stand in apposition to or the organisation in their
        title: "Huawei's founder, Ren Zhengfei" -> CN."""
        root = person.root
        if root.dep_ == "appos":
            head = root.head
            hnp = _np_tokens(head, lex) - {t.i for t in root.subtree}
            hents = [e for e in self._ents(head) if e.root.i in hnp]
            code = _country_of(hnp, head, hents, exclude=None, lex=lex)
            if code:
                return code
            np = set(np) | hnp
            ents = list(ents) + hents
        for e in ents:
            if e.label_ == "ORG" and e.root.i in np:
                known = _orgs().get(countries.lookup_key(e.text))
                if known and known[1]:
                    return known[1]
        return None

    def _ents(self, tok):
        return self.sent_ents if self.sent_ents is not None else tok.sent.ents

    def _ents_over(self, tok, lo: int, hi: int) -> list:
        """The entities of tok's sentence that overlap the tokens lo to hi, in order; found by bisection in the
        sentence being read (a run-on sentence names thousands, and every noun phrase asks)."""
        ents = self.sent_ents
        if ents is None:
            return [e for e in tok.sent.ents if e.end > lo and e.start <= hi]
        if self._ent_ends is None or self._ent_ends[0] is not ents or len(self._ent_ends[1]) != len(ents):
            self._ent_ends = (ents, [e.end for e in ents])  # entities do not overlap: their ends are in order
        out = []
        for k in range(bisect_right(self._ent_ends[1], lo), len(ents)):
            if ents[k].start > hi:
                break
            out.append(ents[k])
        return out

    def _previous_subject(self, kinds, gender: str | None = None, quoted: bool = False) -> Mention | None:
        """The actor a pronoun or a description of the kinds given stands for: the subject of the sentence before
        when it fits and no other candidate there does, else the one person that sentence named. Sentences that
        name no one ("Until this week.") are passed over, a few at most, for "he" and "she" outside quotations."""
        back = _LOOK_BACK if gender is not None and not quoted else 1  # "it", "they": what the sentence before named
        for k in range(len(self.subjects) - 1, max(-1, len(self.subjects) - 1 - back), -1):
            if quoted and self.quoting[k]:
                return None  # "``We lost,'' Dorn said. ``He ...": whoever Dorn means, not Dorn
            found = self._subject_of(k, kinds, gender)
            if found is not None:
                return None if found is _NO_ACTOR else found
            if self.speaking[k]:
                return None  # "``I am his father. ... He": someone spoke, of whom is not said
            lone = self.lone_person[k]
            if PERSON in kinds and lone is not None and self._fits(lone.entity, gender):
                # "Spokesman Mahmoud Mohammadi said ..., the agency reported. He expressed hope ...": the one person
                # the sentence before named, when its subject is no person
                return lone
            if not self.bare[k]:
                return None
        return None

    def _subject_of(self, k: int, kinds, gender: str | None) -> Mention | object | None:
        """Sentence k's subject when it fits (_NO_ACTOR when another candidate there fits as well), else None."""
        prev = self.subjects[k]
        if prev is None or prev.kind not in kinds or not self._fits(prev.entity, gender):
            return None
        people, others, core = self.rivals[k]
        if prev.kind == PERSON:
            rivals = sum(1 for i in (core if gender else people) if self._fits(self.entities[i], gender))
        else:
            rivals = others
        return _NO_ACTOR if rivals > 1 else prev  # another candidate in that sentence: ambiguous

    def _fits(self, e: Entity, gender: str | None) -> bool:
        """Whether a "he" (male) or "she" (female) can stand for the actor: what was said of it does not say the
        other gender."""
        return gender is None or self._gender.get(e.id, gender) == gender

    def close_sentence(self, subject: Mention | None, mentions: list[Mention | None]) -> None:
        """Record a sentence's subject and its candidates for the pronouns of the next one."""
        # Names inside the subject's own phrase or coordinated with it are no rivals: "Kopp, 44, of St. Albans",
        # "Tanzanian police and FBI agents ... They refused".
        inside = set()
        if subject is not None:
            inside = set(subject.np) | {c.i for c in subject.token.conjuncts}
            for c in subject.token.children:
                if c.dep_ in ("prep", "appos"):
                    inside |= {t.i for t in c.subtree}
        mentions = [m for m in mentions if m is not None and getattr(m.token, "i", -1) not in inside]
        people = {m.entity.id for m in mentions if m.kind == PERSON}
        others = {m.entity.id for m in mentions if m.kind != PERSON}
        # A person named only as a possessor or after a preposition ("frustrated by Reno's failure") is no rival of
        # the subject for a "he" or "she" of the next sentence.
        core = {m.entity.id for m in mentions if m.kind == PERSON and getattr(m.token, "dep_", "") not in _ASIDE}
        if subject is not None:
            (people if subject.kind == PERSON else others).add(subject.entity.id)
            if subject.kind == PERSON:
                core.add(subject.entity.id)
        self.subjects.append(subject)
        some = subject if subject is not None else next(iter(mentions), None)
        sent = getattr(some.token, "sent", None) if some is not None else None
        self.quoting.append(sent is not None and any(t.tag_ in clauses.QUOTE_TAGS for t in sent))
        self.speaking.append(self._speaking)
        self.bare.append(subject is None and not self._had_subject and not people and not others
                         and not any(e.label_ in _ENT_LABELS for e in self.sent_ents or ()))
        self._speaking = self._had_subject = False
        self.rivals.append((frozenset(people), len(others), frozenset(core)))
        alone = [m for m in mentions if m.kind == PERSON]
        self.lone_person.append(alone[0] if len(people) == 1 and alone else None)
        self.current = None


def _label(own) -> str | None:
    """The label of the name a phrase's head is part of; GPE for a country or capital the tagger called an
    organisation, acting as a government ("Rome recalled"), or a location ("the Central African Republic")."""
    if own is None:
        return None
    if own.label_ == "NORP" and _town_taken_for_people(own):
        return "GPE"
    if own.label_ in ("ORG", "LOC") and countries.lookup_key(own.text) not in _orgs():
        # "the Central African Republic" tagged a location: a country all the same
        place = countries.lookup(own.text)
        if place is not None and (place.how == "country" or place.how == "capital" and own.label_ == "ORG"):
            return "GPE"
    return own.label_


@lru_cache(maxsize=4096)
def _description_words(word: str) -> frozenset[str]:
    """A noun and the words of the descriptions' groups it is in ("boy" -> boy, girl, child, ...); the groups that
    tell gender say nothing about who is meant."""
    groups = actor_words()["descriptions"]
    out = {word}
    for group in (groups["children"], groups["doctors"], groups["clergy"]):
        if word in group:
            out |= group
    return frozenset(out)


def _title_before(ent) -> set[str]:
    """The words of the title written before a name: "Vice President Dina Boluarte" -> {"vice", "president"}."""
    return {c.lemma_.lower() for c in ent.root.children if c.dep_ == "compound" and c.i < ent.start}


def _said_of(ent, lex) -> set[str]:
    """The nouns for people a phrase says of the person it names: honorifics ("dr."), a title or noun in front
    ("Attorney General Janet Reno"), a noun in apposition ("Slepian, an obstetrician"; "Slepian's lawyer, Glenn
    Edward Murray"), and "child" for an age under 18 ("6-year-old Elian Gonzalez", "Elian Gonzalez, 6,")."""
    doc = ent.doc
    out = set()
    k = ent.start - 1
    while k >= 0 and doc[k].lower_ in lex["honorifics"]:
        out.add(doc[k].lower_)
        k -= 1
    root = ent.root
    # the name itself, and the noun it stands in apposition to; not a noun it only modifies ("the Slepian home")
    anchors = {root} | ({root.head} if root.dep_ == "appos" else set())
    for a in anchors:
        if not ent.start <= a.i < ent.end:
            out.add(a.lemma_.lower())
        for c in a.children:
            if ent.start <= c.i < ent.end:
                continue
            if c.dep_ in ("compound", "appos"):
                out.add(c.lemma_.lower())
                out |= {g.lemma_.lower() for g in c.children if g.dep_ == "compound"}
            if _a_child(c) or any(_a_child(g) for g in c.children if c.dep_ == "compound"):
                out.add("child")
    return out & _person_words()


@lru_cache(maxsize=1)
def _person_words() -> frozenset[str]:
    """The nouns that say what a person is, in the data files: offices, occupations, relations, "boy"."""
    lex, words = lexicon(), actor_words()
    descriptions = words["descriptions"]
    return (lex["person_roles"] | lex["person_nouns"] | lex["government_people"] | lex["honorifics"]
            | words["groups"]["people"] | descriptions["children"] | descriptions["doctors"] | descriptions["clergy"]
            | descriptions["male"] | descriptions["female"] | {"child"})


_CHILD_AGE = 18
_LOOK_BACK = 3  # sentences a pronoun's antecedent is looked for in, passing over those that name no one


def _a_child(tok) -> bool:
    """An age under 18 said of a person: "6" in "Elian Gonzalez, 6,", "6-year-old"."""
    if tok.dep_ in ("appos", "nummod") and tok.text.isdigit():
        return int(tok.text) < _CHILD_AGE
    if tok.dep_ == "amod" and tok.lower_ == "old":
        return any(t.text.isdigit() and int(t.text) < _CHILD_AGE for t in tok.subtree)
    return False


def _owner_country(tok) -> str | None:
    """The country a possessive in front of a name says it belongs to: "Peru's Congress" -> PE."""
    for c in tok.children:
        if c.dep_ == "poss" and c.ent_type_ in ("GPE", "NORP"):
            place = countries.lookup(_ent_text(c))
            if place is not None and place.how in ("country", "demonym"):
                return place.code
    return None


def _where(tok) -> bool:
    """Whether a word is the object of a preposition of place: "in Cardenas", "the hometown of Cardenas"."""
    preps = actor_words()["phrases"]["origin_prepositions"] | lexicon()["location_prepositions"]
    return tok.dep_ == "pobj" and tok.head.lower_ in preps


_ASIDE = ("poss", "pobj", "compound")  # where a name is no more than a detail of the clause


def _body_at(tok):
    """The government body people work in or at, by the table of organisations: "officials in the White House",
    "investigators at the FBI"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in actor_words()["phrases"]["place_prepositions"]:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "ORG":
                    ent = next((e for e in obj.doc.ents if e.start <= obj.i < e.end), None)
                    known = _orgs().get(countries.lookup_key(ent.text)) if ent is not None else None
                    if known is not None and known[2] == GOVERNMENT:
                        return ent
    return None


def _name_noun(name: str) -> str:
    """The noun a body's name ends on, before any "of": "Justice Department" -> department, "Federal Bureau of
    Investigation" -> bureau, "11th Circuit Court of Appeals" -> court."""
    words = name.split(" of ")[0].split()
    return words[-1].lower().strip(".,") if words else ""


def _town_taken_for_people(ent) -> bool:
    """A nationality tag on a town's name ("St. Albans, Vt."): a place of a country, never its people."""
    place = countries.lookup(ent.text)
    return place is not None and (place.is_place or place.how == "capital")


def _with_honorifics(ent, lex) -> str:
    """A person's name with the honorifics before it, which the tagger cuts off: "Mr Grenell"."""
    doc = ent.doc
    surface = ent.text
    k = ent.start - 1
    while k >= 0 and doc[k].lower_ in lex["honorifics"]:
        surface = doc[k].text + " " + surface
        k -= 1
    return surface


def _described_name(tok) -> str | None:
    """The name of an unnamed body by what the phrase says of it: "federal officials", "a federal appeals court";
    None for a bare singular ("the agency": who is meant is not said)."""
    words = [c for c in tok.lefts if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "NOUN", "PROPN")
             and c.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")]
    if tok.tag_ != "NNS" and not words:
        return None
    unspecific = actor_words()["phrases"]["unspecific_determiners"]
    if any(c.dep_ == "det" and c.lower_ in unspecific for c in tok.children):
        return None
    return " ".join([*(w.lower_ if w.pos_ != "PROPN" else w.text for w in words), tok.lower_])


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def _is_acronym(name: str) -> bool:
    return name.isupper() and name.isalpha() and 2 <= len(name) <= 6


def _is_definite(tok) -> bool:
    definite = lexicon()["grammar"]["definite_determiners"]
    return any(c.dep_ == "det" and c.lower_ in definite for c in tok.children)


def _np_tokens(tok, lex) -> set[int]:
    title_preps = actor_words()["phrases"]["title_prepositions"]
    out = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        is_office = t.lemma_.lower() in lex["person_roles"] or t.lemma_.lower() in lex["government_nouns"]
        for c in t.children:
            ok = c.dep_ in _NP_DEPS and not (c.dep_ == "conj" and t.i == tok.i)
            if c.dep_ == "prep" and is_office and c.lower_ in title_preps:
                ok = True
            if c.dep_ == "pobj" and t.dep_ == "prep":
                ok = True
            if ok and c.i not in out:
                out.add(c.i)
                stack.append(c)
    return out


def _in_prep(tok, head_i: int) -> bool:
    """Whether tok sits under a destination preposition ("to Germany") below the phrase head."""
    prep_words = actor_words()["phrases"]["destination_prepositions"]
    t = tok
    while t.i != head_i and t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ in prep_words:
            return True
        t = t.head
    return False


def _country_of(np, head, ents, exclude, lex, preps_ok: bool = False) -> str | None:
    """The country a phrase's modifiers name: "US Ambassador to Germany" -> US (not the destination)."""
    for e in sorted(ents, key=lambda e: e.start):
        if exclude is not None and e.start == exclude.start:
            continue
        if e.label_ not in ("GPE", "NORP"):
            continue
        if not preps_ok and _in_prep(e.root, head.i):
            continue
        place = countries.lookup(e.text)
        if place is not None:
            return place.code
    # Demonyms spaCy does not tag ("German" as an adjective sometimes goes untagged).
    for i in sorted(np):
        t = head.doc[i]
        if t.pos_ in ("ADJ", "PROPN") and not (not preps_ok and _in_prep(t, head.i)):
            if exclude is not None and exclude.start <= i < exclude.end:
                continue
            place = countries.lookup(t.text)
            if place is not None and place.how in ("demonym", "country"):
                return place.code
    return None


def _hyphenated(ent) -> bool:
    """A name used as a word of a hyphenated adjective, naming no one: "Israeli-built", "anti-Castro",
    "trans-Antarctic"."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].text == "-":
        return True
    if ent.end < len(doc) and doc[ent.end].text == "-":
        return True
    first = ent[0].lower_
    prefixes = actor_words()["groups"]["prefixes"]
    if "-" in first and first.split("-")[0] in prefixes:
        return True
    return len(ent) > 2 and first in prefixes and ent[1].text == "-"


def _modifier_only(ent) -> bool:
    """A hyphenated adjective, or a nationality adjective modifying a noun ("Israeli" in "Israeli troops")."""
    if _hyphenated(ent):
        return True
    return ent.label_ == "NORP" and len(ent) == 1 and ent.root.pos_ == "ADJ" and ent.root.dep_ in ("amod", "npadvmod")


def _nationality(np, head, ents, lex) -> tuple[str, str] | None:
    """(country, the word saying it) of a phrase's nationality or place modifier: "Syrian rebels" ->
    (SY, "Syrian"), "Gaza residents" -> (PS, "Gaza"), "residents of Gaza" -> (PS, "Gaza")."""
    for e in sorted(ents, key=lambda e: e.start):
        if e.label_ not in ("GPE", "NORP") or e.root.i == head.i or _in_prep(e.root, head.i):
            continue
        place = countries.lookup(e.text)
        if place is not None:
            return place.code, e.text.replace("’s", "").replace("'s", "")
    for i in sorted(np):
        t = head.doc[i]
        if i != head.i and t.pos_ in ("ADJ", "PROPN") and not _in_prep(t, head.i):
            place = countries.lookup(t.text)
            if place is not None and place.how in ("demonym", "country"):
                return place.code, t.text
    return None


def _place_of(head) -> tuple[str, str] | None:
    """ "residents of Gaza", "exiles from Cuba": the country of the place after "of", "from" or "in"."""
    origin = actor_words()["phrases"]["origin_prepositions"]
    for place, text in _places_after(head, origin, ("GPE", "LOC")):
        return place.code, text
    return None


def _places_after(head, prepositions, entity_types):
    """The places (with their text) named as the object of one of `prepositions` under head, in order."""
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in prepositions:
            for p in c.children:
                if p.dep_ == "pobj" and p.ent_type_ in entity_types:
                    place = countries.lookup(_ent_text(p))
                    if place is not None:
                        yield place, _ent_text(p)


def _ent_text(tok) -> str:
    """The text of the named entity a token is part of."""
    doc = tok.doc
    lo, hi = tok.i, tok.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi].text


def _home_of(root, ents) -> str | None:
    """A person's country by the place they are of, from or in: "James Kopp, 44, of St. Albans, Vt.", "Barnett
    Slepian, a gynecologist in Buffalo" (a town is where they live or work, unlike the mayor "of Paris")."""
    home = actor_words()["phrases"]["origin_prepositions"]
    for head in [root, *(c for c in root.children if c.dep_ == "appos")]:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in home or prep.lower_ == "in" and head is root:
                continue
            for e in ents:
                if e.root.head.i == prep.i and e.root.dep_ == "pobj" and (
                        e.label_ in ("GPE", "LOC") or e.label_ == "NORP" and _town_taken_for_people(e)):
                    place = place_named(e, ents)
                    if place is not None:
                        return place.code
    return None


def _of_country(root) -> str | None:
    """ "Leonid Kuchma of Ukraine", "the Red Crescent of Iran": a country (not a city: "the mayor of Paris" is no
    country's) after "of" or "from"."""
    country_preps = actor_words()["phrases"]["country_prepositions"]
    for place, _text in _places_after(root, country_preps, ("GPE", "NORP")):
        if place.how in ("country", "demonym"):
            return place.code
    return None


def _based_in(np, doc) -> str | None:
    """ "the London-based group", "a Cupertino, Calif.-based company": the place before "-based"."""
    for i in sorted(np):
        if doc[i].lower_ == "based" and i >= 2 and doc[i - 1].text == "-":
            j = i - 2
            while j >= 0 and j >= i - 6:
                place = countries.lookup(doc[j : i - 1].text)
                if place is not None:
                    return place.code
                j -= 1
    return None


def _country_in_text(span) -> str | None:
    for t in span:
        place = countries.lookup(t.text)
        if place is not None and place.how in ("country", "demonym"):
            return place.code
    return None


def region_after(ent, ents):
    """The place a ", <state or country>" right after a place name puts it in: "Birmingham, Ala." -> US."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None
    own = countries.lookup(ent.text)
    if own is not None and own.how in ("country", "demonym"):
        return None  # "the US, Russia and Switzerland": a list of countries
    nxt = next((e for e in ents if e.start == ent.end + 1 and e.label_ in ("GPE", "LOC")), None)
    text = nxt.text if nxt is not None else doc[ent.end + 1].text
    region = countries.lookup(text)
    after = nxt.end if nxt is not None else ent.end + 2
    if region is None and after < len(doc) and doc[after].text == ".":
        region = countries.lookup(text + ".")  # "St. Albans, Vt." at the end of a sentence: the period split off
    return region if region is not None and region.how != "capital" else None


def place_named(ent, ents):
    """The place a name names, the state or country after a comma deciding which ("Birmingham, Ala." -> US)."""
    place = countries.lookup(ent.text)
    region = region_after(ent, ents)
    return region if region is not None and (place is None or place.code != region.code) else place


def region_of_previous(ent, ents) -> bool:
    """`ent` is the ", <state or country>" that says where the place before it is ("Birmingham, Ala.")."""
    if ent.label_ not in ("GPE", "LOC") or ent.start < 2 or ent.doc[ent.start - 1].text != ",":
        return False
    prev = next((e for e in ents if e.end == ent.start - 1
                 and (e.label_ in ("GPE", "LOC", "FAC") or e.label_ == "NORP" and _town_taken_for_people(e))), None)
    return prev is not None and region_after(prev, ents) is not None


def _body_in_front(tok, ents, lemma: str, lex):
    """The organisation named in front of people who act for it ("European Union leaders", "UN inspectors"), or
    None. A country in front is a nationality, read elsewhere ("US officials" are the US government)."""
    if tok.pos_ != "NOUN":
        return None
    groups = actor_words()["groups"]
    people = (lex["person_roles"], lex["government_people"], lex["government_nouns"], groups["state"], groups["people"])
    if not any(lemma in words or tok.lower_ in words for words in people):
        return None
    for e in ents:
        if e.label_ == "ORG" and e.end == tok.i and e.root.dep_ == "compound" and e.root.head.i == tok.i:
            place = countries.lookup(e.text)
            return e if place is None else None
    return None


def _office_of_place(tok, ents):
    """("Mayor of Paris", US) for "the mayor of Paris, Texas": an office noun in the singular with "of" and a
    named place that is no country (a country's office holders are its government, read before); None otherwise."""
    if tok.tag_ != "NN":
        return None
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for e in ents:
            if e.label_ in ("GPE", "LOC") and e.root.head.i == prep.i and e.root.dep_ == "pobj":
                place = place_named(e, ents)
                if place is None or place.how in ("country", "demonym"):
                    return None
                return f"{tok.lemma_.capitalize()} of {e.text}", place.code
    return None

"""The extraction data files (app/extraction/data): every key is read by the code, and every entry can match what
the code compares it with. A key nobody reads, or an entry that never matches (shadowed by an earlier source or a
later row, or written as two tokens where one token is compared), looks like language knowledge but does nothing.
The page furniture patterns (furniture.toml) are matched against examples in test_extraction_clean.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pycountry
import pytest

from app.extraction import actors, countries, nlp
from app.extraction.merge import _WORD
from app.extraction.resources import toml, tsv

APP = Path(__file__).resolve().parents[2] / "app"
DATA = APP / "extraction" / "data"
KINDS = {actors.PERSON, actors.ORGANIZATION, actors.COUNTRY, actors.GOVERNMENT, actors.GROUP}
# Tables whose keys are words the text is looked up by, not names the code asks for: lexicon.toml's pronouns.
WORD_TABLES = {("lexicon.toml", "pronouns")}
# Lists compared with the words of a summary (merge._WORD), not with spaCy tokens.
SUMMARY_WORD_LISTS = {("lexicon.toml", "summary_stop_words"), ("lexicon.toml", "distinct.markers")}
# Lists compared with the names of regions and cities (countries.lookup_key), not with spaCy tokens.
PLACE_NAME_LISTS = {("actors.toml", "gazetteer.not_places")}
# Lists compared with the words of a name split at spaces (actors._strip_name: "Col. John Smith") as well as tokens.
NAME_WORD_LISTS = {("lexicon.toml", "honorifics")}
# Kosovo: a code in use (EU, IMF, the news) that ISO 3166 has not assigned yet.
USER_ASSIGNED_CODES = {"XK"}


def _strings_in_code() -> set[str]:
    """String constants the app's code uses: subscripts (lex["honorifics"]), .get() keys and call arguments
    (tsv("leaders.tsv"))."""
    found = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript):
                args = [node.slice]
            elif isinstance(node, ast.Call):
                args = node.args
            else:
                continue
            found |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def _word_lists(name: str):
    """(key, entries) of each list of words in a TOML file, a table's lists keyed "table.key"."""
    for key, value in toml(name).items():
        if isinstance(value, list):
            yield key, value
        elif isinstance(value, dict) and (name, key) not in WORD_TABLES:
            yield from ((f"{key}.{k}", v) for k, v in value.items() if isinstance(v, list))


def test_every_data_file_is_read():
    files = {p.name for p in DATA.iterdir() if p.suffix in (".toml", ".tsv")}
    assert files - _strings_in_code() == set()


@pytest.mark.parametrize("name", ["lexicon.toml", "actors.toml", "furniture.toml"])
def test_every_key_is_read(name):
    read = _strings_in_code()
    unread = []
    for key, value in toml(name).items():
        if key not in read:
            unread.append(key)
        elif isinstance(value, dict) and (name, key) not in WORD_TABLES:
            unread += [f"{key}.{k}" for k in value if k not in read]
    assert unread == []


def test_pronouns_stand_for_actor_kinds():
    table = toml("lexicon.toml")["pronouns"]
    assert table and all(kinds and set(kinds) <= KINDS for kinds in table.values())


@pytest.mark.parametrize("name", ["event_types.toml", "happening_kinds.toml"])
def test_a_trigger_lemma_has_one_kind(name):
    """The first kind listing a lemma gives it (event_types) or the last one does (happening_kinds): a lemma
    listed under two kinds never matches one of them."""
    seen: dict[str, str] = {}
    twice = []
    for kind, lemmas in toml(name).items():
        for lemma in lemmas:
            if lemma in seen:
                twice.append((lemma, seen[lemma], kind))
            seen[lemma] = kind
    assert twice == []


@pytest.mark.parametrize("name", ["lexicon.toml", "actors.toml"])
def test_words_are_lowercase_and_listed_once(name):
    """The code compares lowercased text with these lists."""
    bad = [(key, w) for key, words in _word_lists(name) for w in words if w != w.lower() or w != w.strip()]
    twice = [(key, w) for key, words in _word_lists(name) for w in set(words) if words.count(w) > 1]
    assert bad == [] and twice == []


@pytest.mark.parametrize("name", ["lexicon.toml", "actors.toml"])
def test_words_compared_with_a_token_are_one_token(name):
    """A word compared with a token's text or lemma must be what spaCy makes one token of, as written or capitalized
    ("Mr." is one token, "mr." alone two; "e-mail" is always three)."""
    tokenizer = nlp.load().tokenizer
    skipped = SUMMARY_WORD_LISTS | PLACE_NAME_LISTS | NAME_WORD_LISTS
    never = []
    for key, words in _word_lists(name):
        if (name, key) in skipped:
            continue
        for w in words:
            if not any(len(doc) == 1 and doc[0].lower_ == w for doc in (tokenizer(w), tokenizer(w.capitalize()))):
                never.append((key, w))
    assert never == []


def test_name_words_are_one_word():
    lists = [(key, words) for key, words in _word_lists("lexicon.toml") if ("lexicon.toml", key) in NAME_WORD_LISTS]
    assert len(lists) == len(NAME_WORD_LISTS)
    assert [(key, w) for key, words in lists for w in words if len(w.split()) != 1] == []


def test_summary_words_are_words_of_a_summary():
    lists = [(key, words) for key, words in _word_lists("lexicon.toml") if ("lexicon.toml", key) in SUMMARY_WORD_LISTS]
    assert len(lists) == len(SUMMARY_WORD_LISTS)
    assert [(key, w) for key, words in lists for w in words if not _WORD.fullmatch(w)] == []


def test_not_places_are_places_somewhere():
    """A word is kept from being read as a region or city only if some region or city has it as its name."""
    places = countries._regions().keys() | countries._cities().keys()
    words = toml("actors.toml")["gazetteer"]["not_places"]
    assert [w for w in words if w not in places] == []


@pytest.mark.parametrize(("name", "how"), [("country_aliases.tsv", "country"), ("us_places.tsv", "us_place"),
                                           ("capitals.tsv", "capital")])
def test_places_look_up_as_listed(name, how):
    """An earlier source (pycountry's countries, then the files in the order they are read) keeps a name it gives."""
    wrong = [(place, code, countries.lookup(place)) for place, code in tsv(name)
             if countries.lookup(place) != countries.Place(code, how)]
    assert wrong == []


def test_demonyms_give_their_country():
    assert [(d, c) for d, c in tsv("demonyms.tsv") if countries.code(d) != c] == []


def test_organizations_look_up_as_listed():
    """Each name and alias finds its own row (a later row with the same name or alias would take it)."""
    wrong = []
    for row in tsv("organizations.tsv"):
        aliases = row[3].split("|") if len(row) > 3 and row[3] else []
        wrong += [n for n in [row[0], *aliases] if actors._orgs()[countries.lookup_key(n)][0] != row[0]]
    assert wrong == []


def test_leaders_look_up_as_listed():
    """Each full name gives its country and each name used alone its row's person (a later row would take it)."""
    full, alone = actors._leaders()
    wrong = [row for row in tsv("leaders.tsv") if full[countries.lookup_key(row[0])] != row[1]
             or len(row) > 2 and row[2] and alone[countries.lookup_key(row[2])][0] != row[0]]
    assert wrong == []


@pytest.mark.parametrize(("name", "column"), [("country_aliases.tsv", 1), ("us_places.tsv", 1), ("capitals.tsv", 1),
                                              ("demonyms.tsv", 1), ("country_names.tsv", 0), ("leaders.tsv", 1),
                                              ("organizations.tsv", 1)])
def test_country_codes_are_iso(name, column):
    codes = {row[column] for row in tsv(name) if row[column]}
    assert {c for c in codes if pycountry.countries.get(alpha_2=c) is None} <= USER_ASSIGNED_CODES


def test_organization_kinds_are_actor_kinds():
    assert {row[2] for row in tsv("organizations.tsv")} <= KINDS

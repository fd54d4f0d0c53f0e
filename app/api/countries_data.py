"""Country codes and names for the API's filters and listings.

One source of country knowledge for the whole project: pycountry for codes, and the extractor's
country data (app/extraction/countries.py and its data files) for the names pycountry lacks.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

from app.extraction import countries


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO alpha-2 for an alpha-2 or alpha-3 code or a country name ("Britain", "the U.S."); None when unknown.

    Demonyms, capitals and US places are not country names here: `country=Berlin` is an error, not Germany."""
    v = " ".join(value.split())
    if not v:
        return None
    if len(v) in (2, 3) and v.isalpha():
        c = pycountry.countries.get(**{"alpha_2" if len(v) == 2 else "alpha_3": v.upper()})
        if c is not None:
            return c.alpha_2
    place = countries.lookup(v)
    if place is not None and place.how == "country":
        return place.code
    try:
        return pycountry.countries.lookup(v).alpha_2
    except LookupError:
        return None


def country_info(code: str) -> tuple[str, str | None]:
    """(name, alpha_3) for an alpha-2 code; the code itself as name when pycountry does not know it."""
    c = pycountry.countries.get(alpha_2=code)
    return countries.country_name(code), (c.alpha_3 if c is not None else None)

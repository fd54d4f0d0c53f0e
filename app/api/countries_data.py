"""Country codes and names: pycountry, plus common names it lacks (data/country_aliases.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pycountry


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    raw = json.loads(resources.files("app.api").joinpath("data/country_aliases.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO alpha-2 for an alpha-2 or alpha-3 code or a country name; None when unknown."""
    v = " ".join(value.split())
    if not v:
        return None
    alias = _aliases().get(v.casefold())
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(v).alpha_2
    except LookupError:
        return None


def country_info(code: str) -> tuple[str, str | None]:
    """(name, alpha_3) for an alpha-2 code; the code itself as name when pycountry does not know it."""
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return code, None
    return getattr(c, "common_name", None) or c.name, c.alpha_3

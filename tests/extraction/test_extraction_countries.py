"""Country mapping: pycountry names plus the data files (short forms, demonyms, capitals, US places)."""

import pytest

from app.extraction import countries


@pytest.mark.parametrize(
    "name,code,how",
    [
        ("Germany", "DE", "country"),
        ("the United Kingdom", "GB", "country"),
        ("US", "US", "country"),
        ("U.S.", "US", "country"),
        ("Britain", "GB", "country"),
        ("Russia", "RU", "country"),
        ("German", "DE", "demonym"),
        ("Chinese", "CN", "demonym"),
        ("Americans", "US", "demonym"),
        ("Berlin", "DE", "capital"),
        ("Washington", "US", "capital"),
        ("Beijing", "CN", "capital"),
        ("Iowa", "US", "us_place"),
        ("California", "US", "us_place"),
        ("China’s", "CN", "country"),
        ("Hungary", "HU", "country"),
        ("South Korea", "KR", "country"),
        # wire style: bare "Congo" is the Democratic Republic, as its demonym and its cities are
        ("Congo", "CD", "country"),
        ("Congolese", "CD", "demonym"),
        ("Republic of Congo", "CG", "country"),
        ("Congo Republic", "CG", "country"),
    ],
)
def test_lookup(name, code, how):
    place = countries.lookup(name)
    assert place is not None and place.code == code and place.how == how


@pytest.mark.parametrize("word", ["it", "IT", "in", "Smith", "", "the"])
def test_no_country(word):
    assert countries.lookup(word) is None


def test_common_names():
    assert countries.country_name("US") == "United States"
    assert countries.country_name("KR") == "South Korea"
    assert countries.country_name("DE") == "Germany"
    assert countries.country_name("RU") == "Russia" and countries.country_name("TR") == "Turkey"

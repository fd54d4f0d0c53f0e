"""Regression test: the whole pipeline on a wire-style article unlike the seeds (its furniture, people with national
titles, a capital acting as a government, a pronoun, and an event noun). It was written together with the fixes that
make it pass, so it guards those fixes; it is no measure of how the extractor does on articles it has not seen."""

from app.extraction import extract

ARTICLE = """BRUSSELS (Reuters) - The European Commission fined Google 1.49 billion euros on Wednesday for blocking \
rival online search advertisers.
French President Emmanuel Macron said on Tuesday that Europe had to defend its digital sovereignty.
Paris rejected the proposal on Thursday, according to two diplomats.
Chinese Foreign Minister Wang Yi visited Berlin on Monday.
He met German Chancellor Angela Merkel on Tuesday and discussed trade.
The company's March 5 appeal was dismissed by the court.
Reporting by Foo Yun Chee; Editing by Mark Potter
Read more:
EU opens probe into chip maker
Google to appeal fine
"""


def _find(result, fragment):
    return next((e for e in result.events if any(fragment in x.sentence for x in e.evidence)), None)


def test_wire_article():
    r = extract(ARTICLE, "2019-03-21")
    assert not any("Editing by" in x.sentence or "chip maker" in x.sentence for e in r.events for x in e.evidence)

    fine = _find(r, "fined Google")
    assert fine is not None and fine.value == "2019-03-20" and fine.trigger == "fine" and fine.event_type == "legal"
    google = next(a for a in fine.actors if a.name == "Google")
    assert google.role == "target" and google.country == "US"

    macron = _find(r, "Macron said")
    assert macron.value == "2019-03-19"
    m = next(a for a in macron.actors if "Macron" in a.name)
    assert m.kind == "person" and m.role == "source" and m.country == "FR"

    paris = _find(r, "Paris rejected")
    fr = next(a for a in paris.actors if a.country == "FR")
    assert fr.kind == "government" and fr.role == "source"

    wang = _find(r, "Wang Yi visited")
    w = next(a for a in wang.actors if "Wang" in a.name)
    assert w.country == "CN" and w.role == "source"
    assert "DE" in wang.countries  # Berlin

    met = _find(r, "He met")
    assert any("Wang" in a.name and a.role == "source" for a in met.actors)
    assert any("Merkel" in a.name and a.country == "DE" for a in met.actors)

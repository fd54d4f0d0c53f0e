"""The one evidence mapping (app.extraction.serialize) covers every field an extracted evidence has, so that storing
an evidence and reading it back, or showing it in the API, loses nothing."""

from dataclasses import fields
from datetime import date

from app.extraction.serialize import EVIDENCE_FIELDS, evidence_api_values, evidence_values
from app.extraction.types import Evidence


def test_every_evidence_field_but_the_sayer_is_mapped():
    assert set(EVIDENCE_FIELDS) == {f.name for f in fields(Evidence)} - {"reported_by"}


def test_an_evidence_copies_into_another_and_reads_under_the_api_names():
    ev = Evidence(
        sentence="Germany said on March 7 it would act.",
        sentence_start=10,
        sentence_end=48,
        expression="March 7",
        expression_start=26,
        expression_end=33,
        value="2019-03-07",
        granularity="day",
        date_start=date(2019, 3, 7),
        date_end=date(2019, 3, 7),
        trigger_text="said",
        trigger_start=18,
        trigger_end=22,
        dated_by="text",
    )
    assert Evidence(**evidence_values(ev)) == ev
    api = evidence_api_values(ev, reported_by={"name": "Germany"})
    assert api["start"] == date(2019, 3, 7) and api["end"] == date(2019, 3, 7)
    assert api["reported_by"] == {"name": "Germany"}
    assert list(api).index("reported_by") == list(api).index("dated_by") + 1

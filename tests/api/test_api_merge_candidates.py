"""Merging considers every plausible candidate: a report of a happening finds it among many stored events that
share its actor and dates, however many."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import Event, EvidenceRow
from app.store.articles import store_article
from tests.api.factories import actor, article, event, result

MANY = 60  # more than any page of candidates a merge once looked at


def _signing(text: str, sentence: str):
    e = event(
        text,
        sentence,
        "March 7",
        "2019-03-07",
        "2019-03-07",
        summary="Germany signed the treaty with France",
        trigger="sign",
        actors=[actor("Germany", country="DE"), actor("France", "country", "target", "FR")],
        countries=["DE", "FR"],
    )
    e.keywords = ["sign", "treaty"]
    return e


FIRST_REPORT = "Germany signed the treaty with France on March 7."


def _store_first_report(session):
    """Wire A's report of the signing, stored: the happening later reports merge into."""
    return store_article(
        session,
        article(FIRST_REPORT, source="Wire A", external_id="a"),
        result(FIRST_REPORT, _signing(FIRST_REPORT, FIRST_REPORT)),
    )


def test_a_report_merges_with_its_happening_behind_many_other_candidates(client, session):
    sentences = [f"Germany weighed proposal{i} quietly on March 7." for i in range(MANY)]
    crowd = " ".join(sentences)
    others = []
    for i, s in enumerate(sentences):
        e = event(
            crowd,
            s,
            "March 7",
            "2019-03-07",
            "2019-03-07",
            summary=f"Germany weighed proposal{i} quietly",
            trigger=f"weigh{i}",
            actors=[actor("Germany", country="DE")],
            countries=["DE"],
        )
        e.keywords = [f"weigh{i}", f"proposal{i}"]
        others.append(e)
    stored = store_article(session, article(crowd, source="Crowd", external_id="crowd"), result(crowd, *others))
    assert len(stored.event_ids) == MANY
    first = _store_first_report(session)
    (target,) = first.event_ids
    assert target > max(stored.event_ids), "the happening is stored after every other candidate"
    again = "On March 7 Germany signed the treaty with France, officials said."
    second = store_article(
        session,
        article(again, source="Wire B", external_id="b"),
        result(again, _signing(again, "On March 7 Germany signed the treaty with France, officials said.")),
    )
    assert second.event_ids == [target], "the second report was stored as a happening of its own"
    assert session.execute(select(func.count()).select_from(Event)).scalar_one() == MANY + 1
    sources = session.execute(select(EvidenceRow.article_id).where(EvidenceRow.event_id == target)).scalars().all()
    assert sorted(sources) == sorted([first.article.id, second.article.id])
    (ev,) = client.get("/v1/events", params={"actor": "germany", "q": "treaty"}).json()["items"]
    assert sorted(s["source"] for s in ev["sources"]) == ["Wire A", "Wire B"]


def test_two_reports_in_one_article_both_merge_into_the_stored_happening(client, session):
    """A store keeps the candidates it read for its whole article: a second report in the same article of the
    happening the first one merged into still joins it, each with its evidence, in order."""
    first = _store_first_report(session)
    (target,) = first.event_ids
    one = "Germany signed the treaty with France on March 7, officials said."
    two = "On March 7 France and Germany signed it."
    both = f"{one} {two}"
    second = store_article(
        session,
        article(both, source="Wire B", external_id="b"),
        result(both, _signing(both, one), _signing(both, two)),
    )
    assert second.event_ids == [target]
    assert session.execute(select(func.count()).select_from(Event)).scalar_one() == 1
    sentences = session.execute(
        select(EvidenceRow.sentence).where(EvidenceRow.event_id == target).order_by(EvidenceRow.id)
    ).scalars().all()
    assert sentences == [FIRST_REPORT, one, two]
    (ev,) = client.get("/v1/events", params={"actor": "germany"}).json()["items"]
    assert [s["source"] for s in ev["sources"]] == ["Wire A", "Wire B", "Wire B"]

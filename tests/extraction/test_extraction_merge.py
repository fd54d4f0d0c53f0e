"""Merging: one happening reported twice is one event; different happenings stay apart."""

from datetime import date

from app.extraction.merge import merge_events, merge_into, same_happening
from app.extraction.types import Actor, Event, Evidence
from tests.extraction.helpers import day, events_for


def ev(value, start, end, gran, trigger, actors, summary="", keywords=(), sentence="s", expr="e"):
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    x = Evidence(sentence or summary, 0, 1, expr, 0, 1, value, gran, s, e)
    countries = sorted({a.country for a in actors if a.country})
    return Event(value, s, e, gran, summary, trigger, list(actors), countries, evidence=[x], keywords=list(keywords))


def grenell(role="source", name="Richard Grenell", aliases=()):
    return Actor(name, "person", role, "US", list(aliases))


def germany(role="target"):
    return Actor("Germany", "government", role, "DE")


def france(role="target"):
    return Actor("France", "government", role, "FR")


WEEK = ("2019-W10", "2019-03-04", "2019-03-10", "week")
FRIDAY = ("2019-03-08", "2019-03-08", "2019-03-08", "day")


def test_week_and_day_of_one_letter_merge_and_take_the_day():
    a = ev(*WEEK, "send", [grenell(), germany()], "Grenell sent a letter to the German government last week",
           ["send", "letter"], sentence="CNN sentence", expr="last week")
    b = ev(*FRIDAY, "date", [grenell(aliases=["Mr Grenell"]), germany()],
           "In the letter dated last Friday, Mr Grenell said", ["date", "letter"], sentence="BBC sentence",
           expr="last Friday")
    assert same_happening(a, b) and same_happening(b, a)
    m = merge_into(a, b)
    assert m is a and m.value == "2019-03-08" and m.granularity == "day"
    assert [x.value for x in m.evidence] == ["2019-W10", "2019-03-08"]
    assert m.countries == ["DE", "US"]
    assert "Mr Grenell" in next(x for x in m.actors if x.name == "Richard Grenell").aliases


def test_merge_with_an_event_rebuilt_from_storage_without_keywords():
    stored = ev(*WEEK, "send", [grenell(), germany()],
                "US Ambassador Richard Grenell sent a letter to the German government last week")
    new = ev(*FRIDAY, "date", [grenell(), germany()], "In the letter dated last Friday, Mr Grenell said",
             ["date", "letter"])
    assert same_happening(stored, new) and same_happening(new, stored)


def test_two_letters_to_different_governments_in_one_week_are_two_events():
    a = ev(*WEEK, "send", [grenell(), germany()], "Grenell sent a letter to the German government", ["send", "letter"])
    b = ev(*FRIDAY, "send", [grenell(), france()], "Grenell sent a letter to the French government", ["send", "letter"])
    assert not same_happening(a, b)


def test_two_letters_on_different_days_are_two_events():
    a = ev("2019-03-05", "2019-03-05", "2019-03-05", "day", "send", [grenell(), germany()], "letter",
           ["send", "letter"])
    b = ev(*FRIDAY, "send", [grenell(), germany()], "letter", ["send", "letter"])
    assert not same_happening(a, b)


def test_another_letter_is_a_second_happening():
    a = ev(*WEEK, "send", [grenell(), germany()], "Grenell sent a letter to the German government", ["send", "letter"])
    b = ev(*FRIDAY, "send", [grenell(), germany()], "Grenell sent another letter to the German government",
           ["send", "letter"])
    assert not same_happening(a, b)


def test_different_main_actors_never_merge():
    a = ev(*WEEK, "send", [grenell(), germany()], "letter", ["send", "letter"])
    b = ev(*FRIDAY, "send", [Actor("Mike Pompeo", "person", "source", "US"), germany()], "letter", ["send", "letter"])
    assert not same_happening(a, b)


def test_without_a_main_actor_the_same_verb_date_and_a_participant_merge():
    a = ev(*FRIDAY, "kill", [Actor("Kenya", "country", "other", "KE")], "12 people were killed in Kenya", ["kill"])
    b = ev(*FRIDAY, "kill", [Actor("Kenya", "country", "other", "KE")], "Twelve people died in Kenya", ["kill"])
    assert same_happening(a, b) and same_happening(b, a)
    other_verb = ev(*FRIDAY, "injure", [Actor("Kenya", "country", "other", "KE")], "40 were injured in Kenya",
                    ["injure"])
    assert not same_happening(a, other_verb)
    nobody_shared = ev(*FRIDAY, "kill", [Actor("Peru", "country", "other", "PE")], "12 were killed in Peru", ["kill"])
    assert not same_happening(a, nobody_shared)
    a_year = ev("2019", "2019-01-01", "2019-12-31", "year", "kill", [Actor("Kenya", "country", "other", "KE")],
                "people were killed in Kenya in 2019", ["kill"])
    assert not same_happening(a, a_year)


def test_a_year_meets_a_day_only_with_more_in_common():
    apple = Actor("Apple", "organization", "source", "US")
    year = ev("2009", "2009-01-01", "2009-12-31", "year", "report", [apple], "Apple reported a loss in 2009",
              ["report", "loss"])
    day_ = ev("2009-03-03", "2009-03-03", "2009-03-03", "day", "report", [apple], "Apple reported a loss on March 3",
              ["report", "loss"])
    assert not same_happening(year, day_)
    day_more = ev("2009-03-03", "2009-03-03", "2009-03-03", "day", "report", [apple],
                  "Apple reported a quarterly loss on March 3", ["report", "loss", "quarterly"])
    year_more = ev("2009", "2009-01-01", "2009-12-31", "year", "report", [apple],
                   "Apple reported a quarterly loss in 2009", ["report", "loss", "quarterly"])
    assert same_happening(year_more, day_more)


def test_a_person_once_seen_as_an_organisation_by_surname_is_one_actor():
    from app.extraction.merge import same_actor

    assert same_actor(Actor("Jobs", "organization", "source"), Actor("Steve Jobs", "person", "source", "US"))
    assert not same_actor(Actor("Apple", "organization", "source"), Actor("Steve Jobs", "person", "source", "US"))


def test_unrelated_happenings_of_one_actor_do_not_merge():
    a = ev(*WEEK, "send", [grenell(), germany()], "Grenell sent a letter to the German government", ["send", "letter"])
    b = ev(*FRIDAY, "visit", [grenell(), germany()], "Grenell visited a factory in Bavaria", ["visit", "factory"])
    assert not same_happening(a, b)


def test_in_article_merge_of_a_verb_and_its_nominalisation():
    text = ("Germany announced March 7 that it would not ban any company. "
            "Analysts said Germany's March 7 announcement follows a similar decision by the United Kingdom.")
    evs = events_for(text, lambda t: [day(t, "March 7", "2019-03-07"), day(t, "March 7", "2019-03-07", nth=1)])
    assert len(evs) == 1 and len(evs[0].evidence) == 2 and evs[0].trigger == "announce"


def test_in_article_different_days_stay_apart():
    text = "Germany announced on Monday that it would act. Germany announced on Friday that it would wait."
    evs = events_for(text, lambda t: [day(t, "on Monday", "2019-03-11"), day(t, "on Friday", "2019-03-08")])
    assert len(evs) == 2


def test_merge_events_keeps_order_and_counts():
    a = ev(*WEEK, "send", [grenell(), germany()], "a", ["send", "letter"])
    b = ev(*FRIDAY, "send", [grenell(), germany()], "b", ["send", "letter"], sentence="other")
    c = ev("2019-02", "2019-02-01", "2019-02-28", "month", "visit", [grenell()], "c", ["visit"])
    out = merge_events([a, b, c])
    assert out == [a, c] and len(a.evidence) == 2

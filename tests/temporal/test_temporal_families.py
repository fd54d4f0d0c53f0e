"""Expression families, both tenses, rollovers, weekdays, time zones, anaphora."""

import itertools

import pytest

from app.temporal import resolve
from tests.temporal.helpers import one, values


@pytest.mark.parametrize(
    "text,expr,dct,value",
    [
        ("He resigned Dec. 28, officials said.", "Dec. 28", "2019-01-03", "2018-12-28"),
        ("The vote will be held Jan. 4.", "Jan. 4", "2018-12-20", "2019-01-04"),
        ("The company reported a loss in November.", "November", "2019-03-12", "2018-11"),
        ("Elections are expected in November.", "November", "2019-03-12", "2019-11"),
        ("The treaty was signed on March 5, 1946.", "March 5, 1946", "2019-03-12", "1946-03-05"),
        ("It was released on 7 March 2019.", "7 March 2019", "2020-01-01", "2019-03-07"),
        ("The rate rose in June 1998.", "June 1998", "2000-01-01", "1998-06"),
        ("The filing is dated 3/12/2019.", "3/12/2019", "2019-04-01", "2019-03-12"),
        ("Talks began on the 21st.", "the 21st", "2019-03-25", "2019-03-21"),
    ],
)
def test_absolute_and_underspecified_dates(text, expr, dct, value):
    assert one(text, expr, dct).value == value


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("She arrived Friday.", "Friday", "2019-03-08"),
        ("She will arrive Friday.", "Friday", "2019-03-15"),
        ("The minister spoke Tuesday.", "Tuesday", "2019-03-12"),
        ("The hearing was postponed until Thursday.", "Thursday", "2019-03-14"),
        ("They met last Tuesday.", "last Tuesday", "2019-03-05"),
        ("They meet next Monday.", "next Monday", "2019-03-18"),
        ("Police said Monday night that two men were held.", "Monday night", "2019-03-11TNI"),
    ],
)
def test_weekdays_by_tense(text, expr, value):  # 2019-03-12 is a Tuesday
    assert one(text, expr).value == value


def test_published_friday_mentions_friday():
    assert one("The court ruled Friday.", "Friday", "2019-03-08").value == "2019-03-08"


def test_last_friday_on_a_friday_is_a_week_back():
    assert one("He left last Friday.", "last Friday", "2019-03-08").value == "2019-03-01"


def test_time_zone_local_date():
    # 23:30 at UTC-5 is still the 12th there (the 13th in UTC)
    assert one("The minister said today that talks failed.", "today", "2019-03-12T23:30:00-05:00").value == "2019-03-12"
    assert one("Officials spoke yesterday.", "yesterday", "2019-03-13T01:00:00+09:00").value == "2019-03-12"


@pytest.mark.parametrize(
    "text,expr,value,typ",
    [
        ("Prices fell today.", "today", "2019-03-12", "DATE"),
        ("He left yesterday.", "yesterday", "2019-03-11", "DATE"),
        ("He leaves tomorrow.", "tomorrow", "2019-03-13", "DATE"),
        ("He spoke this morning.", "this morning", "2019-03-12TMO", "TIME"),
        ("Shots were heard last night.", "last night", "2019-03-11TNI", "TIME"),
        ("The law took effect last month.", "last month", "2019-02", "DATE"),
        ("Sales grew last year.", "last year", "2018", "DATE"),
        ("The summit is this week.", "this week", "2019-W11", "DATE"),
        ("The plan starts next month.", "next month", "2019-04", "DATE"),
        ("He was arrested two days ago.", "two days ago", "2019-03-10", "DATE"),
        ("It closed 50 years ago.", "50 years ago", "1969", "DATE"),
        ("The results come a week from now.", "a week from now", "2019-W12", "DATE"),
        ("Unrest grew late last year.", "late last year", "2018", "DATE"),
        ("It happened in the mid-1990s.", "mid-1990s", "199X", "DATE"),
        ("It was built in the 1990s.", "1990s", "199X", "DATE"),
        ("It began in the 20th century.", "the 20th century", "19", "DATE"),
        ("Profits fell in the first quarter of 2018.", "the first quarter of 2018", "2018-Q1", "DATE"),
        ("Growth slowed in the first half of this year.", "the first half of this year", "2019-H1", "DATE"),
        ("The plant closed last fall.", "last fall", "2018-FA", "DATE"),
        ("The budget for fiscal 2020 passed.", "fiscal 2020", "FY2020", "DATE"),
        ("They argued over the past three years.", "past three years", "P3Y", "DURATION"),
        ("The trial lasted three weeks.", "three weeks", "P3W", "DURATION"),
        ("Albright spent about 5 1/2 hours there.", "5 1/2 hours", "PT5H30M", "DURATION"),
        ("He made a 16-hour flight.", "16-hour", "PT16H", "DURATION"),
        ("They have fought for years.", "years", "PXY", "DURATION"),
        ("They meet every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
        ("The paper is published weekly.", "weekly", "P1W", "SET"),
        ("The talks begin at 3 p.m.", "3 p.m.", "2019-03-12T15:00", "TIME"),
        ("It starts at 3:30 p.m. EST Tuesday.", "3:30 p.m. EST Tuesday", "2019-03-12T15:30", "TIME"),
        ("They met at noon.", "noon", "2019-03-12T12:00", "TIME"),
        ("Prices are now higher.", "now", "PRESENT_REF", "DATE"),
        ("Nobody knows what the future holds.", "the future", "FUTURE_REF", "DATE"),
        ("He was elected Thanksgiving Day last year.", "Thanksgiving Day", "2018-11-22", "DATE"),
    ],
)
def test_families(text, expr, value, typ):
    t = one(text, expr)
    assert (t.value, t.type) == (value, typ)


def test_early_and_late_modifiers():
    assert one("It rained in early December.", "early December", "2000-01-07").mod == "START"
    assert one("Unrest grew late last year.", "late last year").mod == "END"
    assert one("It closed almost four years ago.", "almost four years ago", "1999-03-12").mod == "APPROX"


def test_this_weekend():
    assert one("The march is planned for this weekend.", "this weekend").value == "2019-W11-WE"


def test_anaphora_resolves_against_the_discourse():
    text = "The attack happened on March 3. The day before, police arrested two suspects."
    t = one(text, "The day before")
    assert t.value == "2019-03-02" and t.anchor == "previous" and t.anchor_value == "2019-03-03"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The treaty was signed on Jan. 10, 2015. Two days later, fighting resumed.", "Two days later", "2015-01-12"),
        ("Voters went to the polls on June 5, 2016. That week, markets fell.", "That week", "2016-W22"),
        ("The law passed in March 2010. The following month, it was challenged.", "The following month", "2010-04"),
        ("He was born on May 1, 1980. Three years earlier his father had emigrated.", "Three years earlier", "1977"),
    ],
)
def test_anaphora_families(text, expr, value):
    assert one(text, expr).value == value


@pytest.mark.parametrize(
    "text,expr,value",
    [
        # the sentence's own month, not the day told a paragraph before (nor ten days after publication)
        (("Allies called on Monday for a ceasefire.\n\nThe group first took the city in November 2012 and "
          "withdrew ten days later."), "ten days later", "2012-11"),
        ("The strike began on Friday. In 2009 the union struck for a month, and two days later the mine closed.",
         "two days later", "2009"),
        # a day in the same sentence still counts by the day
        ("The strike began on Friday, March 6, and two days later the mine closed.", "two days later", "2015-03-08"),
    ],
)
def test_counted_offset_after_a_coarse_date_of_its_sentence(text, expr, value):
    assert one(text, expr, published_at="2015-03-12").value == value


def test_anaphora_without_antecedent_uses_publication_date():
    t = one("The next day, talks resumed.", "The next day")
    assert t.value == "2019-03-13" and t.anchor == "publication"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("In 2015 the firm opened a plant. The following month it closed one.", "The following month", "2015"),
        ("The talks were held in the 1990s. Two weeks later, the deal collapsed.", "Two weeks later", "199X"),
        ("Rebels took the town in March. The day before, aid workers had left.", "The day before", "2019-03"),
    ],
)
def test_anaphora_after_a_coarse_date_keeps_that_date_not_the_publication_date(text, expr, value):
    t = one(text, expr)
    assert t.value == value and t.anchor == "previous"


def test_output_sorted_non_overlapping_with_offsets():
    text = "On Friday, March 8, 2019, he said last week that the 1990s were over; now he meets every Monday."
    out = resolve(text, "2019-03-12")
    assert [t.start for t in out] == sorted(t.start for t in out)
    for a, b in itertools.pairwise(out):
        assert a.end <= b.start
    for t in out:
        assert text[t.start : t.end] == t.text


def test_tense_without_hints_uses_word_lists():
    v = values("He left Monday and will return Thursday.")
    assert v == {"Monday": "2019-03-11", "Thursday": "2019-03-14"}


def test_tense_from_pos_hints():
    from app.extraction import nlp

    text = "He left Monday and flies home Thursday."
    hints = nlp.hints_from_doc(nlp.parse(text))
    assert values(text, hints=hints) == {"Monday": "2019-03-11", "Thursday": "2019-03-14"}
    text = "The company reported a loss in November."
    assert values(text, hints=nlp.hints_from_doc(nlp.parse(text))) == {"November": "2018-11"}


def test_second_day_of_a_listed_month():
    v = values("Talks were held on April 24 and 25, 2018.")
    assert v == {"April 24": "2018-04-24", "25, 2018": "2018-04-25"}
    assert values("March 3 and 4 people died.") == {"March 3": "2019-03-03"}


def test_end_of_the_year_is_this_year():
    t = one("By the end of the year the plant will close.", "the end of the year")
    assert (t.value, t.mod) == ("2019", "END")
    assert values("At the end of the day, it was fine.") == {}


@pytest.mark.parametrize(
    "text,year,flag",
    [
        ("The Vision 2030 plan was announced.", "2030", True),
        ("Kopp's 1987 Chevrolet was found.", "1987", True),
        ("In 1998 Clinton said so.", "1998", False),
        ("Sales rose in 1998, analysts said.", "1998", False),
    ],
)
def test_years_in_names(text, year, flag):
    assert one(text, year).in_name is flag


@pytest.mark.parametrize(
    "text,expr,value,mod",
    [
        ("The vote is set for Nov. 6.", "Nov. 6", "2019-11-06", None),
        ("The blast happened late Tuesday.", "late Tuesday", "2019-03-12", "END"),
        ("The ceasefire lasted half an hour.", "half an hour", "PT30M", None),
        ("The government called the 14-day waiting period unfair.", "14-day", "P14D", None),
    ],
)
def test_schedules_day_modifiers_and_fractions(text, expr, value, mod):
    t = one(text, expr)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Workers held a day-long strike.", "day-long", "P1D"),
        ("The decades-long battle goes on.", "decades-long", "PXDE"),
        ("The March accession enabled the three to join.", "March", "2019-03"),
        ("The prosecutor has scheduled a news conference Thursday.", "Thursday", "2019-03-14"),
    ],
)
def test_adjectival_durations_months_and_scheduling_verbs(text, expr, value):
    assert one(text, expr).value == value


def test_earlier_this_month_and_later_this_year():
    t = one("Earlier this month the talks stalled.", "Earlier this month")
    assert (t.value, str(t.interval_start), str(t.interval_end)) == ("2019-03", "2019-03-01", "2019-03-12")
    t = one("The plant will reopen later this year.", "later this year")
    assert (t.value, str(t.interval_start), str(t.interval_end)) == ("2019", "2019-03-12", "2019-12-31")


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("He will speak this afternoon.", "this afternoon", "2019-03-12TAF"),
        ("The match is tonight.", "tonight", "2019-03-12TNI"),
        ("They met yesterday morning.", "yesterday morning", "2019-03-11TMO"),
        ("The raid began at 4 in the morning.", "4 in the morning", "2019-03-12T04:00"),
        ("The shop opens every morning.", "every morning", "XXXX-XX-XXTMO"),
        ("The survey is done twice a year.", "twice a year", "P1Y"),
    ],
)
def test_parts_of_day_and_sets(text, expr, value):
    assert one(text, expr).value == value


def test_recently_is_past_ref_and_former_is_not_tagged():
    # TimeBank-style news annotation tags "recently" as PAST_REF and leaves "former" untagged
    assert values("The former minister recently resigned.") == {"recently": "PAST_REF"}


def test_to_dict_is_json_ready():
    import json

    d = one("He left on March 7.", "March 7").to_dict()
    assert json.loads(json.dumps(d))["interval_start"] == "2019-03-07"


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Revenue in FY2019 rose.", "FY2019", "FY2019"),
        ("The strike began at 0200 GMT.", "0200 GMT", "2019-03-12T02:00Z"),
    ],
)
def test_compact_fiscal_years_and_clock_times(text, expr, value):
    assert one(text, expr).value == value


def test_word_list_tense_sees_present_passives():
    # no hints: "is heard" is present (a schedule), not the past of "hear"
    assert one("He will fight when the case is heard in May.", "May").value == "2019-05"
    assert one("The case was heard in May.", "May").value == "2018-05"


def test_future_as_a_possessed_noun():
    assert values("They decide about the boy's future today.") == {"future": "FUTURE_REF", "today": "2019-03-12"}
    assert values("We face a future in which weapons rule.") == {}  # a noun with an article: no reference point


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("The deal expires on Dec. 31.", "Dec. 31", "2019-12-31"),  # a schedule, most of a year ahead
        ("The deal expired on Dec. 31.", "Dec. 31", "2018-12-31"),
        ("The festival is in December.", "December", "2019-12"),
        ("The festival was in December.", "December", "2018-12"),
    ],
)
def test_present_tense_schedules_read_ahead_within_the_year(text, expr, value):
    from app.extraction.nlp import pos_hints  # the tense of "expires" needs the tagger

    (t,) = [t for t in resolve(text, "2019-03-14", pos_hints([text])[0]) if t.text == expr]
    assert t.value == value

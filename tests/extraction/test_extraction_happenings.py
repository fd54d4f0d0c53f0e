"""Which happenings a story dates, and how: reported speech, narrative and publication dating, coordination,
event nouns, ranges, non-happenings and timeline-card summaries (real spaCy parse, real resolver)."""

import pytest

from app.extraction import extract

PUB = "2019-03-12"  # a Tuesday


def events(text, published=PUB):
    r = extract(text, published)
    for e in r.events:  # every source names the word of its happening, where the text has it
        for x in e.evidence:
            assert r.text[x.trigger_start : x.trigger_end] == x.trigger_text
            assert x.sentence_start <= x.trigger_start < x.trigger_end <= x.sentence_end
    return r.events


def by_trigger(evs, word):
    found = [e for e in evs if any(x.trigger_text == word for x in e.evidence)]
    assert len(found) == 1, [(e.summary, [x.trigger_text for x in e.evidence]) for e in evs]
    return found[0]


def source(e, word):
    return next(x for x in e.evidence if x.trigger_text == word)


def triggers(evs):
    return {x.trigger_text for e in evs for x in e.evidence}


def values_of(evs, word):
    """The dates of the events one of whose sources names the happening with this word."""
    return {e.value for e in evs if word in {x.trigger_text for x in e.evidence}}


# --- reported speech -------------------------------------------------------------------------------------


def test_the_reported_happening_is_the_event_and_the_sayer_its_attribution():
    evs = events("Troops withdrew from the border town on Friday, Defence Minister Ben Wallace said.")
    e = by_trigger(evs, "withdrew")
    assert e.value == "2019-03-08" and e.dated_by == "text"
    x = source(e, "withdrew")
    assert x.reported_by is not None and "Wallace" in x.reported_by.name
    assert "said" not in triggers(evs)
    assert "Wallace" not in e.summary  # the sayer's tag is no part of the card


def test_a_date_on_the_reporting_verb_dates_the_happening_it_reports():
    evs = events("Ben Wallace said on Friday that troops withdrew from the border town.")
    e = by_trigger(evs, "withdrew")
    assert e.value == "2019-03-08" and "Wallace" in source(e, "withdrew").reported_by.name
    assert "said" not in triggers(evs)


def test_a_statement_is_the_event_when_it_reports_no_happening():
    evs = events("Ben Wallace warned on Friday that the talks could collapse.")
    e = by_trigger(evs, "warned")
    assert e.value == "2019-03-08" and source(e, "warned").reported_by is None
    assert any(a.role == "source" and "Wallace" in a.name for a in e.actors)
    assert "collapse" not in triggers(evs)


# --- narrative and publication dating ---------------------------------------------------------------------


def test_an_undated_clause_takes_the_story_date():
    evs = events("On Monday the Italian government summoned the French ambassador. It also demanded an apology.")
    first, second = by_trigger(evs, "summoned"), by_trigger(evs, "demanded")
    assert first.value == second.value == "2019-03-11"
    assert first.dated_by == "text" and second.dated_by == "narrative"
    assert source(second, "demanded").expression.endswith("Monday")  # where the date was said


def test_a_when_clause_in_the_present_is_no_happening_of_the_main_clauses_time():
    evs = events("The chief executive resigned on Monday as the company struggles with a safety crisis.")
    assert "resigned" in triggers(evs) and "struggles" not in triggers(evs)


def test_a_dated_revelation_is_an_event():
    evs = events("Ratings fell after revelations last year that the party had hidden donations.")
    assert values_of(evs, "revelations") == {"2018"}


def test_hours_later_keeps_the_storys_day_and_months_later_does_not():
    evs = events("On Monday an airstrike killed a commander. The group fired rockets hours later.")
    assert values_of(evs, "fired") == {"2019-03-11"}
    evs = events("On Monday an airstrike killed a commander. The group fired rockets months later.")
    assert "fired" not in triggers(evs)
    # the tagger hangs "hours" on the object ("a state of emergency hours later"): still hours
    evs = events("On Monday the president fled. Prime Minister Ana Quispe declared a state of emergency hours later.")
    assert values_of(evs, "declared") == {"2019-03-11"}


def test_a_quotation_paragraph_after_the_storys_day_is_a_statement_of_that_day():
    text = ("The minister condemned the attack on Monday.\n\n"
            "``We will not rest until the killers are found,'' Minister Ana Quispe said.\n\n"
            "Police arrested two men.")
    evs = events(text)
    said = by_trigger(evs, "said")
    assert said.value == "2019-03-11" and source(said, "said").dated_by == "narrative"
    assert "arrested" not in triggers(evs)  # after the quotation the telling does not go on at that date
    # a date the story recalls from the past does not date what is quoted now
    text = ("The bombings on Feb. 2 killed 12 people.\n\n"
            "``We will not rest until the killers are found,'' Minister Ana Quispe said.")
    assert "said" not in triggers(events(text))


def test_the_story_date_stops_where_the_telling_turns_to_the_present():
    evs = events("On Monday the ministry summoned the ambassador. The ministry is a large body. "
                 "Its staff met him.")
    assert "summoned" in triggers(evs) and "met" not in triggers(evs)


def test_a_lead_without_a_date_is_dated_by_publication_and_nothing_after_it():
    evs = events("Airbus has won a 13 billion euro contract to supply tankers.\n\n"
                 "The company is based in Toulouse.\n\nIts engineers designed the plane.",
                 published="2019-03-12T09:00:00+01:00")
    e = by_trigger(evs, "won")
    assert (e.value, e.dated_by) == ("2019-03-12", "publication")
    assert source(e, "won").expression == ""  # no expression of the text dates it
    assert "designed" not in triggers(evs)


# --- one expression, several happenings --------------------------------------------------------------------


def test_one_date_governs_coordinated_verbs_each_its_own_event_and_card():
    evs = events("President Joseph Estrada on Tuesday condemned the bombings and offered condolences to the "
                 "victims.")
    a, b = by_trigger(evs, "condemned"), by_trigger(evs, "offered")
    assert a is not b and a.value == b.value == "2019-03-12"
    assert b.summary.startswith("Joseph Estrada offered condolences")
    assert "condemned" not in b.summary and "offered" not in a.summary


def test_dated_event_nouns_are_events():
    evs = events("Thousands marched in Paris after Saturday's vote. The talks last week ended without a deal.",
                 published="2019-03-12")
    vote = by_trigger(evs, "vote")
    assert vote.value == "2019-03-09" and vote.trigger == "vote"
    assert by_trigger(evs, "ended").value == "2019-W10"


def test_a_participle_and_a_frame_are_the_same_happening():
    evs = events("The bomb exploded on Friday, killing 12 people. She said at a news conference on Monday "
                 "that she was heartened.")
    bomb = by_trigger(evs, "exploded")
    assert {"exploded", "killing"} <= {x.trigger_text for x in bomb.evidence}
    said = by_trigger(evs, "said")
    assert {"said", "conference"} <= {x.trigger_text for x in said.evidence} and said.value == "2019-03-11"


def test_the_words_of_a_time_expression_and_a_verb_with_a_particle_carry_no_other_happening():
    evs = events("Shortages held back sales in the fall.")  # the season is no fall; "held back" no support verb
    assert triggers(evs) == {"held"}


def test_a_frame_the_tagger_hangs_on_the_object_is_the_verbs():
    evs = events("The candidate conceded defeat in a phone call on Sunday and congratulated his rival.")
    conceded = by_trigger(evs, "conceded")
    assert {"conceded", "call"} <= {x.trigger_text for x in conceded.evidence} and conceded.value == "2019-03-10"
    assert values_of(evs, "congratulated") == {"2019-03-10"}


# --- ranges -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value,start,end", [
    ("He led the party from 2009 to 2011.", "2009/2011", "2009-01-01", "2011-12-31"),
    ("Sales fell sharply between April and June.", "2018-04/2018-06", "2018-04-01", "2018-06-30"),
    ("The expedition crossed Antarctica in 1957-58.", "1957/1958", "1957-01-01", "1958-12-31"),
])
def test_a_range_is_one_event_over_its_interval(text, value, start, end):
    evs = events(text, published="2019-03-12")
    assert len(evs) == 1, [e.value for e in evs]
    e = evs[0]
    assert (e.value, e.date_start.isoformat(), e.date_end.isoformat()) == (value, start, end)


# --- non-happenings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The bomb was very powerful on Friday.",  # a copula: a state
    "The company owned three plants in 2015.",  # a state
    "The boy must be returned to his father by Friday.",  # a deadline: no date of a happening
    "She was heartened by the news on Monday.",  # a feeling
    "Dealers replaced the sensor free of charge starting last month.",  # a boundary, as "from last month" is
    "The new fares applied beginning Jan. 1.",
    "The quake was centered in the town of Sivrice on Friday.",  # where it was: a state
])
def test_states_and_deadlines_make_no_event(text):
    assert events(text, published="2019-03-05") == [], text


@pytest.mark.parametrize("text,word,modality", [
    ("France did not sign the treaty on Monday.", "sign", "negated"),
    ("No one claimed responsibility on Monday.", "claimed", "negated"),
    ("France could sign the treaty on Monday.", "sign", "hypothetical"),
    ("If the talks fail on Monday, the strike goes ahead.", "fail", "hypothetical"),
    ("The team planned to leave Nairobi on Thursday.", "leave", "planned"),
    ("Ministers will meet in Brussels on Friday.", "meet", "planned"),  # published Tuesday 5 March
    ("Ministers meet in Brussels on Friday.", "meet", "planned"),  # a date after publication: a schedule
    ("The ministry said it would vote on the plan on Friday.", "vote", "planned"),
])
def test_what_did_not_happen_is_kept_with_its_modality_and_never_dates_the_story(text, word, modality):
    evs = events(text + " Officials left the building.", published="2019-03-05")
    e = by_trigger(evs, word)
    assert e.modality == modality and all(x.modality != "asserted" for x in [e])
    # no story date comes from it: the next, undated sentence stays undated (or dated by the lead)
    assert all(x.dated_by != "narrative" for ev in evs for x in ev.evidence), [ev.summary for ev in evs]


def test_happenings_are_asserted():
    evs = events("France signed the treaty on Monday.")
    assert [(e.trigger, e.modality) for e in evs] == [("sign", "asserted")]


def test_a_comparison_point_dates_nothing():
    evs = events("Shares fell 5 percent on Tuesday from Monday's closing price.")
    assert [e.value for e in evs] == ["2019-03-12"]
    evs = events("Unemployment has risen since November 2008, the agency said on Friday.")
    assert all(not e.value.startswith("2008") for e in evs)


def test_a_year_that_describes_a_noun_dates_nothing():
    evs = events("Mike Westmacott, a member of the 1953 team, died last June.")
    assert [e.value for e in evs] == ["2018-06"]


# --- cards ---------------------------------------------------------------------------------------------------


def test_a_pronoun_subject_reads_as_the_actor_it_stands_for():
    evs = events("Huawei filed a lawsuit on Monday. On Thursday, it asked the court to act quickly.",
                 published="2019-03-16")
    e = by_trigger(evs, "asked")
    assert e.summary.startswith("On Thursday, Huawei asked the court")


def test_a_card_keeps_its_quotes_balanced_and_ends_cleanly():
    evs = events('The minister said on Monday that the plan was "dead on arrival," and left the room.')
    for e in evs:
        assert e.summary.count('"') % 2 == 0 and not e.summary.endswith((",", ";", " and"))


# --- one time expression, several words ----------------------------------------------------------------


def test_a_part_of_the_day_dates_the_happening_by_its_day():
    evs = events("Protesters marched through the old town on Friday night, chanting slogans.")
    e = by_trigger(evs, "marched")
    assert e.value == "2019-03-08" and e.granularity == "day"
    assert source(e, "marched").expression == "Friday night"  # the expression is quoted whole


def test_a_clock_time_is_kept():
    e = by_trigger(events("The bomb exploded at 10:35 a.m. on Monday near the station."), "exploded")
    assert e.value == "2019-03-11T10:35"


def test_the_main_clause_shares_the_time_of_its_when_clause():
    evs = events("Eleven fishermen drowned when their boat sank off the coast in late February.")
    assert by_trigger(evs, "drowned").value == by_trigger(evs, "sank").value == "2019-02"


def test_a_dated_event_noun_dates_the_verb_it_is_subject_of():
    e = by_trigger(events("The Feb. 12 bombings killed 40 people in the capital."), "killed")
    assert e.value == "2019-02-12"


def test_an_occasion_named_by_its_day_dates_what_was_done_in_it():
    e = by_trigger(events("In his Sunday sermon, the archbishop condemned the attack on the mosque."), "condemned")
    assert e.value == "2019-03-10" and e.dated_by == "text"


def test_a_year_describing_a_place_dates_nothing_done_in_it():
    assert "stayed" not in triggers(events("The delegates stayed in the 1920s hotel near the harbour."))


# --- the narrative across wire-copy paragraphs ----------------------------------------------------------


def test_the_story_date_carries_over_one_sentence_paragraphs():
    text = "Rebels seized the airport on Monday.\n\nThey burned the control tower and looted the warehouses."
    e = by_trigger(events(text), "burned")
    assert e.value == "2019-03-11" and e.dated_by == "narrative"


def test_the_story_date_does_not_carry_into_a_quotation_or_the_present():
    quoted = "Rebels seized the airport on Monday.\n\n\"They burned everything,\" a pilot said."
    assert "burned" not in triggers(events(quoted))
    present = "Rebels seized the airport on Monday.\n\nThe airport remains closed and flights are diverted."
    assert "diverted" not in triggers(events(present))


def test_the_story_date_does_not_carry_past_a_long_paragraph():
    text = ("Rebels seized the airport on Monday. The army fled north.\n\n"
            "Villagers buried the dead.")
    assert "buried" not in triggers(events(text))


# --- more non-happenings ----------------------------------------------------------------------------------


def test_a_verb_of_becoming_with_an_adjective_is_a_state():
    evs = events("The crowd fell silent on Monday as the coffin passed.")
    assert "fell" not in triggers(evs) and "passed" in triggers(evs)


def test_what_happened_names_no_happening():
    evs = events("On Monday police would not say what happened inside the hall.")
    assert "happened" not in triggers(evs)


def test_a_noun_tagged_as_a_verb_is_no_event():
    evs = events("The two leaders will meet in Geneva to discuss their music tastes on Monday.")
    assert "tastes" not in triggers(evs)


def test_a_media_report_is_where_the_news_comes_from_not_an_event():
    evs = events("The Daily Nation newspaper reported on Monday that the border was quiet.")
    assert "reported" not in triggers(evs)
    evs = events("The Daily Nation newspaper reported on Monday that rebels shelled the border post.")
    assert "reported" not in triggers(evs) and "shelled" in triggers(evs)


def test_the_date_of_a_plan_is_the_date_of_what_is_planned():
    evs = events("Farmers planned a large demonstration outside parliament on March 16.")
    e = by_trigger(evs, "demonstration")
    assert e.value == "2019-03-16" and e.modality == "planned"
    e = by_trigger(events("On Friday, the ministry planned to pay the first claims."), "pay")
    assert e.value == "2019-03-08" and e.modality == "planned"


def test_scheduled_for_a_day_dates_the_scheduled_event():
    evs = events("The ministry scheduled a news conference for Thursday in the capital.")
    e = by_trigger(evs, "conference")
    assert e.value == "2019-03-14" and e.modality == "planned"


def test_a_coordinated_verb_that_turns_to_the_present_does_not_share_the_date():
    evs = events("Jets helped end the siege two years ago and now are ready to strike again should talks fail.")
    assert "ready" not in triggers(evs) and "strike" not in triggers(evs)
    assert by_trigger(evs, "helped").value == "2017"


def test_the_card_leaves_out_a_condition():
    e = by_trigger(events("Jets helped end the siege two years ago and now are poised to strike should talks fail."),
                   "helped")
    assert "fail" not in e.summary and e.summary.startswith("Jets helped end the siege")
    assert not any(x.trigger_text == "poised" for x in e.evidence)


def test_a_cleft_dates_the_clause_it_puts_in_focus():
    e = by_trigger(events("It was on Monday that the rebels seized the town."), "seized")
    assert e.value == "2019-03-11" and e.summary == "The rebels seized the town"
    assert "won" not in triggers(events("It was clear on Monday that the rebels had won."))


def test_a_relative_clause_is_done_by_the_noun_it_describes():
    e = by_trigger(events("Police questioned Ortega, who drove the truck on Monday, for six hours."), "drove")
    assert e.summary == "Ortega drove the truck on Monday"
    assert [(a.name, a.role) for a in e.actors] == [("Ortega", "source")]
    e = by_trigger(events("The truck that Ortega drove on Monday was found in a river."), "drove")
    assert e.summary.startswith("The truck that Ortega drove")


def test_a_report_of_a_happening_dated_on_its_own_is_no_event():
    evs = events("Rebels shelled the border post on Friday, police said on Monday.")
    assert "said" not in triggers(evs)
    assert source(by_trigger(evs, "shelled"), "shelled").reported_by is not None


def test_a_relative_clause_on_a_date_reads_with_the_happening_before_it():
    evs = events("A man has been arrested in connection with the bombings of two embassies in Asia last year that "
                 "killed 40 people, police said on Monday.")
    card = by_trigger(evs, "killed").summary
    assert card.startswith("The bombings") and card.endswith("killed 40 people")
    assert all("PH" not in e.countries for e in evs)  # "Asia" is a continent here, not a town of that name


def test_media_reports_named_as_nouns_are_no_events():
    assert "reports" not in triggers(events("According to media reports on Monday, the army withdrew from the town."))
    assert "reports" not in triggers(events("Local news reports on Monday said the market reopened."))
    assert "published" in triggers(events("The report was published on Monday."))


# --- a reporting verb inside reported speech, seeming verbs, occasions, relative clauses ------------------


def test_a_reporting_verb_inside_reported_speech_is_the_happening_not_a_tag():
    # "he testified" is what the police said, not a sayer's tag hung on "said"
    e = by_trigger(events("Police said the chemist testified before the grand jury on Friday."), "testified")
    assert e.value == "2019-03-08" and e.dated_by == "text"
    assert "said" not in triggers(events("Police said the chemist testified before the grand jury on Friday."))


def test_a_sayers_tag_after_a_comma_still_gives_way_to_what_was_said():
    evs = events("The rebels shelled the airport on Sunday, a spokesman said.")
    assert by_trigger(evs, "shelled").value == "2019-03-10" and "said" not in triggers(evs)


def test_appearing_in_court_is_a_happening_appearing_healthy_is_not():
    e = by_trigger(events("The former mayor appeared in court in Lyon on Monday."), "appeared")
    assert e.value == "2019-03-11"
    assert "appeared" not in triggers(events("The former mayor appeared to be calm on Monday."))
    assert "looked" not in triggers(events("The deal looked like a defeat for the union on Monday."))


def test_a_day_naming_a_capitalized_occasion_dates_what_was_done_in_it():
    evs = events("In her Sunday Sermon at the old chapel, Bishop Ana Ruiz condemned the attacks.")
    e = by_trigger(evs, "condemned")
    assert e.value == "2019-03-10" and e.dated_by == "text"


def test_a_relative_clause_on_the_object_of_an_attack_noun_is_the_attacks():
    evs = events("The family left the city after the May 2017 bombing of a market that killed nine shoppers.",
                 published="2018-02-01")
    killed = by_trigger(evs, "killed")
    assert killed.value == "2017-05"
    assert killed.summary.startswith("The bombing killed")
    # a clause of another kind on the same object is the object's own, not the attack's
    evs = events("Investigators studied the 2016 bombing of a market that opened in 2009.", published="2018-02-01")
    assert by_trigger(evs, "opened").value == "2009"


def test_who_acts_after_an_attack_takes_no_part_in_it():
    evs = events("The family left the city after the May 2017 bombing of a market.", published="2018-02-01")
    bombing = by_trigger(evs, "bombing")
    assert not any(a.role == "source" for a in bombing.actors)


def test_a_noun_that_did_something_dates_it_but_not_what_was_done_to_the_noun():
    evs = events("The March 3 ambush killed four soldiers.")
    assert by_trigger(evs, "killed").value == "2019-03-03"
    evs = events("The March 3 ambush on the convoy was denounced by the ministry.")
    assert all(x.trigger_text != "denounced" or e.dated_by != "text" for e in evs for x in e.evidence)


def test_a_definite_noun_of_the_same_kind_is_the_happening_told_before():
    evs = events("A gunman shot the mayor of Lyon on Friday. Police have few leads. The slaying shocked the city.")
    shot = by_trigger(evs, "shot")
    slaying = source(shot, "slaying")  # one happening, told twice
    assert shot.value == "2019-03-08" and slaying.dated_by == "narrative"
    # a noun of another kind is not that happening
    evs = events("A gunman shot the mayor of Lyon on Friday. Police have few leads. The election was postponed.")
    assert "election" not in {x.trigger_text for x in by_trigger(evs, "shot").evidence}


@pytest.mark.parametrize("dash", ["_", "--"])
def test_a_typewriter_dash_sets_off_an_aside_and_the_story_goes_on(dash):
    text = ("The talks ended without a deal. Officials gave no reason.\n\n"
            f"About 200 Americans {dash} embassy staff and their families {dash} left Pakistan on Monday on orders "
            "from Washington. The diplomats were flown to Brussels.")
    evs = events(text)
    left = by_trigger(evs, "left")
    assert left.value == "2019-03-11"
    assert by_trigger(evs, "flown").value == "2019-03-11"
    assert text[source(left, "left").sentence_start:].startswith("About 200 Americans " + dash)  # the text as received


def test_a_named_event_noun_is_not_the_one_told_before():
    text = ("Leaders met at a summit in Lisbon on Friday. Trade dominated the talks.\n\n"
            "The alliance first invited the two countries in July 2017 at the Madrid summit.")
    evs = events(text)
    assert "summit" not in {x.trigger_text for x in by_trigger(evs, "met").evidence if x.dated_by == "narrative"}


def test_a_later_more_precise_date_of_the_same_happening_is_the_one_nouns_take():
    text = ("A sniper killed a doctor last October. Police found the rifle in April.\n\n"
            "The doctor was shot on Oct. 23 in his kitchen.\n\n"
            "Investigators searched the woods near the site of the shooting.")
    evs = events(text, published="2019-05-05")
    shooting = [e for e in evs if any(x.trigger_text == "shooting" for x in e.evidence)]
    assert shooting and shooting[0].value == "2018-10-23"


def test_a_date_inside_what_was_decided_dates_the_planned_act_not_the_decision():
    evs = events("The league has decided to admit two new clubs in early April, an official said on Monday.")
    admit = by_trigger(evs, "admit")
    assert admit.value == "2019-04" and admit.modality == "planned"
    assert all(e.value != "2019-04" for e in evs if any(x.trigger_text == "decided" for x in e.evidence))


def test_what_is_so_now_is_not_dated_a_year_back():
    evs = events("Ms. Ortiz heads a panel that is studying the floods which killed 40 people on May 3, 2017.")
    assert "heads" not in triggers(evs)
    assert by_trigger(evs, "killed").value == "2017-05-03"


# --- a date in front of an event noun, the present perfect, years in names --------------------------------


def test_a_date_in_front_of_an_event_noun_dates_the_noun_not_the_verb_of_the_clause():
    evs = events("Two men were charged in the Nov. 4, 2011, bombing of a hotel in Lima that killed six guests.")
    bombing = by_trigger(evs, "bombing")
    assert bombing.value == "2011-11-04" and bombing.modality == "asserted"
    assert by_trigger(evs, "killed").value == "2011-11-04"
    assert "2011-11-04" not in values_of(evs, "charged")


def test_a_possessive_date_dates_the_event_noun_it_owns():
    evs = events("Prosecutors said last month's seizure of the ship in Genoa was lawful.")
    assert by_trigger(evs, "seizure").value == "2019-02"


def test_a_definite_event_noun_dated_in_the_past_happened_whatever_the_clause_says():
    # the clause is negated, the vote it names took place
    evs = events("The opposition did not take part in Friday's vote in parliament.")
    vote = by_trigger(evs, "vote")
    assert vote.value == "2019-03-08" and vote.modality == "asserted"


def test_the_present_perfect_takes_no_past_date_the_event_noun_before_it_does():
    evs = events("A third suspect has been detained in connection with the shooting at the stadium last year, "
                 "the police said on Tuesday.")
    assert by_trigger(evs, "shooting").value == "2018"
    assert "2018" not in values_of(evs, "detained")


def test_a_year_in_a_name_before_an_event_noun_dates_the_noun():
    evs = events("He was convicted for his part in the 2004 Madrid train bombings that killed 191 people.")
    assert by_trigger(evs, "bombings").value == "2004"


def test_a_year_in_a_name_before_a_thing_dates_nothing():
    evs = events("The 2019 Defense Authorization Act was signed on Monday.")
    assert {e.value for e in evs} == {"2019-03-11"}


def test_an_offset_before_a_possessive_dates_the_clause_not_the_noun():
    # "the day before last Tuesday" is one expression; the hearing was on Tuesday, the visit the day before
    evs = events("The day before last Tuesday's court hearing, the father went to the family's home.", "2019-03-14")
    assert by_trigger(evs, "went").value == "2019-03-11"


def test_a_date_of_the_quantity_a_change_is_measured_from_does_not_date_the_change():
    evs = events("Exports jumped from fewer than 2,000 tonnes in 2015 to more than 9,000 tonnes last year.")
    assert values_of(evs, "jumped") == {"2018"}
    evs = events("Revenue rose to $12 million in the fourth quarter, up from $9 million in the third quarter.")
    assert {e.value for e in evs} == {"2018-Q4"}


def test_a_date_after_from_a_place_still_dates_the_verb():
    evs = events("The opposition leader returned from exile in 2015.")
    assert by_trigger(evs, "returned").value == "2015"


def test_an_event_noun_of_a_date_is_dated_by_it():
    evs = events("Officials said the attacks of Feb. 3 had been planned abroad.")
    assert by_trigger(evs, "attacks").value == "2019-02-03"


def test_a_present_tense_clause_takes_no_past_date_the_event_noun_before_it_does():
    evs = events("The ministry is still reviewing a request last week from the mining company.")
    assert by_trigger(evs, "request").value == "2019-W10"


def test_a_verb_placed_after_a_time_of_its_own_is_not_dated_by_the_publication():
    evs = events("The movement was founded after the collapse of the old regime 10 years ago.")
    assert "2019-03-12" not in values_of(evs, "founded")


def test_what_has_just_happened_after_a_past_time_is_still_the_news():
    evs = events("The foreign ministry has advised against travel to the region after the bombing last week.")
    assert by_trigger(evs, "advised").value == "2019-03-12" and by_trigger(evs, "advised").dated_by == "publication"


def test_a_second_date_after_a_dated_verb_belongs_to_the_event_noun_between():
    evs = events("The government on Sunday condemned the bomb attacks in the capital Saturday.")
    assert by_trigger(evs, "condemned").value == "2019-03-10"
    attacks = by_trigger(evs, "attacks")
    assert attacks.value == "2019-03-09"
    assert not any(a.role == "source" for a in attacks.actors)  # the condemners did not attack


def test_an_event_noun_qualifying_a_dated_one_is_not_an_earlier_happening_named_again():
    evs = events("In 2011, a gunman shot a judge in Tucson. A man was indicted last year in the June 2017 shooting "
                 "death of a police officer in Ohio.")
    shot = by_trigger(evs, "shot")
    assert shot.value == "2011" and {x.trigger_text for x in shot.evidence} == {"shot"}
    assert by_trigger(evs, "death").value == "2017-06"


def test_a_statement_is_not_dated_by_the_month_the_story_was_at():
    evs = events("Based on the evidence, including a rifle found in April near the house, officials said they had "
                 "decided to charge him.", "2019-05-08")
    assert by_trigger(evs, "found").value == "2019-04"
    assert "said" not in triggers(evs)


def test_a_participle_on_a_noun_reads_with_its_noun():
    evs = events("Police examined a letter found on Monday in the car.")
    assert by_trigger(evs, "found").summary.startswith("A letter found on Monday")


def test_an_infinitive_after_an_adjective_reads_with_the_clause_that_has_a_subject():
    evs = events("The delegation would be ready to leave for Geneva as soon as Friday, the minister said.")
    assert by_trigger(evs, "leave").summary.startswith("The delegation would be ready to leave for Geneva")


def test_a_clause_placed_after_something_is_not_what_a_sayer_reported_for_the_day():
    evs = events("The mission reopens in Tripoli almost five years after crowds looted its offices, an official said "
                 "on Saturday.")
    assert all(e.value == "2019-03-09" for e in evs)
    assert "looted" not in triggers(evs)


def test_how_something_went_is_a_state():
    evs = events("The raid went wrong on Monday. The delegation went home on Sunday.")
    assert "went" in triggers(evs) and by_trigger(evs, "went").value == "2019-03-10"


def test_a_frame_noun_with_a_time_of_its_own_is_another_happening():
    evs = events("Thousands honoured the rebels who founded the movement more than three decades ago in a rally "
                 "Saturday in the capital.")
    assert by_trigger(evs, "founded").value == "1989" and by_trigger(evs, "rally").value == "2019-03-09"


def test_a_clause_on_a_date_reads_without_the_date_noun():
    evs = events("The airline has struggled since 2016, when fuel prices rose sharply.")
    assert by_trigger(evs, "rose").summary.startswith("Fuel prices rose sharply")


def test_a_sayer_named_again_in_what_it_said_is_the_doer():
    evs = events("Prime Minister Mark Rutte said on Monday that he would travel to Kyiv on Friday.")
    travel = by_trigger(evs, "travel")
    assert travel.modality == "planned" and travel.value == "2019-03-15"
    assert any(a.role == "source" and "Rutte" in a.name for a in travel.actors)


def test_a_participle_on_a_noun_makes_the_noun_a_party():
    evs = events("There were 12 Ukrainian soldiers killed in the Donbas region on Monday.")
    killed = by_trigger(evs, "killed")
    assert any(a.role == "target" and a.country == "UA" for a in killed.actors)


def test_what_a_past_perfect_finding_reports_is_not_at_the_story_date():
    evs = events("Investigators said on Monday that they had concluded that the driver caused the crash.")
    assert "caused" not in triggers(evs)  # before the finding, at no date the text gives
    evs = events("Investigators said on Monday that the driver caused the crash.")
    assert values_of(evs, "caused") == {"2019-03-11"}  # guard: a plain report still dates what it reports


def test_a_verb_with_a_time_phrase_of_its_own_does_not_borrow_its_partners_date():
    evs = events("The van was seen near the depot in the weeks before the robbery, and was recovered from a "
                 "quarry in January, detectives said.")
    assert values_of(evs, "recovered") == {"2019-01"} and "seen" not in triggers(evs)
    evs = events("The suspect fled after the robbery and was arrested in Lyon in January.")
    assert values_of(evs, "arrested") == {"2019-01"} and "fled" not in triggers(evs)
    evs = events("The suspect fled to Spain and was arrested in Lyon in January.")
    assert values_of(evs, "fled") == {"2019-01"}  # guard: with no time of its own it shares the date


def test_a_dated_event_noun_is_not_a_happening_named_before():
    evs = events("The court heard the case in Miami on Feb. 20. The day before last Tuesday's hearing, the uncle "
                 "met the lawyers at his home.")
    assert "hearing" not in triggers(evs)  # not the Feb. 20 one: last Tuesday's is another
    assert values_of(evs, "met") == {"2019-03-04"}


def test_a_date_in_a_quotation_never_dates_the_sayer():
    evs = events("``The blasts of March 3 underscore that nobody is safe here, and that the punishment of the "
                 "killers is essential to peace,'' said the mayor, Anne Dubois.")
    assert values_of(evs, "blasts") == {"2019-03-03"} and "2019-03-03" not in values_of(evs, "said")
    evs = events("The March 3 attacks killed nine people in the capital.")
    assert values_of(evs, "killed") == {"2019-03-03"}  # guard: a dated event noun still dates its own verb


def test_a_reported_happening_placed_after_another_keeps_no_report_date():
    evs = events("The suspect was seen in Calais days after the robbery, police said on Friday.")
    assert "seen" not in triggers(evs)  # seen after the robbery, not on Friday
    assert values_of(evs, "said") == {"2019-03-08"}  # what Friday brought is the statement
    evs = events("The suspect was seen in Calais days after the robbery, the local newspaper reported.")
    assert "seen" not in triggers(evs)  # nor on the day of the story
    evs = events("The suspect was seen in Calais, police said on Friday.")
    assert values_of(evs, "seen") == {"2019-03-08"}  # guard: with no time of its own it takes the report's


def test_a_date_said_in_a_quotation_does_not_move_the_story():
    evs = events("The council voted on Friday to close the mine.\n\n``Today we end a long fight,'' the mayor said. "
                 "Her deputy signed the order in the evening.")
    assert "2019-03-12" not in values_of(evs, "signed")  # not the day of the story: "today" was the mayor's
    evs = events("The council voted on Friday to close the mine. Her deputy signed the order in the evening.")
    assert values_of(evs, "signed") == {"2019-03-08"}  # guard: the story's day carries on


def test_a_later_partner_placed_after_a_happening_still_shares_the_date():
    evs = events("Thousands marched through the capital on Saturday, and police detained 12 people after clashes "
                 "near the palace.")
    assert values_of(evs, "detained") == {"2019-03-09"}


def test_a_coordinated_partner_shares_the_day_not_the_minute():
    evs = events("On Monday at 6 a.m., a jogger saw the van near the depot and wrote down its number.")
    assert values_of(evs, "saw") == {"2019-03-11T06:00"} and values_of(evs, "wrote") == {"2019-03-11"}


def test_a_headline_is_no_lead_and_takes_no_publication_date():
    evs = events("Carmaker recalls 40,000 cars over brake fault\n\nThe carmaker has recalled 40,000 cars "
                 "because of a brake fault. Dealers have contacted every owner.")
    assert "recalls" not in triggers(evs)  # the headline's present is the story's news, told again below
    assert values_of(evs, "recalled") == {"2019-03-12"} and values_of(evs, "contacted") == {"2019-03-12"}
    evs = events("Talks to resume on Friday\n\nNegotiators will meet again in Geneva.")
    assert "2019-03-15" in values_of(evs, "resume")  # a headline's own date still dates it, in its future


def test_a_day_after_a_known_happening_a_verb_takes_is_the_verbs():
    evs = events("The foreign minister condemned the attack on Monday and offered condolences.")
    assert values_of(evs, "condemned") == {"2019-03-11"} and values_of(evs, "offered") == {"2019-03-11"}
    evs = events("Police foiled an attack on Monday.")
    assert values_of(evs, "foiled") == {"2019-03-11"}


def test_a_passive_partner_reads_with_the_shared_subject():
    evs = events("The gunman opened fire on the crowd and was killed by police on Monday.")
    killed = by_trigger(evs, "killed")
    assert killed.summary.startswith("The gunman was killed") and "Police was" not in killed.summary


def test_a_day_between_the_sayer_and_what_had_happened_is_the_reports():
    evs = events("The ministry said on Monday it had summoned the ambassador over the remarks.")
    assert values_of(evs, "said") == {"2019-03-11"} and "2019-03-11" not in values_of(evs, "summoned")
    evs = events("Officials said on Friday troops withdrew from the town.")
    assert values_of(evs, "withdrew") == {"2019-03-08"} and "said" not in triggers(evs)  # guard: the happening


def test_violence_a_witness_reports_is_the_event():
    evs = events("Residents reported heavy shelling in the north of the city on Friday night.")
    shelling = by_trigger(evs, "shelling")
    assert shelling.value == "2019-03-08" and source(shelling, "shelling").reported_by is not None
    assert "reported" not in triggers(evs)
    evs = events("The company reported a loss on Monday.")
    assert "loss" not in triggers(evs)  # a figure, not a happening


def test_a_happening_placed_later_is_not_at_the_time_it_hangs_on():
    evs = events("The firm lost the contest in 2008, when the award was later overturned by a court.")
    assert values_of(evs, "lost") == {"2008"} and "overturned" not in triggers(evs)
    evs = events("The firm lost the contest in 2008, when the award was overturned by a court.")
    assert values_of(evs, "overturned") == {"2008"}  # guard: without "later" the clause is at the year


def test_a_passive_with_a_subject_of_its_own_takes_no_doer_from_its_clause():
    evs = events("Lockheed Martin lost the contest in 2008, when the award was overturned after a protest.")
    assert all(a.role != "source" for a in by_trigger(evs, "overturned").actors)


def test_a_counted_noun_is_a_baseline_only_in_a_change():
    evs = events("The authorities accepted rescue teams from four countries on Sunday.")
    assert values_of(evs, "accepted") == {"2019-03-10"}
    evs = events("Employment in the county rose to 900 jobs, up from 300 jobs in 2010.")
    assert "2010" not in values_of(evs, "rose")  # guard: the year of the baseline


def test_a_lead_whose_subject_has_an_apposition_keeps_its_main_verb():
    evs = events("Jan Novak, a libertarian, defeated Economy Minister Eva Kral on Sunday. The minister conceded "
                 "defeat in a speech to supporters.")
    defeated = by_trigger(evs, "defeated")
    assert defeated.value == "2019-03-10" and any(a.role == "source" and "Novak" in a.name for a in defeated.actors)
    assert values_of(evs, "conceded") == {"2019-03-10"}  # the story goes on at the lead's day


def test_a_date_in_a_later_clause_of_another_subject_does_not_reach_back():
    evs = events("The men were questioned, and officials on Saturday played down their role.")
    assert values_of(evs, "played") == {"2019-03-09"} and "2019-03-09" not in values_of(evs, "questioned")
    evs = events("Police arrested two men and charged them on Saturday.")  # one subject: one time
    assert values_of(evs, "arrested") == {"2019-03-09"}


@pytest.mark.parametrize(
    "text,first,second",
    [
        ("Four miners were killed and 20 injured in an explosion on Friday.", "killed", "injured"),  # on the frame
        ("Two guards were arrested and three others dismissed on Friday.", "arrested", "dismissed"),
    ],
)
def test_a_passive_whose_second_half_leaves_out_its_auxiliary_is_coordinated(text, first, second):
    """ "X were killed and Y injured": the injuring is the killing's coordinated verb, not a clause describing Y,
    and the two share their time."""
    evs = events(text)
    assert values_of(evs, first) == {"2019-03-08"}
    assert values_of(evs, second) == {"2019-03-08"}

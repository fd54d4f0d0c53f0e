"""Actors: kinds, roles from the parse, countries, canonical names and pronouns (real spaCy parse,
time expressions built by hand)."""

from app.extraction import extract
from tests.extraction.helpers import actor, day, events_for, timex


def one(text, *exprs):
    evs = events_for(text, lambda t: [day(t, e, "2019-03-11") for e in exprs])
    assert len(evs) == 1, [e.summary for e in evs]
    return evs[0]


def test_person_with_title_gets_country_and_source_role():
    e = one("US Ambassador to Germany Richard Grenell sent a letter to the German government on Monday.", "on Monday")
    g = actor(e, "Grenell")
    assert g.kind == "person" and g.role == "source" and g.country == "US"
    gov = actor(e, "Germany")
    assert gov.kind == "government" and gov.role == "target" and gov.country == "DE"
    assert e.trigger == "send"
    assert e.countries == ["DE", "US"]


def test_direct_object_and_against_are_targets():
    e = one("France sued Google on Monday.", "on Monday")
    assert actor(e, "France").role == "source" and actor(e, "France").kind == "country"
    assert actor(e, "Google").role == "target" and actor(e, "Google").country == "US"
    e2 = one("Huawei filed a lawsuit against the US government on Monday.", "on Monday")
    assert actor(e2, "Huawei").role == "source" and actor(e2, "Huawei").country == "CN"
    us = actor(e2, "United States")
    assert us.role == "target" and us.kind == "government"


def test_passive_agent_is_source():
    e = one("The deal was signed by Japan on Monday.", "on Monday")
    assert actor(e, "Japan").role == "source"


def test_capital_acting_is_a_government():
    e = one("Beijing rejected the proposal on Monday.", "on Monday")
    a = actor(e, "China")
    assert a is not None and a.kind == "government" and a.country == "CN" and "Beijing" in a.aliases


def test_capital_the_tagger_calls_an_organisation_is_still_a_government():
    text = "France summoned the Italian ambassador on Friday. Two days later, Rome recalled its envoy from Paris."
    evs = events_for(text, lambda t: [day(t, "on Friday", "2019-03-08"), day(t, "Two days later", "2019-03-10")])
    recall = next(e for e in evs if e.trigger == "recall")
    a = actor(recall, "Italy")
    assert a is not None and a.kind == "government" and a.role == "source" and "Rome" in a.aliases
    assert "IT" in recall.countries


def test_demonym_government_phrase():
    e = one("The Chinese government summoned the Canadian ambassador on Monday.", "on Monday")
    assert actor(e, "China").kind == "government" and actor(e, "China").role == "source"
    assert actor(e, "Canada").country == "CA" and actor(e, "Canada").role == "target"


def test_us_state_is_a_place_in_the_us():
    e = one("The senator spoke to students in Iowa on Monday.", "on Monday")
    assert e.location == "Iowa" and "US" in e.countries


def test_mr_surname_is_the_full_name():
    text = ("US Ambassador Richard Grenell warned Berlin about the risks. "
            "Mr Grenell sent a second letter on Monday.")
    e = one(text, "on Monday")
    g = actor(e, "Grenell")
    assert g.name == "Richard Grenell" and g.country == "US" and "Mr Grenell" in g.aliases


def test_single_name_is_the_full_name_even_before_it():
    text = "Ren said on Monday that the company would survive. Huawei's founder, Ren Zhengfei, is defiant."
    e = one(text, "on Monday")
    assert actor(e, "Ren").name == "Ren Zhengfei" and actor(e, "Ren").country == "CN"


def test_two_people_with_one_surname_stay_apart():
    text = "Anna Smith met John Smith in Paris. Smith resigned on Monday."
    e = one(text, "on Monday")
    assert actor(e, "Smith") is None or actor(e, "Smith").name == "Smith"


def test_he_is_the_previous_subject():
    text = "Secretary of State Mike Pompeo visited Hungary. On Monday, he warned allies about Huawei."
    e = one(text, "On Monday")
    p = actor(e, "Pompeo")
    assert p is not None and p.role == "source" and p.name == "Mike Pompeo"
    assert "Mike Pompeo warned" in e.summary


def test_it_is_the_previous_organisation_subject():
    text = "Huawei has launched an aggressive strategy. On Monday, it filed a lawsuit against the US government."
    e = one(text, "On Monday")
    assert actor(e, "Huawei").role == "source"
    assert set(e.countries) == {"CN", "US"}


def test_he_after_a_non_person_subject_is_left_unresolved():
    text = "The company launched a new phone. On Monday, he said sales were strong."
    e = one(text, "On Monday")
    assert not any(a.role == "source" for a in e.actors)


def test_it_after_a_person_subject_is_left_unresolved():
    text = "Angela Merkel spoke to reporters. On Monday, it announced new rules."
    e = one(text, "On Monday")
    assert actor(e, "Merkel") is None


def test_description_is_the_previous_person():
    text = ("In February, Secretary of State Mike Pompeo made the costs explicit. "
            "On Monday, the top US diplomat said allies must choose.")
    evs = events_for(text, lambda t: [timex(t, "In February", "2019-02", "month", "2019-02-01", "2019-02-28"),
                                      day(t, "On Monday", "2019-03-11")])
    assert len(evs) == 2
    for e in evs:
        p = actor(e, "Pompeo")
        assert p is not None and p.role == "source" and p.country == "US"
        assert "the top US diplomat" not in p.aliases  # a post, not a name: it would join other holders


def test_description_that_contradicts_the_country_is_not_the_person():
    text = "German Chancellor Angela Merkel spoke in Berlin. On Monday, the top US diplomat said allies must choose."
    e = one(text, "On Monday")
    assert actor(e, "Merkel") is None
    assert actor(e, "United States") is not None  # an unnamed US diplomat stands for the US government


def test_subject_of_relative_clause_comes_from_the_main_clause():
    text = "“We will not be crushed,” Ren Zhengfei said in a BBC interview that aired on Monday."
    e = one(text, "on Monday")
    assert actor(e, "Ren").role == "source"
    assert actor(e, "BBC").country == "GB"


def test_event_noun_with_possessor():
    text = "Germany's March 7 announcement follows a similar decision by the United Kingdom."
    evs = events_for(text, lambda t: [day(t, "March 7", "2019-03-07")])
    assert len(evs) == 1
    assert evs[0].trigger == "announce" and actor(evs[0], "Germany").role == "source"


def test_two_expressions_dating_one_verb_make_one_event():
    text = "The blast occurred at about 10:35 a.m. on Friday in Nairobi."
    evs = events_for(text, lambda t: [timex(t, "10:35 a.m.", "2019-03-08T10:35", "time", "2019-03-08", "2019-03-08"),
                                      day(t, "on Friday", "2019-03-08")])
    assert len(evs) == 1
    assert {x.expression for x in evs[0].evidence} == {"10:35 a.m.", "on Friday"}
    assert {x.trigger_text for x in evs[0].evidence} == {"occurred", "blast"}  # two words, one happening
    assert evs[0].value == "2019-03-08T10:35"  # the finer of the two


def test_places_named_with_the_location_add_countries_not_actors():
    text = "The bombs went off on Friday at embassies in Nairobi, Kenya, and Dar es Salaam, Tanzania."
    e = one(text, "on Friday")
    assert e.location == "Nairobi"
    assert {"KE", "TZ"} <= set(e.countries)
    assert actor(e, "Tanzania") is None and actor(e, "Kenya") is None


def test_time_zone_is_no_actor():
    e = one("The blast occurred at 0735 GMT on Monday.", "on Monday")
    assert actor(e, "GMT") is None


def test_he_after_a_sentence_with_two_people_is_ambiguous():
    text = "Anna Berg met Peter Lund in Oslo. On Monday, he announced new rules."
    e = one(text, "On Monday")
    assert not any(a.role == "source" for a in e.actors)


def test_the_company_after_two_organisations_one_named_only_by_the_table_is_ambiguous():
    # the tagger reads "Google 1.49 billion" as an amount; the organisation table still finds Google
    text = ("The European Union on Tuesday fined Google 1.49 billion euros for blocking rivals. "
            "On Monday, the company announced new rules.")
    evs = events_for(text, lambda t: [day(t, "on Tuesday", "2019-03-12"), day(t, "On Monday", "2019-03-11")])
    fine = next(e for e in evs if e.trigger == "fine")
    assert actor(fine, "Google").role == "target"
    rules = next(e for e in evs if e.trigger == "announce")
    assert not any(a.role == "source" for a in rules.actors)


def test_the_company_by_its_nationality_is_the_one_just_named_when_the_nationality_agrees():
    text = "Toyota said it would recall a million cars. On Monday, the Japanese automaker halted sales."
    e = next(e for e in events_for(text, lambda t: [day(t, "On Monday", "2019-03-11")]) if e.trigger == "halt")
    assert actor(e, "Toyota").role == "source" and actor(e, "Toyota").country == "JP"
    text = "Toyota said it would recall a million cars. On Monday, the German carmaker halted sales."
    e = next(e for e in events_for(text, lambda t: [day(t, "On Monday", "2019-03-11")]) if e.trigger == "halt")
    assert actor(e, "Toyota") is None  # another company


def test_a_government_known_by_its_leaders_name_is_that_countrys_government():
    e = one("The Macron government sued the company on Monday.", "on Monday")
    assert {(a.name, a.kind, a.role) for a in e.actors if a.role == "source"} == {("France", "government", "source")}
    text = "President Lula da Silva spoke in Brasilia. On Monday, the Lula administration sued the company."
    e = next(e for e in events_for(text, lambda t: [day(t, "On Monday", "2019-03-11")]) if e.trigger == "sue")
    assert [(a.country, a.kind) for a in e.actors if a.role == "source"] == [("BR", "government")]


def test_it_after_a_sentence_with_two_organisations_is_ambiguous():
    text = "Huawei sued Verizon over the patents. On Monday, it announced new rules."
    e = one(text, "On Monday")
    assert not any(a.role == "source" for a in e.actors)


def test_event_types_come_from_the_trigger_or_its_theme():
    assert one("France sued Google on Monday.", "on Monday").event_type == "legal"
    assert one("Germany announced new rules on Monday.", "on Monday").event_type == "statement"
    e = one("In the letter dated Monday, Mr Smith made his case.", "Monday")
    assert e.event_type == "communication"


def test_acronym_and_country_prefix_are_one_organisation():
    text = ("The U.S. Immigration and Naturalization Service reviewed the case. "
            "On Monday, the INS ordered the boy returned to his father.")
    e = one(text, "On Monday")
    ins = actor(e, "Immigration")
    assert ins is not None and ins.role == "source" and ins.country == "US" and "INS" in ins.aliases


def test_title_of_state_is_no_organisation():
    e = one("On Monday, the Secretary of State spoke to reporters about Cuba.", "On Monday")
    assert actor(e, "State") is None


def test_negated_and_hedged_statements_keep_their_modality_and_score_lower():
    plain = one("France signed the treaty on Monday.", "on Monday")
    negated = one("France did not sign the treaty on Monday.", "on Monday")
    hedged = one("France could sign the treaty on Monday.", "on Monday")
    assert (plain.modality, negated.modality, hedged.modality) == ("asserted", "negated", "hypothetical")
    assert negated.confidence < plain.confidence and hedged.confidence < plain.confidence


def test_said_in_a_statement_on_a_day_is_the_sayers():
    e = one("Apple said in a statement on Monday that it had agreed to buy a chip designer.", "on Monday")
    assert actor(e, "Apple").role == "source" and e.countries == ["US"]


def test_national_regulator_is_a_government_and_it_follows():
    text = "The British regulator opened an inquiry in January. On Monday, it said it would publish its findings."
    e = one(text, "On Monday")
    gb = actor(e, "United Kingdom")
    assert gb is not None and gb.kind == "government" and gb.role == "source"


def test_the_company_is_the_previous_organisation():
    text = ("Huawei has launched an aggressive strategy. On Monday, the telecom giant filed a lawsuit against the US"
            " government.")
    e = one(text, "On Monday")
    assert actor(e, "Huawei").role == "source" and "US" in e.countries


def test_the_company_after_a_person_is_left_alone():
    text = "Angela Merkel spoke to reporters. On Monday, the company announced new rules."
    e = one(text, "On Monday")
    assert not any(a.role == "source" for a in e.actors)


def test_a_dated_document_is_the_event_not_the_dating():
    e = one("In the letter to the French finance minister dated Monday, the envoy repeated the warning.", "Monday")
    assert e.trigger == "letter"
    e2 = one("The photograph, dated Monday, shows the harbour.", "Monday")
    assert e2.trigger != "letter"


def test_summary_of_a_relative_clause_reads_with_its_noun():
    text = "Little of the vitriol that the issue aroused in the late 1980s remains."
    (e,) = events_for(text, lambda t: [timex(t, "the late 1980s", "198", "decade", "1980-01-01", "1989-12-31")])
    assert e.summary == "The vitriol that the issue aroused in the late 1980s"


def test_an_institution_many_countries_name_alike_is_the_filing_countrys():
    e = extract("LIMA, Peru (AP) — Congress removed the president from office on Friday.", "2019-03-12").events
    assert actor(e[0], "Congress").country == "PE" and e[0].countries == ["PE"]
    e = extract("WASHINGTON (AP) — Congress approved the budget on Friday.", "2019-03-12").events
    assert actor(e[0], "Congress").country == "US"


def test_a_city_the_tagger_takes_for_a_person_is_the_place():
    e = events_for("Thousands of retirees marched through central Santiago on Saturday.",
                   lambda t: [day(t, "Saturday", "2019-03-09")])
    assert actor(e[0], "Santiago") is None and e[0].countries == ["CL"]


def test_a_company_s_full_name_is_the_company_the_table_knows():
    e = events_for("Toyota Motor Corp recalled 40,000 cars on Monday.", lambda t: [day(t, "Monday", "2019-03-11")])
    assert actor(e[0], "Toyota").country == "JP" and e[0].countries == ["JP"]


def test_a_partner_verb_shares_the_subject_not_where_the_first_went():
    text = "The suspect fled to Spain and was arrested in Lyon in January."
    e = events_for(text, lambda t: [timex(t, "January", "2019-01", "month", "2019-01-01", "2019-01-31")])
    arrested = next(x for x in e if x.trigger == "arrest")
    assert all(a.role != "target" for a in arrested.actors if a.country == "ES")


def test_the_place_people_are_from_is_no_actor_of_its_own():
    e = events_for("Residents of Omdurman fled across the river on Friday.", lambda t: [day(t, "Friday", "2019-03-08")])
    assert [a.kind for a in e[0].actors if "Omdurman" in a.name] == ["group"]  # the residents, not the town
    assert e[0].countries == ["SD"]


def test_a_body_s_lowercase_noun_left_out_of_its_name_is_still_the_body():
    e = events_for("The US State department warned against travel to the region on Monday.",
                   lambda t: [day(t, "Monday", "2019-03-11")])
    dept = actor(e[0], "State")
    assert (dept.name, dept.kind, dept.country) == ("State Department", "government", "US")


def test_coordinated_nationalities_are_each_a_government():
    e = events_for("French and German officials met the delegation on Monday.",
                   lambda t: [day(t, "Monday", "2019-03-11")])
    assert {(a.name, a.kind, a.role) for a in e[0].actors if a.role == "source"} == {
        ("France", "government", "source"), ("Germany", "government", "source")}
    e = events_for("Saudi mediators met both sides on Monday.", lambda t: [day(t, "Monday", "2019-03-11")])
    assert actor(e[0], "Saudi").country == "SA"


def test_the_officials_of_coordinated_countries_are_each_a_government_and_the_card_keeps_the_phrase():
    e = one("The foreign ministers of Spain, Portugal and the Netherlands met in Madrid on Monday.", "on Monday")
    assert {(a.country, a.kind) for a in e.actors if a.role == "source"} == {
        ("ES", "government"), ("PT", "government"), ("NL", "government")}
    # the phrase names the three; the card does not put one country's name in its place
    assert e.summary.startswith("The foreign ministers of Spain, Portugal and the Netherlands met")


def test_a_place_cut_from_a_longer_name_is_not_that_place():
    e = events_for("Hundreds of protesters gathered in Little Havana on Saturday.",
                   lambda t: [day(t, "Saturday", "2019-03-09")])
    assert "CU" not in e[0].countries  # a neighbourhood of Miami

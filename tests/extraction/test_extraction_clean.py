"""Page furniture is masked (offsets kept) and article text is left alone."""

from app.extraction.clean import clean


def masked(text: str) -> str:
    c = clean(text)
    assert len(c.text) == len(text)
    return c.text


BODY = "The ministry said on Monday that talks with the union would resume next week in the capital."


def test_latest_stories_list_with_ages_is_masked():
    text = (BODY + "\nLatest Stories\n-\nCourt clears way for funeral on Saturday\n7 minutes -\n"
            "Minister resigns over 2025 budget\n1 hour -\n")
    out = masked(text)
    assert BODY in out
    assert "Court clears" not in out and "2025" not in out and "Latest Stories" not in out and "7 minutes" not in out


def test_headline_with_age_line_is_masked_without_header():
    text = BODY + "\nFloods hit the north as rivers burst banks\n22 minutes ago\n"
    out = masked(text)
    assert "Floods hit" not in out and BODY in out


def test_audio_credit_and_share_bar():
    text = "Audio By Carbonatix\nShare: Facebook | Twitter | WhatsApp\n" + BODY
    out = masked(text)
    assert "Carbonatix" not in out and "WhatsApp" not in out and out.endswith(BODY)


def test_contributor_and_correction_lines():
    text = (BODY + "\nCORRECTION: This story has been corrected to reflect that the vote was held on 4 May 2018.\n"
            "Jane Doe and John Roe contributed to this report\nReporting by Ann Smith; Editing by Bob Jones\n")
    out = masked(text)
    assert "corrected" not in out and "contributed" not in out and "Editing by" not in out
    assert BODY in out


def test_read_more_and_related_lists():
    text = BODY + "\nRead more:\nWhy the strike matters\nWhat happens next\n"
    out = masked(text)
    assert "Why the strike" not in out
    text2 = BODY + "\nRelated\nMarkets fall on trade fears\n"
    assert "Markets fall" not in masked(text2)
    text3 = BODY + "\nRelated Topics\nRussia\nUK\n"
    assert masked(text3).strip() == BODY


def test_list_ends_at_a_prose_paragraph():
    para = ("The minister " + "said the plan would be reviewed by parliament before the summer recess, " * 4
            + "officials added.")
    text = "Related\nShort headline one\n" + para
    out = masked(text)
    assert "Short headline" not in out and para in out


def test_article_lines_that_mention_stories_survive():
    text = ("Latest stories from the front line describe shortages of food and water in the besieged city, aid groups"
            " said on Tuesday.")
    assert masked(text) == text


def test_offsets_survive_masking():
    text = "Audio By X\r\n" + BODY
    out = masked(text)
    assert out.index("The ministry") == text.index("The ministry")


def test_datelines_are_masked():
    for line in ["BRUSSELS (Reuters) - ", "NAIROBI, Kenya (AP) _ ", "Washington CNN  — ", "NEW YORK (AP) -- "]:
        text = line + BODY
        out = masked(text)
        assert out.strip() == BODY


def test_an_opening_sentence_with_a_dash_is_no_dateline():
    for text in ["The US has underscored to Germany — its threat — again.", "Germany — the country — said so."]:
        assert masked(text) == text


def test_a_dateline_under_a_headline_is_masked():
    text = "Lima mayor resigns after protests\n\nLIMA, Peru (AP) — " + BODY
    out = masked(text)
    assert out.strip().startswith("Lima mayor resigns after protests") and out.rstrip().endswith(BODY)
    assert "(AP)" not in out
    text = "The mayor resigned.\nLIMA, Peru (AP) — " + BODY  # a sentence first: no headline, no dateline
    assert masked(text) == text

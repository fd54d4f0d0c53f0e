"""POS hints for the resolver on texts longer than one spaCy chunk: offsets stay true to the whole text."""

from app.extraction.nlp import _chunks, pos_hints
from app.temporal import resolve


def test_chunks_cover_the_text_exactly_and_cut_at_line_ends():
    text = "".join(f"Line {i} says something on Friday.\n" for i in range(200))
    pieces = list(_chunks(text, 500))
    assert "".join(c for _, c in pieces) == text
    assert all(text[off : off + len(c)] == c for off, c in pieces)
    assert all(c.endswith("\n") for _, c in pieces)
    assert len(pieces) > 10


def test_hints_of_a_chunked_text_point_into_the_whole_text():
    text = "The minister resigned on Friday.\n" * 300 + "The vote will be held on Friday."
    (hints,) = pos_hints([text], chunk_chars=1_000)
    words_seen = [text[s:e] for s, e, _ in hints.tokens if text[s:e].strip()]
    assert "".join(words_seen) == "".join(text.split())  # every token, in order, at its true offset
    words = {text[s:e]: tag for s, e, tag in hints.tokens}
    assert words["resigned"] == "VBD"
    timexes = resolve(text, "2019-03-12", hints)  # a Tuesday
    assert timexes[0].value == "2019-03-08"  # past tense: the Friday before
    assert timexes[-1].value == "2019-03-15"  # future: the Friday after


def test_empty_and_blank_texts_get_no_word_tokens():
    empty, blank = pos_hints(["", "   "])
    assert empty.tokens == []
    assert all(tag == "_SP" for _, _, tag in blank.tokens)

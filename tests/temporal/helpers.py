"""Small helpers for the temporal tests."""

from app.temporal import resolve


def values(text, published_at="2019-03-12", hints=None):
    """{surface text: value} of every timex found."""
    return {t.text: t.value for t in resolve(text, published_at, hints)}


def one(text, expr, published_at="2019-03-12"):
    """The timex whose text is expr (fails when absent)."""
    found = [t for t in resolve(text, published_at) if t.text == expr]
    assert found, f"{expr!r} not tagged in {text!r}: {[t.text for t in resolve(text, published_at)]}"
    return found[0]

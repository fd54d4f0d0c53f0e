"""The temporal resolver: a pure library (no web framework, no database).

    from app.temporal import resolve
    resolve("Germany announced March 7 that ...", "2019-03-12")  # -> [Timex(value="2019-03-07", ...)]
"""

from app.temporal.timex import Hints, Timex

__all__ = ["Hints", "Timex", "resolve"]


def resolve(text, published_at, hints=None):  # replaced by the engine's entry point
    from app.temporal.resolve import resolve as _resolve

    return _resolve(text, published_at, hints)

"""The temporal resolver: a pure library (no web framework, no database).

    from app.temporal import resolve
    resolve("Germany announced March 7 that ...", "2019-03-12")  # -> [Timex(value="2019-03-07", ...)]
"""

from app.temporal.resolve import resolve  # imported eagerly: a lazy import would let the submodule shadow the function
from app.temporal.timex import Hints, Timex

__all__ = ["Hints", "Timex", "resolve"]

"""A time budget for extraction, enforced from outside the extractor: the work runs in a forked child process
(sharing the loaded model copy-on-write) that is killed when the budget runs out, so a pathological text cannot
pin a core beyond it."""

from __future__ import annotations

import multiprocessing
import os
import traceback
from contextvars import ContextVar

# seconds the current request's extraction may take; None: no budget (the library called directly)
budget_s: ContextVar[float | None] = ContextVar("extract_budget_s", default=None)
# niceness the extraction child adds to its CPU priority (queued ingest: background work); 0 for a request's
nice: ContextVar[int] = ContextVar("extract_nice", default=0)


class BudgetExceeded(Exception):
    """The extraction ran out of its time budget and was stopped."""

    def __init__(self, seconds: float):
        super().__init__(f"extraction took longer than its budget of {seconds:g} s and was stopped")
        self.seconds = seconds


class WorkerFailed(RuntimeError):
    """The extraction raised something other than an input error in the child: a bug, with the child's traceback."""


_INPUT = "__extraction_input_error__"


def _portable(value):
    """`value` with the extractor's input errors (which do not survive pickling) as plain tuples."""
    from app.extraction.errors import ExtractionInputError

    if isinstance(value, list):
        return [(_INPUT, v.field, v.problem) if isinstance(v, ExtractionInputError) else v for v in value]
    return value


def _restored(value):
    from app.extraction.errors import ExtractionInputError

    if isinstance(value, list):
        return [ExtractionInputError(v[1], v[2]) if isinstance(v, tuple) and len(v) == 3 and v[0] == _INPUT else v
                for v in value]
    return value


def _child(conn, fn, args, kwargs, niceness: int = 0) -> None:
    from app.extraction.errors import ExtractionInputError

    if niceness:
        os.nice(niceness)
    try:
        conn.send(("ok", _portable(fn(*args, **kwargs))))
    except ExtractionInputError as e:
        conn.send(("input", e.field, e.problem))
    except BaseException:  # noqa: BLE001  sent to the parent, which raises it as a bug
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def call(fn, *args, per: int = 1, **kwargs):
    """fn(*args, **kwargs) within the current budget (`per` articles' worth): in a child process killed when it runs
    out (BudgetExceeded); without a budget, in this process."""
    seconds = budget_s.get()
    if not seconds:
        return fn(*args, **kwargs)
    from app.extraction import settled
    from app.extraction.errors import ExtractionInputError

    settled()  # a warm-up still running in another thread (the server's, at start-up) ends before the fork
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, kwargs, nice.get()), daemon=True, name="extract")
    child.start()
    send.close()
    try:
        seconds *= max(1, per)
        if not receive.poll(seconds):
            child.kill()
            raise BudgetExceeded(seconds)
        try:
            message = receive.recv()
        except EOFError:
            raise WorkerFailed(f"the extraction worker died (exit code {child.join(5) or child.exitcode})") from None
    finally:
        receive.close()
        child.join(timeout=10)
    if message[0] == "ok":
        return _restored(message[1])
    if message[0] == "input":
        raise ExtractionInputError(message[1], message[2])
    raise WorkerFailed("the extraction failed in its worker:\n" + message[1])

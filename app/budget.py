"""A time budget for extraction, enforced from outside the extractor: the work runs in a forked child process
(sharing the loaded model copy-on-write) that is killed when the budget runs out, so a pathological text cannot
pin a core beyond it.

A request's extraction gets a child of its own, forked for it. A queued ingest's (`reuse`, set by the workers) runs
in a child kept for the next article once it answered within its budget: forking and copying the pages a child
writes to cost about a quarter of a short article's extraction. A child that ran out of its budget is killed as
before, one that failed is not kept, and each is replaced after REUSE_CALLS calls (what the extractor's libraries
keep growing, such as spaCy's string store, stays bounded)."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from contextvars import ContextVar

# seconds the current request's extraction may take; None: no budget (the library called directly)
budget_s: ContextVar[float | None] = ContextVar("extract_budget_s", default=None)
# niceness the extraction child adds to its CPU priority (queued ingest: background work); 0 for a request's
nice: ContextVar[int] = ContextVar("extract_nice", default=0)
# keep the child for the next call (queued ingest); a request's child serves it alone
reuse: ContextVar[bool] = ContextVar("extract_reuse", default=False)

REUSE_CALLS = 200  # calls a kept child serves before it is replaced
_IDLE_KEPT = 4  # idle children kept per niceness (one per concurrent job is the need)


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

    settled()  # a warm-up still running in another thread (the server's, at start-up) ends before the fork
    seconds *= max(1, per)
    if reuse.get():
        try:
            work = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            work = None  # a function only a fork can hand over: a child of its own
        if work is not None:
            return _answer(_in_kept_child(work, seconds))
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, kwargs, nice.get()), daemon=True, name="extract")
    child.start()
    send.close()
    try:
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
    return _answer(message)


def _answer(message):
    from app.extraction.errors import ExtractionInputError

    if message[0] == "ok":
        return _restored(message[1])
    if message[0] == "input":
        raise ExtractionInputError(message[1], message[2])
    raise WorkerFailed("the extraction failed in its worker:\n" + message[1])


# --------------------------------------------------------------------------- kept children (queued ingest)


class _Kept:
    """A forked child serving calls one at a time over a pipe (`_serve`)."""

    def __init__(self, niceness: int):
        ctx = multiprocessing.get_context("fork")
        self.conn, theirs = ctx.Pipe(duplex=True)
        self.niceness, self.calls = niceness, 0
        self.process = ctx.Process(target=_serve, args=(theirs, self.conn, niceness, os.getpid()), daemon=True,
                                   name="extract")
        self.process.start()
        theirs.close()

    def close(self) -> None:
        """Stop the child (idle, or past its budget): killed, since a sibling forked later holds this pipe's end too
        and the child would not see it end."""
        self.process.kill()
        self.conn.close()
        self.process.join(timeout=10)


_idle: dict[int, list[_Kept]] = {}
_idle_lock = threading.Lock()


def _in_kept_child(work: bytes, seconds: float):
    """The answer of a kept child (of the current niceness) to `work`, within `seconds`; the child is kept again only
    when it answered and has calls left."""
    niceness = nice.get()
    with _idle_lock:
        kept = _idle.get(niceness, [])
        child = kept.pop() if kept else None
    if child is None or not child.process.is_alive():
        if child is not None:
            child.close()
        child = _Kept(niceness)
    try:
        child.conn.send_bytes(work)
        if not child.conn.poll(seconds):
            child.close()
            raise BudgetExceeded(seconds)
        message = child.conn.recv()
    except (EOFError, OSError):
        child.close()
        raise WorkerFailed(f"the extraction worker died (exit code {child.process.exitcode})") from None
    child.calls += 1
    if message[0] == "error" or child.calls >= REUSE_CALLS:
        child.close()
    else:
        with _idle_lock:
            kept = _idle.setdefault(niceness, [])
            if len(kept) < _IDLE_KEPT:
                kept.append(child)
                child = None
        if child is not None:
            child.close()
    return message


def _serve(conn, parents_end, niceness: int, parent: int) -> None:
    """A kept child's loop: a call at a time, until its pipe ends or its parent is gone."""
    from app.extraction.errors import ExtractionInputError

    parents_end.close()
    # the worker's handlers (its event loop's, which stop the worker) are not this child's: terminated when told
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a ^C reaches the worker, which stops its children
    if niceness:
        os.nice(niceness)
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            fn, args, kwargs = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            message = ("ok", _portable(fn(*args, **kwargs)))
        except ExtractionInputError as e:
            message = ("input", e.field, e.problem)
        except BaseException:  # noqa: BLE001  sent to the parent, which raises it as a bug
            message = ("error", traceback.format_exc())
        try:
            conn.send(message)
        except (OSError, ValueError):
            return

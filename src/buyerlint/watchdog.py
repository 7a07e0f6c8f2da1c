"""Time limits for searches, kept by a timer signal instead of by ``regex`` itself.

``regex`` stops a search at its ``timeout`` by reading the process's CPU clock when the search
starts, at every match of an iterator and every 256 steps: a system call each time, which
costs more than many of the searches a draft needs (2-3 us a call on a virtual machine). In
the main thread, while ``watch()`` is on, searches go without ``timeout``; a timer signal every
``TICK`` seconds stops a search that has run past its deadline instead (``regex`` checks for
signals at those same points, without reading any clock). Elsewhere (other threads, platforms
without ``setitimer``, a program that has a SIGALRM handler or timer of its own) searches keep
their ``timeout``. Either way a search that runs too long raises ``TimeoutError`` (``Overrun``
here), at most ``TICK`` later with the signal.

Only a search is ever stopped: the signal raises nothing unless it comes while ``regex``
runs one (``call`` and ``iterate`` mark those stretches), so no other code sees an exception
it did not ask for.
"""
from __future__ import annotations

import os
import time
from _thread import get_ident
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

TICK = 0.05  # seconds between checks while watching


class Overrun(TimeoutError):
    """A search stopped by the watchdog at its deadline."""


class _State:
    __slots__ = ("deadline", "depth", "on", "owner")

    def __init__(self) -> None:
        self.depth = 0  # ``watch()`` blocks open (main thread only)
        self.owner = -1  # the main thread's ident while watching
        self.deadline = 0.0  # of the search under way (``time.monotonic``)
        self.on = False  # a search is under way


_STATE = _State()


def _alarm(signum: int, frame: Any) -> None:
    if _STATE.on and time.monotonic() >= _STATE.deadline:
        _STATE.on = False
        raise Overrun


def _can_watch() -> bool:
    import signal  # imported when first needed: a run of one draft never is
    import threading

    if not hasattr(signal, "setitimer") or get_ident() != threading.main_thread().ident:
        return False
    if signal.getsignal(signal.SIGALRM) != signal.SIG_DFL:
        return False  # the program (or a library in C: None) has a handler of its own
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and no timer of its own


@contextmanager
def watch(drafts: int = 2) -> Iterator[None]:
    """Inside the block, searches in the main thread are timed by the watchdog (when it can
    be had; else by ``regex``). Blocks nest; the outermost sets the timer and takes it away.
    For fewer than two ``drafts`` to read the watchdog is not worth setting up."""
    if _STATE.depth:
        if get_ident() != _STATE.owner:  # the main thread is watching; this thread is not
            yield
            return
        _STATE.depth += 1
        try:
            yield
        finally:
            _STATE.depth -= 1
        return
    if drafts < 2 or not _can_watch():
        yield
        return
    import signal

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TICK, TICK)
    _STATE.depth, _STATE.owner = 1, get_ident()
    try:
        yield
    finally:
        _STATE.depth, _STATE.owner = 0, -1
        _STATE.on = False
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _forked() -> None:
    """A child forked while watching has no timer: it starts unwatched, with the default handler."""
    if _STATE.depth:
        import signal

        _STATE.depth, _STATE.owner, _STATE.on = 0, -1, False
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


def watching() -> bool:
    """True when the watchdog times searches made now (in this thread)."""
    return _STATE.depth > 0 and get_ident() == _STATE.owner


def call(method: Callable[..., Any], seconds: float, *args: Any) -> Any:
    """``method(*args)`` (a ``regex`` search, match, sub...) stopped after ``seconds``."""
    if not watching():
        return method(*args, timeout=seconds)
    try:
        _STATE.deadline = time.monotonic() + seconds
        _STATE.on = True
        return method(*args)
    finally:
        _STATE.on = False


def iterate(method: Callable[..., Iterator[Any]], seconds: float, *args: Any) -> Iterator[Any]:
    """``method(*args)`` (a ``regex`` finditer) whose steps together may take ``seconds``; as
    with ``regex``'s own timeout, the time the caller takes between matches does not count."""
    if not watching():
        return method(*args, timeout=seconds)
    return _watched(method(*args), seconds)


def _watched(matches: Iterator[Any], seconds: float) -> Iterator[Any]:
    spent = 0.0
    while True:
        began = time.monotonic()
        try:
            _STATE.deadline = began + seconds - spent
            _STATE.on = True
            found = next(matches, None)
        finally:
            _STATE.on = False
        if found is None:
            return
        spent += time.monotonic() - began
        yield found

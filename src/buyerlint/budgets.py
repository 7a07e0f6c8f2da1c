"""Time budgets for searches, so that a pattern with catastrophic backtracking cannot hang a run.

One search (a whole ``finditer`` scan included: the ``regex`` module counts the time of every
step of an iterator against one timeout) may take ``allowance(len(text))`` seconds. Inside
``with budget(seconds):`` every search also stops at that shared deadline, so a rule that runs
many searches over one draft is bounded as a whole (the engine gives each rule one budget per
draft).
"""
from __future__ import annotations

import time
from contextvars import ContextVar

DEFAULT_TIMEOUT = 2.0  # seconds for one search over a short draft
SECONDS_PER_MILLION_CHARS = 10.0  # added per million characters searched
_DEADLINE: ContextVar[float | None] = ContextVar("buyerlint_pattern_deadline", default=None)


class PatternTimeout(RuntimeError):
    """A search ran past its time budget (``seconds``: the timeout it was given)."""

    def __init__(self, source: str, seconds: float) -> None:
        super().__init__(f"pattern {source[:60]!r} ran over {seconds:.1f}s")
        self.source = source
        self.seconds = seconds


def allowance(length: int) -> float:
    """Seconds one search (or one rule, see ``budget``) may take over ``length`` characters."""
    return DEFAULT_TIMEOUT + SECONDS_PER_MILLION_CHARS * length / 1_000_000


class _Budget:
    """A context in which every search stops at a deadline (a class, not a generator: the
    engine opens one for every rule it runs on every draft)."""

    __slots__ = ("_seconds", "_token")

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    def __enter__(self) -> None:
        self._token = _DEADLINE.set(time.monotonic() + self._seconds)

    def __exit__(self, *exc: object) -> None:
        _DEADLINE.reset(self._token)


def budget(seconds: float) -> _Budget:
    """Every search inside ``with budget(seconds):`` stops at a deadline ``seconds`` from now."""
    return _Budget(seconds)


def limit(source: str, length: int, timeout: float | None) -> float:
    """The timeout for one search (of pattern ``source``) over ``length`` characters:
    ``timeout`` or the allowance, and no later than the deadline of the budget it runs in
    (PatternTimeout if that has passed)."""
    seconds = allowance(length) if timeout is None else timeout
    deadline = _DEADLINE.get()
    if deadline is not None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PatternTimeout(source, 0.0)
        seconds = min(seconds, remaining)
    return seconds


def left(deadline: float) -> float:
    """Seconds to ``deadline``; TimeoutError when it has passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    return remaining

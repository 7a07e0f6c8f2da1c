"""Compiling and searching patterns: the one module that runs ``regex`` (``terms`` uses it to
escape text).

Every pattern a pack writes is compiled here once, with the pack's macros expanded
(``<<name>>``), and searched with a time budget (``budgets``) so that a pattern with
catastrophic backtracking cannot hang a run. In a long run, gated patterns first ask their
shadows (``gates``) and may let RE2 find where to try them (``leads``).
"""
from __future__ import annotations

import contextlib
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, NamedTuple

import regex

from buyerlint import diskcache, watchdog
from buyerlint.budgets import PatternTimeout, left, limit

IGNORECASE = int(regex.IGNORECASE)  # in ``Pattern.flags``
_GATES: ContextVar[bool] = ContextVar("buyerlint_pattern_gates", default=True)
_LONG_RUN = [False]  # gates pay off only after a few drafts: see ``long_run``

class PatternError(ValueError):
    """A pattern that does not compile; the message says why."""


def _gating() -> bool:
    """Gated patterns ask their shadows now: after ``long_run()``, outside ``ungated()``."""
    return _LONG_RUN[0] and _GATES.get()


def long_run() -> None:
    """From now on, gated patterns ask their shadows first (translating a pattern and building
    its automaton costs more than a few searches save; the prefilter calls this when it builds
    its own automata)."""
    _LONG_RUN[0] = True


@contextmanager
def ungated() -> Iterator[None]:
    """Inside the block, gated patterns run without asking their shadows (same results, slower)."""
    token = _GATES.set(False)
    try:
        yield
    finally:
        _GATES.reset(token)


class Span(NamedTuple):
    """Start and end of a match (end exclusive)."""

    start: int
    end: int


class Pattern:
    """A pattern with a time budget on every search, compiled when first used.

    ``expanded`` is the regex after macro expansion. A pickled Pattern (the pack cache) keeps
    only its text and flags, so loading one costs nothing until a rule needs it.
    """

    __slots__ = ("_compiled", "_gate", "expanded", "flags", "gated", "source")

    def __init__(
        self, rx: Any, source: str, expanded: str | None = None, flags: int = 0, gated: bool = False
    ) -> None:
        self._compiled = rx
        self.source = source
        self.expanded = expanded if expanded is not None else source
        self.flags = int(flags)  # an int: a flag enum's "&" is a Python call
        self.gated = gated  # searches first ask the pattern's shadow whether a match is possible
        self._gate: Callable[[str], bool] | None = None

    def may_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False only when the pattern cannot match in ``text[pos:endpos]``: its shadow does
        not match anywhere in ``text`` (see ``shadow``; asked about the whole text, since a
        look-around may see beyond a window). Always True for a pattern that is not ``gated``,
        before ``long_run()`` and inside ``ungated()``."""
        if not self.gated or not _gating():
            return True
        gate = self._gate
        if gate is None:
            from buyerlint import gates

            gate = self._gate = gates.gate(self.expanded, bool(self.flags & IGNORECASE)) or _open
        return gate(text)

    def _led(self, text: str, pos: int, end: int) -> Any:
        """The pattern's lead (see ``leads``) for a search of ``text[pos:end]`` now, else None.
        Only gated patterns have one (those search every draft for what it rarely has), and
        only a search that runs to the end of the text uses it: RE2 reads on past ``end``
        where ``regex`` takes ``end`` as the end of the text."""
        if not self.gated or not _gating() or not 0 <= pos <= end == len(text):
            return None
        from buyerlint import leads

        return leads.lead(self.expanded, bool(self.flags & IGNORECASE), self._rx)

    def _next(self, text: str, pos: int, end: int, deadline: float, lead: Any) -> Any:
        """The first ``regex`` match in ``text[pos:end]``, or None; with a ``lead`` (from
        ``_led``) that is still useful, ``regex`` tries only where it matches (see ``leads``).
        Raises TimeoutError at ``deadline``."""
        rx = self._rx
        if lead is not None and lead.useful():
            from buyerlint.leads import MAX_MISSES

            for _ in range(MAX_MISSES):
                at = lead.start(text, pos, end)
                if at is None:
                    break
                if at < 0:
                    return None
                found = watchdog.call(rx.match, left(deadline), text, at, end)
                if found is not None:
                    lead.found += 1
                    return found
                pos = at + 1
        return watchdog.call(rx.search, left(deadline), text, pos, end)

    @property
    def _rx(self) -> Any:
        if self._compiled is None:
            self._compiled = _compiled(self.expanded, self.flags)
        return self._compiled

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def __reduce__(self) -> tuple[Any, ...]:
        # an int loads faster than a flag enum
        return (_lazy, (self.source, self.expanded, int(self.flags), self.gated))

    def _timed_out(self, seconds: float) -> PatternTimeout:
        return PatternTimeout(self.source, seconds)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, timeout: float | None = None
    ) -> Iterator[Span]:
        end = len(text) if endpos is None else endpos
        if self.gated and not self.may_match(text, pos, end):
            return
        seconds = limit(self.source, end - pos, timeout)
        try:
            lead = self._led(text, pos, end)
            if lead is None or not lead.useful():
                for m in watchdog.iterate(self._rx.finditer, seconds, text, pos, end):
                    if m.end() > m.start():
                        yield Span(m.start(), m.end())
                return
            spent = 0.0  # like ``regex``'s own iterator, count the searching, not the caller's work
            while True:
                began = time.monotonic()
                m = self._next(text, pos, end, began + seconds - spent, lead)
                spent += time.monotonic() - began
                if m is None:
                    return
                yield Span(m.start(), m.end())  # never empty: a pattern with a lead has no empty match
                pos = m.end()
        except TimeoutError:
            raise self._timed_out(seconds) from None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every match ``finditer(text)`` gives, found in one call: for a pattern
        that matches a text many times (sentence breaks), without a generator's step a match."""
        if self.gated and not self.may_match(text):
            return []
        rx = self._rx

        def every(text: str, timeout: float | None = None) -> list[tuple[int, int]]:
            return [m.span() for m in rx.finditer(text, timeout=timeout) if m.end() > m.start()]

        seconds = limit(self.source, len(text), None)
        try:
            return list(watchdog.call(every, seconds, text))
        except TimeoutError:
            raise self._timed_out(seconds) from None

    def finditer_in(self, text: str, windows: Iterable[tuple[int, int, int]]) -> Iterator[Span]:
        """For each window ``(pos, stop, endpos)`` in turn, the matches of
        ``finditer(text, pos, endpos)`` that start before ``stop``; the gate is asked once."""
        if self.gated and not self.may_match(text):
            return
        rx = self._rx
        for pos, stop, end in windows:
            seconds = limit(self.source, end - pos, None)
            try:
                for m in watchdog.iterate(rx.finditer, seconds, text, pos, end):
                    if m.start() >= stop:
                        break
                    if m.end() > m.start():
                        yield Span(m.start(), m.end())
            except TimeoutError:
                raise self._timed_out(seconds) from None

    def groupiter(
        self, text: str, timeout: float | None = None
    ) -> Iterator[tuple[Span, dict[str, str | None]]]:
        """Like finditer, with the named groups of each match."""
        if self.gated and not self.may_match(text):
            return
        seconds = limit(self.source, len(text), timeout)
        try:
            for m in watchdog.iterate(self._rx.finditer, seconds, text):
                yield Span(m.start(), m.end()), m.groupdict()
        except TimeoutError:
            raise self._timed_out(seconds) from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Span | None:
        """The first non-empty match in ``text[pos:endpos]`` (the first that ``finditer`` gives)."""
        if not self.gated:  # one call to ``regex``, without the iterator's machinery
            end = len(text) if endpos is None else endpos
            seconds = limit(self.source, end - pos, None)
            try:
                m = watchdog.call(self._rx.search, seconds, text, pos, end)
            except TimeoutError:
                raise self._timed_out(seconds) from None
            if m is None or m.end() > m.start():
                return None if m is None else Span(m.start(), m.end())
        for span in self.finditer(text, pos, endpos):
            return span
        return None

    def fullmatch(self, text: str) -> bool:
        seconds = limit(self.source, len(text), None)
        try:
            return watchdog.call(self._rx.fullmatch, seconds, text) is not None
        except TimeoutError:
            raise self._timed_out(seconds) from None

    def sub(self, repl: str, text: str) -> str:
        seconds = limit(self.source, len(text), None)
        try:
            return str(watchdog.call(self._rx.sub, seconds, repl, text))
        except TimeoutError:
            raise self._timed_out(seconds) from None


def _compiled(expanded: str, flags: int) -> Any:
    """``regex.compile``, through the on-disk cache: a ``regex`` pattern pickles with its
    compiled program, so loading one costs a fraction of compiling it (keyed by the pattern,
    its flags and the ``regex`` and Python versions; a damaged entry is compiled again)."""
    digest = diskcache.digest(f"{regex.__version__}|{sys.version}|{int(flags)}|".encode())  # a flag enum or an int
    digest.update(expanded.encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    data = diskcache.read("regex", key)
    if data is not None:
        try:
            rx = pickle.loads(data)
            if rx.pattern == expanded and rx.flags & flags == flags:
                return rx
        except Exception:
            pass
    rx = regex.compile(expanded, flags)
    with contextlib.suppress(Exception):  # a pattern that does not pickle is just not cached
        diskcache.write("regex", key, pickle.dumps(rx, protocol=pickle.HIGHEST_PROTOCOL))
    return rx


# the one test for all the parts of an alternation (``gates.gates``), by the parts' tuple
_PART_GATES: dict[tuple[Pattern, ...], tuple[Callable[[str], tuple[bool, ...]] | None]] = {}


def _may_match(parts: Sequence[Pattern], text: str) -> list[Pattern]:
    """The ``parts`` that may match ``text``; gated ones all asked in one RE2 pass."""
    if len(parts) < 2 or not all(p.gated for p in parts) or not _gating():
        return [p for p in parts if p.may_match(text)]
    key = parts if isinstance(parts, tuple) else tuple(parts)
    found = _PART_GATES.get(key)
    if found is None:
        from buyerlint import gates

        if len(_PART_GATES) > 64:
            _PART_GATES.clear()
        found = _PART_GATES[key] = (gates.gates(tuple((p.expanded, bool(p.flags & IGNORECASE)) for p in parts)),)
    test = found[0]
    if test is None:
        return list(parts)
    return [p for p, ok in zip(parts, test(text), strict=True) if ok]


def merged_groupiter(parts: Sequence[Pattern], text: str) -> Iterator[tuple[Span, dict[str, str | None]]]:
    """The matches of the alternation ``(?:p1)|(?:p2)|...`` of ``parts``, searched part by part.

    ``regex`` searches an alternation position by position, trying every part at each; searched
    alone, a part can use its own fast paths (a leading literal, a required character). The
    result is the alternation's: the earliest match, of the earliest part at one position, and
    the search goes on at its end. Parts must not match the empty string, refer to each other's
    groups, or set global flags. Named groups of the other parts are absent from a match's dict.
    """
    parts = _may_match(parts, text)
    pending: list[Any] = [None] * len(parts)
    stale = [True] * len(parts)
    pos = 0
    seconds = 0.0
    try:
        while True:
            best = -1
            for i, part in enumerate(parts):
                m = pending[i]
                if stale[i] or (m is not None and m.start() < pos):
                    seconds = limit(part.source, len(text) - pos, None)  # within the rule's budget
                    lead = part._led(text, pos, len(text))
                    m = pending[i] = part._next(text, pos, len(text), time.monotonic() + seconds, lead)
                    stale[i] = False
                if m is not None and (best < 0 or m.start() < pending[best].start()):
                    best = i
            if best < 0:
                return
            m = pending[best]
            yield Span(m.start(), m.end()), m.groupdict()
            pos = m.end() if m.end() > m.start() else m.end() + 1
    except TimeoutError:
        raise PatternTimeout(parts[0].source, seconds) from None


@cache
def _macro() -> Any:
    """The ``<<name>>`` of a macro (compiled when a pattern first uses one)."""
    return _compiled(r"<<([A-Za-z_][A-Za-z0-9_]*)>>", regex.V0)


def expand_macros(source: str, macros: Mapping[str, str], _depth: int = 0) -> str:
    """Replace ``<<name>>`` with the macro's text, recursively; unknown names are errors."""
    if "<<" not in source:
        return source
    if _depth > 8:
        raise PatternError("macros nest more than 8 deep (a macro that uses itself?)")

    def one(m: Any) -> str:
        name = m.group(1)
        if name not in macros:
            known = ", ".join(sorted(macros)) or "none"
            raise PatternError(f"unknown macro <<{name}>> (known: {known})")
        return "(?:" + expand_macros(macros[name], macros, _depth + 1) + ")"

    return str(_macro().sub(one, source))


def compile_pattern(
    source: str,
    *,
    ignorecase: bool = True,
    macros: Mapping[str, str] | None = None,
    lazy: bool = False,
    gated: bool = False,
) -> Pattern:
    """Compile one pattern (after macro expansion); raise PatternError if it is invalid.

    ``lazy`` defers compiling to the first search (for patterns written in buyerlint's own
    code, which the test-suite compiles): importing a module then costs nothing.
    """
    expanded = expand_macros(source, macros or {})
    flags = regex.V0 | (regex.IGNORECASE if ignorecase else 0)
    if lazy:
        return Pattern(None, source, expanded, flags, gated)
    try:
        rx = _compiled(expanded, flags)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise PatternError(f"invalid regex {source!r}: {exc}") from exc
    return Pattern(rx, source, expanded, flags, gated)


def _lazy(source: str, expanded: str, flags: int, gated: bool = False) -> Pattern:
    """A pattern already known to compile, compiled when first used (unpickling)."""
    return Pattern(None, source, expanded, flags, gated)


def _open(text: str) -> bool:
    return True

"""Leads: where a pattern's matches may start, found by RE2, so that ``regex`` tries only there.

``regex`` searches by trying its pattern at every position of a text; for a pattern that opens
with look-behinds or wide classes, that is most of the cost of a search. A *lead*
(``shadow.lead``) is an RE2 pattern that matches, from the same position, every text the
pattern matches. RE2's automaton finds the first position where the lead matches, in one pass
in C++; ``regex`` then tries its pattern anchored there, and the search goes on past that
position if it fails. No match is lost: a match of the pattern starts where the lead matches,
and RE2 reports the leftmost such position.

Leads serve the gated patterns (see ``patterns.Pattern``): the detectors' patterns, searched in
every draft for what few drafts have, so that their automata stay warm. A lead pays for itself
only where it lets ``regex`` skip much work, so it is used only:

- when it scans an ordinary message ``_FASTER`` times faster than ``regex`` scans it (timed
  once, when the lead is built: ``regex`` finds a pattern that opens with a plain word fast by
  itself);
- while it skips, on average, enough characters a question to pay for it, and no more than two
  thirds of its answers are matches (judged after ``TRIAL`` questions: a pattern that matches
  often, or is searched in short windows, gains nothing). Enough is what ``regex`` scans in
  the time a question takes, timed with the rest (``MIN_SKIP`` at most, and for a lead not
  timed): a pattern that is slow for ``regex`` keeps a lead that skips little;
- for ``MAX_MISSES`` failed tries a search: the rest of that search is left to ``regex``.

A pattern that opens with a negative look-behind of one character ("not after a letter")
has a lead that asks for the character before the match too (``shadow.lead_edge``), over the
text with a newline put before it: a lead without it stops inside words ("is a bit" for
spaced-out letters), where the look-behind rules a match out.

Texts that are not valid UTF-8 (lone surrogates), which RE2 cannot read, are searched by
``regex`` alone. Which way a search goes never changes what it finds; translating a pattern
takes milliseconds, so translations are kept in the on-disk cache (``diskcache``).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from buyerlint import diskcache, packcache
from buyerlint.re2set import program
from buyerlint.shadow import lead as lead_pattern
from buyerlint.shadow import lead_edge

MAX_MISSES = 3  # failed tries at candidate positions before a search goes on without its lead
TRIAL = 64  # questions a lead answers before it is judged
MIN_SKIP = 256  # characters a lead not timed must skip a question, on average, to be kept
_MEMORY = 1 << 20  # RE2's memory for one lead (beyond, it falls back to a slower engine)
_SECTION = "leads"  # of the on-disk cache
_NO_BYTES = b""
# the last text asked about, as UTF-8, without and with a newline before it (one entry each)
_LAST: list[tuple[str, bytes]] = [("", b""), ("", b"")]


def _encoded(text: str, edged: bool = False) -> bytes:
    """``text`` in UTF-8 (after a newline when ``edged``), kept for the next question about
    the same text; ``_NO_BYTES`` when it has lone surrogates (RE2 reads UTF-8 only)."""
    last = _LAST[edged]
    if last[0] is text:
        return last[1]
    try:
        data = ("\n" + text if edged else text).encode("utf-8")
    except UnicodeEncodeError:
        data = _NO_BYTES
    _LAST[edged] = (text, data)
    return data


class Lead:
    """An RE2 program for a pattern's lead; ``start(text, pos, end)`` is the leftmost position
    at or after ``pos`` where it matches within ``text[:end]`` (-1: none; None: RE2 cannot say).
    ``edged``: the program opens with the class of the character before a match, and searches
    the text with a newline before it (see ``shadow.lead_edge``)."""

    __slots__ = ("_anchor", "_convert", "_rx", "asked", "edged", "found", "min_skip", "skipped")

    def __init__(self, rx: Any, anchor: Any, convert: tuple[Any, Any], edged: bool = False) -> None:
        self._rx = rx
        self._anchor = anchor
        self._convert = convert  # (CharLenToBytes, BytesToCharLen)
        self.edged = edged
        self.asked = 0
        self.skipped = 0  # characters that ``regex`` did not have to try, over all questions
        self.found = 0  # questions whose answer was a match of the pattern (``regex`` said so)
        self.min_skip: float = MIN_SKIP  # characters it must skip a question, on average

    def useful(self) -> bool:
        """False once the lead has shown that it skips too little to pay for itself, or that
        its pattern matches often (``regex`` alone finds a run of matches faster)."""
        asked = self.asked
        return asked < TRIAL or (self.skipped >= self.min_skip * asked and 3 * self.found <= 2 * asked)

    def start(self, text: str, pos: int, end: int) -> int | None:
        edged = self.edged
        data = _encoded(text, edged)
        if not data and (text or edged):
            return None
        # an edged program reads the character before ``pos`` (or the newline before the text),
        # and its match starts there: one place before the lead's answer, which is the same
        # number in the text without the newline
        found: int
        if len(data) == len(text) + edged:  # ASCII: characters and bytes line up
            found = self._rx.Match(self._anchor, data, pos, end + edged)[0][0]
        else:
            to_bytes, to_chars = self._convert
            first = to_bytes(data, 0, pos)
            last = first + to_bytes(data, first, end + edged - pos)
            found = self._rx.Match(self._anchor, data, first, last)[0][0]
            found = found if found < 0 else pos + to_chars(data, first, found)
        self.asked += 1
        self.skipped += (end if found < 0 else found) - pos
        return found


# A stretch of an ordinary message (with an order id, a date, prices) that patterns are timed on
_SAMPLE = (
    "Hello Maria, thank you for your order 123-4567890-1234567 placed on 12/03/2024. Your package "
    "(2 items, $19.99 each) ships today; it should arrive by Friday! If anything is wrong, just "
    "reply here and we'll sort it out.\n"
) * 3
_FASTER = 4.0  # how many times faster than ``regex`` a lead must scan the sample to be used


def _scan_time(scan: Callable[[], object]) -> float:
    """The quicker of two runs of ``scan`` (the first may build automaton states)."""
    best = float("inf")
    for _ in range(2):
        began = time.perf_counter()
        scan()
        best = min(best, time.perf_counter() - began)
    return best


@lru_cache(maxsize=1024)
def lead(source: str, ignorecase: bool, rx: Any) -> Lead | None:
    """The lead of a pattern (``regex`` syntax, expanded; ``rx``, its compiled ``regex``), or
    None: without google-re2, when the pattern has none (see ``shadow.lead``) or RE2 refuses
    it, or when it scans an ordinary message no more than ``_FASTER`` times faster than ``rx``
    (timed once, here: most patterns that start with a plain word ``regex`` scans fast itself)."""
    found = _lead(source, ignorecase)
    if found is None:
        return None
    try:
        slow = _scan_time(lambda: rx.search(_SAMPLE, timeout=1.0))
    except TimeoutError:  # an ordinary message is hard for ``regex``: it needs the lead all the more
        slow = float("inf")
    quick = _scan_time(lambda: found.start(_SAMPLE, 0, len(_SAMPLE)))
    found.asked = found.skipped = 0
    if not slow > _FASTER * quick:
        return None
    found.min_skip = min(MIN_SKIP, len(_SAMPLE) * quick / slow)  # what ``regex`` scans meanwhile
    return found


def _translate(source: str, ignorecase: bool) -> str | None:
    """The lead's RE2 program text: ``shadow.lead``, after its edge's class when it has one
    (then the text starts with ``_EDGED``, which is not RE2's); None without a lead."""
    piece = lead_pattern(source, ignorecase)
    if piece is None:
        return None
    edge = lead_edge(source, ignorecase)
    return piece if edge is None else f"{_EDGED}{edge}(?:{piece})"


_EDGED = "\x00"  # marks an edged lead's program text (``shadow`` writes no NUL itself)


def _piece(source: str, ignorecase: bool) -> str | None:
    """``_translate``, through the on-disk cache (translating a long pattern takes
    milliseconds; keyed by the code that translates and by the pattern, see
    ``diskcache.remembered``): a wrong lead would lose matches, where a missing one only costs
    time."""
    made_for = packcache.code_fingerprint() + (b"i" if ignorecase else b"c") + source.encode("utf-8", "surrogatepass")
    data = diskcache.remembered(_SECTION, made_for, lambda: (_translate(source, ignorecase) or "").encode("utf-8"))
    try:
        return data.decode("utf-8") or None
    except UnicodeDecodeError:  # damaged: translate again
        return _translate(source, ignorecase)


def _lead(source: str, ignorecase: bool) -> Lead | None:
    piece = _piece(source, ignorecase)
    if piece is None:
        return None
    edged = piece.startswith(_EDGED)
    rx = program(piece[len(_EDGED) :] if edged else piece, _MEMORY)
    if rx is None:
        return None
    from re2 import _re2

    return Lead(rx, _re2.RE2.Anchor.UNANCHORED, (_re2.CharLenToBytes, _re2.BytesToCharLen), edged)

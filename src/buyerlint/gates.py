"""Shadows (see ``shadow``) put to work by google-re2: a test per pattern (``gate``), one pass for
several patterns (``gates``), and how long an automaton stays inside a piece (``lingering``), by
which the prefilter groups pieces into sets."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from buyerlint import re2set
from buyerlint.shadow import shadow


def gate(source: str, ignorecase: bool) -> Callable[[str], bool] | None:
    """A test that is False only for texts where ``source`` cannot match (its shadow's pieces
    run by google-re2); None without google-re2 or without a shadow. A pattern is gated where
    its authors know it rarely matches, so its shadow is kept however common it looks."""
    test = gates(((source, ignorecase),))
    return None if test is None else lambda text: test(text)[0]


@lru_cache(maxsize=64)
def gates(sources: tuple[tuple[str, bool], ...]) -> Callable[[str], tuple[bool, ...]] | None:
    """``gate`` for several patterns (source, ignorecase) at once, with one RE2 pass: for each,
    False only where it cannot match (a pattern without a shadow is always True)."""
    owners: list[int] = []
    pieces: list[str] = []
    for n, (source, ignorecase) in enumerate(sources):
        found = shadow(source, ignorecase, min_bits=0.0) or ()
        pieces.extend(found)
        owners.extend([n] * len(found))
    scan = re2set.compile_set(pieces, 32 << 20) if pieces else None
    if scan is None:
        return None
    needs = [frozenset(i for i, owner in enumerate(owners) if owner == n) for n in range(len(sources))]

    def test(text: str) -> tuple[bool, ...]:
        hits = scan(text)
        if hits is None:
            return (True,) * len(needs)
        return tuple(need <= hits for need in needs)  # no pieces: an empty set, always True

    return test


_RUN = re.compile(r"\(\?:\[((?:[^\]\\]|\\x\{[0-9a-fA-F]+\})*)\]\)\{[01],\}")  # (?:[class]){0,} or {1,}
_ITEM = re.compile(r"(\\x\{([0-9a-fA-F]+)\}|[^\\])(?:-(\\x\{([0-9a-fA-F]+)\}|[^\\]))?")


def lingering(piece: str) -> int:
    """How long an automaton may stay inside ``piece`` (as ``shadow`` writes them), from its
    widest unbounded run: 2 for a gap (a class of more than 64 ASCII characters, such as
    ``[^.!?]``), 1 for a run of word characters or the like (more than 32), else 0. Pieces of
    each kind scanned in a ``Set`` of their own make far fewer automaton states in all than
    one ``Set`` of every piece: runs that last keep the other pieces' partial matches apart."""
    widest = 0
    for run in _RUN.finditer(piece):
        count = 0
        for item in _ITEM.finditer(run.group(1)):
            lo = int(item.group(2), 16) if item.group(2) else ord(item.group(1))
            hi = lo
            if item.group(3):
                hi = int(item.group(4), 16) if item.group(4) else ord(item.group(3))
            count += max(0, min(hi, 127) - lo + 1)
        widest = max(widest, count)
    return 2 if widest > 64 else 1 if widest > 32 else 0

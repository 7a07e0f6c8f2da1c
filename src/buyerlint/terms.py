"""Pattern text for plain terms: whole words with digit swaps ("P4yP4l"), literals, alternations."""
from __future__ import annotations

from collections.abc import Sequence

import regex

# Digit and symbol swaps that writers use to slip a word past a filter ("P4yP4l").
_LEET: dict[str, str] = {
    "a": "a4@",
    "e": "e3",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7",
}
# Between the words of a multi-word term: spaces, hyphens, underscores or nothing.
_TERM_GAP = r"[\s\-_.]*"
_WORD_START = r"(?<![\p{L}\p{N}])"
_WORD_END = r"(?![\p{L}\p{N}])"


def alternation(sources: Sequence[str]) -> str:
    """One pattern that matches any of ``sources`` (each kept in its own group)."""
    return "|".join(f"(?:{s})" for s in sources)


def term_regex(term: str, swaps: bool = True) -> str:
    """A whole-word pattern for a plain term, tolerant of digit-for-letter swaps.

    ``paypal`` also matches ``P4yP4l`` (not with ``swaps=False``); ``cash app`` also matches
    ``cashapp`` and ``cash-app``. Letters that have no common swap are matched as written.
    """
    parts: list[str] = []
    for word in term.split():
        chars = []
        for ch in word:
            swaps_of = _LEET.get(ch.lower()) if swaps else None
            if swaps_of:
                chars.append("[" + regex.escape(swaps_of) + "]")
            else:
                chars.append(regex.escape(ch))
        parts.append("".join(chars))
    return _WORD_START + _TERM_GAP.join(parts) + _WORD_END


def literal(text: str) -> str:
    return str(regex.escape(text))

"""Sets of characters for shadows (see ``shadow``), written as RE2 classes.

A set keeps its ASCII members exactly twice over: ``ascii``, every ASCII character it may hold
(a superset, for matching) and ``sure``, those it certainly holds (a subset, for complements);
beyond ASCII it holds either every character (``wide``) or a few named ones. Unicode tables of
either engine are never relied on: a set that may hold one non-ASCII character holds them all.
``bits`` rates how rare a character of a set is in English prose, to rank a shadow's pieces.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import regex

from buyerlint.keywords import CASE_FOLDS

_ASCII_SPACE = frozenset(map(ord, "\t\n\x0b\x0c\r "))  # whitespace in every engine and mode
_WIDE_SPACE = _ASCII_SPACE | frozenset(range(0x1C, 0x20))
WORD = frozenset(ord(c) for c in map(chr, range(128)) if c.isalnum() or c == "_")  # ASCII word characters
_DIGIT = frozenset(range(0x30, 0x3A))
ALL_ASCII = frozenset(range(128))
_FOLDS_OF: dict[str, frozenset[str]] = {
    letter: frozenset(k for k, v in CASE_FOLDS.items() if v == letter) for letter in set(CASE_FOLDS.values())
}


class Chars:
    """A set of characters, known exactly enough for both uses: ``ascii`` holds every ASCII
    character it may contain (a superset, for matching), ``sure`` those it certainly contains (a
    subset, for complements); ``wide``: it may contain any non-ASCII character, else only
    ``extra``."""

    __slots__ = ("ascii", "extra", "sure", "wide")

    def __init__(
        self,
        ascii_: Iterable[int] = (),
        wide: bool = False,
        extra: Iterable[str] = (),
        sure: Iterable[int] | None = None,
    ) -> None:
        self.ascii = set(ascii_)
        self.sure = set(self.ascii if sure is None else sure)
        self.wide = wide
        self.extra = set(extra)

    def add(self, other: Chars) -> None:
        self.ascii |= other.ascii
        self.sure |= other.sure
        self.wide |= other.wide
        self.extra |= other.extra

    def complement(self) -> Chars:
        return Chars(ALL_ASCII - self.sure, wide=True, sure=ALL_ASCII - self.ascii)

    def regex(self) -> str:
        parts = [_ranges(sorted(self.ascii))]
        if self.wide:
            parts.append(r"\x{80}-\x{10FFFF}")
        else:
            parts.extend(_esc(ord(ch)) for ch in sorted(self.extra))
        body = "".join(parts)
        return f"[{body}]" if body else r"[^\x00-\x{10FFFF}]"


def _esc(code: int) -> str:
    return chr(code) if code < 128 and chr(code).isalnum() else f"\\x{{{code:x}}}"


def _ranges(codes: list[int]) -> str:
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(_esc(codes[i]) if i == j else f"{_esc(codes[i])}-{_esc(codes[j])}")
        i = j + 1
    return "".join(out)


def letter(code: int, icase: bool) -> Chars:
    """One character as written, with its case partners when ``icase``."""
    ch = chr(code)
    if not icase:
        return Chars((code,)) if code < 128 else Chars(extra=(ch,))
    if code < 128:
        low = ch.lower()
        return Chars({ord(low), ord(ch.upper())}, extra=_FOLDS_OF.get(low, ()))
    partner = CASE_FOLDS.get(ch)  # the ASCII letter it matches, if any
    ascii_ = {ord(partner), ord(partner.upper())} if partner else set()
    return Chars(ascii_, wide=True)  # its non-ASCII case partners: not worked out, all taken


def span(lo: int, hi: int, icase: bool) -> Chars:
    """The range ``lo``-``hi`` of a class."""
    out = Chars()
    for code in range(lo, min(hi, 127) + 1):
        out.add(letter(code, icase))
    if hi >= 128:
        out.wide = True
        if icase:  # a non-ASCII character in the range that matches an ASCII letter
            for ch, ascii_letter in CASE_FOLDS.items():
                if lo <= ord(ch) <= hi:
                    out.ascii |= {ord(ascii_letter), ord(ascii_letter.upper())}
    return out


def category(code: Any) -> Chars:
    name = str(code).upper()
    if "DIGIT" in name:
        found = Chars(_DIGIT, wide=True)
    elif "WORD" in name:
        found = Chars(WORD, wide=True)
    elif "SPACE" in name:
        found = Chars(_WIDE_SPACE, wide=True, sure=_ASCII_SPACE)
    else:
        raise ValueError(name)
    return found.complement() if "NOT_" in name else found


def prop(name: str, negated: bool, icase: bool) -> Chars:
    """``\\p{name}``: exact on ASCII, as ``regex`` (the engine that decides) matches it there;
    possibly any non-ASCII character in all cases."""
    short = name.removeprefix("gc=").removeprefix("General_Category=")
    if short.startswith("^"):
        short, negated = short[1:], not negated
    try:
        rx = regex.compile(rf"\p{{{short}}}", regex.V0 | (regex.IGNORECASE if icase else 0))
    except regex.error:  # a name regex does not know: possibly any character
        return Chars(ALL_ASCII, wide=True, sure=())
    found = Chars({i for i in range(128) if rx.fullmatch(chr(i))}, wide=True)
    return found.complement() if negated else found


def bits(chars: Chars) -> float:
    """How rare a character of the class is in a message: -log2 of its share of the text,
    from rough letter frequencies of English prose."""
    share = sum(_SHARE[c] for c in chars.ascii) + (_NON_ASCII if chars.wide or chars.extra else 0.0)
    return -math.log2(min(1.0, max(share, 1e-6)))


_LETTERS = "etaoinshrdlcumwfgypbvkjxqz"
_LETTER_SHARE = (12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0,
                 2.0, 1.9, 1.5, 1.0, 0.8, 0.15, 0.15, 0.1, 0.07)
_NON_ASCII = 0.0005  # most messages have none at all
_SHARE = dict.fromkeys(range(128), 0.0005)
_SHARE.update({ord(" "): 0.16, ord("."): 0.01, ord(","): 0.01, ord("\n"): 0.01, ord("'"): 0.003})
_SHARE.update({ord(c): 0.002 for c in "0123456789"})
for _ch, _pct in zip(_LETTERS, _LETTER_SHARE, strict=True):
    _SHARE[ord(_ch)] = _pct * 0.0075
    _SHARE[ord(_ch.upper())] = _pct * 0.0004

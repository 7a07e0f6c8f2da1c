"""Letters of other scripts that pass for Latin ones ("PаyPаl" with a Cyrillic "а"), and the
view's step that maps them back.

A word changes only where it holds a character of the table (``data/confusables.txt``): it
mixes scripts, or, in a mostly Latin text, is made only of look-alikes ("еВау"). The step's
word pattern matches within stretches of letters, digits and non-ASCII characters, never
across them; so it runs only over the stretches that hold a character of the table (found
among the text's non-ASCII characters), not over the whole text: there, trying a word at every
position, it took 300-500 microseconds on a message with a single look-alike, against 100.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import regex

from buyerlint.keywords import beyond_ascii
from buyerlint.offsets import OffsetMap, positions, transform
from buyerlint.patterns import Pattern, compile_pattern

# a word with a non-ASCII character (the step's unit; a placeholder mark is never part of one)
_WORD = r"[\p{L}\p{N}]*[^\x00-\x7f\ufffc][\p{L}\p{N}]*"
# what a word may be made of: [\p{L}\p{N}] or [^\x00-\x7f\ufffc], as one class
_STRETCH = r"[0-9A-Za-z\x80-\ufffb\ufffd-\U0010ffff]*"
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


@cache
def table() -> dict[str, str]:
    """Look-alike character -> the Latin letter or digit it passes for."""
    from importlib import resources  # only for a draft with non-ASCII letters

    found: dict[str, str] = {}
    data = resources.files("buyerlint").joinpath("data/confusables.txt").read_text("utf-8")
    for line in data.splitlines():
        if line and not line.startswith("#"):
            code, ascii_char = line.split()
            found[chr(int(code, 16))] = ascii_char
    return found


@cache
def _words() -> Pattern:
    return compile_pattern(_WORD, ignorecase=False)


@cache
def _scanners() -> tuple[Any, Any, Any]:
    """Non-ASCII characters, and stretches matched forwards and backwards (from the position
    given as their end); compiled when first needed, since most drafts are ASCII."""
    return re.compile(r"[^\x00-\x7f]"), regex.compile(_STRETCH), regex.compile("(?r)" + _STRETCH)


def unconfuse(view: str, present: Iterable[str] | None = None) -> tuple[str, OffsetMap]:
    """``view`` with the look-alikes of each word that holds one mapped to Latin, and the map
    of the words changed (an empty map when none was). ``present``: the characters of the table
    that ``view`` holds, when known."""
    lookalikes = table()
    if present is None:
        present = [c for c in beyond_ascii(view) if c in lookalikes]
    _, ahead, behind = _scanners()
    spans: list[tuple[int, int]] = []
    end = 0
    for at in positions(view, present):  # a class of the table's characters is slow to scan
        if at < end:  # in the stretch just done
            continue
        found = behind.match(view, 0, at)
        start = found.start() if found is not None else at
        found = ahead.match(view, at)
        end = found.end() if found is not None else at + 1
        spans.extend((w.start, w.end) for w in _words().finditer(view, start, end))
    if not spans:
        return view, OffsetMap()
    latin = cache(lambda: mostly_latin(view))  # asked only of words made of look-alikes alone
    return transform(view, spans, lambda a, b: _unconfuse(view[a:b], latin))


def _unconfuse(word: str, latin_text: Callable[[], bool]) -> str:
    """Map look-alike letters to Latin in a word that mixes scripts, or, in a mostly Latin text
    (``latin_text()``), in a word made only of look-alikes."""
    lookalikes = table()
    mixed = any("a" <= c.lower() <= "z" for c in word)
    if not mixed and not (all(c.isascii() or c in lookalikes for c in word) and latin_text()):
        return word
    return "".join(lookalikes.get(c, c) if not c.isascii() else c for c in word)


def mostly_latin(text: str) -> bool:
    """True when at least 60% of the letters of ``text`` are ASCII ones."""
    latin = len(text.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTERS))
    letters = latin + sum(map(str.isalpha, _scanners()[0].findall(text)))
    return bool(letters) and latin >= 0.6 * letters


"""Shadows: RE2 patterns that match wherever a pack pattern can, for the prefilter.

``shadow(source, ignorecase)`` turns a pattern in the ``regex`` syntax the packs use into a
few *pieces* in RE2's syntax (most often one) such that in any text where the original has a
match, every piece has one too. The prefilter scans the pieces of all rules in one pass
(google-re2's ``Set``); a rule with a piece that does not match cannot match, and is skipped.
Where a rule's keywords are common words but its pattern is specific (gaps, look-arounds, many
branches), the shadow tells far more precisely whether running it is worth it.

Widening, never narrowing, is what keeps the results exact. The pattern is read with the
standard library's parser (patterns it cannot read, or reads with a warning, get no shadow),
and then:

- anchors, word boundaries and negative look-arounds match the empty string (any position);
  what a positive look-around looks for must be in the text, as a piece of its own;
- a back-reference matches any text, so the sequence around it is cut into pieces, each
  needed anywhere in the text; inside an alternation, a branch cut so keeps its rarest piece;
- a conditional group matches either branch;
- lazy, possessive and atomic forms become plain repeats and groups;
- a repeat with more than ``_MAX_COUNT`` copies becomes "at least ``min(lo, _MAX_COUNT)``"
  (a gap such as ``[^.]{0,60}`` becomes ``[^.]*``, which an automaton keeps in one state);
- every single-character item becomes an explicit class (``charclass``), never RE2's own case
  folding or its ``\\d \\w \\s \\b`` (ASCII-only there);
- pieces that would match most messages anyway (``_MIN_BITS``) are dropped.
"""
from __future__ import annotations

import importlib
import math
import re
import sys
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from buyerlint import charclass, keywords
from buyerlint.re2text import EDGE

_p: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_c: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11) else "sre_constants")

_MAX_COUNT = 10  # copies a bounded repeat may keep; beyond, "at least min(lo, this)"
# pieces likely to occur anyway in a message of a thousand characters or so (2 ** 10) are left out
_MIN_BITS = 10.0
Piece = tuple[str, float]  # an RE2 pattern and how rare its matches are (``charclass.bits``)
_ONE_CHAR = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)
_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))
PROPERTY_BASE = 0xF0000  # \p{...} is swapped for a private-use character from here to parse
_IGNORECASE = 2  # re.IGNORECASE == regex.IGNORECASE
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_COUNT = re.compile(r"\{\d*(?:,\d*)?\}")  # a repeat count; any other "{" is left out


class _Unsupported(Exception):
    """A construct the translation does not widen safely: the pattern gets no shadow."""


class _Translator:
    def __init__(self, properties: list[tuple[str, bool]]) -> None:
        self.properties = properties
        self.looks: list[Piece] = []  # pieces of positive look-arounds (see ``pieces``)

    def chars(self, op: Any, av: Any, icase: bool) -> charclass.Chars:
        if op is _c.LITERAL:
            if av >= PROPERTY_BASE and av - PROPERTY_BASE < len(self.properties):
                name, negated = self.properties[av - PROPERTY_BASE]
                return charclass.prop(name, negated, icase)
            return charclass.letter(av, icase)
        if op is _c.NOT_LITERAL:
            return self.chars(_c.LITERAL, av, icase).complement()
        if op is _c.ANY:
            return charclass.Chars(charclass.ALL_ASCII, wide=True, sure=charclass.ALL_ASCII - {10})
        if op is _c.IN:
            return self.klass(av, icase)
        raise _Unsupported(str(op))

    def klass(self, items: list[tuple[Any, Any]], icase: bool) -> charclass.Chars:
        negate = bool(items) and items[0][0] is _c.NEGATE
        out = charclass.Chars()
        for op, av in items[1:] if negate else items:
            if op is _c.RANGE:
                out.add(charclass.span(av[0], av[1], icase))
            elif op is _c.CATEGORY:
                out.add(charclass.category(av))
            else:
                out.add(self.chars(op, av, icase))
        return out.complement() if negate else out

    def pieces(
        self, items: Iterable[tuple[Any, Any]], flags: int, top: bool = False, edges: tuple[bool, bool] = (False, False)
    ) -> list[Piece]:
        """A sequence as pieces: a match of the sequence contains a match of every piece, with
        anything between them (one piece, unless an item matches any text). In the ``top``
        sequence, what a positive look-around looks for goes to ``looks``: it is in the text too.
        ``edges``: the sequence starts (ends) where a match of the whole pattern does, so a
        negative look-behind (look-ahead) of one character there may take a character (see
        ``edge``)."""
        done: list[Piece] = []
        text, bits = "", 0.0
        boundary = False  # a word boundary right before this item
        last: tuple[charclass.Chars, int] | None = None  # the item before: one character, from there in text
        items = list(items)
        consumed = False  # an item before this one takes characters
        head_edge = False  # a negative look-behind at the start has taken a character
        tail_edge = False  # a negative look-ahead at the end has taken a character
        for i, (op, av) in enumerate(items):
            first = edges[0] and not consumed
            final = edges[1] and all(o in _ZERO_WIDTH for o, _ in items[i + 1 :])
            # one character at each edge: a second look-around there asks about the same
            # character, which is already taken (it is left out: wider, never narrower)
            at_edge = op is _c.ASSERT_NOT and (
                (av[0] < 0 and first and not head_edge) or (av[0] > 0 and final and not tail_edge)
            )
            if at_edge:
                edge = self.edge(av[1], flags)
                if edge is not None:
                    text += edge
                    head_edge = head_edge or av[0] < 0
                    tail_edge = tail_edge or av[0] > 0
                    continue
            if op not in _ZERO_WIDTH:
                consumed = True
            if op is _c.AT and av is _c.AT_BOUNDARY:
                if last is not None:
                    text = text[: last[1]] + _bounded(last[0], after=True)
                boundary, last = True, None
                continue
            if op in (_c.LITERAL, _c.NOT_LITERAL, _c.IN):
                chars = self.chars(op, av, bool(flags & _IGNORECASE))
                last = (chars, len(text))
                text, bits = text + _bounded(chars, before=boundary), bits + charclass.bits(chars)
                boundary = False
                continue
            boundary, last = False, None
            if op is _c.SUBPATTERN:
                inner = self.pieces(av[3], (flags | av[1]) & ~av[2], top, (first, final))
            elif op is getattr(_c, "ATOMIC_GROUP", None):
                inner = self.pieces(av, flags, top)
            elif op is _c.ASSERT:  # zero-width: what is on either side stays side by side
                looked = self.pieces(av[1], flags)
                if len(looked) == 1 and av[0] < 0 and first and not text:
                    # what a look-behind at the start looks for ends where the match starts
                    text, bits, consumed = looked[0][0], looked[0][1], True
                elif len(looked) == 1 and av[0] > 0 and final and i == len(items) - 1 and not tail_edge:
                    text, bits = text + looked[0][0], bits + looked[0][1]  # and a look-ahead at the end
                elif top:
                    self.looks.extend(self.pieces(av[1], flags, top))
                continue
            elif op in _REPEATS and av[0] >= 1 and len(body := self.pieces(av[2], flags)) > 1:
                inner = body  # a repeated part cut in pieces: its first copy's pieces, its last one's end
            else:
                one, b, exact = self.node(op, av, flags, (first, final))
                inner = [(one, b)] if exact else [("", 0.0), (one, b), ("", 0.0)]
            text, bits = text + inner[0][0], bits + inner[0][1]
            if len(inner) > 1:
                done.append((text, bits))
                done.extend(inner[1:-1])
                text, bits = inner[-1]
        done.append((text, bits))
        return done

    def edge(self, body: Any, flags: int) -> str | None:
        """A negative look-around of one character, at an edge of the match: the text has no
        such character there, so it ends there or has another (taken into the match)."""
        other = self.edge_chars(body, flags)
        return None if other is None else EDGE.format(other.regex())

    def edge_chars(self, body: Any, flags: int) -> charclass.Chars | None:
        """The characters that pass a negative look-around of one character (``body``), or
        None where it is not one, or where nothing is sure to pass it."""
        if len(body) != 1 or body[0][0] not in (_c.LITERAL, _c.NOT_LITERAL, _c.IN):
            return None
        other = self.chars(body[0][0], body[0][1], bool(flags & _IGNORECASE)).complement()
        return other if other.sure else None

    def single(
        self, items: Iterable[tuple[Any, Any]], flags: int, edges: tuple[bool, bool] = (False, False)
    ) -> tuple[str, float, bool]:
        """A sequence as one pattern: itself (exact), or its rarest piece if it is cut (not
        exact: it matches inside what the sequence matches, so nothing may be joined to it)."""
        found = self.pieces(items, flags, edges=edges)
        if len(found) == 1:
            return found[0][0], found[0][1], True
        text, bits = max(found, key=lambda piece: piece[1])
        return text, bits, False

    def node(self, op: Any, av: Any, flags: int, edges: tuple[bool, bool] = (False, False)) -> tuple[str, float, bool]:
        """One item that is not a single character (``pieces`` takes those) as (pattern, bits,
        exact): ``bits`` is how rare a match is, roughly (see ``charclass.bits``); see
        ``single`` for "exact"."""
        if op is _c.ANY:
            return r"[\x{0}-\x{10FFFF}]", 0.0, True
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return "", 0.0, True
        if op is _c.SUBPATTERN:
            text, bits, exact = self.single(av[3], (flags | av[1]) & ~av[2], edges)
            return f"(?:{text})", bits, exact
        if op is getattr(_c, "ATOMIC_GROUP", None):
            text, bits, exact = self.single(av, flags)
            return f"(?:{text})", bits, exact
        if op is _c.BRANCH:
            found = [self.single(b, flags, edges) for b in av[1]]
            text = "(?:" + "|".join(t for t, _, _ in found) + ")"
            bits = max(0.0, -math.log2(sum(2.0**-b for _, b, _ in found)))  # any branch
            return text, bits, all(e for _, _, e in found)
        if op in _REPEATS:
            lo, hi, body = av
            text, bits, exact = self.single(body, flags)
            if not exact:  # the body's piece, once; none when the body may be left out
                return (f"(?:{text})", bits, False) if lo >= 1 else ("", 0.0, False)
            if hi <= _MAX_COUNT:
                return f"(?:{text}){{{lo},{hi}}}", lo * bits, True
            return f"(?:{text}){{{min(lo, _MAX_COUNT)},}}", min(lo, _MAX_COUNT) * bits, True
        if op is _c.GROUPREF:
            return "", 0.0, False  # any text: nothing needed
        if op is _c.GROUPREF_EXISTS:
            _, yes, no = av
            one, two = self.single(yes, flags), self.single(no, flags) if no else ("", 0.0, True)
            return f"(?:{one[0]}|{two[0]})", min(one[1], two[1]), one[2] and two[2]
        raise _Unsupported(str(op))


def _bounded(chars: charclass.Chars, before: bool = False, after: bool = False) -> str:
    """One character of ``chars`` with a word boundary ``before`` or ``after`` it, in RE2.

    RE2's ``\\b`` knows only ASCII word characters. Next to an ASCII word character it is
    still wider than ``regex``'s: where a Unicode non-word character stands on the other side,
    so does an ASCII non-word one. Other characters of the set keep no boundary."""
    word = chars.ascii & charclass.WORD
    if not (before or after) or not word:
        return chars.regex()
    bound = charclass.Chars(word).regex()
    bound = rf"\b{bound}" if before else rf"{bound}\b"
    rest = charclass.Chars(chars.ascii - word, chars.wide, chars.extra)
    return f"(?:{bound}|{rest.regex()})" if rest.ascii or rest.wide or rest.extra else bound


def _swap_properties(source: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """``source`` with each ``\\p{..}``/``\\P{..}`` replaced by a private-use character."""
    if any(ord(ch) >= PROPERTY_BASE for ch in source):
        return None  # a private-use character of its own: leave this pattern alone
    props: list[tuple[str, bool]] = []

    def stand_in(name: str, negated: bool) -> str:
        props.append((name, negated))
        return chr(PROPERTY_BASE + len(props) - 1)

    swapped = keywords.swap_properties(source, stand_in)
    return None if swapped is None else (swapped, props)


def _odd_braces(text: str) -> bool:
    """A "{" that is not escaped and not a repeat count: ``regex`` may read fuzzy matching
    (``(?:paypal){e<=1}``) where the standard parser reads literal text."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "{" and not _COUNT.match(text, i):
            return True
        i += 1
    return False


def _loosened(items: list[Any], at_end: bool) -> list[Any] | None:
    """``items`` (a sequence that ends, or with ``at_end=False`` starts, a match) with the
    repeat at that edge cut to its fewest copies, and the look-arounds beyond it left out; None
    when there is no such repeat. Any text that has a match has a match of the result, which
    the automaton need not follow through a run of characters that may go on and on ("\\w*"
    at the end, "[^<>]*" at the start)."""
    solid = [i for i, (op, _) in enumerate(items) if op not in _ZERO_WIDTH]
    if not solid:
        return None
    i = solid[-1] if at_end else solid[0]
    op, av = items[i]
    rest = items[:i] if at_end else items[i + 1 :]
    one: list[Any] | None
    if op in _REPEATS and av[1] > _MAX_COUNT:  # one that lingers (a bounded one is kept whole)
        if av[0] == 0:  # left out; what it leaves at the edge may be loosened in turn
            return _loosened(rest, at_end) or rest
        one = [(op, (av[0], av[0], av[2]))]
    elif op is _c.SUBPATTERN and (inner := _loosened(list(av[3]), at_end)) is not None:
        one = [(op, (*av[:3], inner))]
    elif op is _c.BRANCH:
        cut = [_loosened(list(branch), at_end) for branch in av[1]]
        if all(c is None for c in cut):
            return None
        one = [(op, (av[0], [c if c is not None else list(b) for c, b in zip(cut, av[1], strict=True)]))]
    else:
        return None
    return rest + one if at_end else one + rest


def parsed(source: str, ignorecase: bool) -> tuple[Any, list[tuple[str, bool]]] | None:
    """The standard parser's reading of ``source``, with each ``\\p{..}`` read as a private-use
    character from ``PROPERTY_BASE`` on (the list says which property and whether negated);
    None where the parser would read the pattern differently from ``regex``, or not at all."""
    swapped = _swap_properties(source)
    if swapped is None:
        return None
    text, props = swapped
    if _odd_braces(text) or (props and ("\\U" in text or "\\N{" in text)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return _p.parse(text, _IGNORECASE if ignorecase else 0), props
    except Exception:  # regex-only syntax, or anything read differently
        return None


def _translated(source: str, ignorecase: bool, whole: bool) -> tuple[list[Piece], int] | None:
    """The pieces of ``source`` and the fewest characters a match has; ``whole``: with what
    look-arounds need at the edges of a match and anywhere in the text (see ``pieces``), else
    with every look-around left out."""
    read = parsed(source, ignorecase)
    if read is None:
        return None
    parsed_, props = read
    try:
        translator = _Translator(props)
        edges = (whole, whole)
        items: list[Any] = list(parsed_)
        items = _loosened(items, at_end=True) or items
        if whole:
            items = _loosened(items, at_end=False) or items
        found = translator.pieces(items, parsed_.state.flags, top=whole, edges=edges) + translator.looks
        return found, int(parsed_.getwidth()[0])
    except (_Unsupported, Exception):  # regex-only syntax, or anything read differently
        return None


@lru_cache(maxsize=1024)
def shadow(source: str, ignorecase: bool = True, min_bits: float = _MIN_BITS) -> tuple[str, ...] | None:
    """RE2 patterns that all match wherever ``source`` (``regex`` syntax, V0) can match, or
    None when the translation cannot promise that (or nothing useful is left: pieces rarer
    than ``min_bits``, see ``charclass.bits``)."""
    translated = _translated(source, ignorecase, whole=True)
    if translated is None:
        return None
    kept = tuple(dict.fromkeys(text for text, bits in translated[0] if text and bits >= min_bits))
    return kept or None


def lead(source: str, ignorecase: bool = True) -> str | None:
    """One RE2 pattern that matches, from the same position, every text that ``source``
    matches: where ``regex`` may find a match, RE2 finds this one starting there. None when
    the pattern does not translate into one piece (a back-reference or a repeat cut it), or
    may match the empty string (which has no start to lead to)."""
    translated = _translated(source, ignorecase, whole=False)
    if translated is None:
        return None
    pieces, width = translated
    if width == 0 or len(pieces) != 1 or not pieces[0][0]:
        return None
    return pieces[0][0]


def lead_edge(source: str, ignorecase: bool = True) -> str | None:
    """A class (RE2) that holds the character before every match of ``source``, where it opens
    with a negative look-behind of one character ("not after a letter"); None otherwise, or
    where the class has no newline. A lead then asks RE2 for this class followed by itself,
    over the text with a newline put before it (the start of a text passes such a look-behind),
    and skips every place that the look-behind rules out."""
    read = parsed(source, ignorecase)
    if read is None:
        return None
    parsed_, props = read
    items = list(parsed_)
    if not items or items[0][0] is not _c.ASSERT_NOT or items[0][1][0] >= 0:
        return None
    try:
        other = _Translator(props).edge_chars(items[0][1][1], parsed_.state.flags)
    except (_Unsupported, Exception):  # anything read differently
        return None
    return other.regex() if other is not None and ord("\n") in other.sure else None


PREFIX = keywords.SHADOW_PREFIX  # marks a shadow piece among a rule's keywords (none starts with it)


def clauses(source: str, ignorecase: bool) -> tuple[frozenset[str], ...]:
    """The prefilter clauses of a pattern's shadow: one ``frozenset({PREFIX + piece})`` a piece."""
    return tuple(frozenset({PREFIX + piece}) for piece in shadow(source, ignorecase) or ())

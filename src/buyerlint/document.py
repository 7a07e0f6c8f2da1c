"""A draft as the engine sees it: the original text, a normalised view, and positions.

Rules match against ``view``: template placeholders masked, HTML entities decoded,
compatibility forms folded (NFKC), invisible characters dropped, look-alike letters from
other scripts mapped to Latin inside Latin words, and spaced-out letters joined up. Every
view offset maps back to the original characters, so findings are always reported in the
text as written. The view itself is built in ``views``.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import regex

from buyerlint.offsets import MapChain
from buyerlint.patterns import Pattern, compile_pattern
from buyerlint.views import PLACEHOLDER_MARK, Placeholder, build_view, has_invisible, is_invisible, lookalike

__all__ = [
    "PLACEHOLDER_MARK", "Document", "Placeholder", "build_view", "has_invisible", "is_invisible", "lookalike", "parse",
]

# Breaks between sentences; a run of breaks (tags, blank lines) counts as one.
# (the first branch looks ahead for its punctuation before it looks behind for a title: the
# look-behinds then run only where a break can start)
_SENTENCE_BREAK = (
    r"(?:(?:(?=[.!?])(?<!\b(?:Mr|Mrs|Ms|Dr|St|Nr|vs|etc|approx|e\.g|i\.e|incl|Co|Ltd|Inc))(?<!\bNo(?=\.\s*\d))[.!?]+[\"')\]]*(?:[ \t]*\n\s*|[ \t]+)"
    r"|\n[ \t]*\n\s*"
    r"|\n(?=[ \t]*[^a-z\s])"
    r"|</?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|tbody|thead|blockquote|section|header|footer|hr)\b[^>]{0,300}>\s*"
    r")+)"
)


@cache
def _rx(source: str, ignorecase: bool = False) -> Pattern:
    return compile_pattern(source, ignorecase=ignorecase)


T = TypeVar("T")

# memo keys: what a document works out when first asked (most drafts have no finding that needs it)
_SENTENCES = "sentence starts"
_LINES = "line starts"
_QUOTES = "quoted spans"


@dataclass(frozen=True, slots=True)
class Document:
    """One draft: the original text, the normalised view rules match, and the maps between them."""

    path: str
    text: str
    view: str
    chain: MapChain
    placeholders: tuple[Placeholder, ...]
    # what normalisation started from: ``text``, or a format's reading of it (HTML reduced to
    # its visible text, an email body decoded), reached through the first ``base_maps`` maps
    base: str | None = None
    base_maps: int = 0
    # what rules compute once per document and share (detector results, the prefilter's scan)
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    def remembered(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, worked out the first time ``key`` is asked of this document and kept
        in ``memo`` (the detectors, the prefilter and the properties below share it)."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = compute()
        return found  # type: ignore[return-value]

    @property
    def quoted(self) -> tuple[tuple[int, int], ...]:
        """View spans of the buyer's words quoted back."""
        view = self.view
        return self.remembered(_QUOTES, lambda: _quoted(view) if (">" in view or '"' in view or "\u201c" in view) else ())

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted)

    @property
    def line_starts(self) -> tuple[int, ...]:
        """Where each line of the original text starts."""
        return self.remembered(_LINES, lambda: _line_starts(self.text))

    # -- positions -------------------------------------------------------------
    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text a view span came from; an empty span stays empty (where the
        view's next character came from)."""
        first = self.chain.start(start)
        return (first, first) if end <= start else (first, self.chain.end(end))

    def base_span(self, start: int, end: int) -> tuple[int, int]:
        """Like ``original_span``, in ``base_text``: what normalisation alone changed."""
        norm = MapChain(self.chain.maps[self.base_maps :])
        first = norm.start(start)
        return (first, first) if end <= start else (first, norm.end(end))

    @property
    def base_text(self) -> str:
        return self.text if self.base is None else self.base

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset in the original text."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    # -- sentences -------------------------------------------------------------
    @property
    def sentence_starts(self) -> tuple[int, ...]:
        """Where each sentence of the view starts; found when a rule first asks (most drafts
        have no hit that needs sentences)."""
        return self.remembered(_SENTENCES, lambda: _sentence_starts(self.view))

    def sentence_index(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def sentence_span(self, first: int, last: int | None = None) -> tuple[int, int]:
        """View span covering sentences ``first``..``last`` (inclusive), clamped to the text."""
        last = first if last is None else last
        first = max(first, 0)
        last = min(last, len(self.sentence_starts) - 1)
        end = self.sentence_starts[last + 1] if last + 1 < len(self.sentence_starts) else len(self.view)
        return self.sentence_starts[first], end

    def sentences(self) -> Iterator[tuple[int, int]]:
        for i in range(len(self.sentence_starts)):
            yield self.sentence_span(i)


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    if "\r" not in text:  # the common case: one search a line
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        return tuple(starts)
    i = 0
    n = len(text)
    while True:
        j = text.find("\n", i)
        k = text.find("\r", i)
        if j < 0 and k < 0:
            break
        if k >= 0 and (j < 0 or k < j):
            nxt = k + 2 if k + 1 < n and text[k + 1] == "\n" else k + 1
        else:
            nxt = j + 1
        starts.append(nxt)
        i = nxt
    return tuple(starts)


# The buyer's own words quoted back: "> ..." lines, and quotes after "you asked/wrote/said".
_QUOTED = (
    r"(?m)^[ \t]*>[^\n]*"
    r"|\b(?:you\s+(?:asked|wrote|said|mentioned|wanted\s+to\s+know|wondered)|your\s+(?:question|message)(?:\s+was)?)"
    r"\s*[:,]?\s*(?P<q>[\"\u201c])[^\"\u201c\u201d]{1,400}[\"\u201d]"
)


def _quoted(view: str) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in _rx(_QUOTED, True).finditer(view))


@cache
def _wordy() -> Any:
    """Two letters in a row. Searched with ``regex`` itself, once a sentence, without a time
    budget's cost: a pattern of two single characters takes one step a position."""
    return regex.compile(r"[^\W\d_]{2}")


def _sentence_starts(view: str) -> tuple[int, ...]:
    starts = [0]
    for start, end in _rx(_SENTENCE_BREAK).spans(view):
        if start <= starts[-1]:  # a break that opens a sentence (a leading tag) is not one
            starts[-1] = max(starts[-1], end) if len(starts) > 1 else starts[-1]
        elif end > starts[-1]:
            starts.append(end)
    if starts[-1] >= len(view) and len(starts) > 1:
        starts.pop()
    # a "sentence" with no word in it (a lone placeholder, a link mark, a row of dashes) is
    # part of the one before it, so it does not push real sentences apart
    ends = [*starts[1:], len(view)]
    wordy = _wordy().search
    kept = [a for i, (a, b) in enumerate(zip(starts, ends, strict=True)) if i == 0 or wordy(view, a, b) is not None]
    return tuple(kept)


def parse(
    path: str, text: str, prepared: tuple[str, MapChain] | None = None
) -> Document:
    """A Document for ``text``; ``prepared`` is a format-specific view of it to start from
    (e.g. HTML reduced to its visible text), with the map back to ``text``."""
    view, chain, marks = build_view(*prepared) if prepared else build_view(text)
    return Document(
        path=path,
        text=text,
        view=view,
        chain=chain,
        placeholders=marks,
        base=prepared[0] if prepared else None,
        base_maps=len(prepared[1].maps) if prepared else 0,
    )

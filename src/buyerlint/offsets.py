"""Offset maps between a transformed view of a text and the text it came from.

A transform replaces some spans of its input and copies the rest. ``OffsetMap`` keeps only
the replaced spans; positions in the copied stretches shift by a running delta. Maps chain,
so a position in the final view can always be taken back to the original characters.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Edit(NamedTuple):
    """``view[vstart:vend]`` was produced from ``source[ostart:oend]``."""

    vstart: int
    vend: int
    ostart: int
    oend: int


class OffsetMap(NamedTuple):
    """The edits one normalisation step made, to map view offsets back to its input."""

    edits: tuple[Edit, ...] = ()
    vstarts: tuple[int, ...] = ()  # where each edit starts in the view, for bisection

    @classmethod
    def of(cls, edits: Iterable[Edit]) -> OffsetMap:
        es = tuple(edits)
        return cls(es, tuple(e.vstart for e in es))

    def _locate(self, v: int) -> tuple[Edit | None, int]:
        i = bisect_right(self.vstarts, v) - 1
        if i < 0:
            return None, v
        e = self.edits[i]
        if v < e.vend:
            return e, e.ostart
        return None, v + (e.oend - e.vend)

    def start(self, v: int) -> int:
        """Source offset of the character at view offset ``v``."""
        if not self.edits:
            return v
        return self._locate(v)[1]

    def copied(self, v: int) -> int | None:
        """Source offset of view character ``v`` if it was copied unchanged, else None."""
        edit, pos = self._locate(v) if self.edits else (None, v)
        return None if edit is not None else pos

    def touches(self, start: int, end: int) -> bool:
        """True when an edit lies in or at the edges of view span ``start:end`` (a deletion
        there included)."""
        i = bisect_right(self.vstarts, end) - 1
        return i >= 0 and self.edits[i].vend >= start

    def end(self, v_end: int) -> int:
        """Source offset just past the character before view offset ``v_end``."""
        if not self.edits or v_end <= 0:
            return v_end
        edit, pos = self._locate(v_end - 1)
        return edit.oend if edit is not None else pos + 1


def positions(text: str, chars: Iterable[str]) -> list[int]:
    """Where in ``text`` each of ``chars`` (single characters) is, in order: a search of each,
    for the few characters beyond ASCII a view step changes, takes less than one pattern scan
    of every character beyond ASCII."""
    found: list[int] = []
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            found.append(at)
            at = text.find(ch, at + 1)
    found.sort()
    return found


def transform(
    text: str, spans: Iterable[tuple[int, int]], replace: Callable[[int, int], str]
) -> tuple[str, OffsetMap]:
    """Replace each (start, end) span of ``text`` (sorted, not overlapping) by ``replace``."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    vpos = 0
    for start, end in spans:
        if start < last:
            continue
        pieces.append(text[last:start])
        vpos += start - last
        new = replace(start, end)
        pieces.append(new)
        if new != text[start:end]:
            edits.append(Edit(vpos, vpos + len(new), start, end))
        vpos += len(new)
        last = end
    if not edits:
        return text, OffsetMap()
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap.of(edits)


class MapChain(NamedTuple):
    """Maps applied in order (original -> view1 -> view2 ...); map back through all."""

    maps: tuple[OffsetMap, ...] = ()

    def then(self, m: OffsetMap) -> MapChain:
        return self if not m.edits else MapChain((*self.maps, m))

    def start(self, v: int) -> int:
        for m in reversed(self.maps):
            v = m.start(v)
        return v

    def end(self, v: int) -> int:
        for m in reversed(self.maps):
            v = m.end(v)
        return v

    def copied(self, v: int) -> int | None:
        """Original offset of view character ``v`` when every map copied it unchanged, else None."""
        pos = v
        for m in reversed(self.maps):
            source = m.copied(pos)
            if source is None:
                return None
            pos = source
        return pos

    def copied_span(self, start: int, end: int, first: int = 0) -> bool:
        """True when view span ``start:end`` was copied unchanged through ``maps[first:]``: no
        edit of theirs lies in it or at its edges (see ``OffsetMap.touches``)."""
        for m in reversed(self.maps[first:]):
            if m.touches(start, end):
                return False
            start, end = m.start(start), m.start(start) + (end - start)
        return True

    @property
    def identity(self) -> bool:
        return not self.maps

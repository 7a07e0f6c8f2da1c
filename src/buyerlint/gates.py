"""Shadows (see ``shadow``) put to work by google-re2: a test per pattern (``gate``), and one pass
for several patterns (``gates``)."""
from __future__ import annotations

import threading
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


class _Shared:
    """The pieces of every gate in one RE2 ``Set``, so that one pass over a text answers all
    the gates asked about it (a draft's detectors all ask about its view). The answers for the
    last texts are kept (``_KEEP`` of them, ``_KEEP_CHARS`` characters at most): a batch of
    drafts (``api.lint_batch``) has its views built, and asked about, before any rule runs.
    A gate not seen before adds its pieces and the set is built again, a few times as a run
    first meets its detectors. Safe across threads: an answer from a set built before a
    gate's pieces were added counts as "may match" for that gate."""

    def __init__(self) -> None:
        self.pieces: dict[str, int] = {}
        self.lock = threading.Lock()
        self.built: tuple[re2set.SetScan[int] | None, int] = (None, 0)  # the scan, and how many pieces it has
        self.seen: dict[int, tuple[str, frozenset[int] | None, int]] = {}  # id(text) -> (text, answer, size)
        self.chars = 0  # the length of the texts in ``seen``

    def add(self, pieces: tuple[str, ...]) -> frozenset[int] | None:
        """The numbers of ``pieces`` in the set; None when RE2 refuses one of them."""
        with self.lock:
            new = list(dict.fromkeys(p for p in pieces if p not in self.pieces))
            if new and re2set.compile_set(new, _GATE_MEM) is None:
                return None
            for piece in new:
                self.pieces[piece] = len(self.pieces)
            return frozenset(self.pieces[p] for p in pieces)

    def hits(self, text: str) -> tuple[frozenset[int] | None, int]:
        """The numbers of the pieces that match ``text`` (None: RE2 has no answer), and how
        many pieces were asked."""
        kept = self.seen.get(id(text))
        if kept is not None and kept[0] is text and kept[2] == len(self.pieces):
            return kept[1], kept[2]
        scan, size = self.built
        if size != len(self.pieces):
            with self.lock:
                scan, size = self.built  # another thread may have built it meanwhile
                if size != len(self.pieces):
                    size = len(self.pieces)
                    scan = re2set.compile_set(list(self.pieces), _GATE_MEM)
                    self.built = (scan, size)
        found = None if scan is None else scan(text)
        self._keep(text, found, size)
        return found, size

    def _keep(self, text: str, found: frozenset[int] | None, size: int) -> None:
        with self.lock:
            old = self.seen.pop(id(text), None)
            self.chars += len(text) - (len(old[0]) if old is not None else 0)
            self.seen[id(text)] = (text, found, size)
            while len(self.seen) > _KEEP or self.chars > _KEEP_CHARS:
                self.chars -= len(self.seen.pop(next(iter(self.seen)))[0])


_KEEP = 2 * 64  # twice ``batch.BATCH``: a batch's views and the texts met while building them
_KEEP_CHARS = 1 << 22
_GATE_MEM = 32 << 20  # RE2's memory for the gates' set
_SHARED = _Shared()


@lru_cache(maxsize=64)
def gates(sources: tuple[tuple[str, bool], ...]) -> Callable[[str], tuple[bool, ...]] | None:
    """``gate`` for several patterns (source, ignorecase) at once: for each, False only where
    it cannot match (a pattern without a shadow is always True). All gates share one RE2 pass
    over a text (see ``_Shared``)."""
    if not re2set.installed():
        return None
    found = [_pieces(source, ignorecase) for source, ignorecase in sources]
    if not any(found):
        return None
    numbered = [_SHARED.add(pieces) for pieces in found]
    if any(n is None for n in numbered):
        return None
    needs = [n or frozenset() for n in numbered]
    top = max((i for need in needs for i in need), default=-1)

    def test(text: str) -> tuple[bool, ...]:
        hits, size = _SHARED.hits(text)
        if hits is None or size <= top:
            return (True,) * len(needs)
        return tuple(need <= hits for need in needs)  # no pieces: an empty set, always True

    return test


def _pieces(source: str, ignorecase: bool) -> tuple[str, ...]:
    """The shadow of a gated pattern, every piece kept, through the on-disk cache (see
    ``diskcache.marshalled``): translating the detectors' long patterns took a tenth of a
    second of every run that gates them."""
    from buyerlint import diskcache, packcache

    made_for = packcache.code_fingerprint() + f"|{'i' if ignorecase else 'c'}|".encode()
    return diskcache.marshalled(
        "gates",
        made_for + source.encode("utf-8", "surrogatepass"),
        lambda: shadow(source, ignorecase, min_bits=0.0) or (),
        lambda found: isinstance(found, tuple) and all(isinstance(piece, str) for piece in found),
    )


def pieces_found(pieces: tuple[str, ...]) -> Callable[[str], frozenset[str] | None] | None:
    """Which of ``pieces`` (RE2, as ``shadow`` writes them) match a text, answered by the pass
    the gates share (see ``_Shared``): a detector's gates ask about a draft's view anyway, so
    the prefilter learns from the same pass whether a detector can find anything. The test
    gives None where RE2 has no answer; this is None without google-re2 or when RE2 refuses
    a piece."""
    if not re2set.installed() or not pieces:
        return None
    numbered = _SHARED.add(pieces)
    if numbered is None:
        return None
    number = {piece: _SHARED.pieces[piece] for piece in pieces}
    top = max(number.values())

    def found(text: str) -> frozenset[str] | None:
        hits, size = _SHARED.hits(text)
        if hits is None or size <= top:
            return None
        return frozenset(piece for piece, n in number.items() if n in hits)

    return found

"""Many RE2 patterns searched in one pass over a text (google-re2's ``Set``), when installed.

``compile_set(patterns)`` returns a scan: text -> the indexes of the patterns that match, or
None when there is no answer (RE2 gave up: its automaton ran out of memory, or the text is not
valid UTF-8). A sentinel pattern that matches every text, once, at its end, tells a finished
scan from a failed one, since RE2's ``Set`` then returns no match at all. Callers treat None
as "all may match". How the patterns are rewritten for the set is ``re2text``'s part.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

from buyerlint import re2text


def installed() -> bool:
    """True when google-re2 is there to import (found, not imported: a short run never uses it)."""
    return importlib.util.find_spec("re2") is not None


def _options(max_mem: int) -> Any:
    import re2  # the caller has checked that it is there

    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    return options


def program(pattern: str, max_mem: int) -> Any:
    """One RE2 pattern compiled (google-re2's own ``_re2.RE2``, which searches UTF-8 bytes:
    ``Match(anchor, data, pos, end)``), or None without google-re2 or when RE2 refuses it."""
    if not installed():
        return None
    from re2 import _re2

    try:
        rx = _re2.RE2(pattern.encode("utf-8"), _options(max_mem))
    except Exception:  # pragma: no cover - RE2 reports a bad pattern through ``ok``
        return None
    return rx if rx.ok() else None


L = TypeVar("L", bound=Hashable)


class SetScan(Generic[L]):
    """A scan of texts for many RE2 patterns in one pass (see ``compile_set``): a text -> the
    labels of the patterns found in it, or None where RE2 has no answer."""

    __slots__ = ("_as_written", "_differs", "_first", "_labels", "_max_mem", "_pad", "_singles", "_split", "_written")

    def __init__(self, made: re2text.Recipe, labels: Sequence[L], max_mem: int, split: bool) -> None:
        self._labels = tuple(labels[i] for i in made.kept)
        self._singles = [(labels[i], re.compile(cls)) for i, cls in made.singles]
        self._pad, self._max_mem, self._split = made.pad.encode(), max_mem, split
        self._written, self._differs = made.written, made.lean != made.written
        self._as_written: list[_Matcher | None] = []  # the set of the patterns as written, made once needed
        self._first = _matcher(made.entries, self._labels, max_mem) if made.written else None
        if self._first is None and made.written and self._differs:  # the lean set refused: as written
            self._differs, self._first = False, self._written_matcher()

    @property
    def usable(self) -> bool:
        """False when RE2 refused a pattern (or ran out of memory compiling them)."""
        return self._first is not None or not self._written

    def __call__(self, text: str) -> frozenset[L] | None:
        return self.many((text,))[0]

    def many(self, texts: Sequence[str], encoded: Sequence[bytes | None] | None = None) -> list[frozenset[L] | None]:
        """The scan of each of ``texts``: one RE2 pass each, the set's automaton kept warm.
        ``encoded``: ``utf8(texts)``, where the caller has it (several sets scan the same texts)."""
        singles, first, pad = self._singles, self._first, self._pad
        if first is None:  # every pattern is one of ``singles``
            return [frozenset(label for label, rx in singles if rx.search(text) is not None) for text in texts]
        out: list[frozenset[L] | None] = []
        for text, data in zip(texts, utf8(texts) if encoded is None else encoded, strict=True):
            match, table, sentinel = first
            if self._differs and not text.isascii() and any(map(text.__contains__, re2text.RARE)):
                written = self._written_matcher()
                if written is None:
                    out.append(None)
                    continue
                match, table, sentinel = written
            if data is None:  # lone surrogates: RE2 reads UTF-8 only
                out.append(None)
                continue
            matched = match(pad + data + pad if pad else data)
            if sentinel not in matched:  # RE2 gave up before the end
                out.append(None)
                continue
            matched.remove(sentinel)
            found = frozenset(map(table.__getitem__, matched))
            if singles:
                found |= {label for label, rx in singles if rx.search(text) is not None}
            out.append(found)
        return out

    def _written_matcher(self) -> _Matcher | None:
        if not self._as_written:
            made = _matcher(re2text.entries(self._written, self._split), self._labels, self._max_mem)
            self._as_written.append(made)
        return self._as_written[0]


def compile_set(
    patterns: Sequence[str], max_mem: int = 256 << 20, literal: bool = False, split: bool = False
) -> SetScan[int] | None:
    """A scan for ``patterns`` (RE2 syntax, case as written; plain strings when ``literal``),
    giving the numbers of those found; None without google-re2 or when RE2 refuses one.
    ``split``: a pattern that opens with a group of alternatives is one entry of the set per
    alternative (``re2split``), for patterns without long runs."""
    return compile_labelled(patterns, range(len(patterns)), max_mem, literal, split)


def compile_labelled(
    patterns: Sequence[str],
    labels: Sequence[L],
    max_mem: int = 256 << 20,
    literal: bool = False,
    split: bool = False,
) -> SetScan[L] | None:
    """``compile_set``, giving the label of each pattern found (``labels``, one per pattern)."""
    if not installed():
        return None
    try:
        made = re2text.recipe(patterns, literal, split)
    except ValueError:  # an edge's class RE2 cannot read
        return None
    scan = SetScan(made, labels, max_mem, split)
    return scan if scan.usable else None


# an RE2 ``Set``'s match method (UTF-8 text -> the numbers of its entries found), the label of
# each entry, and the number of the sentinel's
_Matcher = tuple[Callable[[bytes], list[int]], tuple[Any, ...], int]


def utf8(texts: Sequence[str]) -> list[bytes | None]:
    """Each of ``texts`` in UTF-8, as RE2 reads it; None for one with lone surrogates."""
    out: list[bytes | None] = []
    for text in texts:
        try:
            out.append(text.encode())
        except UnicodeEncodeError:
            out.append(None)
    return out


def _matcher(entries: Sequence[tuple[str, int]], labels: Sequence[Any], max_mem: int) -> _Matcher | None:
    """An RE2 ``Set`` of ``entries`` (pattern, its label's place in ``labels``; see
    ``re2text.entries``) then a sentinel, compiled (google-re2's own ``_re2.Set``, which takes
    UTF-8 bytes); None when RE2 refuses one or runs out of memory."""
    from re2 import _re2  # the caller has checked that it is there

    matcher = _re2.Set(_re2.RE2.Anchor.UNANCHORED, _options(max_mem))
    try:
        for entry, _ in entries:
            if matcher.Add(entry.encode("utf-8")) < 0:  # a pattern RE2 cannot take
                return None
        # once, at the end: a sentinel that matched everywhere ("") would make every position
        # a match, where RE2 stops to note which patterns matched (some 10-25% of a pass)
        if matcher.Add(rb"\z") < 0 or not matcher.Compile():  # out of memory
            return None
    except Exception:  # pragma: no cover - RE2 reports through the return values
        return None
    return matcher.Match, tuple(labels[n] for _, n in entries), len(entries)

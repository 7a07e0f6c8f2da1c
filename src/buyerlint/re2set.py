"""Many RE2 patterns searched in one pass over a text (google-re2's ``Set``), when installed.

``compile_set(patterns)`` returns a scan: text -> the indexes of the patterns that match, or
None when there is no answer (RE2 gave up: its automaton ran out of memory, or the text is not
valid UTF-8). A sentinel pattern that matches every text, once, at its end, tells a finished
scan from a failed one, since RE2's ``Set`` then returns no match at all. Callers treat None
as "all may match".

Shadows (see ``shadow``) mark an edge of a word as ``(?:^|$|[class])``: the text ends there, or
has a character of the class. Assertions like these, at the start of a pattern, are in every
state of an unanchored automaton and cost a third of a pass. Where every edge's class has a
newline and the patterns have no other anchor, a scan writes each edge as its class and puts
newlines at both ends of the text (``_unanchored``): an edge that met an end of the text
takes a newline instead. A pattern matches the padded text wherever it matched the text
(and, rarely, also where it did not, which only costs a rule a run).

Case-insensitive patterns give ASCII letters companions from far off in Unicode: "\u017f"
(long s) for "s", the Kelvin sign for "k", dotted and dotless i for "i". Each makes a letter's
class a branch of two or three UTF-8 bytes, and the automaton's states bigger, for characters
that texts hardly ever hold. A scan of a text without them uses the patterns with these
companions left out of their classes (``_lean``), which match exactly where the patterns do
in such a text; a text with one of them is scanned with the patterns as written.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any, Generic, TypeVar

from buyerlint import re2split


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


EDGE = "(?:^|$|{})"  # how ``shadow`` writes an edge, around a class
_EDGE = r"\(\?:\^\|\$\|(\[[^\]]*\])\)"  # patterns are compiled by ``re`` when first used (start-up)


def _unanchored(patterns: Sequence[str]) -> tuple[list[str], str]:
    """``patterns`` with each edge written as its class, and the newlines to put at each end
    of a text for them (one per edge that a pattern has at most); ``patterns`` as they are,
    and no newlines, where an edge's class has no newline or another anchor is left."""
    import re2  # the caller has checked that it is there

    has_newline: dict[str, bool] = {}
    written: list[str] = []
    most = 0
    for pattern in patterns:
        classes = re.findall(_EDGE, pattern)
        for cls in classes:
            if cls not in has_newline:
                has_newline[cls] = re2.compile(cls).fullmatch("\n") is not None
            if not has_newline[cls]:
                return list(patterns), ""
        plain = re.sub(_EDGE, lambda m: m.group(1), pattern) if classes else pattern
        if any(anchor in plain for anchor in ("^", "$", r"\A", r"\z", r"\Z")):
            return list(patterns), ""
        written.append(plain)
        most = max(most, len(classes))
    return written, "\n" * most


# an unbounded run of one class, as shadows write it: "(?:[class]){0,}" or "(?:[class]){1,}"
_RUN = r"\(\?:(\[(?:[^\]\\]|\\x\{[0-9a-fA-F]+\})*\])\)\{([01]),\}"
_HEAD_RUN = f"^{_RUN}(?![?*+{{])"
_TAIL_RUN = f"{_RUN}$"


def trimmed(pattern: str) -> str:
    """``pattern`` without the unbounded runs at its very start and end (a run of at least one
    keeps one character): a set says whether a pattern matches somewhere, and "X*Y" matches
    somewhere exactly where "Y" does. A run that lasts makes the automaton's states many (see
    ``gates.lingering``), for nothing where it only leads into or out of a piece. A pattern
    that would be left empty is kept as it is."""
    while True:
        cut = re.sub(_HEAD_RUN, lambda m: m.group(1) if m.group(2) == "1" else "", pattern, count=1)
        cut = re.sub(_TAIL_RUN, lambda m: m.group(1) if m.group(2) == "1" else "", cut, count=1)
        if cut == pattern or not cut:
            return pattern
        pattern = cut


_RARE = "\u0130\u0131\u017f\u212a"  # the companions (see the module's docstring)
_RARE_POINTS = frozenset(map(ord, _RARE))
_RARE_ITEMS = tuple(f"\\x{{{point:x}}}" for point in sorted(_RARE_POINTS))  # as shadows write them
# one item of a class (not negated) of single characters and ranges, as ``_lean`` splits it
_ITEM = r"(\\x\{([0-9a-fA-F]+)\}|[^\\])(-(?:\\x\{[0-9a-fA-F]+\}|[^\\]))?"
# a character or a dash in such a class; a class that has one of the companions in it
_ONE_ITEM = r"(?:\\x\{[0-9a-fA-F]+\}|[0-9A-Za-z]|-)"
_WITH_RARE = rf"(?<!\\)\[(?!\^)({_ONE_ITEM}*?(?:{'|'.join(map(re.escape, _RARE_ITEMS))}){_ONE_ITEM}*)\]"


def _lean(pattern: str) -> str:
    """``pattern`` with the rare companions left out of each class where they are single items
    (not a range's end) and the class keeps another item: in a text without them, the same
    matches. (The shadow sets have some 50,000 classes: only those with a companion are read.)"""
    if not any(item in pattern for item in _RARE_ITEMS):
        return pattern
    return re.sub(_WITH_RARE, lambda m: _lean_class(m.group(1)) or m.group(0), pattern)


@lru_cache(maxsize=1024)
def _lean_class(body: str) -> str | None:
    """The class ``[body]`` without its single rare companions, or None to keep it as it is."""
    items = re.findall(_ITEM, body)
    kept = [f"{single}{span}" for single, point, span in items if span or int(point or "0", 16) not in _RARE_POINTS]
    return f"[{''.join(kept)}]" if 0 < len(kept) < len(items) else None


# a pattern that is one character of a class: "[class]", or "(?:[class]){1,1}"
_BODY = rf"(?!\^)({_ONE_ITEM}+)"
_ONE = rf"\[{_BODY}\]|\(\?:\[{_BODY}\]\)\{{1,1\}}"


def _one_class(pattern: str) -> re.Pattern[str] | None:
    """``pattern`` as a Python search, where it is one character of a class that holds ASCII
    characters: such a pattern matches at nearly every place of a text (a letter, say), and a
    set stops at every match to note it (the gates' pass took 1.5 times as long for one).
    Python finds the first one. A class beyond ASCII alone matches seldom; it stays in the set."""
    m = re.fullmatch(_ONE, pattern)
    if m is None:
        return None
    body = re.sub(r"\\x\{([0-9a-fA-F]+)\}", lambda x: f"\\U{int(x.group(1), 16):08x}", m.group(1) or m.group(2))
    found = re.compile(f"[{body}]")
    return found if found.search(_ASCII) is not None else None


_ASCII = "".join(map(chr, range(128)))


L = TypeVar("L", bound=Hashable)


class SetScan(Generic[L]):
    """A scan of texts for many RE2 patterns in one pass (see ``compile_set``): a text -> the
    labels of the patterns found in it, or None where RE2 has no answer."""

    __slots__ = ("_as_written", "_differs", "_first", "_max_mem", "_pad", "_singles", "_split", "_table", "_written")

    def __init__(
        self,
        written: list[str],
        lean: list[str],
        labels: list[L],
        singles: list[tuple[L, Any]],
        pad: str,
        max_mem: int,
        split: bool,
    ) -> None:
        self._singles, self._pad, self._max_mem, self._split = singles, pad, max_mem, split
        self._written, self._differs = written, lean != written
        self._table = tuple(labels)
        self._first = _matcher(lean, self._table, max_mem, split) if self._differs and written else None
        if self._first is None and written:
            self._differs, self._first = False, _matcher(written, self._table, max_mem, split)
        self._as_written: list[_Matcher | None] = []  # the set of the patterns as written, made once needed

    @property
    def usable(self) -> bool:
        """False when RE2 refused a pattern (or ran out of memory compiling them)."""
        return self._first is not None or not self._written

    def __call__(self, text: str) -> frozenset[L] | None:
        return self.many((text,))[0]

    def many(self, texts: Sequence[str], encoded: Sequence[bytes | None] | None = None) -> list[frozenset[L] | None]:
        """The scan of each of ``texts``: one RE2 pass each, the set's automaton kept warm.
        ``encoded``: ``utf8(texts)``, where the caller has it (several sets scan the same texts)."""
        singles, first = self._singles, self._first
        if first is None:  # every pattern is one of ``singles``
            return [frozenset(label for label, rx in singles if rx.search(text) is not None) for text in texts]
        pad = self._pad.encode()
        out: list[frozenset[L] | None] = []
        for text, data in zip(texts, utf8(texts) if encoded is None else encoded, strict=True):
            match, table, sentinel = first
            if self._differs and not text.isascii() and any(map(text.__contains__, _RARE)):
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
            self._as_written.append(_matcher(self._written, self._table, self._max_mem, self._split))
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
    try:
        import re2
    except ImportError:
        return None
    try:
        written, pad = ([re2.escape(p) for p in patterns], "") if literal else _unanchored(list(map(trimmed, patterns)))
    except Exception:  # an edge's class RE2 cannot read
        return None
    singles = {} if literal else {i: rx for i, p in enumerate(written) if (rx := _one_class(p)) is not None}
    kept = [i for i in range(len(written)) if i not in singles]  # in the RE2 set, in this order
    written = [written[i] for i in kept]
    lean = written if literal else [_lean(p) for p in written]
    scan = SetScan(
        written, lean, [labels[i] for i in kept], [(labels[i], rx) for i, rx in singles.items()], pad, max_mem, split
    )
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


def _matcher(patterns: Sequence[str], labels: Sequence[Any], max_mem: int, split: bool = False) -> _Matcher | None:
    """An RE2 ``Set`` of ``patterns`` then a sentinel, compiled (google-re2's own ``_re2.Set``,
    which takes UTF-8 bytes); None when RE2 refuses one or runs out of memory. ``split``: a
    pattern that opens with a group of alternatives is one entry per alternative (``re2split``)."""
    from re2 import _re2  # the caller has checked that it is there

    matcher = _re2.Set(_re2.RE2.Anchor.UNANCHORED, _options(max_mem))
    table: list[Any] = []
    try:
        for label, pattern in zip(labels, patterns, strict=True):
            for entry in re2split.alternatives(pattern) if split else (pattern,):
                if matcher.Add(entry.encode("utf-8")) < 0:  # a pattern RE2 cannot take
                    return None
                table.append(label)
        # once, at the end: a sentinel that matched everywhere ("") would make every position
        # a match, where RE2 stops to note which patterns matched (some 10-25% of a pass)
        if matcher.Add(rb"\z") < 0 or not matcher.Compile():  # out of memory
            return None
    except Exception:  # pragma: no cover - RE2 reports through the return values
        return None
    return matcher.Match, tuple(table), len(table)

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
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

SetScan = Callable[[str], "frozenset[int] | None"]


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


def compile_set(patterns: Sequence[str], max_mem: int = 256 << 20, literal: bool = False) -> SetScan | None:
    """A scan for ``patterns`` (RE2 syntax, case as written; plain strings when ``literal``);
    None without google-re2 or when RE2 refuses one of them."""
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
    differs = lean != written
    first = _matcher(lean, max_mem) if differs and kept else None
    if first is None and kept:
        differs, first = False, _matcher(written, max_mem)
        if first is None:
            return None
    sentinel = len(written)  # the matchers' last pattern
    as_written: list[Any] = []  # the set of the patterns as written, made once a text needs it

    def scan(text: str) -> frozenset[int] | None:
        found = [i for i, rx in singles.items() if rx.search(text) is not None]
        if first is None:  # every pattern is one of ``singles``
            return frozenset(found)
        matcher = first
        if differs and not text.isascii() and any(ch in text for ch in _RARE):
            if not as_written:
                as_written.append(_matcher(written, max_mem))
            matcher = as_written[0]
            if matcher is None:
                return None
        try:
            matched = matcher.Match(f"{pad}{text}{pad}" if pad else text) or ()
        except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
            return None
        if sentinel not in matched:
            return None
        found.extend(kept[j] for j in matched if j != sentinel)
        return frozenset(found)

    return scan


def _matcher(patterns: Sequence[str], max_mem: int) -> Any:
    """An RE2 ``Set`` of ``patterns`` then a sentinel, compiled; None when RE2 refuses one or
    runs out of memory."""
    import re2  # the caller has checked that it is there

    matcher = re2.Set.SearchSet(_options(max_mem))
    try:
        for pattern in patterns:
            matcher.Add(pattern)
        # once, at the end: a sentinel that matched everywhere ("") would make every position
        # a match, where RE2 stops to note which patterns matched (some 10-25% of a pass)
        matcher.Add(r"\z")
        matcher.Compile()
    except Exception:  # a pattern RE2 cannot take, or out of memory
        return None
    return matcher

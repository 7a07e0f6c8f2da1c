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
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence
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
_EDGE = re.compile(r"\(\?:\^\|\$\|(\[[^\]]*\])\)")


def _unanchored(patterns: Sequence[str]) -> tuple[list[str], str]:
    """``patterns`` with each edge written as its class, and the newlines to put at each end
    of a text for them (one per edge that a pattern has at most); ``patterns`` as they are,
    and no newlines, where an edge's class has no newline or another anchor is left."""
    import re2  # the caller has checked that it is there

    has_newline: dict[str, bool] = {}
    written: list[str] = []
    most = 0
    for pattern in patterns:
        classes = _EDGE.findall(pattern)
        for cls in classes:
            if cls not in has_newline:
                has_newline[cls] = re2.compile(cls).fullmatch("\n") is not None
            if not has_newline[cls]:
                return list(patterns), ""
        plain = _EDGE.sub(lambda m: m.group(1), pattern) if classes else pattern
        if any(anchor in plain for anchor in ("^", "$", r"\A", r"\z", r"\Z")):
            return list(patterns), ""
        written.append(plain)
        most = max(most, len(classes))
    return written, "\n" * most


def compile_set(patterns: Sequence[str], max_mem: int = 256 << 20, literal: bool = False) -> SetScan | None:
    """A scan for ``patterns`` (RE2 syntax, case as written; plain strings when ``literal``);
    None without google-re2 or when RE2 refuses one of them."""
    try:
        import re2
    except ImportError:
        return None
    matcher = re2.Set.SearchSet(_options(max_mem))
    try:
        written, pad = ([re2.escape(p) for p in patterns], "") if literal else _unanchored(patterns)
        for pattern in written:
            matcher.Add(pattern)
        # once, at the end: a sentinel that matched everywhere ("") would make every position
        # a match, where RE2 stops to note which patterns matched (some 10-25% of a pass)
        sentinel = matcher.Add(r"\z")
        matcher.Compile()
    except Exception:  # a pattern RE2 cannot take, or out of memory
        return None

    def scan(text: str) -> frozenset[int] | None:
        try:
            found = matcher.Match(f"{pad}{text}{pad}" if pad else text) or ()
        except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
            return None
        if sentinel not in found:
            return None
        return frozenset(i for i in found if i != sentinel)

    return scan

"""RE2 pattern text as a set takes it: shadows' pieces rewritten, and the recipe of a set.

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

``recipe`` applies these rewrites (and ``trimmed``, ``_one_class``, ``re2split``) to the
patterns of a set. They are the same for the same patterns every run, and took some 60 ms of a
run for the prefilter's sets, so recipes are kept in the on-disk cache (``diskcache``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from buyerlint import re2split

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
    ``lingering``), for nothing where it only leads into or out of a piece. A pattern
    that would be left empty is kept as it is."""
    while True:
        cut = re.sub(_HEAD_RUN, lambda m: m.group(1) if m.group(2) == "1" else "", pattern, count=1)
        cut = re.sub(_TAIL_RUN, lambda m: m.group(1) if m.group(2) == "1" else "", cut, count=1)
        if cut == pattern or not cut:
            return pattern
        pattern = cut


RARE = "\u0130\u0131\u017f\u212a"  # the companions (see the module's docstring)
_RARE_POINTS = frozenset(map(ord, RARE))
_RARE_ITEMS = tuple(f"\\x{{{point:x}}}" for point in sorted(_RARE_POINTS))  # as shadows write them
# one item of a class (not negated) of single characters and ranges: the item's first character
# (and its hex code, when written so), then "-" and the range's end (and its hex code)
_ITEM = r"(\\x\{([0-9a-fA-F]+)\}|[^\\])(-(\\x\{([0-9a-fA-F]+)\}|[^\\]))?"
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
    kept = [f"{one}{span}" for one, point, span, _, _ in items if span or int(point or "0", 16) not in _RARE_POINTS]
    return f"[{''.join(kept)}]" if 0 < len(kept) < len(items) else None


# a pattern that is one character of a class: "[class]", or "(?:[class]){1,1}"
_BODY = rf"(?!\^)({_ONE_ITEM}+)"
_ONE = rf"\[{_BODY}\]|\(\?:\[{_BODY}\]\)\{{1,1\}}"


def _one_class(pattern: str) -> str | None:
    """``pattern`` as a Python class to search for, where it is one character of a class that
    holds ASCII characters: such a pattern matches at nearly every place of a text (a letter,
    say), and a set stops at every match to note it (the gates' pass took 1.5 times as long for
    one). Python finds the first one. A class beyond ASCII alone matches seldom; it stays in
    the set."""
    m = re.fullmatch(_ONE, pattern)
    if m is None:
        return None
    body = re.sub(r"\\x\{([0-9a-fA-F]+)\}", lambda x: f"\\U{int(x.group(1), 16):08x}", m.group(1) or m.group(2))
    return f"[{body}]" if re.search(f"[{body}]", _ASCII) is not None else None


_ASCII = "".join(map(chr, range(128)))


def lingering(piece: str) -> int:
    """How long an automaton may stay inside ``piece`` (as ``shadow`` writes them), from its
    widest unbounded run: 2 for a gap (a class of more than 64 ASCII characters, such as
    ``[^.!?]``), 1 for a run of word characters or the like (more than 32), else 0. Pieces of
    each kind scanned in a ``Set`` of their own make far fewer automaton states in all than
    one ``Set`` of every piece: runs that last keep the other pieces' partial matches apart."""
    widest = 0
    for run in re.finditer(_RUN, piece):
        count = 0
        for item in re.finditer(_ITEM, run.group(1)[1:-1]):  # the class without its brackets
            lo = int(item.group(2), 16) if item.group(2) else ord(item.group(1))
            hi = lo
            if item.group(3):
                hi = int(item.group(5), 16) if item.group(5) else ord(item.group(4))
            count += max(0, min(hi, 127) - lo + 1)
        widest = max(widest, count)
    return 2 if widest > 64 else 1 if widest > 32 else 0


def kinds(pieces: Sequence[str]) -> tuple[int, ...]:
    """``lingering`` of each of ``pieces`` as a set takes it (``trimmed``), by which the prefilter
    groups them into sets; through the on-disk cache, with the recipes."""
    from buyerlint import diskcache, packcache

    return diskcache.marshalled(
        "re2sets",
        packcache.code_fingerprint() + b"kinds|" + "\x00".join(pieces).encode("utf-8", "surrogatepass"),
        lambda: tuple(lingering(trimmed(piece)) for piece in pieces),
        lambda found: isinstance(found, tuple) and len(found) == len(pieces) and all(k in (0, 1, 2) for k in found),
    )


class Recipe(NamedTuple):
    """How a set is made of its patterns: which go into the RE2 set, as what entries, and which
    are searched by Python (``_one_class``)."""

    pad: str  # the newlines put at each end of a text (see ``_unanchored``)
    kept: tuple[int, ...]  # the numbers of the patterns in the RE2 set
    singles: tuple[tuple[int, str], ...]  # the others: number, and the Python class it is
    written: tuple[str, ...]  # the patterns of ``kept`` as the set takes them
    lean: tuple[str, ...]  # and without the rare companions (see ``_lean``)
    entries: tuple[tuple[str, int], ...]  # the set's entries for ``lean``: pattern, its place in ``kept``


def entries(patterns: Sequence[str], split: bool) -> tuple[tuple[str, int], ...]:
    """The entries of a set of ``patterns``: each pattern, or (``split``) each of its leading
    alternatives (``re2split``), with the pattern's place in ``patterns``."""
    return tuple((entry, n) for n, p in enumerate(patterns) for entry in (re2split.alternatives(p) if split else (p,)))


def recipe(patterns: Sequence[str], literal: bool, split: bool) -> Recipe:
    """The recipe of a set of ``patterns`` (RE2 syntax; plain strings when ``literal``), through
    the on-disk cache. Raises ValueError where an edge's class is not RE2's to read."""
    from buyerlint import diskcache, packcache

    def make() -> tuple[Any, ...]:
        return tuple(_recipe(patterns, literal, split))  # a plain tuple: ``marshal`` writes no NamedTuple

    def sound(found: Any) -> bool:
        return isinstance(found, tuple) and len(found) == len(Recipe._fields) and _sound(Recipe(*found), len(patterns))

    flags = f"{'l' if literal else 'p'}{'s' if split else 'w'}|".encode()
    made_for = packcache.code_fingerprint() + flags + "\x00".join(patterns).encode("utf-8", "surrogatepass")
    return Recipe(*diskcache.marshalled("re2sets", made_for, make, sound))


def _sound(found: Recipe, count: int) -> bool:
    """True for a recipe read back whole: every part of the shape ``Recipe`` gives it."""
    kept, singles = found.kept, found.singles
    return (
        isinstance(found.pad, str)
        and sorted([*kept, *(n for n, _ in singles)]) == list(range(count))
        and len(found.written) == len(found.lean) == len(kept)
        and all(isinstance(p, str) for p in (*found.written, *found.lean, *(s for _, s in singles)))
        and all(isinstance(e, str) and 0 <= n < len(kept) for e, n in found.entries)
    )


def _recipe(patterns: Sequence[str], literal: bool, split: bool) -> Recipe:
    if literal:
        import re2  # the caller has checked that it is there

        written = tuple(re2.escape(p) for p in patterns)
        return Recipe("", tuple(range(len(written))), (), written, written, entries(written, False))
    try:
        every, pad = _unanchored(list(map(trimmed, patterns)))
    except Exception as exc:  # an edge's class RE2 cannot read
        raise ValueError(str(exc)) from None
    singles = {i: cls for i, p in enumerate(every) if (cls := _one_class(p)) is not None}
    kept = tuple(i for i in range(len(every)) if i not in singles)  # in the RE2 set, in this order
    written = tuple(every[i] for i in kept)
    lean = tuple(_lean(p) for p in written)
    return Recipe(pad, kept, tuple(singles.items()), written, lean, entries(lean, split))

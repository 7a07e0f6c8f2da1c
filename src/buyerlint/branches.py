"""Running only the branches of an alternation that can match, with the same results.

A ``forbid`` rule compiles its patterns and terms into one alternation. When the prefilter
shows that some branches cannot match this text (their keywords are absent), the others are
searched one by one and merged exactly as the alternation would have matched: at each step the
earliest match wins, and of matches starting at the same place the one of the earlier branch;
the search goes on from its end. Dropping a branch that cannot match anywhere does not change
what an alternation matches, provided no branch

- can match the empty string (a branch with keywords cannot: each match contains one),
- changes the flags of the others (a global ``(?i)``-style group), refers to another's groups
  (back-references, subroutine calls), or moves a match's start (``\\K``) or anchors at the
  previous match (``\\G``);

``splittable`` checks this and the rule falls back to the single alternation otherwise.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from buyerlint.keywords import meets, min_width, parse
from buyerlint.patterns import Pattern, Span, compile_pattern, merged_groupiter

# back-references, subroutine calls, \G, \K, global flag groups, branch-reset groups
_UNSAFE = compile_pattern(
    r"\\[1-9GK]|\\g<|\(\?P[=>]|\(\?&|\(\?[+\-]?[0-9]|\(\?R\)|\(\?[a-zA-Z\-]+\)|\(\?\|", ignorecase=False, lazy=True
)


class Branch(NamedTuple):
    pattern: Pattern
    keywords: tuple[frozenset[str], ...]  # one string of each must be present for a match

    def may_match(self, present: frozenset[str]) -> bool:
        return meets(self.keywords, present)


def splittable(sources: Sequence[str], keywords: Sequence[tuple[frozenset[str], ...]]) -> bool:
    """True when ``sources`` (expanded) may be searched branch by branch (see the module doc):
    a branch without keywords (it always runs) must be known never to match the empty string."""
    if len(sources) < 2 or any(_UNSAFE.search(s) for s in sources):
        return False
    return all(k or (min_width(s) or 0) >= 1 for s, k in zip(sources, keywords, strict=True))


def finditer(text: str, branches: Sequence[Branch]) -> Iterator[Span]:
    """The matches of the alternation of ``branches`` (each able to match here), in order."""
    for span, _ in merged_groupiter([b.pattern for b in branches], text):
        yield span


def search(whole: Pattern, parts: Sequence[Branch], text: str, present: frozenset[str] | None) -> Iterator[Span]:
    """The matches of ``whole``, the alternation of ``parts`` (none: not split). When the
    prefilter's findings (``present``) rule out some parts, only the others are searched."""
    active = parts if present is None else tuple(b for b in parts if b.may_match(present))
    if len(active) == len(parts):  # all of them, or not split: the whole pattern, compiled once
        return whole.finditer(text)
    if len(active) == 1:
        return active[0].pattern.finditer(text)
    return finditer(text, active)


def split_top(source: str) -> list[str] | None:
    """The branches of ``source``'s top-level alternation (one group around the whole is
    looked into, and a word boundary before or after that group goes into every branch), or
    None when it has none or reading it needs more than brackets and escapes. Each branch, and
    the whole, must read cleanly with the standard parser."""
    if "(?x" in source or "(?#" in source or "[:" in source:
        return None
    if source.startswith(_BOUNDARY + "(?:"):
        tail = _BOUNDARY if source.endswith(")" + _BOUNDARY) else ""
        grouped = source[len(_BOUNDARY) : len(source) - len(tail)]
        if _one_group(grouped):
            inner = split_top(grouped[3:-1])
            parts = [_BOUNDARY + part + tail for part in inner or ()]  # "\b(?:a|b)" matches as "\ba|\bb" does
            return parts if parts and _readable(source, parts) else None
    if _one_group(source):
        return split_top(source[3:-1])
    cuts = [i for i, ch, depth in _brackets(source) if ch == "|" and depth == 0]
    if not cuts:
        return None
    parts = [source[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(source)], strict=True)]
    return parts if _readable(source, parts) else None


def _readable(whole: str, parts: list[str]) -> bool:
    """The standard parser reads ``whole`` and each of its ``parts`` cleanly."""
    return parse(whole) is not None and all(parse(part) is not None for part in parts)


_BOUNDARY = "\\b"


def _one_group(source: str) -> bool:
    """``source`` is one non-capturing group, from its first character to its last."""
    closing = [i for i, ch, depth in _brackets(source) if ch == ")" and depth == 1]
    return source.startswith("(?:") and bool(closing) and closing[0] == len(source) - 1


def _brackets(source: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth before it) of each "(", ")" and "|" outside escapes and classes."""
    depth, i, n = 0, 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # skip the class; "]" first in it (after an optional "^") is literal
            j = i + 1 + source.startswith("^", i + 1)
            j += source.startswith("]", j)
            while j < n and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            i = j + 1
            continue
        if ch in "()|":
            yield i, ch, depth
            depth += (ch == "(") - (ch == ")")
        i += 1

"""A set pattern that opens with a group of alternatives, split into one pattern per alternative.

google-re2 factors the patterns of a ``Set`` into a tree of common prefixes ("reply", "refund"
and "return" share "re"). A pattern that opens with a group, ``(?:reply|refund)\\b...``, stays
one branch of that tree: each of its alternatives keeps its own first character, and an
unanchored automaton carries the first characters of every pattern in every state it builds.
Written as ``reply\\b...`` and ``refund\\b...``, two patterns of the set that report as one,
the alternatives join the tree, and new states are smaller and quicker to build. The prefilter
splits the patterns of its set without long runs (``re2text.lingering`` 0), where their copies
add at most their own length again (``MAX_GROWTH``): over the 10,000 benchmark drafts, that
set's first pass took 0.28 s so split against 0.37 s whole, and a warm pass the same time.
Splitting every pattern took 0.19 s, but a check of 100,000 files then peaked at 207-217 MiB
of memory instead of 127 MiB. In the sets with runs, states are mostly the runs' own: no
faster cold, a tenth slower warm, and dearer to compile (benchmarks/RESULTS.md).

``(?:A|B)C`` matches exactly where ``AC`` or ``BC`` does, whatever A, B and C are, as long as
the group has no repeat after it; the split only reads patterns as ``shadow`` writes them
(classes hold no bare brackets or backslashes), and leaves a pattern it cannot read whole.
"""
from __future__ import annotations

MAX_DEPTH = 3  # groups opening groups, split in turn
MAX_PARTS = 64  # alternatives a pattern may become; beyond, it stays whole
MAX_GROWTH = 2  # the parts together may be this many times as long as the pattern, else it stays whole


def _class_end(pattern: str, at: int) -> int:
    """The index just past the class that opens at ``pattern[at]`` ("["), or -1."""
    i = at + 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
        elif pattern[i] == "]":
            return i + 1
        else:
            i += 1
    return -1


def _top_level(pattern: str, start: int) -> tuple[int, list[int]] | None:
    """For the group opening at ``pattern[start]``: the index just past it, and the indexes of
    the "|" at its own level; None where the pattern cannot be read."""
    depth, i = 0, start
    bars: list[int] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            if i < 0:
                return None
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1, bars
        elif ch == "|" and depth == 1:
            bars.append(i)
        i += 1
    return None


def alternatives(pattern: str, depth: int = 0) -> list[str]:
    """Patterns that together match exactly where ``pattern`` does: its leading group's
    alternatives, each followed by the rest of it (split again where they open with a group,
    ``MAX_DEPTH`` deep); ``[pattern]`` where it does not open with a group of two or more."""
    if depth >= MAX_DEPTH or not pattern.startswith("(?:"):
        return [pattern]
    found = _top_level(pattern, 0)
    if found is None or not found[1]:
        return [pattern]
    end, bars = found
    rest = pattern[end:]
    if rest[:1] in ("{", "*", "+", "?"):  # a repeated group
        return [pattern]
    edges = [3, *(bar + 1 for bar in bars)]
    stops = [*bars, end - 1]
    parts: list[str] = []
    for a, b in zip(edges, stops, strict=True):
        parts.extend(alternatives(pattern[a:b] + rest, depth + 1))
        if len(parts) > MAX_PARTS:
            return [pattern]
    if depth == 0 and sum(map(len, parts)) > MAX_GROWTH * len(pattern):  # each part copies the rest
        return [pattern]
    return parts

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
from dataclasses import dataclass

from buyerlint.keywords import min_width
from buyerlint.patterns import Pattern, Span, compile_pattern, merged_groupiter

# back-references, subroutine calls, \G, \K, global flag groups, branch-reset groups
_UNSAFE = compile_pattern(
    r"\\[1-9GK]|\\g<|\(\?P[=>]|\(\?&|\(\?[+\-]?[0-9]|\(\?R\)|\(\?[a-zA-Z\-]+\)|\(\?\|", ignorecase=False, lazy=True
)


@dataclass(frozen=True, slots=True)
class Branch:
    pattern: Pattern
    keywords: tuple[frozenset[str], ...]  # one string of each must be present for a match

    def may_match(self, present: frozenset[str]) -> bool:
        return all(not group.isdisjoint(present) for group in self.keywords)


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

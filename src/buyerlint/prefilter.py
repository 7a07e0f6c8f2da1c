"""The keyword prefilter: one pass over a draft decides which rules can match at all.

Each rule carries ``keywords`` (see ``keywords.required``): groups of strings, and a match of
the rule needs one string of every group in the folded view. One scan finds every keyword
present in a document; a rule with a group none of whose strings is present cannot match and
is skipped without running its patterns. Skipping is exact: findings are the same with and
without the prefilter (tests/test_prefilter.py runs every bundled rule both ways).

The scan uses google-re2's ``Set`` (all keywords in one automaton, one pass in C++) when it is
installed, and a pure-Python scan otherwise; both report the same keywords.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from buyerlint.keywords import fold
from buyerlint.rule import Rule

Scan = Callable[[str], frozenset[str]]
ENGINES = ("re2", "python")


def _python_scan(words: Sequence[str]) -> Scan:
    """Keywords of three or more characters are indexed by their first three; the haystack's
    trigrams pick the few to test with ``in``; shorter ones are tested directly."""
    short = tuple(w for w in words if len(w) < 3)
    by_trigram: dict[str, list[str]] = defaultdict(list)
    for w in words:
        if len(w) >= 3:
            by_trigram[w[:3]].append(w)
    index = {k: tuple(v) for k, v in by_trigram.items()}
    keys = frozenset(index)

    def scan(hay: str) -> frozenset[str]:
        found = {w for w in short if w in hay}
        grams = {hay[i : i + 3] for i in range(len(hay) - 2)}
        for gram in keys.intersection(grams):
            found.update(w for w in index[gram] if len(w) == 3 or w in hay)
        return frozenset(found)

    return scan


def _re2_scan(words: Sequence[str]) -> Scan | None:
    try:
        import re2
    except ImportError:
        return None
    if not words:
        return lambda hay: frozenset()
    options = re2.Options()
    options.literal = True
    options.log_errors = False
    options.max_mem = 64 << 20
    matcher = re2.Set.SearchSet(options)
    try:
        for w in words:
            matcher.Add(w)
        matcher.Compile()
    except Exception:  # pragma: no cover - out of memory for an enormous keyword list
        return None
    table = tuple(words)
    fallback: list[Scan] = []

    def scan(hay: str) -> frozenset[str]:
        try:
            return frozenset(table[i] for i in matcher.Match(hay) or ())
        except UnicodeEncodeError:  # lone surrogates: RE2 reads UTF-8 only
            if not fallback:
                fallback.append(_python_scan(words))
            return fallback[0](hay)

    return scan


def _groups(rule: Rule) -> Iterator[frozenset[str]]:
    yield from rule.keywords
    for part in getattr(rule.kind, "parts", ()):  # a forbid rule's branches
        yield from part.keywords


class Prefilter:
    """Which of ``rules`` can match a given text."""

    def __init__(self, rules: Iterable[Rule], engine: str | None = None) -> None:
        words = sorted({w for rule in rules for group in _groups(rule) for w in group})
        chosen = engine or os.environ.get("BUYERLINT_PREFILTER_ENGINE") or "re2"
        scan = _re2_scan(words) if chosen == "re2" else None
        self.engine = "re2" if scan is not None else "python"
        self._scan = scan or _python_scan(words)

    def present(self, view: str) -> frozenset[str]:
        """The keywords found in ``view`` (folded for the comparison)."""
        return self._scan(fold(view))


def may_match(rule: Rule, present: frozenset[str]) -> bool:
    """False when a keyword group of ``rule`` has no string in ``present``: it cannot match."""
    return all(not group.isdisjoint(present) for group in rule.keywords)


_CACHE: dict[frozenset[str], Prefilter] = {}
_LAST: list[tuple[Sequence[Rule], Prefilter]] = []


def for_rules(rules: Sequence[Rule]) -> Prefilter:
    """The prefilter for a rule list, built once per distinct set of keywords (and found
    at once when the same list comes again, as it does for every file of a run)."""
    if _LAST and _LAST[0][0] is rules:
        return _LAST[0][1]
    words = frozenset(w for rule in rules for group in _groups(rule) for w in group)
    pf = _CACHE.get(words)
    if pf is None:
        if len(_CACHE) > 32:
            _CACHE.clear()
        pf = _CACHE[words] = Prefilter(rules)
    _LAST[:] = [(rules, pf)]  # keeps ``rules`` alive, so ``is`` cannot match a new list
    return pf

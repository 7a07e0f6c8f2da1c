"""Which rules of a list a document's prefilter findings let run, without asking every rule.

``Present.allows`` answers for one rule with one set comparison; asked of every rule of the
bundled packs, that is some ninety comparisons a draft for the dozen rules that run. A
``Plan`` files each rule under one of the keyword groups it needs, so that a draft looks only
at the rules filed under the groups it met, and at the rules that need none.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from buyerlint.prefilter import Present
from buyerlint.rule import Rule


class Plan:
    """The rules of one list, filed by group for one numbering of the prefilter's groups."""

    __slots__ = ("_always", "_asked", "_filed", "numbered", "rules")

    def __init__(self, rules: Sequence[Rule], numbered: dict[tuple[frozenset[str], ...], frozenset[int]]) -> None:
        self.rules, self.numbered = rules, numbered  # kept alive, so their ids stay theirs
        always: list[int] = []
        asked: list[tuple[int, tuple[frozenset[str], ...]]] = []
        filed: dict[int, list[tuple[int, frozenset[int]]]] = defaultdict(list)
        for i, rule in enumerate(rules):
            if rule.scope == "markup":  # judged on another view: by the caller
                always.append(i)
                continue
            need = numbered.get(rule.keywords)
            if need is None:  # groups the prefilter was not built with: asked the slow way
                asked.append((i, rule.keywords))
            elif not need:  # needs no group
                always.append(i)
            else:
                filed[max(need)].append((i, need))
        self._always, self._asked = tuple(always), tuple(asked)
        self._filed = dict(filed)

    def candidates(self, present: Present) -> list[int]:
        """Indexes, in order, of the rules that may match where ``present`` was found. Rules
        of the "markup" scope are all given: the caller asks about them on the markup's view."""
        met = present.met
        out = list(self._always)
        out.extend(i for i, groups in self._asked if present.allows(groups))
        filed = self._filed
        for group in met if len(met) < len(filed) else filed:
            for i, need in filed.get(group, ()):
                if need <= met:
                    out.append(i)
        out.sort()
        return out


_PLANS: dict[tuple[int, int], Plan] = {}


def plan(rules: Sequence[Rule], present: Present) -> Plan:
    """The plan for ``rules`` under the numbering ``present`` was found with (built once)."""
    numbered = present.numbered
    key = (id(rules), id(numbered))
    found = _PLANS.get(key)
    if found is None or found.rules is not rules or found.numbered is not numbered:
        if len(_PLANS) > 8:
            _PLANS.clear()
        found = _PLANS[key] = Plan(rules, numbered)
    return found

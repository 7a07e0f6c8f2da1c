"""The keyword prefilter: one pass over a draft decides which rules can match at all.

Each rule carries ``keywords`` (see ``keywords.required``): groups of strings, and a match of
the rule needs one string of every group in the folded view. One scan finds every keyword
present in a document; a rule with a group none of whose strings is present cannot match and
is skipped without running its patterns. Skipping is exact: findings are the same with and
without the prefilter (tests/test_prefilter.py runs every bundled rule both ways).

The scan uses google-re2's ``Set`` (all keywords in one automaton, one pass in C++) when it is
installed, and a pure-Python scan otherwise; both report the same keywords. With google-re2, a
group may also be a pattern's *shadow* (see ``shadow``): an RE2 pattern that matches wherever
the pattern can. Shadows of all rules are scanned in one more pass; a rule or branch whose
shadow is scanned needs no keyword scan of its own, so the keyword pass shrinks to the words
no shadow covers. Two more kinds of token are answered apart: classes beyond ASCII, tested in
Python (see ``nonascii``), and the shadow pieces of the link and email detectors' parts,
answered by the pass their own gates make over the view anyway (``gates.pieces_found``).
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from buyerlint import kinds, nonascii, patterns, re2set, re2text
from buyerlint.keywords import CLASS_PREFIX, GATE_PREFIX, SHADOW_PREFIX, fold, meets
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


# RE2's memory for a shadow set: its automaton's states are built as texts need them and kept up
# to this much (beyond, it starts over). Over 30,000 drafts in batches (benchmarks/RESULTS.md),
# 32 MiB a set took 0.16-0.18 ms a draft for the three passes, as 64 MiB did, where 16 MiB
# started over often enough to take 0.24-0.31 ms; RSS grew 16 MiB over the run, against 6 MiB
# with 16 MiB a set
_SHADOW_MEM = 32 << 20
_APART = (SHADOW_PREFIX, CLASS_PREFIX, GATE_PREFIX)  # tokens that are not keywords


class _SetScan:
    """One RE2 pass of many patterns over a text: the tokens of those found, or what
    ``otherwise`` says where RE2 has no answer (see ``re2set``)."""

    __slots__ = ("_otherwise", "_scan")

    def __init__(self, scan: re2set.SetScan[str], otherwise: Scan) -> None:
        self._scan, self._otherwise = scan, otherwise

    def __call__(self, hay: str) -> frozenset[str]:
        return self.many((hay,))[0]

    def many(self, hays: Sequence[str], encoded: Sequence[bytes | None] | None = None) -> list[frozenset[str]]:
        """The tokens found in each of ``hays``: the pass over one after another (``encoded``:
        ``re2set.utf8(hays)``, shared by the passes over the same texts)."""
        found = self._scan.many(hays, encoded)
        return [self._otherwise(hay) if one is None else one for hay, one in zip(hays, found, strict=True)]


def _re2_scan(
    patterns: Sequence[str], tokens: Sequence[str], otherwise: Scan, literal: bool, split: bool = False
) -> _SetScan | None:
    """One RE2 pass of ``patterns`` over a text: the ``tokens`` of those found, or what
    ``otherwise`` says when RE2 has no answer (see ``re2set``; ``split`` too); None without
    google-re2."""
    scan = re2set.compile_labelled(patterns, tokens, 64 << 20 if literal else _SHADOW_MEM, literal, split)
    return None if scan is None else _SetScan(scan, otherwise)


def _needs(rule: Rule) -> Iterator[tuple[frozenset[str], ...]]:
    """The keyword groups of a rule and of each of its branches (forbid patterns, near groups)."""
    yield rule.keywords
    for branch in kinds.branches_of(rule.kind):
        yield branch.keywords


def _tokens(rules: Iterable[Rule]) -> frozenset[str]:
    """Every keyword and shadow token that the groups of ``rules`` name."""
    return frozenset(w for rule in rules for needs in _needs(rule) for group in needs for w in group)


class Present(frozenset[str]):
    """The tokens found in a text (keywords, and shadow tokens), and which of the prefilter's
    keyword groups they meet: ``allows(groups)`` is one set comparison, not a loop over groups."""

    __slots__ = ("_met", "_numbered")
    _met: frozenset[int]  # the numbers of the groups met
    _numbered: dict[tuple[frozenset[str], ...], frozenset[int]]  # groups -> their numbers

    def allows(self, groups: tuple[frozenset[str], ...]) -> bool:
        """True when every one of ``groups`` has a string among these tokens."""
        need = self._numbered.get(groups)
        if need is None:  # groups the prefilter was not built with
            return all(not self.isdisjoint(group) for group in groups)  # see ``keywords.meets``
        return need <= self._met

    @property
    def met(self) -> frozenset[int]:
        return self._met

    @property
    def numbered(self) -> dict[tuple[frozenset[str], ...], frozenset[int]]:
        return self._numbered


class Prefilter:
    """Which of ``rules`` can match a given text.

    With google-re2 (engine "re2"), keywords and shadows (see ``shadow``) are scanned by RE2
    automata, built when the ``RE2_AFTER``-th text comes: building and warming them costs more
    than they save on a handful of drafts. Before that, and without google-re2 (engine
    "python"), keywords are scanned in Python and every shadow counts as present, which is
    always safe. With the automata, each distinct group is numbered once, so that a document's
    findings answer "may this rule match?" with one set comparison (``Present.allows``).
    """

    RE2_AFTER = 8

    def __init__(self, rules: Iterable[Rule], engine: str | None = None) -> None:
        rules = list(rules)
        every = _tokens(rules)
        self._words = sorted(w for w in every if not w.startswith(_APART))
        self._all_shadows = frozenset(w for w in every if w.startswith(SHADOW_PREFIX))
        # classes beyond ASCII are tested exactly from the first text on (see ``nonascii``)
        self._classes = nonascii.Classes(w for w in every if w.startswith(CLASS_PREFIX))
        # pieces the gates' pass answers (see ``gates.pieces_found``): all present until then
        self._all_gated = frozenset(w for w in every if w.startswith(GATE_PREFIX))
        self._gated: Scan = _always(self._all_gated)
        chosen = engine or os.environ.get("BUYERLINT_PREFILTER_ENGINE") or "re2"
        self.engine = "re2" if chosen == "re2" and re2set.installed() else "python"
        self._scan = _python_scan(self._words)
        self._shadow_scans: list[_SetScan] | None = None  # one per RE2 pass
        self._texts = 0 if self.engine == "re2" else -1  # -1: no switch to come
        self._all_needs = [needs for rule in rules for needs in _needs(rule)]
        # groups are numbered when the RE2 automata are built: a short run checks them one by one
        self._numbered: dict[tuple[frozenset[str], ...], frozenset[int]] = {}
        self._meets: dict[str, list[int]] = {}
        self._needed_scan: _SetScan | Scan | None = None  # with shadows scanned: the keywords they leave needed

    def _number(self, needs_list: Iterable[tuple[frozenset[str], ...]], shadowed: bool = False) -> set[str]:
        """Number every distinct group, and list for each token the groups it meets; returns
        the keywords that groups need. ``shadowed``: where a rule or branch has a group of
        shadows only, its groups of keywords are left out (see ``_count``); its groups of
        classes stay, since they are tested apart."""
        number: dict[frozenset[str], int] = {}
        self._numbered = {}
        for needs in needs_list:
            kept = needs
            if shadowed and any(all(t.startswith(SHADOW_PREFIX) for t in g) for g in needs):
                kept = tuple(g for g in needs if any(t.startswith(_APART) for t in g))
            self._numbered[needs] = frozenset(number.setdefault(g, len(number)) for g in kept)
        meets: dict[str, list[int]] = defaultdict(list)
        for group, n in number.items():
            for token in group:
                meets[token].append(n)
        self._meets = dict(meets)
        return {t for t in meets if not t.startswith(_APART)}

    def present(self, view: str) -> Present:
        """The keywords found in ``view`` and the tokens of the shadows that match it (with
        shadows scanned, only the keywords that some rule still needs besides them)."""
        return self.present_many((view,))[0]

    def present_many(self, views: Sequence[str]) -> list[Present]:
        """``present`` of each of ``views``. Each RE2 pass goes over all the views before the
        next pass starts, so that its automaton stays in the processor's caches: passes taken
        in turns, view by view among the rules' own work, run two to three times slower."""
        out: list[Present] = []
        for k, view in enumerate(views):
            if self._needed_scan is not None and self._shadow_scans is not None:
                return out + self._scanned(views[k:], self._needed_scan, self._shadow_scans)
            found = self.keywords_in(view)  # may build the automata, for the views after this one
            scans = self._shadow_scans
            shadows = self._all_shadows if scans is None else frozenset().union(*(s(view) for s in scans))
            out.append(self._tokens(found | shadows | self._classes(view) | self._gated(view)))
        return out

    def _scanned(self, views: Sequence[str], needed: Scan, scans: Sequence[_SetScan]) -> list[Present]:
        classes, gated = self._classes, self._gated
        if needed is _NO_WORDS:  # every keyword is covered by a shadow: no text need be folded
            each = [classes(view) | gated(view) for view in views]
        else:
            each = [needed(fold(view)) | classes(view) | gated(view) for view in views]
        encoded = re2set.utf8(views)
        for scan in scans:
            each = [tokens | found for tokens, found in zip(each, scan.many(views, encoded), strict=True)]
        return [self._tokens(tokens) for tokens in each]

    def _tokens(self, found: frozenset[str]) -> Present:
        tokens = Present(found)
        met: set[int] = set()
        meets = self._meets
        if meets:
            for token in tokens:
                met.update(meets.get(token, ()))
        tokens._met = frozenset(met)
        tokens._numbered = self._numbered
        return tokens

    def keywords_in(self, view: str) -> frozenset[str]:
        """The keywords found in ``view`` (folded for the comparison)."""
        if self._texts >= 0:
            self._count()
        return self._scan(fold(view))

    def _shadow_sets(self) -> list[_SetScan] | None:
        """One RE2 pass per kind of shadow (see ``re2text.lingering``); when RE2 has no answer,
        every shadow of that pass may match. The pieces without long runs are split at their
        leading alternatives (``re2split``)."""
        kinds_of: dict[int, list[str]] = defaultdict(list)
        pieces = sorted(w[len(SHADOW_PREFIX) :] for w in self._all_shadows)
        for piece, kind in zip(pieces, re2text.kinds(pieces), strict=True):
            kinds_of[kind].append(piece)
        scans: list[_SetScan] = []
        for kind, group in kinds_of.items():
            tokens = [SHADOW_PREFIX + p for p in group]
            scan = _re2_scan(group, tokens, _always(frozenset(tokens)), literal=False, split=kind == 0)
            if scan is None:
                return None
            scans.append(scan)
        return scans

    def _gate_scan(self) -> Scan:
        """The gated tokens found in a text, by the gates' pass; all of them where it has no answer."""
        from buyerlint import gates

        everything = self._all_gated
        found = gates.pieces_found(tuple(sorted(w[len(GATE_PREFIX) :] for w in everything)))
        if found is None:
            return _always(everything)

        def scan(hay: str) -> frozenset[str]:
            pieces = found(hay)
            return everything if pieces is None else frozenset(GATE_PREFIX + p for p in pieces)

        return scan

    def _count(self) -> None:
        self._texts += 1
        if self._texts > self.RE2_AFTER:
            self._texts = -1
            if self._all_shadows:
                self._shadow_scans = self._shadow_sets()
            if self._shadow_scans is None:  # the keywords alone decide: one RE2 pass finds them
                self._scan = _re2_scan(self._words, self._words, self._scan, literal=True) or self._scan
            if self._all_gated:
                self._gated = self._gate_scan()
            if self._shadow_scans is not None:
                patterns.long_run()
                # a match of a pattern's shadow has the pattern's keywords in it, so where a
                # shadow is needed the keywords need not be scanned (were they not there after
                # all, the rule runs and finds nothing: running is always safe, skipping is not)
                needed = sorted(self._number(self._all_needs, shadowed=True))
                if needed:
                    self._needed_scan = _re2_scan(needed, needed, _python_scan(needed), literal=True)
                else:
                    self._needed_scan = _NO_WORDS


def _always(found: frozenset[str]) -> Scan:
    return lambda hay: found


_NO_WORDS = _always(frozenset())  # the keyword scan when shadows leave no keyword needed


def may_match(rule: Rule, present: frozenset[str]) -> bool:
    """False when a keyword group of ``rule`` has no string in ``present``: it cannot match."""
    return meets(rule.keywords, present)


_CACHE: dict[frozenset[str], Prefilter] = {}
_LAST: list[tuple[Sequence[Rule], Prefilter]] = []


def for_rules(rules: Sequence[Rule]) -> Prefilter:
    """The prefilter for a rule list, built once per distinct set of keywords (and found
    at once when the same list comes again, as it does for every file of a run)."""
    if _LAST and _LAST[0][0] is rules:
        return _LAST[0][1]
    words = _tokens(rules)
    pf = _CACHE.get(words)
    if pf is None:
        if len(_CACHE) > 32:
            _CACHE.clear()
        pf = _CACHE[words] = Prefilter(rules)
    _LAST[:] = [(rules, pf)]  # keeps ``rules`` alive, so ``is`` cannot match a new list
    return pf

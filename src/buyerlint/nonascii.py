"""Characters beyond ASCII that a pattern cannot match without, for the prefilter.

A shadow (see ``shadow``) keeps no Unicode table: a class that holds one character beyond
ASCII holds them all there. So the shadow of an emoji pattern matches any text with a curly
quote or an accent, some two drafts in five. ``clauses(source, ignorecase)`` adds what the
shadow cannot say: classes (``\\p{Emoji_Presentation}``, ``[\\u2605\\u2606]``) such that every
match of the pattern holds a character of each. A clause is a set of *class tokens* (one
of them must be met); a token is ``PREFIX``, "i" or "-" for the case flag, and the class in
``regex`` syntax.

``Classes(tokens)`` finds the tokens a text meets: ``regex`` itself, the engine that decides,
tests each distinct character beyond ASCII of the text once against every class (answers are
kept per character), so a class is met exactly when the pattern's engine would say so. A
class that holds an ASCII character gets no token; a pack from the cache was built with the
same ``regex`` (its version is part of the cache's key, see ``packcache``).

The analysis, over the standard parser's reading (``shadow.parsed``):

- a literal or class with no ASCII member is a clause of one class;
- a sequence needs what each of its items needs, a positive look-around what it looks for;
- an alternation needs one of its branches' classes (nothing if a branch needs none);
- a repeat of at least one needs what its body needs; anything else needs nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import regex

from buyerlint.keywords import CLASS_PREFIX as PREFIX
from buyerlint.keywords import _c, beyond_ascii

_MAX_CLAUSES = 2
_IGNORECASE = 2  # re.IGNORECASE == regex.IGNORECASE
Clauses = tuple[frozenset[str], ...]


def _code(code: int) -> str:
    return f"\\U{code:08x}"


class _Reader:
    def __init__(self, props: Sequence[tuple[str, bool]]) -> None:
        from buyerlint import shadow  # only when a pack is built, not when it comes from the cache

        self.props = props
        self.base = shadow.PROPERTY_BASE
        self.repeats = shadow._REPEATS

    def item(self, op: Any, av: Any) -> str | None:
        """One class member in ``regex`` syntax; None for what the class syntax cannot hold."""
        if op is _c.LITERAL:
            k = av - self.base
            if 0 <= k < len(self.props):
                name, negated = self.props[k]
                return f"\\{'P' if negated else 'p'}{{{name}}}"
            return _code(av)
        if op is _c.RANGE:
            return f"{_code(av[0])}-{_code(av[1])}"
        return None

    def klass(self, op: Any, av: Any, flags: int) -> Clauses:
        """A clause of one class token, when no ASCII character is in the class."""
        if op is _c.LITERAL:
            spec = self.item(op, av) if av >= 128 else None
        else:  # IN: a negated class or a category holds ASCII characters anyway
            members = [self.item(o, a) for o, a in av]
            spec = None if None in members else "[" + "".join(m for m in members if m) + "]"
        if spec is None:
            return ()
        token = PREFIX + ("i" if flags & _IGNORECASE else "-") + spec
        return () if _matches_ascii(token) else (frozenset({token}),)

    def seq(self, items: Iterable[tuple[Any, Any]], flags: int) -> Clauses:
        out: list[frozenset[str]] = []
        for op, av in items:
            out.extend(self.node(op, av, flags))
        return tuple(out)

    def node(self, op: Any, av: Any, flags: int) -> Clauses:
        if op in (_c.LITERAL, _c.IN):
            return self.klass(op, av, flags)
        if op is _c.SUBPATTERN:
            return self.seq(av[3], (flags | av[1]) & ~av[2])
        if op is _c.ASSERT:  # what a positive look-around looks for is in the text
            return self.seq(av[1], flags)
        if op is getattr(_c, "ATOMIC_GROUP", None):
            return self.seq(av, flags)
        if op in self.repeats:
            return self.seq(av[2], flags) if av[0] >= 1 else ()
        if op is _c.BRANCH:
            found = [self.seq(branch, flags) for branch in av[1]]
            if not all(found):
                return ()
            return (frozenset().union(*(min(f, key=len) for f in found)),)
        return ()  # anchors, negative look-arounds, any character, back-references ...


def _matches_ascii(token: str) -> bool:
    rx = _compiled(token)
    return rx is None or any(rx.match(chr(i)) for i in range(128))


@lru_cache(maxsize=512)
def _compiled(token: str) -> Any:
    """The class of a token, compiled; None when ``regex`` cannot read it."""
    flags = regex.V0 | (regex.IGNORECASE if token[1] == "i" else 0)
    try:
        return regex.compile(token[2:], flags)
    except regex.error:
        return None


@lru_cache(maxsize=1024)
def clauses(source: str, ignorecase: bool) -> Clauses:
    """Clauses of class tokens such that every match of ``source`` has a character of one
    class of each clause; () when none is known."""
    from buyerlint import shadow

    read = shadow.parsed(source, ignorecase)
    if read is None:
        return ()
    tree, props = read
    try:
        found = _Reader(props).seq(tree, tree.state.flags)
    except Exception:  # pragma: no cover - an unexpected parse tree shape
        return ()
    return tuple(sorted(set(found), key=lambda c: (len(c), sorted(c))))[:_MAX_CLAUSES]


class Classes:
    """Which of ``tokens`` a text meets (see the module's docstring). A text all in ASCII meets
    none: a token is made only for a class that holds no ASCII character (``clauses``, with
    the ``regex`` that a cached pack's key names). The classes are compiled when a text beyond
    ASCII first comes, not on every start-up."""

    _LIMIT = 65536  # characters whose answers are kept

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens = tuple(sorted(tokens))
        self._tested: list[tuple[str, Any]] | None = None
        self._of: dict[str, frozenset[str]] = {}

    def _classes(self) -> list[tuple[str, Any]]:
        if self._tested is None:
            self._tested = [(t, _compiled(t)) for t in self.tokens]
        return self._tested

    def __call__(self, text: str) -> frozenset[str]:
        if not self.tokens or text.isascii():
            return _NONE
        tested = self._classes()
        of = self._of
        if len(of) > self._LIMIT:
            of.clear()
        found: set[str] = set()
        for ch in beyond_ascii(text):
            met = of.get(ch)
            if met is None:
                # a class ``regex`` cannot read (not the version it was made with) is met
                met = of[ch] = frozenset(t for t, rx in tested if rx is None or rx.match(ch))
            found.update(met)
        return frozenset(found)


_NONE: frozenset[str] = frozenset()

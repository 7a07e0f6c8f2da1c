"""Keywords a pattern cannot match without: the prefilter's half of a rule.

``required(source)`` returns a set of lower-case ASCII strings such that every match of the
pattern, in any text, contains at least one of them (case ignored), or ``None`` when no such
set can be derived safely; a rule without keywords always runs. The analysis reads the
pattern with the standard library's regex parser (the ``regex`` syntax the packs use is a
superset: its extra constructs, and anything the parser warns about, give ``None``):

- a literal is itself; a small character class (``[a4@]``) is each of its characters;
- a sequence joins adjacent literals (cross product, kept small) and keeps the most selective
  of its required sets; anchors, ``\\b`` and negative look-arounds are zero-width and joined
  across; a positive look-around's requirement holds as well;
- an alternation needs one of its branches' requirements (none if any branch has none);
- a repeat of at least one needs what its body needs; an optional part needs nothing.

Haystacks are compared with ``fold``: lower-cased, with the few non-ASCII characters that
the ``regex`` module matches case-insensitively against an ASCII letter mapped to it.
"""
from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

# the standard library's regex parser (re._parser since Python 3.11, sre_parse before)
_p: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_c: Any = importlib.import_module("re._constants" if sys.version_info >= (3, 11) else "sre_constants")

_MAX_SET = 24  # most exact strings kept for a node (cross products beyond this are cut)
_SMALL_CLASS = 6  # a character class with more characters than this is "any character"
# Non-ASCII characters that ``regex`` (and ``re``) match case-insensitively against an ASCII
# letter; tests/test_prefilter.py checks this against every code point.
SHADOW_PREFIX = "\x00"  # marks a shadow piece among a rule's keywords (see ``shadow``)
CLASS_PREFIX = "\x01"  # marks a class beyond ASCII among them (see ``nonascii``)
GATE_PREFIX = "\x02"  # marks a shadow piece answered by the gates' pass (see ``gates.pieces_found``)
CASE_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}


def meets(groups: Iterable[frozenset[str]], tokens: frozenset[str]) -> bool:
    """True when each of ``groups`` has a string among ``tokens``. The prefilter's findings
    (``prefilter.Present``) answer that themselves, with one set comparison."""
    allows = getattr(tokens, "allows", None)
    if allows is not None:
        return bool(allows(groups))
    # ``tokens.isdisjoint(group)``, not the other way round: CPython takes its fast path only
    # when the argument is exactly a frozenset, and ``tokens`` may be a subclass (``Present``)
    return all(not tokens.isdisjoint(group) for group in groups)


@lru_cache(maxsize=1)
def _beyond() -> Any:
    import regex  # loaded by then: patterns use it

    return regex.compile(r"[^\x00-\x7f]")


def beyond_ascii(text: str) -> set[str]:
    """The distinct characters of ``text`` beyond ASCII (one ``findall``: a third of the time
    of ``set(text)`` for a draft with a few of them)."""
    return set(_beyond().findall(text))


def fold(text: str) -> str:
    """The haystack for keyword tests: lower-case, with case-insensitive ASCII look-alikes mapped."""
    if not text.isascii():
        for odd, ascii_letter in CASE_FOLDS.items():  # ``str.translate`` is far slower
            if odd in text:
                text = text.replace(odd, ascii_letter)
    return text.lower()


Clauses = tuple[frozenset[str], ...]  # every clause must have one of its strings present


class _Info(NamedTuple):
    exact: frozenset[str] | None  # every string the node can match, when few and known
    needs: Clauses = ()  # what any match of the node contains, beyond ``exact``


_EMPTY = _Info(frozenset({""}))
_ANY = _Info(None)


def _score(need: frozenset[str] | None) -> tuple[int, int]:
    if not need:
        return (0, 0)
    return (min(len(s) for s in need), -len(need))


def _usable(need: frozenset[str] | None) -> bool:
    return bool(need) and "" not in need  # type: ignore[operator]


def _clauses(info: _Info) -> Clauses:
    extra = (info.exact,) if info.exact is not None and _usable(info.exact) else ()
    return (*info.needs, *extra)


def _best(info: _Info) -> frozenset[str] | None:
    found = [c for c in _clauses(info) if _usable(c)]
    return max(found, key=_score) if found else None


def _char(code: int) -> _Info:
    ch = chr(code)
    if not ch.isascii():
        return _ANY
    return _Info(frozenset({ch.lower()}))


def _klass(items: list[tuple[Any, Any]]) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _SMALL_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range
            return _ANY
    if not chars or any(not c.isascii() for c in chars):
        return _ANY
    folded = frozenset(c.lower() for c in chars)
    return _Info(folded) if len(folded) <= _SMALL_CLASS else _ANY


def _seq(items: Iterable[tuple[Any, Any]]) -> _Info:
    needs: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    exact_all = True

    def flush() -> None:
        if _usable(run):
            needs.append(run)

    for op, av in items:
        info = _node(op, av)
        needs.extend(info.needs)
        if info.exact is None:
            flush()
            run, exact_all = frozenset({""}), False
            continue
        joined = frozenset(a + b for a in run for b in info.exact)
        if len(joined) > _MAX_SET:
            flush()
            run, exact_all = info.exact, False
        else:
            run = joined
    if exact_all:
        return _Info(run, tuple(needs))
    flush()
    return _Info(None, tuple(needs))


def _alt(branches: Iterable[_Info]) -> _Info:
    infos = list(branches)
    exact: frozenset[str] | None = frozenset()
    for info in infos:
        exact = None if exact is None or info.exact is None else exact | info.exact
    if exact is not None and len(exact) > _MAX_SET:
        exact = None
    need: frozenset[str] | None = frozenset()
    for info in infos:
        one = _best(info)
        need = None if need is None or one is None else need | one
    if exact is not None:
        return _Info(exact)
    return _Info(None, (need,) if need else ())


def _node(op: Any, av: Any) -> _Info:
    if op is _c.LITERAL:
        return _char(av)
    if op is _c.IN:
        return _klass(av)
    if op is _c.AT or op is _c.ASSERT_NOT:
        return _EMPTY  # zero-width: the literals on either side are adjacent
    if op is _c.ASSERT:
        return _Info(None, _clauses(_seq(av[1])))
    if op is _c.SUBPATTERN:
        return _seq(av[-1])
    if op is _c.BRANCH:
        return _alt(_seq(b) for b in av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, body = av
        if lo == 0:
            return _ANY
        inner = _seq(body)
        if lo == hi == 1:
            return inner
        return _Info(None, _clauses(inner))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    return _ANY  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, GROUPREF_EXISTS, ...


def _prune(clauses: Iterable[frozenset[str]], limit: int = 4) -> Clauses:
    """The most selective clauses, without duplicates or clauses another one implies."""
    unique = sorted({c for c in clauses if _usable(c)}, key=lambda c: (_score(c), sorted(c)), reverse=True)
    kept: list[frozenset[str]] = []
    for c in sorted(unique, key=len):
        if not any(k <= c for k in kept):  # a smaller clause is stricter
            kept.append(c)
    kept.sort(key=lambda c: (_score(c), sorted(c)), reverse=True)
    return tuple(kept[:limit])


def swap_properties(source: str, stand_in: Callable[[str, bool], str]) -> str | None:
    """``source`` with each ``regex``-only property class (``\\p{name}``, ``\\P{name}``) replaced
    by ``stand_in(name, negated)``; None if one is not closed."""
    out: list[str] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt in "pP" and source.startswith("{", i + 2):
                end = source.find("}", i + 3)
                if end < 0:
                    return None
                out.append(stand_in(source[i + 3 : end].strip(), nxt == "P"))
                i = end + 1
                continue
            out.append(source[i : i + 2])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _for_stdlib(source: str) -> str | None:
    """``source`` with the property classes swapped for stand-ins the standard parser reads
    (both are "many characters" to the analysis)."""
    return swap_properties(source, lambda name, negated: "\\W" if negated else "\\w")


@lru_cache(maxsize=256)
def _parse(source: str) -> Any:
    text = _for_stdlib(source)
    if text is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return _p.parse(text, 0)
    except Exception:  # regex-only syntax, or anything the stdlib reads differently
        return None


def parse(source: str) -> Any:
    """The standard parser's reading of ``source`` (``regex`` property classes swapped for
    stand-ins), or None when it reads it differently or not at all."""
    return _parse(source)


def min_width(source: str) -> int | None:
    """The fewest characters a match of ``source`` can have, or None if unknown."""
    parsed = _parse(source)
    try:
        return None if parsed is None else int(parsed.getwidth()[0])
    except Exception:  # pragma: no cover
        return None


def required(source: str) -> Clauses:
    """Clauses (sets of folded strings) such that every match of ``source`` contains one string
    of each clause; () when nothing can be derived safely."""
    parsed = _parse(source)
    if parsed is None:
        return ()
    try:
        return _prune(_clauses(_seq(parsed)))
    except Exception:  # pragma: no cover - an unexpected parse tree shape
        return ()

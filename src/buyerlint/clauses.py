"""Kinds built from compiled patterns, with what the prefilter needs of each.

``forbid``, ``near`` and ``require`` build their kinds, keeping an alternation's branches where
they may be searched one by one (see ``branches``); ``keywords`` gives a kind's clauses: the
strings, shadow pieces (``shadow``), classes beyond ASCII (``nonascii``) and gate pieces
(``gates.pieces_found``) that a match needs. They run when a pack is built, not when it
comes from the cache.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from buyerlint import branches
from buyerlint.entities import email_parts, link_parts
from buyerlint.keywords import CLASS_PREFIX, GATE_PREFIX, SHADOW_PREFIX, required
from buyerlint.kinds import EmailKind, Forbid, Kind, LinkKind, Near, Require
from buyerlint.patterns import IGNORECASE, Pattern, PatternError, compile_pattern


def keywords(kind: Kind) -> tuple[frozenset[str], ...]:
    """The prefilter's keyword groups for a kind: a hit needs one string of each group.

    ``forbid`` needs its pattern's keywords, ``near`` those of every group, the link and
    email detectors a piece of one of their parts' shadows (no part, no address); the phone
    and number detectors and ``require`` (which reports an absence) always run.
    """
    if isinstance(kind, LinkKind):
        return _any_part(_detector_parts(link_parts(kind.tlds)))
    if isinstance(kind, EmailKind):
        return _any_part(_detector_parts(email_parts()))
    if isinstance(kind, Forbid) and kind.parts:
        return _any_part(kind.parts)
    if isinstance(kind, Forbid):
        return _needs(kind.pattern)
    if isinstance(kind, Near):
        split = kind.parts or ((),) * len(kind.groups)
        return tuple(g for p, parts in zip(kind.groups, split, strict=True) for g in _any_part(parts) or _needs(p))
    return ()


def _any_part(parts: Sequence[branches.Branch]) -> tuple[frozenset[str], ...]:
    """Clauses for "some part may match": of each part, its shadow when it has one (rarer
    than its keywords), else its first group of keywords (the most selective); and when every
    part needs a class beyond ASCII (see ``nonascii``), one of those classes. () when a part
    has no clause at all (it may match anywhere)."""
    if not parts or not all(part.keywords for part in parts):
        return ()
    best = [next((g for g in part.keywords if min(g).startswith(SHADOW_PREFIX)), part.keywords[0]) for part in parts]
    wide: list[frozenset[str]] = []
    for part in parts:
        group = next((g for g in part.keywords if min(g).startswith(CLASS_PREFIX)), None)
        if group is None:
            return (frozenset().union(*best),)
        wide.append(group)
    return (frozenset().union(*best), frozenset().union(*wide))


def _detector_parts(parts: Sequence[Pattern]) -> tuple[branches.Branch, ...]:
    """A detector's patterns as branches that need their shadows' pieces, answered by the
    pass the detectors' own gates share (``gates.pieces_found``), not by the prefilter's sets."""
    from buyerlint import shadow

    found: list[branches.Branch] = []
    for p in parts:
        pieces = shadow.shadow(p.expanded, bool(p.flags & IGNORECASE)) or ()
        found.append(branches.Branch(p, tuple(frozenset({GATE_PREFIX + piece}) for piece in pieces)))
    return tuple(found)


# "report only the first match in the text": the regex-only \K keeps what follows as the match.
# At the very start of a pattern (inside its opening groups), the prefix only ties the rest to
# some position of the text; taken out, the pattern matches wherever the rest does: wider, and
# free of regex-only syntax, so that keywords and a shadow can be derived
_FIRST_ONLY = re.compile(r"\A((?:\(\?:)*)\\A\[\\s\\S\]\*\?\\K")


def _needs(pattern: Pattern) -> tuple[frozenset[str], ...]:
    """A pattern's prefilter clauses: its keywords, its shadow (see ``shadow``), then the
    classes beyond ASCII it needs (see ``nonascii``)."""
    from buyerlint import nonascii, shadow  # only when a pack is built, not when it comes from the cache

    source = _FIRST_ONLY.sub(r"\1", pattern.expanded, count=1)
    icase = bool(pattern.flags & IGNORECASE)
    return (*required(source), *shadow.clauses(source, icase), *nonascii.clauses(source, icase))


def forbid(pattern: Pattern, parts: Sequence[Pattern], plain: Pattern | None = None) -> Forbid:
    """A ``forbid`` kind for the alternation ``pattern`` of ``parts``, split into branches
    that the prefilter can skip one by one when that is safe (see ``branches``); ``plain`` is
    the rule without digit swaps in its terms, to tell when a match needed one."""
    words = [required(p.expanded) for p in parts]  # not the shadows: they do not rule out empty matches
    if not branches.splittable([p.expanded for p in parts], words):
        return Forbid(pattern, plain=plain)
    return Forbid(pattern, tuple(branches.Branch(p, _needs(p)) for p in parts), plain)


def near(groups: Sequence[Pattern], within: int) -> Near:
    """A ``near`` kind; a group that is an alternation is also kept as its branches (see
    ``branches``), so that the prefilter can skip those that cannot match."""
    parts = tuple(_split(group) for group in groups)
    return Near(tuple(groups), within, parts if any(parts) else ())


def _split(group: Pattern) -> tuple[branches.Branch, ...]:
    sources = branches.split_top(group.expanded)
    if sources is None or not branches.splittable(sources, [required(s) for s in sources]):
        return ()
    try:
        parts = [compile_pattern(s, ignorecase=bool(group.flags & IGNORECASE)) for s in sources]
    except PatternError:  # a branch that does not stand alone
        return ()
    return tuple(branches.Branch(p, _needs(p)) for p in parts)


def require(pattern: Pattern | None, placeholder: Pattern | None) -> Require:
    """A ``require`` kind; a pattern that is an alternation is also kept as its branches, so
    that the prefilter can skip those that cannot match (see ``branches``)."""
    return Require(pattern, placeholder, _split(pattern) if pattern is not None else ())

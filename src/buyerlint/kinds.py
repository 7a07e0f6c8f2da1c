"""The closed set of rule kinds. A rule's ``kind`` picks one; its fields configure it.

- ``forbid``: any match of ``patterns`` (regexes) or ``terms`` (whole words, tolerant of
  digit swaps and spacing) is a finding.
- ``near``: every group of ``all`` must match within ``within`` consecutive sentences
  (0 = anywhere in the draft); the first group's match is reported.
- ``require``: the draft must contain a match of ``patterns`` or a template placeholder
  whose name matches ``placeholders``; otherwise one finding at the top of the draft.
- ``link``: web addresses (with or without scheme, spelled out, shortened), filtered by
  ``allow-domains`` / ``only-domains`` and a ``path`` regex.
- ``email``: email addresses, plain or written out ("name at brand dot com").
- ``phone``: phone numbers, in digits or words, that are not order ids, tracking numbers,
  ASINs, prices or dates.
- ``number``: numbers whose checksum holds: ``check: iban`` (IBAN, mod 97) or ``check: luhn``
  (a payment card number: Luhn, a major network's prefix, not after "tracking", "order" ...).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from buyerlint import branches, digitruns
from buyerlint.checksums import numbers
from buyerlint.document import Document
from buyerlint.entities import DEFAULT_BARE_TLDS, Link, emails, host_in, links, phones
from buyerlint.patterns import Pattern, Span


class Hit(NamedTuple):
    """A match in a document's view coordinates; ``how`` names a disguise the kind saw through
    ("written out", "written in words", "letters for digits", "digits for letters")."""

    start: int
    end: int
    how: str = ""


class Kind(Protocol):
    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        """Hits in ``doc``; ``present``: the prefilter's keywords found in it, when known."""
        ...


def branches_of(kind: Kind) -> tuple[branches.Branch, ...]:
    """Every branch a kind may search on its own (the prefilter needs their keywords too)."""
    if isinstance(kind, Forbid):
        return kind.parts
    if isinstance(kind, Near):
        return tuple(b for group in kind.parts for b in group)
    if isinstance(kind, Require):
        return kind.parts
    return ()


def _emails(doc: Document) -> list[tuple[int, int, str]]:
    return doc.remembered("emails", lambda: list(emails(doc.view)))


def _links(doc: Document, tlds: tuple[str, ...]) -> list[Link]:
    return doc.remembered(("links", tlds), lambda: list(links(doc.view, tlds, [(a, b) for a, b, _ in _emails(doc)])))


def _runs(doc: Document) -> digitruns.Runs:
    """Where the phone and card detectors search (``digitruns``): the runs beyond order ids,
    found once a document."""
    return doc.remembered("number runs", lambda: digitruns.beyond_order_ids(doc.view))


def _phones(doc: Document, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return doc.remembered(("phones", lo, hi), lambda: list(phones(doc.view, lo, hi, _runs(doc))))


DIGITS_FOR_LETTERS = "digits for letters"
_SWAPS = frozenset("0134579@$!|")


@dataclass(frozen=True, slots=True)
class Forbid:
    """Any match of a pattern (or of a term) is a hit."""

    pattern: Pattern  # the alternation of every part
    parts: tuple[branches.Branch, ...] = ()  # the same parts one by one, when they may be split
    plain: Pattern | None = None  # the same rule without digit swaps in its terms

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        for span in branches.search(self.pattern, self.parts, doc.view, present):
            yield Hit(span.start, span.end, DIGITS_FOR_LETTERS if self._swapped(doc.view, span) else "")

    def _swapped(self, view: str, span: Span) -> bool:
        """The match needed a digit swap ("P4yP4l"): the rule without swaps does not match it."""
        if self.plain is None or not _SWAPS.intersection(view[span.start : span.end]):
            return False
        return not any(s == span for s in self.plain.finditer(view, span.start, span.end))


@dataclass(frozen=True, slots=True)
class Near:
    """Every group matches within ``within`` sentences of the first group's match."""

    groups: tuple[Pattern, ...]
    within: int  # sentences; 0 means the whole draft
    parts: tuple[tuple[branches.Branch, ...], ...] = ()  # each group's branches, when it may be split

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        anchors = list(self._spans(0, doc.view, present))
        if not anchors:
            return
        others: list[set[int]] = []
        for n in range(1, len(self.groups)):
            seen = {doc.sentence_index(s.start) for s in self._spans(n, doc.view, present)}
            if not seen:
                return
            others.append(seen)
        for span in anchors:
            i = doc.sentence_index(span.start)
            if all(self._close(i, seen) for seen in others):
                yield Hit(span.start, span.end)

    def _spans(self, n: int, view: str, present: frozenset[str] | None) -> Iterator[Span]:
        """Group ``n``'s matches (its branches that can match, when it is split)."""
        return branches.search(self.groups[n], self.parts[n] if self.parts else (), view, present)

    def _close(self, i: int, seen: set[int]) -> bool:
        if self.within == 0:
            return True
        return any(abs(i - j) < self.within for j in seen)


@dataclass(frozen=True, slots=True)
class Require:
    """One hit at the top when neither the pattern nor a matching placeholder is present."""

    pattern: Pattern | None
    placeholder: Pattern | None
    parts: tuple[branches.Branch, ...] = ()  # the pattern's branches, when it may be split

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        if self.pattern is not None and self._found(self.pattern, doc.view, present):
            return
        if self.placeholder is not None and any(
            self.placeholder.fullmatch(p.key) for p in doc.placeholders
        ):
            return
        yield Hit(0, 0)

    def _found(self, pattern: Pattern, view: str, present: frozenset[str] | None) -> bool:
        """``pattern`` has a match: one of its branches that may match here has one (each
        searched alone: one search of the alternation tries every branch at every place)."""
        if not self.parts:
            return pattern.search(view) is not None
        return any(b.pattern.search(view) is not None for b in self.parts if present is None or b.may_match(present))


@dataclass(frozen=True, slots=True)
class LinkKind:
    """Web addresses, filtered by domain lists and a path pattern."""

    allow_domains: tuple[str, ...] = ()
    only_domains: tuple[str, ...] = ()
    path: Pattern | None = None
    tlds: tuple[str, ...] = DEFAULT_BARE_TLDS

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        for link in _links(doc, self.tlds):
            if self.allow_domains and host_in(link.host, self.allow_domains):
                continue
            if self.only_domains and not host_in(link.host, self.only_domains):
                continue
            if self.path is not None and self.path.search(link.path) is None:
                continue
            yield Hit(link.start, link.end, link.how)


@dataclass(frozen=True, slots=True)
class EmailKind:
    """Email addresses, plain or written out."""

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        for start, end, how in _emails(doc):
            yield Hit(start, end, how)


@dataclass(frozen=True, slots=True)
class PhoneKind:
    """Phone numbers of ``min_digits`` to ``max_digits`` digits."""

    min_digits: int = 7
    max_digits: int = 15

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        for start, end, how in _phones(doc, self.min_digits, self.max_digits):
            yield Hit(start, end, how)


@dataclass(frozen=True, slots=True)
class NumberKind:
    """Numbers whose checksum holds (``check``: iban or luhn)."""

    check: str  # one of checksums.CHECKS

    def find(self, doc: Document, present: frozenset[str] | None = None) -> Iterator[Hit]:
        for start, end in numbers(doc.view, self.check, _runs(doc) if self.check == "luhn" else None):
            yield Hit(start, end)

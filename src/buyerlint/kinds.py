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
from typing import Protocol

from buyerlint.checksums import numbers
from buyerlint.document import Document
from buyerlint.entities import DEFAULT_BARE_TLDS, emails, host_in, links, phones
from buyerlint.patterns import Pattern, Span


@dataclass(frozen=True, slots=True)
class Hit:
    """A match in a document's view coordinates; ``how`` names a disguise the kind saw through
    ("written out", "written in words", "letters for digits", "digits for letters")."""

    start: int
    end: int
    how: str = ""


class Kind(Protocol):
    def find(self, doc: Document) -> Iterator[Hit]: ...


DIGITS_FOR_LETTERS = "digits for letters"
_SWAPS = frozenset("0134579@$!|")


@dataclass(frozen=True, slots=True)
class Forbid:
    pattern: Pattern
    plain: Pattern | None = None  # the same rule without digit swaps in its terms

    def find(self, doc: Document) -> Iterator[Hit]:
        for span in self.pattern.finditer(doc.view):
            yield Hit(span.start, span.end, DIGITS_FOR_LETTERS if self._swapped(doc.view, span) else "")

    def _swapped(self, view: str, span: Span) -> bool:
        """The match needed a digit swap ("P4yP4l"): the rule without swaps does not match it."""
        if self.plain is None or not _SWAPS.intersection(view[span.start : span.end]):
            return False
        return not any(s == span for s in self.plain.finditer(view, span.start, span.end))


@dataclass(frozen=True, slots=True)
class Near:
    groups: tuple[Pattern, ...]
    within: int  # sentences; 0 means the whole draft

    def find(self, doc: Document) -> Iterator[Hit]:
        anchors = list(self.groups[0].finditer(doc.view))
        if not anchors:
            return
        others: list[set[int]] = []
        for group in self.groups[1:]:
            seen = {doc.sentence_index(s.start) for s in group.finditer(doc.view)}
            if not seen:
                return
            others.append(seen)
        for span in anchors:
            i = doc.sentence_index(span.start)
            if all(self._close(i, seen) for seen in others):
                yield Hit(span.start, span.end)

    def _close(self, i: int, seen: set[int]) -> bool:
        if self.within == 0:
            return True
        return any(abs(i - j) < self.within for j in seen)


@dataclass(frozen=True, slots=True)
class Require:
    pattern: Pattern | None
    placeholder: Pattern | None

    def find(self, doc: Document) -> Iterator[Hit]:
        if self.pattern is not None and self.pattern.search(doc.view) is not None:
            return
        if self.placeholder is not None and any(
            self.placeholder.fullmatch(p.key) for p in doc.placeholders
        ):
            return
        yield Hit(0, 0)


@dataclass(frozen=True, slots=True)
class LinkKind:
    allow_domains: tuple[str, ...] = ()
    only_domains: tuple[str, ...] = ()
    path: Pattern | None = None
    tlds: tuple[str, ...] = DEFAULT_BARE_TLDS

    def find(self, doc: Document) -> Iterator[Hit]:
        for link in links(doc.view, self.tlds):
            if self.allow_domains and host_in(link.host, self.allow_domains):
                continue
            if self.only_domains and not host_in(link.host, self.only_domains):
                continue
            if self.path is not None and self.path.search(link.path) is None:
                continue
            yield Hit(link.start, link.end, link.how)


@dataclass(frozen=True, slots=True)
class EmailKind:
    def find(self, doc: Document) -> Iterator[Hit]:
        for start, end, how in emails(doc.view):
            yield Hit(start, end, how)


@dataclass(frozen=True, slots=True)
class PhoneKind:
    min_digits: int = 7
    max_digits: int = 15

    def find(self, doc: Document) -> Iterator[Hit]:
        for start, end, how in phones(doc.view, self.min_digits, self.max_digits):
            yield Hit(start, end, how)


@dataclass(frozen=True, slots=True)
class NumberKind:
    check: str  # one of checksums.CHECKS

    def find(self, doc: Document) -> Iterator[Hit]:
        for start, end in numbers(doc.view, self.check):
            yield Hit(start, end)

"""Where in a view a long number can be: the phone and card detectors search only there.

A phone number in digits, and a card number, is written with digits and a few other
characters (spaces, "+", brackets, dots, dashes, the letters O, o, l, I and "|" standing in
for digits). A match of either detector lies inside one *run*: a stretch of those characters
only, as long as it goes. A run with fewer than ``MIN_DIGITS`` digits holds neither (a phone
number has at least five real digits, a card number thirteen), so a draft's prices, dates and
quantities cost one quick search for runs and nothing more.

Searching a run rather than the whole view finds the same matches: no match crosses the edge
of a run, look-behinds still see the text before it (``regex`` reads before ``pos``), and the
search ends ``MARGIN`` characters past it, so that look-aheads at its end see what they see
in the whole view.

A run whose digits are one Amazon order id (3-7-7) holds neither: a phone number in it would
overlap the order id, and a card number would have to be the order id itself, which is never
a card however its digits add up. ``beyond_order_ids`` leaves such runs out.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from buyerlint.patterns import Pattern, Span

MIN_DIGITS = 5
MARGIN = 4  # characters read past a run: more than any detector's look-ahead needs
# what a phone or card number may be written with (the union of both detectors' characters):
# digits, and the rest
_OTHER = r"\s+()OolI|./\-_\u2013\u00b7\u2022"
Runs = tuple[tuple[int, int, int], ...]  # (start, end, digits) of each run
_ORDER_ID = r"\d{3}-\d{7}-\d{7}"
_AN_ORDER_ID = re.compile(_ORDER_ID)
_ONE_ORDER_ID = re.compile(rf"\D*{_ORDER_ID}\D*")  # a run whose digits are one order id


@cache
def _compiled(ascii_only: bool) -> tuple[Any, Any, Any]:
    """One run character; a run from its first digit, when it has enough digits, to its end
    (each repeat has one way to match, characters that are not digits then a digit, so a
    search fails in one pass over a run); one digit. ``ascii_only``: for a text of ASCII
    characters only, where ``[0-9]`` is ``\\d`` and is searched in 60% of the time."""
    d = "0-9" if ascii_only else r"\d"
    return (
        regex.compile(rf"[{d}{_OTHER}]", regex.V0),
        regex.compile(rf"[{d}](?:[{_OTHER}]*[{d}]){{{MIN_DIGITS - 1}}}[{d}{_OTHER}]*", regex.V0),
        regex.compile(rf"[{d}]", regex.V0),
    )


def runs(view: str) -> Runs:
    """(start, end, digits) of every run in ``view`` with ``MIN_DIGITS`` digits or more, in
    order. The detectors of one document share them through its memo (see ``kinds``)."""
    char, run, digit = _compiled(view.isascii())
    spans: list[tuple[int, int, int]] = []
    for m in run.finditer(view):
        start, end = m.span()
        while start > 0 and char.match(view, start - 1) is not None:  # back to where the run starts
            start -= 1
        spans.append((start, end, len(digit.findall(view, start, end))))
    return tuple(spans)


def is_order_id(text: str) -> bool:
    """True for an Amazon order id's shape, 3-7-7 digits, and nothing else."""
    return _AN_ORDER_ID.fullmatch(text) is not None


def beyond_order_ids(view: str, found: Runs | None = None) -> Runs:
    """The runs of ``found`` (``runs(view)`` when not given) whose digits are not one order
    id: the runs the phone and card detectors search."""
    one = _ONE_ORDER_ID.fullmatch
    return tuple(run for run in (runs(view) if found is None else found) if one(view, run[0], run[1]) is None)


def search_runs(rx: Pattern, view: str, digits: int = MIN_DIGITS, found: Runs | None = None) -> Iterator[Span]:
    """The matches of ``rx`` in ``view``, searched only in its runs (``found``: ``runs(view)``,
    when already known) with at least ``digits`` digits: what ``rx.finditer(view)`` gives when
    every match of ``rx`` is a run's characters and has that many digits (``digits`` >=
    ``MIN_DIGITS``)."""
    size = len(view)
    every = runs(view) if found is None else found
    windows = [(start, end, min(size, end + MARGIN)) for start, end, count in every if count >= digits]
    return rx.finditer_in(view, windows) if windows else iter(())

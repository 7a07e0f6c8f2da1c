"""``--statistics``: how many findings each rule produced, most frequent first, and a total."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from buyerlint.models import FileResult, Finding
from buyerlint.reporters.safe import printable


def rows(results: Iterable[FileResult]) -> list[tuple[int, Finding]]:
    """(count, first finding) per rule, sorted by count (descending) then rule id."""
    counts: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for f in (f for r in results for f in r.findings):
        counts[f.rule] += 1
        first.setdefault(f.rule, f)
    return sorted(((n, first[rule]) for rule, n in counts.items()), key=lambda row: (-row[0], row[1].rule))


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    counted = rows(results)
    table = [(str(n), printable(f.rule), printable(f.category), f.severity.label) for n, f in counted]
    total = str(sum(n for n, _ in counted))
    width = [max((len(row[i]) for row in table), default=0) for i in range(4)]
    width[0] = max(width[0], len(total))
    for count, rule, category, severity in table:
        stream.write(f"  {count.rjust(width[0])}  {rule.ljust(width[1])}  {category.ljust(width[2])}  {severity}\n")
    stream.write(f"  {total.rjust(width[0])}  total\n")

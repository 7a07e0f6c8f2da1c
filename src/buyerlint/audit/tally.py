"""Per-message results and the running totals of an audit, in memory bounded by rules, not messages."""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from buyerlint.audit.records import Malformed
from buyerlint.models import CATEGORIES, Finding, Severity

DEFAULT_TOP = 10
KEPT_MALFORMED = 20  # shown in the summary; the JSON and CSV outputs list every one


@dataclass(frozen=True, slots=True)
class MessageResult:
    """What linting one message found. Holds findings, not the message text."""

    index: int  # 1-based, in the order of the export
    id: str
    position: str
    meta: tuple[tuple[str, str], ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def categories(self) -> tuple[str, ...]:
        seen = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in seen) + tuple(sorted(seen - set(CATEGORIES)))

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({f.rule for f in self.findings}))

    @property
    def flagged(self) -> bool:
        """Has a violation: a finding at warning or error (info findings are notes)."""
        return any(f.severity >= Severity.WARNING for f in self.findings)


@dataclass(frozen=True, slots=True)
class Worst:
    id: str
    position: str
    errors: int
    warnings: int
    rules: tuple[str, ...]


class Tally:
    """Counters over every message, the ``top`` worst messages and the first malformed records."""

    def __init__(self, top: int = DEFAULT_TOP) -> None:
        self.top = top
        self.checked = 0
        self.malformed = 0
        self.flagged = 0
        self.by_severity: Counter[Severity] = Counter()
        self.category_findings: Counter[str] = Counter()
        self.category_messages: Counter[str] = Counter()
        self.rule_findings: Counter[str] = Counter()
        self.rule_messages: Counter[str] = Counter()
        self.rule_severity: dict[str, Severity] = {}
        self.first_malformed: list[Malformed] = []
        self._worst: list[tuple[tuple[int, int, int], Worst]] = []

    def add(self, result: MessageResult) -> None:
        self.checked += 1
        self.by_severity.update(f.severity for f in result.findings)
        self.category_findings.update(f.category for f in result.findings)
        self.category_messages.update(result.categories)
        self.rule_findings.update(f.rule for f in result.findings)
        self.rule_messages.update(result.rules)
        for f in result.findings:
            self.rule_severity[f.rule] = max(f.severity, self.rule_severity.get(f.rule, Severity.INFO))
        if not result.flagged:
            return
        self.flagged += 1
        errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
        key = (errors, warnings, -result.index)  # on a tie the earlier message ranks higher
        if self.top > 0 and (len(self._worst) < self.top or key > self._worst[0][0]):
            entry = Worst(result.id, result.position, errors, warnings, result.rules)
            if len(self._worst) < self.top:
                heapq.heappush(self._worst, (key, entry))
            else:
                heapq.heapreplace(self._worst, (key, entry))

    def add_malformed(self, item: Malformed) -> None:
        self.malformed += 1
        if len(self.first_malformed) < KEPT_MALFORMED:
            self.first_malformed.append(item)

    @property
    def records(self) -> int:
        return self.checked + self.malformed

    def worst(self) -> list[Worst]:
        """The worst messages, most errors first (then most warnings, then export order)."""
        return [entry for _key, entry in sorted(self._worst, key=lambda pair: pair[0], reverse=True)]

    def categories(self) -> list[tuple[str, int, int]]:
        """(category, findings, messages) for every category found, most findings first."""
        return [(c, n, self.category_messages[c]) for c, n in _ranked(self.category_findings)]

    def rules(self) -> list[tuple[str, Severity, int, int]]:
        """(rule, highest severity seen, findings, messages) for every rule that fired, most findings first."""
        return [(r, self.rule_severity[r], n, self.rule_messages[r]) for r, n in _ranked(self.rule_findings)]

    def reaches(self, severity: Severity) -> bool:
        """True if some finding is at or above ``severity`` (for the exit code)."""
        return any(n and sev >= severity for sev, n in self.by_severity.items())

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "checked": self.checked,
            "malformed": self.malformed,
            "flagged": self.flagged,
            "findings": {s.label: self.by_severity[s] for s in sorted(Severity, reverse=True)},
            "categories": {c: {"findings": n, "messages": m} for c, n, m in self.categories()},
            "rules": {r: {"severity": s.label, "findings": n, "messages": m} for r, s, n, m in self.rules()},
            "worst": [{"id": w.id, "position": w.position, "errors": w.errors, "warnings": w.warnings,
                       "rules": list(w.rules)} for w in self.worst()],
        }


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

"""Plain records shared by every layer: severities, findings, per-file results.

A leaf module: it imports nothing from buyerlint.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

CATEGORIES: tuple[str, ...] = (
    "marketing",
    "external-link",
    "contact-info",
    "review-manipulation",
    "payment-outside-amazon",
    "missing-order-id",
    "off-amazon-redirect",
    "personal-data-request",
    "opt-out",
    "inappropriate",
    "html-or-media",
)


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` and thresholds work."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.upper()]


SEVERITY_NAMES: tuple[str, ...] = tuple(s.label for s in Severity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule violation, located in the original text of one draft."""

    path: str
    rule: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    help: str
    policy: str
    start: int
    end: int
    note: str = ""

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity.label,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "match": self.match,
            "help": self.help,
            "policy": self.policy,
        }
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class FileResult:
    """What linting one input produced: findings, or an input error."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    text: str = ""
    notes: tuple[str, ...] = ()  # warnings about the input itself, e.g. its encoding

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a run: files, findings by severity, inputs that could not be checked."""

    files: int = 0
    errors: int = 0
    warnings: int = 0
    info: int = 0
    input_errors: int = 0

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Summary:
        summary = cls()
        for result in results:
            summary = summary.plus(result)
        return summary

    def plus(self, result: FileResult) -> Summary:
        """This summary with one more result counted (for reports written as results arrive)."""
        return Summary(
            files=self.files + 1,
            errors=self.errors + result.count(Severity.ERROR),
            warnings=self.warnings + result.count(Severity.WARNING),
            info=self.info + result.count(Severity.INFO),
            input_errors=self.input_errors + (result.error is not None),
        )

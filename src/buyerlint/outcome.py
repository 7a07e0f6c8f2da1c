"""What a check run ends with, taken from its results as they stream past the reporter.

The exit code needs to know whether any input failed and whether any finding reaches
``--fail-on``; the input errors are repeated on stderr after the report. Both are kept as
the results go by (the errors in a spool), so no result is held for them.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType

from buyerlint.models import FileResult, Severity
from buyerlint.spool import Spool


class Outcome:
    """Use as a context manager around the report: ``watch`` the results, then read the fields."""

    def __init__(self, fail_on: Severity = Severity.ERROR) -> None:
        self.fail_on = fail_on
        self.failed_input = False  # an input could not be checked
        self.failing_finding = False  # a finding at or above ``fail_on``
        self._errors = Spool()

    def watch(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """``results``, unchanged, noting what the exit code and the error lines need."""
        for r in results:
            if r.error is not None:
                self.failed_input = True
                self._errors.append(f"{r.path}: {r.error}")
            if not self.failing_finding and any(f.severity >= self.fail_on for f in r.findings):
                self.failing_finding = True
            yield r

    def input_errors(self) -> Iterator[str]:
        """``path: message`` for every input that could not be checked, in report order."""
        for item in self._errors:
            yield str(item)

    def __enter__(self) -> Outcome:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._errors.__exit__(kind, exc, tb)

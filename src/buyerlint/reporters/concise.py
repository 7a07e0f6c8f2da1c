"""One line per finding: ``path:line:col: severity [rule] message`` (grep and editor friendly)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from buyerlint.models import FileResult
from buyerlint.reporters.safe import printable


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    for result in results:
        if result.error is not None:
            stream.write(f"{printable(result.path)}: error: {printable(result.error)}\n")
        for note in result.notes:
            stream.write(f"{printable(result.path)}: note: {printable(note)}\n")
        for f in result.findings:
            stream.write(
                f"{printable(f.path)}:{f.line}:{f.column}: {f.severity.label} [{f.rule}] "
                f"{printable(f.message)}\n"
            )

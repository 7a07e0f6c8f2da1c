"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per finding."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from buyerlint.models import FileResult, Finding, Severity
from buyerlint.reporters.safe import printable

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A message: ``%``, CR and LF escaped as GitHub's runner expects; other controls made visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A property value: like a message, plus ``:`` and ``,`` (they delimit properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, properties: Sequence[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties)
    return f"::{kind} {props}::{escape_data(message)}\n"


def annotation(f: Finding) -> str:
    """The workflow command for one finding (columns only on a single line, where GitHub uses them)."""
    props: list[tuple[str, object]] = [("file", f.path), ("line", f.line)]
    if f.end_line == f.line:
        props += [("col", f.column), ("endLine", f.end_line), ("endColumn", f.end_column)]
    else:
        props += [("endLine", f.end_line)]
    props.append(("title", f"buyerlint ({f.rule})"))
    message = f"{f.message}\n{f.help}" if f.help else f.message
    return _command(COMMAND[f.severity], props, message)


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    for result in results:
        if result.error is not None:
            stream.write(_command("error", [("file", result.path)], result.error))
        for note in result.notes:
            stream.write(_command("warning", [("file", result.path), ("title", "buyerlint (input)")], note))
        for f in result.findings:
            stream.write(annotation(f))

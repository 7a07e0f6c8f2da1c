"""The human format: findings grouped by file, each with a code frame and a help line."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from buyerlint.models import FileResult, Finding, Severity, Summary
from buyerlint.reporters.safe import printable

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold blue"}
FRAME_WIDTH = 100  # characters of a long source line shown around the match
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _frame(line_text: str, col: int, length: int) -> tuple[str, int, int]:
    """The source line (clipped around the match), and the match's start and width in cells."""
    text = line_text.replace("\t", " ")
    start = col - 1
    end = min(len(text), start + max(length, 1))
    prefix = ""
    if len(text) > FRAME_WIDTH:
        lo = max(0, min(start - 30, len(text) - FRAME_WIDTH))
        hi = lo + FRAME_WIDTH
        prefix = "…" if lo > 0 else ""
        text = prefix + text[lo:hi] + ("…" if hi < len(line_text) else "")
        start, end = start - lo + len(prefix), min(end - lo, hi - lo) + len(prefix)
    shown_before = printable(text[:start])
    shown_match = printable(text[start:end]) or " "
    return printable(text), cell_len(shown_before), max(cell_len(shown_match), 1)


def _finding(console: Console, f: Finding, source: str, gutter: int) -> None:
    head = Text("  ")
    head.append(f"{f.line}:{f.column}".ljust(7) + " ", style="dim")
    head.append(f.severity.label.ljust(9), style=STYLE[f.severity])
    head.append(f.rule, style="cyan")
    head.append("  ")
    head.append(printable(f.message))
    console.print(head)
    lines = _LINE_BREAK.split(source)  # the engine's lines: str.splitlines also breaks at \f, \x85, U+2028 ...
    if f.end > f.start and 0 < f.line <= len(lines):
        line_text = lines[f.line - 1]
        length = (f.end_column - f.column) if f.end_line == f.line else len(line_text) - f.column + 1
        shown, offset, width = _frame(line_text, f.column, length)
        num = str(f.line).rjust(gutter)
        src = Text(f"  {num} │ ", style="dim")
        src.append(shown)
        console.print(src)
        mark = Text(f"  {' ' * gutter} │ " + " " * offset, style="dim")
        mark.append("^" * width, style=STYLE[f.severity])
        console.print(mark)
    if f.help:
        tip = Text(f"  {' ' * gutter}   help: ", style="green")
        tip.append(printable(f.help))
        console.print(tip)
    console.print()


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    console = Console(
        file=stream,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=120,
        soft_wrap=True,
    )
    s = Summary()
    flagged = 0
    for result in results:
        s = s.plus(result)
        flagged += bool(result.findings)
        if result.error is not None:
            line = Text(printable(result.path), style="bold")
            line.append(": ")
            line.append("error", style="bold red")
            line.append(f": {printable(result.error)}")
            console.print(line)
        if not result.findings and not result.notes:
            continue
        if result.error is None or result.findings:
            console.print(Text(printable(result.path), style="bold underline"))
        for note in result.notes:
            console.print(Text(f"  note: {printable(note)}", style="yellow"))
        gutter = max((len(str(f.line)) for f in result.findings), default=1)
        for f in result.findings:
            _finding(console, f, result.text, gutter)
    if s.errors or s.warnings or s.info:
        parts = [_plural(s.errors, "error"), _plural(s.warnings, "warning")]
        if s.info:
            parts.append(f"{s.info} info")
        line = Text(", ".join(parts) + f" in {_plural(flagged, 'file')}", style="bold")
        line.append(f" ({_plural(s.files, 'file')} checked)", style="dim")
    else:
        line = Text(f"No problems found in {_plural(s.files, 'file')}.", style="bold green")
    if s.input_errors:
        line.append(f"; {_plural(s.input_errors, 'input')} could not be checked", style="bold red")
    console.print(line)

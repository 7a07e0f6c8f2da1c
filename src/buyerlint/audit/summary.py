"""The human summary of an audit: totals, violations by category and rule, worst and malformed records."""
from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from buyerlint.audit.tally import Tally
from buyerlint.models import Severity
from buyerlint.reporters.safe import printable

KIND_NAMES = {"mbox": "mbox", "eml": ".eml files", "jsonl": "JSON Lines", "csv": "CSV"}
STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
ID_WIDTH = 40  # characters of a message id shown in the worst-messages table


def console_for(stream: TextIO, color: bool) -> Console:
    return Console(file=stream, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                   highlight=False, markup=False, emoji=False, width=120, soft_wrap=False)


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in columns:
        table.add_column(name, justify="right" if name in ("findings", "messages", "errors", "warnings") else "left",
                         no_wrap=name != "rules", overflow="fold" if name == "rules" else "ellipsis")
    return table


def render(tally: Tally, path: str, kind: str, stream: TextIO, color: bool = False) -> None:
    console = console_for(stream, color)
    console.print(Text(f"Audit of {printable(path)} ({KIND_NAMES.get(kind, kind)})", style="bold"))
    console.print(f"  {_n(tally.records, 'record')}: {_n(tally.checked, 'message')} checked, "
                  f"{tally.malformed:,} malformed (skipped)")
    share = f" ({tally.flagged / tally.checked:.1%})" if tally.checked else ""
    console.print(f"  {_n(tally.flagged, 'message')} with violations{share}")
    counts = [_n(tally.by_severity[Severity.ERROR], "error"), _n(tally.by_severity[Severity.WARNING], "warning"),
              f"{tally.by_severity[Severity.INFO]:,} info"]
    console.print("  findings: " + ", ".join(counts))
    if tally.category_findings:
        table = _table("category", "findings", "messages")
        for category, findings, messages in tally.categories():
            table.add_row(category, f"{findings:,}", f"{messages:,}")
        console.print()
        console.print(table)
        table = _table("rule", "severity", "findings", "messages")
        for rule, severity, findings, messages in tally.rules():
            table.add_row(rule, Text(severity.label, style=STYLE[severity]), f"{findings:,}", f"{messages:,}")
        console.print()
        console.print(table)
    worst = tally.worst()
    if worst:
        console.print()
        console.print(Text(f"Worst {_n(len(worst), 'message')}", style="bold"))
        table = _table("id", "position", "errors", "warnings", "rules")
        for w in worst:
            shown = printable(w.id)
            shown = shown if len(shown) <= ID_WIDTH else shown[: ID_WIDTH - 1] + "…"
            table.add_row(Text(shown), Text(printable(w.position)), str(w.errors), str(w.warnings), ", ".join(w.rules))
        console.print(table)
    if tally.first_malformed:
        console.print()
        more = f" (the first {len(tally.first_malformed)}; --format json lists all)" if tally.malformed > len(
            tally.first_malformed) else ""
        console.print(Text(f"Malformed records, skipped{more}", style="bold"))
        for item in tally.first_malformed:
            line = Text(f"  {printable(item.position)}: ", style="dim")
            line.append(printable(item.reason))
            console.print(line)

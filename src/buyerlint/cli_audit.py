"""``buyerlint audit``: lint a message history exported from a mail client or seller tool."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import click

from buyerlint.api import Linter
from buyerlint.audit import output as outputs
from buyerlint.audit import progress, readers, run, summary
from buyerlint.audit.fields import Fields
from buyerlint.audit.tally import DEFAULT_TOP, Tally
from buyerlint.cli_options import config_options, load_settings
from buyerlint.errors import BuyerlintError, ConfigError
from buyerlint.models import SEVERITY_NAMES


@click.command("audit")
@click.argument("export", metavar="EXPORT")
@click.option("--input-format", "kind", type=click.Choice(readers.KINDS),
              help="Format of EXPORT. Default: from its name (.mbox, .jsonl, .csv, .tsv; .gz allowed), "
                   "a folder is .eml files, else from its content.")
@click.option("--text-field", "--text-column", "text_field", metavar="NAME",
              help="JSON field or CSV column with the message text (a.b for nested JSON). "
                   "Default: the first of text, body, message, content.")
@click.option("--id-field", "--id-column", "id_field", metavar="NAME",
              help="JSON field or CSV column with the message id. Default: id or message_id, else the position.")
@click.option("--body-format", type=click.Choice(["text", "markdown", "html"]), default="text", show_default=True,
              help="How JSON and CSV message texts are linted.")
@click.option("--delimiter", metavar="CHAR", help="CSV delimiter. Default: the most frequent of , ; tab | in line 1.")
@click.option("--encoding", default="utf-8", show_default=True, help="CSV encoding (a BOM wins).")
@click.option("--max-record-mb", type=click.FloatRange(min=0.001), default=readers.DEFAULT_LIMIT / (1 << 20),
              show_default=True, help="Skip (and report) records larger than this.")
@click.option("--format", "fmt", type=click.Choice(outputs.FORMATS), default="summary", show_default=True,
              help="summary: totals and tables; json: JSON Lines per message; csv: a row per message.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to FILE.")
@click.option("--top", type=click.IntRange(min=0), default=DEFAULT_TOP, show_default=True,
              help="How many of the worst messages to list.")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Progress bar on stderr. Default: when stderr is a terminal.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), help="Exit 1 on findings at or above this severity.")
@config_options
def audit_cmd(
    export: str, kind: str | None, text_field: str | None, id_field: str | None, body_format: str,
    delimiter: str | None, encoding: str, max_record_mb: float, fmt: str, output: Path | None, top: int,
    show_progress: bool | None, color: str, fail_on: str | None, config_file: Path | None, isolated: bool,
    pack_specs: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
) -> int:
    """Audit a message history: EXPORT is an mbox, a folder of .eml, JSON Lines or CSV.

    Prints messages checked, violations by category and rule, and the worst messages;
    malformed records are reported and skipped. --format json|csv gives a result per message
    (the summary then goes to stderr). Exit 1 on findings at or above --fail-on.
    """
    from buyerlint.cli import use_color

    if delimiter is not None and len(delimiter.replace("\\t", "\t")) != 1:
        raise ConfigError("--delimiter must be one character (\\t for tab)")
    cfg, _rules = load_settings(config_file, isolated, pack_specs, select, ignore, fail_on)
    options = readers.Options(kind, Fields(text_field, id_field, body_format), int(max_record_mb * (1 << 20)),
                              delimiter.replace("\\t", "\t") if delimiter else None, encoding)
    linter = Linter(cfg)
    with readers.open_export(export, options) as opened, _Output(output) as stream:
        to_terminal = output is None and _isatty(sys.stdout)
        shared_terminal = to_terminal and fmt != "summary"  # JSON or CSV lines on the terminal the bar would use
        bar = show_progress if show_progress is not None else _isatty(sys.stderr) and not shared_terminal
        writer = outputs.writer(fmt, stream) if fmt != "summary" else None
        with progress.progress_bar(opened, bar) as tick:
            tally = run.audit(opened, linter, Tally(top), writer, tick)
        if fmt == "summary":
            summary.render(tally, opened.path, opened.kind, stream, use_color(color, stream))
    if fmt != "summary":
        summary.render(tally, opened.path, opened.kind, sys.stderr, use_color(color, sys.stderr))
    return 1 if tally.reaches(cfg.fail_on) else 0


class _Output:
    """stdout, or ``path`` opened for writing (an unwritable path is a one-line error)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stream: TextIO = sys.stdout

    def __enter__(self) -> TextIO:
        if self.path is not None:
            try:
                self.stream = self.path.open("w", encoding="utf-8", newline="")
            except OSError as exc:
                raise BuyerlintError(f"{self.path}: cannot write ({exc.strerror or exc})") from None
        return self.stream

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            self.stream.close()


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


COMMANDS = (audit_cmd,)

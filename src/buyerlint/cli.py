"""Command line: options -> objects -> api -> reporter -> exit code. Nothing here lints.

``main(argv) -> int`` is the only entry point; nothing below it exits. Every
``BuyerlintError`` becomes one line on stderr and exit code 2.
"""
from __future__ import annotations

import enum
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

import click

from buyerlint import __version__, api, config, reporters
from buyerlint.cli_options import config_options, load_settings
from buyerlint.errors import BuyerlintError
from buyerlint.models import SEVERITY_NAMES, FileResult
from buyerlint.outcome import Outcome


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def use_color(choice: str, stream: TextIO) -> bool:
    """--color always|never win; auto honours NO_COLOR, FORCE_COLOR, TERM=dumb and the TTY."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


# Commands other than ``check`` live in their own modules, imported only when one of them is
# run or listed (start-up time of ``buyerlint check`` matters in pre-commit hooks).
_LAZY_COMMANDS = {
    "rules": "cli_tools", "explain": "cli_tools", "test-rules": "cli_tools", "init": "cli_tools",
    "baseline": "cli_tools", "audit": "cli_audit",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in _LAZY_COMMANDS:
            module = importlib.import_module(f"buyerlint.{_LAZY_COMMANDS[cmd_name]}")
            for lazy in module.COMMANDS:
                self.add_command(lazy)
            command = super().get_command(ctx, cmd_name)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="buyerlint")
def cli() -> None:
    """Check buyer messages against Amazon's Buyer-Seller Messaging rules before sending."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(reporters.FORMATS),
              help="Output format. Default: rich on a terminal, concise otherwise.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--fail-on", type=click.Choice(SEVERITY_NAMES), help="Exit 1 on findings at or above this severity.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Skip the findings accepted in this baseline file (see `buyerlint baseline`).")
@click.option("--stdin-filename", metavar="NAME", help="Name to report for '-' (stdin); its extension sets the format.")
@click.option("-j", "--jobs", default="auto", metavar="N|auto", show_default=True,
              help="Worker processes; auto uses the available cores when there are many files.")
@config_options
def check(
    paths: tuple[str, ...], fmt: str | None, output: Path | None, statistics: bool, color: str,
    fail_on: str | None, baseline_file: Path | None, stdin_filename: str | None, jobs: str,
    config_file: Path | None, isolated: bool, pack_specs: tuple[str, ...], select: tuple[str, ...],
    ignore: tuple[str, ...],
) -> int:
    """Lint draft messages: FILE, DIR (walked for drafts) or - for stdin."""
    processes = _jobs(jobs)
    cfg, rules = load_settings(config_file, isolated, pack_specs, select, ignore, fail_on)
    tty = output is None and bool(getattr(sys.stdout, "isatty", lambda: False)())
    rich = not statistics and (fmt or ("rich" if tty else "concise")) == "rich"
    results = api.iter_paths(paths, rules, read_stdin=lambda n: sys.stdin.buffer.read(n), config=cfg,
                             stdin_name=stdin_filename or "-", jobs=processes, keep_text=rich)
    if baseline_file is not None:
        from buyerlint import baseline

        results = baseline.iter_apply(results, baseline_file)
    with Outcome(cfg.fail_on) as outcome:  # results stream from the linter through the reporter
        _write_report(outcome, results, fmt, output, statistics, color)
    if outcome.failed_input:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if outcome.failing_finding else ExitCode.OK


def _jobs(value: str) -> int | None:
    """``--jobs``: a positive number, or ``auto`` (None)."""
    if value.strip().lower() == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise click.BadParameter(f"{value!r} is not a positive number or 'auto'", param_hint="'--jobs'")
    return n


def _write_report(outcome: Outcome, results: Iterable[FileResult], fmt: str | None, output: Path | None,
                  statistics: bool, color: str) -> None:
    stream: TextIO = sys.stdout
    if output is not None:
        try:
            stream = output.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise BuyerlintError(f"{output}: cannot write report ({exc.strerror or exc})") from None
    try:
        tty = output is None and bool(getattr(sys.stdout, "isatty", lambda: False)())
        fmt = fmt or ("rich" if tty else "concise")
        reporters.get("statistics" if statistics else fmt)(outcome.watch(results), stream, use_color(color, stream))
    finally:
        if output is not None:
            stream.close()
    if fmt not in ("rich", "concise") or output is not None:
        for line in outcome.input_errors():
            click.echo(f"buyerlint: {line}", err=True)


@cli.command("config")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True)
def config_cmd(config_file: Path | None, isolated: bool) -> int:
    """Print the effective configuration and where each value came from."""
    cfg = config.load_config(config_file=config_file, isolated=isolated)
    click.echo("config files: " + (", ".join(str(f) for f in cfg.files) or "none (defaults)"))
    rows = cfg.describe()
    width = max((len(k) for k, _, _ in rows), default=0)
    vwidth = max((len(v) for _, v, _ in rows), default=0)
    for key, value, source in rows:
        click.echo(f"{key:<{width}}  {value:<{vwidth}}  # {source}")
    return 0


def _never_fail_to_print() -> None:
    """A terminal that cannot show a character (an ASCII or cp1252 console) gets an escape for
    it instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _never_fail_to_print()
    try:
        rv = cli.main(args=args, prog_name="buyerlint", standalone_mode=False)
    except click.ClickException as exc:
        click.echo(f"buyerlint: error: {exc.format_message()}", err=True)
        return ExitCode.ERROR
    except click.Abort:
        click.echo("buyerlint: aborted", err=True)
        return 130
    except BuyerlintError as exc:
        click.echo(f"buyerlint: error: {exc}", err=True)
        return ExitCode.ERROR
    except BrokenPipeError:
        return ExitCode.ERROR
    return int(rv or 0)


"""Command line: options -> objects -> api -> reporter -> exit code. Nothing here lints.

``main(argv) -> int`` is the only entry point; nothing below it exits. Every
``BuyerlintError`` becomes one line on stderr and exit code 2.
"""
from __future__ import annotations

import enum
import os
import sys
from collections.abc import Sequence

import click

from buyerlint import __version__, api, reporters
from buyerlint.errors import BuyerlintError
from buyerlint.models import FileResult, Severity


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


def exit_code(results: Sequence[FileResult], fail_on: Severity = Severity.ERROR) -> ExitCode:
    if any(r.error is not None for r in results):
        return ExitCode.ERROR
    if any(f.severity >= fail_on for r in results for f in r.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _use_color(stream: object) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="buyerlint")
def cli() -> None:
    """Check buyer messages against Amazon's Buyer-Seller Messaging rules before sending."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reporters.FORMATS),
    help="Output format. Default: rich on a terminal, concise otherwise.",
)
@click.option(
    "--pack",
    "pack_specs",
    multiple=True,
    metavar="NAME|PATH",
    help="Rule pack to use (repeatable). Default: every bundled pack.",
)
@click.option("--stdin-filename", metavar="NAME", help="Name to report for '-' (stdin).")
def check(paths: tuple[str, ...], fmt: str | None, pack_specs: tuple[str, ...], stdin_filename: str | None) -> int:
    """Lint draft messages: FILE, DIR (walked for drafts) or - for stdin."""
    out = sys.stdout
    rules = api.load_rules(pack_specs or None)
    results = api.lint_paths(paths, rules, read_stdin=lambda: sys.stdin.buffer.read())
    if stdin_filename:
        results = [r if r.path != "-" else _renamed(r, stdin_filename) for r in results]
    color = _use_color(out)
    fmt = fmt or ("rich" if getattr(out, "isatty", lambda: False)() else "concise")
    reporters.get(fmt)(results, out, color)
    if fmt != "rich":
        for r in results:
            if r.error is not None and fmt == "json":
                click.echo(f"buyerlint: {r.path}: {r.error}", err=True)
    return int(exit_code(results))


def _renamed(result: FileResult, name: str) -> FileResult:
    from dataclasses import replace

    return replace(result, path=name, findings=tuple(replace(f, path=name) for f in result.findings))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
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

"""The library surface: load rules once, lint texts or paths, get immutable results.

    >>> from buyerlint import api
    >>> rules = api.load_rules()
    >>> [f.rule for f in api.lint_text("Pay us by Zelle.", rules)]  # doctest: +SKIP
    ['payment.offplatform-method', ...]
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from buyerlint import engine, formats, packs, parallel, selection, sources, suppress
from buyerlint.config import Config
from buyerlint.errors import BuyerlintError
from buyerlint.models import FileResult, Finding
from buyerlint.rule import Rule


def load_rules(pack_specs: Iterable[str] | None = None) -> tuple[Rule, ...]:
    """Rules of the given packs (bundled names or paths); all bundled packs by default."""
    return tuple(rule for pack in packs.load_packs(pack_specs) for rule in pack.rules)


def lint_text(
    text: str, rules: Sequence[Rule] | None = None, path: str = "-", fmt: str | None = None
) -> tuple[Finding, ...]:
    """Findings in ``text``; its format comes from ``fmt`` or the extension of ``path``."""
    rules = load_rules() if rules is None else rules
    return engine.lint(formats.load(path, text, fmt=fmt), rules)


def lint_bytes(data: bytes, rules: Sequence[Rule], path: str) -> FileResult:
    try:
        decoded = sources.decode(data)
    except sources.NotText as exc:
        return FileResult(path, error=str(exc))
    notes = (decoded.note,) if decoded.note else ()
    draft = formats.load(path, decoded.text)
    try:
        findings = engine.lint(draft, rules)
    except engine.RuleTimeout as exc:
        return FileResult(path, error=str(exc), text=decoded.text)
    findings, suppress_notes = suppress.apply(path, decoded.text, findings)
    return FileResult(path, findings, None, decoded.text, (*notes, *draft.notes, *suppress_notes))


def lint_paths(
    paths: Sequence[str],
    rules: Sequence[Rule],
    read_stdin: Callable[[], bytes] | None = None,
    config: Config | None = None,
    stdin_name: str = sources.STDIN,
    *,
    jobs: int | None = 1,
    keep_text: bool = True,
) -> list[FileResult]:
    """Lint every draft under ``paths``; unreadable inputs become results with an error.

    With a ``config``, its selection, severities, ``per-path`` overrides and ``exclude``
    globs apply to each draft. ``jobs``: worker processes (None: automatic, several only for
    many files); the results are the same and in the same order for any number. Without
    ``keep_text`` the results do not keep each draft's text (only the rich report shows it).
    """
    tasks: list[parallel.Task] = []
    skip = (lambda path: selection.excluded(path, config)) if config is not None else None
    for item in sources.expand(paths, skip, stdin_name):
        if isinstance(item, str):
            path, _, message = item.partition(": ")
            tasks.append(parallel.Task(path, error=message))
        elif item.file is None:
            try:
                tasks.append(parallel.Task(item.path, data=(read_stdin or sys.stdin.buffer.read)()))
            except OSError as exc:
                tasks.append(parallel.Task(item.path, error=f"cannot read ({exc.strerror or exc})"))
        else:
            tasks.append(parallel.Task(item.path, file=str(item.file)))
    processes = parallel.workers(jobs, sum(1 for t in tasks if t.file is not None))
    if processes > 1:
        return parallel.run(tasks, rules, config, keep_text, processes, _run_task)
    return [_run_task(task, rules, config, keep_text) for task in tasks]


def _run_task(task: parallel.Task, rules: Sequence[Rule], config: Config | None, keep_text: bool) -> FileResult:
    if task.error is not None:
        return FileResult(task.path, error=task.error)
    data = task.data
    if data is None:
        try:
            data = Path(task.file or task.path).read_bytes()
        except OSError as exc:
            return FileResult(task.path, error=f"cannot read ({exc.strerror or exc})")
    chosen = selection.apply(rules, config, task.path) if config is not None else rules
    result = lint_bytes(data, chosen, task.path)
    return result if keep_text else replace(result, text="")


__all__ = ["BuyerlintError", "FileResult", "Finding", "lint_bytes", "lint_paths", "lint_text", "load_rules"]

"""The library surface: load rules once, lint texts or paths, get immutable results.

    >>> from buyerlint import api
    >>> rules = api.load_rules()
    >>> [f.rule for f in api.lint_text("Pay us by Zelle.", rules)]  # doctest: +SKIP
    ['payment.offplatform-method', ...]
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

from buyerlint import document, engine, packs, sources
from buyerlint.errors import BuyerlintError
from buyerlint.models import FileResult, Finding
from buyerlint.rule import Rule


def load_rules(pack_specs: Iterable[str] | None = None) -> tuple[Rule, ...]:
    """Rules of the given packs (bundled names or paths); all bundled packs by default."""
    return tuple(rule for pack in packs.load_packs(pack_specs) for rule in pack.rules)


def lint_text(text: str, rules: Sequence[Rule] | None = None, path: str = "-") -> tuple[Finding, ...]:
    rules = load_rules() if rules is None else rules
    return engine.lint(document.parse(path, text), rules)


def lint_bytes(data: bytes, rules: Sequence[Rule], path: str) -> FileResult:
    try:
        decoded = sources.decode(data)
    except sources.NotText as exc:
        return FileResult(path, error=str(exc))
    notes = (decoded.note,) if decoded.note else ()
    doc = document.parse(path, decoded.text, notes)
    try:
        findings = engine.lint(doc, rules)
    except engine.RuleTimeout as exc:
        return FileResult(path, error=str(exc), text=decoded.text)
    return FileResult(path, findings, None, decoded.text, notes)


def lint_paths(
    paths: Sequence[str],
    rules: Sequence[Rule],
    read_stdin: Callable[[], bytes] | None = None,
) -> list[FileResult]:
    """Lint every draft under ``paths``; unreadable inputs become results with an error."""
    results: list[FileResult] = []
    for item in sources.expand(paths):
        if isinstance(item, str):
            path, _, message = item.partition(": ")
            results.append(FileResult(path, error=message))
            continue
        try:
            if item.file is None:
                data = (read_stdin or sys.stdin.buffer.read)()
            else:
                data = item.file.read_bytes()
        except OSError as exc:
            results.append(FileResult(item.path, error=f"cannot read ({exc.strerror or exc})"))
            continue
        results.append(lint_bytes(data, rules, item.path))
    return results


__all__ = ["BuyerlintError", "FileResult", "Finding", "lint_bytes", "lint_paths", "lint_text", "load_rules"]

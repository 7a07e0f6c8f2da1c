"""The library surface: load rules once, lint texts or paths, get immutable results.

    >>> from buyerlint import api
    >>> rules = api.load_rules()
    >>> [f.rule for f in api.lint_text("Pay us by Zelle.", rules)]  # doctest: +SKIP
    ['payment.offplatform-method', ...]
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

from buyerlint import engine, formats, packs, selection, sources, suppress
from buyerlint.config import Config
from buyerlint.errors import BuyerlintError
from buyerlint.models import FileResult, Finding
from buyerlint.patterns import PatternTimeout
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
    """Decode and lint one input. A rule that runs out of time is an input error of this
    result, reported next to the findings of the rules that finished."""
    try:
        decoded = sources.decode(data)
    except sources.NotText as exc:
        return FileResult(path, error=str(exc))
    notes = (decoded.note,) if decoded.note else ()
    try:
        draft = formats.load(path, decoded.text)
    except PatternTimeout as exc:
        return FileResult(path, error=f"timed out while preparing the draft ({exc})", notes=notes)
    if len(draft.doc.view) > sources.MAX_DRAFT_BYTES:
        size = f"{len(draft.doc.view):,} characters to check; the limit is {sources.MAX_DRAFT_BYTES:,}"
        return FileResult(path, error=f"too large for a buyer message ({size}); not checked", notes=notes)
    outcome = engine.run(draft, rules)
    findings, suppress_notes = suppress.apply(path, decoded.text, outcome.findings)
    error = "; ".join(str(t) for t in outcome.timeouts) or None
    return FileResult(path, findings, error, decoded.text, (*notes, *draft.notes, *suppress_notes))


def lint_paths(
    paths: Sequence[str],
    rules: Sequence[Rule],
    read_stdin: Callable[[int], bytes] | None = None,
    config: Config | None = None,
    stdin_name: str = sources.STDIN,
) -> list[FileResult]:
    """Lint every draft under ``paths``; unreadable inputs become results with an error.

    ``read_stdin(n)`` reads up to ``n`` bytes of standard input (for the path ``-``).
    With a ``config``, its selection, severities, ``per-path`` overrides and ``exclude``
    globs apply to each draft.
    """
    results: list[FileResult] = []
    skip = (lambda path: selection.excluded(path, config)) if config is not None else None
    for item in sources.expand(paths, skip, stdin_name):
        if isinstance(item, str):
            path, _, message = item.partition(": ")
            results.append(FileResult(path, error=message))
            continue
        try:
            limit = sources.MAX_EML_BYTES if formats.detect(item.path) == "eml" else sources.MAX_DRAFT_BYTES
            data = sources.read(item, read_stdin or sys.stdin.buffer.read, limit)
        except sources.Unreadable as exc:
            results.append(FileResult(item.path, error=str(exc)))
            continue
        chosen = selection.apply(rules, config, item.path) if config is not None else rules
        results.append(lint_bytes(data, chosen, item.path))
    return results


__all__ = ["BuyerlintError", "FileResult", "Finding", "lint_bytes", "lint_paths", "lint_text", "load_rules"]

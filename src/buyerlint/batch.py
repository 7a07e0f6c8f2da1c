"""Inputs linted a batch at a time: bytes decoded into drafts, drafts linted together.

A batch is read and decoded whole before any rule runs, so that the prefilter scans its views
together and each rule goes over all of them in turn (``engine.run_many``): automata and
patterns used draft after draft stay in the processor's caches. ``api.iter_paths`` and the
audit hand over ``BATCH`` inputs at a time once a run is under way.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from buyerlint import engine, formats, parallel, selection, sources, watchdog
from buyerlint.budgets import PatternTimeout
from buyerlint.config import Config
from buyerlint.models import FileResult
from buyerlint.rule import Rule

BATCH = 64  # inputs read and scanned by the prefilter together (see ``lint_batch``)
SUPPRESSION_MARK = "buyerlint:"  # in every suppression comment (``suppress.MARK``)


def lint_batch(items: Sequence[tuple[bytes, Sequence[Rule], str]]) -> list[FileResult]:
    """``api.lint_bytes`` of each (data, rules, path), in order. Reading them all before linting
    any lets the prefilter scan them together and each rule go over them all in turn
    (``engine.run_many``), which is faster per input; ``BATCH`` inputs at a time is what
    ``iter_paths`` and the audit give it."""
    with watchdog.watch(len(items)):  # reading the drafts searches too
        return _lint_batch(items)


def _lint_batch(items: Sequence[tuple[bytes, Sequence[Rule], str]]) -> list[FileResult]:
    results: list[FileResult | None] = []
    groups: dict[int, tuple[Sequence[Rule], list[tuple[int, _Loaded]]]] = {}  # by rule list (most often one)
    for k, (data, rules, path) in enumerate(items):
        one = _load(data, path)
        results.append(one if isinstance(one, FileResult) else None)
        if isinstance(one, _Loaded):
            groups.setdefault(id(rules), (rules, []))[1].append((k, one))
    for rules, group in groups.values():
        for (k, one), outcome in zip(group, engine.run_many([one.draft for _, one in group], rules), strict=True):
            results[k] = _result(one, outcome)
    return [result for result in results if result is not None]  # all set by now


def draft_of(path: str, text: str, fmt: str | None = None, notes: tuple[str, ...] = ()) -> formats.Draft | FileResult:
    """``text`` read into a draft, or a result with the error of a step that ran out of time."""
    try:
        return formats.load(path, text, fmt=fmt)
    except PatternTimeout as exc:
        return FileResult(path, error=f"timed out while preparing the draft ({exc})", notes=notes)


class _Loaded(NamedTuple):
    """An input decoded and read into a draft, ready for the rules."""

    path: str
    text: str
    draft: formats.Draft
    notes: tuple[str, ...]


def _load(data: bytes, path: str) -> FileResult | _Loaded:
    try:
        decoded = sources.decode(data)
    except sources.NotText as exc:
        return FileResult(path, error=str(exc))
    notes = (decoded.note,) if decoded.note else ()
    draft = draft_of(path, decoded.text, notes=notes)
    if isinstance(draft, FileResult):
        return draft
    if len(draft.doc.view) > sources.MAX_DRAFT_BYTES:
        size = f"{len(draft.doc.view):,} characters to check; the limit is {sources.MAX_DRAFT_BYTES:,}"
        return FileResult(path, error=f"too large for a buyer message ({size}); not checked", notes=notes)
    return _Loaded(path, decoded.text, draft, notes)


def _result(loaded: _Loaded, outcome: engine.Outcome) -> FileResult:
    path, text, draft, notes = loaded
    findings = outcome.findings
    suppress_notes: tuple[str, ...] = ()
    if SUPPRESSION_MARK in text:  # without it no comment suppresses: not even imported
        from buyerlint import suppress as suppressions

        findings, suppress_notes = suppressions.apply(path, text, findings)
    error = "; ".join(str(t) for t in outcome.timeouts) or None
    return FileResult(path, findings, error, text, (*notes, *draft.notes, *suppress_notes))


def limit(path: str) -> int:
    return sources.MAX_EML_BYTES if formats.detect(path) == "eml" else sources.MAX_DRAFT_BYTES


def run_tasks(
    tasks: Sequence[parallel.Task], rules: Sequence[Rule], config: Config | None, keep_text: bool
) -> list[FileResult]:
    """Read and lint ``tasks``, results in order (see ``lint_batch``)."""
    results: list[FileResult | None] = []
    items: list[tuple[bytes, Sequence[Rule], str]] = []
    for task in tasks:
        read = _read(task)
        if isinstance(read, FileResult):
            results.append(read)
        else:
            results.append(None)
            items.append((read, selection.apply(rules, config, task.path) if config is not None else rules, task.path))
    linted = iter(lint_batch(items))
    done = [next(linted) if result is None else result for result in results]
    return done if keep_text else [replace(result, text="") for result in done]


def _read(task: parallel.Task) -> bytes | FileResult:
    """The bytes of ``task``, or a result with the reason they cannot be had."""
    if task.error is not None:
        return FileResult(task.path, error=task.error)
    if task.data is not None:
        return task.data
    try:
        source = sources.Source(task.path, Path(task.file or task.path))
        return sources.read(source, sys.stdin.buffer.read, limit(task.path))
    except sources.Unreadable as exc:
        return FileResult(task.path, error=str(exc))

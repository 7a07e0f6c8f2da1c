"""Lint many files on several cores: a process pool over files, results in input order.

Each worker receives the rules and the configuration once (rules travel as pattern text and
compile in the worker when first needed) and lints chunks of files; ``Executor.map`` returns
the results in the order the files were given, so the report is the same, byte for byte, as
a single-process run.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from buyerlint.config import Config
from buyerlint.models import FileResult
from buyerlint.rule import Rule

AUTO_MIN_FILES = 100  # below this, starting workers costs more than it saves
AUTO_FILES_PER_WORKER = 50


@dataclass(frozen=True, slots=True)
class Task:
    """One input: a file to read, bytes already read (stdin), or an error to report."""

    path: str
    file: str | None = None
    data: bytes | None = None
    error: str | None = None


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(jobs: int | None, files: int) -> int:
    """Processes to use: ``jobs`` when given, else automatic (several only for many files)."""
    if jobs is not None:
        return max(1, jobs)
    if files < AUTO_MIN_FILES:
        return 1
    return max(1, min(available_cpus(), files // AUTO_FILES_PER_WORKER))


Runner = Callable[[Task, Sequence[Rule], "Config | None", bool], FileResult]
_STATE: dict[str, object] = {}


def _init(run: Runner, rules: Sequence[Rule], config: Config | None, keep_text: bool) -> None:
    _STATE.update(run=run, rules=tuple(rules), config=config, keep_text=keep_text)


def _work(task: Task) -> FileResult:
    run: Runner = _STATE["run"]  # type: ignore[assignment]
    return run(task, _STATE["rules"], _STATE["config"], bool(_STATE["keep_text"]))  # type: ignore[arg-type]


def run(
    tasks: Sequence[Task], rules: Sequence[Rule], config: Config | None, keep_text: bool, processes: int,
    runner: Runner,
) -> list[FileResult]:
    """``runner`` over ``tasks`` in ``processes`` worker processes, results in task order."""
    from concurrent.futures import ProcessPoolExecutor  # only when several processes are used

    chunk = max(1, min(64, len(tasks) // (processes * 8)))
    with ProcessPoolExecutor(max_workers=processes, initializer=_init,
                             initargs=(runner, tuple(rules), config, keep_text)) as pool:
        return list(pool.map(_work, tasks, chunksize=chunk))

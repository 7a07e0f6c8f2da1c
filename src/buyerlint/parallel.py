"""Lint many files on several cores: a process pool over files, results in input order.

Each worker receives the rules and the configuration once (rules travel as pattern text and
compile in the worker when first needed) and lints chunks of files. Chunks are submitted a few
at a time per worker and their results handed on in the order the files were given, so the
report is the same, byte for byte, as a single-process run, and neither the inputs nor the
results of a large run are ever all in memory at once.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from buyerlint.config import Config
from buyerlint.models import FileResult
from buyerlint.rule import Rule

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")

AUTO_MIN_FILES = 100  # below this, starting workers costs more than it saves
AUTO_FILES_PER_WORKER = 50
MAX_CHUNK = 64  # files a worker lints per round trip: a batch (see ``batch.BATCH``), 0.1 s or so
CHUNKS_IN_FLIGHT = 4  # per worker: enough to keep it busy, few enough to keep memory flat


class Task(NamedTuple):
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


def lookahead(jobs: int | None) -> int:
    """Files to list before starting: enough to choose the number of workers (past
    ``available_cpus() * AUTO_FILES_PER_WORKER`` files it no longer changes) and the size of
    their chunks (``chunk_size``); none for one process. A bound independent of the number of
    files."""
    if jobs is None:  # enough, too, for full chunks on every core in a large run
        return max(AUTO_MIN_FILES, available_cpus() * AUTO_FILES_PER_WORKER, available_cpus() * 8 * MAX_CHUNK)
    return jobs * 8 * MAX_CHUNK if jobs > 1 else 0


def chunk_size(known: int, processes: int) -> int:
    """Files per chunk, from the number of inputs known so far (at least eight chunks per worker)."""
    return max(1, min(MAX_CHUNK, known // (processes * 8)))


def batches(items: Iterable[T], most: int) -> Iterator[list[T]]:
    """``items`` in lists of 1, 2, 4 and so on up to ``most``: the first result of a run comes
    at once, and a long run goes ``most`` at a time."""
    source = iter(items)
    size = 1
    while batch := list(itertools.islice(source, size)):
        yield batch
        size = min(most, size * 2)


Runner = Callable[[list[Task], Sequence[Rule], "Config | None", bool], list[FileResult]]
_STATE: dict[str, object] = {}


def _init(run: Runner, rules: Sequence[Rule], config: Config | None, keep_text: bool) -> None:
    _STATE.update(run=run, rules=tuple(rules), config=config, keep_text=keep_text)


def _work(tasks: list[Task]) -> list[FileResult]:
    run: Runner = _STATE["run"]  # type: ignore[assignment]
    rules, config, keep_text = _STATE["rules"], _STATE["config"], bool(_STATE["keep_text"])
    return run(tasks, rules, config, keep_text)  # type: ignore[arg-type]


def run(
    tasks: Iterable[Task], rules: Sequence[Rule], config: Config | None, keep_text: bool, processes: int,
    runner: Runner, chunk: int = MAX_CHUNK,
) -> Iterator[FileResult]:
    """``runner`` over ``tasks``, a chunk at a time, in ``processes`` worker processes,
    results in task order.

    ``tasks`` is consumed as the workers need more, ``chunk`` at a time; at most
    ``CHUNKS_IN_FLIGHT`` chunks per worker are pending, so memory does not grow with the input.
    """
    from concurrent.futures import ProcessPoolExecutor  # only when several processes are used

    source = iter(tasks)
    batches = iter(lambda: list(itertools.islice(source, chunk)), [])
    pending: deque[Future[list[FileResult]]] = deque()
    with ProcessPoolExecutor(max_workers=processes, initializer=_init,
                             initargs=(runner, tuple(rules), config, keep_text)) as pool:
        try:
            for batch in batches:
                pending.append(pool.submit(_work, batch))
                if len(pending) >= processes * CHUNKS_IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:  # the consumer stopped early (or a worker failed): do not lint the rest
            for future in pending:
                future.cancel()

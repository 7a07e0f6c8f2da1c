"""The library surface: load rules once, lint texts or paths, get immutable results.

    >>> from buyerlint import api
    >>> rules = api.load_rules()
    >>> [f.rule for f in api.lint_text("Pay us by Zelle.", rules)]  # doctest: +SKIP
    ['payment.offplatform-method', ...]

For distributed engines (Spark, Dask, multiprocessing), ``Linter`` and ``lint_message`` pickle
as their settings only; each worker process loads and compiles the rules once, on first use.
"""
from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence

from buyerlint import engine, formats, packs, parallel, selection, sources
from buyerlint.batch import BATCH, draft_of, limit, lint_batch, run_tasks
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
    """Decode and lint one input. A rule that runs out of time is an input error of this
    result, reported next to the findings of the rules that finished."""
    return lint_batch([(data, rules, path)])[0]


def lint_paths(
    paths: Sequence[str],
    rules: Sequence[Rule],
    read_stdin: Callable[[int], bytes] | None = None,
    config: Config | None = None,
    stdin_name: str = sources.STDIN,
    *,
    jobs: int | None = 1,
    keep_text: bool = True,
) -> list[FileResult]:
    """Lint every draft under ``paths``; unreadable inputs become results with an error.

    ``read_stdin(n)`` reads up to ``n`` bytes of standard input (for the path ``-``).
    With a ``config``, its selection, severities, ``per-path`` overrides and ``exclude``
    globs apply to each draft. ``jobs``: worker processes (None: automatic, several only for
    many files); the results are the same and in the same order for any number. Without
    ``keep_text`` the results do not keep each draft's text (only the rich report shows it).
    ``iter_paths`` gives the same results one at a time.
    """
    return list(iter_paths(paths, rules, read_stdin, config, stdin_name, jobs=jobs, keep_text=keep_text))


def iter_paths(
    paths: Sequence[str],
    rules: Sequence[Rule],
    read_stdin: Callable[[int], bytes] | None = None,
    config: Config | None = None,
    stdin_name: str = sources.STDIN,
    *,
    jobs: int | None = 1,
    keep_text: bool = True,
) -> Iterator[FileResult]:
    """``lint_paths`` as a stream: each result as soon as it and those before it are ready.

    Folders are walked as the results are consumed and nothing is kept once handed on, so
    memory does not grow with the number of files (only ``parallel.lookahead(jobs)`` inputs
    are listed ahead, to choose the number and load of workers). Stop iterating to stop linting.
    """
    tasks = _tasks(paths, config, stdin_name, read_stdin)
    ahead: list[parallel.Task] = []
    files, limit = 0, parallel.lookahead(jobs)
    while files < limit and (task := next(tasks, None)) is not None:
        ahead.append(task)
        files += task.file is not None
    processes = parallel.workers(jobs, files)
    everything = itertools.chain(ahead, tasks)
    if processes > 1:
        chunk = parallel.chunk_size(len(ahead), processes)
        del ahead  # the chain holds them until they are submitted
        yield from parallel.run(everything, rules, config, keep_text, processes, run_tasks, chunk)
        return
    del ahead
    for batch in parallel.batches(everything, BATCH):
        yield from run_tasks(batch, rules, config, keep_text)


def _tasks(
    paths: Sequence[str], config: Config | None, stdin_name: str, read_stdin: Callable[[int], bytes] | None
) -> Iterator[parallel.Task]:
    """The inputs under ``paths``, in report order (standard input is read when reached)."""
    skip = (lambda path: selection.excluded(path, config)) if config is not None else None
    for item in sources.expand(paths, skip, stdin_name):
        if isinstance(item, str):
            path, _, message = item.partition(": ")
            yield parallel.Task(path, error=message)
        elif item.file is None:
            try:
                data = sources.read(item, read_stdin or sys.stdin.buffer.read, limit(item.path))
            except sources.Unreadable as exc:
                yield parallel.Task(item.path, error=str(exc))
                continue
            yield parallel.Task(item.path, data=data)
        else:
            yield parallel.Task(item.path, file=str(item.file))


def check_text(text: str, rules: Sequence[Rule], *, path: str = "-", fmt: str | None = None) -> FileResult:
    """Like ``lint_text``, as a result: findings and the reader's notes, or an error for a rule timeout.

    The result does not keep ``text`` (callers that stream many messages keep nothing large).
    """
    return check_texts([(text, fmt, path)], rules)[0]


def check_texts(items: Sequence[tuple[str, str | None, str]], rules: Sequence[Rule]) -> list[FileResult]:
    """``check_text`` of each (text, fmt, path), in order, linted together (see ``lint_batch``)."""
    drafts = [draft_of(path, text, fmt) for text, fmt, path in items]
    ready = [draft for draft in drafts if isinstance(draft, formats.Draft)]
    outcomes = iter(engine.run_many(ready, rules))
    return [draft if isinstance(draft, FileResult) else _checked(draft, next(outcomes)) for draft in drafts]


def _checked(draft: formats.Draft, outcome: engine.Outcome) -> FileResult:
    if outcome.timeouts:  # as ``engine.lint`` reports it: the first rule that ran out of time
        return FileResult(draft.path, error=str(outcome.timeouts[0]), notes=draft.notes)
    return FileResult(draft.path, outcome.findings, None, "", draft.notes)


_PROCESS_RULES: dict[Config, tuple[Rule, ...]] = {}
_PROCESS_RULES_SIZE = 16  # distinct configs kept per process


def _rules_for(config: Config) -> tuple[Rule, ...]:
    """The rules ``config`` enables, loaded and compiled once per process."""
    rules = _PROCESS_RULES.get(config)
    if rules is None:
        loaded = load_rules(config.packs)
        selection.validate(loaded, config)
        if len(_PROCESS_RULES) >= _PROCESS_RULES_SIZE:
            _PROCESS_RULES.clear()
        rules = _PROCESS_RULES[config] = selection.apply(loaded, config)
    return rules


class Linter:
    """Lints one message per call; made for ``map`` in Spark, Dask or a process pool.

    It pickles as its ``Config`` (a few hundred bytes), never as compiled rules: the rules are
    loaded lazily, once per process, and shared by every ``Linter`` with an equal config. The
    config's ``per-path`` and ``exclude`` entries do not apply (a message has no path).

        >>> lint = Linter(select=["payment"])
        >>> [f["rule"] for f in lint("Pay us by Zelle.")]  # doctest: +SKIP
        ['payment.offplatform-method']
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        packs: Sequence[str] | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> None:
        base = config if config is not None else Config()
        if packs or select or ignore:  # pack paths become absolute here, before pickling
            base = base.with_overrides(packs=packs or None, select=select or None, ignore=ignore or None)
        self.config = base

    def __getstate__(self) -> dict[str, Config]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Config]) -> None:
        self.config = state["config"]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Linter) and other.config == self.config

    def __hash__(self) -> int:
        return hash(self.config)

    def __repr__(self) -> str:
        return f"Linter({self.config!r})"

    @property
    def rules(self) -> tuple[Rule, ...]:
        return _rules_for(self.config)

    def check(self, text: str, *, fmt: str = "text", path: str = "-") -> FileResult:
        """Findings (and reader notes) for one message; ``fmt`` is text, markdown, html or eml."""
        return check_text(text, self.rules, path=path, fmt=fmt)

    def check_many(self, items: Sequence[tuple[str, str, str]]) -> list[FileResult]:
        """``check`` of each (text, fmt, path), in order; faster per message than one by one
        (see ``lint_batch``)."""
        return check_texts(items, self.rules)

    def __call__(self, text: str, fmt: str = "text") -> list[dict[str, object]]:
        """The findings in ``text`` as plain dicts (``Finding.to_dict()``), ready to serialise."""
        result = self.check(text, fmt=fmt)
        if result.error is not None:
            raise BuyerlintError(result.error)
        return [f.to_dict() for f in result.findings]


def lint_message(text: str, *, config: Config | None = None, fmt: str = "text") -> list[dict[str, object]]:
    """The findings in one message as dicts; stateless and picklable (rules load once per process)."""
    return Linter(config)(text, fmt)


__all__ = [
    "BATCH", "BuyerlintError", "FileResult", "Finding", "Linter", "check_text", "check_texts", "iter_paths",
    "lint_batch", "lint_bytes", "lint_message", "lint_paths", "lint_text", "load_rules",
]

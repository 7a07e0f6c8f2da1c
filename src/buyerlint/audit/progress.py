"""A transient Rich progress bar on stderr while an export is read (bytes of the file, or messages)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from buyerlint.audit.readers import Export

EVERY = 25  # records between updates


@contextmanager
def progress_bar(export: Export, enabled: bool) -> Iterator[Callable[[int], None] | None]:
    """A ``tick(records_read)`` callable that moves the bar, or None when the bar is off."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("auditing {task.description}"), BarColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[records]:,} records"), TimeElapsedColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(export.path, total=export.total, records=0)

        def tick(records: int) -> None:
            if records % EVERY == 0:
                bar.update(task, completed=export.done(), records=records)

        yield tick

"""Lint an export record by record: results go to a writer as they come, totals to a Tally."""
from __future__ import annotations

from collections.abc import Callable

from buyerlint.api import BATCH, Linter
from buyerlint.audit.output import Writer
from buyerlint.audit.readers import Export
from buyerlint.audit.records import Malformed, Record
from buyerlint.audit.tally import MessageResult, Tally
from buyerlint.models import FileResult
from buyerlint.parallel import batches


def audit(
    export: Export,
    linter: Linter,
    tally: Tally,
    writer: Writer | None = None,
    tick: Callable[[int], None] | None = None,
) -> Tally:
    """Lint every record of ``export``, up to ``api.BATCH`` at a time; nothing but the tally
    outlives a batch.

    A record that cannot be read, or that a rule could not finish on (its time budget), is
    counted and reported as malformed; the audit goes on.
    """
    for batch in batches(enumerate(export.records, 1), BATCH):
        messages = [item for _, item in batch if not isinstance(item, Malformed)]
        checked = iter(linter.check_many([(item.text, item.fmt, item.id) for item in messages]))
        for index, item in batch:
            if isinstance(item, Malformed):
                _malformed(item, tally, writer)
            else:
                _checked(index, item, next(checked), tally, writer)
            if tick is not None:
                tick(index)
    if writer is not None:
        writer.finish(tally)
    return tally


def _checked(index: int, item: Record, checked: FileResult, tally: Tally, writer: Writer | None) -> None:
    if checked.error is not None:
        _malformed(Malformed(item.position, f"could not be linted: {checked.error}", item.id), tally, writer)
        return
    result = MessageResult(index, item.id, item.position, item.meta, checked.findings, checked.notes)
    tally.add(result)
    if writer is not None:
        writer.message(result)


def _malformed(item: Malformed, tally: Tally, writer: Writer | None) -> None:
    tally.add_malformed(item)
    if writer is not None:
        writer.malformed(item)

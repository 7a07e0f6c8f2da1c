"""Lint an export record by record: results go to a writer as they come, totals to a Tally."""
from __future__ import annotations

from collections.abc import Callable

from buyerlint.api import Linter
from buyerlint.audit.output import Writer
from buyerlint.audit.readers import Export
from buyerlint.audit.records import Malformed
from buyerlint.audit.tally import MessageResult, Tally


def audit(
    export: Export,
    linter: Linter,
    tally: Tally,
    writer: Writer | None = None,
    tick: Callable[[int], None] | None = None,
) -> Tally:
    """Lint every record of ``export``; nothing but the tally outlives a record.

    A record that cannot be read, or that a rule could not finish on (its time budget), is
    counted and reported as malformed; the audit goes on.
    """
    for index, item in enumerate(export.records, 1):
        if isinstance(item, Malformed):
            _malformed(item, tally, writer)
        else:
            checked = linter.check(item.text, fmt=item.fmt, path=item.id)
            if checked.error is not None:
                _malformed(Malformed(item.position, f"could not be linted: {checked.error}", item.id), tally, writer)
            else:
                result = MessageResult(index, item.id, item.position, item.meta, checked.findings, checked.notes)
                tally.add(result)
                if writer is not None:
                    writer.message(result)
        if tick is not None:
            tick(index)
    if writer is not None:
        writer.finish(tally)
    return tally


def _malformed(item: Malformed, tally: Tally, writer: Writer | None) -> None:
    tally.add_malformed(item)
    if writer is not None:
        writer.malformed(item)

"""The JSON report (contract): one object with findings, input errors and a summary."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from buyerlint.models import FileResult, Summary
from buyerlint.reporters import jsonstream
from buyerlint.spool import Spool

REPORT_VERSION = 1


def _counts(summary: Summary) -> dict[str, int]:
    return {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "info": summary.info}


def as_dict(results: Sequence[FileResult]) -> dict[str, object]:
    return {
        "version": REPORT_VERSION,
        "findings": [f.to_dict() for r in results for f in r.findings],
        "errors": [{"path": r.path, "message": r.error} for r in results if r.error is not None],
        "notes": [{"path": r.path, "message": n} for r in results for n in r.notes],
        "summary": _counts(Summary.of(results)),
    }


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    """Write ``as_dict(results)`` as indented JSON, each finding as its file's result arrives:
    the same text as ``json.dumps(as_dict(results), indent=2)``; only the input errors and notes,
    which come after every finding, wait (in a spool, not in memory)."""
    summary = Summary()
    with Spool() as errors, Spool() as notes:

        def findings() -> Iterator[object]:
            nonlocal summary
            for r in results:
                summary = summary.plus(r)
                if r.error is not None:
                    errors.append({"path": r.path, "message": r.error})
                for n in r.notes:
                    notes.append({"path": r.path, "message": n})
                yield from (f.to_dict() for f in r.findings)

        template = {
            "version": REPORT_VERSION,
            "findings": [jsonstream.slot("findings")],
            "errors": [jsonstream.slot("errors")],
            "notes": [jsonstream.slot("notes")],
            "summary": jsonstream.slot("summary"),
        }
        jsonstream.write(stream, template, {
            "findings": findings(), "errors": errors, "notes": notes, "summary": lambda: _counts(summary),
        })
    stream.write("\n")

"""The JSON report (contract): one object with findings, input errors and a summary."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from buyerlint.models import FileResult, Summary

REPORT_VERSION = 1


def as_dict(results: Sequence[FileResult]) -> dict[str, object]:
    summary = Summary.of(list(results))
    return {
        "version": REPORT_VERSION,
        "findings": [f.to_dict() for r in results for f in r.findings],
        "errors": [{"path": r.path, "message": r.error} for r in results if r.error is not None],
        "notes": [{"path": r.path, "message": n} for r in results for n in r.notes],
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "info": summary.info,
        },
    }


def report(results: Sequence[FileResult], stream: TextIO, color: bool = False) -> None:
    # ensure_ascii keeps the output valid for any input, lone surrogates included
    stream.write(json.dumps(as_dict(results), indent=2, ensure_ascii=True) + "\n")

"""The JSON report (contract): one object with findings, input errors and a summary."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
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
    """Write ``as_dict(results)`` as indented JSON, one finding at a time: the same text as
    ``json.dumps(as_dict(results), indent=2)`` without building the whole report in memory."""
    whole = as_dict([])
    stream.write("{\n" + _member("version", whole["version"]) + ",\n")
    _array(stream, "findings", (f.to_dict() for r in results for f in r.findings))
    _array(stream, "errors", ({"path": r.path, "message": r.error} for r in results if r.error is not None))
    _array(stream, "notes", ({"path": r.path, "message": n} for r in results for n in r.notes))
    summary = Summary.of(list(results))
    counts = {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings, "info": summary.info}
    stream.write(_member("summary", counts) + "\n}\n")


def _dumps(value: object) -> str:
    # ensure_ascii keeps the output valid for any input, lone surrogates included
    return json.dumps(value, indent=2, ensure_ascii=True)


def _member(key: str, value: object, depth: int = 1) -> str:
    pad = "  " * depth
    return pad + _dumps(key) + ": " + _dumps(value).replace("\n", "\n" + pad)


def _array(stream: TextIO, key: str, items: Iterable[object]) -> None:
    """One ``"key": [...]`` member of the top-level object, followed by ``,``."""
    stream.write("  " + _dumps(key) + ": [")
    first = True
    for item in items:
        stream.write(("\n" if first else ",\n") + "    " + _dumps(item).replace("\n", "\n    "))
        first = False
    stream.write("],\n" if first else "\n  ],\n")

"""JSON Lines: one object per finding (``Finding.to_dict()``), plus one per input error or note."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from buyerlint.models import FileResult


def _line(obj: dict[str, object]) -> str:
    # ensure_ascii: every line is valid JSON and ASCII, lone surrogates and controls included
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n"


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    for result in results:
        if result.error is not None:
            stream.write(_line({"path": result.path, "error": result.error}))
        for note in result.notes:
            stream.write(_line({"path": result.path, "note": note}))
        for f in result.findings:
            stream.write(_line(f.to_dict()))

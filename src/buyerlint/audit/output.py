"""Per-message outputs, written as the audit goes: JSON Lines or CSV, one record per message.

JSON Lines: one object per message (``id``, ``position``, metadata, counts, ``categories``,
``rules``, ``findings``), one ``{"position", "malformed"}`` object per skipped record, and a
last ``{"summary": {...}}`` object. CSV: a header and one row per record; skipped records have
``status`` ``malformed`` and the reason in ``detail``.
"""
from __future__ import annotations

import csv
import json
from typing import Protocol, TextIO

from buyerlint.audit.records import META_KEYS, Malformed
from buyerlint.audit.tally import MessageResult, Tally
from buyerlint.models import Severity

CSV_COLUMNS = ("id", "position", "status", "date", "order_id", "errors", "warnings", "info", "categories", "rules",
               "detail")
FORMATS = ("summary", "json", "csv")
MAX_MATCH = 200
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Writer(Protocol):
    def message(self, result: MessageResult) -> None: ...

    def malformed(self, item: Malformed) -> None: ...

    def finish(self, tally: Tally) -> None: ...


class JsonLinesWriter:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def _line(self, obj: dict[str, object]) -> None:
        # ensure_ascii: every line is ASCII JSON, lone surrogates and control characters included
        self.stream.write(json.dumps(obj, ensure_ascii=True, separators=(",", ":")) + "\n")

    def message(self, result: MessageResult) -> None:
        obj: dict[str, object] = {"id": result.id, "position": result.position}
        meta = dict(result.meta)
        obj.update((k, meta[k]) for k in META_KEYS if k in meta)
        obj.update({
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "info": result.count(Severity.INFO),
            "categories": list(result.categories),
            "rules": list(result.rules),
            "findings": [{"rule": f.rule, "category": f.category, "severity": f.severity.label, "line": f.line,
                          "column": f.column, "match": _clip(f.match), "message": _clip(f.message)}
                         for f in result.findings],
        })
        if result.notes:
            obj["notes"] = list(result.notes)
        self._line(obj)

    def malformed(self, item: Malformed) -> None:
        obj: dict[str, object] = {"id": item.id} if item.id else {}
        self._line({**obj, "position": item.position, "malformed": item.reason})

    def finish(self, tally: Tally) -> None:
        self._line({"summary": tally.to_dict()})


class CsvWriter:
    def __init__(self, stream: TextIO) -> None:
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(CSV_COLUMNS)

    def message(self, result: MessageResult) -> None:
        meta = dict(result.meta)
        self.writer.writerow([
            _cell(result.id), _cell(result.position), "checked", _cell(meta.get("date", "")),
            _cell(meta.get("order_id", "")), result.count(Severity.ERROR), result.count(Severity.WARNING),
            result.count(Severity.INFO), ";".join(result.categories), ";".join(result.rules),
            _cell("; ".join(result.notes)),
        ])

    def malformed(self, item: Malformed) -> None:
        self.writer.writerow([_cell(item.id), _cell(item.position), "malformed", "", "", "", "", "", "", "",
                              _cell(item.reason)])

    def finish(self, tally: Tally) -> None:
        pass


def _clip(text: str) -> str:
    """A match or message cut to MAX_MATCH characters (a match in a base64 part spans the whole part)."""
    return text if len(text) <= MAX_MATCH else text[: MAX_MATCH - 1] + "…"


def _cell(value: str) -> str:
    """Text from the export, kept from being read as a formula by spreadsheets (a leading ')."""
    value = value.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates, escaped
    return "'" + value if value.startswith(_FORMULA_START) else value


def writer(fmt: str, stream: TextIO) -> Writer:
    if fmt == "json":
        return JsonLinesWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    raise KeyError(fmt)

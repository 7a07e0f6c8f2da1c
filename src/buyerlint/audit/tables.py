"""Table-shaped exports: JSON Lines (one object per line) and CSV/TSV with a header row.

Both are read as a stream; a record is reported as ``Malformed`` (with its line) when it is
not valid JSON or CSV, has no text, holds bytes that do not decode, or is over the size limit.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import BinaryIO, cast

from buyerlint.audit.fields import Fields, compose, find, meta, scalar, undecodable
from buyerlint.audit.records import Malformed, Record
from buyerlint.audit.source import Source, lines, size_text
from buyerlint.errors import InputError

DELIMITERS = ",;\t|"


def read_jsonl(source: Source, fields: Fields, limit: int) -> Iterator[Record | Malformed]:
    for line_no, line in enumerate(lines(source.stream, limit), 1):
        position = f"line {line_no}"
        if line is None:
            yield Malformed(position, f"longer than {size_text(limit)}; skipped")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.rstrip(b"\r\n"))
        except UnicodeDecodeError as exc:
            yield Malformed(position, f"not valid UTF-8 ({exc.reason} at byte {exc.start + 1})")
            continue
        except json.JSONDecodeError as exc:
            yield Malformed(position, f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield Malformed(position, f"a JSON {type(obj).__name__}, not an object")
            continue
        yield _record(obj, position, fields)


def _record(row: Mapping[str, object], position: str, fields: Fields) -> Record | Malformed:
    found_id = find(row, fields.id_names())
    rid = scalar(found_id[1]) if found_id else ""
    found = find(row, fields.text_names())
    if found is None or found[1] is None:
        return Malformed(position, f"no text (looked for {', '.join(fields.text_names())})", rid)
    key, body = found
    if not isinstance(body, str):
        return Malformed(position, f"{key!r} is a {type(body).__name__}, not text", rid)
    if not body.strip():
        return Malformed(position, f"{key!r} is empty", rid)
    data = meta(row, body)
    subject = dict(data).get("subject", "")
    if undecodable(body, rid, subject):
        return Malformed(position, "holds bytes that are not valid in its encoding (see --encoding)", rid)
    return Record(position, rid or position, compose(body, subject), fields.body_format, data)


def open_csv(
    source: Source, fields: Fields, limit: int, delimiter: str | None, encoding: str
) -> Iterator[Record | Malformed]:
    """Read the header now (an unusable one raises ``InputError``); the rows stream later."""
    if source.head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif source.head.startswith(codecs.BOM_UTF8) or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(source.shown, f"unknown encoding {encoding!r}") from None
    text = io.TextIOWrapper(cast(BinaryIO, source.stream), encoding=encoding, errors="surrogateescape", newline="")
    delimiter = delimiter or _delimiter(source.head.decode(encoding, "replace"))
    previous_limit = csv.field_size_limit(max(limit, 1 << 17))
    try:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header = next(reader, None)
    except (csv.Error, UnicodeError) as exc:
        raise InputError(source.shown, f"cannot read the CSV header ({exc})") from None
    finally:
        csv.field_size_limit(previous_limit)
    if not header:
        raise InputError(source.shown, "empty CSV file (no header row)")
    names = {name: name for name in header}
    shown = ", ".join(header)
    shown = shown if len(shown) <= 200 else shown[:199] + "…"
    if find(names, fields.text_names()) is None:
        looked = ", ".join(fields.text_names())
        wanted = repr(fields.text) if fields.text else f"with the text (looked for {looked})"
        raise InputError(source.shown, f"no column {wanted} in the header ({shown}); use --text-column")
    if fields.id and find(names, (fields.id,)) is None:
        raise InputError(source.shown, f"no column {fields.id!r} in the header ({shown}); use --id-column")
    return _rows(reader, header, fields, limit)


def _rows(reader: Iterator[list[str]], header: list[str], fields: Fields, limit: int) -> Iterator[Record | Malformed]:
    line_num = getattr(reader, "line_num", 0)
    previous_limit = csv.field_size_limit(max(limit, 1 << 17))
    try:
        row_no = 0
        while True:
            start = line_num + 1
            try:
                row = next(reader, None)
            except csv.Error as exc:
                row_no += 1
                line_num = getattr(reader, "line_num", start)
                yield Malformed(f"row {row_no} (line {start})", f"not valid CSV ({exc})")
                continue
            line_num = getattr(reader, "line_num", start)
            if row is None:
                return
            if not row:
                continue  # a blank line
            row_no += 1
            position = f"row {row_no} (line {start})"
            if len(row) != len(header):
                yield Malformed(position, f"{len(row)} fields where the header has {len(header)}")
                continue
            yield _record(dict(zip(header, row, strict=True)), position, fields)
    finally:
        csv.field_size_limit(previous_limit)


def _delimiter(head: str) -> str:
    """The delimiter of a CSV file: the most frequent of , ; tab | on its first line."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","

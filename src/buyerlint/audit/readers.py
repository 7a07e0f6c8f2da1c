"""Open an export: tell its format, check it is usable, and stream its records.

An export that cannot be used at all (missing, unknown format, a CSV without a text column)
raises ``InputError`` before anything is read; a bad record later is a ``Malformed`` item, and
a file that breaks off mid-stream (a truncated ``.gz``) ends with one.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from buyerlint.audit import mail, tables
from buyerlint.audit.fields import Fields
from buyerlint.audit.records import Malformed, Record
from buyerlint.audit.source import Source, read_errors
from buyerlint.errors import InputError

KINDS = ("mbox", "eml", "jsonl", "csv")
_SUFFIXES = {
    ".mbox": "mbox", ".mbx": "mbox", ".eml": "eml", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}
DEFAULT_LIMIT = 16 << 20  # bytes per record


@dataclass(frozen=True, slots=True)
class Options:
    kind: str | None = None  # one of KINDS; None: from the name, else the content
    fields: Fields = field(default_factory=Fields)
    limit: int = DEFAULT_LIMIT
    delimiter: str | None = None  # CSV; None: from the header line
    encoding: str = "utf-8"  # CSV; a BOM wins


@dataclass
class Export:
    """An opened export: its records (read lazily, once) and how far reading has got."""

    path: str
    kind: str
    records: Iterator[Record | Malformed]
    done: Callable[[], int]  # bytes read, or messages read for a folder
    total: int | None  # bytes in the file; None for a folder
    close: Callable[[], None]

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_export(given: str, options: Options) -> Export:
    path = Path(given)
    if not path.exists():
        raise InputError(given, "no such file or directory")
    named = _SUFFIXES.get(PurePath(given.lower()).suffix)
    if path.is_dir() or (options.kind or named) == "eml":
        if options.kind not in (None, "eml"):
            raise InputError(given, f"is a folder; --input-format {options.kind} needs a file (a folder is .eml files)")
        return _folder(path, given, options)
    source = Source(path, given)
    try:
        kind = options.kind or detect(given, source.head)
        records = _stream(source, kind, options)
    except BaseException:
        source.close()
        raise
    return Export(given, kind, _guarded(records, source), source.done, source.total, source.close)


def _folder(path: Path, given: str, options: Options) -> Export:
    count = 0

    def counted() -> Iterator[Record | Malformed]:
        nonlocal count
        for item in mail.read_eml_folder(path, given, options.limit):
            count += 1
            yield item

    return Export(given, "eml", counted(), lambda: count, None, lambda: None)


def detect(given: str, head: bytes) -> str:
    """The kind of an export file, from its name (``.gz`` aside), else from its first bytes."""
    name = PurePath(given.lower().removesuffix(".gz"))
    kind = _SUFFIXES.get(name.suffix)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind is None:
        if start.startswith(b"From "):
            kind = "mbox"
        elif start.startswith(b"{"):
            kind = "jsonl"
    if kind is None:
        raise InputError(given, "cannot tell the export format; use --input-format " + "|".join(KINDS))
    return kind


def _stream(source: Source, kind: str, options: Options) -> Iterator[Record | Malformed]:
    start = source.head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if kind == "mbox":
        if start and not start.startswith(b"From "):
            raise InputError(source.shown, "not an mbox file (it does not start with a 'From ' line)")
        return mail.read_mbox(source, options.limit)
    if kind == "eml":
        raise InputError(source.shown, "--input-format eml reads a folder of .eml files (or one .eml file)")
    if kind == "jsonl":
        if start.startswith(b"["):
            raise InputError(source.shown, "a JSON array, not JSON Lines; convert it: jq -c '.[]' FILE > FILE.jsonl")
        return tables.read_jsonl(source, options.fields, options.limit)
    if kind == "csv":
        return tables.open_csv(source, options.fields, options.limit, options.delimiter, options.encoding)
    raise InputError(source.shown, f"unknown export format {kind!r} (one of {', '.join(KINDS)})")


def _guarded(records: Iterator[Record | Malformed], source: Source) -> Iterator[Record | Malformed]:
    """The records; a file that cannot be read on (e.g. a truncated .gz) ends with a Malformed."""
    try:
        yield from records
    except read_errors() as exc:
        yield Malformed(f"byte {source.done()}", f"the file cannot be read on ({exc}); the rest is skipped")

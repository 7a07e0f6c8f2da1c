"""Helpers shared by the audit tests (a module of its own: every test folder has a conftest)."""
from __future__ import annotations

from pathlib import Path

from buyerlint.audit.fields import Fields
from buyerlint.audit.readers import Options, open_export
from buyerlint.audit.records import Malformed, Record

DATA = Path(__file__).resolve().parent / "data"


def read_all(path: Path | str, **options: object) -> list[Record | Malformed]:
    """Every item an export yields, read the way `buyerlint audit` reads it."""
    fields = options.pop("fields", Fields())
    with open_export(str(path), Options(fields=fields, **options)) as export:  # type: ignore[arg-type]
        return list(export.records)


def summary_of(items: list[Record | Malformed]) -> list[tuple[str, str]]:
    """(position, "ok" or the reason it was skipped) per item."""
    return [(i.position, "ok" if isinstance(i, Record) else i.reason) for i in items]

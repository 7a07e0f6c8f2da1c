"""What an export reader yields: a message to lint, or a record it had to skip."""
from __future__ import annotations

from dataclasses import dataclass

META_KEYS = ("date", "subject", "order_id")


@dataclass(frozen=True, slots=True)
class Record:
    """One message of an export, ready to lint."""

    position: str  # where it is in the export: "line 12", "message 3", "row 4 (line 7)", a file
    id: str  # the export's own id (id field, Message-ID), else the position
    text: str
    fmt: str  # a draft format of ``formats``: "eml" for mail, else the body format chosen
    meta: tuple[tuple[str, str], ...] = ()  # any of META_KEYS found in the record

    def get(self, key: str) -> str:
        return dict(self.meta).get(key, "")


@dataclass(frozen=True, slots=True)
class Malformed:
    """A record that could not be read (bad JSON, no text, undecodable bytes, broken MIME)."""

    position: str
    reason: str
    id: str = ""

"""Which field of a JSON object or CSV row holds the text, the id and the metadata."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from buyerlint.audit.mail import ORDER_ID

# Looked for when no name is given, compared without case, spaces, "-" and "_".
TEXT_NAMES = ("text", "body", "message", "content", "message_body", "message_text")
ID_NAMES = ("id", "message_id", "msg_id")
META_NAMES = {
    "date": ("date", "sent_at", "sent", "send_date", "timestamp", "created_at", "datetime"),
    "subject": ("subject",),
    "order_id": ("order_id", "amazon_order_id", "order_number", "order"),
}


def normalise(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch not in " -_")


@dataclass(frozen=True, slots=True)
class Fields:
    """Field names chosen on the command line; ``None`` means look for the usual names."""

    text: str | None = None
    id: str | None = None
    body_format: str = "text"  # how the text is linted: text, markdown or html

    def text_names(self) -> tuple[str, ...]:
        return (self.text,) if self.text else TEXT_NAMES

    def id_names(self) -> tuple[str, ...]:
        return (self.id,) if self.id else ID_NAMES


def find(record: Mapping[str, object], names: tuple[str, ...]) -> tuple[str, object] | None:
    """(key, value) of the first of ``names`` in ``record``: exact key, then loosely, then a dotted path."""
    loose: dict[str, str] | None = None
    for name in names:
        if name in record:
            return name, record[name]
        if loose is None:
            loose = {normalise(k): k for k in record}
        key = loose.get(normalise(name))
        if key is not None:
            return key, record[key]
        if "." in name:
            value: object = record
            for part in name.split("."):
                if not isinstance(value, Mapping) or part not in value:
                    break
                value = value[part]
            else:
                return name, value
    return None


def scalar(value: object) -> str:
    """A scalar field as one line of text ("" for null, lists and objects)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def meta(record: Mapping[str, object], body: str) -> tuple[tuple[str, str], ...]:
    out = []
    for key, names in META_NAMES.items():
        found = find(record, names)
        value = scalar(found[1]) if found else ""
        if key == "order_id" and not ORDER_ID.search(value):
            span = ORDER_ID.search(body)
            value = body[span.start : span.end] if span else value
        if value:
            out.append((key, value))
    return tuple(out)


def compose(body: str, subject: str) -> str:
    """The text to lint: a ``Subject:`` line first when the record has a subject (see formats)."""
    return f"Subject: {subject}\n\n{body}" if subject else body


def undecodable(*values: str) -> bool:
    """True if a value holds bytes that did not decode (kept as lone surrogates)."""
    return any("\udc80" <= ch <= "\udcff" for value in values for ch in value)

"""Mail exports: an mbox file, or a folder of ``.eml`` files. Each message is linted as an email.

mbox: a message starts at a ``From `` line at the start of the file, after a blank line, or
shaped like a postmark (``From sender Mon Jan  1 10:00:00 2024``); ``>From `` lines are
unquoted (mboxrd). The file is read line by line; one message at a time is held, and a message
over the size limit is skipped without being held.
"""
from __future__ import annotations

import email.parser
import email.policy
import os
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from buyerlint import sources
from buyerlint.audit.records import Malformed, Record
from buyerlint.audit.source import Source, lines, size_text
from buyerlint.mime import decode_words
from buyerlint.patterns import compile_pattern

_POSTMARK = compile_pattern(r"\AFrom \S+ +.*\b\d{1,2}:\d{2}(?::\d{2})?\b.*\b\d{4}\s*\Z")
ORDER_ID = compile_pattern(r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)")
_HEADERS = email.parser.BytesHeaderParser(policy=email.policy.compat32)


def read_mbox(source: Source, limit: int) -> Iterator[Record | Malformed]:
    index = line_no = start_line = size = 0
    buf: list[bytes] = []
    too_big = False
    prev_blank = True
    for line in lines(source.stream, limit):
        line_no += 1
        if line is not None and line.startswith(b"From ") and (prev_blank or _is_postmark(line)):
            if index:
                yield _mbox_message(index, start_line, buf, too_big, limit)
            index, start_line, buf, size, too_big, prev_blank = index + 1, line_no, [], 0, False, False
            continue
        prev_blank = line is not None and not line.strip()
        if not index or too_big:
            continue  # blank lines before the first message (the reader checked the file starts so)
        if line is None or size + len(line) > limit:
            buf, too_big = [], True
            continue
        if line.startswith(b">") and line.lstrip(b">").startswith(b"From "):
            line = line[1:]
        buf.append(line)
        size += len(line)
    if index:
        yield _mbox_message(index, start_line, buf, too_big, limit)


def _is_postmark(line: bytes) -> bool:
    return _POSTMARK.search(line.decode("latin-1").rstrip("\r\n")) is not None


def _mbox_message(index: int, line_no: int, buf: list[bytes], too_big: bool, limit: int) -> Record | Malformed:
    position = f"message {index} (line {line_no})"
    if too_big:
        return Malformed(position, f"larger than {size_text(limit)}; skipped")
    if buf and not buf[-1].strip():
        buf.pop()  # the blank line that separates it from the next message
    return email_record(b"".join(buf), position, position)


def read_eml_folder(root: Path, shown: str, limit: int) -> Iterator[Record | Malformed]:
    """Every ``.eml`` file under ``root`` (or ``root`` itself), in name order; hidden ones skipped."""
    if root.is_file():
        yield _eml_file(root, shown, limit)
        return
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        while unreadable:
            exc = unreadable.pop(0)
            yield Malformed(_shown(Path(exc.filename or root), root, shown), f"cannot read folder ({exc.strerror})")
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(".eml") and not name.startswith("."):
                path = Path(folder, name)
                yield _eml_file(path, _shown(path, root, shown), limit)
    for exc in unreadable:
        yield Malformed(_shown(Path(exc.filename or root), root, shown), f"cannot read folder ({exc.strerror})")


def _shown(path: Path, root: Path, shown: str) -> str:
    return str(Path(shown) / path.relative_to(root))


def _eml_file(path: Path, shown: str, limit: int) -> Record | Malformed:
    try:
        if path.stat().st_size > limit:
            return Malformed(shown, f"larger than {size_text(limit)}; skipped")
        data = path.read_bytes()
    except OSError as exc:
        return Malformed(shown, f"cannot read ({exc.strerror or exc})")
    return email_record(data, shown, shown)


def email_record(data: bytes, position: str, fallback_id: str) -> Record | Malformed:
    """One email as a record (linted as ``eml``: subject and text body), or why it cannot be."""
    try:
        decoded = sources.decode(data)
    except sources.NotText as exc:
        return Malformed(position, str(exc))
    head = _HEADERS.parsebytes(data)
    if not head.keys() or data[:1] in (b" ", b"\t", b"\r", b"\n"):
        return Malformed(position, "no email headers (not an email message)")
    problem = _multipart_problem(head, data)
    message_id = " ".join(_header(head, "message-id").split())
    if problem:
        return Malformed(position, f"broken MIME: {problem}", message_id)
    subject = " ".join(decode_words(_header(head, "subject")).split())
    meta = [("date", " ".join(_header(head, "date").split())), ("subject", subject)]
    meta.append(("order_id", _order_id(subject) or _order_id(decoded.text)))
    return Record(position, message_id or fallback_id, decoded.text, "eml", tuple((k, v) for k, v in meta if v))


def _multipart_problem(head: Message, data: bytes) -> str:
    if head.get_content_maintype() != "multipart":
        return ""
    boundary = head.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        return f"{head.get_content_type()} without a boundary"
    if b"--" + boundary.encode("utf-8", "surrogateescape") not in data:
        return f"{head.get_content_type()} whose boundary never appears"
    return ""


def _header(head: Message, name: str) -> str:
    value = head.get(name)
    return "" if value is None else str(value)


def _order_id(text: str) -> str:
    span = ORDER_ID.search(text)
    return "" if span is None else text[span.start : span.end]

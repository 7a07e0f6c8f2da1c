"""Just enough MIME to lint an ``.eml`` draft in place: subject and text body, with spans.

The standard library's parser does not keep positions, so this walks the raw text: header
block, multipart boundaries, part headers. It returns edits for ``formats`` that blank out
what is not linted and decode what is encoded, so every finding maps back into the file.
"""
from __future__ import annotations

import base64
import binascii
import email.errors
import email.header
import itertools
from dataclasses import dataclass

from buyerlint.patterns import compile_pattern

Edits = dict[tuple[int, int], str]
_BLANK = compile_pattern(r"\r?\n\r?\n", ignorecase=False, lazy=True)
_HEADER = compile_pattern(r"(?m)^(?P<name>[!-9;-~]+):[ \t]*(?P<value>[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", lazy=True)
_QP = compile_pattern(r"=\r?\n|(?:=[0-9A-Fa-f]{2})+", ignorecase=False, lazy=True)
_ENCODED_WORD = compile_pattern(r"=\?[^?\s]+\?[bq]\?[^?\s]*\?=", lazy=True)
_PARAM = compile_pattern(r';\s*(?P<k>[\w-]+)\s*=\s*(?:"(?P<q>[^"]*)"|(?P<t>[^\s;]+))', lazy=True)


@dataclass(frozen=True, slots=True)
class _Header:
    name: str
    value: str
    start: int  # of the value
    end: int
    line: int  # where the header's line starts


def _headers(text: str, start: int, end: int) -> list[_Header]:
    out = []
    for span, g in _HEADER.groupiter(text[start:end]):
        value = g.get("value") or ""
        v_end = start + span.end
        out.append(_Header((g.get("name") or "").lower(), value, v_end - len(value), v_end, start + span.start))
    return out


def _split_headers(text: str, start: int, end: int) -> tuple[int, int]:
    """(end of header block, start of body) within text[start:end]."""
    m = _BLANK.search(text, start, end)
    if m is None:
        return end, end
    return m.start, m.end


def _content_type(headers: list[_Header]) -> tuple[str, dict[str, str], str]:
    ctype, params, cte = "text/plain", {}, "7bit"
    for h in headers:
        if h.name == "content-type":
            ctype = h.value.split(";", 1)[0].strip().lower() or ctype
            for _span, g in _PARAM.groupiter(h.value):
                quoted = g.get("q")
                params[(g.get("k") or "").lower()] = quoted if quoted is not None else (g.get("t") or "")
        elif h.name == "content-transfer-encoding":
            cte = h.value.strip().lower()
    return ctype, params, cte


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words ("=?utf-8?q?…?=") in a header value."""
    try:
        parts = email.header.decode_header(value)
    except (ValueError, email.errors.HeaderParseError):
        return value
    return "".join(c.decode(cs or "ascii", errors="replace") if isinstance(c, bytes) else c for c, cs in parts)


def _decode_body(text: str, start: int, end: int, cte: str, charset: str, edits: Edits, notes: list[str]) -> None:
    if cte == "quoted-printable":
        for span in _QP.finditer(text, start, end):
            raw = text[span.start : span.end]
            if raw.startswith("=\n") or raw.startswith("=\r"):
                edits[(span.start, span.end)] = ""
            else:
                data = bytes(int(raw[i + 1 : i + 3], 16) for i in range(0, len(raw), 3))
                edits[(span.start, span.end)] = data.decode(charset, errors="replace")
    elif cte == "base64":
        try:
            data = base64.b64decode("".join(text[start:end].split()), validate=True)
        except (binascii.Error, ValueError):
            notes.append("a base64 body part could not be decoded; it was not linted")
            edits[(start, end)] = "\n"
            return
        edits[(start, end)] = data.decode(charset, errors="replace")
        notes.append("a base64-encoded body was linted; findings in it point at the start of the part")


def _walk(
    text: str, start: int, end: int, headers: list[_Header], edits: Edits, html: list[tuple[int, int]], notes: list[str]
) -> bool:
    """Edit the part body text[start:end]; True if it (or a sub-part) was linted."""
    ctype, params, cte = _content_type(headers)
    charset = params.get("charset", "utf-8")
    try:
        "".encode(charset)
    except LookupError:
        charset = "utf-8"
    if ctype.startswith("multipart/") and params.get("boundary"):
        delim = "--" + params["boundary"]
        positions = []
        i = text.find(delim, start, end)
        while i >= 0:
            positions.append(i)
            i = text.find(delim, i + len(delim), end)
        parts = []
        for a, b in itertools.pairwise(positions):
            line_end = text.find("\n", a, b)
            if line_end < 0:
                continue
            h_end, body = _split_headers(text, line_end + 1, b)
            parts.append((a, b, _headers(text, line_end + 1, h_end), body))
        kinds = [_content_type(p[2])[0] for p in parts]
        wanted = [p for p, k in zip(parts, kinds, strict=True) if k == "text/plain" or k.startswith("multipart/")]
        wanted = wanted or [p for p, k in zip(parts, kinds, strict=True) if k == "text/html"]
        linted = False
        pos = start
        for a, b, part_headers, body in parts:
            if (a, b, part_headers, body) in wanted and _walk(text, body, b, part_headers, edits, html, notes):
                if body > pos:
                    edits[(pos, body)] = "\n"
                pos = b
                linted = True
        if end > pos:
            edits[(pos, end)] = "\n"
        return linted
    if ctype == "text/plain" or ctype == "text/html":
        _decode_body(text, start, end, cte, charset, edits, notes)
        if ctype == "text/html":
            html.append((start, end))
        return True
    return False


def eml_edits(text: str, start: int) -> tuple[Edits, tuple[int, int] | None, list[tuple[int, int]], tuple[str, ...]]:
    """Edits, subject span, HTML regions and notes for an email file starting at ``start``."""
    edits: Edits = {}
    notes: list[str] = []
    html: list[tuple[int, int]] = []
    h_end, body = _split_headers(text, start, len(text))
    headers = _headers(text, start, h_end)
    if not headers or text[start : headers[0].line].strip():
        return {}, None, [], ("no email headers found; linted as plain text",)
    subject = next((h for h in headers if h.name == "subject"), None)
    span: tuple[int, int] | None = None
    if subject is not None:
        span = (subject.start, subject.end)
        if start < subject.start:
            edits[(start, subject.start)] = ""
        for word in _ENCODED_WORD.finditer(text, subject.start, subject.end):
            edits[(word.start, word.end)] = decode_words(text[word.start : word.end])
        if subject.end < body:
            edits[(subject.end, body)] = "\n\n"
    elif body > start:
        edits[(start, body)] = "\n"
    if not _walk(text, body, len(text), headers, edits, html, notes):
        if len(text) > body:
            edits[(body, len(text))] = "\n"
        notes.append("no text part found in the email; only the subject was linted")
    return edits, span, html, tuple(notes)

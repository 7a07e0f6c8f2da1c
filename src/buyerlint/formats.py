"""Draft formats: what of a file is linted, and where its subject and metadata are.

- plain text and Markdown are linted as written; a first line ``Subject: …`` is the subject.
- HTML is linted on its visible text plus the addresses in ``href``/``src``/``alt``/``title``
  (which reach the buyer too); rules with ``scope: markup`` see the raw markup.
- ``.eml``: the Subject header and the text body (quoted-printable and base64 decoded; an
  HTML-only body is reduced to its visible text); other headers are not linted.
- A YAML front matter block (``---`` … ``---``) at the top of any draft is not linted; its
  keys (e.g. ``reason: review-request``) are available to rules through ``when``.
Positions always refer to the file as written.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from buyerlint.document import Document, parse
from buyerlint.offsets import MapChain, transform
from buyerlint.patterns import compile_pattern

TEMPLATE_SUFFIXES = frozenset({".j2", ".jinja", ".jinja2", ".hbs", ".handlebars", ".mustache", ".liquid", ".tmpl", ".tpl"})
FORMATS = ("text", "markdown", "html", "eml")

_FRONT = compile_pattern(r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", ignorecase=False, lazy=True)
_SUBJECT_LINE = compile_pattern(r"\A[ \t]*Subject:[ \t]*(?P<v>[^\r\n]*)", lazy=True)
_TAG = compile_pattern(
    r"<!--.*?-->|<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<![^>]*>",
    lazy=True,
)
_ATTR = compile_pattern(r"""\b(?:href|src|alt|title|action)\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s>"']+))""", lazy=True)
_BLOCK = frozenset(["p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "blockquote", "section", "header", "footer", "hr", "title"])


class Draft(NamedTuple):
    """One input ready for the engine."""

    path: str
    format: str
    doc: Document  # the text rules see by default
    markup: Document  # the raw markup (the same Document unless the draft is HTML)
    subject: tuple[int, int] | None = None  # span of the subject in the original text
    meta: Mapping[str, Any] = MappingProxyType({})  # read-only: one empty mapping serves every draft
    notes: tuple[str, ...] = ()  # what the reader could not do, e.g. undecodable parts

    @property
    def text(self) -> str:
        return self.doc.text


def detect(path: str) -> str:
    """The format of a draft from its name: ``x.html.j2`` is HTML, ``x.j2`` plain text."""
    name = os.path.basename(path)  # what ``PurePath(path).suffixes`` reads, without building a path
    suffixes = [] if name.endswith(".") else ["." + s.lower() for s in name.lstrip(".").split(".")[1:]]
    while suffixes and suffixes[-1] in TEMPLATE_SUFFIXES:
        suffixes.pop()
    last = suffixes[-1] if suffixes else ""
    return {".html": "html", ".htm": "html", ".eml": "eml", ".md": "markdown", ".markdown": "markdown"}.get(last, "text")


def _may_have_subject(text: str, start: int) -> bool:
    """False when ``text[start:]`` cannot open with a ``Subject:`` line (one test, not a search)."""
    head = text[start : start + 80].lstrip(" \t")
    return head[:8].casefold() == "subject:" or (not head and len(text) > start + 80)


def _front_matter(text: str) -> tuple[dict[str, Any], tuple[int, int] | None, str]:
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, None, ""
    import yaml  # only for a draft with front matter

    for span, groups in _FRONT.groupiter(text):
        try:
            data = yaml.safe_load(groups.get("body") or "")
        except yaml.YAMLError as exc:
            return {}, None, f"front matter is not valid YAML ({getattr(exc, 'problem', exc)}); linted as text"
        if isinstance(data, dict):
            return {str(k): v for k, v in data.items()}, (span.start, span.end), ""
        return {}, None, ""
    return {}, None, ""


def _html_edits(text: str, start: int, end: int) -> dict[tuple[int, int], str]:
    """Edits that reduce text[start:end] (HTML) to visible text plus link/alt attributes."""
    edits: dict[tuple[int, int], str] = {}
    for span, g in _TAG.groupiter(text[start:end]):
        a, b = span.start + start, span.end + start
        name = (g.get("name") or "").lower()
        # an inline tag adds no space when rendered: "<b>Pay</b>Pal" reads as one word
        block = g.get("raw") or name in _BLOCK or text.startswith("<!--", a)
        if not name or g.get("close"):
            edits[(a, b)] = "\n" if block else ""
            continue
        pos = a
        for attr in _ATTR.finditer(text, a, b):
            value_start, value_end = _value_span(text, attr.start, attr.end)
            if value_end > value_start:
                edits[(pos, value_start)] = " "
                pos = value_end
        # kept attribute values ("x.com" of an href) are kept apart from the text around them
        edits[(pos, b)] = "\n" if block else (" " if pos > a else "")
    return edits


def _value_span(text: str, start: int, end: int) -> tuple[int, int]:
    eq = text.index("=", start, end) + 1
    while eq < end and text[eq] in " \t\r\n":
        eq += 1
    if eq < end and text[eq] in "\"'":
        return eq + 1, end - 1
    return eq, end


def _forward(edits: Mapping[tuple[int, int], str], offset: int) -> int:
    """Where an original offset (outside any edited span) lands in the edited view."""
    delta = 0
    for (a, b), new in sorted(edits.items()):
        if b <= offset:
            delta += len(new) - (b - a)
    return offset + delta


def _apply(text: str, edits: Mapping[tuple[int, int], str]) -> tuple[str, MapChain]:
    spans = sorted(edits)
    view, m = transform(text, spans, lambda a, b: edits[(a, b)])
    return view, MapChain().then(m)


def load(path: str, text: str, fmt: str | None = None) -> Draft:
    fmt = fmt or detect(path)
    notes: tuple[str, ...] = ()
    meta, front, problem = _front_matter(text)
    if problem:
        notes = (*notes, problem)
    edits: dict[tuple[int, int], str] = {}
    body_start = 0
    if front is not None:
        edits[front] = "\n"
        body_start = front[1]
    subject: tuple[int, int] | None = None
    html_regions: list[tuple[int, int]] = []
    if fmt == "eml":
        from buyerlint.mime import eml_edits

        more, subject, html_regions, eml_notes = eml_edits(text, body_start)
        edits.update(more)
        notes = (*notes, *eml_notes)
    else:
        for span, g in _SUBJECT_LINE.groupiter(text[body_start:]) if _may_have_subject(text, body_start) else ():
            value = g.get("v") or ""
            v_start = body_start + span.end - len(value)
            subject = (v_start, v_start + len(value.rstrip()))
        if fmt == "html":
            edits.update(_html_edits(text, body_start, len(text)))
    if edits:
        view, chain = _apply(text, edits)
        if html_regions:  # HTML parts of an email, reduced in a second pass over the decoded view
            second: dict[tuple[int, int], str] = {}
            for a, b in html_regions:
                second.update(_html_edits(view, _forward(edits, a), _forward(edits, b)))
            view2, m2 = transform(view, sorted(second), lambda a, b: second[(a, b)])
            view, chain = view2, chain.then(m2)
        doc = parse(path, text, prepared=(view, chain))
    else:
        doc = parse(path, text)
    markup = doc
    if fmt == "html":
        markup = parse(path, text, prepared=_apply(text, {front: "\n"}) if front else None)
    return Draft(path, fmt, doc, markup, subject, meta, notes)

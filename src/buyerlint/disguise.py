"""Say how a finding's text was disguised, from what the normalised view changed.

Every view character of a match is traced back to the original characters it came from;
each change is named by what was undone: invisible characters, full-width, ligature,
mathematical, enclosed or superscript forms (compatibility forms), look-alike letters of
another script (named: "look-alike Cyrillic letters"), letters spaced out or split by
punctuation, HTML entities. A kind adds what it saw through itself: digits for letters
("P4yP4l"), letters for digits, spaced-out digits or odd separators in a phone number, and
addresses and numbers written out ("help at brand dot com", "oh seven seven ...").
"""
from __future__ import annotations

import unicodedata

from buyerlint.document import Document
from buyerlint.entities import IN_WORDS, WRITTEN_OUT
from buyerlint.patterns import compile_pattern
from buyerlint.views import PLACEHOLDER_MARK, has_invisible, is_invisible, lookalike

_TAG_IN_WORD = compile_pattern(r"(?<=[\p{L}\p{N}])(?:<[^<>]{0,300}>)+(?=[\p{L}\p{N}])", lazy=True)
# "dot", "slash", "(at)", "[dot]" written out in an address
_SPELLED = compile_pattern(r"\s(?:dot|slash)\s|[\(\[\{]\s*(?:dot|at|\.|@)\s*[\)\]\}]", lazy=True)
# a separator between single letters that the view joined up ("p a y p a l", "P.a.y.P.a.l")
_SEPARATORS = {
    " ": "spaced-out letters",
    ".": "letters split by dots",
    "-": "letters split by hyphens",
    "_": "letters split by underscores",
    "*": "letters split by asterisks",
    "\u00b7": "letters split by middle dots",
    "/": "letters split by slashes",
    "|": "letters split by bars",
}
# Unicode name prefixes of compatibility forms, and what to call them
_FORMS = (
    ("FULLWIDTH", "full-width characters"),
    ("MATHEMATICAL", "mathematical letters"),
    ("CIRCLED", "enclosed letters"),
    ("PARENTHESIZED", "enclosed letters"),
    ("SQUARED", "enclosed letters"),
    ("NEGATIVE CIRCLED", "enclosed letters"),
    ("NEGATIVE SQUARED", "enclosed letters"),
    ("LATIN SMALL LIGATURE", "ligatures"),
    ("LATIN CAPITAL LIGATURE", "ligatures"),
    ("SUPERSCRIPT", "superscript letters"),
    ("SUBSCRIPT", "subscript letters"),
    ("MODIFIER LETTER", "superscript letters"),
)


def _char_trick(ch: str) -> str | None:
    if ch.isascii():
        return None
    name = unicodedata.name(ch, "")
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and (any(c.isalnum() for c in folded) or name.startswith(("FULLWIDTH", "SMALL "))):
        return next((what for prefix, what in _FORMS if name.startswith(prefix)), "compatibility forms")
    if lookalike(ch) is not None:
        script = name.split(" ", 1)[0].title() if name else ""
        return f"look-alike {script} letters".replace("  ", " ")
    return None


def _piece_tricks(piece: str, seen: str) -> list[str]:
    """What turned the original ``piece`` into the view character(s) ``seen``."""
    if piece.startswith("&") and piece.endswith(";"):
        return ["HTML entities"]
    tricks: list[str] = []
    kept = [c for c in piece if not is_invisible(c)]
    letters = [c for c in kept if c.isalnum()]
    if len(letters) > 1:  # a run of single letters joined up: name the separators it dropped
        for sep in dict.fromkeys(c for c in kept if not c.isalnum()):
            if kept.count(sep) > seen.count(sep):
                key = " " if sep.isspace() else sep
                tricks.append(_SEPARATORS.get(key, "letters split by punctuation"))
    tricks.extend(t for c in kept if (t := _char_trick(c)) is not None)
    return tricks


def tricks(doc: Document, start: int, end: int) -> list[str]:
    """The disguises undone in the view span ``start:end`` of ``doc``, in a stable order.

    Characters are traced back to the text normalisation started from, so what a format
    undid in transport (quoted-printable, base64) is not called a disguise; HTML tags inside
    a word ("Pay</b>Pal") are, since the reader sees one word.
    """
    found: dict[str, None] = {}
    base = doc.base_text
    a, b = doc.base_span(start, end)
    if has_invisible(base, a, b):
        found["invisible characters"] = None
    o_start, o_end = doc.original_span(start, end)
    if (
        doc.text.find("<", o_start, o_end) >= 0
        and _TAG_IN_WORD.search(doc.text, o_start, o_end) is not None
        and "<" not in doc.view[start:end]
    ):
        found["HTML tags inside a word"] = None
    if doc.chain.copied_span(start, end, doc.base_maps):  # no character to trace
        return list(found)
    traced: set[tuple[int, int]] = set()
    for i in range(start, end):
        span = doc.base_span(i, i + 1)
        piece = base[span[0] : span[1]]
        if span in traced or doc.view[i] == PLACEHOLDER_MARK or piece == doc.view[i]:
            continue
        traced.add(span)
        j = i  # the whole view text made from this piece (it may run past the match)
        while j < len(doc.view) and doc.base_span(j, j + 1) == span:
            j += 1
        for trick in _piece_tricks(piece, doc.view[i:j]):
            found.setdefault(trick, None)
    return list(found)


def _may_be_spelled(seen: str) -> bool:
    """False where ``_SPELLED`` cannot match: no bracket, no "dot" or "slash"."""
    if any(ch in seen for ch in "([{"):
        return True
    lower = seen.lower()
    return "dot" in lower or "slash" in lower


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe(doc: Document, start: int, end: int, how: str = "") -> str:
    """A note for a finding on view span ``start:end``; ``how`` is what the rule's kind saw
    through. "" when the text was written plainly."""
    found = tricks(doc, start, end)
    if not how and _may_be_spelled(doc.view[start:end]) and _SPELLED.search(doc.view, start, end) is not None:
        # a pattern rule's "wa dot me slash 44..."
        how = WRITTEN_OUT
    if how and how not in (WRITTEN_OUT, IN_WORDS):
        found.append(how)
    parts = [how] if how in (WRITTEN_OUT, IN_WORDS) else []
    if found:
        parts.append("disguised with " + _and(found))
    return ", ".join(parts)

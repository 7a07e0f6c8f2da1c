"""The normalised view of a draft, and the map back to the text it came from.

``build_view`` masks template placeholders (one ``PLACEHOLDER_MARK`` each), decodes HTML
entities, drops invisible characters, folds compatibility forms (NFKC), maps look-alike
letters of other scripts to Latin inside Latin words, and joins spaced-out letters and
addresses up. Each step records what it replaced (``offsets``), so every view offset maps back
to the original characters.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import NamedTuple

from buyerlint import lookalikes
from buyerlint.keywords import beyond_ascii
from buyerlint.offsets import MapChain, positions, transform
from buyerlint.patterns import Pattern, compile_pattern
from buyerlint.terms import alternation, literal

PLACEHOLDER_MARK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER stands in for a masked placeholder

# Words that mark a bracketed phrase as a template field ("[Order ID]", not "[Important]").
_FIELD_WORDS = (
    r"name|first|last|full|buyer|customer|client|recipient|order|id|number|no|product|item"
    r"|asin|sku|tracking|link|url|seller|store|shop|company|brand|date|title|address|carrier"
    r"|amount|price|qty|quantity|review|feedback|contact|signature|agent|marketplace|email"
)
_NAME = r"[A-Za-z_][\w.\-]{0,60}"
# Placeholder syntaxes of seller tools and template engines. Each names its field in <n>.
_PLACEHOLDERS = [
    r"\{\{!--(?s:.*?)--\}\}",  # handlebars comment
    r"\{#(?s:.*?)#\}",  # jinja comment
    r"\{%-?\s*comment\s*-?%\}(?s:.*?)\{%-?\s*endcomment\s*-?%\}",  # liquid comment block
    r"\{%.{0,300}?%\}",  # jinja / liquid tag
    r"\{\{\{?-?\s*(?P<n1>[^{}]{1,100}?)\s*-?\}?\}\}",  # {{ order.id }}, {{{raw}}}
    r"\[\[\s*(?P<n2>[A-Za-z][\w.\- ]{0,60}?)\s*(?::[^\]\n]{0,80})?\]\]",  # [[order-id]]
    r"\$\{\s*(?P<n3>" + _NAME + r")\s*\}",  # ${order.order_id}
    r"\[%\s*(?P<n4>" + _NAME + r")\s*%\]",  # [%ORDER_ID%]
    r"%%(?P<n5>" + _NAME + r")%%",  # %%order_id%%
    r"(?<![\w%])%(?P<n14>[A-Za-z_][A-Za-z0-9_.]{0,60})%(?![\w%])",  # %order_id%
    r"\*\|(?P<n6>[A-Za-z_][\w:\-]{0,60})\|\*",  # *|FNAME|*
    r"<%=?-?\s*(?P<n7>[^%\n]{1,100}?)\s*-?%>",  # <%= order.id %>
    r"\{!(?P<n8>" + _NAME + r")\}",  # {!Order.Id}
    r"\{\$?(?!(?:dot|at)\})(?P<n9>" + _NAME + r")\}",  # {order_id}, {$OrderId}; not "{dot}"
    r"(?<![\w#])#(?P<n10>[A-Za-z][\w.\-]{0,60})#(?![\w#])",  # #order_id#
    r"\[(?P<n11>[A-Za-z][A-Za-z _\-]{0,40}\b(?:" + _FIELD_WORDS + r")\b[A-Za-z _\-]{0,40})\]",
    r"\{(?P<n12>[A-Za-z][A-Za-z _\-]{0,40}\b(?:" + _FIELD_WORDS + r")\b[A-Za-z _\-]{0,40})\}",
    r"<<\s*(?P<n13>[A-Za-z][\w .\-]{0,40}?)\s*>>",  # <<Order ID>>
]
_OPENERS = "{[$%*<#"  # the first character of every syntax above
_INVISIBLE = "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0e\ufeff]"
_ENTITY = r"&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
# Three or more single letters with the same separator between them: "p a y p a l", "W.e.C.h.a.t".
# Single characters with single spaces between them that spell an address: an "@", or a dot
# followed by a top-level domain of two or more letters at the end.
_SPACED_ADDRESS = (
    r"(?<![\p{L}\p{N}@.])(?<!(?:^|\s)[\p{L}\p{N}@.] )(?=(?:[\p{L}\p{N}@.] )*@|(?:[\p{L}\p{N}@.] )+\.(?: \p{L}){2,}(?![\p{L}\p{N}@.]))"
    r"[\p{L}\p{N}@.](?: [\p{L}\p{N}@.]){4,}(?![\p{L}\p{N}@.])"
)
# letters spaced out by one separator, the same all along: "p a y p a l", "p.a.y.p.a.l" (one
# branch a separator rather than a back-reference, so that the pattern has a shadow)
_SPACED = (
    r"(?<![\p{L}\p{N}])\p{L}(?:"
    + "|".join(rf"(?:{literal(sep)}\p{{L}}){{2,}}" for sep in " .-_*·/|")
    + r")(?![\p{L}\p{N}])"
)


@cache
def _rx(source: str, ignorecase: bool = False, gated: bool = False) -> Pattern:
    return compile_pattern(source, ignorecase=ignorecase, gated=gated)


@cache
def _placeholders() -> Pattern:
    """The placeholder syntaxes as one alternation. Each opens with punctuation, which
    ``regex`` looks for quickly by itself: one search beats one per syntax (a search costs
    some microseconds of its own, for its time budget)."""
    return _rx(alternation(_PLACEHOLDERS), True)


@cache
def _invisibles() -> frozenset[str]:
    """Every character of the class ``_INVISIBLE`` (ranges of literal characters)."""
    body, i = _INVISIBLE[1:-1], 0
    found: set[str] = set()
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            found.update(chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            found.add(body[i])
            i += 1
    return frozenset(found)


def is_invisible(ch: str) -> bool:
    """True for a character the view drops as invisible (zero-width, soft hyphen, bidi ...)."""
    return has_invisible(ch)


def has_invisible(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` has a character that ``is_invisible``."""
    if text[start:end].isascii():  # every invisible character is beyond ASCII
        return False
    return _rx(_INVISIBLE).search(text, start, end) is not None


def lookalike(ch: str) -> str | None:
    """The Latin letter or digit that ``ch`` (from another script) is mistaken for, if any."""
    return lookalikes.table().get(ch)


class Placeholder(NamedTuple):
    """A template field found in the draft; ``key`` is its name reduced to [a-z0-9]."""

    start: int  # in the view (one PLACEHOLDER_MARK character)
    raw: str
    key: str



def _placeholder_key(raw: str, groups: dict[str, str | None]) -> str:
    name = next((v for v in groups.values() if v), "") or ""
    name = name.split("|")[0].strip().split(" ")[0] if "{{" in raw else name
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _step(
    text: str, chain: MapChain, source: str, replace: Callable[[str], str], gated: bool = False
) -> tuple[str, MapChain]:
    """``text`` with each match of ``source`` replaced; ``gated``: the pattern rarely matches,
    and its shadow may say so first (see ``patterns.Pattern.may_match``)."""
    spans = [(s.start, s.end) for s in _rx(source, False, gated).finditer(text)]
    if not spans:
        return text, chain
    new, m = transform(text, spans, lambda a, b: replace(text[a:b]))
    return new, chain.then(m)


def _each(text: str, chain: MapChain, chars: Iterable[str], replace: Callable[[str], str]) -> tuple[str, MapChain]:
    """``text`` with each occurrence of ``chars`` (single characters, a few of those beyond
    ASCII that ``text`` has) replaced."""
    spans = [(at, at + 1) for at in positions(text, chars)]
    if not spans:
        return text, chain
    new, m = transform(text, spans, lambda a, b: replace(text[a:b]))
    return new, chain.then(m)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded.isprintable() or folded.isspace() else ch


def _join_spaced(run: str) -> str:
    """"p a y p a l" -> "paypal"; a leading "a"/"I" stays a word: "a f i v e" -> "a five"."""
    letters = [c for c in run if c.isalpha()]
    if len(letters) >= 5 and letters[0] in "aAI" and run[1] == " ":
        return letters[0] + " " + "".join(letters[1:])
    return "".join(letters)


def build_view(text: str, chain: MapChain | None = None) -> tuple[str, MapChain, tuple[Placeholder, ...]]:
    """Normalise ``text`` (itself a view of an original through ``chain``, if given)."""
    chain = chain or MapChain()
    # 1. placeholders -> one mark each (every syntax opens with one of ``_OPENERS``: a text
    # without them, most drafts, is not searched)
    found: list[tuple[int, int, str, str]] = []
    if any(ch in text for ch in _OPENERS):
        for span, groups in _placeholders().groupiter(text):
            raw = text[span.start : span.end]
            found.append((span.start, span.end, raw, _placeholder_key(raw, groups)))
    view = text
    if found:
        view, m = transform(text, [(a, b) for a, b, _, _ in found], lambda a, b: PLACEHOLDER_MARK)
        chain = chain.then(m)
    # 2. HTML entities
    if "&" in view:
        import html  # its table of entity names is large; most drafts have no "&"

        view, chain = _step(view, chain, _ENTITY, html.unescape)
    if not view.isascii():
        # 3. invisible characters, 4. compatibility forms, 5. look-alike letters; a step that
        # would change none of the characters beyond ASCII there are is not run
        before, there = view, beyond_ascii(view)
        view, chain = _each(view, chain, there & _invisibles(), lambda c: "")
        view, chain = _each(view, chain, [c for c in there if _fold_char(c) != c], _fold_char)
        if view is not before:
            there = beyond_ascii(view)
        table = lookalikes.table()
        present = [c for c in there if c in table]
        if present:  # else no word can change
            view, m = lookalikes.unconfuse(view, present)
            chain = chain.then(m)
    # 6. spaced-out addresses ("h e l p @ s h o p . c o . u k"), then spaced-out letters
    view, chain = _step(view, chain, _SPACED_ADDRESS, lambda s: s.replace(" ", ""), gated=True)
    view, chain = _step(view, chain, _SPACED, _join_spaced, gated=True)
    # placeholder positions in the final view
    marks: list[Placeholder] = []
    pos = -1
    for _, _, raw, key in found:
        pos = view.find(PLACEHOLDER_MARK, pos + 1)
        if pos < 0:
            break
        marks.append(Placeholder(pos, raw, key))
    return view, chain, tuple(marks)

"""Hostile text for the property and output-safety tests: fragments that stress the
normaliser and the reporters, a strategy mixing them with arbitrary Unicode (lone surrogates
included), and the check that nothing unsafe reaches a terminal."""
from __future__ import annotations

import os

from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("BUYERLINT_EXAMPLES", "150"))  # raise it to hunt for bugs
FRAGMENTS = [
    # words and disguises
    "PayPal", "p a y p a l", "P.a.y.P.a.l", "V-e-n-m-o", "P4yP4l", "P\u0430yP\u0430l", "\uff30\uff41\uff59",
    "\ufb01", "\u24c5", "\U0001d40f", "Ven\u200bmo", "Ven\u00admo", "\u202eevil\u202c", "\u2066x\u2069",
    "\u0301", "e\u0301", "\u0130", "\u00df", "\u01c5", "\u0390", "Спасибо", "Ευχαριστώ", "\u3000", "\ufe0f",
    # placeholders and markup
    "{{order_id}}", "{{ order.id }}", "[Order ID]", "#order_id#", "%%x%%", "{#", "#}", "{{", "}}", "[[x]]",
    "&amp;", "&#x1F600;", "&#0;", "&#xD800;", "&lt;b&gt;", "<p>", "</p>", "<a href='https://x.com'>", "<!--", "-->",
    "---\n", "Subject: ", "> ", '"', "you asked: ", "[bold red]", "[/]",
    # addresses and numbers
    " at ", " dot ", "@", "(at)", "[dot]", "www.", ".com", "https://", "bit.ly/x", "wa.me/44", "$cash",
    "112-1234567-1234567", "+44 20 7946 0958", "oh seven seven", "DE89 3704 0044 0532 0130 00", "4111 1111 1111 1111",
    "$19.99", "2024-03-01", "B07XJ8C8F5",
    # controls, line breaks, emoji, surrogates
    "\r\n", "\r", "\n", "\t", "\x0b", "\x0c", "\x1b[31m", "\x00", "\x85", "\u2028", "\x9b", "\x7f",
    "\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\ud800", "\udfff",
]
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=()), max_size=6)), max_size=24
).map("".join)
_UNSAFE = frozenset(
    [chr(c) for c in (*range(0, 9), *range(11, 32), 0x7F, *range(0x80, 0xA0))]
    + ["\u061c", "\u200e", "\u200f", *[chr(c) for c in range(0x202A, 0x202F)], *[chr(c) for c in range(0x2066, 0x206A)]]
    + ["\u2028", "\u2029"]
)


def assert_inert(text: str) -> None:
    """No escape sequence, other control character, bidi control or line separator other than
    LF reaches the terminal."""
    found = sorted({f"U+{ord(c):04X}" for c in text if c in _UNSAFE})
    assert not found, f"unsafe characters in output: {found}"

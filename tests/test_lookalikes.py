"""Look-alike letters are mapped back to Latin word by word, and only where a word holds one."""
from __future__ import annotations

import random

import pytest
import regex

from buyerlint import lookalikes
from buyerlint.offsets import OffsetMap, transform


@pytest.mark.parametrize(
    ("text", "view"),
    [
        pytest.param("Pay by PаyPаl now", "Pay by PayPal now", id="mixed-script-word"),
        pytest.param("Visit еВау today", "Visit eBay today", id="word-of-look-alikes-in-latin-text"),
        pytest.param("dоn’t", "don’t", id="word-with-a-curly-quote"),
        pytest.param("Zеlle😀 and Zеlle\ufffcx", "Zelle😀 and Zelle\ufffcx", id="next-to-an-emoji-and-a-mark"),
    ],
)
def test_changes(text: str, view: str) -> None:
    assert lookalikes.unconfuse(text)[0] == view


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Спасибо за заказ, посылка уже в пути", id="cyrillic-text"),
        pytest.param("Thanks for your order’s review", id="curly-quote-only"),
        pytest.param("Café crème, naïve résumé", id="accents-that-look-like-nothing-else"),
    ],
)
def test_does_not_change(text: str) -> None:
    view, offsets = lookalikes.unconfuse(text)
    assert view == text and offsets == OffsetMap()


def _word_by_word(text: str) -> tuple[str, OffsetMap]:
    """The whole text, every word with a non-ASCII character: what ``unconfuse`` must equal."""
    latin = lookalikes.mostly_latin(text)
    spans = [m.span() for m in regex.finditer(r"[\p{L}\p{N}]*[^\x00-\x7f\ufffc][\p{L}\p{N}]*", text)]
    return transform(text, spans, lambda a, b: lookalikes._unconfuse(text[a:b], lambda: latin))


def test_stretches_give_what_the_whole_text_gives() -> None:
    pieces = ["pay", "Pal", "а", "е", "В", "у", "о", "р", "ο", "é", "’", "😀", "\ufffc", " ", ".", "-", "7", "٣",
              "Спасибо", "\u200b", "x"]
    rng = random.Random(5)
    changed = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        expected = _word_by_word(text)
        assert lookalikes.unconfuse(text) == expected, text
        changed += expected[0] != text
        letters = sum(map(str.isalpha, text))
        latin = sum(map(str.isalpha, text.encode("ascii", "ignore").decode("ascii")))
        assert lookalikes.mostly_latin(text) is (letters > 0 and latin >= 0.6 * letters), text
    assert changed > 500


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        pytest.param("Hello there", True, id="ascii"),
        pytest.param("Спасибо, Maria", False, id="mostly-cyrillic"),
        pytest.param("Thank you, Мария", True, id="mostly-latin"),
        pytest.param("12 345 !", False, id="no-letters"),
    ],
)
def test_mostly_latin(text: str, latin: bool) -> None:
    assert lookalikes.mostly_latin(text) is latin

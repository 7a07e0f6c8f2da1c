from __future__ import annotations

import random
import re

import pytest

from buyerlint import checksums, digitruns, entities
from buyerlint.document import parse
from buyerlint.entities import emails, host_in, links, phones


def _emails(text: str) -> list[str]:
    doc = parse("t", text)
    return [doc.view[a:b] for a, b, _ in emails(doc.view)]


def _phones(text: str) -> list[str]:
    doc = parse("t", text)
    return [doc.view[a:b] for a, b, _ in phones(doc.view)]


def _hosts(text: str) -> list[str]:
    doc = parse("t", text)
    return [link.host for link in links(doc.view)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("email us at help@bright-lamp.com.", "help@bright-lamp.com", id="plain"),
        pytest.param('<a href="mailto:studio@cask.co.uk">', "studio@cask.co.uk", id="mailto"),
        pytest.param("write to lamp (at) gmail (dot) com", "lamp (at) gmail (dot) com", id="brackets"),
        pytest.param("send to care at brightlamp dot co dot uk", "care at brightlamp dot co dot uk", id="words"),
        pytest.param("b r i g h t @ g m a i l . c o m", "bright@gmail.com", id="spaced"),
        pytest.param("mail h e l p @ v o l t . c o . u k now", "help@volt.co.uk", id="spaced-two-letter-labels"),
        pytest.param("ping lamp at gmail.com", "lamp at gmail.com", id="webmail-with-at"),
        pytest.param("help[at]lamp[dot]com", "help[at]lamp[dot]com", id="square-brackets"),
    ],
)
def test_flags_email(text: str, found: str) -> None:
    assert _emails(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Please look at the manual at page 4.", id="plain-at"),
        pytest.param("Look at amazon.com for the return.", id="at-a-domain"),
        pytest.param("2 @ €19.90 plus VAT", id="price-at"),
        pytest.param("five st@rs", id="leet-at"),
        pytest.param("Hi {{buyer_email}}", id="placeholder"),
    ],
)
def test_does_not_flag_email(text: str) -> None:
    assert _emails(text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Call us on +1 415 555 0199 anytime.", id="international"),
        pytest.param("Tel: (312) 555-0186", id="parentheses"),
        pytest.param("WhatsApp: 4l5-555-Ol99", id="letter-swaps"),
        pytest.param("ring 0 2 0 7 9 4 6 0 5 1 2 today", id="spaced-digits"),
        pytest.param("Text four one five, five five five, zero one nine nine.", id="words"),
        pytest.param("mobile is oh seven seven double-oh, nine double-oh, four two one", id="oh-and-double"),
        pytest.param("call 4155550199 today", id="unformatted-with-cue"),
    ],
)
def test_flags_phone(text: str) -> None:
    assert len(_phones(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Your order 112-1234567-1234567 has a delay.", id="order-id"),
        pytest.param("Tracking number 1Z999AA10123456784 is active.", id="ups"),
        pytest.param("tracking 9400 1118 9922 3344 5566 77 at no charge", id="usps-spaced"),
        pytest.param("parcel number 15505018347261.", id="parcel-number"),
        pytest.param("under waybill 48210937765", id="waybill"),
        pytest.param("Ordered on 10/02/2025 for $349.00", id="date-and-price"),
        pytest.param("between 10:42 and 11:42", id="times"),
        pytest.param("ASIN B07QZ4HX1M, key PFS7-K2M4-9QXR-81TD", id="asin-and-key"),
        pytest.param("Regarding order #4471023: the hinge", id="short-order-number"),
        pytest.param("one or two days", id="number-words-in-prose"),
    ],
)
def test_does_not_flag_phone(text: str) -> None:
    assert _phones(text) == []


@pytest.mark.parametrize(
    ("text", "host"),
    [
        pytest.param("see https://brightlamp.com/setup.", "brightlamp.com", id="scheme"),
        pytest.param("www.brightlamp.co.uk | hi", "www.brightlamp.co.uk", id="www"),
        pytest.param("guide at bit.ly/3xYz today", "bit.ly", id="shortener"),
        pytest.param("use code X at brightlamp.com.", "brightlamp.com", id="bare-after-at"),
        pytest.param("visit brightlamp dot com for more", "brightlamp.com", id="spelled"),
        pytest.param("at copper(dot)shop now", "copper.shop", id="bracketed-dot"),
        pytest.param("visit w w w . lamp . com / recipes", "www.lamp.com", id="spaced-www"),
        pytest.param("at amazon-returns-help.net today", "amazon-returns-help.net", id="look-alike"),
    ],
)
def test_flags_link(text: str, host: str) -> None:
    assert _hosts(text) == [host]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("email help@brightlamp.com", id="email-domain"),
        pytest.param("write to help at brightlamp dot com", id="spelled-email-domain"),
        pytest.param("The invoice is Invoice-2041.pdf and logo.png", id="file-names"),
        pytest.param("e.g. the lid; Mr. Hall; a.m.", id="abbreviations"),
        pytest.param("It costs $19.99 and 2.5 kg", id="numbers"),
    ],
)
def test_does_not_flag_link(text: str) -> None:
    assert _hosts(text) == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("www.amazon.com", True, id="subdomain"),
        pytest.param("amazon.com", True, id="exact"),
        pytest.param("amazon.com.evil.net", False, id="suffix-trick"),
        pytest.param("myamazon.com", False, id="prefix-trick"),
    ],
)
def test_host_in(host: str, expected: bool) -> None:
    assert host_in(host, ("amazon.com",)) is expected


def test_runs_that_are_one_order_id_are_not_searched_and_the_numbers_found_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A phone number inside a run of an order id's digits would overlap the order id, which
    leaves it out, and a card number there could only be the order id, which is never one;
    skipping such runs finds the same phones and cards, over random mixes of order ids, near
    misses, phone and card numbers, cues and number characters."""
    fragments = ["123-1234567-1234567", "D12-1234567-1234567", "1234-1234567-1234567", "123-1234567-12345678",
                 "402-7104656-3414839", "4111 1111 1111 1111", "4111111111111111",
                 " ", "-", "+", "(", ")", "O", "l", "0", "5", "555 0100", "07700 900123", "call ", "order ",
                 "\n", ".", "x", "\u0663", "#", "Tel: "]
    rng = random.Random(3)
    texts = ["".join(rng.choice(fragments) for _ in range(rng.randrange(1, 14))) for _ in range(6000)]

    def found() -> list[tuple[list[tuple[int, int, str]], list[tuple[int, int]]]]:
        return [(list(entities.phones(t)), list(checksums.numbers(t, "luhn"))) for t in texts]

    skipping = found()
    skipped = sum(digitruns._ONE_ORDER_ID.search(t) is not None for t in texts)
    monkeypatch.setattr(digitruns, "_ONE_ORDER_ID", re.compile(r"(?!)"))  # every run searched
    assert skipping == found()
    assert skipped > 1000
    assert sum(bool(phones) for phones, _ in skipping) > 500
    assert sum(bool(cards) for _, cards in skipping) > 500

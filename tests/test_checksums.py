"""IBANs and card numbers are found only when their checksum holds."""
from __future__ import annotations

import pytest

from buyerlint.checksums import card_number, iban_valid, luhn_valid, numbers


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("DE89 3704 0044 0532 0130 00", True, id="de-spaced"),
        pytest.param("DE89370400440532013000", True, id="de-unspaced"),
        pytest.param("de89 3704 0044 0532 0130 00", True, id="lower-case"),
        pytest.param("GB82 WEST 1234 5698 7654 32", True, id="gb-with-letters"),
        pytest.param("NL91 ABNA 0417 1643 00", True, id="nl"),
        pytest.param("DE89 3704 0044 0532 0130 01", False, id="wrong-checksum"),
        pytest.param("DE88 3704 0044 0532 0130 00", False, id="wrong-check-digits"),
        pytest.param("DE89 3704 0044 0532 0130 0", False, id="too-short-for-germany"),
        pytest.param("1289 3704 0044 0532 0130 00", False, id="no-country"),
    ],
)
def test_iban_mod_97(text: str, valid: bool) -> None:
    assert iban_valid(text) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("4111 1111 1111 1111", True, id="visa"),
        pytest.param("5555-5555-5555-4444", True, id="mastercard"),
        pytest.param("378282246310005", True, id="amex"),
        pytest.param("6011111111111117", True, id="discover"),
        pytest.param("4111 1111 1111 1112", False, id="luhn-fails"),
        pytest.param("7992 7398 7130 08", False, id="luhn-holds-but-no-card-prefix"),
        pytest.param("4111 1111 111", False, id="too-short"),
    ],
)
def test_card_numbers_need_luhn_and_a_network_prefix(text: str, valid: bool) -> None:
    assert card_number(text) is valid


def test_luhn_alone() -> None:
    assert luhn_valid("79927398713008")
    assert not luhn_valid("79927398713003")


@pytest.mark.parametrize(
    ("text", "check", "found"),
    [
        pytest.param("Pay to DE89 3704 0044 0532 0130 00 today.", "iban", ["DE89 3704 0044 0532 0130 00"], id="iban-in-text"),
        pytest.param("IBAN:GB82WEST12345698765432.", "iban", ["GB82WEST12345698765432"], id="iban-after-colon"),
        pytest.param("Pay to DE89 3704 0044 0532 0130 01 today.", "iban", [], id="iban-bad-checksum"),
        pytest.param("We ship to DE, AT and CH.", "iban", [], id="country-codes"),
        pytest.param("Card 4111 1111 1111 1111, thanks.", "luhn", ["4111 1111 1111 1111"], id="card-in-text"),
        pytest.param("Card 4111-1111-1111-1111.", "luhn", ["4111-1111-1111-1111"], id="card-hyphens"),
        pytest.param("Card \uff14\uff11\uff11\uff11 1111 1111 1111.", "luhn", ["4111 1111 1111 1111"], id="full-width-digits"),
        pytest.param("DHL 00340434 1188 2457 0093 is on its way.", "luhn", [], id="part-of-a-longer-number"),
        pytest.param("Tracking number 4111 1111 1111 1111 is in Leeds.", "luhn", [], id="after-tracking"),
        pytest.param("Invoice no. 4111111111111111 is attached.", "luhn", [], id="after-invoice"),
        pytest.param("Order 412-1111111-1111111 shipped.", "luhn", [], id="order-id"),
        pytest.param("Your parcel for 402-7104656-3414839 left today.", "luhn", [], id="order-id-that-passes-luhn"),
        pytest.param("(402-7104656-3414839) 4111 1111 1111 1111", "luhn", ["4111 1111 1111 1111"], id="card-after-an-order-id"),
        pytest.param("Card 4111 1111 1111 1112.", "luhn", [], id="card-bad-checksum"),
    ],
)
def test_numbers_in_text(text: str, check: str, found: list[str]) -> None:
    from buyerlint.document import parse

    doc = parse("t", text)
    assert [doc.view[a:b] for a, b in numbers(doc.view, check)] == found

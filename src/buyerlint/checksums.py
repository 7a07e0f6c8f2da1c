"""Numbers that carry a checksum: IBANs (ISO 13616, mod 97) and payment card numbers (Luhn).

A number is reported only when its checksum holds, so an order id, a tracking number or a
mistyped number is not taken for an account. Card numbers must also start like a card of a
major network and must not follow a word that names another kind of number ("tracking",
"order", "invoice" ...), and an Amazon order id (3-7-7 digits) is never one, whatever its
checksum says.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from buyerlint import digitruns
from buyerlint.patterns import Pattern, compile_pattern

CHECKS = ("iban", "luhn")
# IBAN lengths of countries whose buyers and sellers are most often on Amazon; other
# countries are checked by mod 97 and the general 15-34 length only.
_IBAN_LENGTH = {
    "AT": 20, "BE": 16, "CH": 21, "CZ": 24, "DE": 22, "DK": 18, "ES": 24, "FI": 18, "FR": 27,
    "GB": 22, "IE": 22, "IT": 27, "LU": 20, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "SE": 24,
}
# Issuer prefixes: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro
_CARD_PREFIX = (
    "4", "51", "52", "53", "54", "55", "22", "23", "24", "25", "26", "27", "34", "37", "6011", "644", "645",
    "646", "647", "648", "649", "65", "35", "300", "301", "302", "303", "304", "305", "36", "38", "39", "62",
    "50", "56", "57", "58", "63", "67",
)
_NOT_A_CARD = compile_pattern(
    r"\b(?:track\w*|parcel|shipment|consignment|waybill|sendungsnummer|reference|ref|invoice|order|serial|model|"
    r"isbn|ean|upc|asin|sku|imei|receipt|transaction|case|ticket|claim|rma)\b[^!?\n]{0,25}$"
)


@cache
def _iban_rx() -> Pattern:
    # country, check digits, then the account in groups of four (spaces optional), the last shorter
    return compile_pattern(
        r"(?<![\p{L}\p{N}])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]{4}){2,7}(?:[ ]?[a-z0-9]{1,4})?(?![\p{L}\p{N}])",
        gated=True,  # most drafts have no such run: its shadow says so faster than the search
    )


@cache
def _card_rx() -> Pattern:
    # 13 to 19 digits, in groups split by single spaces or hyphens, not part of a longer number
    return compile_pattern(r"(?<!\d[ \-]?)(?<![\p{L}\p{N}])\d(?:[ \-]?\d){12,18}(?![ \-]?\d)(?![\p{L}\p{N}])")


def iban_valid(text: str) -> bool:
    """True for a well-formed IBAN (spaces allowed) whose mod-97 check holds."""
    iban = text.replace(" ", "").upper()
    if not (15 <= len(iban) <= 34 and iban[:2].isalpha() and iban[2:4].isdigit() and iban.isalnum()):
        return False
    if _IBAN_LENGTH.get(iban[:2], len(iban)) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def luhn_valid(text: str) -> bool:
    """True for 13 to 19 digits (spaces and hyphens allowed) that pass the Luhn check."""
    digits = [int(ch) for ch in text if ch.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_number(text: str) -> bool:
    """A Luhn-valid number that starts like a card of a major network."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits.startswith(_CARD_PREFIX) and luhn_valid(digits)


def numbers(view: str, check: str, runs: digitruns.Runs | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every number in ``view`` that passes ``check`` ("iban" or "luhn");
    ``runs``: ``digitruns.beyond_order_ids(view)``, when already known."""
    if check == "iban":
        for span in _iban_rx().finditer(view):
            if iban_valid(view[span.start : span.end]):
                yield span.start, span.end
        return
    usable = digitruns.beyond_order_ids(view) if runs is None else runs
    for span in digitruns.search_runs(_card_rx(), view, 13, usable):  # 13 to 19 digits
        number = view[span.start : span.end]
        if digitruns.is_order_id(number) or not card_number(number):
            continue
        if _NOT_A_CARD.search(view[max(0, span.start - 40) : span.start]) is not None:
            continue
        yield span.start, span.end

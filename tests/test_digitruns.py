"""Runs of number characters: the phone and card detectors search only there and find what a
search of the whole view finds."""
from __future__ import annotations

import random

import pytest

from buyerlint import checksums, digitruns, engine, entities, formats, kinds
from buyerlint.patterns import Pattern
from buyerlint.rule import Rule


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        pytest.param("Ring us: +44 (0) 20 7946 0958 today", [" +44 (0) 20 7946 0958 "], id="phone-with-prefix-and-brackets"),
        pytest.param("Order 123-4567890-1234567.", [" 123-4567890-1234567."], id="order-id"),
        pytest.param("ring O7O 1234 5678", [" O7O 1234 5678"], id="letters-for-digits-start-the-run"),
        pytest.param("12345", ["12345"], id="whole-text"),
        pytest.param("a \u0663\u0664\u0665\u0666\u0667 b", [" \u0663\u0664\u0665\u0666\u0667 "], id="other-scripts-digits"),
    ],
)
def test_a_run_goes_as_far_as_number_characters_go(text: str, runs: list[str]) -> None:
    assert [text[a:b] for a, b, _ in digitruns.runs(text)] == runs


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Price $12.99, qty 2, size 10.", id="prices-and-quantities"),
        pytest.param("Call 1234x5678", id="a-letter-splits-the-digits"),
        pytest.param("on 2024", id="four-digits"),
        pytest.param("", id="empty"),
    ],
)
def test_no_run_with_fewer_than_five_digits(text: str) -> None:
    assert digitruns.runs(text) == ()


def test_an_ascii_text_is_searched_with_ascii_digits_to_the_same_runs() -> None:
    rng = random.Random(5)
    alphabet = ["1", "23", "4567", " ", "-", "(", ")", "+", "O", "l", "a", ".", "\n", "x9"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(3000)]
    ascii_run, unicode_run = digitruns._compiled(True)[1], digitruns._compiled(False)[1]
    for text in texts:
        assert [m.span() for m in ascii_run.finditer(text)] == [m.span() for m in unicode_run.finditer(text)], text
    assert sum(bool(digitruns.runs(text)) for text in texts) > 300  # runs are found


def test_the_detectors_of_one_document_find_its_runs_once(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    detectors = [r for r in bundled_rules if isinstance(r.kind, (kinds.PhoneKind, kinds.NumberKind))]
    assert {type(r.kind) for r in detectors} == {kinds.PhoneKind, kinds.NumberKind}
    asked: list[str] = []
    found = digitruns.runs
    monkeypatch.setattr(digitruns, "runs", lambda view: asked.append(view) or found(view))
    text = "Ring 0161 496 0000 or pay with 4111 1111 1111 1111."
    hits = engine.lint(formats.load("t.txt", text), detectors)
    assert {f.rule for f in hits} >= {"contact.phone-number", "content.card-number"}
    assert len(asked) == 1


# number characters, their look-around neighbours and a few others; for cards, mostly digits
_PHONE = list("0123456789 -+().O0lI|/_\u2013\u00b7\u2022\n\t\u00a0\u0663\u0664x,:$ab")
_CARD = [*"0123456789" * 6, " ", " ", "-", "-", "x", "\u0663", ".", "\n"]


def _texts(count: int, seed: int, alphabet: list[str]) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(5, 60))) for _ in range(count)]


def _digits(text: str, span: object) -> int:
    start, end = span  # type: ignore[misc]
    return sum(ch.isdigit() for ch in text[start:end])


@pytest.mark.parametrize(
    ("pattern", "digits", "alphabet"),
    [
        pytest.param(entities._numeric_rx(), 5, _PHONE, id="phone-number"),
        pytest.param(checksums._card_rx(), 13, _CARD, id="card-number"),
    ],
)
def test_searching_runs_finds_every_match_a_whole_search_finds(pattern: Pattern, digits: int, alphabet: list[str]) -> None:
    """Every match with the digits a detector needs, over random texts of number characters
    (prices, brackets, letters for digits, other scripts' digits, look-around neighbours)."""
    found = 0
    for text in _texts(6000, 7, alphabet):
        whole = [s for s in pattern.finditer(text) if _digits(text, s) >= digits]
        runs = [s for s in digitruns.search_runs(pattern, text, digits) if _digits(text, s) >= digits]
        assert runs == whole, text
        found += len(whole)
    assert found > 100


def test_detectors_find_numbers_next_to_letters_and_punctuation() -> None:
    text = "Call 0161 496 0000, or 4111 1111 1111 1111. Ref 123-4567890-1234567x"
    assert [text[a:b] for a, b, _ in entities.phones(text)] == ["0161 496 0000"]
    assert [text[a:b] for a, b in checksums.numbers(text, "luhn")] == ["4111 1111 1111 1111"]

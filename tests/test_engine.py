from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import api, engine, formats, kinds
from buyerlint.models import Severity
from buyerlint.rule import Rule

DEMO = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")


@pytest.fixture(scope="module")
def demo() -> tuple[Rule, ...]:
    return api.load_rules([DEMO])


def _rules(text: str, rules: tuple[Rule, ...]) -> list[str]:
    return [f.rule for f in api.lint_text(text, rules)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("Refund by PayPal. Order 112-1234567-1234567", "demo.paypal", id="forbid-term"),
        pytest.param("Refund by P4yP4l. Order 112-1234567-1234567", "demo.paypal", id="forbid-digit-swap"),
        pytest.param("We send a gift card. Order {{ order.id }}", "demo.gift-code", id="near-same-sentence"),
        pytest.param("Hello there.", "demo.order-id", id="require-missing"),
    ],
)
def test_flags(text: str, rule: str, demo: tuple[Rule, ...]) -> None:
    assert rule in _rules(text, demo)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("We can't refund by PayPal.", "demo.paypal", id="unless-in-sentence"),
        pytest.param("Gift card ideas. We will send it Monday.", "demo.gift-code", id="near-other-sentence"),
        pytest.param("We refund your gift card balance.", "demo.gift-code", id="exception-overlaps"),
        pytest.param("Order {{order_id}}", "demo.order-id", id="require-placeholder"),
        pytest.param("Order [Order Number]", "demo.order-id", id="require-bracket-placeholder"),
        pytest.param("Order 112-1234567-1234567", "demo.order-id", id="require-pattern"),
        pytest.param("Hi {{paypal_email}}, order {{order_id}}", "demo.paypal", id="placeholder-never-matches"),
    ],
)
def test_does_not_flag(text: str, rule: str, demo: tuple[Rule, ...]) -> None:
    assert rule not in _rules(text, demo)


def test_unless_only_looks_at_the_matching_sentence(demo: tuple[Rule, ...]) -> None:
    text = "We can't ship today. We will refund you by PayPal."
    assert "demo.paypal" in _rules(text, demo)


def test_finding_is_located_in_the_original_text(demo: tuple[Rule, ...]) -> None:
    text = "Hi {{name}},\r\nwe pay by P\u0430y\u200bPal.\r\nOrder 112-1234567-1234567"
    (f,) = [f for f in api.lint_text(text, demo) if f.rule == "demo.paypal"]
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 11, 2, 18)
    assert f.match == "P\u0430y\u200bPal"
    assert text[f.start : f.end] == f.match
    assert "disguised" in f.message
    assert f.severity is Severity.ERROR


def test_require_finding_sits_at_the_top(demo: tuple[Rule, ...]) -> None:
    (f,) = [f for f in api.lint_text("Hello.", demo) if f.rule == "demo.order-id"]
    assert (f.line, f.column, f.match, f.severity) == (1, 1, "", Severity.WARNING)


def test_findings_are_sorted_by_position(demo: tuple[Rule, ...]) -> None:
    findings = api.lint_text("Mail a@b.com!! Or PayPal.", demo)
    assert [f.start for f in findings] == sorted(f.start for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('Order 112-1234567-1234567. You asked: "Can I pay by PayPal?" Sorry, no.', id="you-asked"),
        pytest.param("Order 112-1234567-1234567\n> Can I pay by PayPal?\nSorry, no.", id="quoted-line"),
    ],
)
def test_the_buyers_quoted_words_are_info_only(text: str, demo: tuple[Rule, ...]) -> None:
    (f,) = [f for f in api.lint_text(text, demo) if f.rule == "demo.paypal"]
    assert f.severity is Severity.INFO
    assert "quoted from the buyer" in f.message


def test_quotes_of_the_sellers_own_words_still_count(demo: tuple[Rule, ...]) -> None:
    text = 'Order 112-1234567-1234567. Our offer: "we refund by PayPal".'
    (f,) = [f for f in api.lint_text(text, demo) if f.rule == "demo.paypal"]
    assert f.severity is Severity.ERROR


_REQUIRE_TWO = r"""name: req
version: "1"
description: A require rule whose patterns are two branches.
rules:
  - id: ref
    kind: require
    category: missing-order-id
    severity: warning
    patterns: ['\b\d{3}-\d{7}-\d{7}\b', 'order\s+ref\s+[A-Z]{4}\d{4}']
    message: No order reference.
    help: Add the order id or the order ref.
    policy: https://example.com/order-id
    examples:
      fail: ["Hello there."]
      pass: ["Order 112-1234567-1234567.", "Your order ref ABCD1234 ships today."]
"""


@pytest.fixture(scope="module")
def require_two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rule, ...]:
    path = tmp_path_factory.mktemp("req") / "req.yaml"
    path.write_text(_REQUIRE_TWO, encoding="utf-8")
    return api.load_rules([str(path)])


def test_a_require_pattern_of_branches_is_kept_as_branches(require_two: tuple[Rule, ...]) -> None:
    (rule,) = require_two
    assert isinstance(rule.kind, kinds.Require)
    assert len(rule.kind.parts) == 2
    assert all(branch.keywords for branch in rule.kind.parts)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        pytest.param("Hello there.", True, id="neither-branch"),
        pytest.param("Order 112-1234567-1234567.", False, id="first-branch"),
        pytest.param("Your order ref ABCD1234 ships today.", False, id="second-branch-only"),
        pytest.param("Your order ref ships today, id 112-1234567.", True, id="keywords-without-a-match"),
    ],
)
def test_a_require_rule_searches_its_branches_with_and_without_the_prefilter(
    require_two: tuple[Rule, ...], text: str, flagged: bool
) -> None:
    doc = formats.load("t.txt", text)
    fast = engine.lint(doc, require_two)
    slow = engine.lint(formats.load("t.txt", text), require_two, use_prefilter=False)
    assert fast == slow
    assert bool(fast) is flagged

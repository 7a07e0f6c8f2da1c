from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import api, batch
from buyerlint.rule import Rule

DEMO = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")


@pytest.fixture(scope="module")
def demo() -> tuple[Rule, ...]:
    return api.load_rules([DEMO])


def _lint(name: str, text: str, rules: tuple[Rule, ...], tmp_path: Path) -> tuple[list[str], tuple[str, ...]]:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    (result,) = api.lint_paths([str(p)], rules)
    return [f"{f.rule}@{f.line}" for f in result.findings], result.notes


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("t.txt.j2", "{# buyerlint: ignore demo.paypal -- quoting the buyer #}\nWe refund by PayPal.",
                     id="jinja-comment-alone-covers-next-line"),
        pytest.param("t.j2", "We refund by PayPal. {# buyerlint: ignore demo.paypal -- quoting #}",
                     id="jinja-comment-same-line"),
        pytest.param("t.hbs", "{{!-- buyerlint: ignore demo -- whole pack, reviewed --}}\n\nWe refund by PayPal.",
                     id="handlebars-pack-selector-skips-blank-lines"),
        pytest.param("t.mustache", "{{! buyerlint: ignore payment-outside-amazon -- reviewed }}\nWe refund by PayPal.",
                     id="mustache-category-selector"),
        pytest.param("t.liquid", "{% comment %} buyerlint: ignore demo.paypal -- ok {% endcomment %}\nWe refund by PayPal.",
                     id="liquid-comment"),
        pytest.param("t.html", "<!-- buyerlint: ignore-file demo.paypal -- legal approved -->\n<p>x</p>\n<p>PayPal</p>",
                     id="html-comment-whole-file"),
    ],
)
def test_suppressed(name: str, text: str, demo: tuple[Rule, ...], tmp_path: Path) -> None:
    found, notes = _lint(name, "Order 112-1234567-1234567\n" + text, demo, tmp_path)
    assert not [f for f in found if f.startswith("demo.paypal")]
    assert notes == ()


def test_suppression_covers_only_its_line(demo: tuple[Rule, ...], tmp_path: Path) -> None:
    text = "Order 112-1234567-1234567\n{# buyerlint: ignore demo.paypal -- ok #}\nPayPal once.\nPayPal twice."
    found, _ = _lint("t.j2", text, demo, tmp_path)
    assert found == ["demo.paypal@4"]


def test_unused_suppression_is_reported(demo: tuple[Rule, ...], tmp_path: Path) -> None:
    text = "Order 112-1234567-1234567\n{# buyerlint: ignore demo.email -- old address #}\nNothing here."
    _, notes = _lint("t.j2", text, demo, tmp_path)
    assert notes == ("line 2: unused suppression of demo.email",)


def test_suppression_needs_a_reason(demo: tuple[Rule, ...], tmp_path: Path) -> None:
    text = "Order 112-1234567-1234567\n{# buyerlint: ignore demo.paypal #}\nPayPal."
    found, notes = _lint("t.j2", text, demo, tmp_path)
    assert found == ["demo.paypal@3"]
    assert notes == ("line 2: suppression without a reason (add '-- why') is ignored",)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("{# buyerlint: ignore demo.paypal -- x #}\nPayPal", id="jinja-in-txt"),
        pytest.param("<!-- buyerlint: ignore demo.paypal -- x -->\nPayPal", id="html-comment-in-txt"),
    ],
)
def test_plain_text_comments_are_never_honoured(text: str, demo: tuple[Rule, ...], tmp_path: Path) -> None:
    found, notes = _lint("t.txt", "Order 112-1234567-1234567\n" + text, demo, tmp_path)
    assert "demo.paypal@3" in found
    assert notes and "plain-text drafts" in notes[0]


def test_the_linter_looks_for_suppressions_by_the_mark_every_directive_has() -> None:
    from buyerlint import suppress

    # api skips importing suppress for a draft without this mark, so the two must agree
    assert batch.SUPPRESSION_MARK == suppress.MARK
    assert suppress.scan("t.j2", "{# buyerlint: ignore payment -- quoted #}")[0].selectors == ("payment",)

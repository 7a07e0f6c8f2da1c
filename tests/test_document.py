from __future__ import annotations

import pytest

from buyerlint import keywords, views
from buyerlint.document import PLACEHOLDER_MARK, is_invisible, parse


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        pytest.param("{{order_id}}", "orderid", id="mustache"),
        pytest.param("{{ order.id }}", "orderid", id="jinja-dotted"),
        pytest.param("{{ order.id | upper }}", "orderid", id="jinja-filter"),
        pytest.param("[[order-id]]", "orderid", id="double-bracket"),
        pytest.param("[[feedback-link:leave feedback]]", "feedbacklink", id="double-bracket-link-text"),
        pytest.param("${order.order_id}", "orderorderid", id="dollar-brace"),
        pytest.param("#order_id#", "orderid", id="hash"),
        pytest.param("%%order_id%%", "orderid", id="double-percent"),
        pytest.param("{order_id}", "orderid", id="single-brace"),
        pytest.param("{$OrderId}", "orderid", id="brace-dollar"),
        pytest.param("[Order ID]", "orderid", id="bracket-words"),
        pytest.param("[ORDER NUMBER]", "ordernumber", id="bracket-caps"),
        pytest.param("[%ORDER_ID%]", "orderid", id="bracket-percent"),
        pytest.param("*|FNAME|*", "fname", id="merge-tag"),
        pytest.param("<%= order.id %>", "orderid", id="erb"),
    ],
)
def test_placeholders_are_masked_and_named(raw: str, key: str) -> None:
    doc = parse("t", f"About {raw}, thanks.")
    assert doc.view == f"About {PLACEHOLDER_MARK}, thanks."
    assert [p.key for p in doc.placeholders] == [key]
    assert [p.raw for p in doc.placeholders] == [raw]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[Important] Please confirm", id="subject-tag"),
        pytest.param("Order #4471023 is late", id="order-number-hash"),
        pytest.param("color: #f0f; width: 100%", id="css"),
    ],
)
def test_ordinary_text_is_not_a_placeholder(text: str) -> None:
    doc = parse("t", text)
    assert doc.view == text
    assert doc.placeholders == ()


@pytest.mark.parametrize(
    ("text", "view"),
    [
        pytest.param("p a y p a l", "paypal", id="spaced"),
        pytest.param("W.e.C.h.a.t", "WeChat", id="dotted"),
        pytest.param("V-e-n-m-o", "Venmo", id="hyphenated"),
        pytest.param("P\u0430yP\u0430l", "PayPal", id="cyrillic-a"),
        pytest.param("\uff30\uff41\uff59\uff30\uff41\uff4c", "PayPal", id="full-width"),
        pytest.param("Ven\u200bmo", "Venmo", id="zero-width-space"),
        pytest.param("Ven\u00admo", "Venmo", id="soft-hyphen"),
        pytest.param("Q&amp;A", "Q&A", id="html-entity"),
        pytest.param("V\u180be\u206fn\ufe0em\ufeffo", "Venmo", id="invisible-at-the-ends-of-their-ranges"),
        pytest.param("caf\u00e9 \u2113ink", "caf\u00e9 link", id="only-a-compatibility-form-changes"),
    ],
)
def test_disguises_are_undone_in_the_view(text: str, view: str) -> None:
    assert parse("t", text).view == view


def test_the_invisible_characters_are_those_of_the_class() -> None:
    """The view looks for invisible characters only in drafts that have one of them."""
    every = {chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF and is_invisible(chr(c))}
    assert every == views._invisibles()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Спасибо за заказ", id="cyrillic-words"),
        pytest.param("Ça va? Don\u2019t worry, the café is open.", id="accents-and-a-curly-apostrophe"),
        pytest.param("Thanks \U0001f600 see you", id="an-emoji"),
    ],
)
def test_real_non_latin_text_is_kept(text: str) -> None:
    doc = parse("t", text)
    assert (doc.view, doc.chain.maps) == (text, ())


def test_view_spans_map_back_to_original_characters() -> None:
    text = "Hi {{name}}, pay by P\u0430y\u200bPal now"
    doc = parse("t", text)
    i = doc.view.index("PayPal")
    start, end = doc.original_span(i, i + 6)
    assert text[start:end] == "P\u0430y\u200bPal"


@pytest.mark.parametrize(
    ("text", "offset", "line_col"),
    [
        pytest.param("a\nbc", 3, (2, 2), id="lf"),
        pytest.param("a\r\nbc", 4, (2, 2), id="crlf"),
        pytest.param("a\rbc", 3, (2, 2), id="lone-cr"),
        pytest.param("héllo", 4, (1, 5), id="columns-count-characters"),
    ],
)
def test_line_and_column(text: str, offset: int, line_col: tuple[int, int]) -> None:
    assert parse("t", text).line_col(offset) == line_col


@pytest.mark.parametrize("ends", [pytest.param("\n", id="lf-only"), pytest.param("\r\n", id="crlf")])
def test_lines_start_after_each_line_break(ends: str) -> None:
    lines = ["Hello,", "", "your order ships today.", "Thanks", ""]
    text = ends.join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + len(ends))
    assert parse("t", text).line_starts == tuple(starts)


def test_lines_and_quotes_are_worked_out_when_first_asked() -> None:
    doc = parse("t", 'Hi,\nyou asked: "can I pay by PayPal?"\nNo.')
    assert doc.memo == {}
    assert doc.line_col(5) == (2, 2)
    assert doc.in_quote(doc.view.index("PayPal"))
    assert doc.memo  # kept for the next finding


def test_sentences_split_at_punctuation_lines_and_block_tags() -> None:
    doc = parse("t", "Hello Mr. Smith. Thanks!\nNext line\ncontinues here.<p>Para</p>")
    parts = [doc.view[a:b].strip() for a, b in doc.sentences()]
    assert parts == ["Hello Mr. Smith.", "Thanks!", "Next line\ncontinues here.<p>", "Para</p>"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        pytest.param("Thanks! ---- ! Bye now.", ["Thanks! ---- !", "Bye now."], id="a-row-of-dashes-joins-the-sentence-before"),
        pytest.param("Paid. A 1. Bye.", ["Paid. A 1.", "Bye."], id="one-letter-is-no-word"),
        pytest.param("Paid. 12 34. Ok.", ["Paid. 12 34.", "Ok."], id="digits-are-no-word"),
        pytest.param("Paid. Ok. Go.", ["Paid.", "Ok.", "Go."], id="two-letters-are-a-word"),
        pytest.param("Paid. é ü. Bye.", ["Paid. é ü.", "Bye."], id="letters-apart-are-no-word"),
        pytest.param("Paid. Ça va. Bye.", ["Paid.", "Ça va.", "Bye."], id="non-ascii-letters-make-a-word"),
    ],
)
def test_a_sentence_without_a_word_belongs_to_the_one_before(text: str, parts: list[str]) -> None:
    doc = parse("t", text)
    assert [doc.view[a:b].strip() for a, b in doc.sentences()] == parts


@pytest.mark.parametrize("source", views._PLACEHOLDERS)
def test_every_placeholder_syntax_opens_with_one_of_the_characters_checked_first(source: str) -> None:
    tree = keywords.parse(source)
    assert tree is not None, source
    first = next((op, av) for op, av in tree if op not in (keywords._c.AT, keywords._c.ASSERT, keywords._c.ASSERT_NOT))
    assert first[0] is keywords._c.LITERAL and chr(first[1]) in views._OPENERS, source


def test_a_draft_without_an_opening_character_has_no_placeholder() -> None:
    assert parse("t", "Hello Maria, your order ships today. Thanks!").placeholders == ()
    assert [p.key for p in parse("t", "Hello {{name}}, order %order_id%").placeholders] == ["name", "orderid"]


def test_a_document_works_a_value_out_once_per_key() -> None:
    doc = parse("t", "Hello.")
    calls: list[str] = []

    def compute(value: tuple[int, ...]) -> tuple[int, ...]:
        calls.append("x")
        return value

    assert doc.remembered("empty", lambda: compute(())) == ()
    assert doc.remembered("empty", lambda: compute((1,))) == ()  # an empty answer is kept too
    assert doc.remembered("other", lambda: compute((2,))) == (2,)
    assert calls == ["x", "x"]

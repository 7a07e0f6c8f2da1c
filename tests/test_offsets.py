from __future__ import annotations

import pytest

from buyerlint.offsets import MapChain, positions, transform


def test_identity_when_nothing_changes() -> None:
    text, m = transform("abc", [(0, 1)], lambda a, b: "a")
    assert text == "abc"
    assert not m.edits


@pytest.mark.parametrize(
    ("spans", "repl", "expected_view"),
    [
        pytest.param([(3, 4)], "", "Venmo", id="deletion"),
        pytest.param([(0, 3)], "X", "X\u200bmo", id="shrink"),
        pytest.param([(3, 4)], "--", "Ven--mo", id="grow"),
    ],
)
def test_spans_map_back_to_the_source(spans: list[tuple[int, int]], repl: str, expected_view: str) -> None:
    source = "Ven\u200bmo"
    view, m = transform(source, spans, lambda a, b: repl)
    assert view == expected_view
    assert m.start(0) == 0
    assert m.end(len(view)) == len(source)


def test_match_after_a_deletion_includes_the_deleted_character() -> None:
    _view, m = transform("Ven\u200bmo", [(3, 4)], lambda a, b: "")
    assert (m.start(0), m.end(5)) == (0, 6)
    assert (m.start(0), m.end(3)) == (0, 3)


def test_chained_maps_compose() -> None:
    source = "a {{x}} b\u200bc"
    v1, m1 = transform(source, [(2, 7)], lambda a, b: "#")
    v2, m2 = transform(v1, [(v1.index("\u200b"), v1.index("\u200b") + 1)], lambda a, b: "")
    chain = MapChain().then(m1).then(m2)
    assert v2 == "a # bc"
    i = v2.index("bc")
    assert source[chain.start(i) : chain.end(i + 2)] == "b\u200bc"
    assert source[chain.start(2) : chain.end(3)] == "{{x}}"


def test_a_span_is_copied_when_no_edit_lies_in_it_or_at_its_edges() -> None:
    text = "ab\u200bcd PLACE xy"
    view1, m1 = transform(text, [(2, 3)], lambda a, b: "")  # the invisible character dropped
    view2, m2 = transform(view1, [(5, 10)], lambda a, b: "\ufffc")  # a placeholder
    chain = MapChain((m1, m2))
    assert view2 == "abcd \ufffc xy"
    copied = {(a, b) for a in range(len(view2)) for b in range(a + 1, len(view2) + 1) if chain.copied_span(a, b)}
    for a in range(len(view2)):
        for b in range(a + 1, len(view2) + 1):
            every_char_copied = all(chain.copied(i) is not None for i in range(a, b))
            in_one_stretch = chain.end(b) - chain.start(a) == b - a
            if (a, b) in copied:
                assert every_char_copied and in_one_stretch, (a, b)
    assert (7, 9) in copied and (0, 1) in copied  # "xy", "a"
    assert (0, 2) not in copied and (0, 3) not in copied  # a deletion at the edge, or inside
    assert (4, 7) not in copied  # the placeholder
    assert chain.copied_span(0, 2, first=1)  # the first map left out
    assert chain.copied_span(1, 4, first=1) and not chain.copied_span(1, 4)


@pytest.mark.parametrize(
    ("text", "chars", "found"),
    [
        pytest.param("a\u2113b\u00d7c\u2113", ["\u2113", "\u00d7"], [1, 3, 5], id="in-order-whatever-the-order-asked"),
        pytest.param("\u2113\u2113", ["\u2113"], [0, 1], id="side-by-side"),
        pytest.param("abc", ["\u2113"], [], id="none"),
        pytest.param("abc", [], [], id="nothing-asked"),
    ],
)
def test_positions_lists_where_each_character_is(text: str, chars: list[str], found: list[int]) -> None:
    assert positions(text, chars) == found

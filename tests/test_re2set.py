"""RE2 sets scan texts padded with newlines where the shadows' edges allow it (see ``re2set``)."""
from __future__ import annotations

import random

import pytest

from buyerlint import re2set, shadow

re2 = pytest.importorskip("re2")

_NOT_A_LETTER = r"[\x{0}-\x{40}\x{5b}-\x{60}\x{7b}-\x{10FFFF}]"
_NOT_A_SPACE = r"[\x{21}-\x{10FFFF}]"  # no newline in it
EDGED = [
    re2set.EDGE.format(_NOT_A_LETTER) + "cat" + re2set.EDGE.format(_NOT_A_LETTER),
    re2set.EDGE.format(_NOT_A_LETTER) + re2set.EDGE.format(_NOT_A_LETTER) + "a",  # two edges in a row
    "dog" + re2set.EDGE.format(_NOT_A_LETTER) + re2set.EDGE.format(_NOT_A_LETTER),
    r"\bzebra\b",
    "b" + re2set.EDGE.format(_NOT_A_LETTER),
]


def test_edges_are_written_as_their_classes_with_a_newline_for_each_edge_a_pattern_has() -> None:
    written, pad = re2set._unanchored(EDGED)
    assert pad == "\n\n"
    assert written[0] == f"{_NOT_A_LETTER}cat{_NOT_A_LETTER}"
    assert written[3] == r"\bzebra\b"


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param([re2set.EDGE.format(_NOT_A_SPACE) + "cat"], id="an-edge-class-without-a-newline"),
        pytest.param([re2set.EDGE.format(_NOT_A_LETTER) + "cat", "^dog"], id="another-anchor"),
        pytest.param([re2set.EDGE.format(_NOT_A_LETTER) + "cat", r"dog\z"], id="another-anchor-at-the-end"),
    ],
)
def test_patterns_are_kept_as_they_are_where_padding_could_lose_a_match(patterns: list[str]) -> None:
    assert re2set._unanchored(patterns) == (patterns, "")


def test_a_padded_scan_finds_every_pattern_that_matches_the_text_itself() -> None:
    scan = re2set.compile_set(EDGED)
    assert scan is not None
    singles = [re2.compile(p) for p in EDGED]
    rng = random.Random(7)
    texts = ["".join(rng.choice(["cat", "a", "b", "dog", "zebra", " ", "\n", "x", "-", "\u00e9"])
                     for _ in range(rng.randrange(0, 6))) for _ in range(4000)]
    matched = 0
    for text in texts:
        expected = frozenset(i for i, rx in enumerate(singles) if rx.search(text) is not None)
        assert scan(text) == expected, text
        matched += bool(expected)
    assert matched > 1000


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param(r"(?<![a-z])cat(?![a-z])", "cat", id="word-is-the-whole-text"),
        pytest.param(r"(?<![a-z])cat(?![a-z])", "a cat", id="word-at-the-end"),
        pytest.param(r"(?<![a-z])cat(?![a-z])", "cat!", id="word-at-the-start"),
        pytest.param(r"(?<![\p{L}\p{N}])\p{L}(?: \p{L}){2,}(?![\p{L}\p{N}])", "p a y", id="spaced-letters"),
    ],
)
def test_shadows_with_edges_still_match_at_the_ends_of_a_text(source: str, text: str) -> None:
    pieces = shadow.shadow(source, False, min_bits=0.0)
    assert pieces is not None and any("(?:^|$|" in piece for piece in pieces)
    scan = re2set.compile_set(pieces)
    assert scan is not None
    assert re2set._unanchored(pieces)[1]  # padded
    assert scan(text) == frozenset(range(len(pieces)))


def test_an_edge_re2_cannot_read_gives_no_set_rather_than_an_error() -> None:
    assert re2set.compile_set([re2set.EDGE.format(r"[\x{zz}]") + "cat"]) is None

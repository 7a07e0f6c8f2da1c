"""A set pattern's leading alternatives become patterns of their own (see ``re2split``)."""
from __future__ import annotations

import random

import pytest

from buyerlint import re2set, re2split, re2text


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        pytest.param("(?:ab|cd)ef", ["abef", "cdef"], id="two-alternatives-then-the-rest"),
        pytest.param("(?:ab|cd)", ["ab", "cd"], id="nothing-after-the-group"),
        pytest.param("(?:(?:a|b)c|d)e", ["ace", "bce", "de"], id="a-group-opening-a-group"),
        pytest.param("(?:|x)y", ["y", "xy"], id="an-empty-alternative"),
        pytest.param("(?:[\\x{7c}]|a)b", ["[\\x{7c}]b", "ab"], id="a-bar-in-a-class-is-not-a-split"),
        pytest.param("(?:\\||a)b", ["\\|b", "ab"], id="an-escaped-bar-is-not-a-split"),
        pytest.param("(?:a(?:b|c)|d)e", ["a(?:b|c)e", "de"], id="a-group-inside-an-alternative-stays"),
        pytest.param("(?:a|b)(?:c|d)", ["a(?:c|d)", "b(?:c|d)"], id="only-the-leading-group"),
        pytest.param("(?:[\\x{29}]|\\))x", ["[\\x{29}]x", "\\)x"], id="brackets-in-classes-and-escapes"),
    ],
)
def test_splits_a_leading_group_of_alternatives(pattern: str, parts: list[str]) -> None:
    assert re2split.alternatives(pattern) == parts


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("(?:ab|cd){0,1}e", id="a-repeated-group"),
        pytest.param("(?:ab|cd)*e", id="a-starred-group"),
        pytest.param("(?:ab|cd)+e", id="a-plus-group"),
        pytest.param("(?:ab|cd)?e", id="an-optional-group"),
        pytest.param("(?:ab)c", id="one-alternative"),
        pytest.param("x(?:a|b)", id="not-at-the-start"),
        pytest.param("[(](?:a|b)", id="a-class-at-the-start"),
        pytest.param("(?:a|b", id="an-unclosed-group"),
        pytest.param("(?:a|[b)", id="an-unclosed-class"),
        pytest.param("(?:" + "|".join(f"w{n}" for n in range(re2split.MAX_PARTS + 1)) + ")z", id="too-many-parts"),
        pytest.param("(?:a|b|c|d)" + "x" * 40, id="a-long-rest-copied-too-often"),
    ],
)
def test_keeps_a_pattern_whole(pattern: str) -> None:
    assert re2split.alternatives(pattern) == [pattern]


def test_splits_no_deeper_than_its_limit() -> None:
    deep = "(?:(?:(?:(?:a|b)|c)|d)|e)f"
    parts = re2split.alternatives(deep)
    assert "(?:a|b)f" in parts  # the fourth group stays
    assert len(parts) == 4


def test_a_set_adds_each_alternative_and_reports_the_pattern() -> None:
    pytest.importorskip("re2")
    patterns = ["(?:ab|cd)e", "x", "(?:f|g|h)"]
    split = re2text.entries(patterns, split=True)
    assert split == (("abe", 0), ("cde", 0), ("x", 1), ("f", 2), ("g", 2), ("h", 2))
    assert re2text.entries(patterns, split=False) == (("(?:ab|cd)e", 0), ("x", 1), ("(?:f|g|h)", 2))
    made = re2set._matcher(split, ["P", "Q", "R"], 1 << 20)
    assert made is not None and made[1:] == (("P", "P", "Q", "R", "R", "R"), 6)  # each entry's label; the sentinel
    scan = re2set.compile_set(["(?:ab|cd)e", "xy", "(?:f|g|h)"], split=True)
    assert scan is not None
    assert scan("--cde--") == frozenset({0})
    assert scan("abxy h") == frozenset({1, 2})
    assert scan("abe cde g") == frozenset({0, 2})


_ATOMS = ["a", "b", "ab", "[ab]", "[\\x{7c}c]", "\\|", "c{0,1}", "(?:a|c)", "(?:b|)", "(?:a|b){0,1}", "\\bc"]


def _pattern(rng: random.Random, depth: int = 0) -> str:
    """A random pattern, most often opening with a group of alternatives, groups nested."""
    def seq() -> str:
        return "".join(rng.choice(_ATOMS) for _ in range(rng.randrange(0, 3)))

    if depth < 4 and rng.random() < 0.8:
        alts = [(_pattern(rng, depth + 1) if rng.random() < 0.4 else seq()) for _ in range(rng.randrange(2, 5))]
        return f"(?:{'|'.join(alts)})" + rng.choice(["", "", "{0,1}", "*"]) + seq()
    return seq()


def test_split_sets_find_what_single_searches_find() -> None:
    re2 = pytest.importorskip("re2")
    rng = random.Random(11)
    patterns = [_pattern(rng) for _ in range(40)]
    assert sum(len(re2split.alternatives(p)) > 1 for p in patterns) >= 20  # the split is exercised
    scan = re2set.compile_set(patterns, split=True)
    assert scan is not None
    singles = [re2.compile(p) for p in patterns]
    for _ in range(3000):
        text = "".join(rng.choice("abc| \n") for _ in range(rng.randrange(0, 9)))
        expected = frozenset(i for i, rx in enumerate(singles) if rx.search(text) is not None)
        assert scan(text) == expected, (text, patterns)

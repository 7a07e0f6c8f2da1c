"""RE2 sets scan texts padded with newlines where the shadows' edges allow it (see ``re2set``)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from buyerlint import re2set, re2text, shadow

re2 = pytest.importorskip("re2")

_NOT_A_LETTER = r"[\x{0}-\x{40}\x{5b}-\x{60}\x{7b}-\x{10FFFF}]"
_NOT_A_SPACE = r"[\x{21}-\x{10FFFF}]"  # no newline in it
EDGED = [
    re2text.EDGE.format(_NOT_A_LETTER) + "cat" + re2text.EDGE.format(_NOT_A_LETTER),
    re2text.EDGE.format(_NOT_A_LETTER) + re2text.EDGE.format(_NOT_A_LETTER) + "a",  # two edges in a row
    "dog" + re2text.EDGE.format(_NOT_A_LETTER) + re2text.EDGE.format(_NOT_A_LETTER),
    r"\bzebra\b",
    "b" + re2text.EDGE.format(_NOT_A_LETTER),
]


def _texts(parts: list[str], seed: int, count: int, most: int) -> list[str]:
    """``count`` random texts of fewer than ``most`` of ``parts`` each."""
    rng = random.Random(seed)
    return ["".join(rng.choice(parts) for _ in range(rng.randrange(0, most))) for _ in range(count)]


def _checked(patterns: list[str], texts: list[str]) -> list[frozenset[int]]:
    """What a scan of ``patterns`` finds in each of ``texts``, having checked that it is what
    single-pattern RE2 searches find."""
    scan = re2set.compile_set(patterns)
    assert scan is not None
    singles = [re2.compile(p) for p in patterns]
    found = []
    for text in texts:
        expected = frozenset(i for i, rx in enumerate(singles) if rx.search(text) is not None)
        assert scan(text) == expected, text
        found.append(expected)
    return found


def test_edges_are_written_as_their_classes_with_a_newline_for_each_edge_a_pattern_has() -> None:
    written, pad = re2text._unanchored(EDGED)
    assert pad == "\n\n"
    assert written[0] == f"{_NOT_A_LETTER}cat{_NOT_A_LETTER}"
    assert written[3] == r"\bzebra\b"


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param([re2text.EDGE.format(_NOT_A_SPACE) + "cat"], id="an-edge-class-without-a-newline"),
        pytest.param([re2text.EDGE.format(_NOT_A_LETTER) + "cat", "^dog"], id="another-anchor"),
        pytest.param([re2text.EDGE.format(_NOT_A_LETTER) + "cat", r"dog\z"], id="another-anchor-at-the-end"),
    ],
)
def test_patterns_are_kept_as_they_are_where_padding_could_lose_a_match(patterns: list[str]) -> None:
    assert re2text._unanchored(patterns) == (patterns, "")


def test_a_padded_scan_finds_every_pattern_that_matches_the_text_itself() -> None:
    texts = _texts(["cat", "a", "b", "dog", "zebra", " ", "\n", "x", "-", "\u00e9"], 7, 4000, 6)
    assert sum(map(bool, _checked(EDGED, texts))) > 1000


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
    assert re2text._unanchored(pieces)[1]  # padded
    assert scan(text) == frozenset(range(len(pieces)))


def test_an_edge_re2_cannot_read_gives_no_set_rather_than_an_error() -> None:
    assert re2set.compile_set([re2text.EDGE.format(r"[\x{zz}]") + "cat"]) is None


_S = r"[Ss\x{17f}]"  # a case-insensitive "s", as shadows write it


@pytest.mark.parametrize(
    ("pattern", "lean"),
    [
        pytest.param(_S + "cam", "[Ss]cam", id="a-letter-s-companion"),
        pytest.param(r"[0-9A-Za-z\x{130}\x{131}\x{17f}\x{212a}]+", "[0-9A-Za-z]+", id="all-four-in-a-word-class"),
        pytest.param(r"[\x{100}-\x{17f}]", r"[\x{100}-\x{17f}]", id="the-end-of-a-range-stays"),
        pytest.param(r"[a\x{17f}-\x{180}]x", r"[a\x{17f}-\x{180}]x", id="the-start-of-a-range-stays"),
        pytest.param(r"[\x{17f}]", r"[\x{17f}]", id="a-class-of-it-alone-stays"),
        pytest.param(r"[^a\x{17f}]", r"[^a\x{17f}]", id="a-negated-class-stays"),
        pytest.param(r"a\x{17f}b", r"a\x{17f}b", id="outside-a-class-it-stays"),
        pytest.param(r"\[a\x{17f}]", r"\[a\x{17f}]", id="an-escaped-bracket-is-no-class"),
        pytest.param(r"[\x{9}-\x{d}\x{20}\x{80}-\x{10FFFF}]", r"[\x{9}-\x{d}\x{20}\x{80}-\x{10FFFF}]", id="no-companion"),
    ],
)
def test_lean_patterns_leave_the_rare_companions_of_ascii_letters_out_of_classes(pattern: str, lean: str) -> None:
    assert re2text._lean(pattern) == lean


RARE = [_S + "cam", r"[Kk\x{212a}]ey", r"[Ii\x{130}\x{131}]d", r"[^\x{0}-\x{60}]", r"(?:[0-9a-z\x{17f}]){2,}!"]


def test_a_scan_finds_what_the_patterns_find_in_texts_with_and_without_the_rare_companions() -> None:
    parts = ["s", "S", "\u017f", "cam", "k", "\u212a", "ey", "i", "\u0130", "\u0131", "d", "!", " ", "\u00e9", "z"]
    texts = _texts(parts, 11, 4000, 5)
    found = _checked(RARE, texts)
    assert sum(1 for text, f in zip(texts, found, strict=True) if f and any(ch in text for ch in re2text.RARE)) > 500


def test_a_text_with_a_rare_companion_is_scanned_with_the_patterns_as_written() -> None:
    scan = re2set.compile_set([_S + "cam"])
    assert scan is not None
    assert scan("a scam") == scan("a \u017fcam") == frozenset({0})
    assert scan("a \u017fcan") == frozenset()


_X_RUN, _X_RUN1 = r"(?:[a-z]){0,}", r"(?:[a-z]){1,}"


@pytest.mark.parametrize(
    ("pattern", "trimmed"),
    [
        pytest.param(_X_RUN + "cat", "cat", id="a-run-of-none-or-more-at-the-start"),
        pytest.param("cat" + _X_RUN, "cat", id="at-the-end"),
        pytest.param(_X_RUN1 + "cat" + _X_RUN1, "[a-z]cat[a-z]", id="a-run-of-one-or-more-keeps-one"),
        pytest.param(_X_RUN + _X_RUN1 + "cat", "[a-z]cat", id="runs-in-a-row"),
        pytest.param("c" + _X_RUN + "t", "c" + _X_RUN + "t", id="inside-it-stays"),
        pytest.param("(?:c" + _X_RUN + ")", "(?:c" + _X_RUN + ")", id="inside-a-group-it-stays"),
        pytest.param(_X_RUN1 + "?cat", _X_RUN1 + "?cat", id="a-lazy-run-stays"),
        pytest.param(_X_RUN, _X_RUN, id="a-run-alone-stays"),
    ],
)
def test_runs_at_the_ends_of_a_pattern_are_trimmed(pattern: str, trimmed: str) -> None:
    assert re2text.trimmed(pattern) == trimmed


def test_a_piece_whose_long_run_only_leads_into_it_does_not_linger() -> None:
    piece = r"(?:[\x{0}-\x{3b}\x{3d}-\x{10FFFF}]){0,}(?:[Aa][Ll][Tt])"
    assert re2text.lingering(piece) == 2
    assert re2text.lingering(re2text.trimmed(piece)) == 0


TRIMMED = [_X_RUN + "cat", "dog" + _X_RUN1, _X_RUN1 + "b" + _X_RUN, r"(?:[^a]){0,}a"]


def test_a_scan_of_trimmed_patterns_finds_what_the_patterns_find() -> None:
    _checked(TRIMMED, _texts(["cat", "dog", "b", "a", "x", " ", "\u00e9", "do", "ca"], 13, 3000, 5))


@pytest.mark.parametrize(
    ("pattern", "python"),
    [
        pytest.param(r"[A-Za-z\x{17f}]", True, id="a-letter"),
        pytest.param(r"(?:[0-9]){1,1}", True, id="one-repeat-of-a-class"),
        pytest.param(r"[\x{80}-\x{10FFFF}]", False, id="beyond-ascii-alone"),
        pytest.param(r"[^a]", False, id="a-negated-class"),
        pytest.param(r"[a]b", False, id="two-characters"),
        pytest.param(r"(?:[0-9]){1,2}", False, id="a-longer-repeat"),
    ],
)
def test_a_pattern_of_one_character_of_ascii_is_searched_by_python(pattern: str, python: bool) -> None:
    assert (re2text._one_class(pattern) is not None) == python


@pytest.mark.parametrize(
    "patterns",
    [
        pytest.param([r"[A-Za-z]", "cat", r"(?:[0-9]){1,1}", r"[\x{e9}\x{17f}]"], id="mixed"),
        pytest.param([r"[A-Za-z]", r"[0-9\x{e9}]"], id="one-character-patterns-alone"),
    ],
)
def test_a_scan_with_one_character_patterns_finds_what_each_pattern_finds(patterns: list[str]) -> None:
    _checked(patterns, _texts(["cat", "C", "7", " ", "\u00e9", "\u017f", "!"], 17, 2000, 4))


def test_a_pass_that_ends_without_the_sentinel_gives_no_answer() -> None:
    """RE2 answers a pass it gave up on (its automaton out of memory) with no match at all,
    as it answers a text where nothing matched; the sentinel tells the two apart."""
    scan = re2set.compile_set(["cat", "dog"])
    assert scan is not None and scan("a cat") == frozenset({0}) and scan("a cow") == frozenset()
    match, table, sentinel = scan._first
    scan._first = (lambda data: [], table, sentinel)  # what RE2 gives for a pass it gave up on
    assert scan("a cat") is None
    scan._first = (lambda data: [i for i in match(data) if i != sentinel], table, sentinel)  # no sentinel
    assert scan("a cat") is None


_PIECES = [
    re2text.EDGE.format(_NOT_A_LETTER) + "(?:cat|dog)s" + re2text.EDGE.format(_NOT_A_LETTER),
    "zeb(?:[0-9A-Za-z]){0,}ra",  # a word's run: kind 1
    "pay(?:[\\x{20}-\\x{7e}]){0,}pal",  # a gap: kind 2
    "[Qq]",
    "(?:pay|paid)(?:[\\x{20}]){1,}(?:pal|me)",
]


@pytest.mark.parametrize(("literal", "split"), [(False, True), (False, False), (True, False)])
def test_a_set_s_recipe_comes_from_the_disk_cache_only_for_its_own_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, literal: bool, split: bool
) -> None:
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path))
    making = re2text._recipe
    made = making(_PIECES, literal, split)
    assert re2text.recipe(_PIECES, literal, split) == made  # made, and kept
    calls: list[list[str]] = []

    def counted(patterns: list[str], literal_: bool, split_: bool) -> re2text.Recipe:
        calls.append(list(patterns))
        return making(patterns, literal_, split_)

    monkeypatch.setattr(re2text, "_recipe", counted)
    assert re2text.recipe(_PIECES, literal, split) == made and calls == []  # read back
    other = [*_PIECES[:-1], "(?:pay|paid)(?:[\\x{20}]){1,}(?:pal|now)"]
    assert re2text.recipe(other, literal, split) == making(other, literal, split) != made
    assert re2text.recipe(_PIECES, literal, not split) == making(_PIECES, literal, not split)
    assert len(calls) == 2  # neither was served another's recipe
    for entry in (tmp_path / "re2sets").iterdir():
        entry.write_bytes(entry.read_bytes()[:-7])  # damaged
    assert re2text.recipe(_PIECES, literal, split) == made and len(calls) == 3
    assert re2text.kinds(_PIECES) == (0, 1, 2, 0, 0) == re2text.kinds(_PIECES)  # made, then read back


def test_a_recipe_read_back_must_have_a_recipe_s_shape() -> None:
    made = re2text._recipe(_PIECES, False, True)
    assert re2text._sound(made, len(_PIECES))
    assert not re2text._sound(made, len(_PIECES) + 1)  # a pattern left out
    assert not re2text._sound(made._replace(lean=made.lean[:-1]), len(_PIECES))
    assert not re2text._sound(made._replace(entries=((made.entries[0][0], len(made.kept)),)), len(_PIECES))

"""``Pattern.search`` gives the first match that ``Pattern.finditer`` gives, never an empty one."""
from __future__ import annotations

import pytest

from buyerlint import watchdog
from buyerlint.budgets import PatternTimeout, budget
from buyerlint.patterns import compile_pattern


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"[^\W\d_]{2}", id="never-empty"),
        pytest.param(r"x*", id="empty-before-a-match"),
        pytest.param(r"\b", id="only-empty"),
        pytest.param(r"(?=ab)|b", id="empty-then-non-empty"),
        pytest.param(r"a|", id="empty-branch"),
    ],
)
@pytest.mark.parametrize("gated", [pytest.param(False, id="plain"), pytest.param(True, id="gated")])
def test_search_gives_the_first_match_of_finditer(source: str, gated: bool) -> None:
    pattern = compile_pattern(source, gated=gated)
    for text in ("", "ab", "xx ab", "7 ab x", "b", "é xxb"):
        for pos, end in ((0, None), (1, None), (0, 2), (2, 4)):
            expected = next(iter(pattern.finditer(text, pos, end)), None)
            assert pattern.search(text, pos, end) == expected, (text, pos, end)


def test_a_search_that_runs_out_of_time_says_which_pattern() -> None:
    pattern = compile_pattern(r"(a+)+$")
    with pytest.raises(PatternTimeout) as caught, budget(0.05):
        pattern.search("a" * 5000 + "b")
    assert caught.value.source == r"(a+)+$"


def test_finditer_in_windows_gives_the_matches_that_start_before_each_stop() -> None:
    rx = compile_pattern(r"\d+(?![a-z])")
    text = "12 345x 6789 10 111213"
    windows = [(0, 6, 9), (8, 13, 14), (16, 22, 22)]
    found = [text[s.start : s.end] for s in rx.finditer_in(text, windows)]
    # "345" is cut by its look-ahead ("x"); "10" starts past its window's stop; the search of a
    # window reads up to its end only
    assert found == ["12", "34", "6789", "111213"]
    for pos, stop, end in windows:
        assert [s for s in rx.finditer_in(text, [(pos, stop, end)])] == [
            s for s in rx.finditer(text, pos, end) if s.start < stop
        ]


def test_finditer_in_asks_a_gated_patterns_gate_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rx = compile_pattern(r"\d{3}", gated=True)
    asked: list[str] = []
    monkeypatch.setattr(type(rx), "may_match", lambda self, text, *a: asked.append(text) or False)
    assert list(rx.finditer_in("123 456", [(0, 3, 4), (4, 7, 7)])) == []
    assert asked == ["123 456"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"[.!?]+\s*", id="many-matches"),
        pytest.param(r"x*", id="empty-matches-left-out"),
        pytest.param(r"(?<=a)b", id="a-look-behind"),
    ],
)
@pytest.mark.parametrize("gated", [pytest.param(False, id="plain"), pytest.param(True, id="gated")])
def test_spans_are_the_matches_of_finditer_in_one_call(source: str, gated: bool) -> None:
    pattern = compile_pattern(source, gated=gated)
    for text in ("", "Hi. Yes! ab xxb?", "abab ab. x", "no breaks"):
        assert pattern.spans(text) == [(s.start, s.end) for s in pattern.finditer(text)], text


@pytest.mark.parametrize("watched", [pytest.param(False, id="alone"), pytest.param(True, id="under-the-watchdog")])
def test_spans_that_run_out_of_time_say_which_pattern(watched: bool) -> None:
    pattern = compile_pattern(r"(a+)+$")
    with pytest.raises(PatternTimeout) as caught, budget(0.05):
        if watched:
            with watchdog.watch():
                pattern.spans("a" * 5000 + "b")
        else:
            pattern.spans("a" * 5000 + "b")
    assert caught.value.source == r"(a+)+$"

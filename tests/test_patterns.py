"""``Pattern.search`` gives the first match that ``Pattern.finditer`` gives, never an empty one."""
from __future__ import annotations

import pytest

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

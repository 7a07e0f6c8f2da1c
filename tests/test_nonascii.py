"""Classes beyond ASCII: every match of a pattern holds a character of each class it is said
to need, and a text meets a class exactly when ``regex`` finds one of its characters there."""
from __future__ import annotations

import random

import pytest
import regex

from buyerlint import engine, formats, kinds, nonascii, prefilter
from buyerlint.patterns import IGNORECASE, Pattern
from buyerlint.rule import Rule

EMOJI = "\U0001f600"
STAR = "\u2605"


def _classes(source: str, ignorecase: bool = True) -> list[set[str]]:
    return [{t[2:] for t in clause} for clause in nonascii.clauses(source, ignorecase)]


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        pytest.param(r"\p{Emoji_Presentation}+", [{r"\p{Emoji_Presentation}"}], id="property"),
        pytest.param(r"\P{Emoji_Presentation}x", [], id="negated-property-holds-ascii"),
        pytest.param("[\u2605\u2606]+", [{r"[\U00002605\U00002606]"}], id="class-of-two"),
        pytest.param("[\u2729-\u2730]", [{r"[\U00002729-\U00002730]"}], id="range"),
        pytest.param("caf\u00e9", [{r"\U000000e9"}], id="accented-letter-in-a-word"),
        pytest.param("(?:\u2605x|y\u2606)", [{r"\U00002605", r"\U00002606"}], id="alternation-needs-one"),
        pytest.param("(?=\u2605)\\w", [{r"\U00002605"}], id="positive-look-ahead"),
        pytest.param("\u2605x\u2661", [{r"\U00002605"}, {r"\U00002661"}], id="two-in-a-row"),
    ],
)
def test_a_pattern_needs_the_classes_beyond_ascii_every_match_holds(source: str, needs: list[set[str]]) -> None:
    assert sorted(map(sorted, _classes(source))) == sorted(map(sorted, needs))


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"\p{L}+", id="property-with-ascii-letters"),
        pytest.param("[a-z\u00e9]+", id="class-with-ascii"),
        pytest.param("caf\u00e9?", id="optional"),
        pytest.param("(?:\u00e9|e)", id="branch-without-one"),
        pytest.param("(?!\u2605)x", id="negative-look-ahead"),
        pytest.param("\u212a", id="kelvin-sign-matches-k-ignoring-case"),
        pytest.param(r"(\w)\1", id="back-reference"),
        pytest.param(r"(?:paypal){e<=1}", id="regex-only-syntax"),
    ],
)
def test_no_class_where_a_match_may_do_without_one(source: str) -> None:
    assert nonascii.clauses(source, True) == ()


def test_case_matters_only_where_the_pattern_ignores_it() -> None:
    (sensitive,) = nonascii.clauses("\u00c9", False)
    (folded,) = nonascii.clauses("\u00c9", True)
    assert nonascii.Classes(sensitive)("\u00e9") == frozenset()
    assert nonascii.Classes(folded)("\u00e9") == folded


def test_a_text_meets_the_classes_regex_finds_in_it() -> None:
    (emoji,) = nonascii.clauses(r"\p{Emoji_Presentation}", True)
    (star,) = nonascii.clauses(STAR, True)
    classes = nonascii.Classes(emoji | star)
    assert classes("plain ASCII only") == frozenset()
    assert classes("\u201ccurly\u201d quotes and caf\u00e9") == frozenset()
    assert classes(f"thanks {EMOJI}") == emoji
    assert classes(f"{STAR}{STAR} and {EMOJI}") == emoji | star


def test_classes_are_compiled_when_a_text_beyond_ascii_first_comes() -> None:
    (star,) = nonascii.clauses(STAR, True)
    classes = nonascii.Classes(star)
    assert classes("plain ASCII") == frozenset()
    assert classes._tested is None
    assert classes(f"rated {STAR}") == star
    assert classes._tested is not None


def test_a_class_regex_cannot_read_is_met_by_every_text_beyond_ascii() -> None:
    token = nonascii.PREFIX + "-\\p{NoSuchProperty}"
    assert nonascii.Classes([token])("caf\u00e9") == {token}


def test_answers_for_characters_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    (star,) = nonascii.clauses(STAR, True)
    classes = nonascii.Classes(star)
    monkeypatch.setattr(nonascii.Classes, "_LIMIT", 3)
    for code in range(0x4E00, 0x4E10):
        assert classes(chr(code)) == frozenset()
        assert len(classes._of) <= 4
    assert classes(STAR) == star


def _patterns(rules: tuple[Rule, ...]) -> list[Pattern]:
    found: list[Pattern] = []
    for rule in rules:
        if isinstance(rule.kind, kinds.Forbid):
            found += [rule.kind.pattern, *(b.pattern for b in rule.kind.parts)]
        elif isinstance(rule.kind, kinds.Near):
            found += rule.kind.groups
    return found


_ODD = [EMOJI, STAR, "\u2606", "\ufe0f", "\u20e3", "\u00a9", "\u2122", "\u2764", "\U0001f1ec\U0001f1e7",
        "\u00e9", "\u201c", "\u212a", "\u0130", "\u00df"]


def test_every_bundled_pattern_holds_the_classes_it_needs(bundled_rules: tuple[Rule, ...]) -> None:
    """Over every pack example, and variants with odd characters put in, wherever a bundled
    pattern matches, the text meets a class of every clause the pattern is said to need."""
    rng = random.Random(5)
    texts: list[str] = []
    for rule in bundled_rules:
        for text in (*rule.examples.fail, *rule.examples.passes):
            spiked = list(text)
            for _ in range(3):
                spiked.insert(rng.randrange(len(spiked) + 1), rng.choice(_ODD))
            texts += [text, "".join(spiked)]
    checked = 0
    for pattern in _patterns(bundled_rules):
        needs = nonascii.clauses(pattern.expanded, bool(pattern.flags & IGNORECASE))
        if not needs:
            continue
        classes = nonascii.Classes(frozenset().union(*needs))
        for text in texts:
            if pattern.search(text) is not None:
                checked += 1
                met = classes(text)
                assert all(clause & met for clause in needs), (pattern.source, text)
    assert checked >= 20


def test_emoji_rules_do_not_run_on_a_draft_with_only_accents_and_quotes(bundled_rules: tuple[Rule, ...]) -> None:
    styling = [r for r in bundled_rules if r.id in ("styling.emoji", "styling.pictograph", "styling.symbol")]
    assert len(styling) == 3
    pf = prefilter.Prefilter(styling)
    plain = pf.present("\u201cYour caf\u00e9 order\u201d ships today \u2013 thanks!")
    assert not any(prefilter.may_match(r, plain) for r in styling)
    marked = pf.present(f"Thanks {EMOJI} \u2605\u2605 \u2714")
    assert all(prefilter.may_match(r, marked) for r in styling)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u201cYour caf\u00e9 order\u201d ships today.", id="accents-and-quotes"),
        pytest.param(f"Thanks {EMOJI}\ufe0f and 5\ufe0f\u20e3 \U0001f1ec\U0001f1e7", id="emoji-keycap-flag"),
        pytest.param("Rated \u2605\u2605\u2605\u2606 \u2122 \u00a9 \u2764\ufe0f \u260e", id="symbols"),
    ],
)
def test_the_prefilter_with_classes_finds_what_every_rule_finds(bundled_rules: tuple[Rule, ...], text: str) -> None:
    fast = engine.lint(formats.load("t.txt", text), bundled_rules)
    slow = engine.lint(formats.load("t.txt", text), bundled_rules, use_prefilter=False)
    assert fast == slow
    assert regex.search(r"\p{Emoji_Presentation}", text) is None or fast

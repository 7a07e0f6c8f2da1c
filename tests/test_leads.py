"""Leads: RE2 says where a pattern's matches may start and ``regex`` tries only there. The
matches are exactly those of ``regex`` alone, whatever the text."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from buyerlint import engine, formats, leads, patterns
from buyerlint.patterns import compile_pattern, merged_groupiter
from buyerlint.rule import Rule

pytest.importorskip("re2")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every pattern that has a lead uses it, tries every candidate and keeps it, however fast
    ``regex`` is alone; yields a count of the questions leads answered, and of the texts
    they were asked about."""
    asked = [0, 0]
    texts: set[str] = set()
    start = leads.Lead.start

    def counted(self: leads.Lead, text: str, pos: int, end: int) -> int | None:
        asked[0] += 1
        texts.add(text)
        asked[1] = len(texts)
        return start(self, text, pos, end)

    monkeypatch.setattr(leads, "_FASTER", 0.0)
    monkeypatch.setattr(leads, "TRIAL", 10**9)
    monkeypatch.setattr(leads, "MAX_MISSES", 10**9)
    monkeypatch.setattr(leads.Lead, "start", counted)
    monkeypatch.setattr(patterns, "_LONG_RUN", [True])
    leads.lead.cache_clear()
    yield asked
    leads.lead.cache_clear()


def _plain(pattern: patterns.Pattern, text: str) -> list[patterns.Span]:
    with patterns.ungated():
        return list(pattern.finditer(text))


@pytest.mark.parametrize(
    ("source", "text", "spans"),
    [
        pytest.param(r"(?<![\w.])brand\.com", "see brand.com, not xbrand.com", [(4, 13)], id="look-behind-at-the-start"),
        pytest.param(r"(?<!x)ab+c", "xabc abbc", [(5, 9)], id="a-candidate-that-fails-then-one-that-holds"),
        pytest.param(r"(?<!x)a+b", "xaab", [(2, 4)], id="a-match-one-past-a-failed-candidate"),
        pytest.param(r"\bkit\b", "a \u212aIT and a kit", [(2, 5), (12, 15)], id="kelvin-sign-ignoring-case"),
        pytest.param(r"brand\.com", "\u00f1and\u00fa \u201cbrand.com\u201d \U0001f600 brand.com", [(7, 16), (20, 29)],
                     id="positions-in-characters-after-non-ascii"),
        pytest.param(r"(?<=order )\d{3}-\d{7}-\d{7}", "order 123-4567890-1234567 and 123-4567890-1234567", [(6, 25)],
                     id="look-behind-that-must-hold"),
        pytest.param(r"a\w*z", "abz az a-z aaz", [(0, 3), (4, 6), (11, 14)], id="matches-next-to-each-other"),
    ],
)
def test_a_lead_finds_what_regex_finds(forced: list[int], source: str, text: str, spans: list[tuple[int, int]]) -> None:
    pattern = compile_pattern(source, gated=True)
    assert leads.lead(pattern.expanded, True, pattern._rx) is not None
    found = list(pattern.finditer(text))
    assert [tuple(s) for s in found] == spans
    assert found == _plain(pattern, text)
    assert forced[0] > 0


@pytest.mark.parametrize(
    ("source", "text"),
    [
        pytest.param(r"(?<!\w)pay\w*", "repay paypal payee pay", id="look-behind"),
        pytest.param(r"(?<!x)foo\b", "foox foo xfoo foo", id="word-boundary-at-a-window-end"),
        pytest.param(r"(?<=ab)c", "xabc c", id="look-behind-before-the-window"),
    ],
)
def test_a_window_of_the_text_is_searched_as_regex_searches_it(forced: list[int], source: str, text: str) -> None:
    pattern = compile_pattern(source, gated=True)
    for pos in range(len(text) + 1):
        for end in (*range(pos, len(text) + 1), len(text) + 5):
            with patterns.ungated():
                plain = list(pattern.finditer(text, pos, end))
            assert list(pattern.finditer(text, pos, end)) == plain, (pos, end)


def test_the_time_budget_counts_the_search_not_the_callers_work(forced: list[int]) -> None:
    """As with ``regex``'s own iterator: a caller that takes its time between matches does not
    use up the search's budget."""
    pattern = compile_pattern(r"(?<!\w)brand\.com", gated=True)
    found = []
    for span in pattern.finditer("brand.com and brand.com", timeout=0.2):
        found.append(span)
        time.sleep(0.3)
    assert found == [(0, 9), (14, 23)]


def test_text_rE2_cannot_read_is_searched_by_regex_alone(forced: list[int]) -> None:
    pattern = compile_pattern(r"(?<!\w)brand\.com", gated=True)
    text = "\ud800 brand.com"  # a lone surrogate is not UTF-8
    assert list(pattern.finditer(text)) == _plain(pattern, text) == [(2, 11)]


def test_merged_parts_find_what_regex_finds(forced: list[int]) -> None:
    parts = [compile_pattern(s, gated=True) for s in (r"(?<!\w)(?P<a>ab+)", r"(?<!\w)(?P<b>b\w+)", r"(?P<c>\d{3})")]
    text = "abb bbq 1234 xab abbb"
    with patterns.ungated():
        plain = list(merged_groupiter(parts, text))
    assert list(merged_groupiter(parts, text)) == plain
    assert [s for s, _ in plain] == [(0, 3), (4, 7), (8, 11), (17, 21)]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"a*", id="may-match-empty"),
        pytest.param(r"(\w+) and \1", id="back-reference-cuts-it"),
        pytest.param(r"(?:paypal){e<=1}", id="fuzzy-matching"),
    ],
)
def test_patterns_without_a_lead(source: str) -> None:
    pattern = compile_pattern(source, ignorecase=True)
    assert leads.lead(pattern.expanded, True, pattern._rx) is None


def test_a_lead_is_kept_only_where_it_beats_regex() -> None:
    """Timed once per pattern: ``regex`` finds a plain word fast by itself; a pattern that opens
    with a look-behind and many words it tries at every position."""
    leads.lead.cache_clear()
    word = compile_pattern("paypal")
    assert leads.lead(word.expanded, True, word._rx) is None
    many = "|".join(f"w{i}x{i}" for i in range(300))
    slow = compile_pattern(rf"(?<![\p{{L}}\p{{N}}])(?:{many})(?![\p{{L}}\p{{N}}])")
    assert leads.lead(slow.expanded, True, slow._rx) is not None


def test_a_lead_that_skips_little_is_dropped_after_its_trial() -> None:
    pattern = compile_pattern(r"(?<!x)[a-z]{2}", ignorecase=False)
    lead = leads._lead(pattern.expanded, False)
    assert lead is not None
    text = "ab " * 200
    for pos in range(0, 3 * leads.TRIAL, 3):  # a match right where each search starts
        assert lead.start(text, pos, len(text)) == pos
    assert not lead.useful()
    far = leads._lead(pattern.expanded, False)
    assert far is not None
    gap = " " * 1000 + "ab"
    for _ in range(leads.TRIAL):
        assert far.start(gap, 0, len(gap)) == 1000
    assert far.useful()


def test_a_lead_must_skip_less_the_slower_its_pattern_is_for_regex() -> None:
    """A timed lead is kept only where it scans ``_FASTER`` times faster than ``regex``, so a
    question pays once it skips a quarter of the sample; a lead not timed needs ``MIN_SKIP``."""
    leads.lead.cache_clear()
    many = "|".join(f"w{i}x{i}" for i in range(300))
    slow = compile_pattern(rf"(?<![\p{{L}}\p{{N}}])(?:{many})(?![\p{{L}}\p{{N}}])")
    timed = leads.lead(slow.expanded, True, slow._rx)
    untimed = leads._lead(slow.expanded, True)
    assert timed is not None and untimed is not None
    skip = len(leads._SAMPLE) // 4 + 1
    assert skip < leads.MIN_SKIP
    text = (" " * (skip - 4) + "w1x1") * (leads.TRIAL + 1)
    for lead in (timed, untimed):
        for k in range(leads.TRIAL):
            assert lead.start(text, k * skip, len(text)) == k * skip + skip - 4
    assert timed.useful() and not untimed.useful()


def test_every_bundled_rule_finds_the_same_with_leads(forced: list[int], bundled_rules: tuple[Rule, ...]) -> None:
    fail, passes = corpus.pack_examples()
    texts = [*fail, *passes, *corpus.messages(60, seed=11)]
    texts += ["Caf\u00e9 \u201cbrightlamp.com\u201d \u2013 call +44 20 7946 0958 \U0001f600", "paypal \ud800 brand.com"]
    for i, text in enumerate(texts):
        fast = engine.lint(formats.load(f"t{i}.txt", text), bundled_rules)
        slow = engine.lint(formats.load(f"t{i}.txt", text), bundled_rules, use_prefilter=False)
        assert fast == slow, text
    # leads did answer, about every text where a detector whose patterns have leads ran (the
    # link and email detectors run only on texts where a part of them may match: one in nine)
    assert forced[1] > len(texts) // 10


def test_a_lead_whose_answers_are_mostly_matches_is_dropped(forced: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """``regex`` alone finds a run of matches faster than a lead and ``regex`` by turns."""
    monkeypatch.setattr(leads, "TRIAL", 8)
    often = compile_pattern(r"(?<!x)ab", gated=True)
    text = (" " * 300 + "ab") * 20
    assert len(list(often.finditer(text))) == 20
    lead = leads.lead(often.expanded, True, often._rx)
    assert lead is not None and not lead.useful()
    assert lead.found == leads.TRIAL  # then regex alone found the rest
    rare = compile_pattern(r"(?<!x)cd", gated=True)
    for _ in range(8):
        assert len(list(rare.finditer(" " * 600 + "cd"))) == 1
    kept = leads.lead(rare.expanded, True, rare._rx)
    assert kept is not None and kept.found == 8 and kept.useful()


def test_a_translation_comes_from_the_disk_cache_only_for_its_own_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path))
    source = r"(?<!\w)brand\.com"
    first = leads._piece(source, True)
    assert first is not None
    [entry] = (tmp_path / "leads").iterdir()
    translated: list[str] = []

    def translate(text: str, ignorecase: bool) -> str:
        translated.append(text)
        return "brand"

    monkeypatch.setattr(leads, "_translate", translate)
    assert leads._piece(source, True) == first and translated == []  # read back
    entry.write_bytes(entry.read_bytes().replace(b"brand", b"bread"))  # made for another pattern
    assert leads._piece(source, True) == "brand" and translated == [source]
    entry.write_bytes(entry.read_bytes()[:-3] + b"\xff\xfe\xfd")  # damaged
    assert leads._piece(source, True) == "brand" and translated == [source, source]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        pytest.param("ax123 x456", 6, id="not-inside-a-word"),
        pytest.param("x123 ax4", 0, id="at-the-start-of-the-text"),
        pytest.param("\u00fcber ax123 x456", 11, id="after-characters-beyond-ascii"),
        pytest.param("ax123 bx456", -1, id="none"),
    ],
)
def test_a_lead_that_opens_with_a_look_behind_asks_for_the_character_before(text: str, first: int) -> None:
    source = r"(?<![a-z])x\d{3}"
    lead = leads._lead(source, False)
    assert lead is not None and lead.edged
    assert lead.start(text, 0, len(text)) == first
    assert lead.start(text, 1, len(text)) == (first if first != 0 else -1)

"""The keyword prefilter skips only rules that cannot match: findings are identical without it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex

from buyerlint import branches, clauses, engine, formats, keywords, kinds, prefilter
from buyerlint.patterns import compile_pattern
from buyerlint.rule import Rule

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        pytest.param(r"\bpaypal\b", [{"paypal"}], id="literal-word"),
        pytest.param(r"(?i)Zelle|venmo", [{"zelle", "venmo"}], id="alternation-folded"),
        pytest.param(r"p[a4@]y", [{"pay", "p4y", "p@y"}], id="small-class-expanded"),
        pytest.param(r"(?<=\bstyle=)\s*x", [{"style="}, {"x"}], id="lookbehind-still-required"),
        pytest.param(r"wire\s+transfer", [{"transfer"}, {"wire"}], id="every-part-most-selective-first"),
        pytest.param(r"(?<![\p{L}])cash(?![\p{L}])", [{"cash"}], id="regex-property-classes"),
        pytest.param(r"(?:gift)+\s*card", [{"gift"}, {"card"}], id="repeat-of-at-least-one"),
        pytest.param(r"(?:via|by)\s+(?:zelle|wise)", [{"zelle", "wise"}, {"via", "by"}], id="alternations-in-sequence"),
    ],
)
def test_required_keywords(source: str, needs: list[set[str]]) -> None:
    assert [set(c) for c in keywords.required(source)] == needs


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(r"\d{7,}", id="no-literal"),
        pytest.param(r"colou?r|\w+", id="a-branch-without-literal"),
        pytest.param(r"(?:paypal)?\s", id="optional-literal"),
        pytest.param(r"\A[\s\S]*?\K<b>", id="regex-only-syntax"),
        pytest.param(r"[[:alpha:]]+ok", id="posix-class-read-differently"),
        pytest.param(r"\u4e2d\u6587", id="non-ascii-literals"),
    ],
)
def test_no_keywords_when_none_can_be_derived_safely(source: str) -> None:
    assert keywords.required(source) == ()


@pytest.mark.parametrize(
    ("source", "needs"),
    [
        pytest.param(r"\A[\s\S]*?\K<b>", [{"<b>"}], id="first-match-only"),
        pytest.param(r"(?:\A[\s\S]*?\K(?:<b>|<i>))", [{"<b>", "<i>"}], id="inside-opening-groups"),
        pytest.param(r"x\A[\s\S]*?\K<b>", [], id="not-at-the-start"),
    ],
)
def test_a_first_match_only_pattern_needs_what_its_match_needs(source: str, needs: list[set[str]]) -> None:
    """``\\A[\\s\\S]*?\\K`` (report only the first match) is regex-only syntax; at the start of a
    pattern it only ties the rest to a position, so the rest's keywords are the pattern's."""
    found = clauses.keywords(kinds.Forbid(compile_pattern(source)))
    assert [set(c) for c in found if not min(c).startswith(keywords.SHADOW_PREFIX)] == needs
    assert any(min(c).startswith(keywords.SHADOW_PREFIX) for c in found) == bool(needs)


def test_fold_covers_every_character_regex_matches_to_an_ascii_letter() -> None:
    """Ignoring case, ``regex`` matches a few non-ASCII characters to ASCII letters (the Kelvin
    sign to k, the long s to s, ...); ``fold`` must map every one of them to its letter."""
    any_letter = regex.compile(r"[a-z]", regex.IGNORECASE | regex.V0)
    for code in range(0x80, 0x110000):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF or not any_letter.fullmatch(ch):
            continue
        letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if regex.fullmatch(c, ch, regex.IGNORECASE)]
        assert letters and all(c in keywords.fold(ch) for c in letters), (hex(code), letters)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("Pay by PayPal", "pay by paypal", id="ascii"),
        pytest.param("Pay\u017f \u212aIT \u0130D caf\u00c9", "pays kit id caf\u00e9", id="look-alikes-among-other-letters"),
        pytest.param("\u201cZelle\u201d \U0001f600", "\u201czelle\u201d \U0001f600", id="other-characters-kept"),
    ],
)
def test_fold_lowers_and_maps_every_look_alike_in_a_text(text: str, folded: str) -> None:
    assert keywords.fold(text) == folded


def _texts() -> list[tuple[str, str]]:
    fail, passes = corpus.pack_examples()
    texts = [*fail, *passes, *corpus.messages(80, seed=7)]
    texts += [corpus.disguise(t, how, __import__("random").Random(i)) for i, t in enumerate(fail)
              for how in corpus.DISGUISES[i % len(corpus.DISGUISES):][:1]]
    texts += [(REPO / "tests" / "drafts" / n).read_text("utf-8") for n in ("violations.txt", "crlf-lookalike.txt")]
    named = [(f"t{i}.txt", t) for i, t in enumerate(texts)]
    named += [(f"h{i}.html", f"<p style='color:red'>{t}</p>") for i, t in enumerate(fail[::5])]
    return named


TEXTS = _texts()


@pytest.fixture(autouse=True)
def _shadows_from_the_first_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prefilters use their RE2 automata from the first text here, not after a few (as in a run)."""
    monkeypatch.setattr(prefilter.Prefilter, "RE2_AFTER", 0)


def test_every_bundled_rule_finds_the_same_with_and_without_the_prefilter(bundled_rules: tuple[Rule, ...]) -> None:
    assert any(r.keywords for r in bundled_rules)
    skipped = 0
    for path, text in TEXTS:
        draft = formats.load(path, text)
        fast = engine.lint(draft, bundled_rules)
        slow = engine.lint(formats.load(path, text), bundled_rules, use_prefilter=False)
        assert fast == slow, path
        present = prefilter.for_rules(bundled_rules).present(draft.doc.view)
        skipped += sum(1 for r in bundled_rules if r.keywords and not prefilter.may_match(r, present))
    assert skipped > len(TEXTS) * 10  # the prefilter does skip most rules on most texts


def test_both_scan_engines_find_the_same_keywords(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no shadow can be scanned, the keywords alone decide, and RE2 scans them."""
    monkeypatch.setattr(prefilter.Prefilter, "_shadow_sets", lambda self: None)
    fast = prefilter.Prefilter(bundled_rules, engine="re2")
    plain = prefilter.Prefilter(bundled_rules, engine="python")
    assert plain.engine == "python"
    for _, text in TEXTS:
        assert fast.keywords_in(text) == plain.keywords_in(text)
    assert len(TEXTS) > fast.RE2_AFTER and isinstance(fast._scan, prefilter._SetScan)


def test_with_shadows_scanned_no_pass_looks_for_keywords_they_cover(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    from buyerlint import re2set, re2text

    literal: list[int] = []
    shadows: list[tuple[set[int], bool]] = []  # the kinds of pieces of each shadow set, and whether it is split
    compile_labelled = re2set.compile_labelled

    def counted(
        patterns: list[str], labels: list[str], max_mem: int = 256 << 20, literal_: bool = False, split: bool = False
    ) -> re2set.SetScan[str] | None:
        if literal_:
            literal.append(len(patterns))
        else:
            shadows.append(({re2text.lingering(re2text.trimmed(p)) for p in patterns}, split))
        return compile_labelled(patterns, labels, max_mem, literal_, split)

    monkeypatch.setattr(re2set, "compile_labelled", counted)
    pf = prefilter.Prefilter(bundled_rules, engine="re2")
    for _, text in TEXTS[: pf.RE2_AFTER + 2]:
        pf.present(text)
    assert pf._shadow_scans is not None and literal == [] and len(shadows) == len(pf._shadow_scans)
    # one set per kind of piece; only the set of pieces without long runs is split (see ``re2split``)
    assert sorted((sorted(kinds), split) for kinds, split in shadows) == [([0], True), ([1], False), ([2], False)]


def test_a_rule_whose_keywords_are_absent_is_not_run(bundled_rules: tuple[Rule, ...]) -> None:
    rule = next(r for r in bundled_rules if r.id == "payment.offplatform-method")
    pf = prefilter.Prefilter([rule])
    assert not prefilter.may_match(rule, pf.present("Your lamp ships on Monday."))
    assert prefilter.may_match(rule, pf.present("Send it by P4yPal."))


def test_each_rule_alone_finds_the_same_with_and_without_the_prefilter(bundled_rules: tuple[Rule, ...]) -> None:
    """Rules linted one at a time (as ``test-rules`` does) get a prefilter built for their own
    keywords, branch keywords included, never one left over from another rule."""
    for rule in bundled_rules:
        for text in (*rule.examples.fail, *rule.examples.passes):
            fast = engine.lint(formats.load("example.txt", text), [rule])
            slow = engine.lint(formats.load("example.txt", text), [rule], use_prefilter=False)
            assert fast == slow, (rule.id, text)


def test_split_near_groups_find_what_their_whole_groups_find(bundled_rules: tuple[Rule, ...]) -> None:
    """A ``near`` group kept as its branches matches exactly what the whole group matches, over
    every test text; and the prefilter does skip branches of them."""
    split = [(r, n) for r in bundled_rules if isinstance(r.kind, kinds.Near) for n, p in enumerate(r.kind.parts) if p]
    assert len(split) >= 10
    skipped = 0
    for _, text in TEXTS:
        draft = formats.load("t.txt", text)
        present = prefilter.for_rules(bundled_rules).present(draft.doc.view)
        for rule, n in split:
            kind = rule.kind
            assert isinstance(kind, kinds.Near)
            whole = list(kind.groups[n].finditer(draft.doc.view))
            assert list(branches.finditer(draft.doc.view, kind.parts[n])) == whole, (rule.id, n)
            active = [b for b in kind.parts[n] if b.may_match(present)]
            skipped += len(kind.parts[n]) - len(active)
            assert list(branches.finditer(draft.doc.view, active)) == whole, (rule.id, n)
    assert skipped > len(TEXTS)


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        pytest.param(r"ab|cd", ["ab", "cd"], id="top-level-bar"),
        pytest.param(r"(?:ab|cd)", ["ab", "cd"], id="one-group-around-all"),
        pytest.param(r"[|]x|yz", ["[|]x", "yz"], id="bar-in-a-class"),
        pytest.param(r"\|x|yz", [r"\|x", "yz"], id="escaped-bar"),
        pytest.param(r"[]|]x|yz", ["[]|]x", "yz"], id="bracket-first-in-a-class"),
        pytest.param(r"(?:ab|cd)e", None, id="alternation-inside-a-sequence"),
        pytest.param(r"abc", None, id="no-alternation"),
        pytest.param(r"(?x) a | b", None, id="verbose-mode"),
        pytest.param(r"\b(?:ab|cd)", [r"\bab", r"\bcd"], id="boundary-before-the-group"),
        pytest.param(r"\b(?:ab|cd)\b", [r"\bab\b", r"\bcd\b"], id="boundary-on-both-sides"),
        pytest.param(r"\b(?:ab|cd)e", None, id="boundary-then-a-group-in-a-sequence"),
        pytest.param(r"\b(?:ab)", None, id="boundary-then-a-group-of-one"),
        pytest.param(r"\b(?:your\s+)?x|yz", [r"\b(?:your\s+)?x", "yz"], id="boundary-then-a-group-in-a-branch"),
    ],
)
def test_split_top(source: str, parts: list[str] | None) -> None:
    assert branches.split_top(source) == parts


@pytest.mark.parametrize("text", ["abx cd", "xab cdx", "ab-cd", "cdab", "", "ab"])
def test_a_boundary_distributed_into_the_branches_matches_as_before(text: str) -> None:
    whole = regex.compile(r"\b(?:ab|cd)\b")
    parts = [regex.compile(p) for p in branches.split_top(whole.pattern) or []]
    assert len(parts) == 2
    first = sorted((m.span(), i) for i, p in enumerate(parts) for m in p.finditer(text))
    assert [m.span() for m in whole.finditer(text)] == [span for span, _ in first]


def test_a_group_number_check_never_rules_out_what_the_groups_allow(bundled_rules: tuple[Rule, ...]) -> None:
    """``Present.allows`` (one set comparison) may let more through than checking each group of
    keywords and shadows (with shadows scanned, keywords a shadow implies are not scanned), but
    never less."""
    pf = prefilter.Prefilter(bundled_rules)
    needs = [r.keywords for r in bundled_rules] + [b.keywords for r in bundled_rules for b in kinds.branches_of(r.kind)]
    looser = 0
    for _, text in TEXTS[:300]:
        view = formats.load("x.txt", text).doc.view
        present = pf.present(view)
        full = pf.keywords_in(view) | present
        for groups in needs:
            by_groups = all(not g.isdisjoint(full) for g in groups)
            assert present.allows(groups) or not by_groups, (groups, text[:80])
            looser += by_groups != present.allows(groups)
    assert looser < len(needs) * 300 // 10

"""The disguised-draft corpus (tests/disguised/cases.yaml): a disguise never changes which
rule fires, the finding says how the text was disguised, and compliant drafts in other
scripts, with ordinary "at" and with numbers that are not phones are left alone."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from buyerlint import api
from buyerlint.models import Finding
from buyerlint.offsets import MapChain
from buyerlint.rule import Rule

CASES: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "disguised" / "cases.yaml").read_text("utf-8"))
PAIRS = [pytest.param(c, id=c["id"]) for c in CASES["pairs"]]
COMPLIANT = [pytest.param(c, id=c["id"]) for c in CASES["compliant"]]


def _by_rule(text: str, rules: tuple[Rule, ...], rule: str, path: str = "-") -> list[Finding]:
    return [f for f in api.lint_text(text, rules, path=path) if f.rule == rule]


@pytest.mark.parametrize("case", PAIRS)
def test_the_plain_form_is_flagged_without_a_note(case: dict[str, str], bundled_rules: tuple[Rule, ...]) -> None:
    found = _by_rule(case["plain"], bundled_rules, case["rule"], case.get("path", "-"))
    assert found, f"{case['rule']} did not flag {case['plain']!r}"
    assert [f.note for f in found] == [""] * len(found)


@pytest.mark.parametrize("case", PAIRS)
def test_the_disguised_form_gets_the_same_rule_and_says_how(case: dict[str, str],
                                                            bundled_rules: tuple[Rule, ...]) -> None:
    found = _by_rule(case["disguised"], bundled_rules, case["rule"], case.get("path", "-"))
    assert found, f"{case['rule']} did not flag {case['disguised']!r}"
    (finding,) = found
    assert finding.note == case["note"]
    if case["note"]:
        assert finding.message.endswith(f" ({case['note']})")


@pytest.mark.parametrize("case", PAIRS)
def test_the_disguised_finding_covers_the_disguised_text(case: dict[str, str],
                                                         bundled_rules: tuple[Rule, ...]) -> None:
    text = case["disguised"]
    (finding,) = _by_rule(text, bundled_rules, case["rule"], case.get("path", "-"))
    plain = _by_rule(case["plain"], bundled_rules, case["rule"], case.get("path", "-"))[0]
    assert text[finding.start : finding.end] == finding.match
    # the same place in the sentence: what precedes the match is unchanged by the disguise
    # (but for a tag that opens the disguised word)
    assert text[: finding.start].startswith(case["plain"][: plain.start])
    assert len(text[: finding.start]) - len(case["plain"][: plain.start]) <= len("<b>")


@pytest.mark.parametrize("case", COMPLIANT)
def test_compliant_drafts_are_not_flagged(case: dict[str, str], bundled_rules: tuple[Rule, ...]) -> None:
    found = [(f.rule, f.match) for f in api.lint_text(case["text"], bundled_rules, path=case.get("path", "-"))]
    assert found == [], f"flagged while staying clear of {case['stays-clear-of']}"


def test_the_corpus_covers_every_kind_of_disguise() -> None:
    notes = {c["note"] for c in CASES["pairs"]}
    for kind in ("full-width", "ligatures", "enclosed", "mathematical", "look-alike Cyrillic", "look-alike Greek",
                 "invisible", "spaced-out letters", "split by dots", "split by hyphens", "digits for letters",
                 "written out", "written in words", "odd separators", "spaced-out digits", "letters for digits"):
        assert any(kind in n for n in notes), kind
    ids = {c["id"] for c in CASES["pairs"]}
    assert {"shortener", "whatsapp-chat-link", "telegram-chat-link", "paypal-me-link", "full-width-cashtag",
            "url-without-scheme", "bidi-override", "soft-hyphen", "zero-width-joiner", "html-tags-inside-a-word"} <= ids
    assert len({c["id"] for c in CASES["compliant"]}) == len(CASES["compliant"])


def test_notes_are_the_same_when_every_character_is_traced(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A span that normalisation copied unchanged is not traced character by character
    (``MapChain.copied_span``); tracing it anyway finds no other disguise."""
    texts = [(c["disguised"], c.get("path", "-")) for c in CASES["pairs"]]
    texts += [(c["plain"], c.get("path", "-")) for c in CASES["pairs"]]
    quick = [api.lint_text(t, bundled_rules, path=p) for t, p in texts]
    monkeypatch.setattr(MapChain, "copied_span", lambda self, start, end, first=0: False)
    assert [api.lint_text(t, bundled_rules, path=p) for t, p in texts] == quick
    assert sum(bool(f.note) for found in quick for f in found) > len(CASES["pairs"]) // 2

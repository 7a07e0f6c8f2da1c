"""Every rule of every bundled pack flags its ``fail`` examples and passes its ``pass`` ones."""
from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import packs, selftest
from buyerlint.rule import Rule

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
PACK_FILES = sorted(RULES_DIR.glob("*.yaml"))
ALL_RULES: list[Rule] = [rule for p in PACK_FILES for rule in packs.load_pack(p).rules]


def _cases(which: str) -> list[object]:
    out = []
    for rule in ALL_RULES:
        texts = rule.examples.fail if which == "fail" else rule.examples.passes
        for i, text in enumerate(texts):
            out.append(pytest.param(rule, text, id=f"{rule.id}[{which}{i}]"))
    return out


@pytest.mark.parametrize(("rule", "text"), _cases("fail"))
def test_rule_flags_its_fail_examples(rule: Rule, text: str) -> None:
    assert selftest.flags(rule, text), f"{rule.id} did not flag: {text!r}"


@pytest.mark.parametrize(("rule", "text"), _cases("pass"))
def test_rule_passes_its_pass_examples(rule: Rule, text: str) -> None:
    assert not selftest.flags(rule, text), f"{rule.id} flagged: {text!r}"


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in ALL_RULES])
def test_every_rule_has_fail_and_pass_examples(rule: Rule) -> None:
    assert rule.examples.fail, f"{rule.id} has no fail examples"
    assert rule.examples.passes, f"{rule.id} has no pass examples"

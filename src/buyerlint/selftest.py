"""Run a pack's own examples: each rule must flag its ``fail`` texts and pass its ``pass`` texts."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from buyerlint import engine, formats
from buyerlint.rule import Rule


@dataclass(frozen=True, slots=True)
class RuleCheck:
    rule: Rule
    missed: tuple[str, ...]  # fail examples the rule did not flag
    wrongly_flagged: tuple[str, ...]  # pass examples the rule flagged
    no_examples: bool

    @property
    def ok(self) -> bool:
        return not (self.missed or self.wrongly_flagged or self.no_examples)


def flags(rule: Rule, text: str) -> bool:
    """True when ``rule`` reports something in ``text`` (read as a plain-text draft)."""
    return bool(engine.lint(formats.load("example.txt", text), [rule]))


def check_rule(rule: Rule) -> RuleCheck:
    ex = rule.examples
    return RuleCheck(
        rule=rule,
        missed=tuple(t for t in ex.fail if not flags(rule, t)),
        wrongly_flagged=tuple(t for t in ex.passes if flags(rule, t)),
        no_examples=not ex.fail or not ex.passes,
    )


def check_rules(rules: Iterable[Rule]) -> list[RuleCheck]:
    return [check_rule(r) for r in rules]

"""A compiled rule: shared metadata plus one kind from the closed set in ``kinds``."""
from __future__ import annotations

from dataclasses import dataclass

from buyerlint.kinds import Kind
from buyerlint.models import Severity
from buyerlint.patterns import Pattern


@dataclass(frozen=True, slots=True)
class Examples:
    fail: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # "<pack>.<rule>", e.g. "payment.paypal"
    kind_name: str
    kind: Kind
    category: str
    severity: Severity
    message: str
    help: str
    policy: str
    description: str = ""
    exceptions: Pattern | None = None  # a hit overlapping one of these is not a finding
    unless: Pattern | None = None  # a hit whose sentence contains one of these is not a finding
    examples: Examples = Examples()
    source: str = ""  # the pack file
    line: int = 0  # the rule's line in the pack file

    @property
    def pack(self) -> str:
        return self.id.split(".", 1)[0]

    def render_message(self, match: str) -> str:
        shown = " ".join(match.split())
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return self.message.replace("{match}", shown)


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    version: str
    description: str
    source: str
    rules: tuple[Rule, ...]

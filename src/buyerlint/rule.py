"""A compiled rule: shared metadata plus one kind from the closed set in ``kinds``."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from buyerlint.kinds import Kind
from buyerlint.models import Severity
from buyerlint.patterns import Pattern


class Examples(NamedTuple):
    """Texts a rule must flag (``fail``) and must not flag (``passes``)."""

    fail: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()


NO_EXAMPLES = Examples()
SCOPES: tuple[str, ...] = ("text", "subject", "body", "markup")


class Condition(NamedTuple):
    """A front-matter key must (or must not, when ``negate``) have one of ``values``."""

    values: tuple[str, ...]
    negate: bool = False

    def holds(self, meta: Mapping[str, object], key: str) -> bool:
        value = meta.get(key)
        present = value is not None and str(value).lower() in self.values
        return present != self.negate


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled rule: what it reports (id, category, severity, texts) and its kind."""

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
    examples: Examples = NO_EXAMPLES
    scope: str = "text"  # text | subject | body | markup
    formats: tuple[str, ...] = ()  # draft formats the rule applies to; () = all
    when: Mapping[str, Condition] = field(default_factory=dict)  # front-matter conditions
    source: str = ""  # the pack file
    line: int = 0  # the rule's line in the pack file
    # the prefilter: a match needs one string of every group in the folded view; () = always run
    keywords: tuple[frozenset[str], ...] = ()

    def applies(self, fmt: str, meta: Mapping[str, object]) -> bool:
        if self.formats and fmt not in self.formats:
            return False
        return all(cond.holds(meta, key) for key, cond in self.when.items())

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
    """The rules of one pack file."""

    name: str
    version: str
    description: str
    source: str
    rules: tuple[Rule, ...]

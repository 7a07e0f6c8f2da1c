"""SARIF reportingDescriptors rebuilt from findings (each carries its rule's metadata)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from buyerlint.models import Finding, Severity

LEVEL: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_WORD = re.compile(r"[A-Za-z0-9]+")


def friendly_name(rule_id: str) -> str:
    """``payment.paypal-link`` -> ``PaymentPaypalLink`` (SARIF asks for a Pascal-case compound word)."""
    return "".join(w[:1].upper() + w[1:] for w in _WORD.findall(rule_id)) or "Rule"


def _shown(match: str) -> str:
    """The match as ``Rule.render_message`` puts it into a message."""
    shown = " ".join(match.split())
    return shown[:57] + "..." if len(shown) > 60 else shown


def template(f: Finding) -> str | None:
    """The message template behind ``f.message``, or None when it cannot be told apart."""
    text = f.message
    suffix = f" ({f.note})" if f.note else ""
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    shown = _shown(f.match)
    if not shown or shown not in text:
        return text
    if text.count(shown) > 1:
        return None
    return text.replace(shown, "{match}")


def _short(group: Iterable[Finding]) -> str:
    table = RuleTable()
    for f in group:
        table.add(f)
    (short,) = table.shorts()
    return short


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def descriptor(group: Sequence[Finding]) -> dict[str, object]:
    """The reportingDescriptor for one rule, from its findings (in order; the first wins)."""
    return _descriptor(group[0], _short(group))


def _descriptor(f: Finding, short: str) -> dict[str, object]:
    help_text = f.help or short
    markdown = help_text
    if f.policy:
        help_text += f"\n\nPolicy: {f.policy}"
        markdown += f"\n\n[Amazon policy](<{f.policy}>)" if _is_url(f.policy) else f"\n\nPolicy: {f.policy}"
    out: dict[str, object] = {
        "id": f.rule,
        "name": friendly_name(f.rule),
        "shortDescription": {"text": short},
        "fullDescription": {"text": f"{short} (category: {f.category})"},
        "help": {"text": help_text, "markdown": markdown},
    }
    if _is_url(f.policy):
        out["helpUri"] = f.policy
    out["defaultConfiguration"] = {"level": LEVEL[f.severity]}
    out["properties"] = {"category": f.category, "tags": ["buyerlint", f.category]}
    return out


class RuleTable:
    """The rules of findings seen one at a time: per rule, its first finding and the first
    message template that can be told apart, which is all a descriptor needs."""

    def __init__(self) -> None:
        self._first: dict[str, Finding] = {}
        self._template: dict[str, str] = {}

    def add(self, f: Finding) -> None:
        self._first.setdefault(f.rule, f)
        if f.rule not in self._template:
            found = template(f)
            if found:
                self._template[f.rule] = found

    def shorts(self) -> list[str]:
        return [self._short(rule) for rule in sorted(self._first)]

    def _short(self, rule: str) -> str:
        first = self._first[rule]
        return self._template.get(rule) or f"{first.category} ({first.rule})"

    def descriptors(self) -> list[dict[str, object]]:
        """One descriptor per rule id, sorted by id so that ruleIndex does not depend on file order."""
        return [_descriptor(self._first[rule], self._short(rule)) for rule in sorted(self._first)]


def descriptors(findings: Iterable[Finding]) -> list[dict[str, object]]:
    """One descriptor per rule id, sorted by id so that ruleIndex does not depend on file order."""
    table = RuleTable()
    for f in findings:
        table.add(f)
    return table.descriptors()

"""SARIF reportingDescriptors rebuilt from findings (each carries its rule's metadata)."""

from __future__ import annotations

import re
from collections.abc import Sequence
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


def _short(group: Sequence[Finding]) -> str:
    for f in group:
        found = template(f)
        if found:
            return found
    first = group[0]
    return f"{first.category} ({first.rule})"


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text)


def descriptor(group: Sequence[Finding]) -> dict[str, object]:
    """The reportingDescriptor for one rule, from its findings (in order; the first wins)."""
    f = group[0]
    short = _short(group)
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


def descriptors(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """One descriptor per rule id, sorted by id so that ruleIndex does not depend on file order."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.rule, []).append(f)
    return [descriptor(groups[rule]) for rule in sorted(groups)]

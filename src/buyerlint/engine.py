"""Run compiled rules over one Document and turn their hits into located Findings."""
from __future__ import annotations

from collections.abc import Sequence

from buyerlint import prefilter
from buyerlint.document import Document
from buyerlint.formats import Draft
from buyerlint.kinds import Hit
from buyerlint.models import Finding, Severity
from buyerlint.patterns import PatternTimeout
from buyerlint.rule import Rule


class RuleTimeout(Exception):
    def __init__(self, rule: Rule, detail: str) -> None:
        super().__init__(f"rule {rule.id} ({rule.source}:{rule.line}) ran past its time budget: {detail}")
        self.rule = rule


def _kept(rule: Rule, doc: Document, hit: Hit) -> bool:
    if rule.exceptions is None and rule.unless is None:
        return True
    i = doc.sentence_index(hit.start)
    start, end = doc.sentence_span(i)
    end = max(end, hit.end)
    if rule.exceptions is not None:
        for span in rule.exceptions.finditer(doc.view, start, end):
            if span.start < max(hit.end, hit.start + 1) and hit.start < span.end:
                return False
    return rule.unless is None or rule.unless.search(doc.view, start, end) is None


_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff\u202a\u202b\u202c\u202d\u202e")


def describe_disguise(original: str, seen: str, written_out: bool) -> str:
    """Say how the matched text was disguised, or "" when it was written plainly."""
    reasons = []
    if any(c in _INVISIBLE for c in original):
        reasons.append("invisible characters")
    if any("\uff01" <= c <= "\uff5e" for c in original):
        reasons.append("full-width letters")
    elif any(c.isalpha() and not c.isascii() for c in original) and seen.isascii():
        reasons.append("look-alike letters")
    squeezed = "".join(original.split())
    if len(seen) < len(original) and not reasons and squeezed != original and " " not in seen:
        reasons.append("spaced-out letters")
    if written_out and not reasons:
        return "written out"
    return "disguised with " + " and ".join(reasons) if reasons else ""


def _in_scope(rule: Rule, draft: Draft, start: int, end: int) -> bool:
    if rule.scope in ("text", "markup") or end <= start:
        return True
    inside = draft.subject is not None and draft.subject[0] <= start and end <= draft.subject[1]
    return inside if rule.scope == "subject" else not inside


def _present(doc: Document, pf: prefilter.Prefilter) -> frozenset[str]:
    """The prefilter's keywords in ``doc``, scanned once per document."""
    key = ("keywords", id(pf))
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = pf.present(doc.view)
    return found  # type: ignore[return-value]


def lint(target: Draft | Document, rules: Sequence[Rule], *, use_prefilter: bool = True) -> tuple[Finding, ...]:
    """Findings of ``rules`` in a draft (or a bare Document, linted as plain text).

    The keyword prefilter skips the rules that cannot match; ``use_prefilter=False`` runs every
    rule (the findings are the same, only slower).
    """
    draft = target if isinstance(target, Draft) else Draft(target.path, "text", target, target)
    pf = prefilter.for_rules(rules) if use_prefilter else None
    findings: list[Finding] = []
    for rule in rules:
        if not rule.applies(draft.format, draft.meta):
            continue
        doc = draft.markup if rule.scope == "markup" else draft.doc
        present = _present(doc, pf) if pf is not None else None
        if present is not None and not prefilter.may_match(rule, present):
            continue
        try:
            hits = list(rule.kind.find(doc, present))
        except PatternTimeout as exc:
            raise RuleTimeout(rule, str(exc)) from None
        taken: list[tuple[int, int]] = []
        for hit in hits:
            if not _kept(rule, doc, hit):
                continue
            start, end = doc.original_span(hit.start, hit.end) if hit.end > hit.start else (0, 0)
            if not _in_scope(rule, draft, start, end):
                continue
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            findings.append(_finding(rule, doc, hit, start, end))
    findings.sort(key=Finding.sort_key)
    return tuple(findings)


def _finding(rule: Rule, doc: Document, hit: Hit, start: int, end: int) -> Finding:
    match = doc.text[start:end]
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(end) if end > start else (line, col)
    note = describe_disguise(match, doc.view[hit.start : hit.end], hit.disguised) if end > start else ""
    severity = rule.severity
    if end > start and doc.in_quote(hit.start):  # the buyer's own words, quoted back
        severity = min(severity, Severity.INFO)
        note = ", ".join(n for n in (note, "in text quoted from the buyer") if n)
    return Finding(
        path=doc.path,
        rule=rule.id,
        category=rule.category,
        severity=severity,
        message=rule.render_message(match) + (f" ({note})" if note else ""),
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        match=match,
        help=rule.help,
        policy=rule.policy,
        start=start,
        end=end,
        note=note,
    )

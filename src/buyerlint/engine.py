"""Run compiled rules over one Document and turn their hits into located Findings."""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from buyerlint import disguise, prefilter, runnable, watchdog
from buyerlint.budgets import PatternTimeout, allowance, budget
from buyerlint.document import Document
from buyerlint.errors import RuleTimeout
from buyerlint.formats import Draft
from buyerlint.kinds import Hit
from buyerlint.models import Finding, Severity
from buyerlint.patterns import ungated
from buyerlint.rule import Rule

__all__ = ["Outcome", "RuleTimeout", "lint", "prime", "run", "run_many"]


class Outcome(NamedTuple):
    """The findings of the rules that finished, and the rules that ran out of time."""

    findings: tuple[Finding, ...]
    timeouts: tuple[RuleTimeout, ...] = ()


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


def _in_scope(rule: Rule, draft: Draft, start: int, end: int) -> bool:
    if rule.scope in ("text", "markup") or end <= start:
        return True
    inside = draft.subject is not None and draft.subject[0] <= start and end <= draft.subject[1]
    return inside if rule.scope == "subject" else not inside


def _memo_key(pf: prefilter.Prefilter) -> tuple[str, int]:
    return ("keywords", id(pf))


def _present(doc: Document, pf: prefilter.Prefilter) -> prefilter.Present:
    """The prefilter's keywords in ``doc``, scanned once per document."""
    return doc.remembered(_memo_key(pf), lambda: pf.present(doc.view))


def prime(drafts: Sequence[Draft], rules: Sequence[Rule]) -> list[prefilter.Present]:
    """The prefilter's findings for ``rules`` in each of ``drafts``, scanned together: each RE2
    pass goes over every draft in turn (see ``Prefilter.present_many``). Kept on each document,
    as ``run`` keeps them, so what ``run`` finds is the same with or without it."""
    pf = prefilter.for_rules(rules)
    key = _memo_key(pf)
    todo = [draft.doc for draft in drafts if key not in draft.doc.memo]
    for doc, found in zip(todo, pf.present_many([doc.view for doc in todo]), strict=True):
        doc.memo[key] = found
    return [_present(draft.doc, pf) for draft in drafts]


def run(target: Draft | Document, rules: Sequence[Rule], *, use_prefilter: bool = True) -> Outcome:
    """Run ``rules`` over a draft (or a bare Document, linted as plain text).

    Each rule has one time budget per draft (``budgets.allowance`` of the draft's length);
    a rule that runs past it is left out and named in ``Outcome.timeouts``. The prefilter
    skips the rules that cannot match; ``use_prefilter=False`` runs every rule, and the
    detectors' patterns without their shadows (the findings are the same, only slower).
    """
    if not use_prefilter:
        with ungated():
            return _run(target, rules, None)
    return _run(target, rules, prefilter.for_rules(rules))


def run_many(drafts: Sequence[Draft], rules: Sequence[Rule]) -> list[Outcome]:
    """``run`` of each of ``drafts``, taken rule by rule: each rule goes over every draft it
    may match before the next rule starts, so that its patterns stay in the processor's caches
    (one draft after another, rules in turns, runs 5-10% slower). The outcomes are those of
    ``run`` on each draft."""
    with watchdog.watch(len(drafts)):
        return _run_many(drafts, rules)


def _run_many(drafts: Sequence[Draft], rules: Sequence[Rule]) -> list[Outcome]:
    pf = prefilter.for_rules(rules)
    presents = prime(drafts, rules)
    runs: list[list[int]] = [[] for _ in rules]  # for each rule, the drafts it may match
    for k, present in enumerate(presents):
        for i in runnable.plan(rules, present).candidates(present):
            runs[i].append(k)
    findings: list[list[Finding]] = [[] for _ in drafts]
    timeouts: list[list[RuleTimeout]] = [[] for _ in drafts]
    for rule, which in zip(rules, runs, strict=True):
        for k in which:
            _apply(rule, drafts[k], pf, presents[k], findings[k], timeouts[k])
    return [_outcome(f, t) for f, t in zip(findings, timeouts, strict=True)]


def _run(target: Draft | Document, rules: Sequence[Rule], pf: prefilter.Prefilter | None) -> Outcome:
    draft = target if isinstance(target, Draft) else Draft(target.path, "text", target, target)
    findings: list[Finding] = []
    timeouts: list[RuleTimeout] = []
    text_present = _present(draft.doc, pf) if pf is not None else None
    order = range(len(rules)) if text_present is None else runnable.plan(rules, text_present).candidates(text_present)
    for i in order:
        _apply(rules[i], draft, pf, text_present, findings, timeouts)
    return _outcome(findings, timeouts)


def _apply(
    rule: Rule,
    draft: Draft,
    pf: prefilter.Prefilter | None,
    text_present: prefilter.Present | None,
    findings: list[Finding],
    timeouts: list[RuleTimeout],
) -> None:
    """Run ``rule`` over ``draft`` unless it cannot match there (a rule the plan gave, see
    ``runnable.Plan.candidates``); its findings, or its timeout, go to the lists given."""
    if (rule.formats or rule.when) and not rule.applies(draft.format, draft.meta):
        return
    doc, present = draft.doc, text_present  # the plan has asked ``present`` about the rule
    if rule.scope == "markup":
        doc = draft.markup
        present = _present(doc, pf) if pf is not None else None
        if present is not None and not present.allows(rule.keywords):
            return
    seconds = allowance(len(doc.view))
    try:
        with budget(seconds):
            findings.extend(_rule_findings(rule, draft, doc, present))
    except PatternTimeout as exc:
        detail = f"it ran over its time budget of {seconds:.1f}s (in pattern {exc.source[:60]!r})"
        timeouts.append(RuleTimeout(rule.id, f"{rule.source}:{rule.line}", detail))


def _outcome(findings: list[Finding], timeouts: list[RuleTimeout]) -> Outcome:
    findings.sort(key=Finding.sort_key)
    return Outcome(tuple(findings), tuple(timeouts))


def lint(target: Draft | Document, rules: Sequence[Rule], *, use_prefilter: bool = True) -> tuple[Finding, ...]:
    """Findings of ``rules``; raises ``RuleTimeout`` for the first rule that ran out of time."""
    outcome = run(target, rules, use_prefilter=use_prefilter)
    if outcome.timeouts:
        raise outcome.timeouts[0]
    return outcome.findings


def _rule_findings(rule: Rule, draft: Draft, doc: Document, present: frozenset[str] | None) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for hit in list(rule.kind.find(doc, present)):
        if not _kept(rule, doc, hit):
            continue
        start, end = doc.original_span(hit.start, hit.end) if hit.end > hit.start else (0, 0)
        if not _in_scope(rule, draft, start, end):
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
        found.append(_finding(rule, doc, hit, start, end))
    return found


def _finding(rule: Rule, doc: Document, hit: Hit, start: int, end: int) -> Finding:
    match = doc.text[start:end]
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(end) if end > start else (line, col)
    note = disguise.describe(doc, hit.start, hit.end, hit.how) if end > start else ""
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

"""The running totals: counts per category and rule, and the worst messages kept in a bounded heap."""
from __future__ import annotations

from buyerlint.audit.records import Malformed
from buyerlint.audit.tally import KEPT_MALFORMED, MessageResult, Tally
from buyerlint.models import Finding, Severity


def _finding(rule: str, severity: Severity, category: str = "contact-info") -> Finding:
    return Finding("-", rule, category, severity, "m", 1, 1, 1, 2, "x", "", "", 0, 1)


def _message(index: int, errors: int, warnings: int = 0, info: int = 0) -> MessageResult:
    findings = ([_finding("r.error", Severity.ERROR)] * errors + [_finding("r.warning", Severity.WARNING, "marketing")]
                * warnings + [_finding("r.info", Severity.INFO, "marketing")] * info)
    return MessageResult(index, f"m{index}", f"line {index}", (), tuple(findings))


def test_worst_messages_by_errors_then_warnings_then_export_order() -> None:
    tally = Tally(top=3)
    for result in [_message(1, 1), _message(2, 0, 5), _message(3, 2), _message(4, 1, 1), _message(5, 1, 1),
                   _message(6, 0, 0, 9)]:
        tally.add(result)
    assert [w.id for w in tally.worst()] == ["m3", "m4", "m5"]


def test_info_only_messages_are_not_violations_and_not_among_the_worst() -> None:
    tally = Tally()
    tally.add(_message(1, 0, 0, 3))
    assert (tally.checked, tally.flagged, tally.worst()) == (1, 0, [])
    assert tally.by_severity[Severity.INFO] == 3


def test_heap_never_holds_more_than_top() -> None:
    tally = Tally(top=5)
    for i in range(1, 1001):
        tally.add(_message(i, i % 7))
    worst = tally.worst()
    assert len(worst) == 5 and all(w.errors == 6 for w in worst)
    assert [w.id for w in worst] == ["m6", "m13", "m20", "m27", "m34"]


def test_top_zero_keeps_no_worst_messages() -> None:
    tally = Tally(top=0)
    tally.add(_message(1, 3))
    assert tally.worst() == [] and tally.flagged == 1


def test_counts_by_category_and_rule_count_findings_and_messages() -> None:
    tally = Tally()
    tally.add(_message(1, 2, 1))
    tally.add(_message(2, 1))
    assert tally.categories() == [("contact-info", 3, 2), ("marketing", 1, 1)]
    assert tally.rules() == [("r.error", Severity.ERROR, 3, 2), ("r.warning", Severity.WARNING, 1, 1)]
    assert tally.reaches(Severity.ERROR) and tally.reaches(Severity.WARNING)


def test_only_the_first_malformed_records_are_kept_but_all_are_counted() -> None:
    tally = Tally()
    for i in range(100):
        tally.add_malformed(Malformed(f"line {i}", "bad"))
    assert tally.malformed == 100 and len(tally.first_malformed) == KEPT_MALFORMED
    assert tally.records == 100 and not tally.reaches(Severity.INFO)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buyerlint import api, baseline
from buyerlint.errors import ConfigError
from buyerlint.rule import Rule

DEMO = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")
DRAFT = "Order 112-1234567-1234567\nWe can refund you via PayPal.\n"


@pytest.fixture(scope="module")
def demo() -> tuple[Rule, ...]:
    return api.load_rules([DEMO])


def _check(tmp_path: Path, rules: tuple[Rule, ...], text: str) -> tuple[list[str], tuple[str, ...]]:
    draft = tmp_path / "d.txt"
    draft.write_text(text, encoding="utf-8")
    (r,) = baseline.apply(api.lint_paths([str(draft)], rules), tmp_path / "b.json")
    return [f.rule for f in r.findings], r.notes


@pytest.fixture
def accepted(tmp_path: Path, demo: tuple[Rule, ...]) -> Path:
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    baseline.write(api.lint_paths([str(draft)], demo), tmp_path / "b.json")
    return tmp_path


def test_baseline_has_no_line_numbers_or_text(accepted: Path) -> None:
    data = json.loads((accepted / "b.json").read_text())
    assert data["version"] == 1
    (entry,) = data["entries"]
    assert set(entry) == {"path", "rule", "fingerprint", "count"}
    assert entry["path"] == "d.txt"
    assert "PayPal" not in json.dumps(data)


def test_accepted_finding_is_skipped_and_survives_edits_elsewhere(accepted: Path, demo: tuple[Rule, ...]) -> None:
    moved = "Hello!\n\nOrder 112-1234567-1234567\nNew line above.\nWe can refund you via   PAYPAL.\n"
    assert _check(accepted, demo, moved) == ([], ())


def test_editing_the_accepted_text_reopens_it(accepted: Path, demo: tuple[Rule, ...]) -> None:
    found, notes = _check(accepted, demo, "Order 112-1234567-1234567\nRefund via P4yPal.\n")
    assert found == ["demo.paypal"]
    assert notes == ("stale baseline entry: demo.paypal (1 accepted finding no longer present)",)


def test_a_second_occurrence_is_new(accepted: Path, demo: tuple[Rule, ...]) -> None:
    found, _ = _check(accepted, demo, DRAFT + "Again PayPal.\n")
    assert found == ["demo.paypal"]


def test_entries_for_drafts_not_checked_are_not_stale(accepted: Path, demo: tuple[Rule, ...]) -> None:
    other = accepted / "other.txt"
    other.write_text("Order 112-1234567-1234567\n", encoding="utf-8")
    (r,) = baseline.apply(api.lint_paths([str(other)], demo), accepted / "b.json")
    assert r.notes == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "baseline is not valid JSON", id="bad-json"),
        pytest.param('{"version": 9, "entries": []}', "not a buyerlint baseline", id="wrong-version"),
        pytest.param('{"version": 1, "entries": [{"rule": "x"}]}', "entry 1 needs", id="bad-entry"),
    ],
)
def test_bad_baseline_is_a_config_error(content: str, message: str, tmp_path: Path) -> None:
    p = tmp_path / "b.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        baseline.load(p)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buyerlint.cli import main

HERE = Path(__file__).resolve().parent
DEMO = str(HERE / "packs" / "demo.yaml")


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_rules_lists_id_category_severity_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["rules", "--pack", DEMO], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["demo.paypal", "payment-outside-amazon", "error"]
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        pytest.param(["--category", "missing-order-id"], ["demo.order-id"], id="by-category"),
        pytest.param(["--severity", "info"], ["demo.exclaim"], id="by-severity"),
    ],
)
def test_rules_filters(args: list[str], ids: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["rules", "--pack", DEMO, "--json", *args], capsys)
    assert [r["id"] for r in json.loads(out)] == ids


def test_explain_shows_message_help_policy_and_examples(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(["explain", "payment.offplatform-method"], capsys)
    if code == 2:
        pytest.skip("bundled payment pack not present")
    assert code == 0
    assert "How to fix:" in out and "Policy:" in out and "✗ " in out and "✓ " in out


def test_explain_unknown_rule_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["explain", "payment.paypall"], capsys)
    assert code == 2
    assert err.startswith("buyerlint: error: unknown rule 'payment.paypall'")


def test_test_rules_reports_each_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["test-rules", DEMO], capsys)
    assert code == 0
    assert "PASS  demo.paypal" in out
    assert out.strip().endswith("5 passed, 0 failed")


def test_test_rules_fails_on_a_wrong_example_and_a_rule_without_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "name: p\nversion: '1'\ndescription: d\nrules:\n"
        "  - {id: a, kind: forbid, category: marketing, severity: error, message: m, help: h, policy: x,\n"
        "     patterns: [sale], examples: {fail: [big sale, nothing here], pass: [wholesale price]}}\n"
        "  - {id: b, kind: forbid, category: marketing, severity: error, message: m, help: h, policy: x,\n"
        "     patterns: [promo]}\n",
        encoding="utf-8",
    )
    code, out, _ = _run(["test-rules", str(pack)], capsys)
    assert code == 1
    assert "not flagged: 'nothing here'" in out
    assert "flagged but should pass: 'wholesale price'" in out
    assert "needs examples" in out
    assert out.strip().endswith("0 passed, 2 failed")


def test_init_writes_config_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(["init"], capsys)
    assert code == 0
    assert (tmp_path / ".buyerlint.yaml").is_file()
    assert "id: buyerlint" in out
    assert _run(["config"], capsys)[0] == 0  # the starter file is a valid config
    code, _, err = _run(["init"], capsys)
    assert code == 2
    assert "already exists" in err


def test_baseline_then_check_with_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("Order 112-1234567-1234567\nRefund via PayPal.\n", encoding="utf-8")
    out_file = tmp_path / "base.json"
    code, out, _ = _run(["baseline", "--pack", DEMO, "-o", str(out_file), str(draft)], capsys)
    assert code == 0 and "1 entry" in out
    assert _run(["check", "--pack", DEMO, str(draft)], capsys)[0] == 1
    assert _run(["check", "--pack", DEMO, "--baseline", str(out_file), str(draft)], capsys)[0] == 0


def test_every_lazy_command_is_registered_where_its_module_says() -> None:
    import importlib

    from buyerlint import cli

    modules = {m: importlib.import_module(f"buyerlint.{m}") for m in set(cli._LAZY_COMMANDS.values())}
    defined = {c.name: m for m, mod in modules.items() for c in mod.COMMANDS}
    assert defined == cli._LAZY_COMMANDS

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buyerlint.cli import main

HERE = Path(__file__).resolve().parent
DEMO = str(HERE / "packs" / "demo.yaml")
VIOLATIONS = str(HERE / "drafts" / "violations.txt")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)  # no config file is discovered from here


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _rules(out: str) -> list[str]:
    return [f["rule"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize(
    ("args", "rules"),
    [
        pytest.param([], ["demo.order-id", "demo.paypal", "demo.exclaim", "demo.email"], id="all"),
        pytest.param(["--select", "demo.paypal"], ["demo.paypal"], id="select-id"),
        pytest.param(["--select", "contact-info"], ["demo.email"], id="select-category"),
        pytest.param(["--ignore", "payment-outside-amazon", "--ignore", "demo.exclaim"],
                     ["demo.order-id", "demo.email"], id="ignore-category-and-id"),
        pytest.param(["--select", "demo", "--ignore", "demo.e*"], ["demo.order-id", "demo.paypal"], id="prefix"),
    ],
)
def test_select_and_ignore(args: list[str], rules: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "json", *args, VIOLATIONS], capsys)
    assert _rules(out) == rules


def test_unknown_selector_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["check", "--pack", DEMO, "--select", "demo.paypall", VIOLATIONS], capsys)
    assert code == 2
    assert "demo.paypall" in err and "did you mean" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(["--select", "demo.order-id"], 0, id="warning-passes-by-default"),
        pytest.param(["--select", "demo.order-id", "--fail-on", "warning"], 1, id="fail-on-warning"),
        pytest.param(["--select", "demo.exclaim", "--fail-on", "warning"], 0, id="info-below-warning"),
        pytest.param(["--select", "demo.exclaim", "--fail-on", "info"], 1, id="fail-on-info"),
    ],
)
def test_fail_on(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["check", "--pack", DEMO, *args, VIOLATIONS], capsys)[0] == code


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    code, out, _ = _run(["check", "--pack", DEMO, "--format", "json", "--output", str(target), VIOLATIONS], capsys)
    assert code == 1 and out == ""
    assert len(json.loads(target.read_text("utf-8"))["findings"]) == 4


def test_statistics_counts_per_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["check", "--pack", DEMO, "--statistics", VIOLATIONS, VIOLATIONS], capsys)
    first = out.splitlines()[0].split()
    assert first[:2] == ["2", "demo.email"]
    assert out.splitlines()[-1].split() == ["8", "total"]


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        pytest.param(["--color", "always"], {}, True, id="always"),
        pytest.param(["--color", "never"], {"FORCE_COLOR": "1"}, False, id="never-beats-env"),
        pytest.param([], {"FORCE_COLOR": "1"}, True, id="force-color"),
        pytest.param([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, id="no-color-wins"),
        pytest.param([], {}, False, id="auto-not-a-tty"),
    ],
)
def test_color(args: list[str], env: dict[str, str], colored: bool, capsys: pytest.CaptureFixture[str],
               monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "rich", *args, VIOLATIONS], capsys)
    assert ("\x1b[" in out) is colored


def test_config_file_is_discovered_upward_and_applied(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".buyerlint.yaml").write_text(
        f"packs: ['{DEMO}']\nignore: [demo.email]\nseverity: {{demo.paypal: warning}}\n", encoding="utf-8")
    sub = tmp_path / "templates" / "uk"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    code, out, _ = _run(["check", "--format", "json", VIOLATIONS], capsys)
    found = {f["rule"]: f["severity"] for f in json.loads(out)["findings"]}
    assert "demo.email" not in found
    assert found["demo.paypal"] == "warning"
    assert code == 0


def test_isolated_ignores_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".buyerlint.yaml").write_text("ignore: [demo.email]\n", encoding="utf-8")
    _, out, _ = _run(["check", "--isolated", "--pack", DEMO, "--format", "json", VIOLATIONS], capsys)
    assert "demo.email" in _rules(out)


def test_bad_config_is_exit_2_with_file_line_and_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".buyerlint.yaml").write_text("fail-on: error\nignroe: [x]\n", encoding="utf-8")
    code, _, err = _run(["check", "--pack", DEMO, VIOLATIONS], capsys)
    assert code == 2
    assert ".buyerlint.yaml:2:1:" in err and "did you mean 'ignore'" in err


def test_per_path_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".buyerlint.yaml").write_text(
        f"packs: ['{DEMO}']\nexclude: ['archive/']\nper-path: {{'legal/**': {{ignore: [demo.paypal]}}}}\n",
        encoding="utf-8")
    for folder in ("legal", "archive", "live"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "t.txt").write_text("Order 112-1234567-1234567 PayPal", encoding="utf-8")
    _, out, _ = _run(["check", "--format", "json", "."], capsys)
    paths = sorted(Path(f["path"]).as_posix() for f in json.loads(out)["findings"])
    assert paths == ["live/t.txt"]


def test_config_command_shows_values_and_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".buyerlint.yaml").write_text("fail-on: warning\nignore: [styling]\n", encoding="utf-8")
    code, out, _ = _run(["config"], capsys)
    assert code == 0
    assert "config files: .buyerlint.yaml" in out
    fail_on = next(line for line in out.splitlines() if line.startswith("fail-on"))
    assert "warning" in fail_on and "# .buyerlint.yaml:1" in fail_on

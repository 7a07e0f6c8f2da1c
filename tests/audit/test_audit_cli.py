"""`buyerlint audit`: summary numbers per export format, outputs, exit codes and settings."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from buyerlint.cli import main

TESTS = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
DEMO = ["--pack", "packs/demo.yaml"]
EXPORTS = {
    "mbox": "audit/data/history.mbox",
    "eml": "audit/data/eml",
    "jsonl": "audit/data/messages.jsonl",
    "csv": "audit/data/messages.csv",
}


@pytest.fixture(autouse=True)
def _in_tests_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TESTS)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["audit", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _summary(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    _, out, _ = _run([*DEMO, "--format", "json", *args], capsys)
    last = json.loads(out.splitlines()[-1])
    assert set(last) == {"summary"}
    summary: dict[str, object] = last["summary"]
    return summary


@pytest.mark.parametrize(
    ("kind", "records", "checked", "malformed", "flagged", "findings", "rules"),
    [
        pytest.param("mbox", 5, 3, 2, 2, {"error": 3, "warning": 2, "info": 1},
                     {"demo.order-id": 2, "demo.email": 1, "demo.exclaim": 1, "demo.gift-code": 1, "demo.paypal": 1},
                     id="mbox"),
        pytest.param("eml", 4, 3, 1, 1, {"error": 2, "warning": 1, "info": 0},
                     {"demo.email": 1, "demo.order-id": 1, "demo.paypal": 1}, id="eml-folder"),
        pytest.param("jsonl", 8, 4, 4, 2, {"error": 3, "warning": 1, "info": 1},
                     {"demo.email": 1, "demo.exclaim": 1, "demo.gift-code": 1, "demo.order-id": 1, "demo.paypal": 1},
                     id="jsonl"),
        pytest.param("csv", 6, 3, 3, 2, {"error": 3, "warning": 1, "info": 1},
                     {"demo.email": 1, "demo.exclaim": 1, "demo.gift-code": 1, "demo.order-id": 1, "demo.paypal": 1},
                     id="csv"),
    ],
)
def test_summary_numbers_per_format(
    kind: str, records: int, checked: int, malformed: int, flagged: int, findings: dict[str, int],
    rules: dict[str, int], capsys: pytest.CaptureFixture[str],
) -> None:
    summary = _summary([EXPORTS[kind]], capsys)
    assert (summary["records"], summary["checked"], summary["malformed"], summary["flagged"]) == (
        records, checked, malformed, flagged)
    assert summary["findings"] == findings
    rule_rows = summary["rules"]
    assert isinstance(rule_rows, dict)
    assert {rule: row["findings"] for rule, row in rule_rows.items()} == rules


def test_worst_messages_are_ranked_by_errors_then_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    summary = _summary([EXPORTS["mbox"]], capsys)
    assert summary["worst"] == [
        {"id": "<refund-7730215@harbor-lamps.example>", "position": "message 2 (line 17)", "errors": 2, "warnings": 1,
         "rules": ["demo.email", "demo.order-id", "demo.paypal"]},
        {"id": "<gift-7730215@harbor-lamps.example>", "position": "message 4 (line 52)", "errors": 1, "warnings": 1,
         "rules": ["demo.exclaim", "demo.gift-code", "demo.order-id"]},
    ]


def test_top_limits_the_worst_messages(capsys: pytest.CaptureFixture[str]) -> None:
    summary = _summary(["--top", "1", EXPORTS["mbox"]], capsys)
    worst = summary["worst"]
    assert isinstance(worst, list) and [w["position"] for w in worst] == ["message 2 (line 17)"]


@pytest.mark.parametrize("kind", sorted(EXPORTS))
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_per_message_output_matches_golden_file(kind: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run([*DEMO, "--format", fmt, EXPORTS[kind]], capsys)
    assert code == 1
    golden = GOLDEN / f"{kind}.{fmt}.txt"
    if os.environ.get("BUYERLINT_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert out == golden.read_text(encoding="utf-8")


def test_summary_output_matches_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run([*DEMO, "--color", "never", EXPORTS["jsonl"]], capsys)
    assert (code, err) == (1, "")
    golden = GOLDEN / "jsonl.summary.txt"
    if os.environ.get("BUYERLINT_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert out == golden.read_text(encoding="utf-8")


def test_json_lines_are_one_object_per_record_then_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = _run([*DEMO, "--format", "json", EXPORTS["jsonl"]], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 8 + 1
    assert [("malformed" in o) for o in lines[:-1]] == [False, False, True, True, False, True, True, False]
    assert "Audit of audit/data/messages.jsonl" in err  # the human summary goes to stderr


def test_csv_output_has_a_row_per_record_and_the_summary_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    _, out, err = _run([*DEMO, "--format", "csv", EXPORTS["csv"]], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["status"], r["errors"]) for r in rows] == [
        ("A-1", "checked", "0"), ("A-2", "checked", "2"), ("", "malformed", ""), ("", "malformed", ""),
        ("A-5", "checked", "1"), ("A-6", "malformed", "")]
    assert "3 messages checked, 3 malformed (skipped)" in err


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "x.jsonl"
    export.write_text('{"id": "=HYPERLINK(\\"http://x\\")", "text": "Order 111-1111111-1111111 shipped."}\n')
    _, out, _ = _run([*DEMO, "--format", "csv", str(export)], capsys)
    assert out.splitlines()[1].startswith("\"'=HYPERLINK(")


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "results.jsonl"
    code, out, err = _run([*DEMO, "--format", "json", "-o", str(target), EXPORTS["mbox"]], capsys)
    assert (code, out) == (1, "")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 5 + 1
    assert "Audit of audit/data/history.mbox" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param([EXPORTS["jsonl"]], 1, id="errors-exit-1"),
        pytest.param(["--select", "demo.order-id", EXPORTS["jsonl"]], 0, id="warnings-alone-exit-0"),
        pytest.param(["--select", "demo.order-id", "--fail-on", "warning", EXPORTS["jsonl"]], 1, id="fail-on-warning"),
        pytest.param(["--ignore", "payment-outside-amazon", "--ignore", "demo.email", EXPORTS["jsonl"]], 0,
                     id="ignore-by-category-and-rule"),
    ],
)
def test_exit_codes_follow_findings_and_fail_on(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([*DEMO, "--format", "csv", *args], capsys)[0] == code


def test_malformed_records_alone_do_not_fail_the_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "x.jsonl"
    export.write_text('{"text": "Order 111-1111111-1111111 shipped."}\nnot json\n')
    code, out, _ = _run([*DEMO, "--color", "never", str(export)], capsys)
    assert code == 0
    assert "line 2: not valid JSON" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["nope.mbox"], "buyerlint: error: nope.mbox: no such file or directory\n", id="missing"),
        pytest.param(["packs/demo.yaml"],
                     "buyerlint: error: packs/demo.yaml: cannot tell the export format; use --input-format "
                     "mbox|eml|jsonl|csv\n", id="unknown-format"),
        pytest.param(["--text-column", "Body", EXPORTS["csv"]],
                     "buyerlint: error: audit/data/messages.csv: no column 'Body' in the header (Msg ID, Order, Sent, "
                     "Message Body, Channel); use --text-column\n", id="csv-without-the-column"),
        pytest.param(["--input-format", "csv", EXPORTS["eml"]],
                     "buyerlint: error: audit/data/eml: is a folder; --input-format csv needs a file (a folder is .eml "
                     "files)\n", id="folder-as-csv"),
        pytest.param(["--delimiter", ";;", EXPORTS["csv"]],
                     "buyerlint: error: --delimiter must be one character (\\t for tab)\n", id="bad-delimiter"),
    ],
)
def test_unusable_export_is_one_line_and_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run([*DEMO, *args], capsys)
    assert (code, out, err) == (2, "", message)


def test_unwritable_output_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run([*DEMO, "-o", str(tmp_path / "no" / "such" / "dir.txt"), EXPORTS["jsonl"]], capsys)
    assert code == 2 and err.startswith("buyerlint: error: ") and err.count("\n") == 1


def test_config_file_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / ".buyerlint.yaml"
    config.write_text(f"packs: [{TESTS / 'packs' / 'demo.yaml'}]\nignore: [demo.paypal, demo.email, demo.gift-code]\n")
    code, out, _ = _run(["--config", str(config), "--format", "json", EXPORTS["jsonl"]], capsys)
    rules = json.loads(out.splitlines()[-1])["summary"]["rules"]
    assert (code, sorted(rules)) == (0, ["demo.exclaim", "demo.order-id"])


def test_progress_bar_never_reaches_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    _, forced, _ = _run([*DEMO, "--progress", "--format", "json", EXPORTS["jsonl"]], capsys)
    _, plain, _ = _run([*DEMO, "--no-progress", "--format", "json", EXPORTS["jsonl"]], capsys)
    assert forced == plain


# --- with the bundled rules: audit lints a message the way `check` lints it ------------------


def test_eml_folder_findings_equal_check_on_the_same_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", EXPORTS["eml"]]) == 2  # 03-scan.eml is binary: an input error there
    checked = json.loads(capsys.readouterr().out)
    assert [e["path"] for e in checked["errors"]] == ["audit/data/eml/03-scan.eml"]
    expected: dict[str, list[tuple[str, int, int]]] = {}
    for f in (f for f in checked["findings"] if f["path"].endswith(".eml")):  # check also reads notes.txt
        expected.setdefault(f["path"], []).append((f["rule"], f["line"], f["column"]))
    _, out, _ = _run(["--format", "json", EXPORTS["eml"]], capsys)
    audited = {o["position"]: [(f["rule"], f["line"], f["column"]) for f in o["findings"]]
               for o in map(json.loads, out.splitlines()[:-1]) if o.get("findings")}
    assert audited == expected
    assert audited  # the fixture does have findings


@pytest.mark.parametrize(
    "export",
    [
        pytest.param(("x.mbox", "From a@b Mon Jan  1 10:00:00 2024\nSubject: [Important] How was your lamp?\n\n"
                      "Hello, how is the lamp from order 111-2223334-4445556? A review would help us.\n"), id="mbox"),
        pytest.param(("x.jsonl", json.dumps({"subject": "[Important] How was your lamp?", "text":
                      "Hello, how is the lamp from order 111-2223334-4445556? A review would help us."}) + "\n"),
                     id="jsonl-subject-field"),
    ],
)
def test_subject_is_linted_as_a_subject(export: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / export[0]
    path.write_text(export[1], encoding="utf-8")
    _, out, _ = _run(["--format", "json", "--select", "message", str(path)], capsys)
    first = json.loads(out.splitlines()[0])
    assert "message.important-tag" in first["rules"]

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from buyerlint import __version__
from buyerlint.cli import main

HERE = Path(__file__).resolve().parent
DEMO = "packs/demo.yaml"
GOLDEN = HERE / "golden"


@pytest.fixture(autouse=True)
def _in_tests_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("draft", "code"),
    [
        pytest.param("drafts/clean.txt", 0, id="clean"),
        pytest.param("drafts/violations.txt", 1, id="errors"),
        pytest.param("drafts/warning-only.txt", 0, id="warnings-alone-pass"),
    ],
)
def test_exit_codes(draft: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["check", "--pack", DEMO, draft], capsys)[0] == code


@pytest.mark.parametrize("fmt", ["rich", "concise", "json"])
def test_output_matches_golden_file(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", "--pack", DEMO, "--format", fmt, "drafts"], capsys)
    assert code == 1
    golden = GOLDEN / f"drafts.{fmt}.txt"
    if os.environ.get("BUYERLINT_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_json_report_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "json", "drafts/violations.txt"], capsys)
    report = json.loads(out)
    assert report["version"] == 1
    assert set(report) >= {"version", "findings", "errors", "summary"}
    first = report["findings"][0]
    assert set(first) >= {
        "path", "rule", "category", "severity", "message", "line", "column",
        "end_line", "end_column", "match", "help", "policy",
    }
    assert first["path"] == "drafts/violations.txt"
    assert report["summary"] == {"files": 1, "errors": 2, "warnings": 1, "info": 1}


def test_stdin_is_read_for_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(b"Refund by PayPal. Order 112-1234567-1234567"))
    code, out, _ = _run(["check", "--pack", DEMO, "--format", "concise", "-"], capsys)
    assert code == 1
    assert out == "-:1:11: error [demo.paypal] PayPal is a payment channel outside Amazon.\n"


def test_stdin_filename_names_the_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(b"Refund by PayPal."))
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "concise", "--stdin-filename", "t.txt", "-"], capsys)
    assert "t.txt:1:11: error [demo.paypal]" in out.splitlines()[1]


def test_directories_are_walked_for_drafts_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for rel in ["a.txt", "b.md", "c.html", "d.eml", "e.j2", "f.hbs", "g.liquid", "sub/h.jinja",
                "skip.py", ".hidden.txt", ".git/i.txt", "node_modules/j.txt", ".cache/k.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("PayPal", encoding="utf-8")
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "json", str(tmp_path)], capsys)
    paths = [Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(out)["findings"]
             if f["rule"] == "demo.paypal"]
    assert paths == ["a.txt", "b.md", "c.html", "d.eml", "e.j2", "f.hbs", "g.liquid", "sub/h.jinja"]


@pytest.mark.parametrize(("given", "shown"), [
    pytest.param(".", ["a.txt", os.path.join("sub", "b.md")], id="current-folder"),
    pytest.param("./top", [os.path.join("top", "a.txt"), os.path.join("top", "sub", "b.md")], id="dot-slash"),
    pytest.param("top//sub/", [os.path.join("top", "sub", "b.md")], id="doubled-and-trailing-slashes"),
])
def test_a_walked_draft_is_named_as_a_path_joins_it(given: str, shown: list[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from buyerlint import sources

    root = tmp_path / "top" if given == "." else tmp_path
    for rel in ["top/a.txt", "top/sub/b.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("hi", encoding="utf-8")
    monkeypatch.chdir(root)
    found = [item for item in sources.expand([given], None, "-") if not isinstance(item, str)]
    assert [item.path for item in found] == shown
    assert [item.path for item in found] == [str(Path(given) / Path(item.file or "").relative_to(Path(given)))
                                             for item in found]


def test_a_named_file_is_read_whatever_its_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "note.msg"
    p.write_text("PayPal", encoding="utf-8")
    assert _run(["check", "--pack", DEMO, str(p)], capsys)[0] == 1


def test_missing_file_is_an_input_error_after_checking_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", "--pack", DEMO, "--format", "json", "drafts/violations.txt", "nope.txt"], capsys)
    report = json.loads(out)
    assert code == 2
    assert report["errors"] == [{"path": "nope.txt", "message": "no such file or directory"}]
    assert report["findings"]


def test_binary_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "img.txt"
    p.write_bytes(b"\x89PNG\x00\x00\x01")
    code, out, _ = _run(["check", "--pack", DEMO, "--format", "concise", str(p)], capsys)
    assert code == 2
    assert out == f"{p}: error: not a text file (contains NUL bytes)\n"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        pytest.param(["check", "--pack", "bad_packs/unknown-key.yaml", "drafts"],
                     "buyerlint: error: bad_packs/unknown-key.yaml:10:5: unknown key 'mesage'", id="bad-pack"),
        pytest.param(["check", "--pack", "bad_packs/bad-yaml.yaml", "drafts"],
                     "buyerlint: error: bad_packs/bad-yaml.yaml:8:1: invalid YAML", id="bad-yaml"),
        pytest.param(["check", "--format", "xml", "drafts"], "buyerlint: error: Invalid value for '--format'",
                     id="bad-option"),
        pytest.param(["check"], "buyerlint: error: Missing argument 'PATHS...'", id="no-paths"),
        pytest.param(["chekc", "x"], "buyerlint: error: No such command 'chekc'", id="unknown-command"),
    ],
)
def test_usage_and_pack_errors_exit_2_with_one_line(
    args: list[str], stderr: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(args, capsys)
    assert code == 2
    assert err.startswith(stderr)
    assert "Traceback" not in err
    assert out == ""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0
    assert out.strip() == f"buyerlint, version {__version__}"


def test_draft_text_is_printed_literally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "markup.txt"
    p.write_text("[bold red]PayPal[/bold red] \x1b[31mred\x1b[0m", encoding="utf-8")
    _, out, _ = _run(["check", "--pack", DEMO, "--format", "rich", str(p)], capsys)
    assert "[bold red]PayPal[/bold red]" in out
    assert "\x1b" not in out
    assert "\\x1b[31mred" in out

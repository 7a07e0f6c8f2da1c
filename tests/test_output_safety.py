"""Draft text reaches every output literally and harmlessly.

Human formats (rich, concise, github, statistics) show markup such as ``[bold red]`` as
written and never pass on an escape sequence, another C0/C1 control or a bidi control: they
are shown as ``\\x1b``-style escapes. Each finding stays on its own line, so a draft cannot
forge a line (a GitHub workflow command, say). Machine formats (json, jsonl, sarif, junit)
stay valid for any input, lone surrogates included.

Undecodable input: bytes in a file that are not valid in its encoding are read as U+FFFD with
a note (see test_hostile_input); bytes in a file *name* that are not valid UTF-8 come through
as Python's surrogate escapes, which the human formats show as ``\\udcXX``, JSON and JSONL
carry as ``\\udcXX`` escapes (``os.fsencode`` gives the name back), SARIF percent-encodes in
its URIs (U+FFFD elsewhere) and JUnit, whose XML cannot carry them, leaves out.
"""
from __future__ import annotations

import io
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest
from hostile_text import EXAMPLES, FRAGMENTS, assert_inert, texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buyerlint import api
from buyerlint.cli import main
from buyerlint.models import FileResult
from buyerlint.reporters import FORMATS, get
from buyerlint.rule import Rule

RULES: tuple[Rule, ...] = api.load_rules()

# the rule below flags the whole line; messages show up to 60 characters of a match
HOSTILE = "[bold red]X[/] \x1b[31mr\x1b[0m \x9b2J \u202ee\u202c\x07\u2066x\u2069\u2028[link=y]"
SHOWN = "[bold red]X[/] \\x1b[31mr\\x1b[0m \\x9b2J \\u202ee\\u202c\\x07\\u2066x\\u2069\\u2028[link=y]"
PACK = """\
name: hostile
version: "1"
description: flags a whole hostile line
rules:
  - id: line
    kind: forbid
    category: marketing
    severity: error
    patterns: ['\\[bold.*']
    message: "{match} is bad"
    help: h
    policy: p
"""
HUMAN = ("rich", "concise", "github")
MACHINE = ("json", "jsonl", "sarif", "junit")


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "hostile.yaml"
    pack.write_text(PACK, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Hello\n" + HOSTILE + "\n", encoding="utf-8")
    return pack, draft


def _check(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


@pytest.mark.parametrize("fmt", HUMAN)
def test_human_formats_print_draft_text_literally(fmt: str, hostile: tuple[Path, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    pack, draft = hostile
    code, out = _check(["--pack", str(pack), "--color", "never", "--format", fmt, str(draft)], capsys)
    assert code == 1
    assert_inert(out)
    # a message shows the match with its white space (U+2028 too) as single spaces
    assert (SHOWN if fmt == "rich" else SHOWN.replace("\\u2028", " ")) in out


def test_rich_with_colour_still_prints_draft_escapes_inert(hostile: tuple[Path, Path],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    pack, draft = hostile
    code, out = _check(["--pack", str(pack), "--color", "always", "--format", "rich", str(draft)], capsys)
    assert code == 1
    assert "\x1b[1;31m" in out  # rich's own styling is there ...
    assert "\x1b[31mr" not in out and "\x9b" not in out and "\u202e" not in out  # ... the draft's is not
    assert SHOWN in out


def test_statistics_print_rule_ids_inert(hostile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pack, draft = hostile
    code, out = _check(["--pack", str(pack), "--statistics", str(draft)], capsys)
    assert code == 1
    assert_inert(out)
    assert "hostile.line" in out


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_carry_the_match_exactly(fmt: str, hostile: tuple[Path, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pack, draft = hostile
    code, out = _check(["--pack", str(pack), "--format", fmt, str(draft)], capsys)
    assert code == 1
    match = HOSTILE
    if fmt == "json":
        assert json.loads(out)["findings"][0]["match"] == match
    elif fmt == "jsonl":
        assert json.loads(out.splitlines()[0])["match"] == match
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["snippet"][
            "text"] == match
    else:
        failure = ET.fromstring(out.encode("utf-8")).find("testcase/failure")
        assert failure is not None and "[bold red]X[/] [31mr[0m" in (failure.get("message") or "")


def test_an_output_that_cannot_show_a_character_gets_an_escape(hostile: tuple[Path, Path]) -> None:
    import subprocess

    pack, draft = hostile
    draft.write_text("Hi \U0001f600 \u4f60\u597d [bold] now\n", encoding="utf-8")
    for fmt in FORMATS:
        done = subprocess.run(
            [sys.executable, "-m", "buyerlint", "check", "--pack", str(pack), "--format", fmt, str(draft)],
            capture_output=True, timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
                 "PYTHONIOENCODING": "ascii"},
        )
        assert done.returncode == 1, (fmt, done.stderr)
        assert b"Traceback" not in done.stderr
        done.stdout.decode("ascii")


@pytest.mark.skipif(sys.platform == "darwin" or os.name == "nt", reason="needs a file system that takes any bytes")
def test_an_undecodable_file_name_is_shown_and_reported_faithfully(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9 \x1b[31m.txt"
    with open(raw, "wb") as fh:
        fh.write(b"We refund by PayPal. Order 112-1234567-1234567")
    name = os.fsdecode(raw)
    demo = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")
    for fmt in ("rich", "concise", "github", "json", "jsonl", "sarif", "junit"):
        code, out = _check(["--pack", demo, "--color", "never", "--format", fmt, str(tmp_path)], capsys)
        assert code == 1
        if fmt in ("rich", "concise", "github"):
            assert_inert(out)
            assert "caf\\udce9 \\x1b[31m.txt" in out
        elif fmt == "json":
            assert os.fsencode(json.loads(out)["findings"][0]["path"]) == raw
        elif fmt == "jsonl":
            assert os.fsencode(json.loads(out.splitlines()[0])["path"]) == raw
        elif fmt == "sarif":
            uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert uri.endswith("/caf%E9%20%1B%5B31m.txt")
        else:
            case = ET.fromstring(out.encode("utf-8")).find("testcase")
            assert case is not None and (case.get("name") or "").endswith("/caf [31m.txt")
    assert name  # the name decodes with surrogate escapes, as Python does for any file name


# ------------------------------------------------------------------ any input, every format
def _render(fmt: str, results: Sequence[FileResult]) -> str:
    stream = io.StringIO()
    get(fmt)(results, stream, False)
    return stream.getvalue()


def _lone_surrogates(value: object) -> bool:
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(_lone_surrogates(k) or _lone_surrogates(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_lone_surrogates(v) for v in value)
    return False


paths = st.lists(st.sampled_from(["d", "[bold]", "\x1b[2J", "\ud800", "\u202e", "%", ",", ":", "\n", "é"]),
                 max_size=4).map(lambda parts: "".join(parts) + ".txt")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, paths, st.sampled_from(FRAGMENTS))
def test_every_format_is_safe_and_valid_for_any_input(text: str, path: str, note: str) -> None:
    findings = api.lint_text(text, RULES, path=path)
    results = [FileResult(path, findings, text=text, notes=(note,)), FileResult(path, error=note + text[:40])]
    lines_expected = len(findings) + 2  # every finding, the note and the error: one line each
    for fmt in ("rich", "concise", "github", "statistics"):
        out = _render(fmt, results)
        assert_inert(out)
        if fmt == "concise":
            assert len(out.splitlines()) == lines_expected
        if fmt == "github":
            lines = out.split("\n")
            assert lines[-1] == "" and len(lines) - 1 == lines_expected
            assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    report = json.loads(_render("json", results))
    assert [f["match"] for f in report["findings"]] == [f.match for f in findings]
    jsonl = [json.loads(line) for line in _render("jsonl", results).splitlines()]
    assert len(jsonl) == lines_expected
    sarif = json.loads(_render("sarif", results))
    assert not _lone_surrogates(sarif)
    assert len(sarif["runs"][0]["results"]) == len(findings)
    root = ET.fromstring(_render("junit", results).encode("utf-8"))
    assert len(root.findall("testcase/failure")) == len(findings)
    for fmt in ("json", "jsonl", "sarif"):
        _render(fmt, results).encode("ascii")


def test_the_rich_frame_shows_the_line_the_position_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # form feed, NEL and U+2028 do not end a line for the engine, so they must not for the frame
    draft = tmp_path / "d.txt"
    draft.write_text("one\x0ctwo\x85three\u2028four\nwe refund by PayPal\n", encoding="utf-8")
    demo = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")
    code, out = _check(["--pack", demo, "--select", "demo.paypal", "--color", "never", "--format", "rich", str(draft)],
                       capsys)
    assert code == 1
    assert "  2:14    error    demo.paypal" in out
    assert "  2 │ we refund by PayPal" in out
    assert_inert(out)

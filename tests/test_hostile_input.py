"""Hostile and broken inputs: every one ends in a clear message and the right exit code.

Each case runs the real command and also checks that nothing reaches the terminal as rich
markup or as an escape sequence (``assert_inert``). Permission errors need a process that
cannot read everything: as root, the command runs under ``setpriv`` with the capabilities
that let root ignore file modes dropped (skipped when ``setpriv`` is missing).
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hostile_text import assert_inert

from buyerlint import sources
from buyerlint.cli import main

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
DEMO = str(HERE / "packs" / "demo.yaml")
ORDER = " Order 112-1234567-1234567."
def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check", "--pack", DEMO, "--color", "never", *args])
    out, err = capsys.readouterr()
    assert_inert(out + err)
    assert "Traceback" not in err
    return code, out, err


def concise(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code, out, _ = run(["--format", "concise", str(path)], capsys)
    return code, out.splitlines()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ encodings and positions
@pytest.mark.parametrize(
    ("data", "where", "note"),
    [
        pytest.param(("Hi,\nrefund by PayPal." + ORDER).encode(), "2:11", None, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + ("Hi,\nrefund by PayPal." + ORDER).encode(), "2:11", None, id="utf-8-bom"),
        pytest.param(("Hi,\nrefund by PayPal." + ORDER).encode("utf-16"), "2:11", None, id="utf-16-bom"),
        pytest.param(("Hi,\nrefund by PayPal." + ORDER).encode("utf-16-be").join([b"\xfe\xff", b""]), "2:11", None,
                     id="utf-16-be-bom"),
        pytest.param(("Grüße,\nrefund by PayPal." + ORDER).encode("utf-32"), "2:11", None, id="utf-32-bom"),
        pytest.param("Caf\u00e9 \u2013 \u201cwe refund by PayPal\u201d.".encode("cp1252") + ORDER.encode(), "1:22",
                     "not UTF-8; read as cp1252 (Windows Latin-1)", id="cp1252-with-a-warning"),
        pytest.param("Grüße — ".encode() + b"\xff" + (" refund by PayPal." + ORDER).encode(), "1:21",
                     "not valid UTF-8: 1 undecodable byte sequence(s) shown as U+FFFD (the first at line 1, column 9)",
                     id="utf-8-with-a-bad-byte"),
        pytest.param("Grüße\r\n— ".encode() + b"\xed\xa0\x80" + (" by PayPal." + ORDER).encode(), "2:10",
                     "not valid UTF-8: 3 undecodable byte sequence(s) shown as U+FFFD (the first at line 2, column 3)",
                     id="utf-8-encoded-lone-surrogate"),
    ],
)
def test_encodings_are_decoded_with_positions_in_characters(
    data: bytes, where: str, note: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "d.txt", data)
    code, lines = concise(path, capsys)
    assert code == 1
    assert f"{path}:{where}: error [demo.paypal] PayPal is a payment channel outside Amazon." in lines
    notes = [line for line in lines if ": note: " in line]
    assert notes == ([f"{path}: note: {note}"] if note else [])


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("Hi,\r\n\r\nwe refund by PayPal.\r\n", "3:14", id="crlf"),
        pytest.param("Hi,\r\rwe refund by PayPal.\r", "3:14", id="lone-cr"),
        pytest.param("Hi,\n\r\nwe\rrefund by PayPal.", "4:11", id="mixed"),
    ],
)
def test_line_endings_keep_positions_right(text: str, where: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "d.txt", (text + ORDER).encode())
    code, lines = concise(path, capsys)
    assert code == 1
    assert lines == [f"{path}:{where}: error [demo.paypal] PayPal is a payment channel outside Amazon."]


# ------------------------------------------------------------------ not text at all
@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (contains NUL bytes)", id="png"),
        pytest.param(b"We refund by PayPal.\x00\x00 Order", "not a text file (contains NUL bytes)", id="nul-in-text"),
        pytest.param(bytes(range(1, 32)) * 8 + b"\xfe\xfd", "not a text file (binary content)", id="control-bytes"),
        pytest.param(b"\xff\xfe" + b"\x01\x00\x00\x00" * 20, "not a text file (contains NUL characters)",
                     id="nul-characters-after-a-utf-16-bom"),
        pytest.param(b"\xff\xfe\x00\x00" + b"\x01\x02\x03\x04" * 20, "not a text file (mostly undecodable as UTF-32)",
                     id="garbage-after-a-utf-32-bom"),
    ],
)
def test_binary_files_are_input_errors(data: bytes, message: str, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "d.txt", data)
    for fmt in ("concise", "rich"):
        code, out, _ = run(["--format", fmt, str(path)], capsys)
        assert code == 2
        assert f"{path}: error: {message}" in out


def test_an_empty_file_is_checked_like_any_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "empty.txt", b"")
    code, lines = concise(path, capsys)
    assert code == 0
    assert lines == [f"{path}:1:1: warning [demo.order-id] No Amazon order id."]


def test_a_very_long_line_keeps_its_column_and_is_shown_clipped(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    line = "word " * 40_000 + "we refund by PayPal" + " tail" * 1_000
    path = write(tmp_path / "long.txt", (line + ORDER).encode())
    started = time.monotonic()
    code, out, _ = run(["--format", "rich", str(path)], capsys)
    assert time.monotonic() - started < 60
    assert code == 1
    assert "  1:200014 error    demo.paypal" in out
    source_line = next(s for s in out.splitlines() if "│ …" in s)
    assert "we refund by PayPal" in source_line and len(source_line) < 140


# ------------------------------------------------------------------ unreadable inputs
def _unprivileged(cmd: list[str]) -> list[str]:
    """``cmd`` run so that file modes apply (root normally reads any file)."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: root can read any file")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]


def _cli(args: list[str], *, unprivileged: bool = False, stdin: bytes | None = None,
         cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "buyerlint", "check", "--pack", DEMO, "--color", "never", *args]
    done = subprocess.run(_unprivileged(cmd) if unprivileged else cmd, input=stdin and stdin.decode(),
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(SRC)})
    assert_inert(done.stdout + done.stderr)
    assert "Traceback" not in done.stderr
    return done


def test_a_file_without_read_permission_is_an_input_error(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", b"We refund by PayPal.")
    fine = write(tmp_path / "fine.txt", b"We refund by PayPal.")
    locked.chmod(0)
    try:
        done = _cli(["--format", "concise", str(locked), str(fine)], unprivileged=True)
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert done.returncode == 2
    assert f"{locked}: error: cannot read (Permission denied)" in done.stdout.splitlines()
    assert f"{fine}:1:14: error [demo.paypal]" in done.stdout


def test_an_unreadable_folder_in_a_walk_is_reported_and_the_rest_checked(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"We refund by PayPal.")
    write(tmp_path / "locked" / "b.txt", b"We refund by PayPal.")
    (tmp_path / "locked").chmod(0)
    try:
        done = _cli(["--format", "concise", str(tmp_path)], unprivileged=True)
    finally:
        (tmp_path / "locked").chmod(stat.S_IRWXU)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert f"{tmp_path / 'locked'}: error: cannot read directory (Permission denied)" in lines
    assert any(line.startswith(f"{tmp_path / 'a.txt'}:1:14: error [demo.paypal]") for line in lines)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p.symlink_to(p), "cannot read (Too many levels of symbolic links)", id="symlink-loop"),
        pytest.param(lambda p: p.symlink_to(p.parent / "gone.txt"), "no such file or directory", id="dangling-link"),
        pytest.param(lambda p: None, "no such file or directory", id="missing"),
    ],
)
def test_a_named_path_that_cannot_be_opened_is_an_input_error(make: object, message: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "named.txt"
    make(path)  # type: ignore[operator]
    code, lines = concise(path, capsys)
    assert code == 2
    assert lines == [f"{path}: error: {message}"]


def test_a_folder_named_like_a_draft_is_walked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "looks-like.txt" / "inner.txt", b"We refund by PayPal." + ORDER.encode())
    code, lines = concise(tmp_path / "looks-like.txt", capsys)
    assert code == 1
    assert lines[0].startswith(f"{tmp_path / 'looks-like.txt' / 'inner.txt'}:1:14: error [demo.paypal]")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_walk_is_skipped_not_waited_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", b"We refund by PayPal." + ORDER.encode())
    os.mkfifo(tmp_path / "pipe.txt")
    done = _cli(["--format", "concise", str(tmp_path)])  # would block forever if the FIFO were opened
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(f"{tmp_path / 'a.txt'}:1:14:")
    assert "pipe.txt" not in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_named_fifo_is_read_like_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"We refund by PayPal." + ORDER.encode()))
    writer.start()
    code, lines = concise(fifo, capsys)
    writer.join(timeout=10)
    assert code == 1
    assert lines == [f"{fifo}:1:14: error [demo.paypal] PayPal is a payment channel outside Amazon."]


# ------------------------------------------------------------------ walks stay inside the given paths
def test_symlink_loops_and_links_out_of_the_tree_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write(root / "a.txt", b"We refund by PayPal.")
    write(root / "sub" / "b.txt", b"We refund by PayPal.")
    write(outside / "secret.txt", b"We refund by PayPal.")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "self").symlink_to(root / "sub", target_is_directory=True)
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    (root / "again.txt").symlink_to(root / "a.txt")
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(SRC)!r})\n"
        "opened = []\n"
        f"sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' and str(args[0]).startswith({str(tmp_path)!r}) else None)\n"
        "from buyerlint.cli import main\n"
        f"code = main(['check', '--pack', {DEMO!r}, '--format', 'json', {str(root)!r}])\n"
        "print(json.dumps({'code': code, 'opened': opened}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    trace = json.loads(done.stderr.strip().splitlines()[-1])
    paths = sorted(Path(f["path"]).relative_to(root).as_posix() for f in json.loads(done.stdout)["findings"]
                   if f["rule"] == "demo.paypal")
    assert trace["code"] == 1
    assert paths == ["a.txt", "again.txt", "sub/b.txt"]
    assert all(Path(p).resolve().is_relative_to(root.resolve()) for p in trace["opened"]), trace["opened"]


def test_no_input_file_is_ever_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drafts = tmp_path / "drafts"
    contents = {
        "a.txt": b"We refund by PayPal!! a@b.com",
        "b.html": b"<p>Refund by <b>PayPal</b></p>",
        "c.eml": b"Subject: Hi\r\n\r\nRefund by PayPal.\r\n",
        "d.j2": b"{# buyerlint: ignore demo.paypal -- quoting #}PayPal {{ order_id }}",
        "e.txt": "Caf\u00e9 PayPal".encode("cp1252"),
        "f.txt": b"\x00binary",
    }
    for name, data in contents.items():
        write(drafts / name, data)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in drafts.iterdir()}
    for fmt in ("rich", "concise", "json", "jsonl", "sarif", "github", "junit"):
        run(["--format", fmt, str(drafts)], capsys)
    run(["--output", str(tmp_path / "report.json"), "--format", "json", str(drafts)], capsys)
    assert main(["baseline", "--pack", DEMO, "-o", str(tmp_path / "base.json"), str(drafts)]) == 0
    run(["--baseline", str(tmp_path / "base.json"), str(drafts)], capsys)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in drafts.iterdir()}
    assert after == before


# ------------------------------------------------------------------ size: bounded time and memory
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_a_50_mb_file_is_refused_quickly_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        block = b"We refund by PayPal. Thanks for your order!\n" * 1000
        for _ in range(50 * (1 << 20) // len(block) + 1):
            fh.write(block)
    script = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(SRC)!r})\n"
        "from buyerlint.cli import main\n"
        "t = time.monotonic()\n"
        f"code = main(['check', '--pack', {DEMO!r}, '--format', 'concise', {str(big)!r}])\n"
        "peak = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "print(code, time.monotonic() - t, peak, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    code, seconds, max_kib = done.stderr.split()
    assert int(code) == 2
    assert done.stdout == f"{big}: error: too large for a buyer message (50.0 MiB; the limit is 1.0 MiB); not checked\n"
    assert float(seconds) < 5
    assert int(max_kib) < 150_000  # the interpreter and buyerlint take ~40 MB; the file is never loaded


def test_50_mb_on_stdin_is_refused_after_reading_just_over_the_limit(tmp_path: Path) -> None:
    big = b"We refund by PayPal.\n" * (50 * (1 << 20) // 21)
    done = subprocess.run(
        [sys.executable, "-m", "buyerlint", "check", "--pack", DEMO, "--format", "concise", "-"],
        input=big, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert done.returncode == 2
    assert done.stdout.decode() == "-: error: too large for a buyer message (over 1.0 MiB); not checked\n"


def test_an_eml_may_carry_a_large_attachment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attachment = b"QUJD" * ((2 << 20) // 4)  # 2 MiB of base64
    lines = b"\r\n".join(attachment[i : i + 76] for i in range(0, len(attachment), 76))
    eml = (
        b"Subject: Your invoice\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nWe refund by PayPal. Order 112-1234567-1234567\r\n"
        b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + lines + b"\r\n--B--\r\n"
    )
    path = write(tmp_path / "invoice.eml", eml)
    assert len(eml) > sources.MAX_DRAFT_BYTES
    code, lines_out = concise(path, capsys)
    assert code == 1
    assert lines_out == [f"{path}:8:14: error [demo.paypal] PayPal is a payment channel outside Amazon."]


# ------------------------------------------------------------------ hostile names and text
def test_a_hostile_file_name_is_printed_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "[bold red]x\x1b[31m\u202e.txt", b"We refund by PayPal.")
    for fmt in ("rich", "concise", "github"):
        code, out, _ = run(["--format", fmt, str(path)], capsys)
        assert code == 1
        assert "[bold red]x\\x1b[31m\\u202e.txt" in out


# ------------------------------------------------------------------ catastrophic backtracking
SLOW_PACK = """\
name: slow
version: "1"
description: a pack with a pattern that backtracks catastrophically
defaults: {category: marketing, severity: error}
rules:
  - id: paypal
    kind: forbid
    terms: [paypal]
    message: m
    help: h
    policy: p
  - id: backtrack
    kind: forbid
    patterns: ['(a+)+$']
    message: m
    help: h
    policy: p
  - id: slow-unless
    kind: forbid
    patterns: ['\\bx\\b']
    unless: ['(a|aa)+$']
    message: m
    help: h
    policy: p
"""


@pytest.fixture
def slow_pack(tmp_path: Path) -> Path:
    return write(tmp_path / "slow.yaml", SLOW_PACK.encode())


def test_a_backtracking_pattern_is_reported_and_the_run_finishes(
    slow_pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = write(tmp_path / "draft.txt", b"We refund by PayPal.\n" + b"a" * 20_000 + b"b\n")
    started = time.monotonic()
    code = main(["check", "--pack", str(slow_pack), "--select", "slow.paypal", "--select", "slow.backtrack",
                 "--format", "json", str(draft)])
    elapsed = time.monotonic() - started
    out, _err = capsys.readouterr()
    report = json.loads(out)
    assert code == 2
    assert elapsed < 10
    assert [f["rule"] for f in report["findings"]] == ["slow.paypal"]
    (error,) = report["errors"]
    assert error["path"] == str(draft)
    assert error["message"] == (
        f"rule slow.backtrack ({slow_pack}:12) timed out on this draft: it ran over its time budget of 2.2s "
        "(in pattern '(?:(a+)+$)'); its findings are missing (the other rules were checked)"
    )


def test_many_slow_searches_of_one_rule_share_one_budget(
    slow_pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # each sentence costs the ``unless`` pattern ~0.5 s; 40 of them would take ~20 s unbounded
    draft = write(tmp_path / "draft.txt", ("x " + "a" * 27 + "b.\n").encode() * 40)
    started = time.monotonic()
    code, out, _ = run(["--pack", str(slow_pack), "--select", "slow.slow-unless", "--format", "concise", str(draft)],
                       capsys)
    assert time.monotonic() - started < 8
    assert code == 2
    assert f"{draft}: error: rule slow.slow-unless ({slow_pack}:18) timed out on this draft" in out


def test_the_timeout_is_shown_above_the_other_findings_in_the_rich_report(slow_pack: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    draft = write(tmp_path / "draft.txt", b"We refund by PayPal.\n" + b"a" * 20_000 + b"b\n")
    code, out, _ = run(["--pack", str(slow_pack), "--select", "slow.paypal", "--select", "slow.backtrack", "--format", "rich",
                          str(draft)], capsys)
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"{draft}: error: rule slow.backtrack ({slow_pack}:12) timed out")
    assert any("slow.paypal" in line for line in lines)
    assert "1 input could not be checked" in lines[-1]

"""mbox and .eml exports: each message becomes a record linted as an email, or a reported skip."""
from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from audit_helpers import read_all, summary_of

from buyerlint.audit.records import Malformed, Record

MBOX_HEAD = b"From seller@example.com Mon Jan  1 10:00:00 2024\n"


def _mbox(tmp_path: Path, data: bytes, name: str = "x.mbox") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_mbox_fixture_reads_every_message_and_reports_the_broken_ones(data: Path) -> None:
    items = read_all(data / "history.mbox")
    assert summary_of(items) == [
        ("message 1 (line 1)", "ok"),
        ("message 2 (line 17)", "ok"),
        ("message 3 (line 43)", "broken MIME: multipart/mixed whose boundary never appears"),
        ("message 4 (line 52)", "ok"),
        ("message 5 (line 62)", "no email headers (not an email message)"),
    ]


def test_mbox_message_keeps_headers_for_the_email_reader_and_metadata(data: Path) -> None:
    first = read_all(data / "history.mbox")[0]
    assert isinstance(first, Record)
    assert first.fmt == "eml"
    assert first.id == "<shipped-7730215@harbor-lamps.example>"
    assert first.text.startswith("From: Harbor Lamps")  # the "From " separator line is not part of it
    assert dict(first.meta) == {
        "date": "Mon, 04 Mar 2024 09:12:44 +0000",
        "subject": "Your order 112-4839201-7730215 has shipped",
        "order_id": "112-4839201-7730215",
    }


def test_body_line_starting_with_from_does_not_split_a_message(data: Path) -> None:
    first = read_all(data / "history.mbox")[0]
    assert isinstance(first, Record)
    assert "From now on you can follow it" in first.text


def test_mboxrd_quoted_from_lines_are_unquoted(data: Path) -> None:
    fourth = read_all(data / "history.mbox")[3]
    assert isinstance(fourth, Record)
    assert "\nFrom all of us" in fourth.text and ">From" not in fourth.text


def test_blank_line_before_the_next_separator_is_not_part_of_the_message(tmp_path: Path) -> None:
    path = _mbox(tmp_path, MBOX_HEAD + b"Subject: a\n\nbody\n\n" + MBOX_HEAD + b"Subject: b\n\nbody 2\n")
    first, second = read_all(path)
    assert isinstance(first, Record) and isinstance(second, Record)
    assert first.text == "Subject: a\n\nbody\n"
    assert second.text == "Subject: b\n\nbody 2\n"


def test_postmark_shaped_separator_without_a_blank_line_starts_a_message(tmp_path: Path) -> None:
    path = _mbox(tmp_path, MBOX_HEAD + b"Subject: a\n\nbody\n" + MBOX_HEAD + b"Subject: b\n\nbody 2\n")
    assert summary_of(read_all(path)) == [("message 1 (line 1)", "ok"), ("message 2 (line 5)", "ok")]


def test_message_over_the_size_limit_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    big = b"Subject: big\n\n" + b"x" * 80 + b"\n" + b"y" * 80 + b"\n"
    path = _mbox(tmp_path, MBOX_HEAD + big + b"\n" + MBOX_HEAD + b"Subject: small\n\nok\n")
    assert summary_of(read_all(path, limit=120)) == [
        ("message 1 (line 1)", "larger than 120 bytes; skipped"),
        ("message 2 (line 7)", "ok"),
    ]


def test_gzipped_mbox_is_read_by_content(tmp_path: Path, data: Path) -> None:
    path = tmp_path / "history.mbox.gz"
    path.write_bytes(gzip.compress((data / "history.mbox").read_bytes()))
    assert summary_of(read_all(path)) == summary_of(read_all(data / "history.mbox"))


def test_truncated_gzip_ends_with_one_malformed_item_instead_of_failing(tmp_path: Path) -> None:
    rng = random.Random(5)
    mbox = b"".join(MBOX_HEAD + f"Subject: {i}\n\n{rng.getrandbits(4096):x}\n\n".encode() for i in range(200))
    whole = gzip.compress(mbox)
    path = tmp_path / "cut.mbox.gz"
    path.write_bytes(whole[: len(whole) // 2])
    items = read_all(path)
    assert all(isinstance(i, Record) for i in items[:-1])
    assert 50 < len(items) - 1 < 100
    assert isinstance(items[-1], Malformed)
    assert items[-1].position.startswith("byte ")
    assert "the rest is skipped" in items[-1].reason


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        pytest.param(b"Subject: x\nContent-Type: multipart/mixed\n\nno boundary\n",
                     "broken MIME: multipart/mixed without a boundary", id="multipart-without-boundary"),
        pytest.param(b"Subject: x\nContent-Type: multipart/mixed; boundary=b1\n\n--b2\n\nwrong\n",
                     "broken MIME: multipart/mixed whose boundary never appears", id="boundary-never-appears"),
        pytest.param(b"just text, the headers were lost\n", "no email headers (not an email message)",
                     id="no-headers"),
        pytest.param(b"\nSubject: late\n\nbody\n", "no email headers (not an email message)", id="blank-first-line"),
        pytest.param(b"Subject: x\n\nbin\x00ary\n", "not a text file (contains NUL bytes)", id="nul-bytes"),
    ],
)
def test_broken_messages_are_reported_with_their_reason(tmp_path: Path, message: bytes, reason: str) -> None:
    path = _mbox(tmp_path, MBOX_HEAD + message)
    assert summary_of(read_all(path)) == [("message 1 (line 1)", reason)]


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(b"Subject: x\nContent-Type: multipart/mixed; boundary=b1\n\n--b1\n\ntext\n--b1--\n",
                     id="multipart-with-its-boundary"),
        pytest.param(b"Subject: caf\xe9\n\nlatin-1 body \xe9\n", id="legacy-8bit"),
        pytest.param(b"Subject: x\r\n\r\nCRLF body\r\n", id="crlf"),
    ],
)
def test_sound_messages_are_records(tmp_path: Path, message: bytes) -> None:
    path = _mbox(tmp_path, MBOX_HEAD + message)
    assert summary_of(read_all(path)) == [("message 1 (line 1)", "ok")]


def test_eml_folder_is_walked_in_name_order_skipping_hidden_and_other_files(data: Path) -> None:
    items = read_all(data / "eml")
    base = str(data / "eml")
    assert summary_of(items) == [
        (f"{base}/01-thanks.eml", "ok"),
        (f"{base}/02-refund.eml", "ok"),
        (f"{base}/03-scan.eml", "not a text file (contains NUL bytes)"),
        (f"{base}/returns/04-label.eml", "ok"),
    ]


def test_eml_subject_encoded_words_are_decoded_in_metadata(data: Path) -> None:
    refund = read_all(data / "eml")[1]
    assert isinstance(refund, Record)
    assert refund.get("subject") == "Your rückerstattung"
    assert refund.id == "<refund-5550102@harbor-lamps.example>"


def test_single_eml_file_is_a_one_message_export(data: Path) -> None:
    assert summary_of(read_all(data / "eml" / "01-thanks.eml")) == [(str(data / "eml" / "01-thanks.eml"), "ok")]


def test_eml_file_over_the_limit_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.eml").write_bytes(b"Subject: x\n\n" + b"x" * 500)
    (tmp_path / "small.eml").write_bytes(b"Subject: y\n\nok\n")
    assert summary_of(read_all(tmp_path, limit=100)) == [
        (f"{tmp_path}/big.eml", "larger than 100 bytes; skipped"),
        (f"{tmp_path}/small.eml", "ok"),
    ]

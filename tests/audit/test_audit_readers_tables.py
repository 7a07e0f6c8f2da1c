"""JSON Lines and CSV exports: text, id and metadata fields, and every kind of bad record."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from audit_helpers import read_all, summary_of

from buyerlint.audit.fields import Fields
from buyerlint.audit.records import Malformed, Record
from buyerlint.errors import InputError


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _records(items: list[Record | Malformed]) -> list[Record]:
    return [i for i in items if isinstance(i, Record)]


# --- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_fixture_reports_bad_lines_by_line_number(data: Path) -> None:
    assert summary_of(read_all(data / "messages.jsonl")) == [
        ("line 1", "ok"),
        ("line 2", "ok"),
        ("line 3", "not valid JSON (Unterminated string starting at column 26)"),
        ("line 4", "no text (looked for text, body, message, content, message_body, message_text)"),
        ("line 6", "ok"),  # line 5 is blank: not a record
        ("line 7", "not valid UTF-8 (invalid continuation byte at byte 30)"),
        ("line 8", "a JSON list, not an object"),
        ("line 9", "ok"),
    ]


def test_jsonl_record_has_id_metadata_and_subject_line(data: Path) -> None:
    second = read_all(data / "messages.jsonl")[1]
    assert isinstance(second, Record)
    assert second.id == "m-1002"
    assert dict(second.meta) == {"date": "2024-05-01T10:00:00Z", "subject": "Refund for 113-5550001-0000002",
                                 "order_id": "113-5550001-0000002"}
    assert second.text.startswith("Subject: Refund for 113-5550001-0000002\n\nHello Lee,\n")
    assert second.fmt == "text"


def test_jsonl_text_field_is_found_per_record_and_ids_may_be_numbers(data: Path) -> None:
    records = _records(read_all(data / "messages.jsonl"))
    assert [r.id for r in records] == ["m-1001", "m-1002", "m-1005", "1008"]
    assert records[2].text.startswith("Hello Lee, we will send you a gift card")  # from "body"
    assert records[3].text.startswith("Order 113-5550001-0000008")  # from "message"


def test_jsonl_malformed_record_keeps_its_id_when_it_has_one(data: Path) -> None:
    missing_text = read_all(data / "messages.jsonl")[3]
    assert isinstance(missing_text, Malformed) and missing_text.id == "m-1004"


@pytest.mark.parametrize(
    ("fields", "line", "text"),
    [
        pytest.param(Fields(text="payload.body"), {"payload": {"body": "nested"}}, "nested", id="dotted-path"),
        pytest.param(Fields(text="Body Text"), {"body_text": "loose"}, "loose", id="loose-name"),
        pytest.param(Fields(text="note"), {"text": "not this", "note": "this"}, "this", id="explicit-wins"),
    ],
)
def test_jsonl_text_field_option(tmp_path: Path, fields: Fields, line: dict[str, object], text: str) -> None:
    path = _write(tmp_path, "x.jsonl", json.dumps(line) + "\n")
    (record,) = read_all(path, fields=fields)
    assert isinstance(record, Record) and record.text == text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param('{"text": null}', "no text (looked for text, body, message, content, message_body, message_text)",
                     id="null-text"),
        pytest.param('{"text": ["a"]}', "'text' is a list, not text", id="list-text"),
        pytest.param('{"text": "  "}', "'text' is empty", id="blank-text"),
        pytest.param('{"text": "a"', "not valid JSON (Expecting ',' delimiter at column 13)", id="cut-off"),
        pytest.param("42", "a JSON int, not an object", id="number"),
    ],
)
def test_jsonl_bad_records(tmp_path: Path, line: str, reason: str) -> None:
    path = _write(tmp_path, "x.jsonl", '{"text": "fine"}\n' + line + "\n")
    assert summary_of(read_all(path)) == [("line 1", "ok"), ("line 2", reason)]


def test_jsonl_id_field_option_and_position_fallback(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.jsonl", '{"ref": "r-9", "text": "a"}\n{"text": "b"}\n')
    assert [r.id for r in _records(read_all(path, fields=Fields(id="ref")))] == ["r-9", "line 2"]


def test_jsonl_line_over_the_limit_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.jsonl", '{"text": "' + "x" * 1000 + '"}\n{"text": "short"}\n')
    assert summary_of(read_all(path, limit=200)) == [("line 1", "longer than 200 bytes; skipped"), ("line 2", "ok")]


def test_jsonl_with_bom_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.jsonl", codecs.BOM_UTF8 + b'{"text": "a"}\r\n{"text": "b"}\r\n')
    assert [r.text for r in _records(read_all(path))] == ["a", "b"]


def test_json_array_is_an_unusable_export(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.json", '[{"text": "a"}]')
    with pytest.raises(InputError, match="a JSON array, not JSON Lines"):
        read_all(path)


# --- CSV ----------------------------------------------------------------------------------

CUSTOM = Fields(text="Message Body", id="Msg ID")


def test_csv_fixture_with_bom_custom_columns_and_a_multiline_field(data: Path) -> None:
    items = read_all(data / "messages.csv", fields=CUSTOM)
    assert summary_of(items) == [
        ("row 1 (line 2)", "ok"),
        ("row 2 (line 3)", "ok"),
        ("row 3 (line 9)", "6 fields where the header has 5"),
        ("row 4 (line 10)", "not valid CSV (',' expected after '\"')"),
        ("row 5 (line 12)", "ok"),  # line 11 is blank: not a row
        ("row 6 (line 13)", "'Message Body' is empty"),
    ]
    second = items[1]
    assert isinstance(second, Record)
    assert second.id == "A-2"
    assert second.text == ('Hello Kim,\r\n\r\nwe are sorry about the dent.\r\nWe can refund you via PayPal, or mail '
                           '"Support" at help@harbor-lamps.example.\r\n\r\nHarbor Lamps')
    assert dict(second.meta) == {"date": "2024-06-02", "order_id": "111-0000001-0000002"}


def test_csv_columns_are_found_without_options_too(data: Path) -> None:
    assert summary_of(read_all(data / "messages.csv")) == summary_of(read_all(data / "messages.csv", fields=CUSTOM))


@pytest.mark.parametrize(
    ("content", "texts"),
    [
        pytest.param("id;text\n1;a, b\n2;c\n", ["a, b", "c"], id="semicolon"),
        pytest.param("id\ttext\n1\ta, b\n", ["a, b"], id="tab"),
        pytest.param('id,text\n1,"say ""hi"""\n', ['say "hi"'], id="doubled-quotes"),
        pytest.param("id,text\n1,a\n\n\n2,b\n", ["a", "b"], id="blank-lines"),
    ],
)
def test_csv_dialects(tmp_path: Path, content: str, texts: list[str]) -> None:
    assert [r.text for r in _records(read_all(_write(tmp_path, "x.csv", content)))] == texts


def test_csv_utf16_with_bom_as_excel_writes_unicode_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.tsv", "id\ttext\r\n1\tCafé am Markt\r\n".encode("utf-16"))
    assert [r.text for r in _records(read_all(path))] == ["Café am Markt"]


def test_csv_legacy_encoding_option(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", "id,text\n1,Café\n".encode("cp1252"))
    assert summary_of(read_all(path)) == [("row 1 (line 2)", "holds bytes that are not valid in its encoding (see --encoding)")]
    assert [r.text for r in _records(read_all(path, encoding="cp1252"))] == ["Café"]


def test_csv_huge_field_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    huge = "x" * 300_000
    path = _write(tmp_path, "x.csv", f'id,text\n1,"{huge}"\n2,after\n')
    assert summary_of(read_all(path, limit=200_000)) == [
        ("row 1 (line 2)", "not valid CSV (field larger than field limit (200000))"),
        ("row 2 (line 3)", "ok"),
    ]


def test_csv_field_limit_is_restored_after_reading(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit()
    read_all(_write(tmp_path, "x.csv", "id,text\n1,a\n"), limit=1 << 24)
    assert csv.field_size_limit() == before


def test_csv_unterminated_quote_at_the_end_is_one_malformed_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.csv", 'id,text\n1,fine\n2,"never closed\n3,lost\n')
    assert summary_of(read_all(path)) == [("row 1 (line 2)", "ok"),
                                          ("row 2 (line 3)", "not valid CSV (unexpected end of data)")]


@pytest.mark.parametrize(
    ("content", "fields", "message"),
    [
        pytest.param("id,subject\n1,x\n", Fields(), "no column with the text (looked for text, body", id="no-text-column"),
        pytest.param("id,text\n1,x\n", Fields(text="Body"), "no column 'Body' in the header (id, text)",
                     id="named-column-missing"),
        pytest.param("id,text\n1,x\n", Fields(id="Ref"), "no column 'Ref' in the header", id="id-column-missing"),
        pytest.param("", Fields(), "empty CSV file", id="empty"),
    ],
)
def test_unusable_csv_header_is_an_input_error(tmp_path: Path, content: str, fields: Fields, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_all(_write(tmp_path, "x.csv", content), fields=fields)


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        pytest.param("export.txt", b"From a@b Mon Jan  1 10:00:00 2024\nSubject: x\n\nb\n", "mbox", id="mbox-by-content"),
        pytest.param("export", b'{"text": "a"}\n', "jsonl", id="jsonl-by-content"),
        pytest.param("export.ndjson", b'{"text": "a"}\n', "jsonl", id="ndjson"),
        pytest.param("export.TSV", b"id\ttext\n1\ta\n", "csv", id="tsv-any-case"),
    ],
)
def test_format_is_told_from_name_or_content(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    from buyerlint.audit.readers import Options, open_export

    with open_export(str(_write(tmp_path, name, content)), Options()) as export:
        assert export.kind == kind


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        pytest.param("notes.txt", b"hello\n", None, "cannot tell the export format", id="unknown"),
        pytest.param("x.jsonl", b'{"text": "a"}\n', "mbox", "not an mbox file", id="not-mbox"),
        pytest.param("missing.csv", None, None, "no such file or directory", id="missing"),
    ],
)
def test_unusable_exports(tmp_path: Path, name: str, content: bytes | None, kind: str | None, message: str) -> None:
    from buyerlint.audit.readers import Options, open_export

    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        open_export(str(path), Options(kind=kind))

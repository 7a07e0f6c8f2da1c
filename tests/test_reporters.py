"""Output formats: sarif, github, jsonl, junit and the --statistics table, from hand-built results."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from buyerlint import __version__, api
from buyerlint.models import FileResult, Finding, Severity
from buyerlint.reporters import FORMATS, get, github, sarif, sarif_rules

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "reporters"
NEW_FORMATS = ("sarif", "github", "jsonl", "junit", "statistics")

EMOJI_LINE = "Hi 😀 你好 — refund via PayPal today."
TEXT = "Dear buyer,\n" + EMOJI_LINE + "\nWrite to me at bob@example.com\nor call.\n"


def finding(
    rule: str = "demo.paypal",
    *,
    path: str = "drafts/late delivery.txt",
    severity: Severity = Severity.ERROR,
    message: str = "PayPal is a payment channel outside Amazon.",
    line: int = 2,
    column: int = 1,
    end_line: int | None = None,
    end_column: int | None = None,
    match: str = "PayPal",
    category: str = "payment-outside-amazon",
    help: str = "Refund through Amazon (Manage Orders) instead.",
    policy: str = "https://example.com/payment",
    note: str = "",
) -> Finding:
    end_line = line if end_line is None else end_line
    end_column = column + len(match) if end_column is None else end_column
    return Finding(
        path,
        rule,
        category,
        severity,
        message,
        line,
        column,
        end_line,
        end_column,
        match,
        help,
        policy,
        0,
        len(match),
        note,
    )


def zero_width(path: str = "drafts/late delivery.txt") -> Finding:
    return finding(
        "demo.order-id",
        path=path,
        severity=Severity.WARNING,
        message="No Amazon order id.",
        line=1,
        column=1,
        match="",
        category="missing-order-id",
        help="Add the order id (3-7-7 digits) or its placeholder.",
        policy="https://example.com/order-id",
    )


def sample() -> list[FileResult]:
    """A flagged file (zero-width, code-point columns, a repeat, a multi-line match), a clean one, errors."""
    col = EMOJI_LINE.index("PayPal") + 1
    path = "drafts/late delivery.txt"
    findings = (
        zero_width(),
        finding(column=col),
        finding(
            path=path,
            rule="demo.email",
            severity=Severity.INFO,
            message="Email address bob@example.com.",
            line=3,
            column=15,
            match="bob@example.com",
            category="contact-info",
            help="Remove the address; buyers reply through Amazon.",
            policy="https://example.com/contact",
        ),
        finding(
            path=path,
            rule="demo.phone",
            message="Call-me request: 50% off, call.",
            line=3,
            column=1,
            end_line=4,
            end_column=8,
            match="Write to me at bob@example.com\nor call",
            category="contact-info",
            help="Keep the conversation on Amazon.",
            policy="",
        ),
    )
    return [
        FileResult(path, findings, text=TEXT),
        FileResult("drafts/clean.txt", text="Order 112-1234567-1234567 shipped.\n"),
        FileResult("drafts/gone.txt", error="cannot read (No such file or directory)"),
        FileResult("-", (zero_width("-"),), notes=("decoded as cp1252",), text="Hello\n"),
    ]


def render(fmt: str, results: Iterable[FileResult]) -> str:
    out = io.StringIO()
    get(fmt)(results, out, False)
    return out.getvalue()


def sarif_doc(results: Sequence[FileResult]) -> Any:
    return json.loads(render("sarif", results))


@pytest.mark.parametrize("fmt", [pytest.param(f, id=f) for f in NEW_FORMATS])
def test_output_matches_golden_file(fmt: str) -> None:
    out = render(fmt, sample()).replace(f'"{__version__}"', '"<version>"')
    golden = GOLDEN / f"{fmt}.txt"
    if os.environ.get("BUYERLINT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert out == golden.read_text(encoding="utf-8")


def test_every_format_is_registered() -> None:
    assert set(NEW_FORMATS) - {"statistics"} <= set(FORMATS)
    assert all(callable(get(name)) for name in (*FORMATS, "statistics"))
    with pytest.raises(KeyError):
        get("nope")


# -- GitHub workflow commands ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        pytest.param("100% sure", "100%25 sure", "100%25 sure", id="percent"),
        pytest.param("a\nb", "a%0Ab", "a%0Ab", id="newline"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="crlf"),
        pytest.param("a:b", "a:b", "a%3Ab", id="colon-only-in-properties"),
        pytest.param("a,b", "a,b", "a%2Cb", id="comma-only-in-properties"),
        pytest.param("%0A", "%250A", "%250A", id="already-escaped-text-stays-literal"),
        pytest.param("\x1b[31mred", "\\x1b[31mred", "\\x1b[31mred", id="terminal-escape-made-visible"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert github.escape_data(text) == data
    assert github.escape_property(text) == prop


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(
            finding(column=5),
            "::error file=drafts/late delivery.txt,line=2,col=5,endLine=2,endColumn=11,"
            "title=buyerlint (demo.paypal)::PayPal is a payment channel outside Amazon.%0A"
            "Refund through Amazon (Manage Orders) instead.\n",
            id="error",
        ),
        pytest.param(finding(severity=Severity.WARNING, help=""), "::warning ", id="warning"),
        pytest.param(finding(severity=Severity.INFO, help=""), "::notice ", id="info-is-notice"),
        pytest.param(zero_width(), "line=1,col=1,endLine=1,endColumn=1,", id="zero-width"),
        pytest.param(finding(line=3, end_line=4, end_column=3), "line=3,endLine=4,title=", id="multi-line-no-columns"),
        pytest.param(finding(path="a:b,c%.txt"), "file=a%3Ab%2Cc%25.txt,", id="path-escaped"),
        pytest.param(finding(message="50% off,\nnow: go", help=""), "::50%25 off,%0Anow: go\n", id="message-escaped"),
    ],
)
def test_github_emits(item: Finding, expected: str) -> None:
    out = render("github", [FileResult(item.path, (item,))])
    assert expected in out
    assert out.count("\n") == 1


# -- what each format emits for input errors, zero-width findings and hostile text --------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        pytest.param("github", "::error file=drafts/gone.txt::cannot read (No such file or directory)\n", id="github"),
        pytest.param(
            "jsonl", '{"path":"drafts/gone.txt","error":"cannot read (No such file or directory)"}\n', id="jsonl"
        ),
        pytest.param(
            "junit", '<error message="cannot read (No such file or directory)" type="input-error">', id="junit"
        ),
        pytest.param("sarif", '"text": "drafts/gone.txt: cannot read (No such file or directory)"', id="sarif"),
    ],
)
def test_input_errors_are_reported(fmt: str, expected: str) -> None:
    assert expected in render(fmt, [FileResult("drafts/gone.txt", error="cannot read (No such file or directory)")])


def test_statistics_ignores_input_errors() -> None:
    assert render("statistics", [FileResult("gone.txt", error="cannot read")]) == "  0  total\n"


@pytest.mark.parametrize(
    ("errors", "successful"), [pytest.param(True, False, id="input-error"), pytest.param(False, True, id="clean")]
)
def test_sarif_input_errors_are_notifications(errors: bool, successful: bool) -> None:
    results = sample() if errors else sample()[:2]
    invocation = sarif_doc(results)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is successful
    levels = [n["level"] for n in invocation.get("toolExecutionNotifications", [])]
    assert ("error" in levels) is errors


HOSTILE = "x\ud800y\x00\x1b[2J\x7f\u2028\u202e\ufffe\U0001f600"


def hostile() -> list[FileResult]:
    item = finding(path="dir/\udcff\x01.txt", message=f"{HOSTILE} is bad", match=HOSTILE, help=HOSTILE, note=HOSTILE)
    return [FileResult(item.path, (item,)), FileResult(f"gone{HOSTILE}", error=HOSTILE)]


@pytest.mark.parametrize("fmt", [pytest.param(f, id=f) for f in ("sarif", "jsonl", "json")])
def test_json_formats_stay_valid_ascii_json(fmt: str) -> None:
    out = render(fmt, hostile())
    assert out.isascii()
    docs = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else [json.loads(out)]
    assert docs


def test_jsonl_round_trips_findings_exactly() -> None:
    lines = render("jsonl", hostile()).splitlines()
    assert json.loads(lines[0]) == hostile()[0].findings[0].to_dict()
    assert json.loads(lines[1]) == {"path": f"gone{HOSTILE}", "error": HOSTILE}


def test_sarif_replaces_lone_surrogates_keeping_columns() -> None:
    region = sarif_doc(hostile())["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["snippet"]["text"] == HOSTILE.replace("\ud800", "\ufffd")
    assert len(region["snippet"]["text"]) == region["endColumn"] - region["startColumn"]


def test_junit_is_well_formed_with_control_characters() -> None:
    root = ET.fromstring(render("junit", hostile()).encode("utf-8"))
    failure = root.find("testcase/failure")
    error = root.find("testcase/error")
    assert failure is not None and error is not None
    assert failure.get("message") == "xy[2J\x7f\u2028\u202e\U0001f600 is bad"  # NUL, ESC, U+FFFE dropped
    assert error.get("message") == "xy[2J\x7f\u2028\u202e\U0001f600"


def test_junit_counts_and_structure() -> None:
    root = ET.fromstring(render("junit", sample()))
    assert (root.tag, root.get("name")) == ("testsuite", "buyerlint")
    assert {k: root.get(k) for k in ("tests", "failures", "errors")} == {"tests": "4", "failures": "2", "errors": "1"}
    cases = root.findall("testcase")
    assert [c.get("classname") for c in cases] == [
        "drafts/late delivery.txt",
        "drafts/clean.txt",
        "drafts/gone.txt",
        "-",
    ]
    assert [len(c.findall("failure")) for c in cases] == [4, 0, 0, 1]
    first = cases[0].findall("failure")[1]
    assert first.get("type") == "demo.paypal"
    assert (first.text or "").startswith("drafts/late delivery.txt:2:")
    assert "help: Refund through Amazon" in (first.text or "")


# -- SARIF specifics ----------------------------------------------------------------------------


def test_sarif_columns_are_code_points() -> None:
    run = sarif_doc(sample())["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    result = next(r for r in run["results"] if r["ruleId"] == "demo.paypal")
    region = result["locations"][0]["physicalLocation"]["region"]
    start, end = region["startColumn"], region["endColumn"]
    assert EMOJI_LINE[start - 1 : end - 1] == region["snippet"]["text"] == "PayPal"
    assert start == 22  # code points; UTF-16 would say 23, UTF-8 bytes 31
    assert len(EMOJI_LINE[: start - 1].encode("utf-16-le")) // 2 + 1 == 23


def test_sarif_columns_come_from_the_engine_in_code_points() -> None:
    rules = api.load_rules([str(HERE / "packs" / "demo.yaml")])
    hit = next(f for f in api.lint_text(TEXT, rules, path="draft.txt") if f.rule == "demo.paypal")
    assert (hit.line, hit.column, hit.end_column) == (2, 22, 28)


def test_sarif_zero_width_finding_is_a_valid_empty_region() -> None:
    result = sarif_doc([FileResult("a.txt", (zero_width("a.txt"),))])["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}


def test_sarif_rules_are_deduplicated_and_indexed() -> None:
    run = sarif_doc(sample())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["demo.email", "demo.order-id", "demo.paypal", "demo.phone"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    paypal = rules[2]
    assert paypal["name"] == "DemoPaypal"
    assert paypal["shortDescription"]["text"] == "{match} is a payment channel outside Amazon."
    assert paypal["helpUri"] == "https://example.com/payment"
    assert paypal["defaultConfiguration"]["level"] == "error"
    assert paypal["properties"]["category"] == "payment-outside-amazon"
    assert "helpUri" not in rules[3]  # no policy address
    assert run["tool"]["driver"]["version"] == __version__


def test_sarif_fingerprints_are_stable_and_distinct() -> None:
    results = [FileResult("a.txt", (finding(path="a.txt", line=1), finding(path="a.txt", line=2, match="paypal")))]
    prints = [r["partialFingerprints"]["buyerlint/v1"] for r in sarif_doc(results)["runs"][0]["results"]]
    assert prints[0].split(":")[0] == prints[1].split(":")[0]  # same rule, path and normalised match
    assert prints[0] != prints[1]  # ...but a different occurrence
    assert prints == [r["partialFingerprints"]["buyerlint/v1"] for r in sarif_doc(results)["runs"][0]["results"]]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("drafts/a.txt", {"uri": "drafts/a.txt", "uriBaseId": "%SRCROOT%"}, id="relative"),
        pytest.param("./drafts/a.txt", {"uri": "drafts/a.txt", "uriBaseId": "%SRCROOT%"}, id="dot-slash"),
        pytest.param("my drafts/50%.txt", {"uri": "my%20drafts/50%25.txt", "uriBaseId": "%SRCROOT%"}, id="encoded"),
        pytest.param("c:note.txt", {"uri": "c%3Anote.txt", "uriBaseId": "%SRCROOT%"}, id="colon-not-a-scheme"),
        pytest.param("entwürfe/é.txt", {"uri": "entw%C3%BCrfe/%C3%A9.txt", "uriBaseId": "%SRCROOT%"}, id="unicode"),
        pytest.param("bad\udcff.txt", {"uri": "bad%FF.txt", "uriBaseId": "%SRCROOT%"}, id="undecodable-byte"),
        pytest.param("/srv/drafts/a b.txt", {"uri": "file:///srv/drafts/a%20b.txt"}, id="absolute"),
    ],
)
def test_sarif_artifact_uri(path: str, expected: dict[str, str]) -> None:
    assert sarif.artifact(path) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(finding(), "{match} is a payment channel outside Amazon.", id="match-replaced"),
        pytest.param(zero_width(), "No Amazon order id.", id="no-match"),
        pytest.param(
            finding(message="PayPal is outside Amazon. (disguised)", note="disguised"),
            "{match} is outside Amazon.",
            id="note-dropped",
        ),
        pytest.param(finding(message="PayPal or PayPal"), None, id="ambiguous"),
    ],
)
def test_sarif_message_template_recovery(item: Finding, expected: str | None) -> None:
    assert sarif_rules.template(item) == expected


# -- statistics ---------------------------------------------------------------------------------


def test_statistics_sorts_by_count_then_rule() -> None:
    results = [FileResult("a", (finding("b.rule"), finding("a.rule"), finding("c.rule"), finding("c.rule")))]
    lines = render("statistics", results).splitlines()
    assert [line.split()[:2] for line in lines] == [["2", "c.rule"], ["1", "a.rule"], ["1", "b.rule"], ["4", "total"]]


STREAMED_CASES = [
    pytest.param([], id="no-files"),
    pytest.param([FileResult("a.txt")], id="clean-file"),
    pytest.param([FileResult("b.bin", error="not a text file")], id="input-error-only"),
    pytest.param(
        [FileResult("x.txt", (finding(),), notes=("read as cp1252",)), FileResult("y.txt", error="gone"),
         FileResult("z.txt", (finding(), finding()))],
        id="findings-errors-notes",
    ),
    pytest.param(sample(), id="sample"),
    pytest.param(  # the same file given twice: ordinals of its SARIF fingerprints go on counting
        [FileResult("a.txt", (finding(path="a.txt"),)), FileResult("b.txt", (finding(path="b.txt"),), notes=("n",)),
         FileResult("a.txt", (finding(path="a.txt"), zero_width("a.txt")))],
        id="a-path-twice",
    ),
    pytest.param(
        [FileResult("\ud800.txt", (finding(path="\ud800.txt", match="Pay\ud800Pal", message="\x00 \u2028"),),
                    error="x\ud800", notes=("<&>\x01",))],
        id="surrogates-and-controls",
    ),
]


@pytest.mark.parametrize("results", STREAMED_CASES)
def test_json_report_is_written_incrementally_as_the_whole_document(results: list[FileResult]) -> None:
    from buyerlint.reporters import jsonreport

    out = io.StringIO()
    jsonreport.report(iter(results), out)
    assert out.getvalue() == json.dumps(jsonreport.as_dict(results), indent=2, ensure_ascii=True) + "\n"


@pytest.mark.parametrize("results", STREAMED_CASES)
def test_sarif_report_streamed_is_the_whole_document(results: list[FileResult]) -> None:
    out = io.StringIO()
    sarif.report(iter(results), out)
    assert out.getvalue() == json.dumps(sarif.as_dict(results), indent=2, ensure_ascii=True) + "\n"


@pytest.mark.parametrize("results", STREAMED_CASES)
def test_junit_report_streamed_is_the_whole_document(results: list[FileResult]) -> None:
    from buyerlint.reporters import junit

    root = junit.as_element(results)
    ET.indent(root)
    out = io.StringIO()
    junit.report(iter(results), out)
    assert out.getvalue() == '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("fmt", [pytest.param(f, id=f) for f in (*FORMATS, "statistics")])
@pytest.mark.parametrize("results", STREAMED_CASES)
def test_every_format_reads_a_stream_once_and_writes_what_a_list_gives(fmt: str, results: list[FileResult]) -> None:
    def once() -> Iterator[FileResult]:
        yield from results

    assert render(fmt, once()) == render(fmt, results)

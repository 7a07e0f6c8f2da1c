"""JUnit XML: one testsuite, one testcase per file, one ``<failure>`` per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import TextIO

from buyerlint.models import FileResult, Finding
from buyerlint.spool import Spool

# Characters XML 1.0 does not allow at all (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/F)
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (ElementTree escapes the rest)."""
    return _INVALID.sub("", text)


def _failure(case: ET.Element, f: Finding) -> None:
    node = ET.SubElement(case, "failure", message=xml_text(f.message), type=f.rule)
    body = f"{f.path}:{f.line}:{f.column}: {f.severity.label} [{f.rule}] {f.message}"
    if f.help:
        body += f"\nhelp: {f.help}"
    if f.policy:
        body += f"\npolicy: {f.policy}"
    node.text = xml_text(body)


def _case(result: FileResult) -> ET.Element:
    path = xml_text(result.path)
    case = ET.Element("testcase", classname=path, name=path, file=path)
    if result.error is not None:
        node = ET.SubElement(case, "error", message=xml_text(result.error), type="input-error")
        node.text = xml_text(f"{result.path}: {result.error}")
    for f in result.findings:
        _failure(case, f)
    if result.notes:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(f"note: {n}" for n in result.notes))
    return case


def _suite(tests: int, failures: int, errors: int) -> ET.Element:
    # counts are of test cases (files), as in the Ant/Jenkins JUnit schema
    return ET.Element("testsuite", name="buyerlint", tests=str(tests), failures=str(failures), errors=str(errors),
                      skipped="0")


def as_element(results: Sequence[FileResult]) -> ET.Element:
    suite = _suite(len(results), sum(1 for r in results if r.findings), sum(1 for r in results if r.error is not None))
    suite.extend(_case(r) for r in results)
    return suite


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    """The indented ``as_element(results)``. The suite's counts come first, so each test case
    waits, as XML text, in a spool until every result has been seen."""
    tests = failures = errors = 0
    with Spool() as cases:
        for result in results:
            tests += 1
            failures += bool(result.findings)
            errors += result.error is not None
            case = _case(result)
            ET.indent(case, level=1)
            cases.append(ET.tostring(case, encoding="unicode"))
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        suite = ET.tostring(_suite(tests, failures, errors), encoding="unicode")
        if not cases.count:
            stream.write(suite + "\n")
            return
        stream.write(suite.removesuffix(" />") + ">\n")
        for text in cases:
            stream.write(f"  {text}\n")
        stream.write("</testsuite>\n")

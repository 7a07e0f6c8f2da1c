"""JUnit XML: one testsuite, one testcase per file, one ``<failure>`` per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from buyerlint.models import FileResult, Finding

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


def as_element(results: Sequence[FileResult]) -> ET.Element:
    suite = ET.Element("testsuite", name="buyerlint")
    failures = errors = 0
    for result in results:
        path = xml_text(result.path)
        case = ET.SubElement(suite, "testcase", classname=path, name=path, file=path)
        if result.error is not None:
            errors += 1
            node = ET.SubElement(case, "error", message=xml_text(result.error), type="input-error")
            node.text = xml_text(f"{result.path}: {result.error}")
        if result.findings:
            failures += 1
        for f in result.findings:
            _failure(case, f)
        if result.notes:
            ET.SubElement(case, "system-out").text = xml_text("\n".join(f"note: {n}" for n in result.notes))
    # counts are of test cases (files), as in the Ant/Jenkins JUnit schema
    suite.set("tests", str(len(results)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return suite


def report(results: Sequence[FileResult], stream: TextIO, color: bool = False) -> None:
    root = as_element(results)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")

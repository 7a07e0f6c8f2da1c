"""SARIF 2.1.0 for GitHub code scanning: one run, rules built from the findings themselves."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from typing import TextIO
from urllib.parse import quote

from buyerlint import __version__
from buyerlint.models import FileResult, Finding, Severity
from buyerlint.reporters.sarif_rules import LEVEL, descriptors

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/buyerlint/"
FINGERPRINT = "buyerlint/v1"
_SURROGATE = re.compile("[\ud800-\udfff]")
_DRIVE = re.compile(r"^[A-Za-z]:/")

Json = dict[str, object]


def _clean(value: object) -> object:
    """``value`` with lone surrogates replaced by U+FFFD (one code point each: columns stay right)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _bytes(text: str) -> bytes:
    try:  # undecodable file-name bytes come back as themselves
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def artifact(path: str) -> Json:
    """An artifactLocation: a percent-encoded URI with forward slashes, relative to %SRCROOT%."""
    slashed = path.replace(os.sep, "/") if os.sep != "/" else path
    if slashed.startswith("/") or _DRIVE.match(slashed):
        absolute = slashed if slashed.startswith("/") else "/" + slashed
        return {"uri": "file://" + quote(_bytes(absolute), safe="/:")}
    while slashed.startswith("./"):
        slashed = slashed[2:]
    return {"uri": quote(_bytes(slashed), safe="/"), "uriBaseId": "%SRCROOT%"}


def fingerprint(f: Finding, occurrence: int) -> str:
    """Stable across runs: rule, path and the match (case and spacing normalised), plus its ordinal."""
    key = "\0".join((f.rule, f.path, " ".join(f.match.casefold().split())))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{digest}:{occurrence}"


def _region(f: Finding) -> Json:
    line = max(f.line, 1)
    col = max(f.column, 1)
    end_line = max(f.end_line, line)
    end_col = f.end_column if end_line > line else max(f.end_column, col)
    region: Json = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": max(end_col, 1)}
    if f.match:
        region["snippet"] = {"text": f.match}
    return region


def _result(f: Finding, index: int, occurrence: int) -> Json:
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(f.path), "region": _region(f)}}],
        "partialFingerprints": {FINGERPRINT: fingerprint(f, occurrence)},
    }


def _notification(path: str, text: str, severity: Severity) -> Json:
    return {
        "level": LEVEL[severity],
        "message": {"text": f"{path}: {text}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(path)}}],
    }


def as_dict(results: Sequence[FileResult]) -> Json:
    findings = [f for r in results for f in r.findings]
    rules = descriptors(findings)
    index = {str(rule["id"]): i for i, rule in enumerate(rules)}
    seen: dict[str, int] = {}
    out: list[Json] = []
    for f in findings:
        key = fingerprint(f, 0)
        seen[key] = seen.get(key, 0) + 1
        out.append(_result(f, index[f.rule], seen[key]))
    notifications = [_notification(r.path, r.error, Severity.ERROR) for r in results if r.error is not None]
    notifications += [_notification(r.path, n, Severity.WARNING) for r in results for n in r.notes]
    invocation: Json = {"executionSuccessful": not any(r.error is not None for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    driver: Json = {
        "name": "buyerlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    run: Json = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": out,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [_clean(run)]}


def report(results: Sequence[FileResult], stream: TextIO, color: bool = False) -> None:
    stream.write(json.dumps(as_dict(results), indent=2, ensure_ascii=True) + "\n")

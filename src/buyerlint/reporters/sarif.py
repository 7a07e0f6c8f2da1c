"""SARIF 2.1.0 for GitHub code scanning: one run, rules built from the findings themselves."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO
from urllib.parse import quote

from buyerlint import __version__
from buyerlint.models import FileResult, Finding, Severity
from buyerlint.reporters import jsonstream
from buyerlint.reporters.sarif_rules import LEVEL, RuleTable, descriptors
from buyerlint.spool import Spool

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


def _run(rules: list[Json], successful: bool, notifications: Sequence[object], results: Sequence[object]) -> Json:
    invocation: Json = {"executionSuccessful": successful}
    if notifications:
        invocation["toolExecutionNotifications"] = list(notifications)
    driver: Json = {
        "name": "buyerlint",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    return {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": list(results),
    }


def as_dict(results: Sequence[FileResult]) -> Json:
    findings = [f for r in results for f in r.findings]
    rules = descriptors(findings)
    index = {str(rule["id"]): i for i, rule in enumerate(rules)}
    seen: dict[str, int] = {}
    out: list[object] = []
    for f in findings:
        key = fingerprint(f, 0)
        seen[key] = seen.get(key, 0) + 1
        out.append(_result(f, index[f.rule], seen[key]))
    notifications: list[object] = [
        _notification(r.path, r.error, Severity.ERROR) for r in results if r.error is not None
    ]
    notifications += [_notification(r.path, n, Severity.WARNING) for r in results for n in r.notes]
    successful = not any(r.error is not None for r in results)
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [_clean(_run(rules, successful, notifications, out))]}


def report(results: Iterable[FileResult], stream: TextIO, color: bool = False) -> None:
    """The indented ``as_dict(results)``. The rules and the invocation come before the results
    in SARIF, so every part waits in a spool (results with their rule id for ``ruleIndex``)
    until the last result has been seen; only the rule table and a count per finding's
    fingerprint (for its ordinal) stay in memory."""
    table = RuleTable()
    seen: dict[str, int] = {}
    with Spool() as out, Spool() as errors, Spool() as notes:
        for r in results:
            if r.error is not None:
                errors.append(_clean(_notification(r.path, r.error, Severity.ERROR)))
            for n in r.notes:
                notes.append(_clean(_notification(r.path, n, Severity.WARNING)))
            for f in r.findings:
                table.add(f)
                key = fingerprint(f, 0)
                seen[key] = seen.get(key, 0) + 1
                out.append(_clean(_result(f, -1, seen[key])) | {"ruleIndex": f.rule})  # type: ignore[operator]
        del seen
        rules = table.descriptors()
        index = {str(rule["id"]): i for i, rule in enumerate(rules)}

        def indexed() -> Iterator[object]:
            for item in out:
                item["ruleIndex"] = index[item["ruleIndex"]]  # type: ignore[index]
                yield item

        notified = [jsonstream.slot("notifications")] if errors.count or notes.count else []
        run = _run(rules, not errors.count, notified, [jsonstream.slot("results")])
        template = {"$schema": SCHEMA, "version": "2.1.0", "runs": [_clean(run)]}
        parts: dict[str, jsonstream.Part] = {"results": indexed()}
        if notified:
            parts["notifications"] = itertools.chain(errors, notes)
        jsonstream.write(stream, template, parts)
    stream.write("\n")

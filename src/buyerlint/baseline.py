"""A baseline of accepted findings, kept outside the drafts so nothing extra reaches a buyer.

An entry is keyed by rule, path (relative to the baseline file) and a hash of the matched
text with whitespace collapsed and case folded, never by line number: it survives edits
elsewhere in the draft, and editing the accepted sentence brings the finding back. Entries
that no longer match anything in a checked draft are reported as stale; drafts not checked
in this run (e.g. another pre-commit batch) are left alone.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from buyerlint.errors import ConfigError
from buyerlint.models import FileResult, Finding

VERSION = 1
DEFAULT_NAME = ".buyerlint-baseline.json"


def fingerprint(f: Finding) -> str:
    norm = " ".join(f.match.split()).casefold()
    return hashlib.sha256(f"{f.rule}\0{norm}".encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _key(path: str, base: Path) -> str:
    if path == "-":
        return path
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


def build(results: Iterable[FileResult], baseline_file: Path) -> dict[str, object]:
    base = baseline_file.resolve().parent
    counts: Counter[tuple[str, str, str]] = Counter()
    for r in results:
        for f in r.findings:
            counts[(_key(r.path, base), f.rule, fingerprint(f))] += 1
    entries = [{"path": p, "rule": rule, "fingerprint": fp, "count": n} for (p, rule, fp), n in sorted(counts.items())]
    return {"version": VERSION, "entries": entries}


def write(results: Iterable[FileResult], baseline_file: Path) -> int:
    data = build(results, baseline_file)
    baseline_file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return len(data["entries"])  # type: ignore[arg-type]


def load(baseline_file: Path) -> Counter[tuple[str, str, str]]:
    try:
        data = json.loads(baseline_file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{baseline_file}: cannot read baseline ({exc.strerror or exc})") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{baseline_file}:{exc.lineno}:{exc.colno}: baseline is not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise ConfigError(f"{baseline_file}: not a buyerlint baseline (version {VERSION})")
    out: Counter[tuple[str, str, str]] = Counter()
    for i, e in enumerate(data["entries"]):
        try:
            out[(str(e["path"]), str(e["rule"]), str(e["fingerprint"]))] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ConfigError(f"{baseline_file}: entry {i + 1} needs path, rule and fingerprint") from None
    return out


def apply(results: Iterable[FileResult], baseline_file: Path) -> list[FileResult]:
    """Results without the accepted findings; stale entries become notes on their draft."""
    return list(iter_apply(results, baseline_file))


def iter_apply(results: Iterable[FileResult], baseline_file: Path) -> Iterator[FileResult]:
    """``apply`` as a stream: each result as it arrives. The baseline is read (and a bad one
    reported) at once, before the first result is asked for."""
    by_path: dict[str, Counter[tuple[str, str, str]]] = {}
    for k, n in load(baseline_file).items():
        by_path.setdefault(k[0], Counter())[k] = n
    return _filtered(results, by_path, baseline_file.resolve().parent)


def _filtered(
    results: Iterable[FileResult], by_path: dict[str, Counter[tuple[str, str, str]]], base: Path
) -> Iterator[FileResult]:
    for r in results:
        key = _key(r.path, base)
        left = Counter(by_path.get(key, {}))
        kept: list[Finding] = []
        for f in r.findings:
            k = (key, f.rule, fingerprint(f))
            if left[k] > 0:
                left[k] -= 1
            else:
                kept.append(f)
        stale = [f"stale baseline entry: {rule} ({n} accepted finding{'s' if n > 1 else ''} no longer present)"
                 for (_p, rule, _fp), n in sorted(left.items()) if n > 0]
        yield replace(r, findings=tuple(kept), notes=(*r.notes, *stale))

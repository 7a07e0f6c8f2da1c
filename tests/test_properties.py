"""Properties that hold for any text: nothing crashes, positions are right, views map back,
and results do not depend on which other files are checked with a draft.

Texts are built from fragments that stress the normaliser (placeholders, look-alikes,
invisible and control characters, CR and CRLF, emoji, entities, lone surrogates, addresses
and numbers) mixed with arbitrary Unicode, lone surrogates included.
"""
from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

from hostile_text import EXAMPLES, texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buyerlint import api, document, formats
from buyerlint.document import Document
from buyerlint.models import FileResult, Finding
from buyerlint.rule import Rule

RULES: tuple[Rule, ...] = api.load_rules()
FORMATS = st.sampled_from(["d.txt", "d.md", "d.html", "d.eml", "d.html.j2"])
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_BREAK = re.compile(r"\r\n|\r|\n")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, lines ending at CRLF, CR or LF (independent of the engine)."""
    line, start = 1, 0
    for m in _BREAK.finditer(text, 0, offset):
        if m.end() <= offset:
            line, start = line + 1, m.end()
    return line, offset - start + 1


def assert_maps_back(doc: Document) -> None:
    """Every view character maps to a non-empty, in-bounds, monotonic original span; copied
    characters map to exactly themselves."""
    text, view = doc.text, doc.view
    last = (0, 0)
    for i in range(len(view)):
        start, end = doc.original_span(i, i + 1)
        assert 0 <= start < end <= len(text), (i, start, end)
        assert start >= last[0] and end >= last[1], ("not monotonic", i, (start, end), last)
        last = (start, end)
        source = doc.chain.copied(i)
        if source is not None:
            assert text[source] == view[i]
            assert (start, end) == (source, source + 1)
    for i in range(0, len(view), 3):
        for j in range(i, min(len(view), i + 8) + 1):
            start, end = doc.original_span(i, j)
            assert 0 <= start <= end <= len(text)
            assert start < end if i < j else start == end
    if doc.chain.identity:
        assert view == text


def assert_located(finding: Finding, text: str) -> None:
    assert 0 <= finding.start <= finding.end <= len(text)
    assert finding.match == text[finding.start : finding.end]
    assert (finding.line, finding.column) == line_col(text, finding.start)
    if finding.end > finding.start:
        assert (finding.end_line, finding.end_column) == line_col(text, finding.end)


@PROPERTY
@given(texts)
def test_parse_never_fails_and_the_view_maps_back(text: str) -> None:
    assert_maps_back(document.parse("d.txt", text))


@PROPERTY
@given(texts, FORMATS)
def test_every_format_loads_and_maps_back(text: str, path: str) -> None:
    draft = formats.load(path, text)
    assert_maps_back(draft.doc)
    assert_maps_back(draft.markup)
    if draft.subject is not None:
        assert 0 <= draft.subject[0] <= draft.subject[1] <= len(text)


@PROPERTY
@given(texts, FORMATS)
def test_findings_lie_in_the_text_and_their_positions_agree(text: str, path: str) -> None:
    for finding in api.lint_text(text, RULES, path=path):
        assert_located(finding, text)


@PROPERTY
@given(st.binary(max_size=200).map(lambda b: b"Refund by PayPal. " + b), st.sampled_from(["d.txt", "d.eml"]))
def test_any_bytes_give_findings_or_an_input_error(data: bytes, path: str) -> None:
    result = api.lint_bytes(data, RULES, path)
    assert (result.error is None) or (not result.findings)
    for finding in result.findings:
        assert_located(finding, result.text)


def _by_file(results: list[FileResult]) -> dict[str, tuple[tuple[Finding, ...], str | None, tuple[str, ...]]]:
    out = {r.path: (r.findings, r.error, r.notes) for r in results}
    assert len(out) == len(results), "a file was reported twice"
    return out


@settings(max_examples=max(EXAMPLES // 3, 10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=2, max_size=5), st.randoms(use_true_random=False), st.data())
def test_results_do_not_depend_on_order_or_grouping(drafts: list[str], rng: random.Random, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        names = [f"{i}.{data.draw(st.sampled_from(['txt', 'html', 'eml']))}" for i in range(len(drafts))]
        for name, text in zip(names, drafts, strict=True):
            (Path(tmp) / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        paths = [str(Path(tmp) / n) for n in names]
        together = _by_file(api.lint_paths(paths, RULES))
        shuffled = paths[:]
        rng.shuffle(shuffled)
        cut = data.draw(st.integers(0, len(paths)))
        assert _by_file(api.lint_paths(shuffled, RULES)) == together
        assert _by_file(api.lint_paths(shuffled[:cut], RULES) + api.lint_paths(shuffled[cut:], RULES)) == together
        walked = _by_file(api.lint_paths([tmp], RULES))
        assert {Path(p).name: v for p, v in walked.items()} == {Path(p).name: v for p, v in together.items()}
        for path in reversed(paths):  # one at a time, after the others warmed every cache
            assert _by_file(api.lint_paths([path], RULES)) == {path: together[path]}

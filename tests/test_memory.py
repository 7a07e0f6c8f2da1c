"""``check FOLDER`` streams: results go from the walk through the linter to the reporter and
are not kept, so the memory a run holds does not grow with the number of files."""
from __future__ import annotations

import gc
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from buyerlint import api, spool
from buyerlint.cli import main
from buyerlint.models import FileResult

DEMO = str(Path(__file__).resolve().parent / "packs" / "demo.yaml")
BODIES = [
    "Hello {n}, your order 113-5550001-{n:07d} has shipped. Thank you for shopping with us.\n",
    "Hello {n}, we can refund you via PayPal today. Questions? help{n}@harbor-lamps.example\n",
    "Hello {n}, we will send you a gift card for the trouble with the lamp.\n",
]
FILES = 500
EARLY = 100  # results handed on when the first measurement is taken
MIDDLE = 300  # and the second; the third is at the last
# concise, jsonl and github write each result as it comes and keep nothing; these keep state
FORMATS = ("json", "sarif", "junit", "rich")


def _body(n: int) -> str:
    return BODIES[n % 3].format(n=n)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``FILES`` drafts, 100 to a folder; one in 50 is binary (an input error)."""
    root = tmp_path_factory.mktemp("drafts")
    for n in range(FILES):
        part = root / f"part{n // 100:03d}"
        part.mkdir(exist_ok=True)
        if n % 50 == 49:
            (part / f"m{n:05d}.txt").write_bytes(b"\x00\x01 not text")
        else:
            (part / f"m{n:05d}.txt").write_text(_body(n), encoding="utf-8")
    return root


def _held() -> int:
    gc.collect()  # count what is held, not cyclic garbage waiting for the collector
    return tracemalloc.get_traced_memory()[0]


def _check_holding(folder: Path, fmt: str, jobs: str, monkeypatch: pytest.MonkeyPatch) -> dict[int, int]:
    """Run ``check FOLDER`` into /dev/null; the bytes held after ``EARLY`` and after every result."""
    held: dict[int, int] = {}
    stream = api.iter_paths

    def measured(*args: Any, **kwargs: Any) -> Iterator[FileResult]:
        for count, result in enumerate(stream(*args, **kwargs), 1):
            yield result
            if count in (EARLY, MIDDLE, FILES):  # the reporter has written (or set aside) this result
                held[count] = _held()

    args = ["check", str(folder), "--format", fmt, "-o", os.devnull, "--jobs", jobs, "--isolated", "--pack", DEMO]
    assert main(args) == 2  # untraced: rules compiled, caches of rich and regex filled
    monkeypatch.setattr(api, "iter_paths", measured)
    tracemalloc.start()
    try:
        assert main(args) == 2  # findings, and the binary drafts are input errors
    finally:
        tracemalloc.stop()
    return held


@pytest.mark.parametrize(
    ("fmt", "jobs"), [*(pytest.param(f, "1", id=f) for f in FORMATS), pytest.param("json", "2", id="json-jobs-2")]
)
def test_check_holds_no_more_after_500_files_than_after_100(
    folder: Path, fmt: str, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a report must write last waits in a spool: keep its in-memory part small here, so
    # that spooled errors, notes, test cases and SARIF results do not look like growth.
    monkeypatch.setattr(spool, "IN_MEMORY", 16 * 1024)
    held = _check_holding(folder, fmt, jobs, monkeypatch)
    allowed = 32 * 1024
    if fmt == "sarif":  # a counter per distinct finding (for its ordinal in the fingerprint), nothing else
        rules = api.load_rules([DEMO])
        later = max(
            sum(len(api.lint_text(_body(n), rules)) for n in range(a, b) if n % 50 != 49)
            for a, b in ((EARLY, MIDDLE), (MIDDLE, FILES))
        )
        allowed += 160 * later
    # Keeping each result (its findings, notes and path: several hundred bytes; more with its
    # text) would add over 50 KiB in each of the two stretches of 200 results. Growth in only
    # one of them is a one-off (the interpreter's table of interned strings, which every path
    # adds to, is built again at some point, and its new copy counts as held): the smaller of
    # the two is what grows with the number of files.
    grew = min(held[MIDDLE] - held[EARLY], held[FILES] - held[MIDDLE])
    assert grew < allowed, f"{fmt}: grew {grew} bytes in 200 results, from result {EARLY} to {FILES} ({held})"


def test_iter_paths_keeps_nothing_of_results_handed_on(folder: Path) -> None:
    rules = api.load_rules([DEMO])
    results = api.iter_paths([str(folder)], rules, jobs=1)
    first = next(results)
    held: list[int] = []
    tracemalloc.start()
    try:
        for count, _ in enumerate(results, 2):
            if count in (EARLY, MIDDLE, FILES):
                held.append(_held())
    finally:
        tracemalloc.stop()
    assert (count, first.path) == (FILES, str(folder / "part000" / "m00000.txt"))
    grew = min(held[1] - held[0], held[2] - held[1])  # see above: a one-off is in one stretch only
    assert grew < 16 * 1024, f"{grew} bytes more held in 200 results ({held})"

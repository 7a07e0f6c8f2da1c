"""An audit holds counters and a few worst messages, never the export: memory does not grow with it."""
from __future__ import annotations

import csv
import gc
import json
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from buyerlint.api import Linter
from buyerlint.audit import run
from buyerlint.audit.output import JsonLinesWriter
from buyerlint.audit.readers import Options, open_export
from buyerlint.audit.records import Record
from buyerlint.audit.tally import Tally

DEMO = str(Path(__file__).resolve().parents[1] / "packs" / "demo.yaml")
BODIES = [
    "Hello {n}, your order 113-5550001-{n:07d} has shipped. Thank you for shopping with us.",
    "Hello {n}, we can refund you via PayPal today!! Questions? help{n}@harbor-lamps.example",
    "Hello {n}, we will send you a gift card for the trouble with the lamp.",
]
RECORDS = 20_000
EARLY = 2_000  # where the first measurement is taken


def _export(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(RECORDS):
            if n % 1000 == 999:
                f.write('{"id": "broken", "text": "cut off\n')
                continue
            f.write(json.dumps({"id": f"m-{n}", "order_id": f"113-5550001-{n:07d}",
                                "text": BODIES[n % 3].format(n=n)}) + "\n")


def test_20k_record_export_is_audited_in_bounded_memory(tmp_path: Path) -> None:
    export_path = tmp_path / "large.jsonl"
    _export(export_path)
    linter = Linter(packs=[DEMO])
    linter.rules  # noqa: B018 - load and compile the rules before measuring
    held: dict[int, int] = {}

    def tick(records: int) -> None:
        if records in (EARLY, RECORDS):
            gc.collect()  # count what is held, not cyclic garbage waiting for the collector
            held[records] = tracemalloc.get_traced_memory()[0]

    with open(os.devnull, "w", encoding="utf-8") as sink, open_export(str(export_path), Options()) as export:
        tracemalloc.start()
        try:
            tally = run.audit(export, linter, Tally(top=10), JsonLinesWriter(sink), tick)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert (tally.checked, tally.malformed, tally.flagged) == (19_980, 20, 13_320)
    assert len(tally.worst()) == 10 and len(tally.first_malformed) == 20
    # Keeping every result would hold tens of MiB (three findings for two messages in three).
    assert peak < 4 * (1 << 20), f"peak {peak} bytes"
    assert held[RECORDS] - held[EARLY] < 256 * 1024, f"grew {held[RECORDS] - held[EARLY]} bytes over 18k records"


def _mbox(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(RECORDS):
            f.write(f"From seller@example.com Mon Jan  1 10:00:00 2024\nSubject: Order {n}\n"
                    f"Message-ID: <{n}@example.com>\n\n{BODIES[n % 3].format(n=n)}\n>From us\n\n")


def _csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "order", "text"])
        for n in range(RECORDS):
            writer.writerow([f"m-{n}", f"113-5550001-{n:07d}", BODIES[n % 3].format(n=n).replace(". ", ".\n")])


@pytest.mark.parametrize("write", [pytest.param(_mbox, id="mbox"), pytest.param(_csv, id="csv")])
def test_readers_stream_20k_records_without_holding_them(tmp_path: Path, write: Callable[[Path], None]) -> None:
    path = tmp_path / ("export.mbox" if write is _mbox else "export.csv")
    write(path)
    tracemalloc.start()
    try:
        with open_export(str(path), Options()) as export:
            count = sum(1 for item in export.records if isinstance(item, Record))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == RECORDS
    assert peak < path.stat().st_size / 4, f"peak {peak} bytes for a {path.stat().st_size}-byte export"

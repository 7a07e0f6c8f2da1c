#!/usr/bin/env python3
"""Compare the buyerlint / google-re2 ratio of two or more checkouts, in turns.

    python benchmarks/compare.py 9 ../old-checkout .     # 9 paired runs of each, taking turns

Each run is ``bench.py --paired-once`` of that checkout, in a fresh process (buyerlint and the
RE2 floor in turns over the same 10,000 messages, see ``bench.in_turns``); the checkouts take
turns run by run (which goes first alternates), so that a machine whose speed drifts moves them
alike. Prints every run's ratio and the median for each checkout.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def paired_once(checkout: Path) -> tuple[float, float]:
    """(buyerlint seconds, RE2 floor seconds) of one run of ``checkout``'s benchmark."""
    env = {**os.environ, "PYTHONPATH": str(checkout / "src"), "NO_COLOR": "1"}
    cmd = [sys.executable, str(checkout / "benchmarks" / "bench.py"), "--paired-once"]
    out = subprocess.run(cmd, env=env, cwd=checkout, capture_output=True, text=True, check=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    if found["re2"] is None:
        raise SystemExit("google-re2 is not installed: pip install -e '.[bench]'")
    return found["buyerlint"]["seconds"], found["re2"]["seconds"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or not args[0].isdigit():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    runs, checkouts = int(args[0]), [Path(a).resolve() for a in args[1:]]
    ratios: dict[Path, list[float]] = {c: [] for c in checkouts}
    for n in range(runs):
        for checkout in checkouts if n % 2 == 0 else checkouts[::-1]:
            mine, floor = paired_once(checkout)
            ratios[checkout].append(mine / floor)
    for checkout, found in ratios.items():
        each = ", ".join(f"{r:.2f}" for r in found)
        print(f"{checkout}: median {statistics.median(found):.2f} (runs: {each})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

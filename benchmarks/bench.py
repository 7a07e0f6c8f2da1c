#!/usr/bin/env python3
"""buyerlint benchmark: start-up, throughput, scaling and memory, against reference floors.

    python benchmarks/bench.py                      # the full run (10,000 messages; 1k/10k/100k scaling)
    python benchmarks/bench.py --quick              # a smoke run (1,000 messages; 100/1k scaling)
    python benchmarks/bench.py --json results.json  # also write every figure as JSON

Run it from a checkout: it lints with ``src/`` of this checkout (``PYTHONPATH=src``), whatever
buyerlint is installed. Extras: ``pip install -e '.[bench]'`` (google-re2 for the RE2 floor,
psutil for the memory of a process tree); without them those figures are skipped.

Everything runs on the same machine in one run, so the ratios (buyerlint / reference) are the
figures to compare across machines; see benchmarks/README.md for what each one measures.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SRC = REPO / "src"
sys.path[:0] = [str(SRC), str(HERE)]

import corpus  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
SMALL_DRAFT = (
    "Hi Tom,\n\nYour order 111-2223334-5556667 left our warehouse this morning; the carrier\n"
    "expects to deliver it on Thursday. Reply here if anything is missing.\n\nBrightlamp Home\n"
)


# --------------------------------------------------------------------------- helpers
def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _median_run(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _interleaved(cmds: dict[str, tuple[Sequence[str], dict[str, str] | None]], runs: int) -> dict[str, float]:
    """The median time of each command, run in turns (one of each per round): on a machine
    whose speed drifts, each ratio then compares runs taken at the same moments."""
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(found) for name, found in times.items()}


def _run_measured(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS of the process tree in MiB, exit code) of one command."""
    try:
        import psutil
    except ImportError:
        psutil = None
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        if psutil is None:
            return
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                pass
            peak = max(peak, total)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[:6])} ... exited {proc.returncode}: {err[-400:]}", file=sys.stderr)
    if peak == 0:  # no psutil: the largest single process (ru_maxrss, KiB on Linux); it can include
        peak = usage.ru_maxrss * 1024  # the memory of this process when the child was forked from it
    return seconds, peak / 2**20, proc.returncode


def _check_cmd() -> list[str]:
    return [sys.executable, "-m", "buyerlint", "check"]


def _supports_jobs() -> bool:
    out = subprocess.run([*_check_cmd(), "--help"], env=ENV, capture_output=True, text=True).stdout
    return "--jobs" in out


PAIRED_BLOCK = 500  # messages a turn when buyerlint and the RE2 floor run in turns (``in_turns``)


# --------------------------------------------------------------------------- reference patterns
def pack_patterns() -> list[tuple[str, bool, str]]:
    """(expanded regex, ignorecase, where) for every regex written in the bundled packs."""
    import yaml

    from buyerlint.patterns import expand_macros
    from buyerlint.terms import term_regex

    out: list[tuple[str, bool, str]] = []
    for path in sorted((REPO / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        macros = {str(k): str(v) for k, v in (data.get("define") or {}).items()}
        for rule in data["rules"]:
            where = f"{data['name']}.{rule['id']}"
            icase = bool(rule.get("ignorecase", True))
            sources: list[str] = []
            for key in ("patterns", "exceptions", "unless", "path", "placeholders"):
                value = rule.get(key, [])
                sources += [value] if isinstance(value, str) else list(value)
            sources += [term_regex(str(t)) for t in rule.get("terms", [])]
            for group in rule.get("all", []):
                sources += [group] if isinstance(group, str) else list(group)
            out += [(expand_macros(str(s), macros), icase, where) for s in sources]
    return out


def reference_regex(texts: Sequence[str], pats: Sequence[tuple[str, bool, str]]) -> dict[str, Any]:
    """Every pack pattern, one by one, with bare ``regex`` (compiled once)."""
    import regex

    t = time.perf_counter()
    compiled = [regex.compile(s, regex.V0 | (regex.IGNORECASE if i else 0)) for s, i, _ in pats]
    compile_s = time.perf_counter() - t
    hits = 0
    t = time.perf_counter()
    for text in texts:
        for rx in compiled:
            for _ in rx.finditer(text):
                hits += 1
    return {"seconds": time.perf_counter() - t, "compile_seconds": compile_s, "patterns": len(compiled), "hits": hits}


def _to_re2(source: str) -> str:
    import re

    source = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", source)
    return re.sub(r"\\U([0-9a-fA-F]{8})", r"\\x{\1}", source)


def _re2_floor(pats: Sequence[tuple[str, bool, str]]) -> dict[str, Any] | None:
    """The combined alternation of the pack patterns that RE2 can compile (google-re2), or None
    without google-re2: ``rx``, and how many patterns it kept and dropped."""
    try:
        import re2
    except ImportError:
        return None
    options = re2.Options()
    options.max_mem = 1 << 30
    options.log_errors = False
    kept: list[str] = []
    dropped = 0
    for source, icase, _ in pats:
        s = ("(?i)" if icase else "") + _to_re2(source)
        try:
            re2.compile(s, options)
        except Exception:
            dropped += 1
            continue
        kept.append(f"(?:{s})")
    t = time.perf_counter()
    rx = re2.compile("|".join(kept), options)
    return {"rx": rx, "compile_seconds": time.perf_counter() - t, "patterns": len(kept), "dropped": dropped}


def _re2_pass(rx: Any, texts: Sequence[str]) -> tuple[float, int]:
    hits = 0
    t = time.perf_counter()
    for text in texts:
        for _ in rx.finditer(text):
            hits += 1
    return time.perf_counter() - t, hits


def reference_re2(texts: Sequence[str], pats: Sequence[tuple[str, bool, str]]) -> dict[str, Any] | None:
    """One combined alternation of the pack patterns that RE2 can compile, with google-re2."""
    floor = _re2_floor(pats)
    if floor is None:
        return None
    seconds, hits = _re2_pass(floor.pop("rx"), texts)
    return {"seconds": seconds, "hits": hits, **floor}


# --------------------------------------------------------------------------- buyerlint
class _Linter:
    """buyerlint in this process: rules loaded once, texts linted ``api.BATCH`` at a time."""

    def __init__(self) -> None:
        from buyerlint import api

        t = time.perf_counter()
        self.api, self.rules = api, api.load_rules()
        self.load_seconds = time.perf_counter() - t
        self.step = getattr(api, "BATCH", 1)  # older versions lint one text at a time

    def run(self, texts: Sequence[str], first: int = 0) -> tuple[float, int]:
        """Seconds and findings for ``texts``, named from ``m{first:06d}.txt`` on."""
        api, step, findings = self.api, self.step, 0
        t = time.perf_counter()
        for at in range(0, len(texts), step):
            items = [(text.encode("utf-8"), self.rules, f"m{first + at + i:06d}.txt")
                     for i, text in enumerate(texts[at : at + step])]
            results = api.lint_batch(items) if step > 1 else [api.lint_bytes(*items[0])]
            findings += sum(len(result.findings) for result in results)
        return time.perf_counter() - t, findings


def buyerlint_inprocess(texts: Sequence[str]) -> dict[str, Any]:
    """``api.lint_batch`` over the texts in this process, ``api.BATCH`` at a time: what
    ``iter_paths`` and ``audit`` do in one process once a run is under way."""
    linter = _Linter()
    seconds, findings = linter.run(texts)
    return {"seconds": seconds, "load_rules_seconds": linter.load_seconds, "findings": findings}


def in_turns(
    texts: Sequence[str], pats: Sequence[tuple[str, bool, str]], block: int = PAIRED_BLOCK
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """buyerlint and the RE2 floor over the same texts, block by block in turns (which goes
    first alternates), so that a machine whose speed drifts moves both sides of the ratio
    alike; buyerlint keeps its state from block to block, as in ``buyerlint_inprocess``."""
    floor = _re2_floor(pats)
    if floor is None:
        return buyerlint_inprocess(texts), None
    linter, rx = _Linter(), floor.pop("rx")
    b_s = r_s = 0.0
    findings = hits = 0
    for n, first in enumerate(range(0, len(texts), block)):
        part = texts[first : first + block]
        for side in ("b", "r") if n % 2 == 0 else ("r", "b"):
            if side == "b":
                seconds, found = linter.run(part, first)
                b_s, findings = b_s + seconds, findings + found
            else:
                seconds, found = _re2_pass(rx, part)
                r_s, hits = r_s + seconds, hits + found
    mine = {"seconds": b_s, "load_rules_seconds": linter.load_seconds, "findings": findings, "block": block}
    return mine, {"seconds": r_s, "hits": hits, "block": block, **floor}


def paired_runs(messages: int, seed: int, runs: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``in_turns`` ``runs`` times, each in a process of its own (so each pays its own warm-up,
    as a real run does): the median of the seconds on each side, and the ratio of each run."""
    if runs <= 1:
        return in_turns(corpus.messages(messages, seed), pack_patterns())
    found = []
    for _ in range(runs):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--paired-once", "--messages", str(messages),
               "--seed", str(seed)]
        out = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=True).stdout
        found.append(json.loads(out.strip().splitlines()[-1]))
    mine = {**found[0]["buyerlint"], "seconds": statistics.median(f["buyerlint"]["seconds"] for f in found),
            "runs": runs, "each_seconds": [f["buyerlint"]["seconds"] for f in found]}
    if any(f["re2"] is None for f in found):
        return mine, None
    floor = {**found[0]["re2"], "seconds": statistics.median(f["re2"]["seconds"] for f in found),
             "each_seconds": [f["re2"]["seconds"] for f in found]}
    mine["ratios"] = [f["buyerlint"]["seconds"] / f["re2"]["seconds"] for f in found]
    return mine, floor


def _bytecode_copy(folder: Path) -> Path:
    """src/ (and rules/ beside it) copied into ``folder`` with bytecode compiled, as ``pip install``
    leaves a package; the floor's click, yaml and regex are installed that way. A checkout run
    with PYTHONDONTWRITEBYTECODE set compiles every module from source on every start instead."""
    dest = folder / "bytecode"
    shutil.copytree(SRC, dest / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "rules", dest / "rules")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(dest / "src")], check=True,
                   stdout=subprocess.DEVNULL)
    return dest / "src"


def startup(runs: int, folder: Path) -> dict[str, Any]:
    draft = folder / "small.txt"
    draft.write_text(SMALL_DRAFT, encoding="utf-8")
    cmd = [*_check_cmd(), str(draft)]
    installed = {**ENV, "PYTHONPATH": str(_bytecode_copy(folder))}
    _median_run(cmd, 1)  # warm the pack cache, if there is one
    _median_run(cmd, 1, installed)
    found = _interleaved({
        "floor": ([sys.executable, "-c", "import click, yaml, regex"], None),
        "bare": ([sys.executable, "-c", "pass"], None),
        "warm": (cmd, None),
        "compiled": (cmd, installed),
    }, runs)
    floor, bare, warm, compiled = found["floor"], found["bare"], found["warm"], found["compiled"]
    cold = _median_run(cmd, max(3, runs // 3), {**ENV, "BUYERLINT_NO_CACHE": "1"})
    return {"python_bare": bare, "import_floor": floor, "check_small": warm, "check_small_no_cache": cold,
            "ratio": warm / floor, "check_small_bytecode": compiled, "ratio_bytecode": compiled / floor,
            "bytecode_written": not os.environ.get("PYTHONDONTWRITEBYTECODE")}


def cli_run(folder: Path, out: Path, jobs: str | None) -> dict[str, Any]:
    cmd = [*_check_cmd(), str(folder), "--format", "json", "-o", str(out)]
    if jobs is not None:
        cmd += ["--jobs", jobs]
    seconds, rss, code = _run_measured(cmd)
    return {"seconds": seconds, "peak_rss_mib": rss, "exit": code}


# --------------------------------------------------------------------------- report
def _mb(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def _line(label: str, seconds: float, n: int, mb: float, extra: str = "") -> str:
    return f"  {label:<44} {seconds:9.2f} s  {n / seconds:9.0f} msg/s  {mb / seconds:7.2f} MB/s  {extra}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=10_000, help="corpus size for throughput (default 10000)")
    ap.add_argument("--sizes", default="1000,10000,100000", help="CLI scaling sizes (comma-separated)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--runs", type=int, default=15, help="runs per start-up figure (median)")
    ap.add_argument("--quick", action="store_true", help="--messages 1000 --sizes 100,1000 --runs 5")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: startup,regex,re2,inprocess,cli")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--paired-runs", type=int, default=3,
                    help="runs of buyerlint and the RE2 floor in turns, each in a fresh process (median; default 3)")
    ap.add_argument("--paired-once", action="store_true", help=argparse.SUPPRESS)  # one such run, as JSON
    args = ap.parse_args(argv)
    if args.paired_once:
        mine, floor = in_turns(corpus.messages(args.messages, args.seed), pack_patterns())
        print(json.dumps({"buyerlint": mine, "re2": floor}))
        return 0
    if args.quick:
        args.messages, args.sizes, args.runs = 1000, "100,1000", 5
    skip = set(filter(None, args.skip.split(",")))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "affinity": _cpus()},
        "messages": args.messages, "seed": args.seed,
    }
    from buyerlint import __version__

    print(f"buyerlint {__version__} benchmark - Python {platform.python_version()}, "
          f"{_cpus()} CPUs available, seed {args.seed}")
    t = time.perf_counter()
    texts = corpus.messages(max([args.messages, *([] if "cli" in skip else sizes)]), args.seed)
    sample = texts[: args.messages]
    mb = _mb(sample)
    print(f"corpus: {len(texts)} messages generated in {time.perf_counter() - t:.1f} s; "
          f"throughput set {len(sample)} messages, {mb:.2f} MB")
    results["corpus_mb"] = mb
    tmp = Path(tempfile.mkdtemp(prefix="buyerlint-bench-"))
    try:
        if "startup" not in skip:
            s = startup(args.runs, tmp)
            results["startup"] = s
            print(f"\nstart-up (median of {args.runs} runs)")
            print(f"  python -c pass                              {s['python_bare'] * 1000:7.0f} ms")
            print(f"  python -c 'import click, yaml, regex' (floor){s['import_floor'] * 1000:7.0f} ms")
            print(f"  buyerlint check small.txt                   {s['check_small'] * 1000:7.0f} ms   "
                  f"ratio {s['ratio']:.2f} (target <= 1.5)")
            print(f"  buyerlint check small.txt, no pack cache    {s['check_small_no_cache'] * 1000:7.0f} ms")
            print(f"  buyerlint check small.txt, bytecode compiled{s['check_small_bytecode'] * 1000:7.0f} ms   "
                  f"ratio {s['ratio_bytecode']:.2f} (as installed by pip)")
            if not s["bytecode_written"]:
                print("  (PYTHONDONTWRITEBYTECODE is set: the first check line compiled buyerlint from source each run)")

        print(f"\nthroughput, single process, {len(sample)} messages")
        pats = pack_patterns()
        r2: dict[str, Any] | None = None
        paired = "inprocess" not in skip and "re2" not in skip
        if "inprocess" not in skip:
            if paired:
                b, r2 = paired_runs(args.messages, args.seed, args.paired_runs)
            else:
                b = buyerlint_inprocess(sample)
            results["buyerlint"] = b
            print(_line("buyerlint (api.lint_batch, api.BATCH at a time)", b["seconds"], len(sample), mb,
                        f"{b['findings']} findings; rules loaded in {b['load_rules_seconds']:.2f} s"))
        if "regex" not in skip:
            r = reference_regex(sample, pats)
            results["regex_one_by_one"] = r
            print(_line(f"regex, {r['patterns']} pack patterns one by one", r["seconds"], len(sample), mb,
                        f"{r['hits']} matches"))
        if "re2" not in skip:
            if not paired:
                r2 = reference_re2(sample, pats)
            if r2 is None:
                print("  google-re2 not installed (pip install -e '.[bench]'): RE2 floor skipped")
            else:
                results["re2_combined"] = r2
                print(_line(f"google-re2, {r2['patterns']} patterns combined", r2["seconds"], len(sample), mb,
                            f"{r2['dropped']} of {len(pats)} dropped (RE2 cannot compile them)"))
                if paired:
                    print(f"  (buyerlint and google-re2 ran in turns, {PAIRED_BLOCK} messages at a time"
                          + (f"; median of {b['runs']} runs, each in a fresh process)" if "runs" in b else ")"))
        if "buyerlint" in results:
            b_s = results["buyerlint"]["seconds"]
            print("  ratios:")
            if "regex_one_by_one" in results:
                speedup = results["regex_one_by_one"]["seconds"] / b_s
                results["speedup_vs_regex"] = speedup
                print(f"    regex one-by-one / buyerlint = {speedup:.2f}x faster (target >= 5)")
            if "re2_combined" in results:
                each = results["buyerlint"].get("ratios")
                ratio = statistics.median(each) if each else b_s / results["re2_combined"]["seconds"]
                results["ratio_vs_re2"] = ratio
                spread = f"; runs: {', '.join(f'{r:.2f}' for r in each)}" if each else ""
                print(f"    buyerlint / google-re2 floor = {ratio:.2f} (target <= 3{spread})")

        if "cli" not in skip:
            jobs = _supports_jobs()
            print(f"\nscaling: buyerlint check FOLDER --format json -o FILE (wall time, peak RSS of the process tree)"
                  f"{'' if jobs else '  [no --jobs option in this version]'}")
            results["scaling"] = []
            written = 0
            folder = tmp / "corpus"
            for n in sizes:
                corpus.write(folder, texts[written:n], start=written)
                written = n
                n_mb = _mb(texts[:n])
                for j in (["1", "auto"] if jobs else [None]):
                    row = {"messages": n, "jobs": j or "-", **cli_run(folder, tmp / "out.json", j)}
                    results["scaling"].append(row)
                    label = f"{n} messages, --jobs {j}" if j else f"{n} messages"
                    print(_line(label, row["seconds"], n, n_mb, f"peak RSS {row['peak_rss_mib']:.0f} MiB"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The SARIF reporter's output passes Microsoft's SARIF validator, GitHub ingestion rules included.

The validator (SARIF Multitool, from the SARIF SDK) comes from the npm registry through
tests/tools/install-sarif-multitool.sh, cached under .cache/sarif-multitool (or
$BUYERLINT_TOOLS_CACHE). $BUYERLINT_SARIF_MULTITOOL may name an existing executable instead.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from test_reporters import finding, hostile, sample, zero_width

from buyerlint.models import FileResult
from buyerlint.reporters import sarif

HERE = Path(__file__).resolve().parent
INSTALL = HERE / "tools" / "install-sarif-multitool.sh"
RULE_KINDS = "Sarif;Gh;Ghas"  # the SARIF spec rules plus GitHub's ingestion requirements


def _report(results: list[FileResult]) -> dict[str, Any]:
    out = io.StringIO()
    sarif.report(results, out)
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def _broken() -> dict[str, Any]:
    """A report the validator must reject: proof that it really checks something."""
    doc = _report(sample())
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["endColumn"] = 0
    del doc["runs"][0]["tool"]["driver"]["rules"][0]["fullDescription"]
    return doc


CASES: dict[str, dict[str, Any]] = {
    "sample": _report(sample()),
    "hostile-text": _report(hostile()),
    "zero-width-only": _report([FileResult("a.txt", (zero_width("a.txt"),))]),
    "absolute-and-odd-paths": _report(
        [
            FileResult("/srv/drafts/x y.txt", (finding(path="/srv/drafts/x y.txt"),)),
            FileResult("c:odd,%.txt", (finding(path="c:odd,%.txt", line=1, end_line=3, end_column=1),)),
        ]
    ),
    "clean": _report([FileResult("drafts/clean.txt")]),
    "nothing": _report([]),
    "input-errors-only": _report([FileResult("gone.txt", error="cannot read"), FileResult("-", notes=("cp1252",))]),
    "broken": _broken(),
}


@pytest.fixture(scope="module")
def multitool() -> str:
    given = os.environ.get("BUYERLINT_SARIF_MULTITOOL")
    if given:
        return given
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("npm/node not available: cannot install @microsoft/sarif-multitool")
    cache = os.environ.get("BUYERLINT_TOOLS_CACHE", str(HERE.parent / ".cache")) + "/sarif-multitool"
    done = subprocess.run(["bash", str(INSTALL), cache], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"installing the SARIF multitool failed:\n{done.stderr}"
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def verdicts(multitool: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Validator results per case, as ``LEVEL RULE: console line``; one validator run for all cases."""
    folder = tmp_path_factory.mktemp("sarif")
    for name, doc in CASES.items():
        (folder / f"{name}.sarif").write_text(json.dumps(doc, indent=2, ensure_ascii=True), encoding="utf-8")
    log = folder / "validation.sarif.json"  # not *.sarif: the validator would pick it up next time
    args = [multitool, "validate", *(str(folder / f"{n}.sarif") for n in CASES), "-o", str(log)]
    args += ["--log", "ForceOverwrite", "--rule-kind", RULE_KINDS, "--level", "Error;Warning;Note"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert log.exists(), f"the validator did not run ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    run = json.loads(log.read_text(encoding="utf-8"))["runs"][0]
    assert all(i.get("executionSuccessful") for i in run.get("invocations", [])), done.stdout
    console = done.stdout.splitlines()
    out: dict[str, list[str]] = {name: [] for name in CASES}
    for result in run.get("results", []):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        name = uri.rsplit("/", 1)[-1].removesuffix(".sarif")
        said = [line for line in console if f"{name}.sarif(" in line and result["ruleId"] in line]
        out[name].append(f"{result['level']} {result['ruleId']}: {said[0] if said else result['message']}")
    return out


@pytest.mark.parametrize("case", [pytest.param(n, id=n) for n in CASES if n != "broken"])
def test_reports_pass_the_sarif_validator(case: str, verdicts: dict[str, list[str]]) -> None:
    problems = [v for v in verdicts[case] if not v.startswith("note ")]  # notes are style advice
    assert problems == []


def test_the_validator_rejects_a_broken_report(verdicts: dict[str, list[str]]) -> None:
    found = " ".join(verdicts["broken"])
    assert "error JSON1008" in found  # endColumn 0 is below the schema minimum

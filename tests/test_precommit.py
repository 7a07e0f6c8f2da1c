"""The real pre-commit runs the hook from this checkout (``pre-commit try-repo``)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BAD = "Hi, about order 112-1234567-1234567: we can refund you by PayPal today.\n"
GOOD = "Hi, your order 112-1234567-1234567 left our warehouse today.\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for pre-commit")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.com")
    _git(tmp_path, "config", "user.name", "t")
    return tmp_path


def _try_repo(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "buyerlint", "--color", "never", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )


def test_staged_violating_template_fails_and_clean_one_passes(templates: Path, pre_commit_home: Path) -> None:
    (templates / "refund.txt").write_text(BAD, encoding="utf-8")
    _git(templates, "add", "refund.txt")
    run = _try_repo(templates, pre_commit_home)  # like a commit: the staged files
    assert run.returncode == 1, run.stdout + run.stderr
    assert "refund.txt:1:" in run.stdout
    assert "PayPal" in run.stdout

    _git(templates, "rm", "-q", "--cached", "refund.txt")
    (templates / "shipped.txt").write_text(GOOD, encoding="utf-8")
    _git(templates, "add", "shipped.txt")
    run = _try_repo(templates, pre_commit_home)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout


def test_result_does_not_depend_on_how_files_are_split(templates: Path, pre_commit_home: Path) -> None:
    names = []
    for i in range(40):
        name = f"t{i:02}.txt"
        (templates / name).write_text(BAD if i % 3 == 0 else GOOD, encoding="utf-8")
        names.append(name)
    _git(templates, "add", ".")
    together = _try_repo(templates, pre_commit_home, "--all-files")
    one_by_one = [_try_repo(templates, pre_commit_home, "--files", n) for n in names[:6]]
    flagged_together = {line.split(":")[0] for line in together.stdout.splitlines() if ".txt:" in line}
    flagged_alone = {line.split(":")[0] for r in one_by_one for line in r.stdout.splitlines() if ".txt:" in line}
    assert together.returncode == 1
    assert flagged_together == {n for i, n in enumerate(names) if i % 3 == 0}
    assert flagged_alone == {n for i, n in enumerate(names[:6]) if i % 3 == 0}
    assert [r.returncode for r in one_by_one] == [1 if i % 3 == 0 else 0 for i in range(6)]

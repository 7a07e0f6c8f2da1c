"""The README's rule table is generated from the packs and must list every rule."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_rule_table_is_current() -> None:
    table = subprocess.run([sys.executable, str(REPO / "scripts" / "rules_table.py")],
                           check=True, capture_output=True, text=True).stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"<!-- rules:start -->\n{table}<!-- rules:end -->" in readme, \
        "run: python scripts/rules_table.py --write"


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install . && buyerlint check examples/draft.txt" in readme
    test_command = "python -m pip install -e '.[test]' && python -m pytest"
    assert test_command in readme
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")

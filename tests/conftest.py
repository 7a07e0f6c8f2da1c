from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import api
from buyerlint.rule import Rule

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "rules"


@pytest.fixture(scope="session")
def bundled_rules() -> tuple[Rule, ...]:
    return api.load_rules([str(p) for p in sorted(RULES_DIR.glob("*.yaml"))])


BACKTRACKING_PACK = """\
name: slow
version: "1"
description: a pack with a pattern that backtracks catastrophically
defaults: {category: marketing, severity: error}
rules:
  - {id: paypal, kind: forbid, terms: [paypal], message: m, help: h, policy: p}
  - {id: backtrack, kind: forbid, patterns: ['(a+)+$'], message: m, help: h, policy: p}
  - {id: zelle, kind: forbid, terms: [zelle], message: m, help: h, policy: p}
"""


@pytest.fixture
def backtracking_rules(tmp_path: Path) -> tuple[Rule, ...]:
    """slow.paypal, slow.backtrack (``(a+)+$``, which takes seconds on "aaa...ab") and slow.zelle."""
    (tmp_path / "slow.yaml").write_text(BACKTRACKING_PACK, "utf-8")
    return api.load_rules([str(tmp_path / "slow.yaml")])


@pytest.fixture(autouse=True)
def _own_pack_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests (and the commands they start) use a pack cache of their own, not the user's."""
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "pack-cache"))

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


@pytest.fixture(autouse=True)
def _own_pack_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests (and the commands they start) use a pack cache of their own, not the user's."""
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "pack-cache"))

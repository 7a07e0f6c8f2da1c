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

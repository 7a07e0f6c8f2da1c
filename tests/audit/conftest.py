from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import DATA


@pytest.fixture
def data() -> Path:
    return DATA

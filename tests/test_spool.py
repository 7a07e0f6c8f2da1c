"""The spool: JSON values come back once, in order, whether they stayed in memory or not."""
from __future__ import annotations

import pytest

from buyerlint.spool import Spool

VALUES = [{"path": "a.txt", "line": 3}, "x: timed out", ["é", "\ud800"], 7, None]


@pytest.mark.parametrize(
    "in_memory",
    [
        pytest.param(None, id="in-memory"),
        pytest.param(8, id="moved-to-a-temporary-file"),
    ],
)
def test_values_come_back_in_order(in_memory: int | None) -> None:
    with Spool(in_memory) as spool:
        for value in VALUES:
            spool.append(value)
        assert spool.count == len(VALUES)
        assert list(spool) == VALUES


def test_an_empty_spool_gives_nothing_and_opens_no_file() -> None:
    with Spool() as spool:
        assert list(spool) == []
        assert spool.count == 0
        assert spool._file is None


def test_a_spool_moves_to_disk_beyond_its_memory() -> None:
    with Spool(16) as spool:
        spool.append("a" * 64)
        assert spool._file is not None
        assert spool._file._rolled  # type: ignore[attr-defined]

"""Audit mode: lint a seller's exported message history (mbox, .eml folder, JSON Lines, CSV).

``readers`` opens an export and streams ``Record``s (or ``Malformed`` ones); ``run.audit``
lints each through ``api.Linter`` and feeds a ``Tally`` (bounded counters and the worst
messages) and a per-message ``output`` writer; ``summary`` prints the totals.
"""
from __future__ import annotations

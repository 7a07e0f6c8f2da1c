"""Typed errors. The CLI turns every BuyerlintError into one line on stderr and exit 2."""
from __future__ import annotations


class BuyerlintError(Exception):
    """Base of every error buyerlint reports to the user (never a traceback)."""


class ConfigError(BuyerlintError):
    pass


class InputError(BuyerlintError):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class PackError(BuyerlintError):
    """A rule pack that cannot be used, located at ``path:line:col`` when known."""

    def __init__(self, path: str, message: str, line: int | None = None, col: int | None = None):
        where = path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.col = col
        self.message = message


class RuleTimeout(BuyerlintError):
    """A rule ran past its time budget on one draft (a pattern with catastrophic backtracking)."""

    def __init__(self, rule: str, where: str, detail: str) -> None:
        super().__init__(
            f"rule {rule} ({where}) timed out on this draft: {detail}; "
            "its findings are missing (the other rules were checked)"
        )
        self.rule = rule
        self.where = where
        self.detail = detail

"""A first-in, first-out store of JSON values that moves to a temporary file when it grows.

Reports that must write something late in their output only after every result has been seen
(the JSON report's input errors and notes, the SARIF results, the JUnit test cases) put it
here instead of in a list, so a run over many files keeps a bounded amount in memory.
"""
from __future__ import annotations

from collections.abc import Iterator
from types import TracebackType
from typing import IO

IN_MEMORY = 1 << 20  # bytes kept in memory before the spool moves to a temporary file


class Spool:
    """Append JSON values, then read them back once, in order. Use as a context manager."""

    def __init__(self, in_memory: int | None = None) -> None:
        self._in_memory = IN_MEMORY if in_memory is None else in_memory
        self._file: IO[str] | None = None  # opened by the first value: most spools stay empty
        self.count = 0

    def append(self, value: object) -> None:
        import json

        if self._file is None:
            import tempfile

            self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by __exit__
                max_size=self._in_memory, mode="w+", encoding="utf-8", newline="\n"
            )
        # ensure_ascii: one line per value whatever it holds (lone surrogates included)
        self._file.write(json.dumps(value, ensure_ascii=True, separators=(",", ":")) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[object]:
        if self._file is None:
            return
        import json

        self._file.seek(0)
        for line in self._file:
            yield json.loads(line)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._file is not None:
            self._file.close()

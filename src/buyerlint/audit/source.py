"""Opening an export file for streaming: gzip-aware, with a byte position for progress."""
from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from buyerlint.errors import InputError

_GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 4096


class Source:
    """An export file opened for reading; ``.gz`` (by content) is decompressed on the fly.

    ``done()`` is how many bytes of the file on disk have been read, ``total`` its size: a
    progress measure that works for compressed files too.
    """

    def __init__(self, path: Path, shown: str) -> None:
        self.shown = shown
        try:
            self._raw: io.BufferedReader = path.open("rb")
        except OSError as exc:
            raise InputError(shown, f"cannot read ({exc.strerror or exc})") from None
        try:
            self.total = path.stat().st_size
            self.compressed = self._raw.peek(2)[:2] == _GZIP_MAGIC
        except OSError as exc:
            self._raw.close()
            raise InputError(shown, f"cannot read ({exc.strerror or exc})") from None
        self.stream: io.BufferedIOBase = gzip.GzipFile(fileobj=self._raw, mode="rb") if self.compressed else self._raw
        self.head = self._head()

    def _head(self) -> bytes:
        """The first bytes of the (decompressed) content, without consuming them."""
        if not self.compressed:
            return self._raw.peek(HEAD_BYTES)[:HEAD_BYTES]
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(self._raw.peek(1 << 16))) as probe:
                return probe.read(HEAD_BYTES)
        except (OSError, EOFError, zlib.error):
            return b""  # a short or damaged head; reading proper will say more

    def done(self) -> int:
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return self.total

    def close(self) -> None:
        self.stream.close()
        self._raw.close()


def lines(stream: io.BufferedIOBase, limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream`` (with their line ends); ``None`` for a line over ``limit`` bytes.

    A long line is skipped in chunks, never held whole.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
            yield None
            continue
        yield line


def size_text(limit: int) -> str:
    return f"{limit / (1 << 20):g} MiB" if limit >= 1 << 20 else f"{limit} bytes"


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged (e.g. truncated gzip) file raises mid-stream."""
    return (OSError, EOFError, zlib.error)

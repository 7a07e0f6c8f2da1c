"""The on-disk cache folder shared by the pack cache and the compiled-pattern cache.

It lives in ``$XDG_CACHE_HOME/buyerlint`` (default ``~/.cache/buyerlint``); ``BUYERLINT_CACHE_DIR``
names another folder and ``BUYERLINT_NO_CACHE=1`` turns caching off. Entries are written
atomically (a reader sees a whole entry or none), and a folder that cannot be read or written
is ignored: the cache never makes a run fail.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

try:  # CPython builds BLAKE2 in; ``hashlib`` loads OpenSSL first, about 4 ms of every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the built-in module
    from hashlib import blake2b

T = TypeVar("T")
DISABLE = "BUYERLINT_NO_CACHE"
FOLDER = "BUYERLINT_CACHE_DIR"


def digest(data: bytes = b"") -> blake2b:
    """A hash object for cache keys (BLAKE2b, 256 bits): ``update`` it, then ``hexdigest()``."""
    return blake2b(data, digest_size=32)


def folder() -> Path | None:
    """Where entries are kept, or None when caching is turned off (read from the environment
    on every call: a run reads dozens of entries, so the answer is kept per environment)."""
    env = os.environ
    return _folder(env.get(DISABLE, ""), env.get(FOLDER, ""), env.get("XDG_CACHE_HOME", ""),
                   env.get("HOME", "") + os.pathsep + env.get("USERPROFILE", ""))


@cache
def _folder(disable: str, chosen: str, xdg: str, home: str) -> Path | None:
    if disable.strip() not in ("", "0"):
        return None
    if chosen:
        return Path(chosen)
    base = xdg or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "buyerlint"


def read(section: str, key: str) -> bytes | None:
    where = folder()
    if where is None:
        return None
    try:
        return (where / section / key).read_bytes()
    except OSError:
        return None


def write(section: str, key: str, data: bytes) -> None:
    where = folder()
    if where is None:
        return
    import tempfile  # only when the cache misses: a warm run never writes

    try:
        target = where / section
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target / key)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # read-only home, full disk, a file where the folder should be, ...
        return


def remembered(section: str, made_for: bytes, make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in ``section`` under a digest of ``made_for``, which names the input and
    the code that makes the entry. An entry starts with ``made_for`` itself: one that does not
    (damaged, or a digest shared by chance) is made again and written over."""
    key = digest(made_for).hexdigest()
    head = len(made_for).to_bytes(8, "big") + made_for
    data = read(section, key)
    if data is not None and data.startswith(head):
        return data[len(head) :]
    made = make()
    write(section, key, head + made)
    return made


def marshalled(section: str, made_for: bytes, make: Callable[[], T], sound: Callable[[Any], bool]) -> T:
    """``make()``, a value ``marshal`` writes (tuples, strings, numbers), kept through
    ``remembered``, keyed by the Python version too (``marshal``'s format is that version's).
    A value read back that does not load, or that ``sound`` rejects (damaged), is made again."""
    import marshal

    made: list[T] = []

    def dumped() -> bytes:
        made.append(make())
        return marshal.dumps(cast(Any, made[0]))

    data = remembered(section, f"{sys.version_info[:2]}|".encode() + made_for, dumped)
    if made:
        return made[0]
    try:
        found = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # damaged
        return make()
    return cast(T, found) if sound(found) else make()

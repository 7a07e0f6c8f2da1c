"""A cache of validated rule packs, so that a run does not re-read and re-check unchanged packs.

An entry is keyed by a hash of everything the built pack depends on: the pack file's bytes, the
path it is shown as, the buyerlint version and the source of the modules whose objects are
stored. Any change to a pack gives a new key, so a changed pack is never served from the cache;
stale entries are simply never read again. Patterns are stored as text and compiled when a
rule first needs them.

The cache lives in ``$XDG_CACHE_HOME/buyerlint`` (default ``~/.cache/buyerlint``); set
``BUYERLINT_CACHE_DIR`` to use another folder, or ``BUYERLINT_NO_CACHE=1`` to turn it off.
A cache that cannot be read or written is ignored: it never makes a run fail.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

from buyerlint import __version__
from buyerlint.rule import RulePack

DISABLE = "BUYERLINT_NO_CACHE"
FOLDER = "BUYERLINT_CACHE_DIR"
_FORMAT = b"buyerlint-pack-cache-1"
# modules whose classes or behaviour are inside a cached pack
_MODULES = ("rule", "kinds", "patterns", "keywords", "models", "packs", "entities", "formats")


def folder() -> Path | None:
    """Where entries are kept, or None when caching is turned off."""
    if os.environ.get(DISABLE, "").strip() not in ("", "0"):
        return None
    if os.environ.get(FOLDER):
        return Path(os.environ[FOLDER])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "buyerlint"


@cache
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for name in _MODULES:
        try:
            digest.update((here / f"{name}.py").read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


def key(shown: str, data: bytes) -> str:
    digest = hashlib.sha256(_FORMAT + _code_fingerprint())
    for part in (shown.encode("utf-8", "surrogatepass"), data):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def load(entry: str) -> RulePack | None:
    where = folder()
    if where is None:
        return None
    try:
        with open(where / f"{entry}.pack", "rb") as fh:
            pack = pickle.load(fh)
    except Exception:  # missing, unreadable, truncated or from another version: rebuild
        return None
    return pack if isinstance(pack, RulePack) else None


def store(entry: str, pack: RulePack) -> None:
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pack")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(pack, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where / f"{entry}.pack")  # atomic: readers see all or nothing
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # read-only home, full disk, ...: run without the cache
        return

"""A cache of validated rule packs, so that a run does not re-read and re-check unchanged packs.

An entry is keyed by a hash of everything the built pack depends on: the pack file's bytes, the
path it is shown as, the buyerlint version and the source of the modules whose objects are
stored. Any change to a pack gives a new key, so a changed pack is never served from the cache;
stale entries are simply never read again. Patterns are stored as text and compiled when a
rule first needs them (``patterns`` caches the compiled form on its own).
Where the cache lives and how to turn it off: see ``diskcache``.
"""
from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

from buyerlint import __version__, diskcache
from buyerlint.rule import RulePack

DISABLE = diskcache.DISABLE
FOLDER = diskcache.FOLDER
_SECTION = "packs"
_FORMAT = b"buyerlint-pack-cache-1"
# modules whose classes or behaviour are inside a cached pack
_MODULES = ("rule", "kinds", "patterns", "keywords", "models", "packs", "entities", "formats", "branches", "shadow")


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
    data = diskcache.read(_SECTION, entry)
    if data is None:
        return None
    try:
        pack = pickle.loads(data)
    except Exception:  # truncated, damaged or from another version: rebuild
        return None
    return pack if isinstance(pack, RulePack) else None


def store(entry: str, pack: RulePack) -> None:
    diskcache.write(_SECTION, entry, pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))

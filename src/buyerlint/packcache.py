"""A cache of validated rule packs, so that a run does not re-read and re-check unchanged packs.

An entry is keyed by a hash of everything the built pack depends on: the pack file's bytes, the
path it is shown as, the buyerlint version and the source of the modules whose objects are
stored. Any change to a pack gives a new key, so a changed pack is never served from the cache;
stale entries are simply never read again. Patterns are stored as text and compiled when a
rule first needs them (``patterns`` caches the compiled form on its own).
Where the cache lives and how to turn it off: see ``diskcache``.
"""
from __future__ import annotations

import dataclasses
import io
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from buyerlint import __version__, diskcache
from buyerlint.rule import RulePack

DISABLE = diskcache.DISABLE
FOLDER = diskcache.FOLDER
_SECTION = "packs"
_FORMAT = b"buyerlint-pack-cache-2"
# modules whose classes or behaviour are inside a cached pack
_MODULES = (
    "rule", "kinds", "patterns", "keywords", "models", "packs", "entities", "formats", "branches", "shadow",
    "charclass", "terms", "nonascii", "clauses", "leads",  # leads: how a lead's translation is written
    "re2text", "re2split",  # how a set's recipe is written (see ``re2text.recipe``)
)


@cache
def code_fingerprint() -> bytes:
    """A digest of buyerlint's version, ``regex``'s, and the code whose work the caches keep."""
    import regex  # its Unicode tables are in a pack's class tokens (see ``nonascii``)

    digest = diskcache.digest(f"{__version__}|{regex.__version__}".encode())
    here = Path(__file__).resolve().parent
    for name in _MODULES:
        try:
            digest.update((here / f"{name}.py").read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


def key(shown: str, data: bytes) -> str:
    digest = diskcache.digest(_FORMAT + code_fingerprint())
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


class _Pickler(pickle.Pickler):
    """Stores a frozen dataclass as a call of its class with its field values: loading one then
    runs the generated ``__init__`` once, instead of the slotted dataclass's ``__setstate__``
    (which looks up the fields again for every object; a pack holds hundreds of them)."""

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        params = getattr(cls, "__dataclass_params__", None)
        if params is None or not params.frozen or not isinstance(obj, cls) or isinstance(obj, type):
            return NotImplemented
        fields = dataclasses.fields(obj)
        if not all(f.init for f in fields):
            return NotImplemented
        return cls, tuple(getattr(obj, f.name) for f in fields)


def dumps(pack: RulePack) -> bytes:
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(pack)
    return out.getvalue()


def store(entry: str, pack: RulePack) -> None:
    diskcache.write(_SECTION, entry, dumps(pack))

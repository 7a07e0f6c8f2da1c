"""Read and validate one config document into a ``Layer``: its values, their sources, its ``extends``.

A layer is not merged with anything; ``config`` does that. Every problem is a ``ConfigError``
reading ``file:line:col: message`` (TOML positions are found by scanning the text for the key),
with a did-you-mean for a misspelt key or severity.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from buyerlint import packs, yamlsrc
from buyerlint.errors import ConfigError, PackError
from buyerlint.models import SEVERITY_NAMES, Severity
from buyerlint.yamlsrc import Located, Path_

DEFAULT = "default"
COMMAND_LINE = "command line"
PYPROJECT = "pyproject.toml"
KEYS = ("packs", "extends", "select", "ignore", "severity", "fail-on", "per-path", "allow-domains", "exclude")
PER_PATH_KEYS = ("select", "ignore", "severity")
_SELECTOR = re.compile(r"\*|[a-z0-9][a-z0-9._-]*\*?")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")

Severities = tuple[tuple[str, Severity], ...]


class PathOverride(NamedTuple):
    """A ``per-path`` entry: selectors and severities for the drafts whose path matches ``glob``."""

    glob: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Severities = ()
    source: str = DEFAULT


class Layer(NamedTuple):
    """The keys one document sets (normalised), the source of each entry, and its ``extends``."""

    values: Mapping[str, Any] = MappingProxyType({})
    origins: tuple[tuple[str, str], ...] = ()
    extends: str | None = None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """"; did you mean 'x'?" for the closest of ``choices``, or ""."""
    import difflib  # only for an error message

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is below it, else as given."""
    here, there = Path.cwd().anchor, path.absolute().anchor  # relpath fails across Windows drives
    rel = os.path.relpath(path.absolute()) if here == there else ".."
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def read(path: Path) -> Located | None:
    """The config document in ``path``; None for a pyproject.toml without ``[tool.buyerlint]``."""
    name = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}: cannot read config ({exc})") from None
    if path.name != PYPROJECT:
        try:
            return yamlsrc.load(text, name)
        except PackError as exc:
            raise ConfigError(str(exc)) from None
    if "buyerlint" not in text:
        return None
    if sys.version_info >= (3, 11):  # imported here: most runs read no pyproject.toml that needs it
        import tomllib
    else:  # pragma: no cover - Python 3.10 needs the ``tomli`` package
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("buyerlint") if isinstance(data.get("tool"), dict) else None
    return None if table is None else Located(table, _toml_marks(text, table), name)


def _toml_marks(text: str, table: Any) -> dict[Path_, tuple[int, int]]:
    """Positions of TOML values, found by scanning for each key below its parent's line."""
    lines = text.splitlines()
    head = next((i for i, s in enumerate(lines) if re.match(r"\s*\[\s*tool\.buyerlint\s*[].]", s)), 0)
    marks: dict[Path_, tuple[int, int]] = {(): (head + 1, 1)}

    def walk(value: Any, path: Path_, start: int) -> None:
        pairs = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in pairs:
            word = key if isinstance(key, str) else item if isinstance(item, str) else None
            if word is None:
                continue
            q = re.escape(word)
            as_key = rf"(?:^|[\s{{,.\[])(\"{q}\"|'{q}'|{q})\s*[=.\]]"
            rx = re.compile(as_key if isinstance(key, str) else rf"(\"{q}\"|'{q}')")
            for i in range(start, len(lines)):
                m = rx.search(lines[i])
                if m:
                    marks[(*path, key)] = (i + 1, m.start(1) + 1)
                    walk(item, (*path, key), i)
                    break

    walk(table, (), head)
    return marks


class Reader:
    """Type checks against one located document; ``folder`` anchors its relative paths."""

    def __init__(self, doc: Located, folder: Path) -> None:
        self.doc = doc
        self.folder = folder

    def fail(self, path: Path_, message: str) -> ConfigError:
        if self.doc.source == COMMAND_LINE:
            return ConfigError(f"{COMMAND_LINE}: {message}")
        line, col = self.doc.where(path)
        return ConfigError(f"{self.doc.source}:{line}:{col}: {message}")

    def origin(self, path: Path_) -> str:
        return COMMAND_LINE if self.doc.source == COMMAND_LINE else f"{self.doc.source}:{self.doc.where(path)[0]}"

    def mapping(self, value: Any, path: Path_, what: str) -> Mapping[Any, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"{what} must be a mapping, not {_type(value)}")
        return value

    def keys(self, value: Mapping[Any, Any], allowed: Sequence[str], path: Path_, where: str = "") -> None:
        for key in value:
            if key not in allowed:
                raise self.fail((*path, key), f"unknown key {key!r}{where}{did_you_mean(str(key), allowed)}")

    def string(self, value: Any, path: Path_, what: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(path, f"{what} must be a non-empty string, not {_type(value)}")
        return value

    def strings(self, value: Any, path: Path_, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(path, f"{key!r} must be a list of strings, not {_type(value)}")
        return tuple(dict.fromkeys(self.string(v, (*path, i), f"an item of {key!r}") for i, v in enumerate(value)))

    def severity(self, value: Any, path: Path_, key: str) -> Severity:
        word = self.string(value, path, repr(key))
        if word not in SEVERITY_NAMES:
            hint = did_you_mean(word, SEVERITY_NAMES)
            raise self.fail(path, f"unknown severity {word!r} (one of: {', '.join(SEVERITY_NAMES)}){hint}")
        return Severity.parse(word)

    def selectors(self, value: Any, path: Path_, key: str) -> tuple[str, ...]:
        items = self.strings(value, path, key)
        for i, sel in enumerate(items):
            if not _SELECTOR.fullmatch(sel):
                where = path if isinstance(value, str) else (*path, i)
                raise self.fail(where, f"invalid selector {sel!r} in {key!r} (a rule id, pack, category,"
                                " or a prefix ending in '.' or '*')")
        return items

    def severities(self, value: Any, path: Path_) -> Severities:
        m = self.mapping(value, path, "'severity'")
        return tuple((self.selectors(k, (*path, k), "severity")[0], self.severity(v, (*path, k), "severity"))
                     for k, v in m.items())

    def packs(self, value: Any, path: Path_) -> tuple[str, ...]:
        """Bundled pack names as they are; paths (with '/' or a .yaml/.yml suffix) made absolute."""
        out = []
        names = packs.bundled_names()
        for i, spec in enumerate(self.strings(value, path, "packs")):
            if "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml")):
                target = Path(os.path.normpath(self.folder / spec))
                if not target.is_file():
                    raise self.fail((*path, i), f"no such pack file {shown(target)!r}")
                out.append(str(target.absolute()))
            elif spec in names:
                out.append(spec)
            else:
                raise self.fail((*path, i), f"unknown pack {spec!r} (bundled packs: {', '.join(names) or 'none'})"
                                f"{did_you_mean(spec, names)}")
        if out:
            return tuple(out)
        raise self.fail(path, "'packs' must name at least one pack")


def _type(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "an empty string", bool: "a boolean"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def parse(r: Reader) -> Layer:
    """The document's own values, keyed like the file (``fail-on``), with a source per entry."""
    top = r.mapping({} if r.doc.data is None else r.doc.data, (), "a buyerlint config")
    r.keys(top, KEYS, ())
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in top.items():
        p: Path_ = (key,)
        if key in ("select", "ignore"):
            values[key] = r.selectors(value, p, key)
        elif key == "packs":
            values[key] = r.packs(value, p)
        elif key == "fail-on":
            values[key] = r.severity(value, p, key)
        elif key == "exclude":
            values[key] = r.strings(value, p, key)
        elif key == "allow-domains":
            values[key] = tuple(d.lower() for d in r.strings(value, p, key))
            for i, d in enumerate(values[key]):
                if not _DOMAIN.fullmatch(d):
                    raise r.fail((*p, i), f"{d!r} is not a domain name (write just the host, e.g. 'brand.com')")
        elif key == "severity":
            values[key] = r.severities(value, p)
            origins.update((f"severity[{s}]", r.origin((*p, s))) for s, _ in values[key])
        elif key == "per-path":
            values[key] = _per_path(r, value, p)
            origins.update((f"per-path[{o.glob}]", o.source) for o in values[key])
        if key in ("ignore", "exclude", "allow-domains"):
            origins.update((f"{key}[{v}]", r.origin((*p, i))) for i, v in enumerate(values[key]))
        elif key in ("select", "packs", "fail-on"):
            origins[key] = r.origin(p)
    extends = r.string(top["extends"], ("extends",), "'extends'") if "extends" in top else None
    return Layer(values, tuple(origins.items()), extends)


def _per_path(r: Reader, value: Any, path: Path_) -> tuple[PathOverride, ...]:
    out = []
    for glob, raw in r.mapping(value, path, "'per-path'").items():
        p = (*path, glob)
        g = r.string(glob, p, "a per-path glob")
        m = r.mapping(raw, p, f"per-path entry {g!r}")
        r.keys(m, PER_PATH_KEYS, p, f" in per-path entry {g!r}")
        select, ignore = (r.selectors(m.get(k, []), (*p, k), k) for k in ("select", "ignore"))
        severity = r.severities(m.get("severity", {}), (*p, "severity"))
        out.append(PathOverride(g.replace("\\", "/"), select, ignore, severity, r.origin(p)))
    return tuple(out)

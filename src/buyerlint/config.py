"""Configuration: find it, follow ``extends``, merge layers, and remember where values came from.

Forms: ``.buyerlint.yaml`` (or ``.buyerlint.yml``), or a ``[tool.buyerlint]`` table in
``pyproject.toml``; the same keys in both (``configfile`` reads and validates one document).
Discovery walks from the start folder up to the filesystem root; in each folder the YAML file
wins over ``pyproject.toml``, a ``pyproject.toml`` without the table is skipped, and the first
file found is the config (folders are not merged: use ``extends``). ``--config FILE`` replaces
discovery and ``--isolated`` ignores every file.

Merging, for ``extends`` (the base first, then the file that extends it) and for command-line
overrides on top (``Config.with_overrides``), the later layer (the child) wins:

- ``fail-on`` and the lists ``packs`` and ``select`` are replaced by the child's;
- ``ignore``, ``exclude`` and ``allow-domains`` are concatenated (base first, no duplicates);
- ``severity`` is merged per selector, ``per-path`` per glob (the child's entry replaces the base's).

Every effective value keeps its source: ``"<file>:<line>"``, ``"default"`` or ``"command line"``.
Selectors are checked against the loaded rules later, by ``selection.apply``.
"""
from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from buyerlint import packs
from buyerlint.configfile import (
    COMMAND_LINE,
    DEFAULT,
    KEYS,
    PYPROJECT,
    Layer,
    PathOverride,
    Reader,
    Severities,
    did_you_mean,
    parse,
    read,
    shown,
)
from buyerlint.errors import ConfigError
from buyerlint.models import Severity
from buyerlint.yamlsrc import Located

YAML_NAMES = (".buyerlint.yaml", ".buyerlint.yml")
_CONCATENATED = ("ignore", "exclude", "allow-domains")


@dataclass(frozen=True, slots=True)
class Config:
    """The effective configuration. Immutable and hashable (``selection`` caches on it)."""

    packs: tuple[str, ...] | None = None  # None: every bundled pack; paths are absolute
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    severity: Severities = ()
    fail_on: Severity = Severity.ERROR
    per_path: tuple[PathOverride, ...] = ()
    allow_domains: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extends: tuple[str, ...] = ()  # the files ``extends`` pulled in, nearest first
    files: tuple[str, ...] = ()  # every config file read, the one found (or given) first
    origins: tuple[tuple[str, str], ...] = ()  # (entry, source); an entry missing here is a default

    def source(self, entry: str) -> str:
        """Where ``entry`` came from: a key (``"select"``) or an item (``"ignore[reviews.]"``)."""
        return dict(self.origins).get(entry, DEFAULT)

    def with_overrides(
        self,
        *,
        packs: Sequence[str] | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        severity: Mapping[str, str] | None = None,
        fail_on: str | None = None,
        allow_domains: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
    ) -> Config:
        """This config with command-line values merged on top as a child layer (None: not given).

        Pack paths are relative to the current folder; bad values raise ``ConfigError``.
        """
        given: dict[str, Any] = {
            "packs": packs, "select": select, "ignore": ignore, "severity": severity,
            "fail-on": fail_on, "allow-domains": allow_domains, "exclude": exclude,
        }
        data = {k: dict(v) if isinstance(v, Mapping) else v if isinstance(v, str) else list(v)
                for k, v in given.items() if v is not None}
        return _merge(self, parse(Reader(Located(data, {}, COMMAND_LINE), Path.cwd())))

    def describe(self) -> list[tuple[str, str, str]]:
        """(key, value as text, source) for every effective setting, in ``KEYS`` order."""
        rows: list[tuple[str, str, str]] = []

        def items(key: str, values: Sequence[str]) -> None:
            rows.extend((key, v, self.source(f"{key}[{v}]")) for v in values)
            if not values:
                rows.append((key, "(none)", DEFAULT))

        rows.append(("packs", "(all bundled)" if self.packs is None else ", ".join(self.packs), self.source("packs")))
        items("extends", self.extends)
        rows.append(("select", "(all rules)" if self.select is None else ", ".join(self.select), self.source("select")))
        items("ignore", self.ignore)
        rows.extend((f"severity.{s}", sev.label, self.source(f"severity[{s}]")) for s, sev in self.severity)
        rows.append(("fail-on", self.fail_on.label, self.source("fail-on")))
        rows.extend((f"per-path.{o.glob}", _describe_override(o), o.source) for o in self.per_path)
        items("allow-domains", self.allow_domains)
        items("exclude", self.exclude)
        return rows


def _describe_override(o: PathOverride) -> str:
    parts = [f"select: {', '.join(o.select)}"] if o.select else []
    parts += [f"ignore: {', '.join(o.ignore)}"] if o.ignore else []
    parts += [f"severity: {', '.join(f'{s}={v.label}' for s, v in o.severity)}"] if o.severity else []
    return "; ".join(parts) or "(nothing)"


def load_config(
    start: str | Path | None = None, *, config_file: str | Path | None = None, isolated: bool = False
) -> Config:
    """The config for a run: defaults (``isolated``), ``config_file``, or discovery from ``start``."""
    if isolated:
        if config_file is not None:
            raise ConfigError("--config and --isolated cannot be used together")
        return Config()
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"{shown(path)}: no such config file")
        return load(path)
    found = discover(start)
    return Config() if found is None else load(found)


def discover(start: str | Path | None = None) -> Path | None:
    """The nearest config file from ``start`` (default: the current folder) up to the root."""
    folder = Path(start if start is not None else Path.cwd()).absolute()
    for d in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (d / name).is_file():
                return d / name
        if (d / PYPROJECT).is_file() and read(d / PYPROJECT) is not None:
            return d / PYPROJECT
    return None


def profiles_dir() -> Path:
    """Bundled profiles for ``extends: NAME``: ``profiles/*.yaml`` inside the bundled packs folder."""
    return packs.bundled_dir() / "profiles"


def load(path: str | Path) -> Config:
    """One config file (YAML, or a pyproject.toml's table) with what it extends, over the defaults."""
    return _load(Path(path), ())


def _load(path: Path, chain: tuple[Path, ...]) -> Config:
    doc = read(path)
    if doc is None:
        raise ConfigError(f"{shown(path)}: no [tool.buyerlint] table")
    reader = Reader(doc, path.parent)
    layer = parse(reader)
    base = Config()
    if layer.extends is not None:
        target = _extends_target(reader, layer.extends)
        here = (*chain, path.resolve())
        if target.resolve() in here:
            names = " -> ".join(shown(p) for p in (*here, target.resolve()))
            raise reader.fail(("extends",), f"extends cycle: {names}")
        base = _load(target, here)
        entry = (f"extends[{shown(target)}]", reader.origin(("extends",)))
        base = replace(base, extends=(shown(target), *base.extends), origins=(*base.origins, entry))
    return replace(_merge(base, layer), files=(doc.source, *base.files))


def _extends_target(r: Reader, value: str) -> Path:
    """A path (relative to the extending file) when it has '/' or a suffix, else a bundled profile."""
    if "/" in value or "\\" in value or value.endswith((".yaml", ".yml", ".toml")):
        target = Path(os.path.normpath(r.folder / value))
        if not target.is_file():
            raise r.fail(("extends",), f"extends: no such file {shown(target)!r}")
        return target
    folder = profiles_dir()
    names = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    if value not in names:
        known = f"bundled profiles: {', '.join(names)}" if names else "no profiles are bundled"
        raise r.fail(("extends",), f"unknown profile {value!r} ({known}){did_you_mean(value, names)}")
    return folder / f"{value}.yaml"


def _merge(base: Config, layer: Layer) -> Config:
    """``layer`` on top of ``base``, by the rules in the module docstring."""
    changes: dict[str, Any] = {}
    for key, new in layer.values.items():
        attr = key.replace("-", "_")
        old = getattr(base, attr)
        if key in _CONCATENATED:
            changes[attr] = tuple(dict.fromkeys((*old, *new)))
        elif key == "severity":
            changes[attr] = tuple({**dict(old), **dict(new)}.items())
        elif key == "per-path":
            changes[attr] = tuple({o.glob: o for o in (*old, *new)}.values())
        else:
            changes[attr] = new
    origins = tuple({**dict(base.origins), **dict(layer.origins)}.items())
    return replace(base, **changes, origins=origins)


__all__ = ["COMMAND_LINE", "DEFAULT", "KEYS", "Config", "PathOverride", "discover", "load", "load_config"]

"""Apply a ``Config`` to loaded rules: which rules run, at what severity, with which extra domains.

Selectors (in ``select``, ``ignore``, ``severity`` and ``per-path``), most specific first:

1. a rule id: ``payment.paypal``;
2. a prefix ending in ``.`` or ``*``: ``reviews.``, ``reviews.rev*`` (a longer prefix is more
   specific);
3. a pack name: ``payment``;
4. a category: ``payment-outside-amazon``;
5. ``*``: every rule.

A rule is enabled when the most specific selector matching it among ``select`` and ``ignore``
is a ``select``; on a tie ``ignore`` wins. Without ``select`` every rule is selected, below all
selectors. So ``ignore: [reviews]`` + ``select: [reviews.rev-ask]`` keeps just that review rule,
and ``select: [payment]`` + ``ignore: [payment.paypal]`` runs the payment pack without paypal.
The most specific ``severity`` selector sets a rule's severity (on a tie, the later entry).

``per-path``: every entry whose glob matches the path is applied on top, in order. Among its
selectors that match a rule, the most specific decides (``select`` enables, ``ignore``
disables, ``ignore`` wins ties); a rule it does not match keeps its state. Its ``severity``
entries override in the same way.

Globs match the path as reported, on ``/``-separated paths (a leading ``./`` is dropped):
``*`` and ``?`` stay inside one folder name, ``**`` crosses folders (``**/`` may match
nothing), ``[...]`` is a character class. A glob without ``/`` is tried on every folder or file
name (``*.html``, ``legacy``); a glob with ``/`` is tried on the whole path and on each parent
folder, so ``drafts/old`` covers everything below it.

``allow-domains`` extends the allow list of every ``link`` rule that has one.

A selector must match a loaded rule id, a prefix of one, a loaded pack or a known category;
otherwise ``apply`` raises ``ConfigError`` naming where the selector was written.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from buyerlint.config import Config
from buyerlint.configfile import PathOverride, Severities, did_you_mean
from buyerlint.errors import ConfigError
from buyerlint.kinds import LinkKind
from buyerlint.models import CATEGORIES, Severity
from buyerlint.rule import Rule

Spec = tuple[int, int]  # (level, prefix length): compared as a tuple, higher is more specific
_ALL_IMPLICIT: Spec = (-1, 0)
_CACHE: dict[tuple[int, Config, tuple[PathOverride, ...]], tuple[Sequence[Rule], tuple[Rule, ...]]] = {}
_CACHE_SIZE = 512


def apply(rules: Sequence[Rule], config: Config, path: str | None = None) -> tuple[Rule, ...]:
    """The enabled rules, with severities and domains from ``config`` (and its ``per-path`` for ``path``).

    Results are cached per (rules object, config, matching per-path entries): pass the same
    tuple of rules for every file.
    """
    active = tuple(o for o in config.per_path if path_matches(o.glob, path)) if path is not None else ()
    key = (id(rules), config, active)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is rules:
        return hit[1]
    result = _compute(rules, config, active)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (rules, result)  # keeps ``rules`` alive, so its id is not reused while cached
    return result


def excluded(path: str, config: Config) -> bool:
    """True when ``path`` (or a folder above it) matches one of the ``exclude`` globs."""
    return any(path_matches(glob, path) for glob in config.exclude)


def validate(rules: Sequence[Rule], config: Config) -> None:
    """Raise ``ConfigError`` for a selector that matches no loaded rule, pack or category."""
    ids = {r.id for r in rules}
    known = sorted(ids | {r.pack for r in rules} | set(CATEGORIES))

    def check(selectors: Sequence[str], key: str, source: str | None = None) -> None:
        for sel in selectors:
            prefix = sel.rstrip("*")
            is_prefix = sel.endswith((".", "*"))
            if sel == "*" or sel in known or (is_prefix and any(i.startswith(prefix) for i in ids)):
                continue
            where = source or config.source(f"{key}[{sel}]")
            hint = did_you_mean(prefix.rstrip("."), known)
            raise ConfigError(f"{where}: unknown selector {sel!r} in {key!r}"
                              f" (it matches no loaded rule, pack or category){hint}")

    check(config.select or (), "select", config.source("select"))
    check(config.ignore, "ignore")
    check([s for s, _ in config.severity], "severity")
    for o in config.per_path:
        for key, selectors in (("select", o.select), ("ignore", o.ignore), ("severity", [s for s, _ in o.severity])):
            check(selectors, f"per-path {o.glob!r} {key}", o.source)


def _compute(rules: Sequence[Rule], config: Config, active: tuple[PathOverride, ...]) -> tuple[Rule, ...]:
    validate(rules, config)
    out: list[Rule] = []
    for rule in rules:
        floor = _ALL_IMPLICIT if config.select is None else None
        on = _decide(rule, config.select or (), config.ignore, floor)
        severity = _severity(rule, config.severity, rule.severity)
        for o in active:
            layered = _decide(rule, o.select, o.ignore, None)
            on = on if layered is None else layered
            severity = _severity(rule, o.severity, severity)
        if not on:
            continue
        if severity != rule.severity:
            rule = replace(rule, severity=severity)
        kind = rule.kind
        if config.allow_domains and isinstance(kind, LinkKind) and kind.allow_domains:
            extra = tuple(d for d in config.allow_domains if d not in kind.allow_domains)
            if extra:
                rule = replace(rule, kind=replace(kind, allow_domains=(*kind.allow_domains, *extra)))
        out.append(rule)
    return tuple(out)


def specificity(selector: str, rule: Rule) -> Spec | None:
    """How specifically ``selector`` names ``rule`` (higher is more specific), or None."""
    if selector == "*":
        return (0, 0)
    if selector.endswith((".", "*")):
        prefix = selector.rstrip("*")
        return (3, len(prefix)) if rule.id.startswith(prefix) else None
    if selector == rule.id:
        return (4, 0)
    if selector == rule.pack:
        return (2, 0)
    if selector == rule.category:
        return (1, 0)
    return None


def _decide(rule: Rule, select: Sequence[str], ignore: Sequence[str], floor: Spec | None) -> bool | None:
    """True/False from the most specific matching selector (ignore wins ties); None if none match."""
    best: tuple[Spec, int] | None = None if floor is None else (floor, 0)
    for flag, selectors in ((0, select), (1, ignore)):
        for sel in selectors:
            spec = specificity(sel, rule)
            if spec is not None and (best is None or (spec, flag) > best):
                best = (spec, flag)
    return None if best is None else best[1] == 0


def _severity(rule: Rule, severities: Severities, current: Severity) -> Severity:
    best: tuple[Spec, int] | None = None
    chosen = current
    for i, (sel, severity) in enumerate(severities):
        spec = specificity(sel, rule)
        if spec is not None and (best is None or (spec, i) > best):
            best, chosen = (spec, i), severity
    return chosen


# --------------------------------------------------------------------------------- globs
def _norm(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


@functools.lru_cache(maxsize=1024)
def _glob_regex(glob: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] in "*?":
            out.append("[^/]*" if glob[i] == "*" else "[^/]")
            i += 1
        elif glob[i] == "[" and (end := glob.find("]", i + 2)) != -1:
            body = glob[i + 1 : end].replace("\\", "\\\\")
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out), re.DOTALL)


@functools.lru_cache(maxsize=4096)
def path_matches(glob: str, path: str) -> bool:
    """True when ``glob`` matches ``path`` or one of its parent folders (see the module docstring)."""
    glob, path = _norm(glob), _norm(path)
    rx = _glob_regex(glob.rstrip("/") or glob)
    parts = path.split("/")
    if "/" not in glob.rstrip("/"):
        return any(rx.fullmatch(part) for part in parts)
    return any(rx.fullmatch("/".join(parts[:n])) for n in range(len(parts), 0, -1))

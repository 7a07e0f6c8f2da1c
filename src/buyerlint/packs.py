"""Find rule packs, validate them once, and compile them into ``RulePack`` objects.

Every problem in a pack is a ``PackError`` that names the file, line and column, and
suggests the nearest valid word for a misspelt key, kind, category or severity.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from buyerlint import clauses, kinds, packcache
from buyerlint.checksums import CHECKS
from buyerlint.entities import DEFAULT_BARE_TLDS
from buyerlint.errors import PackError
from buyerlint.formats import FORMATS
from buyerlint.models import CATEGORIES, SEVERITY_NAMES, Severity
from buyerlint.patterns import PatternError, compile_pattern
from buyerlint.rule import SCOPES, Condition, Examples, Rule, RulePack
from buyerlint.terms import alternation, term_regex

if TYPE_CHECKING:
    from buyerlint.yamlsrc import Located, Path_

PACK_KEYS = ("name", "version", "description", "rules", "define", "defaults")
RULE_KEYS = (
    "id", "kind", "category", "severity", "message", "help", "policy", "examples",
    "description", "exceptions", "unless", "ignorecase", "scope", "formats", "when",
)
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "forbid": ("patterns", "terms"),
    "near": ("all", "within"),
    "require": ("patterns", "placeholders"),
    "link": ("allow-domains", "only-domains", "path", "tlds"),
    "email": (),
    "phone": ("min-digits", "max-digits"),
    "number": ("check",),
}
RULE_ID = compile_pattern(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", ignorecase=False, lazy=True)


def bundled_dir() -> Path:
    """The packs shipped with buyerlint (the checkout's ``rules/`` when run from source)."""
    here = Path(__file__).resolve().parent
    if here.parent.name == "src" and (here.parents[1] / "rules").is_dir():
        return here.parents[1] / "rules"
    from importlib import resources  # an installed package (a checkout does not get here)

    return Path(str(resources.files("buyerlint").joinpath("packs")))


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def resolve(spec: str) -> Path:
    """A bundled pack name ("payment") or a path to a pack file."""
    if spec in bundled_names():
        return bundled_dir() / f"{spec}.yaml"
    path = Path(spec)
    if path.is_file():
        return path
    hint = _did_you_mean(spec, bundled_names())
    raise PackError(spec, f"no such pack (bundled packs: {', '.join(bundled_names())}){hint}")


def load_packs(specs: Iterable[str] | None = None) -> tuple[RulePack, ...]:
    paths = [resolve(s) for s in specs] if specs is not None else sorted(bundled_dir().glob("*.yaml"))
    packs = tuple(load_pack(p) for p in paths)
    seen: dict[str, str] = {}
    for pack in packs:
        if pack.name in seen:
            raise PackError(pack.source, f"pack name {pack.name!r} is also used by {seen[pack.name]}")
        seen[pack.name] = pack.source
    return packs


def load_pack(path: Path) -> RulePack:
    """A validated pack: from the cache when this exact content was validated before."""
    shown = _shown(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        raise PackError(shown, f"cannot read pack ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        byte = f"byte 0x{exc.object[exc.start]:02x} at offset {exc.start}"
        raise PackError(shown, f"cannot read pack: not UTF-8 ({byte})") from None
    entry = packcache.key(shown, data)
    cached = packcache.load(entry)
    if cached is not None:
        return cached
    from buyerlint import yamlsrc

    pack = build_pack(yamlsrc.load(text, shown))
    packcache.store(entry, pack)
    return pack


def _shown(path: Path) -> str:
    """The path as a user would type it: relative to the current folder when inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- validation
def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    import difflib  # only for an error message

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class _Checker:
    """Type checks against one located YAML document."""

    def __init__(self, doc: Located) -> None:
        self.doc = doc

    def fail(self, path: Path_, message: str) -> PackError:
        return self.doc.error(path, message)

    def mapping(self, value: Any, path: Path_, what: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"{what} must be a mapping, not {_type(value)}")
        return value

    def keys(self, value: Mapping[str, Any], allowed: Sequence[str], path: Path_, what: str) -> None:
        for key in value:
            if key not in allowed:
                hint = _did_you_mean(str(key), allowed)
                raise self.fail((*path, key), f"unknown key {key!r} in {what}{hint}")

    def string(self, value: Any, path: Path_, key: str) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(path, f"{key!r} must be a string, not {_type(value)}")
        return str(value)

    def strings(self, value: Any, path: Path_, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.fail(path, f"{key!r} must be a list of strings, not {_type(value)}")
        return tuple(self.string(v, (*path, i), key) for i, v in enumerate(value))

    def choice(self, value: Any, path: Path_, key: str, choices: Sequence[str]) -> str:
        word = self.string(value, path, key)
        if word not in choices:
            hint = _did_you_mean(word, choices)
            raise self.fail(path, f"unknown {key} {word!r} (one of: {', '.join(choices)}){hint}")
        return word

    def integer(self, value: Any, path: Path_, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"{key!r} must be an integer, not {_type(value)}")
        return value


def _type(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def build_pack(doc: Located) -> RulePack:
    c = _Checker(doc)
    top = c.mapping(doc.data, (), "a pack")
    c.keys(top, PACK_KEYS, (), "the pack header")
    for key in ("name", "version", "description", "rules"):
        if key not in top:
            raise c.fail((), f"missing pack key {key!r}")
    name = c.string(top["name"], ("name",), "name")
    if not RULE_ID.fullmatch(name):
        raise c.fail(("name",), f"pack name {name!r} must be lower-case words joined by '-'")
    macros: dict[str, str] = {}
    if "define" in top:
        for key, value in c.mapping(top["define"], ("define",), "'define'").items():
            macros[str(key)] = c.string(value, ("define", key), str(key))
    defaults = c.mapping(top.get("defaults", {}), ("defaults",), "'defaults'")
    c.keys(defaults, ("category", "severity"), ("defaults",), "'defaults'")
    raw_rules = top["rules"]
    if not isinstance(raw_rules, list) or not raw_rules:
        raise c.fail(("rules",), "'rules' must be a non-empty list")
    rules: list[Rule] = []
    ids: dict[str, int] = {}
    for i, raw in enumerate(raw_rules):
        rule = _build_rule(c, raw, ("rules", i), name, macros, defaults)
        if rule.id in ids:
            raise c.fail(("rules", i, "id"), f"duplicate rule id {rule.id!r} (first on line {ids[rule.id]})")
        ids[rule.id] = rule.line
        rules.append(rule)
    return RulePack(
        name=name,
        version=c.string(top["version"], ("version",), "version"),
        description=c.string(top["description"], ("description",), "description"),
        source=doc.source,
        rules=tuple(rules),
    )


def _build_rule(
    c: _Checker, raw: Any, path: Path_, pack: str, macros: Mapping[str, str], defaults: Mapping[str, Any]
) -> Rule:
    r = c.mapping(raw, path, "a rule")
    for key in ("id", "kind"):
        if key not in r:
            raise c.fail(path, f"rule is missing {key!r}")
    kind_name = c.choice(r["kind"], (*path, "kind"), "kind", tuple(KIND_KEYS))
    c.keys(r, RULE_KEYS + KIND_KEYS[kind_name], path, f"a {kind_name!r} rule")
    rid = c.string(r["id"], (*path, "id"), "id")
    if not RULE_ID.fullmatch(rid):
        raise c.fail((*path, "id"), f"rule id {rid!r} must be lower-case words joined by '-'")
    merged = {**defaults, **r}
    for key in ("category", "severity", "message", "help", "policy"):
        if key not in merged:
            raise c.fail(path, f"rule {rid!r} is missing {key!r}")
    ignorecase = r.get("ignorecase", True)
    if not isinstance(ignorecase, bool):
        raise c.fail((*path, "ignorecase"), "'ignorecase' must be true or false")

    def regexes(key: str) -> tuple[str, ...]:
        items = c.strings(r[key], (*path, key), key)
        for i, src in enumerate(items):
            _compile(c, src, (*path, key, i), macros, ignorecase)
        return items

    def one(sources: Sequence[str], where: Path_) -> Any:
        return _compile(c, alternation(sources), where, macros, ignorecase) if sources else None

    kind = _build_kind(c, kind_name, r, path, regexes, one, macros)
    examples = _examples(c, r.get("examples"), (*path, "examples"))
    cat_path = (*path, "category") if "category" in r else ("defaults", "category")
    sev_path = (*path, "severity") if "severity" in r else ("defaults", "severity")
    return Rule(
        id=f"{pack}.{rid}",
        kind_name=kind_name,
        kind=kind,
        category=c.choice(merged["category"], cat_path, "category", CATEGORIES),
        severity=Severity.parse(c.choice(merged["severity"], sev_path, "severity", SEVERITY_NAMES)),
        message=_oneline(c.string(r["message"], (*path, "message"), "message")),
        help=_oneline(c.string(r["help"], (*path, "help"), "help")),
        policy=c.string(r["policy"], (*path, "policy"), "policy"),
        description=_oneline(c.string(r.get("description", ""), (*path, "description"), "description")),
        exceptions=one(regexes("exceptions"), (*path, "exceptions")) if "exceptions" in r else None,
        unless=one(regexes("unless"), (*path, "unless")) if "unless" in r else None,
        examples=examples,
        scope=c.choice(r.get("scope", "text"), (*path, "scope"), "scope", SCOPES),
        formats=tuple(c.choice(f, (*path, "formats", i), "format", FORMATS)
                      for i, f in enumerate(c.strings(r.get("formats", []), (*path, "formats"), "formats"))),
        when=_when(c, r.get("when", {}), (*path, "when")),
        source=c.doc.source,
        line=c.doc.where(path)[0],
        keywords=clauses.keywords(kind),
    )


def _build_kind(
    c: _Checker,
    kind_name: str,
    r: Mapping[str, Any],
    path: Path_,
    regexes: Callable[[str], tuple[str, ...]],
    one: Callable[[Sequence[str], Path_], Any],
    macros: Mapping[str, str],
) -> kinds.Kind:
    if kind_name == "forbid":
        sources = list(regexes("patterns")) if "patterns" in r else []
        terms = c.strings(r["terms"], (*path, "terms"), "terms") if "terms" in r else ()
        if not sources and not terms:
            raise c.fail(path, "a 'forbid' rule needs 'patterns' or 'terms'")
        every = sources + [term_regex(t) for t in terms]
        plain = one(sources + [term_regex(t, swaps=False) for t in terms], path) if terms else None
        icase = r.get("ignorecase", True) is not False
        parts = [compile_pattern(s, ignorecase=icase, macros=macros, lazy=True) for s in every]
        return clauses.forbid(one(every, path), parts, plain)
    if kind_name == "near":
        groups_raw = r.get("all")
        if not isinstance(groups_raw, list) or len(groups_raw) < 2:
            raise c.fail((*path, "all"), "'all' must be a list of at least two pattern groups")
        groups = []
        for i, g in enumerate(groups_raw):
            srcs = c.strings(g, (*path, "all", i), "all")
            for j, s in enumerate(srcs):
                one([s], (*path, "all", i, j) if isinstance(g, list) else (*path, "all", i))
            groups.append(one(srcs, (*path, "all", i)))
        within_raw = r.get("within", 1)
        within = 0 if within_raw == "document" else c.integer(within_raw, (*path, "within"), "within")
        if within < 0:
            raise c.fail((*path, "within"), "'within' must be a number of sentences or 'document'")
        return clauses.near(groups, within)
    if kind_name == "require":
        pattern = one(regexes("patterns"), (*path, "patterns")) if "patterns" in r else None
        holder = one(regexes("placeholders"), (*path, "placeholders")) if "placeholders" in r else None
        if pattern is None and holder is None:
            raise c.fail(path, "a 'require' rule needs 'patterns' or 'placeholders'")
        return clauses.require(pattern, holder)
    if kind_name == "link":
        def domains(key: str) -> tuple[str, ...]:
            return tuple(d.lower() for d in c.strings(r.get(key, []), (*path, key), key))

        tlds = domains("tlds") if "tlds" in r else DEFAULT_BARE_TLDS
        path_rx = one(regexes("path"), (*path, "path")) if "path" in r else None
        return kinds.LinkKind(domains("allow-domains"), domains("only-domains"), path_rx, tlds)
    if kind_name == "email":
        return kinds.EmailKind()
    if kind_name == "number":
        if "check" not in r:
            raise c.fail(path, f"a 'number' rule needs 'check' (one of: {', '.join(CHECKS)})")
        return kinds.NumberKind(c.choice(r["check"], (*path, "check"), "check", CHECKS))
    lo = c.integer(r.get("min-digits", 7), (*path, "min-digits"), "min-digits")
    hi = c.integer(r.get("max-digits", 15), (*path, "max-digits"), "max-digits")
    return kinds.PhoneKind(lo, hi)


def _compile(c: _Checker, source: str, path: Path_, macros: Mapping[str, str], ignorecase: bool) -> Any:
    try:
        return compile_pattern(source, ignorecase=ignorecase, macros=macros)
    except PatternError as exc:
        raise c.fail(path, str(exc)) from None


def _oneline(text: str) -> str:
    """YAML folded text ("help: >") ends in a newline and may wrap; messages are one line."""
    return " ".join(text.split())


def _when(c: _Checker, raw: Any, path: Path_) -> dict[str, Condition]:
    """``when: {reason: review-request}``, ``{reason: [a, b]}`` or ``{reason: {not: [a, b]}}``."""
    out: dict[str, Condition] = {}
    for key, value in c.mapping(raw, path, "'when'").items():
        negate = False
        if isinstance(value, dict):
            c.keys(value, ("not",), (*path, key), f"'when: {key}'")
            value, negate = value.get("not", []), True
        values = tuple(v.lower() for v in c.strings(value, (*path, key), str(key)))
        out[str(key)] = Condition(values, negate)
    return out


def _examples(c: _Checker, raw: Any, path: Path_) -> Examples:
    if raw is None:
        return Examples()
    m = c.mapping(raw, path, "'examples'")
    c.keys(m, ("fail", "pass"), path, "'examples'")
    fail = c.strings(m.get("fail", []), (*path, "fail"), "fail")
    passes = c.strings(m.get("pass", []), (*path, "pass"), "pass")
    return Examples(fail, passes)

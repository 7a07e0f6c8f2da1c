from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import config, packs
from buyerlint.config import Config, PathOverride
from buyerlint.errors import ConfigError
from buyerlint.models import Severity

PACK = "name: {name}\nversion: '1'\ndescription: d\nrules:\n  - {{id: a, kind: email, category: marketing," \
       " severity: error, message: m, help: h, policy: p}}\n"


@pytest.fixture(autouse=True)
def _bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake bundled folder (packs 'payment' and 'reviews', profile 'strict'); cwd is tmp_path/work."""
    bundled = tmp_path / "bundled"
    (bundled / "profiles").mkdir(parents=True)
    for name in ("payment", "reviews"):
        (bundled / f"{name}.yaml").write_text(PACK.format(name=name))
    (bundled / "profiles" / "strict.yaml").write_text("fail-on: warning\nignore: [reviews.]\n")
    monkeypatch.setattr(packs, "bundled_dir", lambda: bundled)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


TABLE = '[project]\nname = "x"\n\n[tool.buyerlint]\nselect = ["payment"]\n'


# ------------------------------------------------------------------------------ discovery
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({".buyerlint.yaml": "", ".buyerlint.yml": ""}, ".buyerlint.yaml", id="yaml-over-yml"),
        pytest.param({".buyerlint.yml": "", "pyproject.toml": TABLE}, ".buyerlint.yml", id="yml-over-pyproject"),
        pytest.param({"pyproject.toml": TABLE}, "pyproject.toml", id="pyproject-with-table"),
        pytest.param({"a/pyproject.toml": TABLE, ".buyerlint.yaml": ""}, "a/pyproject.toml", id="nearest-wins"),
        pytest.param(
            {"a/pyproject.toml": '[tool.ruff]\nline-length = 1  # buyerlint\n', ".buyerlint.yaml": ""},
            ".buyerlint.yaml",
            id="pyproject-without-table-skipped",
        ),
        pytest.param({"a/b/.buyerlint.yml": "", ".buyerlint.yaml": ""}, "a/b/.buyerlint.yml", id="in-start-folder"),
    ],
)
def test_discovery_applies_from_a_nested_folder_upward(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    root = tmp_path / "proj"
    for name, text in files.items():
        write(root / name, text)
    (root / "a" / "b").mkdir(parents=True, exist_ok=True)
    assert config.discover(root / "a" / "b") == root / expected


def test_discovery_defaults_to_the_current_folder(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "fail-on: info\n")
    assert config.load_config().fail_on is Severity.INFO
    assert config.load_config().files == (".buyerlint.yaml",)


def test_explicit_config_overrides_discovery_and_reads_pyproject(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "fail-on: info\n")
    write(_bundled / "other" / "pyproject.toml", TABLE + 'fail-on = "warning"\n')
    cfg = config.load_config(config_file="other/pyproject.toml")
    assert (cfg.select, cfg.fail_on) == (("payment",), Severity.WARNING)
    assert cfg.source("select") == "other/pyproject.toml:5"
    assert cfg.source("fail-on") == "other/pyproject.toml:6"


def test_isolated_ignores_config_files(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "fail-on: info\n")
    assert config.load_config(isolated=True) == Config()


def test_pyproject_tables_and_inline_tables_apply(_bundled: Path) -> None:
    write(_bundled / "pyproject.toml", (
        '[tool.buyerlint]\nignore = ["reviews."]\nseverity = { "payment" = "warning" }\n\n'
        '[tool.buyerlint.per-path."drafts/**"]\nignore = ["payment"]\n'
    ))
    cfg = config.load_config()
    assert cfg.severity == (("payment", Severity.WARNING),)
    assert cfg.per_path == (PathOverride("drafts/**", (), ("payment",), (), "pyproject.toml:5"),)
    assert cfg.source("severity[payment]") == "pyproject.toml:3"
    assert cfg.source("ignore[reviews.]") == "pyproject.toml:2"


def test_empty_file_is_the_defaults(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "")
    assert config.load_config().describe() == Config().describe()


# -------------------------------------------------------------------------------- extends
def test_extends_a_relative_path_and_merges(_bundled: Path) -> None:
    write(_bundled / "shared" / "extra.yaml", PACK.format(name="extra"))
    write(_bundled / "shared" / "base.yaml", (
        "packs: [payment, extra.yaml]\nselect: [reviews]\nignore: [reviews.a]\nfail-on: info\n"
        "severity: {payment: info, reviews: info}\nexclude: ['*.bak']\nallow-domains: [a.com]\n"
        "per-path:\n  'old/**': {ignore: [payment]}\n  'x/*': {ignore: [reviews]}\n"
    ))
    write(_bundled / "proj" / ".buyerlint.yaml", (
        "extends: ../shared/base.yaml\nselect: [payment]\nignore: [payment.a]\nfail-on: warning\n"
        "severity: {payment: warning}\nexclude: ['*.tmp', '*.bak']\nallow-domains: [b.com]\n"
        "per-path:\n  'old/**': {select: [payment]}\n"
    ))
    cfg = config.load_config(_bundled / "proj")
    assert cfg.packs == ("payment", str(_bundled / "shared" / "extra.yaml"))  # relative to base.yaml
    assert cfg.select == ("payment",)  # replaced
    assert cfg.ignore == ("reviews.a", "payment.a")  # concatenated
    assert cfg.exclude == ("*.bak", "*.tmp")
    assert cfg.allow_domains == ("a.com", "b.com")
    assert cfg.fail_on is Severity.WARNING
    assert cfg.severity == (("payment", Severity.WARNING), ("reviews", Severity.INFO))  # merged per selector
    assert [(o.glob, o.select, o.ignore) for o in cfg.per_path] == [
        ("old/**", ("payment",), ()), ("x/*", (), ("reviews",))  # merged per glob
    ]
    assert cfg.files == ("proj/.buyerlint.yaml", "shared/base.yaml")
    assert cfg.extends == ("shared/base.yaml",)
    assert cfg.source("packs") == "shared/base.yaml:1"
    assert cfg.source("severity[reviews]") == "shared/base.yaml:5"
    assert cfg.source("severity[payment]") == "proj/.buyerlint.yaml:5"
    assert cfg.source("exclude[*.bak]") == "proj/.buyerlint.yaml:6"
    assert cfg.source("extends[shared/base.yaml]") == "proj/.buyerlint.yaml:1"


def test_extends_a_bundled_profile(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "extends: strict\nignore: [payment.]\n")
    cfg = config.load_config()
    assert (cfg.fail_on, cfg.ignore) == (Severity.WARNING, ("reviews.", "payment."))
    assert cfg.extends == (str((packs.bundled_dir() / "profiles" / "strict.yaml").as_posix()),)


# ----------------------------------------------------------------------------- provenance
def test_every_value_has_a_source_and_overrides_are_command_line(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "select: [payment]\nignore: [payment.a]\n")
    cfg = config.load_config().with_overrides(ignore=["reviews"], fail_on="info", severity={"payment": "warning"})
    assert cfg.describe() == [
        ("packs", "(all bundled)", "default"),
        ("extends", "(none)", "default"),
        ("select", "payment", ".buyerlint.yaml:1"),
        ("ignore", "payment.a", ".buyerlint.yaml:2"),
        ("ignore", "reviews", "command line"),
        ("severity.payment", "warning", "command line"),
        ("fail-on", "info", "command line"),
        ("allow-domains", "(none)", "default"),
        ("exclude", "(none)", "default"),
    ]
    assert cfg.with_overrides(select=["reviews"]).select == ("reviews",)


# ----------------------------------------------------------------------------- rejections
INVALID = [  # (id, file text, the error's start)
    ("unknown-key", "select: [payment]\nfail-on: error\nignroe: [x]\n",
     ".buyerlint.yaml:3:1: unknown key 'ignroe'; did you mean 'ignore'?"),
    ("wrong-type", "select: {a: b}\n", ".buyerlint.yaml:1:1: 'select' must be a list of strings, not a mapping"),
    ("wrong-item-type", "ignore: [a, 3]\n",
     ".buyerlint.yaml:1:13: an item of 'ignore' must be a non-empty string, not int"),
    ("unknown-severity", "severity:\n  payment: eror\n",
     ".buyerlint.yaml:2:3: unknown severity 'eror' (one of: info, warning, error); did you mean 'error'?"),
    ("unknown-fail-on", "fail-on: warn\n",
     ".buyerlint.yaml:1:1: unknown severity 'warn' (one of: info, warning, error); did you mean 'warning'?"),
    ("severity-list", "severity: [a]\n", ".buyerlint.yaml:1:1: 'severity' must be a mapping, not a list"),
    ("per-path-key", "per-path:\n  'a/**':\n    ignor: [x]\n",
     ".buyerlint.yaml:3:5: unknown key 'ignor' in per-path entry 'a/**'; did you mean 'ignore'?"),
    ("per-path-entry", "per-path:\n  'a/**': [x]\n",
     ".buyerlint.yaml:2:3: per-path entry 'a/**' must be a mapping, not a list"),
    ("bad-selector", "select:\n  - Pay!\n", ".buyerlint.yaml:2:5: invalid selector 'Pay!' in 'select'"),
    ("bad-domain", "allow-domains: [https://brand.com/x]\n",
     ".buyerlint.yaml:1:17: 'https://brand.com/x' is not a domain name"),
    ("unknown-pack", "packs: [paymnt]\n",
     ".buyerlint.yaml:1:9: unknown pack 'paymnt' (bundled packs: payment, reviews); did you mean 'payment'?"),
    ("missing-pack", "packs: [nope/x.yaml]\n", ".buyerlint.yaml:1:9: no such pack file 'nope/x.yaml'"),
    ("no-packs", "packs: []\n", ".buyerlint.yaml:1:1: 'packs' must name at least one pack"),
    ("extends-missing", "extends: nope.yaml\n", ".buyerlint.yaml:1:1: extends: no such file 'nope.yaml'"),
    ("unknown-profile", "extends: strct\n",
     ".buyerlint.yaml:1:1: unknown profile 'strct' (bundled profiles: strict); did you mean 'strict'?"),
    ("self-cycle", "extends: .buyerlint.yaml\n",
     ".buyerlint.yaml:1:1: extends cycle: .buyerlint.yaml -> .buyerlint.yaml"),
    ("extends-type", "extends: 3\n", ".buyerlint.yaml:1:1: 'extends' must be a non-empty string, not int"),
    ("not-a-mapping", "- a\n", ".buyerlint.yaml:1:1: a buyerlint config must be a mapping, not a list"),
    ("bad-yaml", "select: [a\n", ".buyerlint.yaml:2:1: invalid YAML"),
    ("unreadable-tagged-value", "fail-on: !!int x\n",
     ".buyerlint.yaml:1:10: invalid YAML: cannot read 'x' as int"),
    ("duplicate-key", "ignore: [a]\nignore: [b]\n", ".buyerlint.yaml:2:1: duplicate key 'ignore'"),
]


@pytest.mark.parametrize(("text", "message"), [pytest.param(t, m, id=i) for i, t, m in INVALID])
def test_invalid_configs_are_rejected_with_file_line_col(_bundled: Path, text: str, message: str) -> None:
    write(_bundled / ".buyerlint.yaml", text)
    with pytest.raises(ConfigError) as info:
        config.load_config()
    assert str(info.value).startswith(message)


def test_extends_cycle_through_two_files_is_rejected(_bundled: Path) -> None:
    write(_bundled / ".buyerlint.yaml", "extends: sub/b.yaml\n")
    write(_bundled / "sub" / "b.yaml", "select: [payment]\nextends: ../.buyerlint.yaml\n")
    with pytest.raises(ConfigError) as info:
        config.load_config()
    assert str(info.value) == (
        "sub/b.yaml:2:1: extends cycle: .buyerlint.yaml -> sub/b.yaml -> .buyerlint.yaml"
    )


def test_unknown_profile_without_bundled_profiles(_bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packs, "bundled_dir", lambda: _bundled / "none")
    write(_bundled / ".buyerlint.yaml", "extends: strict\n")
    with pytest.raises(ConfigError, match=r"unknown profile 'strict' \(no profiles are bundled\)"):
        config.load_config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('[tool.buyerlint]\nselect = ["a"]\nignroe = ["x"]\n',
                     "pyproject.toml:3:1: unknown key 'ignroe'; did you mean 'ignore'?", id="unknown-key"),
        pytest.param(
            '[tool.buyerlint]\nfail-on = "eror"\n', "pyproject.toml:2:1: unknown severity 'eror'",
            id="bad-value",
        ),
        pytest.param('[tool.buyerlint.severity]\n"payment" = "warn"\n', "pyproject.toml:2:1: unknown severity 'warn'",
                     id="subtable"),
        pytest.param('[tool.buyerlint]\nignore = [\n  "a",\n  "B c",\n]\n',
                     "pyproject.toml:4:3: invalid selector 'B c'", id="list-item"),
        pytest.param('[tool.buyerlint]\nselect = [\n', "pyproject.toml: invalid TOML", id="bad-toml"),
    ],
)
def test_invalid_pyproject_tables_are_rejected_with_file_line_col(_bundled: Path, text: str, message: str) -> None:
    write(_bundled / "pyproject.toml", text)
    with pytest.raises(ConfigError) as info:
        config.load_config()
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"config_file": "missing.yaml"}, "missing.yaml: no such config file", id="missing-config"),
        pytest.param({"config_file": "pyproject.toml"}, "pyproject.toml: no [tool.buyerlint] table", id="no-table"),
        pytest.param({"config_file": "pyproject.toml", "isolated": True}, "--config and --isolated", id="both"),
    ],
)
def test_explicit_config_rejects(_bundled: Path, kwargs: dict[str, object], message: str) -> None:
    write(_bundled / "pyproject.toml", "[project]\nname = 'buyerlint-user'\n")
    with pytest.raises(ConfigError) as info:
        config.load_config(**kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"fail_on": "fatal"}, "command line: unknown severity 'fatal'", id="fail-on"),
        pytest.param({"severity": {"payment": "eror"}}, "command line: unknown severity 'eror'", id="severity"),
        pytest.param({"select": ["A B"]}, "command line: invalid selector 'A B' in 'select'", id="selector"),
        pytest.param({"packs": ["paymant"]}, "command line: unknown pack 'paymant'", id="pack"),
    ],
)
def test_bad_overrides_are_rejected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config().with_overrides(**kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)

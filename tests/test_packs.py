from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import packs, yamlsrc
from buyerlint.cli import main
from buyerlint.errors import PackError
from buyerlint.models import CATEGORIES

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad_packs"


@pytest.mark.parametrize(
    ("name", "line", "col", "message"),
    [
        pytest.param("bad-yaml", 8, 1, "invalid YAML", id="bad-yaml"),
        pytest.param("unknown-key", 10, 5, "unknown key 'mesage' in a 'forbid' rule; did you mean 'message'?", id="unknown-key"),
        pytest.param("bad-regex", 11, 9, "invalid regex '(unclosed'", id="bad-regex"),
        pytest.param("unknown-category", 7, 5, "did you mean 'marketing'?", id="unknown-category"),
        pytest.param("unknown-severity", 8, 5, "unknown severity 'eror'", id="unknown-severity"),
        pytest.param("unknown-kind", 6, 5, "unknown kind 'forbidd'", id="unknown-kind"),
        pytest.param("duplicate-id", 13, 5, "duplicate rule id 'broken.a' (first on line 5)", id="duplicate-id"),
        pytest.param("wrong-type", 9, 5, "'patterns' must be a list of strings, not a mapping", id="wrong-type"),
    ],
)
def test_pack_errors_point_at_file_line_and_column(
    name: str, line: int, col: int, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HERE)
    path = Path("bad_packs") / f"{name}.yaml"
    with pytest.raises(PackError) as info:
        packs.load_pack(path.absolute())
    assert str(info.value).startswith(f"{path}:{line}:{col}: ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("- a\n- b\n", "a pack must be a mapping, not a list", id="not-a-mapping"),
        pytest.param("name: x\nversion: '1'\nrules: []\n", "missing pack key 'description'", id="missing-header"),
        pytest.param("name: x\nversion: '1'\ndescription: d\nrules: []\n", "'rules' must be a non-empty list", id="no-rules"),
        pytest.param("name: x\nname: y\n", "duplicate key 'name'", id="duplicate-key"),
        pytest.param(
            "name: x\nversion: '1'\ndescription: d\nrules:\n  - {id: a, kind: forbid, category: marketing,"
            " severity: error, message: m, help: h, policy: p, patterns: ['<<nope>>']}\n",
            "unknown macro <<nope>>",
            id="unknown-macro",
        ),
        pytest.param(
            "name: x\nversion: '1'\ndescription: d\nrules:\n  - {id: a, kind: forbid, category: marketing,"
            " severity: error, help: h, policy: p, patterns: [x]}\n",
            "rule 'a' is missing 'message'",
            id="missing-message",
        ),
        pytest.param(
            "name: x\nversion: '1'\ndescription: d\nrules:\n  - {id: A_b, kind: email, category: marketing,"
            " severity: error, message: m, help: h, policy: p}\n",
            "must be lower-case words",
            id="bad-id",
        ),
        pytest.param(
            "name: x\nversion: '1'\ndescription: d\nrules:\n  - {id: a, kind: near, all: [x], category: marketing,"
            " severity: error, message: m, help: h, policy: p}\n",
            "'all' must be a list of at least two pattern groups",
            id="near-one-group",
        ),
    ],
)
def test_invalid_packs_are_rejected(text: str, message: str) -> None:
    with pytest.raises(PackError) as info:
        packs.build_pack(yamlsrc.load(text, "p.yaml"))
    assert message in str(info.value)
    assert str(info.value).startswith("p.yaml")


_HEAD = "name: x\nversion: '1'\ndescription: d\n"
_RULE = ("  - id: a\n    kind: forbid\n    category: marketing\n    severity: error\n    message: m\n"
         "    help: h\n    policy: p\n    patterns: [x]\n")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        pytest.param("nme: x\n" + _HEAD[8:] + "rules:\n" + _RULE, "1:1",
                     "unknown key 'nme' in the pack header; did you mean 'name'?", id="header-key-did-you-mean"),
        pytest.param(_HEAD + "defaults: {severty: error}\nrules:\n" + _RULE, "4:12",
                     "unknown key 'severty' in 'defaults'; did you mean 'severity'?", id="defaults-key-did-you-mean"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    examples: {fails: [x]}\n", "13:16",
                     "unknown key 'fails' in 'examples'; did you mean 'fail'?", id="examples-key-did-you-mean"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    when: {reason: {nott: [a]}}\n", "13:21",
                     "unknown key 'nott' in 'when: reason'; did you mean 'not'?", id="when-key-did-you-mean"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    scope: txt\n", "13:5",
                     "unknown scope 'txt' (one of: text, subject, body, markup); did you mean 'text'?", id="unknown-scope"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    formats: [htm]\n", "13:15",
                     "unknown format 'htm' (one of: text, markdown, html, eml); did you mean 'html'?", id="unknown-format"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    ignorecase: 'yes'\n", "13:5",
                     "'ignorecase' must be true or false", id="wrong-type-boolean"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    examples: {fail: 3}\n", "13:16",
                     "'fail' must be a list of strings, not an integer", id="wrong-type-examples"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("message: m", "message: [m]"), "9:5",
                     "'message' must be a string, not a list", id="wrong-type-message"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("patterns: [x]", "terms: {a: b}"), "12:5",
                     "'terms' must be a list of strings, not a mapping", id="wrong-type-terms"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("kind: forbid", "kind: near").replace("patterns: [x]", "all: [x, y]")
                     + "    within: two\n", "13:5", "'within' must be an integer, not a string", id="wrong-type-within"),
        pytest.param(_HEAD + "rules:\n  -\n", "5:4", "a rule must be a mapping, not null", id="null-rule"),
        pytest.param(_HEAD + "rules:\n" + _RULE + "    unless: ['(?<=a+)b[']\n", "13:14",
                     "invalid regex '(?<=a+)b[': unterminated character set at position 9", id="bad-regex-in-unless"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("patterns: [x]", "patterns: ['a{99999999999}']"), "12:16",
                     "invalid regex 'a{99999999999}': repeat count too big", id="regex-repeat-too-big"),
        pytest.param(_HEAD + "define: {a: '<<b>>', b: '<<a>>'}\nrules:\n" + _RULE.replace("patterns: [x]", "patterns: ['<<a>>']"),
                     "13:16", "macros nest more than 8 deep (a macro that uses itself?)", id="macro-loop"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("kind: forbid", "kind: number").replace("    patterns: [x]\n", ""),
                     "5:5", "a 'number' rule needs 'check' (one of: iban, luhn)", id="number-without-check"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("kind: forbid", "kind: number").replace("patterns: [x]", "check: ibann"),
                     "12:5", "unknown check 'ibann' (one of: iban, luhn); did you mean 'iban'?", id="number-check-did-you-mean"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("kind: forbid", "kind: number"), "12:5",
                     "unknown key 'patterns' in a 'number' rule", id="number-with-patterns"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("    help: h", "\thelp: h"), "10:1",
                     "invalid YAML: found character '\\t' that cannot start any token", id="tab-in-yaml"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("patterns: [x]", "patterns: [!!bool maybe]"), "12:16",
                     "invalid YAML: cannot read 'maybe' as bool", id="unreadable-tagged-value"),
        pytest.param(_HEAD + "rules:\n" + _RULE.replace("patterns: [x]", "patterns: [!!timestamp 2020-13-45]"),
                     "12:16", "invalid YAML: cannot read '2020-13-45' as timestamp", id="impossible-date"),
    ],
)
def test_pack_mistakes_are_located_and_explained(text: str, where: str, message: str) -> None:
    with pytest.raises(PackError) as info:
        packs.build_pack(yamlsrc.load(text, "p.yaml"))
    assert str(info.value).startswith(f"p.yaml:{where}: {message}")


@pytest.mark.parametrize("name", [pytest.param(p.stem, id=p.stem) for p in sorted(BAD.glob("*.yaml"))])
def test_every_bad_pack_is_one_line_on_stderr_and_exit_2(name: str, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(HERE)
    assert main(["check", "--pack", f"bad_packs/{name}.yaml", "drafts"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"buyerlint: error: bad_packs/{name}.yaml:")
    line, col = err.split(":")[3:5]
    assert line.isdigit() and col.isdigit()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "a pack must be a mapping, not null", id="empty"),
        pytest.param(b"\xff\xfe\x00binary", "cannot read pack: not UTF-8", id="binary"),
    ],
)
def test_unusable_pack_files_exit_2(data: bytes, message: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_bytes(data)
    assert main(["check", "--pack", str(pack), str(HERE / "drafts")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"buyerlint: error: {pack}")
    assert message in err
    assert err.count("\n") == 1


def test_defaults_and_macros_apply() -> None:
    text = (
        "name: x\nversion: '1'\ndescription: d\n"
        "defaults: {category: marketing, severity: warning}\n"
        "define: {sale: 'sale|deal'}\n"
        "rules:\n  - {id: a, kind: forbid, message: m, help: h, policy: p, patterns: ['big <<sale>>']}\n"
    )
    pack = packs.build_pack(yamlsrc.load(text, "p.yaml"))
    (rule,) = pack.rules
    assert (rule.id, rule.category, rule.severity.label) == ("x.a", "marketing", "warning")
    assert rule.line == 7


def test_unknown_pack_name_suggests_a_bundled_one() -> None:
    with pytest.raises(PackError, match="no such pack"):
        packs.resolve("no-such-pack-anywhere")


def test_bundled_packs_load_and_cover_every_category() -> None:
    loaded = packs.load_packs()
    assert {p.name for p in loaded} == set(packs.bundled_names())
    categories = {r.category for p in loaded for r in p.rules}
    assert categories == set(CATEGORIES)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x: {é: 1, bb: [2, 3]}\ny: '😀😀'\nz: [ü, {k: v}]\n", id="non-ascii-before-a-value"),
        pytest.param("\ufeffa: 1\r\nb:\r\n  - 'é': y\r\n", id="bom-and-crlf"),
        pytest.param("rules:\n  - id: a\n    patterns: ['x']\n  - id: b\n", id="nested-lists"),
    ],
)
def test_libyaml_and_pure_yaml_give_the_same_data_and_positions(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(pytest.importorskip("yaml"), "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    fast = yamlsrc.load(text, "p.yaml")
    monkeypatch.delattr("yaml.CSafeLoader")
    pure = yamlsrc.load(text, "p.yaml")
    assert (fast.data, fast.marks) == (pure.data, pure.marks)

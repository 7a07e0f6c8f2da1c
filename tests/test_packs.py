from __future__ import annotations

from pathlib import Path

import pytest

from buyerlint import packs, yamlsrc
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

"""The JSON Schema shipped for editors agrees with the loader and accepts every bundled pack."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

from buyerlint import packs, yamlsrc
from buyerlint.errors import PackError
from buyerlint.models import CATEGORIES

REPO = Path(__file__).resolve().parents[1]
SCHEMA = json.loads(resources.files("buyerlint").joinpath("data/pack.schema.json").read_text("utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BUNDLED = [*sorted((REPO / "rules").glob("*.yaml")), REPO / "tests" / "packs" / "demo.yaml"]


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in BUNDLED])
def test_accepts_every_bundled_pack(path: Path) -> None:
    errors = sorted(VALIDATOR.iter_errors(yaml.safe_load(path.read_text("utf-8"))), key=str)
    assert not errors, [e.message for e in errors[:5]]


@pytest.mark.parametrize(
    "name",
    [pytest.param(p.stem, id=p.stem) for p in sorted((REPO / "tests" / "bad_packs").glob("*.yaml"))
     if p.stem not in ("bad-yaml", "bad-regex", "duplicate-id")],
)
def test_rejects_what_the_loader_rejects(name: str) -> None:
    data = yaml.safe_load((REPO / "tests" / "bad_packs" / f"{name}.yaml").read_text("utf-8"))
    assert list(VALIDATOR.iter_errors(data))


def test_schema_knows_exactly_the_loaders_keys_and_categories() -> None:
    rule = SCHEMA["$defs"]["rule"]
    loader_keys = set(packs.RULE_KEYS) | {k for keys in packs.KIND_KEYS.values() for k in keys}
    assert set(rule["properties"]) == loader_keys
    assert set(rule["properties"]["kind"]["enum"]) == set(packs.KIND_KEYS)
    assert SCHEMA["$defs"]["category"]["enum"] == list(CATEGORIES)
    assert set(SCHEMA["properties"]) == set(packs.PACK_KEYS)


def test_schema_allows_each_kind_exactly_its_own_keys() -> None:
    kind_keys = {k for keys in packs.KIND_KEYS.values() for k in keys}
    for branch in SCHEMA["$defs"]["rule"]["allOf"]:
        kind = branch["if"]["properties"]["kind"]["const"]
        forbidden = set(branch["then"]["propertyNames"]["not"]["enum"])
        assert forbidden == kind_keys - set(packs.KIND_KEYS[kind]), kind
    assert {b["if"]["properties"]["kind"]["const"] for b in SCHEMA["$defs"]["rule"]["allOf"]} == set(packs.KIND_KEYS)


@pytest.mark.parametrize(
    ("rule", "valid"),
    [
        pytest.param({"check": "iban"}, True, id="number-iban"),
        pytest.param({"check": "luhn"}, True, id="number-luhn"),
        pytest.param({}, False, id="number-without-check"),
        pytest.param({"check": "crc"}, False, id="number-unknown-check"),
        pytest.param({"check": "iban", "min-digits": 3}, False, id="number-with-a-phone-key"),
    ],
)
def test_number_rules_are_checked_like_the_loader(rule: dict[str, object], valid: bool) -> None:
    pack = {"name": "x", "version": "1", "description": "d", "rules": [
        {"id": "a", "kind": "number", "category": "personal-data-request", "severity": "error",
         "message": "m", "help": "h", "policy": "p", **rule}]}
    assert (not list(VALIDATOR.iter_errors(pack))) is valid
    try:
        packs.build_pack(yamlsrc.load(yaml.safe_dump(pack), "p.yaml"))
        loaded = True
    except PackError:
        loaded = False
    assert loaded is valid

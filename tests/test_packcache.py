"""Validated packs are cached by content: a changed pack is never served stale, and a cache
that cannot be used never makes a run fail."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from buyerlint import api, diskcache, packcache, packs
from buyerlint.errors import PackError
from buyerlint.patterns import Pattern, compile_pattern

PACK = """\
name: house
version: "1"
description: A house pack.
defaults: {{category: marketing, severity: error}}
rules:
  - id: word
    kind: forbid
    terms: [{term}]
    message: "{{match}} is {label}."
    help: Remove it.
    policy: https://example.com/policy
"""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(packcache.FOLDER, str(folder))
    monkeypatch.delenv(packcache.DISABLE, raising=False)
    return folder


def _write(path: Path, term: str, label: str, stamp: float = 1_700_000_000.0) -> None:
    path.write_text(PACK.format(term=term, label=label), encoding="utf-8")
    os.utime(path, (stamp, stamp))  # same time stamp for every version: only content may tell


def test_an_unchanged_pack_is_served_from_the_cache(tmp_path: Path, cache_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    first = packs.load_pack(pack)
    assert list((cache_dir / "packs").iterdir())

    def no_parsing(*_: object) -> None:
        raise AssertionError("the pack was parsed again")

    monkeypatch.setattr(packs, "build_pack", no_parsing)
    again = packs.load_pack(pack)
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    assert again.rules[0].keywords == first.rules[0].keywords


@pytest.mark.parametrize(
    ("term", "label"),
    [
        pytest.param("zorbo", "forbidden", id="same-size-new-message"),
        pytest.param("quib", "banned", id="new-term"),
    ],
)
def test_a_changed_pack_is_never_served_stale(tmp_path: Path, cache_dir: Path, term: str, label: str) -> None:
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    assert [f.message for f in api.lint_text("Try zorbo now.", packs.load_pack(pack).rules)] == ["zorbo is banned."]
    _write(pack, term, label)  # same mtime; for the first case the same size too
    rules = packs.load_pack(pack).rules
    assert [f.message for f in api.lint_text(f"Try {term} now.", rules)] == [f"{term} is {label}."]


def test_a_changed_pack_with_an_error_is_reported_not_served_from_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    packs.load_pack(pack)
    pack.write_text(pack.read_text("utf-8").replace("kind: forbid", "kind: forbidd"), encoding="utf-8")
    with pytest.raises(PackError, match="unknown kind 'forbidd'"):
        packs.load_pack(pack)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not a pickle", id="garbage"),
    ],
)
def test_a_damaged_entry_is_rebuilt(tmp_path: Path, cache_dir: Path, damage: bytes) -> None:
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    packs.load_pack(pack)
    for entry in (cache_dir / "packs").iterdir():
        entry.write_bytes(damage)
    assert [r.id for r in packs.load_pack(pack).rules] == ["house.word"]


def test_an_unusable_cache_folder_does_not_fail_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(packcache.FOLDER, str(blocker / "cache"))
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    assert [r.id for r in packs.load_pack(pack).rules] == ["house.word"]


def test_the_cache_can_be_turned_off(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packcache.DISABLE, "1")
    pack = tmp_path / "house.yaml"
    _write(pack, "zorbo", "banned")
    packs.load_pack(pack)
    assert not cache_dir.exists()


def test_cached_bundled_rules_find_what_freshly_built_ones_find(cache_dir: Path) -> None:
    text = "Pay us by Zelle at help@shop.example or call 0207 946 0991. Please leave 5 stars!"
    fresh = api.load_rules()
    cached = api.load_rules()
    assert not any(p.compiled for r in cached for p in _patterns(r))  # compiled only when needed
    assert api.lint_text(text, cached) == api.lint_text(text, fresh)


def _patterns(rule: object) -> list[Pattern]:
    kind = getattr(rule, "kind", None)
    found = [getattr(kind, "pattern", None), *getattr(kind, "groups", ())]
    return [p for p in found if isinstance(p, Pattern)]


def test_a_compiled_pattern_from_the_cache_matches_like_a_fresh_one(cache_dir: Path) -> None:
    source = r"(?<![\w.])www\s*\.\s*[a-z0-9-]+\s*\.\s*(?:com|co\.uk)\b"
    text = "See www . shop . com or www.brand.co.uk today."
    fresh = compile_pattern(source)
    entries = list((cache_dir / "regex").iterdir())
    assert len(entries) == 1
    cached = compile_pattern(source)
    assert list(cached.finditer(text)) == list(fresh.finditer(text)) != []
    entries[0].write_bytes(b"damaged")
    assert list(compile_pattern(source).finditer(text)) == list(fresh.finditer(text))


def test_the_cache_key_changes_with_regex_s_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack's class tokens (see ``nonascii``) hold what this ``regex`` reads into a class."""
    import regex

    packcache.code_fingerprint.cache_clear()
    now = packcache.code_fingerprint()
    monkeypatch.setattr(regex, "__version__", regex.__version__ + ".next")
    packcache.code_fingerprint.cache_clear()
    try:
        assert packcache.code_fingerprint() != now
    finally:
        monkeypatch.undo()
        packcache.code_fingerprint.cache_clear()
    assert packcache.code_fingerprint() == now


def test_a_marshalled_value_is_read_back_and_made_again_when_unsound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUYERLINT_CACHE_DIR", str(tmp_path))
    made: list[int] = []

    def make() -> tuple[str, ...]:
        made.append(1)
        return ("zebra", "crossing")

    def kept(sound: Callable[[object], bool]) -> tuple[str, ...]:
        return diskcache.marshalled("test", b"zebras", make, sound)

    assert kept(lambda found: True) == ("zebra", "crossing") and len(made) == 1  # made, and kept
    assert kept(lambda found: found == ("zebra", "crossing")) == ("zebra", "crossing") and len(made) == 1  # read back
    assert kept(lambda found: False) == ("zebra", "crossing") and len(made) == 2  # unsound: made again
    [entry] = (tmp_path / "test").iterdir()
    assert f"{sys.version_info[:2]}|".encode() in entry.read_bytes()  # marshal's format is the version's
    entry.write_bytes(entry.read_bytes()[:-4])  # damaged
    assert kept(lambda found: True) == ("zebra", "crossing") and len(made) == 3

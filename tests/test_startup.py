"""Start-up of ``buyerlint check`` on one clean draft: nothing a clean run does not need is
imported, and the caches that spare re-parsing and re-compiling are hit every time and are
never stale. (Speed itself is measured by benchmarks/bench.py, not here.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from buyerlint import packcache, packs
from buyerlint.patterns import Pattern, compile_pattern

SRC = Path(__file__).resolve().parents[1] / "src"
CLEAN = "Hi Tom,\n\nYour order 111-2223334-5556667 left our warehouse this morning.\n\nBrightlamp Home\n"

# Runs ``buyerlint check`` in this process and prints the exit code and the modules it imported.
_PROBE = """
import sys
before = set(sys.modules)
from buyerlint.cli import main
code = main(["check", *sys.argv[1:]])
imported = sorted(set(sys.modules) - before)
import json
print(json.dumps([code, imported]))
"""


# The probe runs without ``site`` (``-S``), the dependencies found through PYTHONPATH instead:
# ``.pth`` hooks of an interpreter may import modules before any command (this machine's
# imports ``tempfile`` and ``importlib.resources``), which would hide the check's own imports.
_LIBS = os.pathsep.join(dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")))


def _check(cwd: Path, cache: Path, *args: str, seed: str = "0") -> tuple[int, set[str], str]:
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + _LIBS, "BUYERLINT_CACHE_DIR": str(cache),
           "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    env.pop("BUYERLINT_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-S", "-c", _PROBE, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    *report, last = done.stdout.splitlines()
    code, modules = json.loads(last)
    return code, set(modules), "\n".join(report)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    folder = tmp_path / "work"  # no config file here or above (tmp_path has none)
    folder.mkdir()
    return folder


# What a check of a clean plain-text draft, on warm caches, has no use for.
NOT_NEEDED = [
    pytest.param("yaml", id="yaml-packs-come-from-the-cache"),
    pytest.param("tomllib", id="toml-without-a-pyproject"),
    pytest.param("difflib", id="did-you-mean-only-for-errors"),
    pytest.param("html.entities", id="html-entities-only-with-an-ampersand"),
    pytest.param("rich", id="rich-only-for-the-rich-report"),
    pytest.param("concurrent.futures", id="process-pool-only-for-many-files"),
    pytest.param("multiprocessing", id="multiprocessing-only-for-many-files"),
    pytest.param("json", id="json-only-for-json-reports"),
    pytest.param("email", id="email-only-for-eml-drafts"),
    pytest.param("buyerlint.mime", id="mime-only-for-eml-drafts"),
    pytest.param("buyerlint.cli_tools", id="other-commands"),
    pytest.param("buyerlint.cli_audit", id="audit-command"),
    pytest.param("buyerlint.baseline", id="baseline-only-with-a-baseline"),
    pytest.param("re2", id="re2-automata-only-after-a-few-drafts"),
    pytest.param("buyerlint.shadow", id="shadows-only-to-build-a-pack-or-after-a-few-drafts"),
    pytest.param("buyerlint.gates", id="gates-only-after-a-few-drafts"),
    pytest.param("buyerlint.leads", id="leads-only-after-a-few-drafts"),
    pytest.param("buyerlint.suppress", id="suppressions-only-with-their-mark"),
    pytest.param("tempfile", id="spool-file-only-for-a-spooled-value"),
    pytest.param("hashlib", id="cache-keys-without-loading-openssl"),
]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, set[str], str]:
    work = tmp_path_factory.mktemp("clean-run")
    cache = work / "cache"
    draft = work / "draft.txt"
    draft.write_text(CLEAN, encoding="utf-8")
    _check(work, cache, str(draft))  # fills the caches
    return _check(work, cache, str(draft), "--format", "concise")


@pytest.mark.parametrize("module", NOT_NEEDED)
def test_a_clean_check_does_not_import(clean_run: tuple[int, set[str], str], module: str) -> None:
    code, modules, report = clean_run
    assert (code, report) == (0, "")
    assert module not in modules


@pytest.mark.parametrize(
    ("name", "text", "module"),
    [
        pytest.param("front.md", "---\nreason: shipping\n---\nYour order 111-2223334-5556667 shipped.\n", "yaml",
                     id="front-matter-needs-yaml"),
        pytest.param("amp.txt", "Order 111-2223334-5556667: tea &amp; cups shipped.\n", "html.entities",
                     id="an-entity-needs-the-entity-table"),
    ],
)
def test_a_draft_that_needs_a_module_imports_it(workdir: Path, tmp_path: Path, name: str, text: str,
                                                module: str) -> None:
    draft = workdir / name
    draft.write_text(text, encoding="utf-8")
    _check(workdir, tmp_path / "cache", str(draft))
    code, modules, _ = _check(workdir, tmp_path / "cache", str(draft))
    assert code == 0
    assert module in modules  # the probe sees lazy imports: the list above is not vacuous


def test_a_second_run_compiles_no_pattern_and_parses_no_pack(workdir: Path, tmp_path: Path) -> None:
    """Every pattern and pack a clean check uses comes from the cache on the next run, also
    under another string hash seed (a pattern built in set order would get a new key)."""
    cache = tmp_path / "cache"
    draft = workdir / "draft.txt"
    draft.write_text(CLEAN + "Track it at brand dot com or write to help at brand dot com.\n", encoding="utf-8")
    first = _check(workdir, cache, str(draft), seed="1")
    entries = {p.relative_to(cache) for p in cache.rglob("*") if p.is_file()}
    assert {p.parts[0] for p in entries} == {"packs", "regex"}
    second = _check(workdir, cache, str(draft), seed="2")
    assert {p.relative_to(cache) for p in cache.rglob("*") if p.is_file()} == entries
    assert second[0] == first[0] == 1 and second[2] == first[2] != ""
    assert "yaml" not in second[1]


def test_an_unusable_cache_folder_gives_the_same_report(workdir: Path, tmp_path: Path) -> None:
    draft = workdir / "draft.txt"
    draft.write_text("Pay us by Zelle, or call 0207 946 0991.\n", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    good = _check(workdir, tmp_path / "cache", str(draft))
    broken = _check(workdir, blocker / "cache", str(draft))
    assert (broken[0], broken[2]) == (good[0], good[2]) == (1, good[2])
    assert "zelle" in good[2].lower()


def _canonical(value: object) -> object:
    """A record as plain data, patterns as their text and flags (a Pattern has no ``==``)."""
    if isinstance(value, Pattern):
        return ("Pattern", value.source, value.expanded, int(value.flags))
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, frozenset):
        return frozenset(_canonical(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return (type(value).__name__, *((name, _canonical(getattr(value, name))) for name in fields))
    return value


@pytest.mark.parametrize("pack", sorted(p.stem for p in packs.bundled_dir().glob("*.yaml")))
def test_a_pack_from_the_cache_is_the_pack_built_from_its_file(pack: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packcache.FOLDER, str(tmp_path / "cache"))
    path = packs.bundled_dir() / f"{pack}.yaml"
    built = packs.load_pack(path)
    assert list((tmp_path / "cache" / "packs").iterdir())
    monkeypatch.setattr(packs, "build_pack", lambda *_: pytest.fail("parsed again"))
    cached = packs.load_pack(path)
    assert cached is not built
    assert _canonical(cached) == _canonical(built)


def test_a_cached_pattern_entry_for_another_pattern_is_not_used(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(packcache.FOLDER, str(tmp_path / "cache"))
    compile_pattern(r"\bzelle\b")
    (entry,) = (tmp_path / "cache" / "regex").iterdir()
    other = tmp_path / "other"
    monkeypatch.setenv(packcache.FOLDER, str(other))
    compile_pattern(r"\bvenmo\b")
    (wrong,) = (other / "regex").iterdir()
    entry.write_bytes(wrong.read_bytes())  # as if two patterns had the same key
    monkeypatch.setenv(packcache.FOLDER, str(tmp_path / "cache"))
    assert compile_pattern(r"\bzelle\b").search("Pay by Zelle") is not None
    assert compile_pattern(r"\bzelle\b").search("Pay by Venmo") is None

"""The library API as a distributed engine (Spark, Dask) uses it: pickled, one call per message, elsewhere."""
from __future__ import annotations

import functools
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from buyerlint import api
from buyerlint.config import Config

MESSAGES = [
    "Hello Dana, your lamp from order 112-4839201-7730215 left our warehouse today.",
    "We can refund you via PayPal today, or write to refunds@harbor-lamps.example.",
    "Add me on WhatsApp +44 7700 900123 and I will sort it out.",
    "Subject: Your order 112-4839201-7730215\n\nThanks for your order! Let us know if anything is wrong.",
    "<p>Visit <a href='https://harbor-lamps.example'>our shop</a> for 20% off.</p>",
]


def _spawn_pool() -> ProcessPoolExecutor:
    # spawn: a fresh interpreter, as on a cluster worker; nothing is inherited but what is pickled
    return ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))


def test_linter_in_other_processes_gives_the_in_process_results() -> None:
    linter = api.Linter(select=["payment", "contact", "links"])
    local = [linter(text) for text in MESSAGES]
    with _spawn_pool() as pool:
        remote = list(pool.map(linter, MESSAGES))
    assert remote == local
    assert [len(r) for r in local] != [0] * len(MESSAGES)  # the messages do have findings


def test_lint_message_with_a_config_and_a_format_in_other_processes() -> None:
    call = functools.partial(api.lint_message, config=Config(select=("links", "styling")), fmt="html")
    local = [call(text) for text in MESSAGES]
    with _spawn_pool() as pool:
        remote = list(pool.map(call, MESSAGES))
    assert remote == local
    assert any(f["rule"] == "links.external-link" for f in local[4])


def test_linter_pickles_as_its_settings_not_its_compiled_rules() -> None:
    linter = api.Linter(select=["payment"])
    assert linter.rules  # loaded and compiled in this process
    data = pickle.dumps(linter)
    assert len(data) < 2_000
    clone = pickle.loads(data)
    assert clone == linter and clone.config == linter.config
    assert clone("Pay us by Zelle.") == linter("Pay us by Zelle.")


def test_pack_paths_are_made_absolute_before_the_linter_travels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    linter = api.Linter(packs=["packs/demo.yaml"])
    assert linter.config.packs is not None and all(Path(p).is_absolute() for p in linter.config.packs)


@pytest.mark.parametrize(
    ("text", "fmt", "rules"),
    [
        pytest.param("We can refund you via PayPal.", "text", ["payment.offplatform-method"], id="text"),
        pytest.param("Subject: Thanks\n\nSee <b>this</b>.", "text", ["styling.html-markup"], id="html-in-text"),
        pytest.param("<p>See <b>this</b>.</p>", "html", [], id="html-format"),
    ],
)
def test_lint_message_returns_plain_finding_dicts(text: str, fmt: str, rules: list[str]) -> None:
    config = Config(select=("payment", "styling.html-markup"))
    findings = api.lint_message(text, config=config, fmt=fmt)
    assert [f["rule"] for f in findings] == rules
    assert all(isinstance(f, dict) and {"rule", "severity", "line", "column", "match"} <= set(f) for f in findings)

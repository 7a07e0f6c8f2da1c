"""Inputs linted in batches (the prefilter scanning a batch at once) give what one by one gives."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from buyerlint import api, engine, formats, parallel, prefilter, runnable
from buyerlint.audit import run
from buyerlint.audit.output import JsonLinesWriter
from buyerlint.audit.readers import Options, open_export
from buyerlint.audit.tally import Tally
from buyerlint.keywords import SHADOW_PREFIX
from buyerlint.rule import Rule

DRAFTS = Path(__file__).resolve().parent / "drafts"
TEXTS = [
    "Your order 113-5550001-1234567 has shipped. Thank you!",
    "Hello, we can refund you via PayPal today. Call +44 20 7946 0958.",
    "Leave us a 5-star review and get a $10 gift card! www.harbor-lamps.example",
    "Ordеr 113-5550001-1234567: pay by Zеlle (look-alike letters).",
    "p a y p a l me the rest, or email help@harbor-lamps.example",
    "Plain note with no order id and nothing else.",
]


@pytest.fixture(autouse=True)
def _automata_from_the_first_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter.Prefilter, "RE2_AFTER", 0)


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        pytest.param(0, [], id="nothing"),
        pytest.param(1, [1], id="one"),
        pytest.param(10, [1, 2, 4, 3], id="doubling-then-the-rest"),
        pytest.param(300, [1, 2, 4, 8, 16, 32, 64, 64, 64, 45], id="up-to-most"),
    ],
)
def test_batches_double_up_to_the_most(count: int, sizes: list[int]) -> None:
    got = list(parallel.batches(range(count), 64))
    assert [len(b) for b in got] == sizes
    assert [x for b in got for x in b] == list(range(count))


def _inputs(rules: tuple[Rule, ...]) -> list[tuple[bytes, Sequence[Rule], str]]:
    payment = tuple(r for r in rules if r.pack == "payment")
    items: list[tuple[bytes, Sequence[Rule], str]] = [
        (text.encode("utf-8"), payment if i % 3 == 2 else rules, f"m{i}.txt") for i, text in enumerate(TEXTS)
    ]
    items.insert(2, (b"\x00\x01binary\xff" * 8, rules, "image.txt"))  # not text: an error result
    items.insert(4, (b"<p>Pay by <b>Zelle</b></p> <!-- buyerlint: disable -->", rules, "n.html"))
    items.append(((DRAFTS / "violations.txt").read_bytes(), rules, "violations.txt"))
    return items


def test_a_batch_gives_each_input_what_it_gives_alone(bundled_rules: tuple[Rule, ...]) -> None:
    items = _inputs(bundled_rules)
    alone = [api.lint_bytes(data, rules, path) for data, rules, path in items]
    together = api.lint_batch(items)
    assert together == alone
    assert [r.path for r in together] == [path for _, _, path in items]
    assert together[2].error and any(r.findings for r in together)


def test_a_batch_is_scanned_by_the_prefilter_at_once(
    bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    present_many = prefilter.Prefilter.present_many

    def counted(self: prefilter.Prefilter, views: Sequence[str]) -> list[prefilter.Present]:
        calls.append(len(views))
        return present_many(self, views)

    monkeypatch.setattr(prefilter.Prefilter, "present_many", counted)
    api.lint_batch([(t.encode("utf-8"), bundled_rules, f"m{i}.txt") for i, t in enumerate(TEXTS)])
    assert calls == [len(TEXTS)]  # none for one draft at a time while the rules run


def test_checking_texts_together_gives_what_checking_each_gives(bundled_rules: tuple[Rule, ...]) -> None:
    items = [(text, "html" if i == 1 else "text", f"m{i}") for i, text in enumerate(TEXTS)]
    assert api.check_texts(items, bundled_rules) == [
        api.check_text(text, bundled_rules, path=path, fmt=fmt) for text, fmt, path in items
    ]


def test_present_many_is_present_of_each(bundled_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    views = [formats.load("x.txt", t).doc.view for t in TEXTS]
    for after in (0, 3, 100):  # automata from the first view, from the middle, not at all
        monkeypatch.setattr(prefilter.Prefilter, "RE2_AFTER", after)
        one, many = prefilter.Prefilter(bundled_rules), prefilter.Prefilter(bundled_rules)
        each = [one.present(v) for v in views]
        together = many.present_many(views)
        assert together == each
        assert [p.met for p in together] == [p.met for p in each]


def test_a_plan_runs_exactly_the_rules_the_prefilter_allows(bundled_rules: tuple[Rule, ...]) -> None:
    pf = prefilter.Prefilter(bundled_rules)
    for text in [*TEXTS, (DRAFTS / "violations.txt").read_text("utf-8")]:
        present = pf.present(formats.load("x.txt", text).doc.view)
        candidates = runnable.plan(bundled_rules, present).candidates(present)
        assert candidates == sorted(set(candidates))
        allowed = [i for i, r in enumerate(bundled_rules) if present.allows(r.keywords)]
        markup = [i for i, r in enumerate(bundled_rules) if r.scope == "markup"]  # judged on another view
        assert candidates == sorted({*allowed, *markup})
        assert len(candidates) < len(bundled_rules) // 2  # most rules are not even looked at


def test_a_plan_asks_about_rules_whose_groups_the_prefilter_was_not_built_with(
    bundled_rules: tuple[Rule, ...],
) -> None:
    known = [r for r in bundled_rules if r.scope != "markup"]
    pf = prefilter.Prefilter(known)
    # a rule's groups of shadows alone: tokens the prefilter finds, in tuples it never numbered
    shadows = [tuple(g for g in r.keywords if all(t.startswith(SHADOW_PREFIX) for t in g)) for r in known]
    unknown = [replace(r, id=r.id + "-again", keywords=g) for r, g in zip(known, shadows, strict=True) if g and g != r.keywords]
    rules = [*known, *unknown]
    asked = 0
    for text in [*TEXTS, (DRAFTS / "violations.txt").read_text("utf-8")]:
        present = pf.present(formats.load("x.txt", text).doc.view)
        candidates = runnable.plan(rules, present).candidates(present)
        assert candidates == [i for i, r in enumerate(rules) if present.allows(r.keywords)]
        asked += sum(i >= len(known) for i in candidates)
    assert present.numbered and asked > 0


def test_priming_leaves_the_findings_as_they_are(bundled_rules: tuple[Rule, ...]) -> None:
    drafts = [formats.load("x.txt", t) for t in TEXTS]
    engine.prime(drafts, bundled_rules)
    assert [engine.lint(d, bundled_rules) for d in drafts] == [
        engine.lint(formats.load("x.txt", t), bundled_rules) for t in TEXTS
    ]


def test_rule_by_rule_gives_each_draft_its_own_outcome(
    bundled_rules: tuple[Rule, ...], backtracking_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Findings, and rules out of time, are those of each draft linted alone, in rule order."""
    rules = (*backtracking_rules, *bundled_rules[:20])
    monkeypatch.setattr(engine, "allowance", lambda length: 0.05)
    texts = [*TEXTS, "Pay by PayPal or Zelle.\n" + "a" * 5000 + "b", "a" * 5000 + "b"]
    outcomes = engine.run_many([formats.load("x.txt", t) for t in texts], rules)
    alone = [engine.run(formats.load("x.txt", t), rules) for t in texts]
    assert [o.findings for o in outcomes] == [o.findings for o in alone]
    assert [list(map(str, o.timeouts)) for o in outcomes] == [list(map(str, o.timeouts)) for o in alone]
    assert [len(o.timeouts) for o in outcomes][-2:] == [1, 1]
    assert [f.rule for f in outcomes[-2].findings] == ["slow.paypal", "slow.zelle"]


def test_an_audit_over_several_batches_keeps_record_order(tmp_path: Path) -> None:
    export = tmp_path / "x.jsonl"
    lines = []
    for n in range(150):
        lines.append("not json" if n % 37 == 5 else json.dumps({"id": f"m{n}", "text": TEXTS[n % len(TEXTS)]}))
    export.write_text("\n".join(lines) + "\n", "utf-8")
    linter = api.Linter()
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as sink, open_export(str(export), Options()) as records:
        run.audit(records, linter, Tally(top=3), JsonLinesWriter(sink))
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()][:-1]  # the summary last
    assert len(rows) == 150
    for n, row in enumerate(rows):
        if n % 37 == 5:
            assert row["malformed"], row
        else:
            expected = linter.check(TEXTS[n % len(TEXTS)], path=f"m{n}").findings
            assert row["id"] == f"m{n}" and len(row["findings"]) == len(expected), row


def test_paths_in_batches_give_each_file_what_it_gives_alone(tmp_path: Path, bundled_rules: tuple[Rule, ...]) -> None:
    """Over more files than a batch holds, with unreadable inputs among them: the results of
    each file alone, in the order given."""
    paths: list[str] = []
    for i in range(90):
        path = tmp_path / f"d{i:03d}.txt"
        path.write_bytes(b"\x00\xff" * 40 if i % 29 == 3 else TEXTS[i % len(TEXTS)].encode("utf-8"))
        paths.append(str(path))
    paths.insert(40, str(tmp_path / "missing.txt"))
    results = list(api.iter_paths(paths, bundled_rules, jobs=1))
    assert [r.path for r in results] == paths
    assert results[40].error == "no such file or directory"
    alone = [api.lint_bytes(Path(p).read_bytes(), bundled_rules, p) for p in paths if not p.endswith("missing.txt")]
    assert [r for r in results if not r.path.endswith("missing.txt")] == alone
    assert sum(r.error is not None for r in results) == 4  # three binary files, one missing

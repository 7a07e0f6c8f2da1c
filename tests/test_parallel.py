"""``check --jobs N`` gives the same report, in the same order, as a single process."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from buyerlint import api, parallel
from buyerlint.cli import main

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    corpus.write(folder, corpus.messages(40, seed=11))
    (folder / "part0000" / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "part0000" / "page.html").write_text("<p style='text-align:center'>Visit shop.example</p>", "utf-8")
    return folder


@pytest.mark.parametrize("fmt", [pytest.param(f, id=f) for f in ("json", "concise", "sarif")])
def test_two_workers_report_exactly_what_one_does(drafts: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(drafts), "missing.txt", "--format", fmt, "--isolated"]
    one_code = main([*args, "--jobs", "1"])
    one = capsys.readouterr()
    two_code = main([*args, "--jobs", "2"])
    two = capsys.readouterr()
    assert (two_code, two.out, two.err) == (one_code, one.out, one.err)
    assert one_code == 2 and "binary.txt" in one.out and "payment." in one.out


@pytest.mark.parametrize(
    ("jobs", "files", "expected"),
    [
        pytest.param(3, 1, 3, id="explicit-number-wins"),
        pytest.param(None, parallel.AUTO_MIN_FILES - 1, 1, id="auto-few-files-one-process"),
        pytest.param(None, 10_000, min(parallel.available_cpus(), 200), id="auto-many-files-every-core"),
    ],
)
def test_worker_count(jobs: int | None, files: int, expected: int) -> None:
    assert parallel.workers(jobs, files) == expected


@pytest.mark.parametrize("value", [pytest.param(v, id=v) for v in ("0", "-2", "many")])
def test_a_bad_jobs_value_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "x.txt", "--jobs", value]) == 2
    err = capsys.readouterr().err
    assert "--jobs" in err and len(err.strip().splitlines()) == 1


def test_looking_ahead_is_enough_to_choose_the_workers_of_any_larger_input() -> None:
    seen = parallel.lookahead(None)
    assert parallel.workers(None, seen) == parallel.workers(None, 1_000_000)
    assert parallel.lookahead(1) == 0  # one process: nothing is listed ahead


@pytest.mark.parametrize("jobs", [pytest.param(1, id="one-process"), pytest.param(2, id="two-workers")])
def test_results_stream_in_input_order_and_the_stream_can_be_closed_early(drafts: Path, jobs: int) -> None:
    rules = api.load_rules()
    expected = [r.path for r in api.lint_paths([str(drafts / "part0000")], rules, keep_text=False)]
    results = api.iter_paths([str(drafts / "part0000"), str(drafts / "part0000")], rules, jobs=jobs,
                             keep_text=False)
    assert [next(results).path for _ in expected] == expected
    results.close()  # the second half is never linted; the workers are shut down
    assert next(results, None) is None


def test_folders_are_walked_as_results_are_taken(tmp_path: Path) -> None:
    for part in ("a", "b"):
        (tmp_path / part).mkdir()
        (tmp_path / part / "one.txt").write_text("Your order 113-5550001-1234567 has shipped.", "utf-8")
    results = api.iter_paths([str(tmp_path)], api.load_rules(), jobs=1)
    assert next(results).path == str(tmp_path / "a" / "one.txt")
    (tmp_path / "b" / "two.txt").write_text("Pay us by Zelle.", "utf-8")  # b has not been listed yet
    assert [(r.path, bool(r.findings)) for r in results] == [
        (str(tmp_path / "b" / "one.txt"), False), (str(tmp_path / "b" / "two.txt"), True)
    ]

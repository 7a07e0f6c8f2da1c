"""The watchdog: searches in the main thread timed by a timer signal, not by ``regex``."""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import regex

from buyerlint import engine, formats, watchdog
from buyerlint.budgets import PatternTimeout, budget
from buyerlint.patterns import compile_pattern
from buyerlint.rule import Rule

BACKTRACKS = regex.compile(r"(a+)+$")
SLOW_TEXT = "a" * 800 + "b"  # some 2 s of backtracking for the pattern above, unstopped


class Recorder:
    """A stand-in for a ``regex`` method that records the keywords it was called with."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[int]:
        self.calls.append(kwargs)
        return iter([1, 2])


# -- when it watches ---------------------------------------------------------------------
def test_a_batch_of_drafts_is_watched_and_the_signal_is_given_back() -> None:
    assert not watchdog.watching()
    with watchdog.watch(drafts=2):
        assert watchdog.watching()
        assert signal.getsignal(signal.SIGALRM) is watchdog._alarm
        assert signal.getitimer(signal.ITIMER_REAL)[1] == pytest.approx(watchdog.TICK)
    assert not watchdog.watching()
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("drafts", [pytest.param(0, id="none"), pytest.param(1, id="one")])
def test_a_single_draft_is_not_worth_a_timer(drafts: int) -> None:
    with watchdog.watch(drafts):
        assert not watchdog.watching()
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


def test_blocks_nest_and_the_outermost_keeps_the_timer() -> None:
    with watchdog.watch():
        with watchdog.watch():
            assert watchdog.watching()
        assert watchdog.watching()
        assert signal.getsignal(signal.SIGALRM) is watchdog._alarm
    assert not watchdog.watching()


def test_a_program_with_its_own_alarm_handler_keeps_it() -> None:
    def mine(signum: int, frame: Any) -> None:
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with watchdog.watch():
            assert not watchdog.watching()
            assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_another_thread_is_not_watched_while_the_main_one_is() -> None:
    seen: list[bool] = []
    with watchdog.watch():
        worker = threading.Thread(target=lambda: seen.append(watchdog.watching()))
        worker.start()
        worker.join()
        assert watchdog.watching()
    assert seen == [False]


# -- what searches are given ------------------------------------------------------------
@pytest.mark.parametrize("watched, expected", [
    pytest.param(False, {"timeout": 1.5}, id="regex-keeps-time"),
    pytest.param(True, {}, id="watchdog-keeps-time"),
])
def test_regex_is_given_a_timeout_only_when_not_watched(watched: bool, expected: dict[str, float]) -> None:
    recorder = Recorder()
    with watchdog.watch(2 if watched else 1):
        watchdog.call(recorder, 1.5, "text")
        list(watchdog.iterate(recorder, 1.5, "text"))
    assert recorder.calls == [expected, expected]


# -- stopping ------------------------------------------------------------------------------
def test_a_search_past_its_deadline_is_stopped_by_the_signal() -> None:
    started = time.monotonic()
    with pytest.raises(watchdog.Overrun), watchdog.watch():
        watchdog.call(BACKTRACKS.search, 0.1, SLOW_TEXT)
    assert time.monotonic() - started < 0.1 + 10 * watchdog.TICK
    assert not watchdog._STATE.on


def test_an_iteration_past_its_deadline_is_stopped_by_the_signal() -> None:
    with pytest.raises(TimeoutError), watchdog.watch():
        for _ in watchdog.iterate(BACKTRACKS.finditer, 0.1, SLOW_TEXT):
            pass


def test_the_callers_time_between_matches_does_not_count() -> None:
    with watchdog.watch():
        found = []
        for m in watchdog.iterate(regex.compile("a").finditer, 0.1, "a a"):
            found.append(m.start())
            time.sleep(3 * watchdog.TICK)  # past the deadline, outside the search
    assert found == [0, 2]


def test_the_signal_stops_nothing_outside_a_search() -> None:
    with watchdog.watch():
        watchdog._STATE.deadline = 0.0  # long past
        time.sleep(4 * watchdog.TICK)  # several signals come; none raises here
        assert watchdog.watching()


def test_a_pattern_out_of_its_rule_budget_says_which_one_under_the_watchdog() -> None:
    pattern = compile_pattern(r"(a+)+$")
    with pytest.raises(PatternTimeout) as caught, watchdog.watch(), budget(0.1):
        assert watchdog.watching()
        pattern.search(SLOW_TEXT)
    assert caught.value.source == r"(a+)+$"


def test_a_batch_is_timed_by_the_watchdog(backtracking_rules: tuple[Rule, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "allowance", lambda length: 0.1)
    drafts = [formats.load("x.txt", t) for t in (SLOW_TEXT, "plain", SLOW_TEXT)]
    asked: list[bool] = []
    real = watchdog.watching
    monkeypatch.setattr(watchdog, "watching", lambda: asked.append(real()) or asked[-1])
    outcomes = engine.run_many(drafts, backtracking_rules)
    assert [len(o.timeouts) for o in outcomes] == [1, 0, 1]
    assert asked and all(asked)


def test_a_thread_inside_the_main_threads_watch_leaves_it_as_it_was() -> None:
    with watchdog.watch():
        inner_done: list[bool] = []

        def inner() -> None:
            with watchdog.watch(5):
                inner_done.append(watchdog.watching())

        worker = threading.Thread(target=inner)
        worker.start()
        worker.join()
        assert inner_done == [False]
        assert watchdog._STATE.depth == 1
    assert watchdog._STATE.depth == 0
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_while_watching_starts_unwatched() -> None:
    with watchdog.watch():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report, and leave at once
            ok = not watchdog.watching() and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(read, 1) == b"1"
        assert watchdog.watching()

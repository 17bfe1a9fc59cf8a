"""A run with one worker checks claims in its own process first; a claim that needs longer goes to a worker."""

from __future__ import annotations

import resource
import signal
import time

import pytest
import sympy as sp

import checker.engine.checking as checking
import checker.engine.inline as inline
from checker import FiniteCheck, Reference, Scope, Status
from checker.engine.checking import check_many


def _finite(text: str, holds) -> object:  # type: ignore[no-untyped-def]
    return Scope.finite(text, FiniteCheck(holds, lambda: [0], "one instance"), Reference(text, "test"))


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the worker pools started."""
    started: list[int] = []
    original = checking._Pool.__init__

    def counting(self, claims, size, memory_mb):  # type: ignore[no-untyped-def]
        started.append(size)
        original(self, claims, size, memory_mb)

    monkeypatch.setattr(checking._Pool, "__init__", counting)
    return started


def test_quick_claims_start_no_worker_process(pools: list[int]) -> None:
    s = Scope()
    x = s.real("x")
    verdicts = check_many([s.identity((x + 1) ** 2, x**2 + 2 * x + 1, "square"),
                           s.identity(sp.exp(2 * x), sp.exp(x) ** 3, "wrong")], jobs=1)
    assert [v.status for v in verdicts] == [Status.PROVED, Status.REFUTED]
    assert pools == []


def test_two_workers_start_a_pool_as_before(pools: list[int]) -> None:
    s = Scope()
    x = s.real("x")
    check_many([s.identity(x + x, 2 * x, "double"), s.identity(x * x, x**2, "square")], jobs=2)
    assert pools == [2]


def test_a_claim_past_the_budget_is_finished_by_a_worker(pools: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Its verdict is the worker's; its time counts both tries."""
    monkeypatch.setattr(checking, "INLINE_BUDGET", 0.05)
    slow = _finite("sleeps a little", lambda _: time.sleep(0.4) or True)
    (verdict,) = check_many([slow], jobs=1)
    assert verdict.status is Status.ASSERTED and verdict.holds is True
    assert pools == [1] and verdict.seconds >= 0.4


def test_an_alarm_swallowed_once_is_followed_by_another(pools: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare ``except`` catches the first alarm; the next one, a tenth of a second later, ends the try."""
    monkeypatch.setattr(checking, "INLINE_BUDGET", 0.05)

    def stubborn(_: object) -> bool:
        try:
            time.sleep(0.5)
        except BaseException:  # noqa: BLE001 - the point of the test: code that swallows everything once
            pass
        time.sleep(30)
        return True

    start = time.perf_counter()
    (verdict,) = check_many([_finite("stubborn", stubborn)], timeout=1, jobs=1)
    assert time.perf_counter() - start < 10
    assert verdict.status is Status.UNDECIDED and "time limit" in verdict.reason and pools == [1]


def test_a_callers_alarm_is_left_alone(pools: list[int]) -> None:
    """A process with its own SIGALRM handler (a web server's timeout, Math-Verify's) keeps it: claims go to workers."""
    def handler(signum: int, frame: object) -> None:
        raise AssertionError("the caller's alarm fired")

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        s = Scope()
        x = s.real("x")
        (verdict,) = check_many([s.identity(x + x, 2 * x, "double")], jobs=1)
        assert signal.getsignal(signal.SIGALRM) is handler
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert verdict.status is Status.PROVED and pools == [1]


def test_the_address_space_limit_is_restored_after_each_claim() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    greedy = _finite("allocates", lambda _: len(bytearray(3 << 30)) > 0)
    (verdict,) = check_many([greedy], jobs=1, memory_mb=512)
    assert verdict.status is Status.UNDECIDED and "memory" in verdict.reason
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert inline.runs_inline(1)


def test_an_alarm_landing_in_a_finaliser_is_dropped_quietly(pools: list[int], monkeypatch: pytest.MonkeyPatch,
                                                            capfd: pytest.CaptureFixture[str]) -> None:
    """A finaliser cannot pass the alarm on: it is dropped without an "Exception ignored" message, and the next one
    ends the try."""
    monkeypatch.setattr(checking, "INLINE_BUDGET", 0.05)

    class Slow:
        def __del__(self) -> None:
            time.sleep(0.3)

    def holds(_: object) -> bool:
        Slow()  # finalised at once, while the alarm comes
        time.sleep(30)
        return True

    (verdict,) = check_many([_finite("finaliser", holds)], timeout=1, jobs=1)
    assert verdict.status is Status.UNDECIDED and "time limit" in verdict.reason and pools == [1]
    assert "Exception ignored" not in capfd.readouterr().err


def test_settings_changed_by_a_try_that_ran_out_are_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """SymPy's global switches and the ball precision are as before the try, however it was cut short."""
    from flint import ctx
    from sympy.core.parameters import global_parameters

    monkeypatch.setattr(checking, "INLINE_BUDGET", 0.05)

    def changes_and_runs_on(_: object) -> bool:
        global_parameters.evaluate = False
        ctx.prec = 4096
        time.sleep(30)
        return True

    before = ctx.prec
    (verdict,) = check_many([_finite("changes settings", changes_and_runs_on)], timeout=0.5, jobs=1)
    assert verdict.status is Status.UNDECIDED
    assert global_parameters.evaluate is True and ctx.prec == before

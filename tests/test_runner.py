"""The runner with synthetic checks: outcomes, crashes, the budget, skips, requires, stable order.

The checks are built here as plain :class:`Check` objects on a private list; nothing is added to the
global registry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable

import pytest

from dnsdoctor.checks.base import Check, Scope, Skip
from dnsdoctor.core.context import Context, Options, Services, Target
from dnsdoctor.core.model import (
    CheckResult,
    Finding,
    FindingSpec,
    Phrase,
    Severity,
    SeverityRule,
    Status,
)
from dnsdoctor.core.targets import parse_target
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.net.dns import DnsClient

GUARD = 20.0
"""No test may hang: a runner that never returns fails the test after this many seconds."""


def spec(
    code: str, severity: Severity, *, blocks: bool = False, also: tuple[Severity, ...] = ()
) -> FindingSpec:
    return FindingSpec(
        code=code,
        family="test",
        severity=severity,
        title={"en": f"{code} title", "zh": f"{code} 标题"},
        meaning={"en": "meaning", "zh": "含义"},
        remedy={"en": "remedy", "zh": "办法"},
        blocks=blocks,
        severity_rules=tuple(SeverityRule(s, {"en": "when", "zh": "当"}) for s in also),
    )


INFO = spec("TEST_INFO", Severity.INFO)
WARN = spec("TEST_WARN", Severity.WARNING)
ERROR = spec("TEST_ERROR", Severity.ERROR)
BLOCKING = spec("TEST_BLOCKING", Severity.ERROR, blocks=True)

Fn = Callable[[Context, "Target | None"], Awaitable[Iterable[Finding]]]


def make(
    name: str,
    fn: Fn,
    *,
    requires: tuple[str, ...] = (),
    scope: Scope = Scope.TARGET,
    specs: tuple[FindingSpec, ...] = (INFO, WARN, ERROR, BLOCKING),
) -> Check:
    return Check(
        name=name,
        family="test",
        scope=scope,
        run=fn,
        specs=specs,
        requires=requires,
        summary={"en": name, "zh": name},
    )


def returning(*specs: FindingSpec, calls: list[str] | None = None, tag: str = "") -> Fn:
    async def fn(ctx: Context, target: Target | None) -> list[Finding]:
        if calls is not None:
            calls.append(tag or (target.display if target else "run"))
        return [Finding(s, subject=target.display if target else "") for s in specs]

    return fn


def context(*names: str, timeout: float = 10.0) -> Context:
    targets = [parse_target(n) for n in names]
    return Context(
        options=Options(timeout=timeout), services=Services(dns=DnsClient()), targets=targets
    )


def run(
    ctx: Context,
    checks: list[Check],
    on_done: Callable[[CheckResult, int, int], None] | None = None,
) -> list[CheckResult]:
    async def go() -> list[CheckResult]:
        return await asyncio.wait_for(run_checks(ctx, checks, on_done), GUARD)

    return asyncio.run(go())


def by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.check: r for r in results}


# ----------------------------------------------------------------------------- outcomes


def test_the_status_follows_the_worst_finding() -> None:
    checks = [
        make("t.nothing", returning()),
        make("t.info", returning(INFO)),
        make("t.warn", returning(INFO, WARN)),
        make("t.fail", returning(WARN, ERROR, INFO)),
    ]
    results = by_name(run(context("example.com"), checks))
    assert {k: (r.status, [f.code for f in r.findings]) for k, r in results.items()} == {
        "t.nothing[example.com]": (Status.PASS, []),
        "t.info[example.com]": (Status.PASS, ["TEST_INFO"]),
        "t.warn[example.com]": (Status.WARN, ["TEST_INFO", "TEST_WARN"]),
        "t.fail[example.com]": (Status.FAIL, ["TEST_WARN", "TEST_ERROR", "TEST_INFO"]),
    }
    assert all(r.family == "test" and r.reason == "" for r in results.values())


def test_a_finding_severity_override_decides_the_status() -> None:
    warn = spec("TEST_WARN_ESC", Severity.WARNING, also=(Severity.ERROR,))
    error = spec("TEST_ERROR_MILD", Severity.ERROR, also=(Severity.INFO,))

    async def worse(ctx: Context, target: Target | None) -> list[Finding]:
        return [Finding(warn, severity=Severity.ERROR)]

    async def milder(ctx: Context, target: Target | None) -> list[Finding]:
        return [Finding(error, severity=Severity.INFO)]

    results = run(context("example.com"), [make("t.worse", worse), make("t.milder", milder)])
    assert [r.status for r in results] == [Status.FAIL, Status.PASS]


def test_any_iterable_of_findings_is_accepted() -> None:
    async def generator(ctx: Context, target: Target | None) -> Iterable[Finding]:
        return (Finding(s) for s in (INFO, WARN))

    (result,) = run(context("example.com"), [make("t.gen", generator)])
    assert result.status is Status.WARN
    assert [f.code for f in result.findings] == ["TEST_INFO", "TEST_WARN"]


def test_a_crash_is_a_result_and_the_run_goes_on() -> None:
    async def boom(ctx: Context, target: Target | None) -> list[Finding]:
        raise ValueError("the parser choked on byte 17")

    checks = [make("t.before", returning(WARN)), make("t.boom", boom), make("t.after", returning())]
    results = run(context("example.com"), checks)
    assert [(r.check, r.status) for r in results] == [
        ("t.before[example.com]", Status.WARN),
        ("t.boom[example.com]", Status.CRASH),
        ("t.after[example.com]", Status.PASS),
    ]
    assert results[1].reason == "ValueError: the parser choked on byte 17"
    # the exception's text is data: the same in every language
    assert results[1].why("zh") == "ValueError: the parser choked on byte 17"
    assert results[1].findings == []


def test_a_crash_reason_is_redacted() -> None:
    key = "AKID" + "Q" * 32  # shaped like a Tencent Cloud SecretId: masked even unregistered

    async def leak(ctx: Context, target: Target | None) -> list[Finding]:
        raise RuntimeError(f"signature failed for {key}")

    (result,) = run(context("example.com"), [make("t.leak", leak)])
    assert result.status is Status.CRASH
    assert key not in result.reason
    assert result.reason.startswith("RuntimeError: signature failed for <secret AKID")


def test_a_check_that_outlives_the_budget_is_a_crash_and_the_others_finish() -> None:
    async def hang(ctx: Context, target: Target | None) -> list[Finding]:
        await asyncio.Event().wait()  # never set
        return []

    ctx = context("example.com", timeout=0.3)
    results = run(ctx, [make("t.hang", hang), make("t.quick", returning(WARN))])
    assert [(r.check, r.status) for r in results] == [
        ("t.hang[example.com]", Status.CRASH),
        ("t.quick[example.com]", Status.WARN),
    ]
    assert results[0].reason == "did not finish within the run's budget of 0.3 s"
    assert results[0].why("zh") == "未能在本次运行的时间预算 0.3 秒内完成"


def test_a_timeout_inside_a_check_is_not_blamed_on_the_budget() -> None:
    async def own_timeout(ctx: Context, target: Target | None) -> list[Finding]:
        await asyncio.wait_for(asyncio.Event().wait(), 0.01)
        return []

    (result,) = run(context("example.com", timeout=30), [make("t.own", own_timeout)])
    assert result.status is Status.CRASH
    assert "budget" not in result.reason
    assert "TimeoutError" in result.reason


def test_skip_is_a_result_with_the_reason() -> None:
    async def skip(ctx: Context, target: Target | None) -> list[Finding]:
        raise Skip("no Tencent Cloud credentials given")

    (result,) = run(context("example.com"), [make("t.skip", skip)])
    assert (result.status, result.reason, result.findings) == (
        Status.SKIP,
        "no Tencent Cloud credentials given",
        [],
    )


def test_a_skip_reason_is_worded_in_the_readers_language_and_its_data_redacted() -> None:
    key = "AKID" + "Q" * 32
    words = {"en": "no zone {zone} with key {key}", "zh": "密钥 {key} 下没有区 {zone}"}

    async def skip(ctx: Context, target: Target | None) -> list[Finding]:
        raise Skip(Phrase(words, {"zone": "example.com", "key": key}))

    (result,) = run(context("example.com"), [make("t.skip", skip)])
    assert result.status is Status.SKIP
    assert result.why("en").startswith("no zone example.com with key <secret AKID")
    assert result.why("zh").startswith(
        "密钥 <secret AKID"
    ) and "下没有区 example.com" in result.why("zh")
    assert key not in result.why("en") + result.why("zh")
    assert result.reason == result.why("en")


def test_a_skip_in_the_older_form_keeps_both_sentences() -> None:
    async def skip(ctx: Context, target: Target | None) -> list[Finding]:
        raise Skip("no {braces} here", "这里没有 {braces}")

    (result,) = run(context("example.com"), [make("t.skip", skip)])
    assert (result.why("en"), result.why("zh")) == ("no {braces} here", "这里没有 {braces}")


# ----------------------------------------------------------------------------- requires


@pytest.mark.parametrize(
    ("prerequisite", "dependent_runs"),
    [
        (returning(), True),
        (returning(INFO), True),
        (returning(WARN), True),
        (returning(ERROR), True),  # a failure that leaves something to examine
        (returning(WARN, BLOCKING), False),  # nothing left to build on
    ],
    ids=["pass", "info", "warn", "fail-non-blocking", "blocking-finding"],
)
def test_a_dependent_runs_unless_its_prerequisite_blocks(
    prerequisite: Fn, dependent_runs: bool
) -> None:
    ran: list[str] = []
    checks = [
        make("t.base", prerequisite),
        make("t.dependent", returning(WARN, calls=ran), requires=("t.base",)),
    ]
    base, dependent = run(context("example.com"), checks)
    if dependent_runs:
        assert dependent.status is Status.WARN and ran == ["example.com"]
    else:
        assert base.status is Status.FAIL
        assert (dependent.status, dependent.findings) == (Status.SKIP, [])
        assert dependent.reason == "requires t.base, which found nothing to build on"
        assert dependent.why("zh") == "需要 t.base，但它没有可供后续检查的结果"
        assert ran == []


@pytest.mark.parametrize("outcome", ["crash", "skip"])
def test_the_dependent_of_a_crashed_or_skipped_check_is_skipped(outcome: str) -> None:
    async def base(ctx: Context, target: Target | None) -> list[Finding]:
        if outcome == "crash":
            raise KeyError("x")
        raise Skip("not applicable")

    ran: list[str] = []
    checks = [make("t.base", base), make("t.dep", returning(calls=ran), requires=("t.base",))]
    results = run(context("example.com"), checks)
    assert [r.status for r in results] == [
        Status.CRASH if outcome == "crash" else Status.SKIP,
        Status.SKIP,
    ]
    assert results[1].reason == "requires t.base, which found nothing to build on"
    assert ran == []


def test_a_skip_propagates_down_a_chain() -> None:
    ran: list[str] = []
    checks = [
        make("t.c", returning(calls=ran, tag="c"), requires=("t.b",)),  # declared before its deps
        make("t.b", returning(calls=ran, tag="b"), requires=("t.a",)),
        make("t.a", returning(BLOCKING)),
        make("t.free", returning(calls=ran, tag="free")),
    ]
    results = run(context("example.com"), checks)
    assert [(r.check, r.status) for r in results] == [
        ("t.c[example.com]", Status.SKIP),
        ("t.b[example.com]", Status.SKIP),
        ("t.a[example.com]", Status.FAIL),
        ("t.free[example.com]", Status.PASS),
    ]
    assert results[0].reason == "requires t.b, which found nothing to build on"
    assert ran == ["free"]


def test_a_dependent_starts_only_after_its_prerequisite_finished() -> None:
    done: list[str] = []
    seen: list[list[str]] = []

    async def base(ctx: Context, target: Target | None) -> list[Finding]:
        for _ in range(5):
            await asyncio.sleep(0)
        done.append("base")
        return []

    async def dependent(ctx: Context, target: Target | None) -> list[Finding]:
        seen.append(list(done))
        return []

    run(
        context("example.com"),
        [make("t.dep", dependent, requires=("t.base",)), make("t.base", base)],
    )
    assert seen == [["base"]]


def test_a_requirement_outside_the_selection_is_ignored() -> None:
    (result,) = run(
        context("example.com"), [make("t.dep", returning(WARN), requires=("t.not_selected",))]
    )
    assert result.status is Status.WARN


def test_requires_are_per_target() -> None:
    async def base(ctx: Context, target: Target | None) -> list[Finding]:
        assert target is not None
        return [Finding(BLOCKING)] if target.display == "bad.example" else []

    ran: list[str] = []
    checks = [make("t.base", base), make("t.dep", returning(calls=ran), requires=("t.base",))]
    results = run(context("good.example", "bad.example"), checks)
    assert [(r.check, r.status) for r in results] == [
        ("t.base[good.example]", Status.PASS),
        ("t.base[bad.example]", Status.FAIL),
        ("t.dep[good.example]", Status.PASS),
        ("t.dep[bad.example]", Status.SKIP),
    ]
    assert ran == ["good.example"]


def test_a_target_check_may_require_a_run_check() -> None:
    ran: list[str] = []
    checks = [
        make("t.clock", returning(BLOCKING), scope=Scope.RUN),
        make("t.per_name", returning(calls=ran), requires=("t.clock",)),
    ]
    results = run(context("a.example", "b.example"), checks)
    assert [(r.check, r.status) for r in results] == [
        ("t.clock", Status.FAIL),
        ("t.per_name[a.example]", Status.SKIP),
        ("t.per_name[b.example]", Status.SKIP),
    ]
    assert ran == []


def test_a_run_check_requiring_a_target_check_waits_for_every_name() -> None:
    checks = [
        make("t.per_name", returning()),
        make("t.once", returning(), requires=("t.per_name",), scope=Scope.RUN),
        make("t.other", returning(WARN)),
    ]
    results = run(context("example.com"), checks)
    assert [r.check for r in results] == [
        "t.per_name[example.com]",
        "t.once",
        "t.other[example.com]",
    ]
    assert results[1].status is Status.PASS  # ran once the per-name check passed on every name
    assert results[2].status is Status.WARN
    blocked = [
        make("t.per_name", returning(BLOCKING)),
        make("t.once", returning(), requires=("t.per_name",), scope=Scope.RUN),
    ]
    results = run(context("a.example", "b.example"), blocked)
    assert results[-1].check == "t.once" and results[-1].status is Status.SKIP


# ----------------------------------------------------------------------------- concurrency, order


def test_every_check_starts_at_once() -> None:
    """Two checks that each wait for the other finish only if both run at the same time."""
    first, second = asyncio.Event(), asyncio.Event()

    async def a(ctx: Context, target: Target | None) -> list[Finding]:
        first.set()
        await second.wait()
        return []

    async def b(ctx: Context, target: Target | None) -> list[Finding]:
        second.set()
        await first.wait()
        return [Finding(INFO)]

    results = run(context("example.com", timeout=5), [make("t.a", a), make("t.b", b)])
    assert [r.status for r in results] == [Status.PASS, Status.PASS]


def test_results_come_in_declaration_order_whatever_order_they_finish_in() -> None:
    release = asyncio.Event()
    finished: list[str] = []
    progress: list[tuple[str, int, int]] = []

    async def slow(ctx: Context, target: Target | None) -> list[Finding]:
        await release.wait()
        finished.append("slow")
        return [Finding(WARN)]

    async def fast(ctx: Context, target: Target | None) -> list[Finding]:
        finished.append("fast")
        release.set()  # the slow one may finish only after this one did
        return []

    async def run_once(ctx: Context, target: Target | None) -> list[Finding]:
        await release.wait()
        finished.append("once")
        return []

    checks = [make("t.slow", slow), make("t.once", run_once, scope=Scope.RUN), make("t.fast", fast)]
    results = run(
        context("a.example", "b.example"),
        checks,
        on_done=lambda r, n, total: progress.append((r.check, n, total)),
    )
    assert [r.check for r in results] == [
        "t.slow[a.example]",
        "t.slow[b.example]",
        "t.once",
        "t.fast[a.example]",
        "t.fast[b.example]",
    ]
    assert finished[:2] == ["fast", "fast"] and sorted(finished[2:]) == ["once", "slow", "slow"]
    # progress reports each result once, as it finishes, counting up to the total
    assert [n for _, n, _ in progress] == [1, 2, 3, 4, 5]
    assert {total for _, _, total in progress} == {5}
    assert [c for c, _, _ in progress][:2] == ["t.fast[a.example]", "t.fast[b.example]"]
    assert sorted(c for c, _, _ in progress) == sorted(r.check for r in results)


def test_no_checks_no_results() -> None:
    assert run(context("example.com"), []) == []


# ----------------------------------------------------------------------------- interruption


def test_a_cancelled_run_is_cancelled_even_when_a_check_swallows_it() -> None:
    """Ctrl-C cancels the run's task: a check that turns its own cancellation into a result must
    not turn the interruption into a report (issue 12 item 8: ``demo --all`` went on)."""
    started = asyncio.Event()
    still_running: list[str] = []

    async def swallowing(ctx: Context, target: Target | None) -> list[Finding]:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            return []  # a library that hides its cancellation
        return []

    async def slow(ctx: Context, target: Target | None) -> list[Finding]:
        try:
            await asyncio.sleep(30)
        finally:
            still_running.append("cancelled")
        return []

    checks = [make("t.swallowing", swallowing), make("t.slow", slow)]

    async def go() -> float:
        task = asyncio.ensure_future(run_checks(context("example.com", timeout=60), checks))
        await started.wait()
        t0 = asyncio.get_running_loop().time()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, GUARD)
        return asyncio.get_running_loop().time() - t0

    assert asyncio.run(go()) < 2.0
    assert still_running == ["cancelled"]  # nothing left running behind the interruption

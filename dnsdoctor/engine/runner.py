"""Run checks concurrently, respect ``requires`` and the budget, and return results in a fixed order.

Every check starts at once; a check that requires another waits for it and is skipped when that
one could not run, crashed, or reported a blocking finding (nothing left to examine). A check that raises becomes a CRASH result, one that outlives the budget a CRASH with a
reason: the run goes on and the report says so. Results come back in registry order, target by
target, whatever order they finished in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from dnsdoctor.checks.base import Check, Scope, Skip
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import CheckResult, Phrase, Severity, Status
from dnsdoctor.core.secrets import redact

REASONS = register(
    "engine.reasons",
    {
        "requires": {
            "en": "requires {check}, which found nothing to build on",
            "zh": "需要 {check}，但它没有可供后续检查的结果",
        },
        "budget": {
            "en": "did not finish within the run's budget of {seconds} s",
            "zh": "未能在本次运行的时间预算 {seconds} 秒内完成",
        },
    },
)
"""Why the runner skipped a check or gave up on it (a crash's own reason is its exception's
text: data, the same in every language)."""


def _blocks(dep: CheckResult) -> bool:
    """Dependents run unless their prerequisite could not run or found nothing to build on."""
    if dep.status in (Status.SKIP, Status.CRASH):
        return True
    return any(f.spec.blocks for f in dep.findings)


def _status(result: CheckResult) -> Status:
    levels = [f.level for f in result.findings]
    if Severity.ERROR in levels:
        return Status.FAIL
    if Severity.WARNING in levels:
        return Status.WARN
    return Status.PASS


async def run_checks(
    ctx: Context,
    checks: Sequence[Check],
    on_done: Callable[[CheckResult, int, int], None] | None = None,
) -> list[CheckResult]:
    """Run ``checks``; ``on_done(result, finished, total)`` is called as each one finishes."""
    jobs: list[tuple[Check, Target | None]] = []
    for chk in checks:
        if chk.scope is Scope.RUN:
            jobs.append((chk, None))
        else:
            jobs.extend((chk, t) for t in ctx.targets)
    names = {c.name for c in checks}
    by_name = {c.name: c for c in checks}
    tasks: dict[tuple[str, str], asyncio.Task[CheckResult]] = {}

    def key(chk: Check, target: Target | None) -> tuple[str, str]:
        return chk.name, (target.raw if target is not None and chk.scope is Scope.TARGET else "")

    async def one(chk: Check, target: Target | None) -> CheckResult:
        label = chk.name if target is None else f"{chk.name}[{target.display}]"
        for req in chk.requires:
            if req not in names:
                continue
            dep_chk = by_name[req]
            if dep_chk.scope is Scope.TARGET and target is None:
                # A run-wide check that needs a per-name one waits for it on every name.
                deps = [await tasks[key(dep_chk, t)] for t in ctx.targets]
            else:
                deps = [await tasks[key(dep_chk, target)]]
            if any(_blocks(dep) for dep in deps):
                return CheckResult(
                    label,
                    chk.family,
                    Status.SKIP,
                    wording=Phrase(REASONS["requires"], {"check": req}),
                )
        start = time.monotonic()
        budget = asyncio.timeout(ctx.remaining())
        try:
            async with budget:
                findings = list(await chk.run(ctx, target))
        except Skip as exc:
            return CheckResult(
                label,
                chk.family,
                Status.SKIP,
                wording=exc.reason.map_strings(redact),
            )
        except TimeoutError as exc:
            if not budget.expired():  # a time-out of the check's own making is a crash
                return CheckResult(
                    label,
                    chk.family,
                    Status.CRASH,
                    duration=time.monotonic() - start,
                    reason=redact(f"TimeoutError: {exc}"),
                )
            return CheckResult(
                label,
                chk.family,
                Status.CRASH,
                duration=time.monotonic() - start,
                wording=Phrase(REASONS["budget"], {"seconds": f"{ctx.options.timeout:g}"}),
            )
        except Exception as exc:  # a crash of one check is a result, not the end of the run
            return CheckResult(
                label,
                chk.family,
                Status.CRASH,
                duration=time.monotonic() - start,
                reason=redact(f"{type(exc).__name__}: {exc}"),
            )
        result = CheckResult(label, chk.family, Status.PASS, findings, time.monotonic() - start)
        result.status = _status(result)
        return result

    finished = 0

    async def tracked(chk: Check, target: Target | None) -> CheckResult:
        nonlocal finished
        result = await one(chk, target)
        finished += 1
        if on_done is not None:
            on_done(result, finished, len(jobs))
        return result

    for chk, target in jobs:
        tasks[key(chk, target)] = asyncio.ensure_future(tracked(chk, target))
    me = asyncio.current_task()
    results: list[CheckResult] = []
    try:
        for chk, target in jobs:
            results.append(await tasks[key(chk, target)])
            # Cancelling this task while it awaits a check cancels that check; a check (or a
            # library under it) that turns its cancellation into a result would hide Ctrl-C.
            if me is not None and me.cancelling():
                raise asyncio.CancelledError
    except asyncio.CancelledError:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)
        raise
    return results

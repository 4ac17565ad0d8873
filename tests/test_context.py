"""Context.memo: one computation per key, shared by every caller, whatever happens to one caller."""

from __future__ import annotations

import asyncio

import pytest

from dnsdoctor.core.context import Context, MemoCycle, Options, Services
from dnsdoctor.net.dns import DnsClient


def _ctx() -> Context:
    return Context(Options(timeout=5.0), Services(dns=DnsClient()))


def test_a_caller_that_times_out_does_not_poison_the_others() -> None:
    calls = 0

    async def slow() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        return 42

    async def main() -> tuple[object, int]:
        ctx = _ctx()
        # the impatient caller comes first, so its call starts the computation
        impatient = asyncio.ensure_future(asyncio.wait_for(ctx.memo("k", slow), 0.05))
        await asyncio.sleep(0.01)
        patient = ctx.memo("k", slow)
        first, second = await asyncio.gather(impatient, patient, return_exceptions=True)
        third = await ctx.memo("k", slow)  # and the value stays memoised
        assert third == 42
        return first, second  # type: ignore[return-value]

    first, second = asyncio.run(main())
    assert isinstance(first, TimeoutError)
    assert second == 42
    assert calls == 1


def test_a_cancelled_first_caller_leaves_the_value_to_a_later_one() -> None:
    async def main() -> int:
        ctx = _ctx()
        task = asyncio.ensure_future(ctx.memo("k", lambda: asyncio.sleep(0.1, result=7)))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return await asyncio.wait_for(ctx.memo("k", lambda: asyncio.sleep(5, result=0)), 1.0)

    assert asyncio.run(main()) == 7


def test_two_computations_that_wait_for_each_other_are_a_cycle_not_a_hang() -> None:
    async def main() -> None:
        ctx = _ctx()

        async def a() -> int:
            await asyncio.sleep(0.01)
            return await ctx.memo("b", b)

        async def b() -> int:
            await asyncio.sleep(0.01)
            return await ctx.memo("a", a)

        # started apart, each waiting for the other: neither one's call path shows the loop
        results = await asyncio.wait_for(
            asyncio.gather(ctx.memo("a", a), ctx.memo("b", b), return_exceptions=True), 1.0
        )
        assert all(isinstance(r, MemoCycle) for r in results), results
        chains = {tuple(r.chain) for r in results if isinstance(r, MemoCycle)}
        assert chains <= {("a", "b", "a"), ("b", "a", "b")}

    asyncio.run(main())


def test_a_failure_cut_short_by_the_callers_cycle_is_not_kept() -> None:
    async def main() -> None:
        ctx = _ctx()
        rounds = 0

        async def outer() -> str:
            try:
                return await ctx.memo("inner", inner)
            except MemoCycle:
                return "outer saw the loop"

        async def inner() -> str:
            nonlocal rounds
            rounds += 1
            if rounds == 1:
                return await ctx.memo("outer", outer)  # loops back while outer is running
            return "inner on its own"

        assert await ctx.memo("outer", outer) == "outer saw the loop"
        # inner's failure came from outer's loop: asked on its own, inner is computed again
        assert await ctx.memo("inner", inner) == "inner on its own"

    asyncio.run(main())

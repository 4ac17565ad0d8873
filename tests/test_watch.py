"""``dnsdoctor watch``: the poll schedule, classification, and end-to-end runs in the demo world.

World changes are scheduled with ``World.later`` at 0.5 s; polls use a fast schedule (0.05–0.2 s)
or ``--interval 0.2``; every time bound has a margin of seconds, not milliseconds.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from dnsdoctor.cli import UsageError
from dnsdoctor.cli.watch import watch_command
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.targets import parse_target
from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.internet import ALI1, NS1, NS2, ROOT, SERIAL, TOKEN, DemoInternet, example_zone
from dnsdoctor.net.dns import TIMEOUT, DnsClient, Reply
from dnsdoctor.truth.watch import (
    AUTHORITATIVE,
    GATED,
    NOT_DELEGATED,
    RESOLVER,
    Mode,
    Schedule,
    ServerStatus,
    State,
    Watched,
    WatchResult,
    WatchState,
    answer_values,
    classify,
    plan_watch,
    watch,
)
from dnsdoctor.watch_view import WatchView, render_table, timeline_lines

OTHER = "stale-value-from-an-earlier-order-0000000000"
FAST = Schedule(start=0.05, factor=1.5, cap=0.2, jitter=0.1)
CHALLENGE = dns.name.from_text("_acme-challenge.example.com.")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


async def _cancel_pending() -> None:
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
def net() -> Iterator[DemoInternet]:
    internet = DemoInternet()
    with internet.world:
        yield internet
        # a dropping server holds TCP connections for 30 s: end those handlers before the loop stops
        internet.world.call(_cancel_pending(), timeout=5.0)


def zone_setter(server: AuthServer, *values: str, extra: str = "") -> Callable[[], None]:
    """A change for ``World.later``: it runs on the world's loop, so it sets the zone directly
    (``DemoInternet.set_txt`` would wait on that very loop)."""
    zone = zone_from_text("example.com.", example_zone(serial=SERIAL + 1, txt=values, extra=extra))
    return lambda: server.add_zone(zone)


def make_ctx(
    net: DemoInternet, timeout: float = 8.0, query_timeout: float = 0.3, attempts: int = 2
) -> Context:
    options = Options(
        roots=((ROOT, net.port),), dns_port=net.port, timeout=timeout, query_timeout=query_timeout
    )
    client = DnsClient(query_timeout=query_timeout, attempts=attempts)
    ctx = Context(options=options, services=Services(dns=client))
    ctx.services.dns.deadline = ctx.deadline
    return ctx


def by_address(result: WatchResult) -> dict[str, ServerStatus]:
    return {s.server.address: s for s in result.servers}


# --- the CLI, registered the way cli.py registers it --------------------------------------------

cli_app = typer.Typer()


@cli_app.callback()
def _group() -> None:
    """Makes ``watch`` a sub-command, as in dnsdoctor.cli."""


cli_app.command("watch")(watch_command)


def run_cli(*args: str) -> tuple[int, str, float]:
    """Exit code, output and wall time; a UsageError is exit code 2, as dnsdoctor.cli.main does."""
    start = time.monotonic()
    result = CliRunner().invoke(cli_app, ["watch", *args])
    took = time.monotonic() - start
    if isinstance(result.exception, UsageError):
        return 2, str(result.exception), took
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output, took


def watch_args(net: DemoInternet, *extra: str) -> list[str]:
    return ["example.com", "--expect", TOKEN, *net.dns_args(), "--interval", "0.2", *extra]


# --- schedule -----------------------------------------------------------------------------------


def test_schedule_starts_near_one_second_and_backs_off_to_the_cap() -> None:
    s = Schedule()
    assert [round(s.base(n), 3) for n in range(8)] == [1.0, 1.5, 2.25, 3.375, 5.062, 7.594, 8, 8]
    assert s.base(10_000) == 8.0  # no overflow for very long watches


@pytest.mark.parametrize("key", ["authoritative/127.0.0.13/53", "resolver/8.8.8.8/53", ""])
def test_jitter_stays_within_its_bounds_and_is_deterministic(key: str) -> None:
    s = Schedule(jitter=0.2)
    for n in range(60):
        d = s.delay(n, key)
        assert 0.8 * s.base(n) <= d < 1.2 * s.base(n)
        assert d == s.delay(n, key)


def test_jitter_spreads_servers_apart() -> None:
    s = Schedule()
    a, b = s.times("authoritative/127.0.0.13/53", 60), s.times("authoritative/127.0.0.14/53", 60)
    assert a[0] == b[0] == 0.0
    assert all(abs(x - y) > 1e-6 for x, y in zip(a[1:], b[1:], strict=False))


def test_default_schedule_does_not_hammer_a_server() -> None:
    s = Schedule.for_interval(8.0)
    times = s.times("authoritative/127.0.0.13/53", 60.0)
    # lego asks every server every 2 s (30 queries a minute); a watch asks about a third of that
    assert 8 <= len(times) <= 14
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert 0.8 <= gaps[0] <= 1.2
    assert all(g >= 0.8 * 8 for g in gaps[7:])
    assert all(g < 1.2 * 8 for g in gaps)


def test_for_interval_caps_the_gap_and_allows_a_fast_test_schedule() -> None:
    fast = Schedule.for_interval(0.2)
    assert (fast.start, fast.cap) == (0.2, 0.2)
    assert len(fast.times("x", 1.0)) >= 5
    slow = Schedule.for_interval(30)
    assert (slow.start, slow.cap) == (1.0, 30)


@pytest.mark.parametrize(
    "kwargs",
    [{"start": 0}, {"factor": 0.5}, {"start": 2.0, "cap": 1.0}, {"jitter": 1.0}, {"jitter": -0.1}],
)
def test_schedule_rejects_impossible_parameters(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Schedule(**kwargs)


# --- classification -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expect", "mode", "state"),
    [
        (["a"], ["a"], Mode.APPEAR, State.SEEN),
        (["a", "old"], ["a"], Mode.APPEAR, State.SEEN),
        (["a", "b"], ["a", "b"], Mode.APPEAR, State.SEEN),
        ([], ["a"], Mode.APPEAR, State.NOT_YET),
        (["a"], ["a", "b"], Mode.APPEAR, State.NOT_YET),
        (["old"], ["a"], Mode.APPEAR, State.WRONG),
        (["a", "old"], ["a", "b"], Mode.APPEAR, State.WRONG),
        (None, ["a"], Mode.APPEAR, State.ERROR),
        ([], ["a"], Mode.DISAPPEAR, State.GONE),
        (["old"], ["a"], Mode.DISAPPEAR, State.GONE),
        (["a", "old"], ["a"], Mode.DISAPPEAR, State.STILL),
        (["b"], ["a", "b"], Mode.DISAPPEAR, State.STILL),
        (None, ["a"], Mode.DISAPPEAR, State.ERROR),
    ],
)
def test_classify(values: list[str] | None, expect: list[str], mode: Mode, state: State) -> None:
    assert classify(values, expect, mode) is state


def _reply(
    rcode: dns.rcode.Rcode = dns.rcode.NOERROR, *, aa: bool = True, txt: tuple[str, ...] = ()
) -> Reply:
    query = dns.message.make_query(CHALLENGE, "TXT")
    response = dns.message.make_response(query)
    response.set_rcode(rcode)
    if aa:
        response.flags |= dns.flags.AA
    if txt:
        response.answer.append(
            dns.rrset.from_text_list(CHALLENGE, 60, "IN", "TXT", [f'"{v}"' for v in txt])
        )
    return Reply("127.0.0.13", 53, CHALLENGE, 16, "udp", message=response)


def test_answer_values_reads_values_and_names_failures() -> None:
    assert answer_values(_reply(txt=("b", "a")), [CHALLENGE], authoritative=True) == (
        ["a", "b"],
        "",
    )
    assert answer_values(_reply(dns.rcode.NXDOMAIN), [CHALLENGE], authoritative=True) == (
        [],
        "NXDOMAIN",
    )
    assert answer_values(_reply(), [CHALLENGE], authoritative=True) == ([], "NODATA")
    assert answer_values(_reply(dns.rcode.SERVFAIL), [CHALLENGE], authoritative=True) == (
        None,
        "SERVFAIL",
    )
    lame, why = answer_values(_reply(aa=False), [CHALLENGE], authoritative=True)
    assert lame is None and "authoritative" in why
    # a resolver never sets AA; its empty answer is "not yet", not an error
    assert answer_values(_reply(aa=False), [CHALLENGE], authoritative=False)[0] == []
    timeout = Reply("127.0.0.13", 53, CHALLENGE, 16, "udp", error=TIMEOUT, detail="no answer")
    assert answer_values(timeout, [CHALLENGE], authoritative=True) == (None, "timeout: no answer")


# --- the engine in the demo world ---------------------------------------------------------------


def test_times_each_server_first_serving_the_value(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    changed: list[float] = []

    def ns2_gets_it() -> None:
        zone_setter(net.ns2, TOKEN)()
        changed.append(time.monotonic())

    def on_update(state: WatchState) -> None:
        if state.updated is None:  # servers found: the lag starts now, whatever discovery took
            net.world.later(0.5, ns2_gets_it)

    async def go() -> tuple[WatchResult, float]:
        ctx = make_ctx(net)
        t0 = time.monotonic()
        result = await watch(
            ctx, parse_target("example.com"), [TOKEN], schedule=FAST, on_update=on_update, since=t0
        )
        return result, t0

    result, t0 = asyncio.run(go())
    assert result.all_done and not result.timed_out
    assert [s.server.kind for s in result.servers] == [AUTHORITATIVE, AUTHORITATIVE]
    ns1, ns2 = by_address(result)[NS1], by_address(result)[NS2]
    assert ns1.state is ns2.state is State.SEEN
    assert ns1.after_s is None  # served it at the very first query
    t_change = changed[0] - t0
    assert ns2.after_s is not None and ns2.first_s is not None
    assert ns2.after_s < t_change + 0.05  # the poll before it did not see it (reply in flight)
    assert ns2.first_s >= t_change  # no answer can show it before it existed
    assert ns2.first_s - ns2.after_s < FAST.cap * 1.1 + 0.5  # the bound is one poll gap wide
    assert result.time_to_all == ns2.first_s


def test_polls_are_fresh_queries_until_the_deadline(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))

    async def go() -> tuple[WatchResult, float]:
        ctx = make_ctx(net)
        start = time.monotonic()
        result = await watch(
            ctx, parse_target("example.com"), [TOKEN], schedule=FAST, deadline=start + 1.5
        )
        return result, time.monotonic() - start

    before = net.ns2.queries
    result, took = asyncio.run(go())
    assert 1.4 <= took < 3.5
    assert result.timed_out and not result.all_done
    ns2 = by_address(result)[NS2]
    assert ns2.state is State.NOT_YET and ns2.first_s is None and ns2.detail == "NXDOMAIN"
    assert ns2.polls >= 5  # the fast schedule kept asking ...
    assert net.ns2.queries - before >= ns2.polls  # ... and each poll was a real query
    assert [s.server.label for s in result.missing] == [ns2.server.label]


def test_wrong_value_is_its_own_state(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    net.set_txt(OTHER, serial=SERIAL + 1, servers=(net.ns2,))

    async def go() -> WatchResult:
        ctx = make_ctx(net, timeout=1.0)
        return await watch(ctx, parse_target("example.com"), [TOKEN], schedule=FAST)

    result = asyncio.run(go())
    ns2 = by_address(result)[NS2]
    assert ns2.state is State.WRONG and ns2.values == (OTHER,)
    assert not result.all_done


def test_a_dropping_server_is_an_error_and_does_not_hang(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    net.world.run_sync(lambda: setattr(net.ns2, "fault", "drop"))

    async def go() -> WatchResult:
        return await watch(make_ctx(net, timeout=3.0), parse_target("example.com"), [TOKEN])

    start = time.monotonic()
    result = asyncio.run(go())
    assert time.monotonic() - start < 3.0 + 2.0
    ns1, ns2 = by_address(result)[NS1], by_address(result)[NS2]
    assert ns1.state is State.SEEN
    assert ns2.state is State.ERROR and ns2.detail.startswith("timeout")
    assert ns2.errors == ns2.polls >= 1
    assert result.timed_out and not result.all_done


def test_disappearance_mode_reuses_the_plan(
    net: DemoInternet, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dnsdoctor.truth.watch as watch_module

    net.set_txt(TOKEN, serial=SERIAL + 1)
    target = parse_target("example.com")

    async def no_new_plan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a watch given a plan made a new one")

    async def go() -> tuple[WatchResult, WatchResult]:
        # One UDP send per question: a resend within the deadline (a slow answer on a loaded
        # machine) would make the packet count differ from the poll count.
        ctx = make_ctx(net, attempts=1)
        plan = await plan_watch(ctx, target)
        monkeypatch.setattr(watch_module, "plan_watch", no_new_plan)
        appeared = await watch(ctx, target, [TOKEN], schedule=FAST, plan=plan)
        sent = ctx.services.dns.sent
        net.world.run_sync(zone_setter(net.ns1))
        net.world.later(0.5, zone_setter(net.ns2))
        gone = await watch(ctx, target, [TOKEN], schedule=FAST, plan=plan, mode=Mode.DISAPPEAR)
        # only TXT polls went out, one per poll - and at most one more per server other than the
        # last to change: its poll was in flight when the watch ended (cancelled, not counted)
        polls = sum(s.polls for s in gone.servers)
        assert polls <= ctx.services.dns.sent - sent <= polls + len(gone.servers) - 1
        return appeared, gone

    appeared, gone = asyncio.run(go())
    assert appeared.all_done
    assert gone.all_done and gone.mode is Mode.DISAPPEAR
    ns1, ns2 = by_address(gone)[NS1], by_address(gone)[NS2]
    assert ns1.state is ns2.state is State.GONE
    assert ns1.first_s is not None and ns2.first_s is not None and ns2.first_s > ns1.first_s
    assert ns2.after_s is not None  # it still served the value at least once
    data = gone.to_json()
    assert data["all_gone"] is True and "all_seen" not in data
    assert all("first_gone_s" in s for s in data["servers"])


def test_disappearance_times_out_on_a_server_that_keeps_the_value(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns2,))

    async def go() -> WatchResult:
        ctx = make_ctx(net, timeout=1.0)
        return await watch(
            ctx, parse_target("example.com"), [TOKEN], schedule=FAST, mode=Mode.DISAPPEAR
        )

    result = asyncio.run(go())
    assert not result.all_done and result.timed_out
    assert by_address(result)[NS1].state is State.GONE
    assert by_address(result)[NS2].state is State.STILL
    verdict = timeline_lines(result, "en")[-1][0]
    assert verdict.startswith("✗ 1 of 2 servers did not show within 1 s that the value is gone")
    assert verdict.endswith(f"ns2.dnspod.net ({NS2}:{net.port})")


def test_a_bare_name_is_watched_as_it_is(net: DemoInternet) -> None:
    """Pre-flight's probe: no _acme-challenge label is added; resolvers get the probe name."""
    probe = dns.name.from_text("_dnsdoctor-probe-3f9a.example.com.")
    extra = '_dnsdoctor-probe-3f9a 600 IN TXT "probe-value"'
    net.set_zone(net.ns1, "example.com.", example_zone(serial=SERIAL + 1, extra=extra))
    net.set_zone(net.ns2, "example.com.", example_zone(serial=SERIAL + 1, extra=extra))
    net.set_zone(net.ali1, "example.com.", example_zone(serial=SERIAL + 1, extra=extra))

    async def go() -> WatchResult:
        ctx = make_ctx(net)
        return await watch(ctx, probe, ["probe-value"], resolvers=[(ALI1, net.port)], schedule=FAST)

    result = asyncio.run(go())
    assert result.all_done
    assert result.name == result.qname == probe
    assert {s.server.kind for s in result.servers} == {AUTHORITATIVE, RESOLVER}


def test_resolvers_are_asked_only_after_every_authoritative_server(net: DemoInternet) -> None:
    # A loopback server stands in for the resolver: it holds the zone and answers RD=1 queries.
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1, net.ali1))
    net.world.later(0.5, zone_setter(net.ns2, TOKEN))
    snapshots: list[WatchState] = []

    async def go() -> WatchResult:
        ctx = make_ctx(net)
        return await watch(
            ctx,
            parse_target("example.com"),
            [TOKEN],
            resolvers=[(ALI1, net.port), (ALI1, net.port)],
            schedule=FAST,
            on_update=snapshots.append,
        )

    result = asyncio.run(go())
    assert result.all_done
    resolvers = [s for s in result.servers if s.server.kind == RESOLVER]
    assert len(resolvers) == 1  # the same endpoint twice is asked once
    assert resolvers[0].polls >= 1 and net.ali1.queries >= 1
    for snap in snapshots:
        auth = [s for s in snap.servers if s.server.kind == AUTHORITATIVE]
        resolver = next(s for s in snap.servers if s.server.kind == RESOLVER)
        if not all(s.state is State.SEEN for s in auth):
            assert resolver.polls == 0 and resolver.state is State.PENDING
    auth_done = max(s.first_s or 0 for s in result.servers if s.server.kind == AUTHORITATIVE)
    assert (resolvers[0].first_s or 0) >= auth_done


def test_follows_a_cname_to_the_zone_that_holds_the_value(net: DemoInternet) -> None:
    target_name = "8f1c2a.auth.acme-dns.net."
    net.set_zone(
        net.ns1,
        "example.com.",
        example_zone(serial=SERIAL + 1, extra=f"_acme-challenge 300 IN CNAME {target_name}"),
    )
    net.set_zone(
        net.ns2,
        "example.com.",
        example_zone(serial=SERIAL + 1, extra=f"_acme-challenge 300 IN CNAME {target_name}"),
    )
    net.set_zone(
        net.acmedns,
        "acme-dns.net.",
        f"""
@ 3600 IN SOA ns.acme-dns.net. admin.acme-dns.net. {SERIAL} 3600 600 86400 300
@ 86400 IN NS ns.acme-dns.net.
{target_name} 60 IN TXT "{TOKEN}"
""",
    )

    async def go() -> WatchResult:
        return await watch(make_ctx(net), parse_target("example.com"), [TOKEN], schedule=FAST)

    result = asyncio.run(go())
    assert result.all_done
    assert result.name == CHALLENGE and result.qname == dns.name.from_text(target_name)
    assert [s.server.name for s in result.servers] == ["ns.acme-dns.net"]


def test_a_name_that_is_not_delegated_ends_at_once(net: DemoInternet) -> None:
    async def go() -> WatchResult:
        ctx = make_ctx(net, timeout=5.0)
        return await watch(ctx, parse_target("nowhere.com"), [TOKEN], schedule=FAST)

    start = time.monotonic()
    result = asyncio.run(go())
    assert time.monotonic() - start < 3.0
    assert result.problem == NOT_DELEGATED and not result.all_done and result.servers == []


def test_watch_needs_a_value(net: DemoInternet) -> None:
    with pytest.raises(ValueError):
        asyncio.run(watch(make_ctx(net), parse_target("example.com"), []))


# --- the command --------------------------------------------------------------------------------


def test_cli_exit_0_when_every_server_serves_it_and_ns2_is_later(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    net.world.later(0.5, zone_setter(net.ns2, TOKEN))
    code, out, took = run_cli(*watch_args(net, "--timeout", "10", "--format", "json"))
    assert code == 0, out
    assert took < 8
    data = json.loads(out)
    assert data["all_seen"] is True
    first = {s["address"]: s["first_seen_s"] for s in data["servers"]}
    assert first[NS2] > first[NS1]


def test_cli_exit_1_by_the_timeout_naming_the_server(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    code, out, took = run_cli(*watch_args(net, "--timeout", "2"))
    assert code == 1
    assert 1.5 < took < 2 + 3
    verdict = out.strip().splitlines()[-1]
    assert verdict.startswith("✗ 1 of 2 servers")
    assert f"ns2.dnspod.net ({NS2}:{net.port})" in verdict
    assert "ns1.dnspod.net" not in verdict
    # the non-terminal view: one line per change, then the timeline
    assert re.search(rf"\] ns1\.dnspod\.net \({re.escape(NS1)}:\d+\): seen", out)
    assert re.search(rf"\] ns2\.dnspod\.net \({re.escape(NS2)}:\d+\): not yet \(NXDOMAIN\)", out)
    changes = [line for line in out.splitlines() if line.startswith("[")]
    assert len(changes) == 2  # a state is printed when it changes, not at every poll
    assert "Timeline of TXT _acme-challenge.example.com" in out
    assert "Traceback" not in out


def test_cli_chinese_output(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    code, out, _ = run_cli(*watch_args(net, "--timeout", "5", "--lang", "zh-CN"))
    assert code == 0
    assert "已生效" in out and "全部 2 个服务器都已返回所有预期值" in out


def test_cli_a_dropping_server_is_an_error(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    net.world.run_sync(lambda: setattr(net.ns2, "fault", "drop"))
    code, out, took = run_cli(*watch_args(net, "--timeout", "3", "--format", "json"))
    assert code == 1
    assert took < 3 + 3
    states = {s["address"]: s["state"] for s in json.loads(out)["servers"]}
    assert states == {NS1: "seen", NS2: "error"}


def test_cli_json_shape(net: DemoInternet) -> None:
    net.set_txt(TOKEN, OTHER, serial=SERIAL + 1)
    code, out, _ = run_cli(*watch_args(net, "--timeout", "5", "--format", "json"))
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert data["schema"] == "dnsdoctor-watch/1"
    assert data["mode"] == "appear"
    assert data["name"] == data["qname"] == "_acme-challenge.example.com"
    assert data["zone"] == "example.com."
    assert data["expect"] == [TOKEN]
    assert data["all_seen"] is True and data["timed_out"] is False and data["problem"] is None
    assert isinstance(data["elapsed_s"], float) and data["timeout_s"] == 5.0
    assert data["unresolved"] == []
    assert len(data["servers"]) == 2
    for server in data["servers"]:
        assert set(server) == {
            "kind", "name", "address", "port", "state", "first_seen_s", "after_s", "polls",
            "errors", "regressions", "values", "detail",
        }  # fmt: skip
        assert server["kind"] == "authoritative" and server["port"] == net.port
        assert server["state"] == "seen" and isinstance(server["first_seen_s"], float)
        assert sorted(server["values"]) == sorted([TOKEN, OTHER])
    assert {s["name"] for s in data["servers"]} == {"ns1.dnspod.net", "ns2.dnspod.net"}


def test_cli_unreachable_root_is_one_line_not_a_traceback(net: DemoInternet) -> None:
    # 127.0.0.11 is the world's root; nothing listens on port 1 there
    code, out, took = run_cli(
        "example.com", "--expect", TOKEN, "--root", f"{ROOT}:1", "--timeout", "2"
    )
    assert code == 1
    assert took < 2 + 3
    assert "Could not find the authoritative servers of _acme-challenge.example.com" in out
    assert len([line for line in out.splitlines() if line.startswith("✗")]) == 1
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["example.com"], "--expect"),
        (["example.com", "--expect", "  "], "empty value"),
        (["192.0.2.1", "--expect", "x"], "IP address"),
        (["example.com", "--expect", "x", "--resolver", "dns.google"], "IP address"),
        (["example.com", "--expect", "x", "--root", "127.0.0.1:0"], "port"),
        (["example.com", "--expect", "x", "--format", "markdown"], "rich or json"),
        (["example.com", "--expect", "x", "--lang", "fr"], "--lang"),
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], message: str) -> None:
    code, out, took = run_cli(*args)
    assert code == 2
    assert message in out
    assert took < 2


def test_cli_option_errors_exit_2() -> None:
    result = CliRunner().invoke(
        cli_app, ["watch", "example.com", "--expect", "x", "--timeout", "0"]
    )
    assert result.exit_code == 2


# --- the view -----------------------------------------------------------------------------------


def _state() -> WatchState:
    ns1 = Watched(AUTHORITATIVE, "ns1.dnspod.net", "127.0.0.13", 53)
    ns2 = Watched(AUTHORITATIVE, "ns2.dnspod.net", "127.0.0.14", 53)
    res = Watched(RESOLVER, "127.0.0.53:53", "127.0.0.53", 53)
    return WatchState(
        mode=Mode.APPEAR,
        name=CHALLENGE,
        qname=CHALLENGE,
        expect=(TOKEN,),
        elapsed=2.0,
        servers=(
            ServerStatus(ns1, State.SEEN, (TOKEN,), polls=2, last_s=1.0, first_s=1.0, after_s=0.1),
            ServerStatus(ns2, State.WRONG, (OTHER,), polls=2, last_s=1.0),
            ServerStatus(res, State.PENDING, detail=GATED),
        ),
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Server", "seen", "wrong value", "waiting", "resolver", "2.5 s of 60 s"]),
        ("zh", ["服务器", "已生效", "值不符", "等待查询", "递归", "已用 2.5 秒 / 共 60 秒"]),
    ],
)
def test_live_table(lang: str, words: list[str]) -> None:
    console = Console(file=io.StringIO(), width=140, no_color=True)
    console.print(render_table(_state(), lang, 2.5, 60))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    for word in [*words, "ns1.dnspod.net (127.0.0.13)", "127.0.0.53", "stale-value-from"]:
        assert word in text


def test_live_view_on_a_terminal_honours_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, force_terminal=True)
    view = WatchView(console, "en", "_acme-challenge.example.com", 60)
    assert view.live
    with view:
        view.update(_state())
    text = buffer.getvalue()
    assert "ns2.dnspod.net" in text and "wrong value" in text
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|9[0-7])m", text)  # no colour codes


def test_live_view_uses_colour_without_no_color() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=140, force_terminal=True, color_system="standard")
    with WatchView(console, "en", "_acme-challenge.example.com", 60) as view:
        view.update(_state())
    assert re.search(r"\x1b\[[0-9;]*3[0-7]m", buffer.getvalue())  # the check above can fail


def test_timeline_for_a_timed_out_watch() -> None:
    state = _state()
    result = WatchResult(
        mode=Mode.APPEAR,
        name=CHALLENGE,
        qname=CHALLENGE,
        zone=dns.name.from_text("example.com."),
        expect=(TOKEN,),
        servers=list(state.servers),
        elapsed=60.0,
        budget=60.0,
        timed_out=True,
        unresolved=[("ns3.example.net", "no address")],
    )
    lines = [text for text, _ in timeline_lines(result, "en")]
    assert lines[1].split() == ["1.0", "s", "ns1.dnspod.net", "(127.0.0.13)", "seen,", "between", "0.1", "s", "and", "1.0", "s"]  # fmt: skip
    assert "never" in lines[2] and "wrong value" in lines[2] and "stale-value" in lines[2]
    assert "not asked: the authoritative servers never all served the value" in lines[3]
    assert "ns3.example.net has no address" in lines[4]
    assert lines[5].startswith("✗ 2 of 3 servers did not serve every expected value within 60 s")
    assert not result.all_done


def test_cli_longest_possible_name_is_no_internal_error(net: DemoInternet) -> None:
    # _acme-challenge.<name> is exactly 255 octets: names derived from it are too long
    name = ".".join(["d" * 33, "a" * 63, "b" * 63, "c" * 63, "example.com"])
    assert len(dns.name.from_text(f"_acme-challenge.{name}").to_wire() or b"") == 255
    code, out, took = run_cli(name, *watch_args(net, "--timeout", "2")[1:])
    assert code == 1
    assert took < 2 + 3
    assert out.strip().splitlines()[-1].startswith("✗")
    assert "Traceback" not in out and "internal error" not in out

"""Every address of every authoritative server is asked, IPv6 included (the demo's ns1 has ::1)."""

from __future__ import annotations

import asyncio

import pytest

from dnsdoctor.core.context import Options
from dnsdoctor.core.targets import parse_target
from dnsdoctor.engine.run import run_async
from dnsdoctor.lab.internet import NS1, ROOT, TOKEN, DemoInternet
from dnsdoctor.lab.world import ipv6_loopback
from dnsdoctor.truth.challenge import challenge_view

pytestmark = pytest.mark.skipif(not ipv6_loopback(), reason="::1 cannot be bound here")


def _options(net: DemoInternet, **kw: object) -> Options:
    return Options(
        roots=((ROOT, net.port),),
        dns_port=net.port,
        expect=(TOKEN,),
        no_clock=True,
        query_timeout=0.4,
        timeout=8,
        **kw,  # type: ignore[arg-type]
    )


def test_both_addresses_of_a_dual_stack_server_are_asked() -> None:
    net = DemoInternet(ipv6=True)
    net.set_txt(TOKEN)
    with net.world:
        from dnsdoctor.core.context import Context
        from dnsdoctor.engine.run import default_services

        options = _options(net)
        ctx = Context(options, default_services(options), [parse_target("example.com")])

        async def view() -> list[tuple[str, str]]:
            v = await challenge_view(ctx, ctx.targets[0])
            return [(s.host.to_text(), s.address) for s in v.servers]

        servers = asyncio.run(view())
    assert ("ns1.dnspod.net.", NS1) in servers
    assert ("ns1.dnspod.net.", "::1") in servers
    assert net.ns1_v6 is not None and net.ns1_v6.queries > 0


def test_an_ipv6_address_that_drops_is_named_while_ipv4_works() -> None:
    net = DemoInternet(ipv6=True)
    net.set_txt(TOKEN)
    assert net.ns1_v6 is not None
    net.ns1_v6.fault = "drop"
    with net.world:
        report = asyncio.run(run_async("check", _options(net), [parse_target("example.com")]))
    first = report.root_causes[0].finding
    # the server works on IPv4: a dead address of DNSPod's own server is no server to remove
    assert first.code == "DNS_SERVER_ADDRESS_TIMEOUT"
    assert first.subject.endswith("|::1")
    assert "[::1]" in first.title() and f"answers on {NS1}" in first.title()
    assert "do not remove ns1.dnspod.net from the NS set" in first.remedy()
    assert "lego" in first.meaning() and "CA" in first.meaning()
    assert "DNS_SERVER_TIMEOUT" not in [f.code for f in report.findings]
    assert report.verdict == "warning"  # the CA retries the server's IPv4 address
    missing = [f for f in report.findings if f.code.startswith("DNS_TXT_")]
    assert missing == []  # IPv4 of ns1 and ns2 serve the token

"""Hostile delegations: cyclic, fanned-out, malformed and oversized referrals (issue 11, 3-5).

Each world is the demo internet with a few zones changed and, where needed, extra authoritative
servers on 127.0.0.61-69 (same port). Every test runs the real ``check`` and asserts that it ends
quickly, with a finding instead of a crash, and (for fan-out) within a bounded number of packets.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from dnsdoctor.core.model import Report, Status
from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.internet import (
    SERIAL,
    TOKEN,
    DemoInternet,
    com_zone,
    example_zone,
    net_zone,
)
from dnsdoctor.net.dns import DnsClient

A_ADDR, B_ADDR, C_ADDR = "127.0.0.61", "127.0.0.62", "127.0.0.63"
CLI_TIMEOUT = 8.0
"""The run's --timeout: a hang shows as a run that lasts this long; a fix ends in ~1 s."""
QUICK = 2.5
"""How long a run with a cycle may take: the finding must come within a second or two."""


def _soa(origin: str, ns: str) -> str:
    return f"@ 3600 IN SOA {ns} admin.{origin} {SERIAL} 3600 600 86400 300\n@ 3600 IN NS {ns}\n"


def _server(net: DemoInternet, address: str, zones: dict[str, str]) -> AuthServer:
    server = AuthServer(address, net.port)
    for origin, text in zones.items():
        server.add_zone(zone_from_text(origin, text))
    net.world.add(server)
    return server


def _tlds(net: DemoInternet, example_ns: tuple[str, ...], com_extra: str, net_extra: str) -> None:
    net.set_zone(net.tld, "com.", com_zone(example_ns) + com_extra)
    net.set_zone(net.tld, "net.", net_zone() + net_extra)


def _all(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for c in report["checks"] for f in c["findings"] if f["code"] == code]


def _crashed(report: dict[str, Any]) -> list[str]:
    return [c["name"] for c in report["checks"] if c["status"] == "crash"]


def _run(cli: Callable[..., Any], net: DemoInternet) -> tuple[Any, float]:
    start = time.monotonic()
    run = cli(*net.check_argv(expect=(TOKEN,)), "--timeout", str(CLI_TIMEOUT), "--format", "json")
    elapsed = time.monotonic() - start
    assert "Traceback" not in run.stdout + run.stderr
    return run, elapsed


# --------------------------------------------------------------------------------------------
# Cycles of glueless delegations (item 3)
# --------------------------------------------------------------------------------------------


def test_a_two_zone_cycle_is_a_finding_within_a_second(
    net: DemoInternet, cli: Callable[..., Any]
) -> None:
    # example.com is served by ns.example.net, example.net by ns.example.com, neither with glue:
    # no resolver can find either address.
    _tlds(net, ("ns.example.net.",), "", "example 172800 IN NS ns.example.com.\n")

    run, elapsed = _run(cli, net)

    assert elapsed < QUICK, f"the run waited {elapsed:.1f} s (a deadlock waits for the budget)"
    assert run.exit_code == 1, run.stderr
    assert _crashed(run.json) == []
    cycle = _all(run.json, "DNS_NS_CYCLE")
    assert len(cycle) == 1, [f["code"] for c in run.json["checks"] for f in c["findings"]]
    assert cycle[0]["severity"] == "error"
    assert cycle[0]["params"]["zone"] == "example.com"
    assert cycle[0]["params"]["chain"] == "ns.example.net → ns.example.com → ns.example.net"
    # each delegation in the loop, the one to fix at its registrar
    assert cycle[0]["evidence"][1:] == [
        {"label": "example.com", "value": "NS ns.example.net: no glue, no address"},
        {"label": "example.net", "value": "NS ns.example.com: no glue, no address"},
    ]
    assert run.json["root_causes"][0]["code"] == "DNS_NS_CYCLE"
    assert not _all(run.json, "DNS_RESOLUTION_FAILED")  # the cycle says more


def test_a_three_zone_cycle_names_every_link(net: DemoInternet, cli: Callable[..., Any]) -> None:
    # example.com → ns.zone-a.net → zone-a.net → ns.zone-b.com → zone-b.com → ns.example.com
    _tlds(
        net,
        ("ns.zone-a.net.",),
        "zone-b 172800 IN NS ns.example.com.\n",
        "zone-a 172800 IN NS ns.zone-b.com.\n",
    )

    run, elapsed = _run(cli, net)

    assert elapsed < QUICK, f"the run waited {elapsed:.1f} s"
    assert _crashed(run.json) == []
    cycle = _all(run.json, "DNS_NS_CYCLE")
    assert len(cycle) == 1
    assert (
        cycle[0]["params"]["chain"]
        == "ns.zone-a.net → ns.zone-b.com → ns.example.com → ns.zone-a.net"
    )


def test_sibling_name_servers_that_need_each_other(
    net: DemoInternet, cli: Callable[..., Any]
) -> None:
    # Both NS names of example.com are looked up at once, each waiting for the other: a cycle
    # between two concurrent lookups, which a chain passed down one call path cannot see.
    _tlds(
        net,
        ("ns.zone-a.net.", "ns.zone-b.com."),
        "zone-b 172800 IN NS ns.zone-a.net.\n",
        "zone-a 172800 IN NS ns.zone-b.com.\n",
    )

    run, elapsed = _run(cli, net)

    assert elapsed < QUICK, f"the run waited {elapsed:.1f} s"
    assert _crashed(run.json) == []
    cycle = _all(run.json, "DNS_NS_CYCLE")
    assert len(cycle) == 1
    # from the first name server of the referral (DNS order: com. before net.)
    assert cycle[0]["params"]["chain"] == "ns.zone-b.com → ns.zone-a.net → ns.zone-b.com"


def test_a_cycle_beside_working_servers_is_named_and_the_txt_still_checked(
    net: DemoInternet, cli: Callable[..., Any]
) -> None:
    ns = ("ns1.dnspod.net.", "ns2.dnspod.net.", "ns.zone-a.net.")
    _tlds(
        net,
        ns,
        "zone-b 172800 IN NS ns.zone-a.net.\n",
        "zone-a 172800 IN NS ns.zone-b.com.\n",
    )
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(txt=(TOKEN,), ns=ns))

    run, elapsed = _run(cli, net)

    assert elapsed < QUICK, f"the run waited {elapsed:.1f} s"
    assert _crashed(run.json) == []
    # The zone works: the server in the loop is one name server without an address, and the
    # reason names the loop.
    assert not _all(run.json, "DNS_NS_CYCLE")
    found = _all(run.json, "DNS_NS_NO_ADDRESS")
    assert [f["params"]["ns"] for f in found] == ["ns.zone-a.net"]
    assert "ns.zone-a.net → ns.zone-b.com → ns.zone-a.net" in found[0]["params"]["reason"]
    assert not _all(run.json, "DNS_TXT_NOT_FOUND")  # both working servers were asked
    txt = next(c for c in run.json["checks"] if c["name"].startswith("dns.txt"))
    assert txt["status"] == "pass"


def test_a_cname_cycle_across_zones(net: DemoInternet, cli: Callable[..., Any]) -> None:
    # The NS name is a CNAME (RFC 2181 §10.3 forbids it; it happens) into another zone, whose
    # name is a CNAME back: each zone's servers are reachable, the chain never ends.
    _server(
        net,
        A_ADDR,
        {"zone-a.net.": _soa("zone-a.net.", "ns.zone-a.net.") + "dns CNAME dns.zone-b.com.\n"},
    )
    _server(
        net,
        B_ADDR,
        {"zone-b.com.": _soa("zone-b.com.", "ns.zone-b.com.") + "dns CNAME dns.zone-a.net.\n"},
    )
    _tlds(
        net,
        ("dns.zone-a.net.",),
        f"zone-b 172800 IN NS ns.zone-b.com.\nns.zone-b 172800 IN A {B_ADDR}\n",
        f"zone-a 172800 IN NS ns.zone-a.net.\nns.zone-a 172800 IN A {A_ADDR}\n",
    )

    run, elapsed = _run(cli, net)

    assert elapsed < QUICK, f"the run waited {elapsed:.1f} s"
    assert _crashed(run.json) == []
    cycle = _all(run.json, "DNS_NS_CYCLE")
    assert len(cycle) == 1
    assert cycle[0]["params"]["chain"] == "dns.zone-a.net → dns.zone-b.com → dns.zone-a.net"


class _EndlessCnames(AuthServer):
    """Answers every name of its zone with a CNAME one label longer, into the other zone: a
    chain of new names that never repeats (until names reach 255 octets)."""

    other: str = ""

    def answer(self, qname: dns.name.Name, rdtype: int, response: dns.message.Message) -> None:
        zone = self._zone_for(qname)
        if zone is None or qname == zone.origin or rdtype in (dns.rdatatype.SOA, dns.rdatatype.NS):
            super().answer(qname, rdtype, response)
            return
        response.flags |= dns.flags.AA
        try:
            target = dns.name.Name(
                (
                    b"x",
                    *qname.relativize(zone.origin).labels,
                    *dns.name.from_text(self.other).labels,
                )  # type: ignore[arg-type]
            )
        except dns.name.NameTooLong:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return
        response.answer.append(dns.rrset.from_text(qname, 60, "IN", "CNAME", target.to_text()))


def test_an_endless_chain_of_cnames_across_zones_stops_at_the_depth_limit(
    net: DemoInternet, check_world: Callable[..., Report]
) -> None:
    _tlds(
        net,
        ("ns1.dnspod.net.", "dns.zone-a.net."),
        f"zone-b 172800 IN NS ns.zone-b.com.\nns.zone-b 172800 IN A {B_ADDR}\n",
        f"zone-a 172800 IN NS ns.zone-a.net.\nns.zone-a 172800 IN A {A_ADDR}\n",
    )
    for address, origin, other in (
        (A_ADDR, "zone-a.net.", "zone-b.com."),
        (B_ADDR, "zone-b.com.", "zone-a.net."),
    ):
        server = _EndlessCnames(address, net.port)
        server.other = other
        server.add_zone(zone_from_text(origin, _soa(origin, f"ns.{origin}")))
        net.world.add(server)
    net.set_txt(TOKEN)
    client = DnsClient(query_timeout=1.0)

    start = time.monotonic()
    report = check_world(net, expect=(TOKEN,), timeout=CLI_TIMEOUT, client=client)
    elapsed = time.monotonic() - start

    assert [(r.check, r.reason) for r in report.results if r.status is Status.CRASH] == []
    assert elapsed < QUICK
    # MAX_DEPTH (4) nested lookups of ~4 questions each, not ~120 hops until names hit 255 octets
    assert client.sent < 80, client.sent
    found = [f for f in report.findings if f.code == "DNS_NS_NO_ADDRESS"]
    assert [f.params["ns"] for f in found] == ["dns.zone-a.net"]
    assert "nested" in found[0].params["reason"]


# --------------------------------------------------------------------------------------------
# Fan-out: referrals with many glueless name servers (item 5, NXNS / CVE-2020-8616)
# --------------------------------------------------------------------------------------------

FANOUT = 2000


def _fanout_world(net: DemoInternet, names: int = FANOUT) -> None:
    """example.com delegated to ``names`` glueless NS names in fanout.net, whose server answers
    NXDOMAIN for every one of them (the NXNS pattern: each name costs the resolver lookups)."""
    ns = tuple(f"n{i:04d}.fanout.net." for i in range(names))
    _tlds(
        net,
        ns,
        "",
        f"fanout 172800 IN NS ns.fanout.net.\nns.fanout 172800 IN A {C_ADDR}\n",
    )
    _server(
        net,
        C_ADDR,
        {"fanout.net.": _soa("fanout.net.", "ns.fanout.net.") + f"ns 3600 IN A {C_ADDR}\n"},
    )


def test_a_referral_with_thousands_of_glueless_names_costs_a_bounded_number_of_packets(
    net: DemoInternet, check_world: Callable[..., Report]
) -> None:
    _fanout_world(net)
    client = DnsClient(query_timeout=1.0)

    start = time.monotonic()
    report = check_world(net, expect=(TOKEN,), timeout=CLI_TIMEOUT, client=client)
    elapsed = time.monotonic() - start

    assert [(r.check, r.reason) for r in report.results if r.status is Status.CRASH] == []
    # 16 names looked up, a few questions each; not 2000 names × (referral + A + AAAA)
    assert client.sent < 150, client.sent
    assert elapsed < QUICK
    limit = [f for f in report.findings if f.code == "DNS_NS_LOOKUP_LIMIT"]
    assert len(limit) == 1, [f.code for f in report.findings]
    assert limit[0].params["zone"] == "example.com"
    assert limit[0].params["count"] == FANOUT
    assert limit[0].params["looked_up"] == 16
    # none of the looked-up names exists: the delegation fails, and says why
    failed = [f for f in report.findings if f.code == "DNS_RESOLUTION_FAILED"]
    assert len(failed) == 1
    assert "no address for any name server of example.com" in failed[0].params["reason"]
    # one finding for the names not looked up, not one per name
    assert len(report.findings) < 10


def test_many_glueless_names_beside_working_servers(
    net: DemoInternet, check_world: Callable[..., Report]
) -> None:
    # The working servers sort first; the 200 names after them are not looked up at all.
    _fanout_world(net, 200)
    fanout = tuple(f"n{i:04d}.fanout.net." for i in range(200))
    ns = ("a.ns.dnspod.net.", "b.ns.dnspod.net.", *fanout)
    net.set_zone(
        net.tld,
        "net.",
        net_zone()
        + "a.ns.dnspod 172800 IN A 127.0.0.13\nb.ns.dnspod 172800 IN A 127.0.0.14\n"
        + f"fanout 172800 IN NS ns.fanout.net.\nns.fanout 172800 IN A {C_ADDR}\n",
    )
    net.set_zone(net.tld, "com.", com_zone(ns))
    net.set_txt(TOKEN)
    client = DnsClient(query_timeout=1.0)

    report = check_world(net, expect=(TOKEN,), timeout=CLI_TIMEOUT, client=client)

    assert [(r.check, r.reason) for r in report.results if r.status is Status.CRASH] == []
    assert client.sent < 150, client.sent
    limit = [f for f in report.findings if f.code == "DNS_NS_LOOKUP_LIMIT"]
    assert len(limit) == 1
    assert limit[0].params["count"] == 204  # the 202 of the referral and ns1/ns2 of the zone
    no_address = [f.params["ns"] for f in report.findings if f.code == "DNS_NS_NO_ADDRESS"]
    assert len(no_address) == 14  # the 14 fanout names that were looked up, not 200
    assert not [f for f in report.findings if f.code.startswith("DNS_TXT")]


def test_the_run_stops_looking_up_name_servers_after_its_limit(net: DemoInternet) -> None:
    import asyncio

    from dnsdoctor.core.context import Context, Options, Services
    from dnsdoctor.lab.internet import NS1, ROOT
    from dnsdoctor.truth.iterate import MAX_NS_LOOKUPS_PER_RUN, NotLookedUp, host_addresses

    async def main() -> tuple[list[str], int]:
        client = DnsClient(query_timeout=1.0)
        options = Options(roots=((ROOT, net.port),), dns_port=net.port, timeout=5.0)
        ctx = Context(options, Services(dns=client))
        first = await host_addresses(ctx, "ns1.dnspod.net")
        ctx.spent["ns-lookups"] = MAX_NS_LOOKUPS_PER_RUN
        sent = client.sent
        with pytest.raises(NotLookedUp):
            await host_addresses(ctx, "ns2.dnspod.net")
        assert await host_addresses(ctx, "ns1.dnspod.net") == first  # known ones still count
        return first, client.sent - sent

    first, extra = asyncio.run(main())
    assert first == [NS1]
    assert extra == 0


# --------------------------------------------------------------------------------------------
# Malformed and oversized referrals
# --------------------------------------------------------------------------------------------


class _RecordingClient(DnsClient):
    """Counts the questions per server address."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.servers: dict[str, int] = {}

    async def ask(self, server: str, *args: Any, **kwargs: Any) -> Any:
        self.servers[server] = self.servers.get(server, 0) + 1
        return await super().ask(server, *args, **kwargs)


def test_a_referral_with_a_thousand_glue_addresses_is_not_a_reflector(
    net: DemoInternet, check_world: Callable[..., Report]
) -> None:
    # One in-bailiwick name server with 1000 glue addresses (nothing listens on them), plus
    # addresses no one should ever be sent a query: unspecified, multicast, broadcast.
    glue = "".join(f"ns.example 172800 IN A 127.1.{i // 250}.{i % 250 + 1}\n" for i in range(1000))
    glue += "ns.example 172800 IN A 0.0.0.0\nns.example 172800 IN A 224.0.0.251\n"
    glue += "ns.example 172800 IN A 255.255.255.255\n"
    net.set_zone(net.tld, "com.", com_zone(("ns.example.com.", "ns1.dnspod.net.")) + glue)
    net.set_txt(TOKEN)
    client = _RecordingClient(query_timeout=1.0)

    report = check_world(net, expect=(TOKEN,), timeout=CLI_TIMEOUT, client=client)

    assert [(r.check, r.reason) for r in report.results if r.status is Status.CRASH] == []
    asked = {a for a in client.servers if a.startswith("127.1.")}
    assert len(asked) <= 8, len(asked)
    assert not {"0.0.0.0", "224.0.0.251", "255.255.255.255"} & set(client.servers)
    assert client.sent < 150, client.sent


@pytest.mark.parametrize(
    ("variant", "code"),
    [
        ("garbage", "DNS_RESOLUTION_FAILED"),  # the TLD answers random bytes
        ("wrong-id", "DNS_RESOLUTION_FAILED"),  # ... or another question's answer
        ("ns-root", "DNS_RESOLUTION_FAILED"),  # the referral names "." as the name server
        ("ns-literal", "DNS_RESOLUTION_FAILED"),  # ... or an address written as a name
    ],
)
def test_a_malformed_referral_is_a_finding_within_the_budget(
    net: DemoInternet, cli: Callable[..., Any], variant: str, code: str
) -> None:
    if variant in ("garbage", "wrong-id"):
        net.tld.fault = variant
    else:
        target = "." if variant == "ns-root" else "127.0.0.13."
        _tlds(net, (target,), "", "")

    run, elapsed = _run(cli, net)

    assert _crashed(run.json) == []
    assert run.exit_code == 1
    assert run.json["root_causes"][0]["code"] == code
    assert elapsed < CLI_TIMEOUT

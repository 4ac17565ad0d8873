"""The DNS checks and the DNS client against demo worlds configured here (loopback only).

Each check is run the way ``dnsdoctor check`` runs it (all DNS checks, one shared view) and the
test compares codes, the key params and evidence. Servers that drop packets get a per-query
deadline of 0.2-0.3 s so the file stays fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import dns.flags
import dns.name
import dns.rdataset
import dns.rdatatype
import pytest

from dnsdoctor.core.diagnosis import hygiene
from dnsdoctor.core.model import Finding, Report, Severity, Status
from dnsdoctor.lab.dns_server import AuthServer
from dnsdoctor.lab.internet import (
    ALI1,
    ALI2,
    NS1,
    NS2,
    SERIAL,
    TLD,
    TOKEN,
    TOKEN_WILDCARD,
    DemoInternet,
    com_zone,
    example_zone,
    net_zone,
)
from dnsdoctor.net import dns as dnsnet
from dnsdoctor.net import guard
from dnsdoctor.net.dns import DnsClient, Reply

CheckWorld = Callable[..., Report]
EXAMPLE = dns.name.from_text("example.com.")
CHALLENGE = dns.name.from_text("_acme-challenge.example.com.")
OTHER = "other-token-from-an-earlier-order-0000000000"


def findings(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def only(report: Report, code: str) -> Finding:
    found = findings(report, code)
    assert len(found) == 1, f"{code}: {[f.title() for f in found]} in {codes(report)}"
    return found[0]


def codes(report: Report) -> list[str]:
    return [f.code for f in report.findings]


def problems(report: Report) -> list[str]:
    return [f.code for f in report.findings if f.level >= Severity.WARNING]


def status(report: Report, check: str) -> Status:
    (result,) = [r for r in report.results if r.check.startswith(check + "[")]
    return result.status


def label(net: DemoInternet, host: str, address: str) -> str:
    return f"{host} ({address}:{net.port})"


def set_example(net: DemoInternet, *servers: AuthServer, **kwargs: Any) -> None:
    for server in servers or (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(**kwargs))


def ask(client: DnsClient, *args: Any, **kwargs: Any) -> Reply:
    return asyncio.run(client.ask(*args, **kwargs))


# ============================================================================ DnsClient


def test_the_same_question_asked_twice_is_one_packet(net: DemoInternet) -> None:
    client = DnsClient(query_timeout=5.0)

    async def twice() -> tuple[Reply, Reply, Reply]:
        first = await client.ask(NS1, net.port, EXAMPLE, "SOA")
        # the same question again, also while concurrent and spelled differently
        second, third = await asyncio.gather(
            client.ask(NS1, net.port, dns.name.from_text("EXAMPLE.com."), "SOA"),
            client.ask(NS1, net.port, EXAMPLE, dns.rdatatype.SOA),
        )
        return first, second, third

    first, second, third = asyncio.run(twice())
    assert first.ok and first.aa and first is second is third
    assert client.sent == 1
    assert net.ns1.queries == 1


def test_different_questions_and_fresh_ones_are_sent(net: DemoInternet) -> None:
    client = DnsClient(query_timeout=5.0)

    async def questions() -> list[Reply]:
        return [
            await client.ask(NS1, net.port, EXAMPLE, "SOA"),
            await client.ask(NS1, net.port, EXAMPLE, "NS"),  # another type
            await client.ask(NS2, net.port, EXAMPLE, "SOA"),  # another server
            await client.ask(NS1, net.port, EXAMPLE, "SOA", tcp=True),  # another transport
            await client.ask(NS1, net.port, EXAMPLE, "SOA", fresh=True),  # asked again on purpose
        ]

    replies = asyncio.run(questions())
    assert [r.ok for r in replies] == [True] * 5
    assert [r.transport for r in replies] == ["udp", "udp", "udp", "tcp", "udp"]
    assert client.sent == 5
    assert (net.ns1.queries, net.ns2.queries) == (4, 1)


def test_a_question_is_sent_without_recursion_desired(net: DemoInternet) -> None:
    reply = ask(DnsClient(), NS1, net.port, EXAMPLE, "SOA")
    assert reply.message is not None
    assert not reply.message.flags & dns.flags.RD  # echoed from the query
    assert reply.rcode_text == "NOERROR" and reply.where == f"{NS1}:{net.port}"


def test_a_truncated_answer_is_retried_over_tcp(net: DemoInternet) -> None:
    many = tuple(f"stale-{i:02d}-" + "x" * 40 for i in range(30))
    net.set_txt(TOKEN, *many)
    client = DnsClient(query_timeout=5.0)
    reply = ask(client, NS1, net.port, CHALLENGE, "TXT")
    assert (reply.transport, reply.truncated_udp, reply.ok) == ("tcp", True, True)
    rrset = reply.answer_rrset(dns.rdatatype.TXT)
    assert rrset is not None and len(rrset) == 31
    assert client.sent == 2 and net.ns1.queries == 2  # one UDP query, one TCP query


def test_a_server_that_truncates_everything_is_read_over_tcp(net: DemoInternet) -> None:
    net.set_txt(TOKEN)
    net.ns2.fault, net.ns2.tcp_fault = "truncate", "none"
    reply = ask(DnsClient(query_timeout=5.0), NS2, net.port, CHALLENGE, "TXT")
    assert (reply.transport, reply.truncated_udp) == ("tcp", True)
    rrset = reply.answer_rrset(dns.rdatatype.TXT)
    assert rrset is not None and [b"".join(r.strings).decode() for r in rrset] == [TOKEN]


def test_truncated_over_udp_and_silent_over_tcp(net: DemoInternet) -> None:
    net.ns2.fault, net.ns2.tcp_fault = "truncate", "drop"
    client = DnsClient(query_timeout=0.2)
    reply = ask(client, NS2, net.port, CHALLENGE, "TXT")
    assert (reply.ok, reply.error, reply.transport, reply.truncated_udp) == (
        False,
        dnsnet.TIMEOUT,
        "tcp",
        True,
    )
    assert client.sent == 2


def test_a_timeout_is_retried_once_then_reported(net: DemoInternet) -> None:
    net.ns2.fault = "drop"
    client = DnsClient(query_timeout=0.2)
    reply = ask(client, NS2, net.port, EXAMPLE, "SOA")
    assert (reply.error, reply.transport, reply.detail) == (
        dnsnet.TIMEOUT,
        "udp",
        "timeout 0.2 s",
    )
    assert client.sent == 2 and net.ns2.queries == 2


@pytest.mark.parametrize(
    ("fault", "detail"),
    [
        ("garbage", "FormError"),
        ("wrong-id", "BadResponse"),
    ],
)
def test_an_answer_that_is_not_a_reply_is_malformed(
    net: DemoInternet, fault: str, detail: str
) -> None:
    net.ns2.fault = fault
    client = DnsClient(query_timeout=2.0)
    reply = ask(client, NS2, net.port, EXAMPLE, "SOA")
    assert (reply.ok, reply.error) == (False, dnsnet.MALFORMED)
    assert reply.detail.startswith(detail)
    assert client.sent == 1  # a malformed answer is not retried


@pytest.mark.parametrize(("fault", "rcode"), [("refused", "REFUSED"), ("servfail", "SERVFAIL")])
def test_an_error_rcode_is_an_answer(net: DemoInternet, fault: str, rcode: str) -> None:
    net.ns2.fault = fault
    reply = ask(DnsClient(query_timeout=2.0), NS2, net.port, EXAMPLE, "SOA")
    assert (reply.ok, reply.error, reply.rcode_text, reply.aa) == (True, None, rcode, False)


def test_nothing_listening_over_tcp_is_connection_refused(net: DemoInternet) -> None:
    # 127.0.0.1 on the world's port: the world binds 127.0.0.11-39 only
    client = DnsClient(query_timeout=5.0)
    reply = ask(client, "127.0.0.1", net.port, EXAMPLE, "SOA", tcp=True)
    assert (reply.ok, reply.error, reply.transport) == (False, dnsnet.REFUSED_CONNECTION, "tcp")
    assert client.sent == 1


@pytest.mark.parametrize("server", ["8.8.8.8", "2001:4860:4860::8888", "192.0.2.53"])
def test_loopback_guard_refuses_without_sending(server: str) -> None:
    assert guard.loopback_only()
    client = DnsClient(query_timeout=0.2)
    reply = ask(client, server, 53, EXAMPLE, "SOA")
    assert (reply.ok, reply.error) == (False, dnsnet.UNREACHABLE)
    assert reply.detail == f"{server} is off limits (loopback-only mode)"
    assert client.sent == 0


def test_guard_allows_loopback_only() -> None:
    assert guard.allowed("127.0.0.13") and guard.allowed("127.255.0.1") and guard.allowed("::1")
    assert guard.allowed("[::1]")
    assert not guard.allowed("8.8.8.8") and not guard.allowed("10.0.0.1")
    assert not guard.allowed("ns1.dnspod.net")  # a name is never allowed: it would need a lookup
    with pytest.raises(guard.OffLoopback):
        guard.ensure_allowed("1.1.1.1")


def test_a_server_that_is_no_address_is_not_asked() -> None:
    client = DnsClient()
    reply = ask(client, "ns1.dnspod.net", 53, EXAMPLE, "SOA")
    assert (reply.error, client.sent) == (dnsnet.MALFORMED, 0)


def test_no_query_after_the_budget_is_spent(net: DemoInternet) -> None:
    client = DnsClient(deadline=0.0)  # long past
    reply = ask(client, NS1, net.port, EXAMPLE, "SOA")
    assert (reply.error, client.sent, net.ns1.queries) == (dnsnet.BUDGET, 0, 0)


def test_an_ipv6_server_on_a_host_without_ipv6_is_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Loopback-only mode refuses 2001:db8::/32 before the IPv6 check: let only that prefix past
    # the guard; the client is told this host has no IPv6 route, so nothing can be sent.
    monkeypatch.setattr(guard, "allowed", lambda a: a.startswith(("127.", "2001:db8:")))
    client = DnsClient()
    client._v6 = False
    reply = ask(client, "2001:db8::53", 53, EXAMPLE, "SOA")
    assert (reply.error, reply.detail, client.sent) == (
        dnsnet.NO_ROUTE_V6,
        "this host has no IPv6 route",
        0,
    )


# ============================================================================ dns.delegation


def test_a_healthy_world_has_nothing_to_report(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, TOKEN_WILDCARD, serial=SERIAL + 1)
    report = check_world(net, "example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))
    assert problems(report) == [] and codes(report) == []
    assert [r.check for r in report.results] == [
        f"dns.{c}[example.com + *.example.com]"
        for c in (
            "delegation",
            "cname_target",
            "ns_consistency",
            "servers",
            "serials",
            "txt",
            "name_mistakes",
        )
    ]
    assert {r.status for r in report.results} == {Status.PASS}
    assert report.verdict == "ok" and report.root_causes == []


def test_checks_share_every_answer(net: DemoInternet, check_world: CheckWorld) -> None:
    """Two checks never ask the same server the same question (Let's Debug's memo)."""
    asked: list[tuple[str, int, dns.name.Name, int, bool]] = []

    class RecordingDnsClient(DnsClient):
        async def _once(self, base: Reply, query: Any, **kwargs: Any) -> Reply:
            tcp = bool(kwargs["tcp"])
            asked.append((base.server, base.port, base.qname.canonicalize(), base.rdtype, tcp))
            return await super()._once(base, query, **kwargs)

    net.set_txt(TOKEN)
    # a long deadline: no UDP resend (at half of it) can happen on a slow machine
    client = RecordingDnsClient(query_timeout=8.0)
    report = check_world(net, "example.com", expect=(TOKEN,), client=client, timeout=10.0)
    assert problems(report) == []
    assert len(asked) == len(set(asked)) == client.sent
    servers = (net.root, net.tld, net.ns1, net.ns2, net.ali1, net.ali2, net.acmedns)
    sent_to_servers = sum(s.queries for s in servers)
    assert sent_to_servers == client.sent


def test_not_delegated(net: DemoInternet, check_world: CheckWorld) -> None:
    report = check_world(net, "example-not-registered.com", expect=(TOKEN,))
    f = only(report, "DNS_NOT_DELEGATED")
    assert dict(f.params) == {
        "name": "example-not-registered.com",
        "zone": "com.",
        "rcode": "NXDOMAIN",
    }
    assert [(e.label, e.value) for e in f.evidence] == [("delegation path", ". → com.")]
    assert (
        f.title()
        == "example-not-registered.com is not delegated: com. answers for it itself (NXDOMAIN)"
    )
    assert problems(report) == ["DNS_NOT_DELEGATED"]
    dependents = [r for r in report.results if not r.check.startswith("dns.delegation")]
    assert {r.status for r in dependents} == {Status.SKIP}
    assert [rc.finding.code for rc in report.root_causes] == ["DNS_NOT_DELEGATED"]


def test_not_delegated_under_an_unknown_tld(net: DemoInternet, check_world: CheckWorld) -> None:
    report = check_world(net, "example.invalid")
    f = only(report, "DNS_NOT_DELEGATED")
    assert (f.params["name"], f.params["zone"]) == ("example.invalid", ".")
    assert problems(report) == ["DNS_NOT_DELEGATED"]


def test_resolution_failed_when_the_root_is_silent(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.root.fault = "drop"
    report = check_world(net, "example.com", expect=(TOKEN,), query_timeout=0.2)
    f = only(report, "DNS_RESOLUTION_FAILED")
    assert f.params["name"] == "_acme-challenge.example.com"
    assert f.params["reason"].startswith("no server answered for ")
    # the evidence names the silent root server and how it failed
    assert [(e.label, e.value) for e in f.evidence] == [
        (f"127.0.0.11:{net.port}", "timeout timeout 0.2 s")
    ]
    assert problems(report) == ["DNS_RESOLUTION_FAILED"]
    assert status(report, "dns.txt") is Status.SKIP


def test_a_name_server_without_an_address(net: DemoInternet, check_world: CheckWorld) -> None:
    ns = ("ns1.dnspod.net.", "ns3.dnspod.net.")  # ns3 does not exist in net.
    net.set_zone(net.tld, "com.", com_zone(ns))
    set_example(net, ns=ns, txt=(TOKEN,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_NS_NO_ADDRESS")
    assert (f.params["ns"], f.params["zone"]) == ("ns3.dnspod.net", "example.com.")
    assert "ns3.dnspod.net. has no address" in f.params["reason"]
    assert f.level is Severity.ERROR
    # the server that has an address is still examined
    assert status(report, "dns.txt") is Status.PASS


def test_an_in_zone_name_server_without_glue(net: DemoInternet, check_world: CheckWorld) -> None:
    ns = ("ns1.dnspod.net.", "ns.example.com.")
    net.set_zone(net.tld, "com.", com_zone(ns))
    set_example(net, ns=ns, txt=(TOKEN,), extra=f"ns 600 IN A {NS2}")
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_NS_NO_ADDRESS")
    assert (f.params["ns"], f.params["reason"]) == (
        "ns.example.com",
        "no glue for an in-zone name server",
    )


def _acme_dns(net: DemoInternet, txt: tuple[str, ...] = ()) -> None:
    records = "\n".join(f'8f1c2a.auth 60 IN TXT "{v}"' for v in txt)
    net.set_zone(
        net.acmedns,
        "acme-dns.net.",
        f"""
@ 3600 IN SOA ns.acme-dns.net. admin.acme-dns.net. {SERIAL} 3600 600 86400 300
@ 86400 IN NS ns.acme-dns.net.
{records}
""",
    )
    set_example(net, extra="_acme-challenge 300 IN CNAME 8f1c2a.auth.acme-dns.net.")


def test_a_cname_to_another_zone_is_followed(net: DemoInternet, check_world: CheckWorld) -> None:
    _acme_dns(net, txt=(TOKEN,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_FOLLOWED")
    assert dict(f.params) == {
        "challenge": "_acme-challenge.example.com",
        "target": "8f1c2a.auth.acme-dns.net",
        "zone": "acme-dns.net.",
    }
    assert [(e.label, e.value) for e in f.evidence] == [
        ("CNAME chain", "_acme-challenge.example.com → 8f1c2a.auth.acme-dns.net"),
        ("delegation path", ". → net. → acme-dns.net."),
    ]
    assert f.level is Severity.INFO and problems(report) == []


def test_a_cname_out_to_acme_dns_without_the_token_is_a_delegation(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    # The challenge is delegated to acme-dns: "create the TXT in zone acme-dns.net at your DNS
    # provider" is impossible advice; the client must be set up for acme-dns (or the CNAME go).
    _acme_dns(net)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_DELEGATED")
    assert {k: str(v) for k, v in f.params.items()} == {
        "challenge": "_acme-challenge.example.com",
        "target": "8f1c2a.auth.acme-dns.net",
        "zone": "acme-dns.net",
        "origin": "example.com",
        "servers": "ns.acme-dns.net",
        "where": "zone acme-dns.net at ns.acme-dns.net, not your zone example.com",
    }
    assert f.title("zh") == (
        "_acme-challenge.example.com 通过 CNAME 委派给了 8f1c2a.auth.acme-dns.net"
        "（区 acme-dns.net，由 ns.acme-dns.net 提供解析，不是你的区 example.com）"
    )
    assert f.level is Severity.ERROR
    assert f.title() == (
        "_acme-challenge.example.com is delegated by CNAME to 8f1c2a.auth.acme-dns.net "
        "(zone acme-dns.net at ns.acme-dns.net, not your zone example.com)"
    )
    assert "acme-dns" in f.remedy() and "delete the CNAME" in f.remedy()
    assert "zone acme-dns.net. not found in dnspod" in f.meaning()
    root = report.root_causes[0]
    assert root.finding is f and [s.code for s in root.explains] == ["DNS_TXT_NOT_FOUND"]


def test_a_working_acme_dns_delegation_is_no_problem(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    _acme_dns(net, txt=(TOKEN,))
    assert "DNS_CNAME_DELEGATED" not in codes(check_world(net, "example.com", expect=(TOKEN,)))
    # without a token to compare, the delegation is a fact (DNS_CNAME_FOLLOWED), not a problem
    assert "DNS_CNAME_DELEGATED" not in codes(check_world(net, "example.com"))


def test_a_cname_into_another_zone_of_the_same_servers_is_no_delegation(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    # example.net on the same DNSPod servers: most likely the same account, where lego writes the
    # TXT itself; DNS_TXT_NOT_FOUND's "create it in zone example.net" is the right advice then.
    delegation = "example 172800 IN NS ns1.dnspod.net.\nexample 172800 IN NS ns2.dnspod.net.\n"
    net.set_zone(net.tld, "net.", net_zone() + delegation)
    other = (
        f"@ 3600 IN SOA ns1.dnspod.net. admin.example.net. {SERIAL} 3600 600 86400 300\n"
        "@ 86400 IN NS ns1.dnspod.net.\n@ 86400 IN NS ns2.dnspod.net.\n"
    )
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.net.", other)
    set_example(net, extra="_acme-challenge 300 IN CNAME _acme-challenge.example.net.")
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert "DNS_CNAME_DELEGATED" not in codes(report)
    assert only(report, "DNS_TXT_NOT_FOUND").params["zone"] == "example.net"


def test_a_cname_loop(net: DemoInternet, check_world: CheckWorld) -> None:
    set_example(
        net,
        extra="_acme-challenge 60 IN CNAME a.example.com.\na 60 IN CNAME _acme-challenge.example.com.",
    )
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_BROKEN")
    assert dict(f.params) == {
        "challenge": "_acme-challenge.example.com",
        "problem": "loop",
        "chain": "_acme-challenge.example.com → a.example.com → _acme-challenge.example.com",
    }
    assert sorted(problems(report)) == ["DNS_CNAME_BROKEN", "DNS_TXT_NOT_FOUND"]
    (root,) = report.root_causes
    assert root.finding is f and [s.code for s in root.explains] == ["DNS_TXT_NOT_FOUND"]


def _cname_chain(net: DemoInternet, links: int) -> None:
    chain = ["_acme-challenge 60 IN CNAME c1.example.com."]
    chain += [f"c{i} 60 IN CNAME c{i + 1}.example.com." for i in range(1, links)]
    chain.append(f'c{links} 60 IN TXT "{TOKEN}"')
    set_example(net, extra="\n".join(chain))


def test_a_chain_of_eight_cnames_is_followed(net: DemoInternet, check_world: CheckWorld) -> None:
    _cname_chain(net, 8)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_FOLLOWED")
    assert f.params["target"] == "c8.example.com"
    assert problems(report) == []


def test_a_chain_of_nine_cnames_is_too_long(net: DemoInternet, check_world: CheckWorld) -> None:
    _cname_chain(net, 9)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_BROKEN")
    assert f.params["problem"] == "too-long"
    assert f.params["chain"].startswith("_acme-challenge.example.com → c1.example.com → ")
    assert "DNS_CNAME_FOLLOWED" not in codes(report)


def test_a_cname_with_a_txt_beside_it(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN)

    def add_cname() -> None:
        # RFC 1034 forbids it and dnspython's zone refuses it: put it into the node directly
        for server in (net.ns1, net.ns2):
            node = server.zones[EXAMPLE].find_node(CHALLENGE)
            node.rdatasets.append(dns.rdataset.from_text("IN", "CNAME", 60, "x.acme-dns.net."))

    net.world.run_sync(add_cname)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_CNAME_WITH_OTHER_DATA")
    assert dict(f.params) == {"challenge": "_acme-challenge.example.com", "types": "TXT"}
    assert f.title() == "_acme-challenge.example.com has a CNAME and also other records (TXT)"


def test_an_old_value_beside_a_cname_is_explained_by_the_cname(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(OTHER)

    def add_cname() -> None:
        for server in (net.ns1, net.ns2):
            node = server.zones[EXAMPLE].find_node(CHALLENGE)
            node.rdatasets.append(dns.rdataset.from_text("IN", "CNAME", 60, "x.acme-dns.net."))

    net.world.run_sync(add_cname)
    report = check_world(net, "example.com", expect=(TOKEN,))
    root = report.root_causes[0]
    assert root.finding.code == "DNS_CNAME_WITH_OTHER_DATA"
    assert "DNS_TXT_OTHER_VALUE" in [s.code for s in root.explains]
    assert [rc.finding.code for rc in report.root_causes] == ["DNS_CNAME_WITH_OTHER_DATA"]


# ============================================================================ dns.ns_consistency


def test_ns_mismatch_half_moved_to_the_provider(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_zone(net.tld, "com.", com_zone(("ns1.dnspod.net.", "dns9.hichina.com.")))
    net.set_txt(TOKEN, serial=SERIAL + 1)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_NS_MISMATCH")
    assert dict(f.params) == {
        "zone": "example.com",
        "parent": "dns9.hichina.com, ns1.dnspod.net",
        "child": "ns1.dnspod.net, ns2.dnspod.net",
        "lister": "ns1.dnspod.net",
    }
    assert f.level is Severity.ERROR  # a parent-only server: the CA may ask it
    assert set(f.related) == {f"example.com|{ALI1}", f"example.com|{ALI2}"}
    evidence = dict((e.label, e.value) for e in f.evidence)
    assert evidence[f"referral from {TLD}:{net.port}"] == "dns9.hichina.com, ns1.dnspod.net"
    assert (
        evidence[f"NS at {label(net, 'ns2.dnspod.net', NS2)}"] == "ns1.dnspod.net, ns2.dnspod.net"
    )
    assert evidence[f"NS at {label(net, 'dns9.hichina.com', ALI1)}"] == (
        "dns10.hichina.com, dns9.hichina.com"
    )
    assert report.root_causes[0].finding is f


def test_a_registry_listing_fewer_servers_is_a_warning(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_zone(net.tld, "com.", com_zone(("ns1.dnspod.net.",)))
    net.set_txt(TOKEN)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_NS_MISMATCH")
    assert (f.params["parent"], f.params["child"]) == (
        "ns1.dnspod.net",
        "ns1.dnspod.net, ns2.dnspod.net",
    )
    assert f.level is Severity.WARNING


def test_the_same_ns_set_at_parent_and_child_is_consistent(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(TOKEN)
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert status(report, "dns.ns_consistency") is Status.PASS
    assert findings(report, "DNS_NS_MISMATCH") == []


def test_a_name_server_without_an_address_is_no_ns_mismatch(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    ns = ("ns1.dnspod.net.", "ns3.dnspod.net.")
    net.set_zone(net.tld, "com.", com_zone(ns))
    set_example(net, ns=ns, txt=(TOKEN,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert problems(report) == ["DNS_NS_NO_ADDRESS"]


# ============================================================================ dns.servers


@pytest.mark.parametrize(
    ("fault", "code", "param", "value"),
    [
        ("refused", "DNS_SERVER_LAME", "answer", "REFUSED"),
        ("servfail", "DNS_SERVER_LAME", "answer", "SERVFAIL"),
        ("formerr", "DNS_SERVER_LAME", "answer", "FORMERR"),
        ("noaa", "DNS_SERVER_LAME", "answer", "NOERROR, AA=0"),
        ("drop", "DNS_SERVER_TIMEOUT", "udp", "timeout 0.2 s"),
        ("garbage", "DNS_SERVER_MALFORMED", "detail", "FormError: DNS message is malformed."),
        (
            "wrong-id",
            "DNS_SERVER_MALFORMED",
            "detail",
            "BadResponse: A DNS query response does not respond to the question asked.",
        ),
    ],
)
def test_a_broken_server(
    net: DemoInternet, check_world: CheckWorld, fault: str, code: str, param: str, value: str
) -> None:
    net.set_txt(TOKEN)
    net.ns2.fault = fault
    deadline = 0.2 if fault == "drop" else 1.0
    report = check_world(net, "example.com", expect=(TOKEN,), query_timeout=deadline)
    f = only(report, code)
    assert f.params["server"] == label(net, "ns2.dnspod.net", NS2)
    assert f.params[param] == value
    assert f.subject == f"example.com|{NS2}"
    assert f.level is Severity.ERROR
    assert problems(report) == [code]  # the healthy ns1 serves the token: no TXT finding
    assert status(report, "dns.servers") is Status.FAIL
    assert [rc.finding.code for rc in report.root_causes] == [code]


def test_a_lame_server_without_the_zone(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN)
    net.world.run_sync(net.ns2.zones.clear)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_SERVER_LAME")
    assert (f.params["answer"], f.params["zone"]) == ("REFUSED", "example.com.")
    assert (
        f.title()
        == f"ns2.dnspod.net ({NS2}:{net.port}) is not authoritative for example.com.: REFUSED"
    )


def test_tcp_closed_is_a_warning(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN)
    net.ns2.tcp_fault = "drop"
    report = check_world(net, "example.com", expect=(TOKEN,), query_timeout=0.5)
    f = only(report, "DNS_TCP_FAILED")
    assert dict(f.params) == {
        "server": label(net, "ns2.dnspod.net", NS2),
        "detail": "timeout 0.5 s",
    }
    assert f.level is Severity.WARNING and problems(report) == ["DNS_TCP_FAILED"]


def test_truncated_udp_and_silent_tcp_says_udp_answered(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(TOKEN)
    net.ns2.fault, net.ns2.tcp_fault = "truncate", "drop"
    report = check_world(net, "example.com", expect=(TOKEN,), query_timeout=0.2)
    f = only(report, "DNS_SERVER_TIMEOUT")
    assert "no answer" not in f.params["udp"]
    assert "trunc" in f.params["udp"].lower() or "TC" in f.params["udp"]


def test_ipv6_addresses_are_untested_on_a_host_without_ipv6(
    net: DemoInternet, check_world: CheckWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    net.set_zone(net.tld, "net.", net_zone() + "ns1.dnspod 172800 IN AAAA 2001:db8::13\n")
    net.set_txt(TOKEN)
    # see test_an_ipv6_server_on_a_host_without_ipv6_is_not_asked: nothing is sent to 2001:db8::
    monkeypatch.setattr(guard, "allowed", lambda a: a.startswith(("127.", "2001:db8:")))
    client = DnsClient(query_timeout=2.0)
    client._v6 = False
    report = check_world(net, "example.com", expect=(TOKEN,), client=client)
    f = only(report, "DNS_IPV6_UNTESTED")
    assert dict(f.params) == {"count": 1}
    assert f.level is Severity.INFO and problems(report) == []


# ============================================================================ dns.serials


def test_a_lagging_server(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_SERIAL_LAG")
    assert dict(f.params) == {
        "server": label(net, "ns2.dnspod.net", NS2),
        "serial": SERIAL,
        "leader": label(net, "ns1.dnspod.net", NS1),
        "latest": SERIAL + 1,
    }
    assert [(e.label, e.value) for e in f.evidence] == [
        (label(net, "ns1.dnspod.net", NS1), f"serial {SERIAL + 1}"),
        (label(net, "ns2.dnspod.net", NS2), f"serial {SERIAL}"),
    ]
    assert f.subject == f.related[0] == f"example.com|{NS2}"


def test_equal_serials_are_no_finding(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 7)
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert status(report, "dns.serials") is Status.PASS and codes(report) == []


def test_serial_arithmetic_wraps(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, serial=1, servers=(net.ns1,))  # incremented past 2**32 - 1
    net.set_txt(serial=2**32 - 1, servers=(net.ns2,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_SERIAL_LAG")
    assert (f.params["server"], f.params["latest"]) == (label(net, "ns2.dnspod.net", NS2), 1)


def test_serial_zero_is_evidence_too(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, serial=1, servers=(net.ns1,))
    net.set_txt(serial=0, servers=(net.ns2,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_SERIAL_LAG")
    assert (label(net, "ns2.dnspod.net", NS2), "serial 0") in [
        (e.label, e.value) for e in f.evidence
    ]


# ============================================================================ dns.txt


def test_txt_found_everywhere(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN)
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert status(report, "dns.txt") is Status.PASS and codes(report) == []


def test_txt_without_expect_is_reported_as_present(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(TOKEN, OTHER)
    report = check_world(net, "example.com")
    f = only(report, "DNS_TXT_PRESENT")
    assert dict(f.params) == {
        "name": "_acme-challenge.example.com",
        "values": f"'{TOKEN}', '{OTHER}'",
    }
    assert problems(report) == []


def test_no_txt_without_expect_is_absent(net: DemoInternet, check_world: CheckWorld) -> None:
    report = check_world(net, "example.com")
    f = only(report, "DNS_TXT_ABSENT")
    assert dict(f.params) == {"name": "_acme-challenge.example.com"}
    assert f.level is Severity.INFO and report.verdict == "ok"


def test_txt_missing_at_one_server(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_TXT_MISSING")
    assert dict(f.params) == {
        "name": "_acme-challenge.example.com",
        "zone": "example.com",
        "host": "_acme-challenge",
        "server": label(net, "ns2.dnspod.net", NS2),
        "expect": TOKEN,
        "answer": "NXDOMAIN",
    }
    assert [(e.label, e.value) for e in f.evidence] == [
        (f"{label(net, 'ns2.dnspod.net', NS2)} TXT", "NXDOMAIN "),
        ("expected", TOKEN),
    ]
    assert f.subject == f"example.com|{NS2}"
    assert problems(report) == ["DNS_TXT_MISSING"]


def test_txt_not_found_anywhere(net: DemoInternet, check_world: CheckWorld) -> None:
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_TXT_NOT_FOUND")
    assert dict(f.params) == {
        "name": "_acme-challenge.example.com",
        "zone": "example.com",
        "host": "_acme-challenge",
        "expect": TOKEN,
        "answer": "ns1.dnspod.net: NXDOMAIN; ns2.dnspod.net: NXDOMAIN",
    }
    assert f.evidence[-1].label == "expected" and f.evidence[-1].value == TOKEN
    assert f.subject == "example.com"
    assert problems(report) == ["DNS_TXT_NOT_FOUND"]


def test_another_value_everywhere_is_no_missing_record(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    # The record is there, with the previous order's token: "not in the zone at all" is false.
    net.set_txt(OTHER)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_TXT_OTHER_VALUE")
    assert dict(f.params) == {
        "name": "_acme-challenge.example.com",
        "zone": "example.com",
        "host": "_acme-challenge",
        "expect": TOKEN,
        "values": f'"{OTHER}"',
        "age": "",
    }
    assert f.level is Severity.ERROR and f.subject == "example.com"
    assert f.title() == (
        f'_acme-challenge.example.com holds another TXT value than the expected one: "{OTHER}"'
    )
    assert "not in the zone at all" not in f.meaning()
    assert "did not update or replace it" in f.meaning()
    assert "不是当前的令牌" in f.meaning("zh")
    assert f"{label(net, 'ns1.dnspod.net', NS1)} TXT" in [e.label for e in f.evidence]
    assert "DNS_TXT_NOT_FOUND" not in codes(report)
    # the other value is named once: no "besides the expected one" beside it, no second finding
    assert problems(report) == ["DNS_TXT_OTHER_VALUE"]
    (root,) = report.root_causes
    assert root.finding is f and root.explains == []
    assert [e.value for e in f.evidence if e.label == "other values"] == [f'"{OTHER}"']


def test_the_other_token_of_the_same_order_is_no_other_value(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(TOKEN_WILDCARD)
    report = check_world(net, "example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))
    assert only(report, "DNS_TXT_NOT_FOUND").params["expect"] == TOKEN
    assert "DNS_TXT_OTHER_VALUE" not in codes(report)


def test_txt_not_found_at_a_single_server_zone(net: DemoInternet, check_world: CheckWorld) -> None:
    # acme-dns.net has one server: when it lacks the token, nobody serves it (not "wait until
    # every server has it", which DNS_TXT_MISSING says)
    _acme_dns(net)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_TXT_NOT_FOUND")
    assert (f.params["name"], f.params["zone"]) == ("8f1c2a.auth.acme-dns.net", "acme-dns.net")
    assert "DNS_TXT_MISSING" not in codes(report)


def test_txt_missing_behind_a_cname_names_the_target_zone(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    _acme_dns(net, txt=(OTHER,))
    report = check_world(net, "example.com", expect=(TOKEN,))
    (f,) = [
        f
        for f in report.findings
        if f.code in ("DNS_TXT_MISSING", "DNS_TXT_NOT_FOUND", "DNS_TXT_OTHER_VALUE")
    ]
    assert (f.params["name"], f.params["zone"], f.params["host"]) == (
        "8f1c2a.auth.acme-dns.net",
        "acme-dns.net",
        "8f1c2a.auth",
    )


def test_two_tokens_one_missing(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN)
    report = check_world(net, "example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))
    f = only(report, "DNS_TXT_NOT_FOUND")
    assert f.params["expect"] == TOKEN_WILDCARD  # only the one that is missing
    assert f.evidence[-1].value == f"{TOKEN}, {TOKEN_WILDCARD}"


def test_extra_values_beside_the_token(net: DemoInternet, check_world: CheckWorld) -> None:
    olds = tuple(f"old-{i}" for i in range(5))
    net.set_txt(TOKEN, *olds)
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_TXT_EXTRA_VALUES")
    assert dict(f.params) == {
        "name": "_acme-challenge.example.com",
        "count": 5,
        "values": "'old-0', 'old-1', 'old-2', …",
    }
    assert f.level is Severity.WARNING and problems(report) == ["DNS_TXT_EXTRA_VALUES"]
    assert report.verdict == "warning"


def test_a_large_txt_set_is_read_over_tcp(net: DemoInternet, check_world: CheckWorld) -> None:
    olds = tuple(f"old-token-{i:02d}-left-by-a-failed-order-xxxxxxxxxxxx" for i in range(30))
    net.set_txt(TOKEN, *olds)
    report = check_world(net, "example.com", expect=(TOKEN,))
    truncated = findings(report, "DNS_TXT_TRUNCATED")
    assert [f.params["server"] for f in truncated] == [
        label(net, "ns1.dnspod.net", NS1),
        label(net, "ns2.dnspod.net", NS2),
    ]
    assert {f.level for f in truncated} == {Severity.INFO}
    assert only(report, "DNS_TXT_EXTRA_VALUES").params["count"] == 30
    assert "DNS_TXT_MISSING" not in codes(report)  # the token was read over TCP


def test_servers_that_disagree(net: DemoInternet, check_world: CheckWorld) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    net.set_txt(OTHER, servers=(net.ns2,))
    report = check_world(net, "example.com")
    f = only(report, "DNS_TXT_INCONSISTENT")
    assert f.params["detail"] == (
        f"{label(net, 'ns1.dnspod.net', NS1)}: ['{TOKEN}']; "
        f"{label(net, 'ns2.dnspod.net', NS2)}: ['{OTHER}']"
    )


def test_a_multi_string_txt_value_is_joined(net: DemoInternet, check_world: CheckWorld) -> None:
    # RFC 7208 §3.3 style: one value split into <=255-octet strings; ACME compares the joined value
    head, tail = TOKEN[:20], TOKEN[20:]
    set_example(net, extra=f'_acme-challenge 60 IN TXT "{head}" "{tail}"')
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert codes(report) == []
    report = check_world(net, "example.com", expect=(head,))
    f = only(report, "DNS_TXT_OTHER_VALUE")  # the joined value is another one than the head
    assert f.params["values"] == f'"{TOKEN}"'


def test_a_server_that_does_not_answer_is_left_to_dns_servers(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    net.ns2.fault = "refused"
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert problems(report) == ["DNS_SERVER_LAME"]


# ============================================================================ dns.name_mistakes


def test_double_label_with_the_token(net: DemoInternet, check_world: CheckWorld) -> None:
    set_example(net, extra=f'_acme-challenge.example.com 60 IN TXT "{TOKEN}"')
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_DOUBLE_LABEL")
    assert dict(f.params) == {
        "double": "_acme-challenge.example.com.example.com",
        "host": "_acme-challenge",
    }
    assert [(e.label, e.value) for e in f.evidence] == [
        (f"TXT at {label(net, 'ns1.dnspod.net', NS1)}", TOKEN)
    ]
    assert f.level is Severity.ERROR  # it holds the very token the CA looks for elsewhere
    assert sorted(problems(report)) == ["DNS_DOUBLE_LABEL", "DNS_TXT_NOT_FOUND"]
    assert report.root_causes[0].finding is f


def test_double_label_with_an_old_value_is_a_warning(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    set_example(
        net,
        txt=(TOKEN,),
        extra=f'_acme-challenge.example.com 60 IN TXT "{OTHER}"',
    )
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_DOUBLE_LABEL")
    assert f.level is Severity.WARNING and problems(report) == ["DNS_DOUBLE_LABEL"]


def test_a_wildcard_txt_is_not_the_token(net: DemoInternet, check_world: CheckWorld) -> None:
    set_example(net, extra='* 600 IN TXT "v=spf1 -all"')
    report = check_world(net, "example.com", expect=(TOKEN,))
    f = only(report, "DNS_WILDCARD_TXT")
    assert dict(f.params) == {"name": "_acme-challenge.example.com", "values": "'v=spf1 -all'"}
    # the double-label name matches the wildcard too: that is no double-label finding
    assert "DNS_DOUBLE_LABEL" not in codes(report)
    # the wildcard and the values it adds are worth cleaning up, but the cause is the missing token
    assert [rc.finding.code for rc in report.root_causes] == ["DNS_TXT_NOT_FOUND"]
    assert [h.code for h in hygiene(report)] == ["DNS_WILDCARD_TXT"]  # it explains the extra value


def test_a_real_record_beside_a_wildcard_is_fine(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    set_example(net, txt=(TOKEN,), extra='* 600 IN TXT "v=spf1 -all"')
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert codes(report) == []


def test_a_wildcard_without_expect_still_says_where_the_values_come_from(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    set_example(net, extra='* 600 IN TXT "v=spf1 -all"')
    report = check_world(net, "example.com")
    assert sorted(codes(report)) == ["DNS_TXT_PRESENT", "DNS_WILDCARD_TXT"]
    assert report.verdict == "warning"


def test_a_nonexistent_sibling_is_not_a_wildcard(
    net: DemoInternet, check_world: CheckWorld
) -> None:
    # a TXT at one other label is no wildcard: the random control label gets NXDOMAIN
    set_example(net, txt=(TOKEN,), extra='_dmarc 600 IN TXT "v=DMARC1; p=none"')
    report = check_world(net, "example.com", expect=(TOKEN,))
    assert codes(report) == []

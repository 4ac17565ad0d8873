"""DohClient against the lab's DoH server on loopback: answers, deadlines, TLS and HTTP failures,
the loopback guard, the ``URL[@ADDR[:PORT]]`` parser and the CLI options."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from dnsdoctor.core.context import Options
from dnsdoctor.engine.run import default_services
from dnsdoctor.lab.doh_server import LAB_CA, DohMode, DohServer
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.net import doh, guard
from dnsdoctor.net.dns import (
    BUDGET,
    MALFORMED,
    NO_ROUTE_V6,
    REFUSED_CONNECTION,
    TIMEOUT,
    UNREACHABLE,
    Reply,
)
from dnsdoctor.net.doh import (
    DEFAULT_ENDPOINTS,
    BadDohEndpoint,
    DohClient,
    DohEndpoint,
    parse_doh_endpoint,
)

ADDR = "127.0.0.37"
TOKEN = "doh-token-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
WWW = dns.name.from_text("www.example.com")
CHALLENGE = dns.name.from_text("_acme-challenge.example.com")
MISSING = dns.name.from_text("missing.example.com")


async def _answer(query: dns.message.Message) -> dns.message.Message:
    """A tiny resolver: A for www, TXT for the challenge, NXDOMAIN for anything else."""
    response = dns.message.make_response(query)
    response.flags |= dns.flags.RA
    question = query.question[0]
    if question.name == WWW and question.rdtype == dns.rdatatype.A:
        response.answer.append(dns.rrset.from_text(WWW, 300, "IN", "A", "192.0.2.80"))
    elif question.name == CHALLENGE and question.rdtype == dns.rdatatype.TXT:
        response.answer.append(dns.rrset.from_text(CHALLENGE, 60, "IN", "TXT", f'"{TOKEN}"'))
    else:
        response.set_rcode(dns.rcode.NXDOMAIN)
        response.authority.append(
            dns.rrset.from_text(
                "example.com.", 300, "IN", "SOA", "ns1.example.com. admin.example.com. 1 2 3 4 300"
            )
        )
    return response


class Lab:
    def __init__(self, world: World, server: DohServer) -> None:
        self.world = world
        self.server = server

    def endpoint(self, host: str = "doh.lab.test") -> DohEndpoint:
        return parse_doh_endpoint(self.server.cli_value(host))

    def mode(self, mode: DohMode, trickle_interval: float = 0.05) -> None:
        def change() -> None:
            self.server.mode = mode
            self.server.trickle_interval = trickle_interval

        self.world.run_sync(change)


@pytest.fixture(params=["http/1.1", "h2"])
def lab(request: pytest.FixtureRequest) -> Iterator[Lab]:
    """The lab server speaking HTTP/1.1 only, or offering HTTP/2 first (as public resolvers do)."""
    port = free_port([ADDR], (socket.SOCK_STREAM,))
    server = DohServer(ADDR, port, _answer, http2=request.param == "h2")
    world = World()
    world.add(server)
    world.start()
    try:
        yield Lab(world, server)
    finally:
        world.stop()


def _client(**kwargs: Any) -> DohClient:
    return DohClient(verify=LAB_CA, **{"query_timeout": 3.0, **kwargs})


def _ask(
    client: DohClient, endpoint: DohEndpoint, name: dns.name.Name, rdtype: str, **kw: Any
) -> Reply:
    return asyncio.run(client.ask(endpoint, name, rdtype, **kw))


# ---------------------------------------------------------------- answers


@pytest.mark.parametrize("post", [True, False], ids=["POST", "GET"])
def test_a_txt_and_nxdomain_over_post_and_get(lab: Lab, post: bool) -> None:
    client = _client()
    endpoint = lab.endpoint()

    async def three() -> list[Reply]:
        return list(
            await asyncio.gather(
                client.ask(endpoint, WWW, "A", post=post),
                client.ask(endpoint, CHALLENGE, "TXT", post=post),
                client.ask(endpoint, MISSING, "TXT", post=post),
            )
        )

    a, txt, missing = asyncio.run(three())
    for reply in (a, txt, missing):
        assert reply.ok, reply.failure
        assert (reply.transport, reply.server, reply.port) == ("doh", ADDR, lab.server.port)
        assert reply.url == "https://doh.lab.test/dns-query"
    a_rrset = a.answer_rrset(dns.rdatatype.A)
    assert a_rrset is not None and [r.to_text() for r in a_rrset] == ["192.0.2.80"]
    txt_rrset = txt.answer_rrset(dns.rdatatype.TXT)
    assert txt_rrset is not None and [r.to_text() for r in txt_rrset] == [f'"{TOKEN}"']
    assert missing.rcode == dns.rcode.NXDOMAIN
    assert missing.authority_rrsets(dns.rdatatype.SOA)
    assert {method for method, _ in lab.server.requests} == {"POST" if post else "GET"}
    wanted = "h2" if lab.server.http2 else "http/1.1"
    assert set(lab.server.protocols) == {wanted}


def test_the_question_is_recursive_with_edns_1232_and_id_0(lab: Lab) -> None:
    reply = _ask(_client(), lab.endpoint(), WWW, "A")
    assert reply.ok
    (query,) = lab.server.questions
    assert query.flags & dns.flags.RD
    assert query.edns == 0 and query.payload == 1232
    assert query.id == 0  # RFC 8484 §4.1


def test_identical_questions_are_asked_once_per_run(lab: Lab) -> None:
    client = _client()
    endpoint = lab.endpoint()

    async def many() -> list[Reply]:
        asks = [client.ask(endpoint, WWW, "A") for _ in range(5)]
        asks.append(client.ask(endpoint, WWW, "A", post=False))
        return list(await asyncio.gather(*asks))

    replies = asyncio.run(many())
    assert all(r.ok for r in replies)
    assert len(lab.server.requests) == 2  # one POST shared by five callers, one GET
    assert client.sent == 2

    async def fresh() -> Reply:
        return await client.ask(endpoint, WWW, "A", fresh=True)

    assert asyncio.run(fresh()).ok
    assert len(lab.server.requests) == 3


def test_an_ip_literal_url_is_checked_against_the_ip_san(lab: Lab) -> None:
    reply = _ask(_client(), lab.endpoint(host=ADDR), WWW, "A")
    assert reply.ok, reply.failure


def test_the_public_names_are_sent_as_sni_and_host(lab: Lab) -> None:
    """A lab server stands in for dns.google: the URL's name is what TLS checks, not the address."""
    reply = _ask(_client(), lab.endpoint(host="dns.google"), WWW, "A")
    assert reply.ok, reply.failure


def test_ipv6_loopback_endpoint() -> None:
    from dnsdoctor.lab.world import ipv6_loopback

    if not ipv6_loopback():
        pytest.skip("no ::1 on this host")
    server = DohServer("::1", free_port(["::1"], (socket.SOCK_STREAM,)), _answer, http2=True)
    world = World()
    world.add(server)
    with world:
        for host in ("dns.google", "::1"):
            endpoint = parse_doh_endpoint(server.cli_value(host))
            assert endpoint.address == "::1"
            reply = _ask(_client(), endpoint, WWW, "A")
            assert reply.ok, reply.failure
            assert reply.where == f"[::1]:{server.port}"


def test_an_ipv6_endpoint_on_a_host_without_ipv6_is_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As for DnsClient: let 2001:db8::/32 past the loopback guard; the client is told this host
    # has no IPv6 route, so nothing is sent; ::1 needs no route and is never refused for it.
    monkeypatch.setattr(guard, "allowed", lambda a: a.startswith(("127.", "2001:db8:", "::1")))
    client = _client()
    client._v6 = False
    reply = _ask(
        client, parse_doh_endpoint("https://doh.lab.test/dns-query@[2001:db8::53]"), WWW, "A"
    )
    assert (reply.error, reply.detail, client.sent) == (
        NO_ROUTE_V6,
        "this host has no IPv6 route",
        0,
    )
    port = free_port([ADDR], (socket.SOCK_STREAM,))  # nothing listens on ::1 there
    loopback = _ask(
        client, parse_doh_endpoint(f"https://doh.lab.test/dns-query@[::1]:{port}"), WWW, "A"
    )
    assert loopback.error != NO_ROUTE_V6 and client.sent == 1


# ---------------------------------------------------------------- deadlines


def test_a_silent_server_times_out_within_the_query_deadline(lab: Lab) -> None:
    lab.mode("silent")
    start = time.monotonic()
    reply = _ask(_client(query_timeout=0.8), lab.endpoint(), WWW, "A")
    elapsed = time.monotonic() - start
    assert reply.error == TIMEOUT and reply.detail == "timeout 0.8 s"
    assert 0.7 <= elapsed < 1.5


def test_a_trickling_server_cannot_outlive_the_deadline(lab: Lab) -> None:
    """One byte every 50 ms keeps every read alive; only the hard total deadline ends it."""
    lab.mode("trickle", trickle_interval=0.05)
    start = time.monotonic()
    reply = _ask(_client(query_timeout=1.0), lab.endpoint(), WWW, "A")
    elapsed = time.monotonic() - start
    assert reply.error == TIMEOUT
    assert elapsed < 1.6
    assert lab.server.requests  # the request did arrive: the answer was on its way


def test_the_runs_deadline_caps_the_question(lab: Lab) -> None:
    lab.mode("trickle", trickle_interval=0.05)
    client = _client(query_timeout=10.0, deadline=time.monotonic() + 0.6)
    start = time.monotonic()
    reply = _ask(client, lab.endpoint(), WWW, "A")
    assert reply.error == TIMEOUT
    assert time.monotonic() - start < 1.2


def test_a_spent_budget_sends_nothing(lab: Lab) -> None:
    client = _client(deadline=time.monotonic() - 1)
    reply = _ask(client, lab.endpoint(), WWW, "A")
    assert reply.error == BUDGET
    assert client.sent == 0 and not lab.server.requests


# ---------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("mode", "word", "phrase"),
    [
        ("http500", doh.HTTP_STATUS, "HTTP status 500"),
        ("garbage", MALFORMED, "not a DNS message"),
        ("html", MALFORMED, "not a DNS message: the body is text/html"),
        ("oversize", doh.TOO_LARGE, "70000 bytes"),
        ("close", UNREACHABLE, "closed the connection"),
    ],
)
def test_http_level_failures_have_clear_words(
    lab: Lab, mode: DohMode, word: str, phrase: str
) -> None:
    lab.mode(mode)
    reply = _ask(_client(), lab.endpoint(), WWW, "A")
    assert not reply.ok
    assert reply.error == word
    assert phrase in reply.detail


def test_an_answer_to_another_question_is_malformed(lab: Lab) -> None:
    async def other(query: dns.message.Message) -> dns.message.Message:
        return await _answer(dns.message.make_query(CHALLENGE, "TXT", id=query.id))

    lab.world.run_sync(lambda: setattr(lab.server, "answer", other))
    reply = _ask(_client(), lab.endpoint(), WWW, "A")
    assert reply.error == MALFORMED
    assert reply.detail == "the answer is not for the question asked (ID or question differs)"


def test_a_certificate_for_another_name_is_a_tls_name_mismatch(lab: Lab) -> None:
    reply = _ask(_client(), lab.endpoint(host="wrong.lab.test"), WWW, "A")
    assert reply.error == doh.TLS_NAME
    assert (
        reply.detail
        == f"TLS name mismatch: the certificate at {ADDR} is not valid for wrong.lab.test"
    )
    assert not lab.server.requests  # nothing was sent to an impostor


def test_a_certificate_from_an_unknown_ca_is_untrusted(lab: Lab, tmp_path: Path) -> None:
    from dnsdoctor.lab.certs.make_certs import make

    make(tmp_path)  # another CA with the same names: only the chain differs
    reply = _ask(DohClient(verify=str(tmp_path / "ca.pem")), lab.endpoint(), WWW, "A")
    assert reply.error == doh.TLS_UNTRUSTED
    assert reply.detail.startswith("certificate not trusted (unknown CA)")
    assert not lab.server.requests


def test_a_closed_port_is_refused_at_once() -> None:
    port = free_port([ADDR], (socket.SOCK_STREAM,))
    endpoint = parse_doh_endpoint(f"https://doh.lab.test/dns-query@{ADDR}:{port}")
    start = time.monotonic()
    reply = _ask(_client(), endpoint, WWW, "A")
    assert reply.error in (REFUSED_CONNECTION, UNREACHABLE)
    assert time.monotonic() - start < 1.0


def test_loopback_only_mode_refuses_the_public_resolvers_before_connecting() -> None:
    """tests/conftest.py sets DNSDOCTOR_LOOPBACK_ONLY=1: the defaults are refused, no socket."""
    client = DohClient()

    async def all_defaults() -> list[Reply]:
        return list(await asyncio.gather(*(client.ask(e, WWW, "A") for e in DEFAULT_ENDPOINTS)))

    for reply in asyncio.run(all_defaults()):
        assert reply.error == UNREACHABLE
        assert reply.detail == f"{reply.server} is off limits (loopback-only mode)"
    assert client.sent == 0


def test_the_default_endpoints_are_pinned_by_address() -> None:
    assert [(e.label, e.host, e.address, e.port) for e in DEFAULT_ENDPOINTS] == [
        ("AliDNS", "dns.alidns.com", "223.5.5.5", 443),
        ("DNSPod", "doh.pub", "1.12.12.12", 443),
        ("Cloudflare", "cloudflare-dns.com", "1.1.1.1", 443),
        ("Google", "dns.google", "8.8.8.8", 443),
    ]


# ---------------------------------------------------------------- URL[@ADDR[:PORT]]


@pytest.mark.parametrize(
    ("text", "url", "address", "port"),
    [
        (
            "https://dns.alidns.com/dns-query@223.5.5.5",
            "https://dns.alidns.com/dns-query",
            "223.5.5.5",
            443,
        ),
        ("https://1.1.1.1/dns-query", "https://1.1.1.1/dns-query", "1.1.1.1", 443),
        ("https://1.1.1.1", "https://1.1.1.1/dns-query", "1.1.1.1", 443),
        (
            "https://doh.lab.test/dns-query@127.0.0.41:8443",
            "https://doh.lab.test/dns-query",
            "127.0.0.41",
            8443,
        ),
        (
            "https://doh.lab.test:8443/q@127.0.0.41",
            "https://doh.lab.test:8443/q",
            "127.0.0.41",
            8443,
        ),
        (
            "https://dns.google/dns-query@[2001:4860:4860::8888]:443",
            "https://dns.google/dns-query",
            "2001:4860:4860::8888",
            443,
        ),
        ("https://dns.google/dns-query@::1", "https://dns.google/dns-query", "::1", 443),
        ("https://[::1]:8443/dns-query", "https://[::1]:8443/dns-query", "::1", 8443),
        ("HTTPS://DNS.Google/dns-query@8.8.8.8", "https://dns.google/dns-query", "8.8.8.8", 443),
    ],
)
def test_endpoint_syntax(text: str, url: str, address: str, port: int) -> None:
    endpoint = parse_doh_endpoint(text)
    assert (endpoint.url, endpoint.address, endpoint.port) == (url, address, port)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("https://dns.google/dns-query", "give the server's address too"),
        ("http://1.1.1.1/dns-query", "https://"),
        ("dns.google@8.8.8.8", "https://"),
        ("https://dns.google/dns-query@dns.google", "must be an IP address"),
        ("https://dns.google/dns-query@8.8.8.8:0", "port must be a number"),
        ("https://dns.google/dns-query@8.8.8.8:99999", "port must be a number"),
        ("https://dns.google/dns-query@[::1", "cannot read"),
        ("https://user:pw@1.1.1.1/dns-query", "no user name"),
        ("https:///dns-query@1.1.1.1", "no host"),
        ("https://1.1.1.1:http/dns-query", "1.1.1.1:http"),
        ("https://1.1.1.1/dns-query#x", "fragment"),
    ],
)
def test_bad_endpoint_syntax(text: str, says: str) -> None:
    with pytest.raises(BadDohEndpoint) as exc:
        parse_doh_endpoint(text)
    assert says in str(exc.value)


def test_request_url_carries_the_port_only_when_not_443() -> None:
    assert parse_doh_endpoint("https://dns.google/dns-query@8.8.8.8").request_url == (
        "https://dns.google/dns-query"
    )
    assert parse_doh_endpoint("https://dns.google/dns-query@8.8.8.8:8443").request_url == (
        "https://dns.google:8443/dns-query"
    )


# ---------------------------------------------------------------- options and CLI


def test_services_follow_the_options() -> None:
    services = default_services(Options())
    assert services.doh is not None
    assert services.doh.endpoints == DEFAULT_ENDPOINTS and services.doh.verify is True
    mine = (parse_doh_endpoint("https://doh.lab.test/dns-query@127.0.0.37:8443"),)
    services = default_services(Options(doh=mine, doh_ca=LAB_CA))
    assert services.doh is not None
    assert services.doh.endpoints == mine and services.doh.verify == LAB_CA
    assert default_services(Options(no_doh=True)).doh is None


def test_the_run_gives_doh_its_deadline() -> None:
    from dnsdoctor.engine.run import run

    options = Options(timeout=7.0, no_clock=True, no_public=True, select=("dns",))
    services = default_services(options)
    assert services.doh is not None and services.doh.deadline == float("inf")
    start = time.monotonic()
    run("check", options, [], services)
    assert start + 7.0 <= services.doh.deadline <= time.monotonic() + 7.0
    assert services.doh.deadline == services.dns.deadline


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--doh", "https://dns.google/dns-query"], "give the server's address too"),
        (["--doh", "http://8.8.8.8/dns-query"], "https://"),
        (["--doh", "https://dns.google/dns-query@8.8.8.8:0"], "port must be a number"),
        (["--doh", "https://1.1.1.1/dns-query", "--no-doh"], "choose one"),
        (["--doh-ca", "/nonexistent/ca.pem"], "--doh-ca /nonexistent/ca.pem"),
    ],
)
def test_bad_doh_options_are_usage_errors(
    cli: Callable[..., Any], args: list[str], says: str
) -> None:
    result = cli("check", "example.com", "--no-clock", *args)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_doh_ca_that_is_not_pem_is_a_usage_error(cli: Callable[..., Any], tmp_path: Path) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n")
    result = cli("check", "example.com", "--doh-ca", str(junk))
    assert result.exit_code == 2
    assert "not a readable PEM CA bundle" in result.stderr


def test_the_check_command_hands_the_doh_options_to_the_run(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    seen: list[Options] = []

    def fake_run(command: str, options: Options, *args: Any, **kwargs: Any) -> Any:
        seen.append(options)
        raise SystemExit(0)

    monkeypatch.setattr("dnsdoctor.cli.common._run_with_progress", fake_run)
    value = "https://dns.google/dns-query@127.0.0.39:8443"
    result = cli(
        "check", "example.com", "--doh", value, "--doh", "https://127.0.0.38/q", "--doh-ca", LAB_CA
    )
    assert result.exit_code == 0, result.stderr
    (options,) = seen
    assert [e.url for e in options.doh] == ["https://dns.google/dns-query", "https://127.0.0.38/q"]
    assert options.doh_ca == LAB_CA and not options.no_doh
    seen.clear()
    assert cli("check", "example.com", "--no-doh").exit_code == 0
    assert seen[0].no_doh and seen[0].doh == ()

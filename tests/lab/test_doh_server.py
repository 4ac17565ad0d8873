"""The lab's DoH server: RFC 8484 over TLS on loopback, answering through the world's resolver.

Requests are made with dnspython's own DoH client (``dns.asyncquery.https`` and httpx2), not with
dnsdoctor's, so these tests check the server against an independent implementation.
"""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
from collections.abc import Iterator

import dns.asyncquery
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset
import pytest

from dnsdoctor.lab.doh_server import (
    LAB_CA,
    LAB_HOSTS,
    PUBLIC_DOH,
    DohServer,
    add_public_doh,
    doh_argv,
)
from dnsdoctor.lab.internet import TOKEN, DemoInternet
from dnsdoctor.lab.world import World, free_port

ADDR = "127.0.0.36"


async def _a_answer(query: dns.message.Message) -> dns.message.Message:
    response = dns.message.make_response(query)
    response.flags |= dns.flags.RA
    response.answer.append(dns.rrset.from_text(query.question[0].name, 60, "IN", "A", "192.0.2.7"))
    return response


def _query(name: str, rdtype: str) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    query.id = 0
    return query


def _ask(server: DohServer, query: dns.message.Message, post: bool) -> object:
    async def go() -> dns.message.Message:
        return await dns.asyncquery.https(
            query,
            server.url("doh.lab.test"),
            timeout=3.0,
            post=post,
            verify=ssl.create_default_context(cafile=LAB_CA),
            bootstrap_address=server.address,
        )

    return asyncio.run(go())


@pytest.fixture
def simple() -> Iterator[tuple[World, DohServer]]:
    server = DohServer(ADDR, free_port([ADDR], (socket.SOCK_STREAM,)), _a_answer)
    world = World()
    world.add(server)
    world.start()
    try:
        yield world, server
    finally:
        world.stop()


@pytest.mark.parametrize("post", [True, False], ids=["POST", "GET"])
def test_answers_post_and_get_through_the_answer_function(
    simple: tuple[World, DohServer], post: bool
) -> None:
    _, server = simple
    reply = _ask(server, _query("www.example.com", "A"), post)
    assert isinstance(reply, dns.message.Message)
    rrset = reply.find_rrset(reply.answer, dns.name.from_text("www.example.com"), 1, 1)
    assert [r.to_text() for r in rrset] == ["192.0.2.7"]
    assert server.requests[-1][0] == ("POST" if post else "GET")
    if not post:
        assert server.requests[-1][1].startswith("/dns-query?dns=")


def test_http_errors_for_bad_requests(simple: tuple[World, DohServer]) -> None:
    """A wrong path, a bad base64 GET and a POST of the wrong type are HTTP errors, not crashes."""
    _, server = simple
    context = ssl.create_default_context(cafile=LAB_CA)

    def raw(request: bytes) -> str:
        with (
            socket.create_connection((server.address, server.port), timeout=3) as sock,
            context.wrap_socket(sock, server_hostname="doh.lab.test") as tls,
        ):
            tls.sendall(request)
            return tls.recv(4096).decode("latin-1").split("\r\n")[0]

    host = b"Host: doh.lab.test\r\nConnection: close\r\n"
    assert raw(b"GET /other HTTP/1.1\r\n" + host + b"\r\n") == "HTTP/1.1 404 Not Found"
    assert raw(b"GET /dns-query?dns=%%% HTTP/1.1\r\n" + host + b"\r\n").startswith("HTTP/1.1 400")
    body = b"hello"
    assert raw(
        b"POST /dns-query HTTP/1.1\r\n"
        + host
        + b"Content-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
        + body
    ).startswith("HTTP/1.1 415")
    wire = base64.urlsafe_b64encode(_query("example.com", "A").to_wire()).rstrip(b"=")
    assert raw(b"GET /dns-query?dns=" + wire + b" HTTP/1.1\r\n" + host + b"\r\n") == (
        "HTTP/1.1 200 OK"
    )


def test_alpn_offers_http1_only_and_the_certificate_covers_the_lab_names() -> None:
    client = ssl.create_default_context(cafile=LAB_CA)
    port = free_port([ADDR], (socket.SOCK_STREAM,))
    server = DohServer(ADDR, port, _a_answer)
    world = World()
    world.add(server)
    with world:
        for host in (*LAB_HOSTS, "127.0.0.36"):
            client.set_alpn_protocols(["h2", "http/1.1"])
            with (
                socket.create_connection((ADDR, port), timeout=3) as sock,
                client.wrap_socket(sock, server_hostname=host) as tls,
            ):
                assert tls.selected_alpn_protocol() == "http/1.1"


def test_public_doh_resolves_from_the_worlds_root() -> None:
    """add_public_doh: four DoH resolvers that iterate from the world's root, TXT and NXDOMAIN
    included, and the CLI arguments that point `check` at them."""
    net = DemoInternet()
    net.set_txt(TOKEN)
    servers = add_public_doh(net)
    assert [(s.address, s.host) for s in servers] == list(PUBLIC_DOH)
    with net.world:
        txt = _ask(servers[0], _query("_acme-challenge.example.com", "TXT"), True)
        assert isinstance(txt, dns.message.Message)
        assert txt.rcode() == dns.rcode.NOERROR
        assert txt.flags & dns.flags.RA and not txt.flags & dns.flags.AA
        values = [r.to_text().strip('"') for rr in txt.answer for r in rr]
        assert values == [TOKEN]
        missing = _ask(servers[3], _query("nope.example.com", "A"), False)
        assert isinstance(missing, dns.message.Message)
        assert missing.rcode() == dns.rcode.NXDOMAIN
        assert any(r.rdtype == dns.rdatatype.SOA for r in missing.authority)
    assert servers[0].protocols == servers[3].protocols == ["h2"]  # like the real resolvers
    argv = doh_argv(servers)
    assert argv[:2] == ["--doh", f"https://dns.alidns.com/dns-query@127.0.0.36:{net.port}"]
    assert argv[-2:] == ["--doh-ca", LAB_CA]


def test_a_broken_answer_function_is_servfail(simple: tuple[World, DohServer]) -> None:
    _, server = simple

    async def broken(query: dns.message.Message) -> dns.message.Message:
        raise RuntimeError("boom")

    server.answer = broken
    reply = _ask(server, _query("example.com", "A"), True)
    assert isinstance(reply, dns.message.Message)
    assert reply.rcode() == dns.rcode.SERVFAIL

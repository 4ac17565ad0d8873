"""Property tests: whatever bytes a server sends back, the tool returns a finding, never a
traceback. The bytes come from a lab server over real UDP and TCP sockets on loopback."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import dns.message
import dns.name
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnsdoctor.core.context import Options
from dnsdoctor.core.model import Status
from dnsdoctor.core.targets import parse_target
from dnsdoctor.engine.run import run_async
from dnsdoctor.lab.dns_server import AuthServer
from dnsdoctor.lab.internet import NS2, ROOT, TOKEN, DemoInternet
from dnsdoctor.net.dns import MALFORMED, DnsClient

QNAME = dns.name.from_text("_acme-challenge.example.com")


@pytest.fixture(scope="module")
def world() -> Iterator[DemoInternet]:
    net = DemoInternet()
    net.set_txt(TOKEN)
    net.ns2.fault = "raw"
    with net.world:
        yield net


def _valid_answer() -> bytes:
    query = dns.message.make_query(QNAME, "TXT")
    response = dns.message.make_response(query)
    return response.to_wire()


def _mutations() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, and a real answer truncated or with bytes flipped."""
    base = _valid_answer()

    def mutate(seed: int, cut: int, flips: int) -> bytes:
        rng = random.Random(seed)
        data = bytearray(base[: max(0, min(cut, len(base)))] if cut < len(base) else base)
        for _ in range(flips):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)

    return st.one_of(
        st.binary(max_size=600),
        st.builds(
            mutate,
            st.integers(0, 2**32),
            st.integers(0, len(base) + 4),
            st.integers(0, 8),
        ),
    )


def _set(net: DemoInternet, server: AuthServer, raw: bytes, keep_id: bool) -> None:
    def change() -> None:
        server.raw_reply = raw
        server.raw_keep_id = keep_id

    net.world.run_sync(change)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(raw=_mutations(), keep_id=st.booleans(), tcp=st.booleans())
def test_any_reply_is_a_reply_or_a_stated_error(
    world: DemoInternet, raw: bytes, keep_id: bool, tcp: bool
) -> None:
    _set(world, world.ns2, raw, keep_id)
    client = DnsClient(query_timeout=0.3, attempts=1)
    reply = asyncio.run(client.ask(NS2, world.port, QNAME, "TXT", tcp=tcp, fresh=True))
    assert reply.ok or reply.error in (MALFORMED, "timeout"), reply
    if not reply.ok:
        assert reply.detail


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(raw=_mutations(), keep_id=st.booleans())
def test_a_whole_check_survives_any_reply(world: DemoInternet, raw: bytes, keep_id: bool) -> None:
    _set(world, world.ns2, raw, keep_id)
    options = Options(
        roots=((ROOT, world.port),),
        dns_port=world.port,
        expect=(TOKEN,),
        no_clock=True,
        query_timeout=0.3,
        timeout=6,
    )
    report = asyncio.run(run_async("check", options, [parse_target("example.com")]))
    assert not [r for r in report.results if r.status is Status.CRASH], report.results
    dns_results = [r for r in report.results if r.family == "dns"]
    assert dns_results and all(r.status is not Status.CRASH for r in dns_results)

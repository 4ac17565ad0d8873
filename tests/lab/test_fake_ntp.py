"""FakeNtpServer against ntplib and against dnsdoctor's NtpClient: answers, misbehaviour, deadlines.

Loopback only (tests/conftest.py): the adapters run in loopback-only mode and a socket guard fails
any attempt to reach another address or to resolve a name with getaddrinfo.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from collections.abc import Iterator
from typing import Any

import ntplib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnsdoctor.lab.ntp import FakeNtpServer
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.net.ntp import (
    NtpBadInput,
    NtpClient,
    NtpError,
    NtpInvalidPacket,
    NtpKissOfDeath,
    NtpResolveError,
    NtpSample,
    NtpTimeout,
    NtpUnreachable,
    build_request,
    parse_reply,
)

ADDR = "127.0.0.41"
OTHER = "127.0.0.42"


@pytest.fixture
def lab() -> Iterator[tuple[World, FakeNtpServer]]:
    server = FakeNtpServer(ADDR, free_port([ADDR, OTHER]), offset=600.0, stratum=3)
    world = World()
    world.add(server)
    with world:
        yield world, server


def query(host: str, port: int, timeout: float = 1.0, **kwargs: Any) -> NtpSample:
    return asyncio.run(NtpClient().query(host, port, timeout=timeout, **kwargs))


def test_ntplib_reads_the_fake_clock(lab: tuple[World, FakeNtpServer]) -> None:
    world, server = lab
    stats = ntplib.NTPClient().request(ADDR, port=server.port, version=4, timeout=2)
    assert stats.offset == pytest.approx(600.0, abs=0.05)
    assert stats.stratum == 3
    assert stats.mode == 4
    assert ntplib.ref_id_to_text(stats.ref_id, stats.stratum) == "127.127.1.1"
    world.run_sync(lambda: setattr(server, "offset", -28800.0))
    stats = ntplib.NTPClient().request(ADDR, port=server.port, version=3, timeout=2)
    assert stats.offset == pytest.approx(-28800.0, abs=0.05)
    assert stats.version == 3  # the fake answers in the version it was asked in


def test_client_sample(lab: tuple[World, FakeNtpServer]) -> None:
    _, server = lab
    sample = query(ADDR, server.port)
    assert sample.offset == pytest.approx(600.0, abs=0.05)
    assert 0 <= sample.delay < 0.5
    assert sample.uncertainty == pytest.approx(sample.delay / 2)
    assert (sample.stratum, sample.leap, sample.ref_id) == (3, 0, "127.127.1.1")
    assert (sample.server, sample.address, sample.port) == (ADDR, ADDR, server.port)
    assert sample.synchronised
    assert server.requests == 1


def test_client_uses_the_injected_local_clock(lab: tuple[World, FakeNtpServer]) -> None:
    _, server = lab
    # the local clock 10 s ahead of real time: the server (600 s ahead) is 590 s ahead of it
    sample = query(ADDR, server.port, clock=lambda: time.time() + 10)
    assert sample.offset == pytest.approx(590.0, abs=0.05)


@pytest.mark.parametrize(
    ("mode", "error", "words"),
    [
        ("garbage", NtpInvalidPacket, "48"),
        ("zero_timestamp", NtpInvalidPacket, "0"),
        ("year_1900", NtpInvalidPacket, "1900"),
        ("kiss", NtpKissOfDeath, "RATE"),
    ],
)
def test_bad_answers_are_errors(
    lab: tuple[World, FakeNtpServer], mode: Any, error: type[NtpError], words: str
) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "mode", mode))
    start = time.monotonic()
    with pytest.raises(error, match=words) as info:
        query(ADDR, server.port, timeout=2.0)
    assert time.monotonic() - start < 1.0  # refused at once, not after the deadline
    assert info.value.server == ADDR
    # the same server through ntplib: never a usable answer either
    if mode == "garbage":
        with pytest.raises(ntplib.NTPException):
            ntplib.NTPClient().request(ADDR, port=server.port, timeout=1)


def test_unsynchronised_answers_are_samples_marked_unsynchronised(
    lab: tuple[World, FakeNtpServer],
) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "mode", "leap_unsync"))
    sample = query(ADDR, server.port)
    assert sample.leap == 3 and not sample.synchronised

    def unsynchronised() -> None:
        server.mode = "answer"
        server.stratum = 16

    world.run_sync(unsynchronised)
    sample = query(ADDR, server.port)
    assert sample.stratum == 16 and not sample.synchronised


def test_silent_server_times_out_within_the_deadline(lab: tuple[World, FakeNtpServer]) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "mode", "silent"))
    start = time.monotonic()
    with pytest.raises(NtpTimeout):
        query(ADDR, server.port, timeout=0.4)
    assert 0.35 < time.monotonic() - start < 1.0
    assert server.requests == 2  # the request and one retransmission


def test_a_lost_first_request_is_retransmitted(lab: tuple[World, FakeNtpServer]) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "mode", "silent"))
    world.later(0.15, lambda: setattr(server, "mode", "answer"))
    sample = query(ADDR, server.port, timeout=1.0)
    assert sample.offset == pytest.approx(600.0, abs=0.05)
    assert server.requests == 2


def test_closed_port_is_unreachable_at_once(lab: tuple[World, FakeNtpServer]) -> None:
    _, server = lab
    start = time.monotonic()
    with pytest.raises(NtpUnreachable):
        query(OTHER, server.port, timeout=2.0)
    assert time.monotonic() - start < 1.0


@pytest.mark.parametrize("port", [0, -1, 65536])
def test_bad_port(port: int) -> None:
    with pytest.raises(NtpBadInput, match="port"):
        query(ADDR, port)


def test_host_names_need_the_tools_resolver(lab: tuple[World, FakeNtpServer]) -> None:
    _, server = lab
    with pytest.raises(NtpResolveError, match="no resolver"):
        query("ntp.lab.test", server.port)

    asked: list[str] = []

    async def resolve(host: str) -> list[str]:
        asked.append(host)
        return ["not-an-address", OTHER, ADDR]  # OTHER refuses at once; ADDR answers

    sample = query("ntp.lab.test", server.port, resolve=resolve)
    assert asked == ["ntp.lab.test"]
    assert (sample.server, sample.address) == ("ntp.lab.test", ADDR)

    async def broken(host: str) -> list[str]:
        raise RuntimeError("SERVFAIL from every server")

    with pytest.raises(NtpResolveError, match="SERVFAIL"):
        query("ntp.lab.test", server.port, resolve=broken)

    async def empty(host: str) -> list[str]:
        return []

    with pytest.raises(NtpResolveError, match="no address"):
        query("ntp.lab.test", server.port, resolve=empty)

    async def slow(host: str) -> list[str]:
        await asyncio.sleep(5)
        return [ADDR]

    start = time.monotonic()
    with pytest.raises(NtpTimeout):
        query("ntp.lab.test", server.port, timeout=0.3, resolve=slow)
    assert time.monotonic() - start < 1.0


def test_ipv6_loopback() -> None:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as probe:
            probe.bind(("::1", 0))
            port = probe.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")
    server = FakeNtpServer("::1", port, offset=-5.0)
    assert server.endpoint == f"[::1]:{port}"
    world = World()
    world.add(server)
    with world:
        sample = query("[::1]", port)
    assert (sample.address, sample.server) == ("::1", "[::1]")
    assert sample.offset == pytest.approx(-5.0, abs=0.05)


def test_loopback_only_mode_refuses_other_addresses() -> None:
    with pytest.raises(NtpUnreachable, match="outside loopback"):
        query("192.0.2.1", 123)


def _reply(
    nonce: int, *, mode: int = 4, stratum: int = 2, leap: int = 0, rx: int, tx: int
) -> bytes:
    first = (leap << 6) | (4 << 3) | mode
    head = struct.pack("!B B B b I I I Q", first, stratum, 6, -20, 0, 0, 0x7F7F0101, 0)
    return head + struct.pack("!Q Q Q", nonce, rx, tx)


def _ntp(t: float) -> int:
    return int((t + 2208988800) * 2**32)


def test_parse_reply_offset_and_delay() -> None:
    # sent at 1000.0 local, server received at 1600.1 and answered at 1600.2, back at 1000.5
    sent = {42: 1_700_000_000.0}
    data = _reply(42, rx=_ntp(1_700_000_600.1), tx=_ntp(1_700_000_600.2))
    sample = parse_reply(data, sent, 1_700_000_000.5, server="s", address=ADDR, port=123)
    assert sample.offset == pytest.approx(600.0 - 0.1, abs=1e-6)
    assert sample.delay == pytest.approx(0.4, abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "nonce", "words"),
    [
        ({"mode": 3}, 42, "mode 3"),
        ({}, 43, "origin"),
        ({"rx": 0}, 42, "0"),
    ],
)
def test_parse_reply_rejects(kwargs: dict[str, int], nonce: int, words: str) -> None:
    fields = {"rx": _ntp(1_700_000_600.0), "tx": _ntp(1_700_000_600.0), **kwargs}
    data = _reply(nonce, **fields)
    with pytest.raises(NtpInvalidPacket, match=words):
        parse_reply(data, {42: 1_700_000_000.0}, 1_700_000_000.1, server="s", address=ADDR, port=1)


def test_request_carries_the_nonce() -> None:
    packet = build_request(0x0123456789ABCDEF)
    assert len(packet) == 48
    assert packet[0] == 0x23  # LI 0, version 4, mode 3
    assert packet[40:48] == bytes.fromhex("0123456789abcdef")


@settings(max_examples=300, deadline=None)
@given(
    garbage=st.binary(max_size=120),
    head=st.binary(min_size=40, max_size=40),
    tail=st.binary(min_size=16, max_size=16),
)
def test_parse_reply_never_raises_anything_but_ntp_errors(
    garbage: bytes, head: bytes, tail: bytes
) -> None:
    nonce = 7
    # arbitrary bytes, and arbitrary packets that do answer our request (origin = nonce)
    answering = bytes([0x24]) + head[1:] + nonce.to_bytes(8, "big") + tail
    for data in (garbage, answering):
        try:
            sample = parse_reply(data, {nonce: 1e9}, 1e9 + 0.01, server="s", address=ADDR, port=1)
        except NtpError:
            continue
        assert isinstance(sample.offset, float)

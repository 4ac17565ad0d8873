"""A thin SNTP client (RFC 4330 / RFC 5905 client mode): one question to one server, with a deadline.

The packet format comes from ntplib; the exchange is a small asyncio datagram exchange instead of
``ntplib.NTPClient.request``, because that one resolves names with ``getaddrinfo`` (the tool must
use its own resolver path), blocks a thread, and accepts any reply without checking that it answers
our request. Here the request carries a random transmit timestamp (a nonce, as chrony sends since
4.0) that the server must echo in its origin field; the offset is computed from our own send and
receive times, read from the injectable ``clock``.

Offsets follow the NTP convention: ``offset = server time - local time``, the correction to add to
the local clock. A positive offset means the local clock is *behind*.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ntplib

from dnsdoctor.net import guard
from dnsdoctor.net.addresses import Resolve as Resolve  # checks/clock imports it from here
from dnsdoctor.net.addresses import addresses_of, host_port
from dnsdoctor.net.addresses import is_ip as is_ip  # checks/clock imports it from here
from dnsdoctor.net.errors import NetBadInput, NetError, NetResolveError, NetTimeout, NetUnreachable

NTP_PORT = 123
NTP_DELTA: int = ntplib.NTP.NTP_DELTA
"""Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01)."""
_PACKET = struct.Struct("!B B B b 11I")
_EARLIEST_PLAUSIBLE = 946684800 + NTP_DELTA
"""2000-01-01 in NTP seconds. A server that sends an earlier time has never set its clock (a
timestamp "from 1900" is an RTC reset to zero). NTP era 1 starts in 2036; before then this has to
learn about eras."""

Clock = Callable[[], float]


class NtpError(NetError):
    """An NTP query that gave no usable answer. ``kind`` is a stable word for the checks."""

    @property
    def server(self) -> str:
        return self.where


class NtpTimeout(NtpError, NetTimeout):
    pass


class NtpUnreachable(NtpError, NetUnreachable):
    """The network refused the datagram (ICMP unreachable, no route, port closed)."""


class NtpResolveError(NtpError, NetResolveError):
    pass


class NtpInvalidPacket(NtpError):
    """An answer that is not a usable NTP server reply (garbage, zero or 1900 timestamps)."""

    kind = "invalid"


class NtpKissOfDeath(NtpError):
    """Stratum 0 with a kiss code (RATE, DENY, RSTR...): the server refuses to serve us."""

    kind = "kiss"


class NtpBadInput(NtpError, NetBadInput):
    pass


@dataclass(frozen=True)
class NtpSample:
    """One server's answer to one request."""

    server: str
    """The server as the user named it (host name or address)."""
    address: str
    port: int
    offset: float
    """Server time minus local time, seconds (positive: the local clock is behind)."""
    delay: float
    """Round-trip delay, seconds, excluding the server's processing time."""
    stratum: int
    leap: int
    ref_id: str
    root_delay: float = 0.0
    root_dispersion: float = 0.0
    version: int = 4

    @property
    def synchronised(self) -> bool:
        """Stratum 1..15 and a leap indicator other than 3 (alarm: clock not synchronised)."""
        return 1 <= self.stratum <= 15 and self.leap != 3

    @property
    def uncertainty(self) -> float:
        """Half the round-trip delay: the offset is exact if the paths out and back are equal."""
        return max(self.delay, 0.0) / 2

    @property
    def endpoint(self) -> str:
        return host_port(self.address, self.port)


def ref_id_text(ref_id: int, stratum: int) -> str:
    """The reference id as text: a four-letter code at stratum 0/1, an IPv4 address (or the first
    bytes of an MD5 hash of an IPv6 address) above."""
    raw = ref_id.to_bytes(4, "big")
    if stratum <= 1:
        return "".join(chr(b) for b in raw if 32 < b < 127)
    return ".".join(str(b) for b in raw)


def _to_ntp(t: float) -> int:
    """A Unix time as a 64-bit NTP timestamp."""
    return int((t + NTP_DELTA) * 2**32) & 0xFFFF_FFFF_FFFF_FFFF


def _from_ntp(raw: int) -> float:
    return raw / 2**32 - NTP_DELTA


def build_request(nonce: int, version: int = 4) -> bytes:
    """A client-mode request whose transmit timestamp is ``nonce`` (echoed back as origin)."""
    first = (0 << 6) | (version << 3) | 3
    words = [0] * 11
    words[9] = nonce >> 32
    words[10] = nonce & 0xFFFF_FFFF
    return _PACKET.pack(first, 0, 0, 0, *words)


@dataclass(frozen=True)
class _Received:
    data: bytes
    at: float


class _Exchange(asyncio.DatagramProtocol):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.replies: asyncio.Queue[_Received | Exception] = asyncio.Queue()

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        # the receive time is read here, as close to the socket as asyncio lets us
        self.replies.put_nowait(_Received(data, self.clock()))

    def error_received(self, exc: Exception) -> None:
        self.replies.put_nowait(exc)


def parse_reply(
    data: bytes,
    sent: dict[int, float],
    received_at: float,
    *,
    server: str,
    address: str,
    port: int,
) -> NtpSample:
    """Validate a reply against our requests (``sent``: nonce -> local send time) and compute the
    sample. Raises :class:`NtpInvalidPacket` or :class:`NtpKissOfDeath`."""
    if len(data) < _PACKET.size:
        raise NtpInvalidPacket(server, f"reply of {len(data)} bytes, an NTP packet has 48 or more")
    packet = ntplib.NTPPacket()
    try:
        packet.from_data(data)
    except ntplib.NTPException as exc:  # pragma: no cover - the length check above catches it
        raise NtpInvalidPacket(server, f"not an NTP packet: {exc}") from None
    words = _PACKET.unpack(data[: _PACKET.size])
    origin = (words[9] << 32) | words[10]
    receive = (words[11] << 32) | words[12]
    transmit = (words[13] << 32) | words[14]
    if packet.mode != 4:
        raise NtpInvalidPacket(server, f"reply in mode {packet.mode}, a server answers in mode 4")
    if not 1 <= packet.version <= 4:
        raise NtpInvalidPacket(server, f"reply with NTP version {packet.version}")
    t1 = sent.get(origin)
    if t1 is None:
        # RFC 5905 "bogus" check: the origin timestamp must be the transmit timestamp we sent
        raise NtpInvalidPacket(server, "reply does not answer our request (origin timestamp)")
    if packet.stratum == 0 and transmit == 0:
        code = ref_id_text(packet.ref_id, 0) or "?"
        raise NtpKissOfDeath(server, f"kiss-o'-death {code}: the server refuses to answer")
    if transmit == 0 or receive == 0:
        raise NtpInvalidPacket(server, "the server's timestamps are 0 (its clock is not set)")
    if transmit < _EARLIEST_PLAUSIBLE << 32 or receive < _EARLIEST_PLAUSIBLE << 32:
        when = time.strftime("%Y-%m-%d", time.gmtime(_from_ntp(transmit)))
        raise NtpInvalidPacket(
            server, f"the server's clock says {when}, before 2000 (its clock is not set)"
        )
    t2 = _from_ntp(receive)
    t3 = _from_ntp(transmit)
    t4 = received_at
    return NtpSample(
        server=server,
        address=address,
        port=port,
        offset=((t2 - t1) + (t3 - t4)) / 2,
        delay=(t4 - t1) - (t3 - t2),
        stratum=packet.stratum,
        leap=packet.leap,
        ref_id=ref_id_text(packet.ref_id, packet.stratum),
        root_delay=packet.root_delay,
        root_dispersion=packet.root_dispersion,
        version=packet.version,
    )


class NtpClient:
    """Queries one NTP server. Every query has a deadline; every failure is an :class:`NtpError`."""

    def __init__(self, clock: Clock = time.time, version: int = 4) -> None:
        self.clock = clock
        self.version = version

    async def query(
        self,
        host: str,
        port: int = NTP_PORT,
        *,
        timeout: float = 2.0,
        resolve: Resolve | None = None,
        clock: Clock | None = None,
    ) -> NtpSample:
        """Ask ``host`` (an IP literal, or a name resolved through ``resolve``) for the time.

        Addresses are tried in order while they fail at once (no route, e.g. IPv6 here); the
        deadline covers resolution and every attempt."""
        label = host
        host = host.strip().strip("[]")
        if not 0 < port < 65536:
            raise NtpBadInput(label, f"port {port} is not between 1 and 65535")
        if not host:
            raise NtpBadInput(label, "empty server name")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, timeout)
        addresses = await self._addresses(label, host, resolve, deadline)
        last: NtpError | None = None
        for address in addresses:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                return await self._exchange(label, address, port, remaining, clock or self.clock)
            except NtpUnreachable as exc:
                last = exc
        if last is not None:
            raise last
        raise NtpTimeout(label, f"no answer within {timeout:g} s")

    async def _addresses(
        self, label: str, host: str, resolve: Resolve | None, deadline: float
    ) -> list[str]:
        if is_ip(host):
            return [host]
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout_at(deadline):
                addresses = await addresses_of(label, host, resolve, NtpResolveError)
        except TimeoutError:
            raise NtpTimeout(label, f"could not resolve {host} in time") from None
        if loop.time() >= deadline:
            raise NtpTimeout(label, f"resolving {host} used up the time")
        return addresses

    async def _exchange(
        self, label: str, address: str, port: int, timeout: float, clock: Clock
    ) -> NtpSample:
        loop = asyncio.get_running_loop()
        try:
            guard.ensure_allowed(address)
            transport, proto = await loop.create_datagram_endpoint(
                lambda: _Exchange(clock), remote_addr=(address, port)
            )
        except OSError as exc:
            raise NtpUnreachable(
                label, f"cannot send to {address}: {exc.strerror or exc}"
            ) from None
        sent: dict[int, float] = {}
        try:
            async with asyncio.timeout(timeout):
                # one retransmission halfway through the deadline, for a lost datagram;
                # a reply to either request is accepted
                for attempt in range(2):
                    nonce = secrets.randbits(64)
                    sent[nonce] = clock()
                    transport.sendto(build_request(nonce, self.version))
                    wait = timeout / 2 if attempt == 0 else None
                    try:
                        item = await asyncio.wait_for(proto.replies.get(), wait)
                    except TimeoutError:
                        continue
                    if isinstance(item, Exception):
                        reason = getattr(item, "strerror", None) or str(item) or type(item).__name__
                        raise NtpUnreachable(label, f"{address}:{port}: {reason}")
                    return parse_reply(
                        item.data, sent, item.at, server=label, address=address, port=port
                    )
        except TimeoutError:
            pass
        finally:
            with contextlib.suppress(Exception):
                transport.close()
        raise NtpTimeout(label, f"no answer from {address}:{port} within {timeout:.3g} s")

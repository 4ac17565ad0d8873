"""A fake NTP server for the demo world and the tests: answers SNTP requests with a clock shifted by
``offset`` seconds, or misbehaves on purpose (silence, garbage, a zero or 1900 timestamp, an
unsynchronised leap indicator, a kiss-o'-death).

``offset`` and ``mode`` are plain attributes: change them at runtime through
``world.run_sync(lambda: setattr(server, "offset", -30))``.
"""

from __future__ import annotations

import asyncio
import struct
import time
from typing import Any, Literal, cast

NtpMode = Literal[
    "answer", "silent", "garbage", "zero_timestamp", "year_1900", "leap_unsync", "kiss"
]

NTP_DELTA = 2208988800
"""Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch)."""
GARBAGE = b"this is not an NTP packet\n"


def _ntp(t: float) -> int:
    return int((t + NTP_DELTA) * 2**32) & 0xFFFF_FFFF_FFFF_FFFF


class FakeNtpServer:
    """A World component: an SNTP responder on ``address:port`` (UDP)."""

    def __init__(
        self,
        address: str,
        port: int,
        offset: float = 0.0,
        stratum: int = 2,
        mode: NtpMode = "answer",
    ) -> None:
        self.address = address
        self.port = port
        self.offset = offset
        """Seconds added to the real time in every answer (the server's clock error)."""
        self.stratum = stratum
        self.mode: NtpMode = mode
        self.requests = 0
        """How many datagrams arrived (answered or not)."""
        self._transport: asyncio.DatagramTransport | None = None

    @property
    def endpoint(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(
            lambda: _Protocol(self), local_addr=(self.address, self.port)
        )

    async def stop(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def reply(self, request: bytes, received: float) -> bytes | None:
        """The datagram to send back for ``request`` (``received``: the real receive time)."""
        self.requests += 1
        mode = self.mode
        if mode == "silent" or len(request) < 48:
            return None
        if mode == "garbage":
            return GARBAGE
        version = (request[0] >> 3) & 0x7 or 4
        origin = request[40:48]  # echoed verbatim, as RFC 5905 asks
        leap = 3 if mode == "leap_unsync" else 0
        stratum = self.stratum
        ref_id = b"\x7f\x7f\x01\x01" if stratum >= 2 else b"LOCL"
        now = received + self.offset
        recv_ts = _ntp(now)
        tx_ts = _ntp(time.time() + self.offset)
        ref_ts = _ntp(now - 16)
        if mode == "zero_timestamp":
            tx_ts = 0
        elif mode == "year_1900":
            # an RTC that started from zero: a few minutes after 1900-01-01
            since_start = now % 600
            recv_ts = tx_ts = int((120 + since_start) * 2**32)
            ref_ts = 0
        elif mode == "kiss":
            stratum, ref_id, recv_ts, tx_ts, ref_ts = 0, b"RATE", 0, 0, 0
        first = (leap << 6) | (version << 3) | 4
        dispersion = int(0.001 * 2**16)
        head = struct.pack(
            "!B B B b I I 4s Q", first, stratum, 6, -20, 0, dispersion, ref_id, ref_ts
        )
        return head + origin + struct.pack("!Q Q", recv_ts, tx_ts)


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, server: FakeNtpServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.DatagramTransport, transport)

    def datagram_received(self, data: bytes, addr: tuple[Any, ...]) -> None:
        answer = self.server.reply(data, time.time())
        if answer is not None and self.transport is not None:
            self.transport.sendto(answer, addr)

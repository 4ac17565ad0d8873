"""Interception of port 53 for the demo world: what a Clash TUN, a router that forces DNS, or a
firewall does to every DNS packet of the host, whatever address it is sent to.

The real world keeps running on its port; an :class:`Interception` binds a *second* port on every
world address (and on the canary address, where no server of the world exists) and answers there
in one of four ways. dnsdoctor is then pointed at that second port (``--root ROOT:Q --dns-port Q``):
exactly like a DNAT of port 53, its packets reach the box instead of the servers they are addressed
to, while the box's own upstream questions still reach the real world.

* ``fake-ip``: Clash/Mihomo in fake-ip mode (:class:`~dnsdoctor.lab.resolver.FakeIpResolver`):
  A gets 198.18.x.x, AAAA nothing, NS/SOA/TXT never an answer.
* ``forwarding``: a router's forced DNS (dnsmasq-like): every question, RD or not, is answered
  by one caching resolver that walks the real world (RA set, never AA).
* ``nxdomain`` / ``refused``: a middlebox that answers every question itself with that rcode.
* ``drop``: port 53 silently dropped.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import dns.flags
import dns.message
import dns.name
import dns.rcode

from dnsdoctor.lab.internet import ALL, EXTRA, NTP, ROOT, DemoInternet
from dnsdoctor.lab.resolver import CachingResolver, FakeIpResolver, Resolution, _StopsCleanly
from dnsdoctor.lab.world import free_port

CANARY = "127.0.0.99"
"""Where the demo's interception canary goes: no server of the world lives there."""
KINDS = ("fake-ip", "forwarding", "nxdomain", "refused", "drop")


@dataclass
class AnsweringBox(_StopsCleanly):
    """Answers every question itself with ``rcode`` (RA set, nothing else)."""

    rcode: int = dns.rcode.NXDOMAIN

    async def _respond(self, data: bytes, *, tcp: bool) -> bytes | None:
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return None
        if self.fault == "drop":
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        response.set_rcode(dns.rcode.Rcode.make(self.rcode))
        return response.to_wire()


@dataclass
class ForcedForwarder(CachingResolver):
    """A router's forced DNS: recurses for every question, RD set or not."""

    async def lookup(
        self, qname: dns.name.Name, rdtype: int, *, recurse: bool = True
    ) -> Resolution:
        return await super().lookup(qname, rdtype, recurse=True)


class Interception:
    """Binds port :attr:`port` on every address of ``net`` and the canary, all answering as
    ``kind`` says. Components are added to ``net.world``."""

    def __init__(self, net: DemoInternet, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown interception kind {kind!r}")
        self.kind = kind
        self.addresses = [*ALL, *EXTRA, CANARY]
        self.port = free_port(self.addresses, (socket.SOCK_DGRAM, socket.SOCK_STREAM))
        while self.port == net.port:
            self.port = free_port(self.addresses, (socket.SOCK_DGRAM, socket.SOCK_STREAM))
        pool: dict[dns.name.Name, str] = {}
        cache: dict = {}  # type: ignore[type-arg]
        for address in self.addresses:
            box: _StopsCleanly
            if kind == "fake-ip":
                box = FakeIpResolver(address, self.port, pool=pool)
            elif kind == "forwarding":
                box = ForcedForwarder(
                    address,
                    self.port,
                    roots=[(ROOT, net.port)],
                    upstream_port=net.port,
                    allow_rd0=True,
                    cache=cache,
                )
            elif kind == "drop":
                box = AnsweringBox(address, self.port, fault="drop")
            else:
                rcode = dns.rcode.NXDOMAIN if kind == "nxdomain" else dns.rcode.REFUSED
                box = AnsweringBox(address, self.port, rcode=rcode)
            net.world.add(box)

    def argv(self, net: DemoInternet) -> list[str]:
        """``check``'s options that send every DNS packet into the interception."""
        return [
            "--root",
            f"{ROOT}:{self.port}",
            "--dns-port",
            str(self.port),
            "--canary",
            f"{CANARY}:{self.port}",
            "--ntp",
            f"{NTP}:{net.port}",
            "--provider",
            "none",
        ]

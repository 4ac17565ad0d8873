"""The demo internet: a root, a TLD server for com./net., DNSPod-like and Alibaba-like
authoritative servers and an acme-dns server, each on its own 127.0.0.x address, all on one port.

Scenarios start from :class:`DemoInternet` and change what they need (zones, faults, delays).

======================  ============  =====================================================
server                  address       serves
======================  ============  =====================================================
a.root-servers.net      127.0.0.11    ``.``
a.gtld-servers.net      127.0.0.12    ``com.``, ``net.``
ns1.dnspod.net          127.0.0.13    ``example.com.`` (the provider, up to date)
ns2.dnspod.net          127.0.0.14    ``example.com.`` (its own copy: can lag or be lame)
dns9.hichina.com        127.0.0.15    ``example.com.`` (the registrar's old DNS)
dns10.hichina.com       127.0.0.16    ``example.com.`` (the registrar's old DNS)
ns.acme-dns.net         127.0.0.17    ``acme-dns.net.``      (CNAME-delegated challenges)
======================  ============  =====================================================
"""

from __future__ import annotations

import socket
import threading

from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.ntp import FakeNtpServer
from dnsdoctor.lab.world import World, free_port

ROOT, TLD, NS1, NS2, ALI1, ALI2, ACMEDNS = (
    "127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14", "127.0.0.15", "127.0.0.16",
    "127.0.0.17",
)  # fmt: skip
ALL = (ROOT, TLD, NS1, NS2, ALI1, ALI2, ACMEDNS)
NTP = "127.0.0.40"
NS1_V6 = "::1"
EXTRA = tuple(f"127.0.0.{i}" for i in range(18, 40))
"""Addresses reserved for resolvers, NTP and API servers that other scenario modules add."""

TOKEN = "gfj9Xq-K4Pf2k1QhGZoDl0hXtS9d7WmFQ8NDNsXSd1c"
TOKEN_WILDCARD = "Y9Zx1rVQ3hNw-wildcard-order-token-5TqLmA0bC"
SERIAL = 2026120101


def root_zone() -> str:
    return f"""
. 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. {SERIAL} 1800 900 604800 86400
. 518400 IN NS a.root-servers.net.
com. 172800 IN NS a.gtld-servers.net.
net. 172800 IN NS a.gtld-servers.net.
a.root-servers.net. 518400 IN A {ROOT}
a.gtld-servers.net. 172800 IN A {TLD}
"""


def com_zone(example_ns: tuple[str, ...] = ("ns1.dnspod.net.", "ns2.dnspod.net.")) -> str:
    ns = "\n".join(f"example 172800 IN NS {n}" for n in example_ns)
    return f"""
@ 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. {SERIAL} 1800 900 604800 86400
@ 172800 IN NS a.gtld-servers.net.
{ns}
dns9.hichina 172800 IN A {ALI1}
dns10.hichina 172800 IN A {ALI2}
"""


def net_zone(ipv6: bool = False) -> str:
    aaaa = f"ns1.dnspod 172800 IN AAAA {NS1_V6}" if ipv6 else ""
    return f"""
@ 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. {SERIAL} 1800 900 604800 86400
@ 172800 IN NS a.gtld-servers.net.
a.gtld-servers 172800 IN A {TLD}
a.root-servers 172800 IN A {ROOT}
ns1.dnspod 172800 IN A {NS1}
ns2.dnspod 172800 IN A {NS2}
acme-dns 172800 IN NS ns.acme-dns.net.
ns.acme-dns 172800 IN A {ACMEDNS}
{aaaa}
"""


def example_zone(
    serial: int = SERIAL,
    txt: tuple[str, ...] = (),
    ns: tuple[str, ...] = ("ns1.dnspod.net.", "ns2.dnspod.net."),
    extra: str = "",
    minimum: int = 300,
) -> str:
    lines = [
        f"@ 3600 IN SOA {ns[0]} admin.example.com. {serial} 3600 600 86400 {minimum}",
        *(f"@ 86400 IN NS {n}" for n in ns),
        "@ 600 IN A 127.0.0.80",
        "www 600 IN CNAME www.example.com.qiniudns.com.",
        *(f'_acme-challenge 60 IN TXT "{v}"' for v in txt),
        extra,
    ]
    return "\n".join(lines) + "\n"


class DemoInternet:
    """The standard demo world. ``port`` is shared by every server (``--dns-port``)."""

    def __init__(self, ipv6: bool = False) -> None:
        """``ipv6``: ns1.dnspod.net also has the address ::1 (AAAA in net.), served by a second
        server object that shares ns1's zones, as one server with two addresses does."""
        addresses = [*ALL, *EXTRA, NTP, *(["::1"] if ipv6 else [])]
        self.port = free_port(addresses, (socket.SOCK_DGRAM, socket.SOCK_STREAM))
        self.world = World()
        self.ntp = FakeNtpServer(NTP, self.port, offset=0.0, stratum=2)
        self.world.add(self.ntp)
        self.root = self._server(ROOT, {".": root_zone()})
        self.tld = self._server(TLD, {"com.": com_zone(), "net.": net_zone(ipv6)})
        self.ns1 = self._server(NS1, {"example.com.": example_zone()})
        self.ns1_v6: AuthServer | None = None
        if ipv6:
            self.ns1_v6 = AuthServer(NS1_V6, self.port, zones=self.ns1.zones)
            self.world.add(self.ns1_v6)
        self.ns2 = self._server(NS2, {"example.com.": example_zone()})
        self.ali1 = self._server(
            ALI1, {"example.com.": example_zone(ns=("dns9.hichina.com.", "dns10.hichina.com."))}
        )
        self.ali2 = self._server(
            ALI2, {"example.com.": example_zone(ns=("dns9.hichina.com.", "dns10.hichina.com."))}
        )
        self.acmedns = self._server(
            ACMEDNS,
            {
                "acme-dns.net.": f"""
@ 3600 IN SOA ns.acme-dns.net. admin.acme-dns.net. {SERIAL} 3600 600 86400 300
@ 86400 IN NS ns.acme-dns.net.
"""
            },
        )

    def _server(self, address: str, zones: dict[str, str]) -> AuthServer:
        server = AuthServer(address, self.port)
        for origin, text in zones.items():
            server.add_zone(zone_from_text(origin, text))
        self.world.add(server)
        return server

    def set_zone(self, server: AuthServer, origin: str, text: str) -> None:
        """Replace a zone, also while the world runs (the change is atomic for the server)."""
        zone = zone_from_text(origin, text)
        if self.world._started and threading.current_thread() is not self.world._thread:
            self.world.run_sync(lambda: server.add_zone(zone))
        else:
            server.add_zone(zone)

    def set_txt(
        self, *values: str, serial: int = SERIAL, servers: tuple[AuthServer, ...] = ()
    ) -> None:
        for server in servers or (self.ns1, self.ns2):
            self.set_zone(server, "example.com.", example_zone(serial=serial, txt=values))

    def dns_args(self) -> list[str]:
        """The options that point ``check`` at this world."""
        return ["--root", f"{ROOT}:{self.port}", "--dns-port", str(self.port)]

    def check_argv(self, *names: str, expect: tuple[str, ...] = ()) -> list[str]:
        argv = ["check", *(names or ("example.com",)), *self.dns_args()]
        argv += ["--ntp", f"{NTP}:{self.port}"]  # the clock check too, against the world's clock
        argv += [
            "--provider",
            "none",
        ]  # no Tencent Cloud API in this world (creds scenarios add one)
        for value in expect:
            argv += ["--expect", value]
        return argv

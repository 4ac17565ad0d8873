"""The iterative walk's round trips (issue 12, point 13): what can be asked together is."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import dns.rdatatype

from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.lab.internet import NS1, ROOT, TLD, DemoInternet
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.truth.iterate import host_addresses

DELAY = 0.3


class _TimedClient(DnsClient):
    """Notes when each (server, name, type) was first asked and when it was answered."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.times: dict[tuple[str, str, str], list[float]] = {}

    async def ask(self, server: str, port: int, qname: Any, rdtype: Any, **kw: Any) -> Any:
        key = (server, qname.to_text(), dns.rdatatype.to_text(dns.rdatatype.RdataType.make(rdtype)))
        entry = self.times.setdefault(key, [time.monotonic(), float("inf")])
        reply = await super().ask(server, port, qname, rdtype, **kw)
        entry[1] = min(entry[1], time.monotonic())
        return reply


def test_aaaa_of_a_name_server_is_asked_beside_its_a(net: DemoInternet) -> None:
    # ns1.dnspod.net's A and AAAA come from net.'s server (127.0.0.12), which answers late:
    # asked one after the other, the lookup costs two of its round trips; together, one.
    net.tld.delay = DELAY
    client = _TimedClient(query_timeout=2.0)

    async def main() -> list[str]:
        options = Options(roots=((ROOT, net.port),), dns_port=net.port, timeout=10.0)
        return await host_addresses(Context(options, Services(dns=client)), "ns1.dnspod.net")

    assert asyncio.run(main()) == [NS1]
    a_asked, a_answered = client.times[(TLD, "ns1.dnspod.net.", "A")]
    aaaa_asked, _ = client.times[(TLD, "ns1.dnspod.net.", "AAAA")]
    assert aaaa_asked < a_answered, "AAAA waited for the answer to A"
    assert abs(aaaa_asked - a_asked) < DELAY / 2

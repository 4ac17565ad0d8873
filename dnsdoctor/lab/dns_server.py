"""An authoritative DNS server for the simulated world, with faults on demand.

It answers like NSD or Knot for the zones it holds (referrals with glue, NXDOMAIN/NODATA with the
SOA for negative caching, CNAMEs, RFC 4592 wildcards, AA set), over UDP and TCP, and can misbehave
the ways real servers do: answer late, drop packets, refuse, fail, forget the AA bit, lag behind
(an older copy of the zone), truncate, or send garbage. Its zones and faults can change while it runs.

Signed zones (:mod:`dnsdoctor.lab.signing`) are served as a DNSSEC-aware server serves them: to a
question with the DO bit, RRSIGs go with every RRset, NSEC records prove negative answers, and a
referral carries the child's DS (or the NSEC that proves there is none).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import struct
from dataclasses import dataclass, field

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.node
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

FAULTS = (
    "none",
    "drop",
    "refused",
    "servfail",
    "noaa",
    "garbage",
    "wrong-id",
    "truncate",
    "formerr",
)


def zone_from_text(origin: str, text: str) -> dns.zone.Zone:
    """A zone from master-file text (``$TTL`` defaults to 300)."""
    body = text if "$TTL" in text else "$TTL 300\n" + text
    return dns.zone.from_text(body, origin=origin, relativize=False, check_origin=True)


def fit(
    response: dns.message.Message, query: dns.message.Message, *, tcp: bool, truncate: bool = False
) -> bytes:
    """``response`` on the wire within what the transport carries: 65535 bytes over TCP, over UDP
    the query's EDNS payload (at least 512). What does not fit goes out empty with TC set, so that
    the client asks again over TCP (RFC 1035 §4.2.1, RFC 7766); ``truncate`` (a fault) does that to
    every UDP answer."""
    if truncate and not tcp:
        _truncated(response)
    limit = 65535 if tcp else max(512, query.payload if query.edns >= 0 else 512)
    try:
        return response.to_wire(max_size=limit)
    except dns.exception.TooBig:
        _truncated(response)
        return response.to_wire()


def _truncated(response: dns.message.Message) -> None:
    response.answer.clear()
    response.authority.clear()
    response.additional.clear()
    response.flags |= dns.flags.TC


@dataclass
class AuthServer:
    """One authoritative server identity on one loopback address."""

    address: str
    port: int
    zones: dict[dns.name.Name, dns.zone.Zone] = field(default_factory=dict)
    delay: float = 0.0
    fault: str = "none"
    tcp_fault: str | None = None
    """Fault on TCP only (``None``: the same as ``fault``)."""
    queries: int = 0
    raw_reply: bytes = b""
    """What a server with ``fault="raw"`` sends back."""
    raw_keep_id: bool = False
    _udp: asyncio.DatagramTransport | None = None
    _tcp: asyncio.base_events.Server | None = None
    _pending: set[asyncio.Task[None]] = field(default_factory=set)
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    def add_zone(self, zone: dns.zone.Zone) -> None:
        self.zones[zone.origin] = zone  # type: ignore[index]

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        server = self

        pending: set[asyncio.Task[None]] = self._pending

        class Udp(asyncio.DatagramProtocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                self.transport = transport

            def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
                task = loop.create_task(server._udp_reply(data, addr, self.transport))  # type: ignore[arg-type]
                pending.add(task)
                task.add_done_callback(pending.discard)

        transport, _ = await loop.create_datagram_endpoint(
            Udp, local_addr=(self.address, self.port), reuse_port=False
        )
        self._udp = transport
        self._tcp = await asyncio.start_server(self._tcp_client, self.address, self.port)

    async def stop(self) -> None:
        self._closing.set()
        if self._udp is not None:
            self._udp.close()
        if self._tcp is not None:
            self._tcp.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._tcp.wait_closed(), 1.0)
        for task in list(self._pending):
            task.cancel()

    async def _udp_reply(
        self, data: bytes, addr: tuple[str, int], transport: asyncio.DatagramTransport
    ) -> None:
        self.queries += 1
        wire = await self._respond(data, tcp=False)
        if wire is not None and not transport.is_closing():
            transport.sendto(wire, addr)

    async def _tcp_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One TCP connection: length-prefixed questions (RFC 7766) until the client closes it,
        5 s pass without a question, or the server stops."""
        try:
            while not self._closing.is_set():
                header = await asyncio.wait_for(reader.readexactly(2), 5.0)
                data = await reader.readexactly(struct.unpack("!H", header)[0])
                self.queries += 1
                wire = await self._respond(data, tcp=True)
                if wire is None:
                    # A dropping server keeps the connection hanging until it stops.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._closing.wait(), 30)
                    return
                writer.write(struct.pack("!H", len(wire)) + wire)
                await writer.drain()
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _respond(self, data: bytes, *, tcp: bool) -> bytes | None:
        fault = self.tcp_fault if tcp and self.tcp_fault is not None else self.fault
        if self.delay:
            await asyncio.sleep(self.delay)
        if fault == "drop":
            return None
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return None
        if fault == "garbage":
            return random.Random(len(data)).randbytes(40)
        if fault == "raw":
            # Exactly these bytes, with the query's ID put in front when asked to (fuzzing).
            raw = self.raw_reply
            return data[:2] + raw[2:] if self.raw_keep_id and len(raw) >= 2 else raw
        response = dns.message.make_response(query)
        response.flags &= ~dns.flags.RA
        dnssec = query.edns >= 0 and bool(query.ednsflags & dns.flags.DO)
        if dnssec:
            response.ednsflags |= dns.flags.DO
        if fault == "wrong-id":
            response.id = (query.id + 1) % 65536
            return response.to_wire()
        if fault in ("refused", "servfail", "formerr"):
            response.set_rcode(
                {
                    "refused": dns.rcode.REFUSED,
                    "servfail": dns.rcode.SERVFAIL,
                    "formerr": dns.rcode.FORMERR,
                }[fault]
            )
            return response.to_wire()
        if not query.question:
            response.set_rcode(dns.rcode.FORMERR)
            return response.to_wire()
        self.answer(query.question[0].name, query.question[0].rdtype, response)
        if fault == "noaa":
            response.flags &= ~dns.flags.AA
        return fit(response, query, tcp=tcp, truncate=fault == "truncate")

    def _zone_for(self, qname: dns.name.Name) -> dns.zone.Zone | None:
        best: dns.zone.Zone | None = None
        for origin, zone in self.zones.items():
            if qname.is_subdomain(origin) and (best is None or origin.is_subdomain(best.origin)):  # type: ignore[arg-type]
                best = zone
        return best

    def answer(self, qname: dns.name.Name, rdtype: int, response: dns.message.Message) -> None:
        """Fill ``response`` the way an authoritative server does (RFC 1034 §4.3.2; when the
        response carries the question's DO bit, RFC 4035 §3.1)."""
        dnssec = response.edns >= 0 and bool(response.ednsflags & dns.flags.DO)
        zone = self._zone_for(qname)
        if zone is None:
            response.set_rcode(dns.rcode.REFUSED)
            return
        origin: dns.name.Name = zone.origin  # type: ignore[assignment]
        # A delegation below the apex, between the apex and qname, makes a referral.
        labels = len(qname) - len(origin)
        for i in range(labels, 0, -1):
            cut = dns.name.Name(qname.labels[i - 1 :])
            ns = zone.get_rrset(cut, dns.rdatatype.NS)
            if ns is not None and cut != origin:
                if cut == qname and rdtype == dns.rdatatype.DS:
                    break
                response.authority.append(ns)
                if dnssec:
                    # RFC 4035 §3.1.4: the DS of the child, or the proof that there is none
                    ds = zone.get_rrset(cut, dns.rdatatype.DS)
                    _signed(zone, cut, ds or zone.get_rrset(cut, dns.rdatatype.NSEC), response)
                for rr in ns:
                    for t in (dns.rdatatype.A, dns.rdatatype.AAAA):
                        glue = (
                            zone.get_rrset(rr.target, t) if rr.target.is_subdomain(origin) else None
                        )
                        if glue is not None:
                            response.additional.append(glue)
                return
        response.flags |= dns.flags.AA
        seen: set[dns.name.Name] = set()
        name = qname
        while True:
            node = zone.get_node(name)
            if node is None:
                if any(n.is_subdomain(name) for n in zone.nodes):
                    self._negative(zone, response)  # empty non-terminal: NODATA
                    if dnssec:
                        _denial(zone, name, response, nxdomain=False)
                    return
                node = self._wildcard(zone, name)
            if node is None:
                if name == qname:
                    response.set_rcode(dns.rcode.NXDOMAIN)
                self._negative(zone, response)
                if dnssec:
                    _denial(zone, name, response, nxdomain=True)
                return
            rds = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.RdataType.make(rdtype))
            if rds is not None:
                response.answer.append(_rrset(name, rds))
                if dnssec:
                    _add_rrsig(node, name, rds.rdtype, response.answer)
                return
            cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
            if cname is not None and rdtype != dns.rdatatype.CNAME:
                response.answer.append(_rrset(name, cname))
                if dnssec:
                    _add_rrsig(node, name, dns.rdatatype.CNAME, response.answer)
                seen.add(name)
                name = cname[0].target
                if name in seen or not name.is_subdomain(origin):
                    return
                continue
            self._negative(zone, response)
            if dnssec:
                _denial(zone, name, response, nxdomain=False)
            return

    def _wildcard(self, zone: dns.zone.Zone, name: dns.name.Name) -> dns.node.Node | None:
        origin: dns.name.Name = zone.origin  # type: ignore[assignment]
        parent = name
        while parent != origin and len(parent) > len(origin):
            parent = parent.parent()
            if zone.get_node(parent) is not None or any(
                n.is_subdomain(parent) and n != parent for n in zone.nodes
            ):
                # closest encloser found: only its own wildcard may match (RFC 4592 §3.3.1)
                return zone.get_node(dns.name.Name((b"*", *parent.labels)))
        return None

    def _negative(self, zone: dns.zone.Zone, response: dns.message.Message) -> None:
        origin: dns.name.Name = zone.origin  # type: ignore[assignment]
        soa = zone.get_rrset(origin, dns.rdatatype.SOA)
        if soa is not None:
            # RFC 2308 §3: the SOA's TTL in a negative answer is min(SOA TTL, SOA MINIMUM).
            neg = dns.rrset.from_rdata_list(origin, min(soa.ttl, soa[0].minimum), list(soa))
            response.authority.append(neg)


def _rrset(name: dns.name.Name, rds: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rds.ttl, list(rds))


def _add_rrsig(
    node: dns.node.Node, name: dns.name.Name, covers: int, section: list[dns.rrset.RRset]
) -> None:
    rdtype = dns.rdatatype.RdataType.make(covers)
    sigs = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.RRSIG, rdtype)
    if sigs is not None:
        rrset = dns.rrset.from_rdata_list(name, sigs.ttl, list(sigs))
        if rrset not in section:
            section.append(rrset)


def _signed(
    zone: dns.zone.Zone,
    name: dns.name.Name,
    rrset: dns.rrset.RRset | None,
    response: dns.message.Message,
) -> None:
    """``rrset`` and its signatures into the authority section."""
    if rrset is None or rrset in response.authority:
        return
    response.authority.append(rrset)
    node = zone.get_node(name)
    if node is not None:
        _add_rrsig(node, name, rrset.rdtype, response.authority)


def _covering_nsec(zone: dns.zone.Zone, name: dns.name.Name) -> dns.name.Name | None:
    """The owner of the NSEC record that matches or covers ``name`` (canonical order)."""
    best: dns.name.Name | None = None
    for owner, node in zone.nodes.items():
        if node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.NSEC) is None:
            continue
        if owner <= name and (best is None or owner > best):
            best = owner
    if best is None:  # before the first name: the last NSEC wraps around to the apex
        owners = [
            o
            for o, n in zone.nodes.items()
            if n.get_rdataset(dns.rdataclass.IN, dns.rdatatype.NSEC) is not None
        ]
        best = max(owners) if owners else None
    return best


def _denial(
    zone: dns.zone.Zone, name: dns.name.Name, response: dns.message.Message, *, nxdomain: bool
) -> None:
    """RFC 4035 §3.1.3: the SOA's signature and the NSEC records that prove the answer."""
    origin: dns.name.Name = zone.origin  # type: ignore[assignment]
    apex = zone.get_node(origin)
    if apex is not None:
        _add_rrsig(apex, origin, dns.rdatatype.SOA, response.authority)
    proofs = [name]
    if nxdomain:
        # the closest encloser's wildcard does not exist either (RFC 4035 §3.1.3.2)
        encloser = name.parent()
        while encloser != origin and zone.get_node(encloser) is None:
            encloser = encloser.parent()
        proofs.append(dns.name.Name((b"*", *encloser.labels)))
    for proof in proofs:
        owner = _covering_nsec(zone, proof)
        if owner is not None:
            _signed(zone, owner, zone.get_rrset(owner, dns.rdatatype.NSEC), response)

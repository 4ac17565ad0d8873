"""Recursive resolvers for the simulated world: what an ACME client's questions really go through.

* :class:`CachingResolver` iterates from the world's root like unbound: it follows referrals,
  looks up name server addresses that come without glue, follows CNAMEs, and caches answers with
  a real TTL countdown, negative answers included (RFC 2308: NXDOMAIN/NODATA are kept for the TTL
  of the SOA in the authority section, which authoritative servers set to min(SOA TTL, MINIMUM)).
  It answers only RD=1 questions (REFUSED for RD=0, like unbound under ``access-control: allow``).
* :class:`FakeIpResolver` is the DNS of a Clash/Mihomo/Surge TUN in fake-ip mode: A questions get
  an address from 198.18.0.0/15 at once (TTL 1), AAAA an empty answer, anything else (SOA, NS,
  TXT) never gets an answer -- what lego saw in the reported Certimate case.
* :class:`RewritingResolver` answers some zones from its own copy (split horizon: an internal view
  of ``example.com``) and can rewrite every TXT or A answer (a hijacked port 53).

Every one of them can misbehave like :class:`~dnsdoctor.lab.dns_server.AuthServer`: ``fault`` is one
of :data:`~dnsdoctor.lab.dns_server.FAULTS` (``drop``, ``garbage``, ``wrong-id``, ``truncate``,
``refused``, ``servfail``, ``formerr``) and ``delay`` adds latency. They reuse AuthServer's UDP and
TCP handling; only the answering differs. Upstream questions carry a deadline, and one incoming
question never takes longer than :data:`RESOLVE_BUDGET`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from dnsdoctor.lab.dns_server import AuthServer, fit

UPSTREAM_TIMEOUT = 0.8
"""Deadline of one question the resolver sends to an authoritative server."""
RESOLVE_BUDGET = 3.0
"""Deadline of one incoming question, iteration included (then SERVFAIL, like unbound)."""
MAX_REFERRALS = 12
MAX_CNAMES = 8
MAX_NEGATIVE_TTL = 3600
"""unbound's ``cache-max-negative-ttl`` default."""
FAKE_IP_NET = ipaddress.ip_network("198.18.0.0/15")


@dataclass
class CacheEntry:
    rcode: int
    answer: list[dns.rrset.RRset]
    authority: list[dns.rrset.RRset]
    stored: float
    ttl: int

    def remaining(self, now: float) -> int:
        return self.ttl - int(now - self.stored)


@dataclass
class Resolution:
    rcode: int
    answer: list[dns.rrset.RRset] = field(default_factory=list)
    authority: list[dns.rrset.RRset] = field(default_factory=list)


def _common_faults(fault: str, query: dns.message.Message) -> bytes | bool | None:
    """Apply a content-independent fault: wire bytes, None (drop), or False (no fault here)."""
    if fault == "drop":
        return None
    if fault == "garbage":
        return random.Random(query.id).randbytes(40)
    response = dns.message.make_response(query)
    response.flags |= dns.flags.RA
    if fault == "wrong-id":
        response.id = (query.id + 1) % 65536
        return response.to_wire()
    codes = {"refused": dns.rcode.REFUSED, "servfail": dns.rcode.SERVFAIL}
    if fault in codes or fault == "formerr":
        response.set_rcode(codes.get(fault, dns.rcode.FORMERR))
        return response.to_wire()
    return False


class _StopsCleanly(AuthServer):
    """AuthServer's wire side for the lab's resolvers.

    ``stop()`` also ends every open TCP connection and waits for its handler, so that no task
    outlives the world's loop. :meth:`_respond` applies the delay and the faults that do not depend
    on the question (:func:`_common_faults`) and hands the parsed query to :meth:`_answer`."""

    def _state(self) -> tuple[set[asyncio.Task[Any]], set[asyncio.StreamWriter]]:
        if "_resolver_tcp_state" not in self.__dict__:
            self.__dict__["_resolver_tcp_state"] = (set(), set())
        state: tuple[set[asyncio.Task[Any]], set[asyncio.StreamWriter]]
        state = self.__dict__["_resolver_tcp_state"]
        return state

    async def _tcp_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tasks, writers = self._state()
        task = asyncio.current_task()
        if task is not None:
            tasks.add(task)
        writers.add(writer)
        try:
            await super()._tcp_client(reader, writer)
        finally:
            writers.discard(writer)
            if task is not None:
                tasks.discard(task)

    async def stop(self) -> None:
        tasks, writers = self._state()
        self._closing.set()
        for writer in list(writers):
            writer.close()
        await super().stop()
        if tasks:
            await asyncio.wait(list(tasks), timeout=1.0)

    async def _respond(self, data: bytes, *, tcp: bool) -> bytes | None:
        fault = self.tcp_fault if tcp and self.tcp_fault is not None else self.fault
        if self.delay:
            await asyncio.sleep(self.delay)
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return None
        common = _common_faults(fault, query)
        if common is not False:
            return common if isinstance(common, bytes) else None
        return await self._answer(query, fault, tcp=tcp)

    async def _answer(self, query: dns.message.Message, fault: str, *, tcp: bool) -> bytes | None:
        """The wire answer to a parsed ``query`` (``None``: never answered); ``fault`` is what
        is left to apply (``truncate``)."""
        raise NotImplementedError


@dataclass
class CachingResolver(_StopsCleanly):
    """A caching recursive resolver on ``address``:``port`` iterating from ``roots``."""

    roots: list[tuple[str, int]] = field(default_factory=list)
    upstream_port: int = 53
    """Port of every authoritative server (the world shares one port)."""
    clock: Callable[[], float] = time.monotonic
    allow_rd0: bool = False
    """Answer RD=0 questions from the cache (unbound's ``allow_snoop``) instead of REFUSED."""
    cache: dict[tuple[dns.name.Name, int], CacheEntry] = field(default_factory=dict)
    upstream_queries: int = 0

    # ------------------------------------------------------------------ wire side

    async def _answer(self, query: dns.message.Message, fault: str, *, tcp: bool) -> bytes | None:
        response = dns.message.make_response(query)
        response.flags &= ~dns.flags.AA
        response.flags |= dns.flags.RA
        if not query.question:
            response.set_rcode(dns.rcode.FORMERR)
            return response.to_wire()
        question = query.question[0]
        rd = bool(query.flags & dns.flags.RD)
        if not rd and not self.allow_rd0:
            response.set_rcode(dns.rcode.REFUSED)
            return response.to_wire()
        try:
            result = await asyncio.wait_for(
                self.lookup(question.name, question.rdtype, recurse=rd), RESOLVE_BUDGET
            )
        except TimeoutError:
            result = Resolution(dns.rcode.SERVFAIL)
        self.fill(response, question.name, question.rdtype, result)
        response.set_rcode(dns.rcode.Rcode.make(result.rcode))
        return fit(response, query, tcp=tcp, truncate=fault == "truncate")

    def fill(
        self,
        response: dns.message.Message,
        qname: dns.name.Name,
        rdtype: int,
        result: Resolution,
    ) -> None:
        """Put a resolution into a response (subclasses rewrite here)."""
        response.answer.extend(result.answer)
        response.authority.extend(result.authority)

    # ------------------------------------------------------------------ cache

    def _cached(self, qname: dns.name.Name, rdtype: int) -> Resolution | None:
        key = (qname.canonicalize(), rdtype)
        entry = self.cache.get(key)
        if entry is None:
            return None
        now = self.clock()
        left = entry.remaining(now)
        if left < 0:
            del self.cache[key]
            return None
        elapsed = int(now - entry.stored)

        def aged(rrsets: list[dns.rrset.RRset]) -> list[dns.rrset.RRset]:
            out = []
            for r in rrsets:
                copy = dns.rrset.from_rdata_list(r.name, max(0, r.ttl - elapsed), list(r))
                out.append(copy)
            return out

        return Resolution(entry.rcode, aged(entry.answer), aged(entry.authority))

    def _store(self, qname: dns.name.Name, rdtype: int, result: Resolution) -> None:
        if result.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            return  # failures are not cached here
        if result.answer and result.rcode == dns.rcode.NOERROR:
            ttl = min(r.ttl for r in result.answer)
        else:
            soa = [r for r in result.authority if r.rdtype == dns.rdatatype.SOA]
            if not soa:
                return  # RFC 2308 §5: without an SOA a negative answer is not cached
            # The authoritative server already sent min(SOA TTL, MINIMUM) as the SOA's TTL.
            ttl = min(soa[0].ttl, soa[0][0].minimum, MAX_NEGATIVE_TTL)
            for r in soa:
                r.ttl = ttl
        self.cache[(qname.canonicalize(), rdtype)] = CacheEntry(
            result.rcode, result.answer, result.authority, self.clock(), ttl
        )

    def flush(self) -> None:
        self.cache.clear()

    # ------------------------------------------------------------------ iteration

    async def lookup(
        self, qname: dns.name.Name, rdtype: int, *, recurse: bool = True
    ) -> Resolution:
        """The answer for ``qname``/``rdtype``: from the cache, else by iteration (and cached)."""
        cached = self._cached(qname, rdtype)
        if cached is not None:
            return cached
        if not recurse:
            return Resolution(dns.rcode.REFUSED)
        return await self._cached_resolve(qname, rdtype, 0)

    async def _cached_resolve(self, qname: dns.name.Name, rdtype: int, depth: int) -> Resolution:
        cached = self._cached(qname, rdtype)
        if cached is not None:
            return cached
        result = await self._resolve(qname, rdtype, depth)
        self._store(qname, rdtype, result)
        return result

    async def _ask(
        self, servers: list[tuple[str, int]], qname: dns.name.Name, rdtype: int
    ) -> dns.message.Message | None:
        for addr, port in servers:
            query = dns.message.make_query(
                qname, dns.rdatatype.RdataType.make(rdtype), use_edns=0, payload=1232
            )
            query.flags &= ~dns.flags.RD
            self.upstream_queries += 1
            try:
                reply = await dns.asyncquery.udp(
                    query, addr, timeout=UPSTREAM_TIMEOUT, port=port, ignore_unexpected=True
                )
                if reply.flags & dns.flags.TC:
                    reply = await dns.asyncquery.tcp(
                        query, addr, timeout=UPSTREAM_TIMEOUT, port=port
                    )
            except (dns.exception.DNSException, OSError, ValueError, EOFError):
                continue
            if reply.rcode() in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
                return reply
        return None

    async def _resolve(self, qname: dns.name.Name, rdtype: int, depth: int) -> Resolution:
        servers = list(self.roots)
        zone = dns.name.root
        for _ in range(MAX_REFERRALS):
            reply = await self._ask(servers, qname, rdtype)
            if reply is None:
                return Resolution(dns.rcode.SERVFAIL)
            referral = None
            if not reply.answer and not reply.flags & dns.flags.AA:
                for rrset in reply.authority:
                    if (
                        rrset.rdtype == dns.rdatatype.NS
                        and rrset.name != zone
                        and rrset.name.is_subdomain(zone)
                        and qname.is_subdomain(rrset.name)
                    ):
                        referral = rrset
                        break
            if referral is None:
                if not reply.flags & dns.flags.AA:
                    return Resolution(dns.rcode.SERVFAIL)  # lame
                return await self._final(qname, rdtype, reply, depth)
            glue: dict[dns.name.Name, list[str]] = {}
            for rrset in reply.additional:
                if rrset.rdtype == dns.rdatatype.A:
                    glue.setdefault(rrset.name, []).extend(rr.address for rr in rrset)
            addresses: list[str] = []
            for rr in referral:
                if rr.target in glue:
                    addresses += glue[rr.target]
                elif depth < 4 and not rr.target.is_subdomain(referral.name):
                    sub = await self._cached_resolve(rr.target, dns.rdatatype.A, depth + 1)
                    addresses += [
                        r.address for rs in sub.answer if rs.rdtype == dns.rdatatype.A for r in rs
                    ]
                if addresses:
                    break  # one working server is enough to go on, like a real resolver
            if not addresses:
                return Resolution(dns.rcode.SERVFAIL)
            servers = [(a, self.upstream_port) for a in addresses]
            zone = referral.name
        return Resolution(dns.rcode.SERVFAIL)

    async def _final(
        self, qname: dns.name.Name, rdtype: int, reply: dns.message.Message, depth: int
    ) -> Resolution:
        answer = list(reply.answer)
        authority = [r for r in reply.authority if r.rdtype == dns.rdatatype.SOA]
        if any(r.rdtype == rdtype and r.name == qname for r in answer):
            return Resolution(reply.rcode(), answer, [])
        # Follow a CNAME chain that ends outside this server's zone.
        target = qname
        seen = {qname}
        for _ in range(MAX_CNAMES):
            cname = next(
                (r for r in answer if r.rdtype == dns.rdatatype.CNAME and r.name == target), None
            )
            if cname is None:
                break
            target = cname[0].target
            if target in seen:
                return Resolution(dns.rcode.SERVFAIL, answer)
            seen.add(target)
        if target != qname and depth <= 4:
            rest = await self._cached_resolve(target, rdtype, depth + 1)
            return Resolution(rest.rcode, answer + rest.answer, rest.authority)
        return Resolution(reply.rcode(), answer, authority)


@dataclass
class FakeIpResolver(_StopsCleanly):
    """The in-TUN DNS of a Clash/Mihomo proxy in fake-ip mode (``fake-ip-range: 198.18.0.1/16``).

    A questions get the next fake address, the same one for the same name, with TTL 1; AAAA gets
    an empty answer (IPv6 off); every other question is forwarded nowhere and never answered.
    """

    pool: dict[dns.name.Name, str] = field(default_factory=dict)
    next_host: int = 3
    """198.18.0.1 is the TUN gateway and 198.18.0.2 the DNS itself, as in Mihomo's defaults."""

    def fake_address(self, name: dns.name.Name) -> str:
        key = name.canonicalize()
        if key not in self.pool:
            self.pool[key] = str(FAKE_IP_NET[self.next_host])
            self.next_host += 1
        return self.pool[key]

    async def _answer(self, query: dns.message.Message, fault: str, *, tcp: bool) -> bytes | None:
        if not query.question:
            return None
        question = query.question[0]
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        if question.rdtype == dns.rdatatype.A:
            response.answer.append(
                dns.rrset.from_text(question.name, 1, "IN", "A", self.fake_address(question.name))
            )
            return response.to_wire()
        if question.rdtype == dns.rdatatype.AAAA:
            return response.to_wire()
        return None  # SOA, NS, TXT...: the upstream never answers through the tunnel


@dataclass
class RewritingResolver(CachingResolver):
    """A resolver that sees another world.

    ``views`` holds zones it answers from its own copy (split horizon: the company's internal
    ``example.com``); ``txt`` / ``a`` replace every TXT / A answer (a middlebox answering port 53
    itself). Everything else is resolved normally.
    """

    views: AuthServer | None = None
    txt: str | None = None
    a: str | None = None

    async def lookup(
        self, qname: dns.name.Name, rdtype: int, *, recurse: bool = True
    ) -> Resolution:
        if self.views is not None and self.views._zone_for(qname) is not None:
            scratch = dns.message.make_response(
                dns.message.make_query(qname, dns.rdatatype.RdataType.make(rdtype))
            )
            self.views.answer(qname, rdtype, scratch)
            return Resolution(scratch.rcode(), list(scratch.answer), list(scratch.authority))
        if rdtype == dns.rdatatype.TXT and self.txt is not None:
            return Resolution(
                dns.rcode.NOERROR, [dns.rrset.from_text(qname, 300, "IN", "TXT", f'"{self.txt}"')]
            )
        if rdtype == dns.rdatatype.A and self.a is not None:
            return Resolution(
                dns.rcode.NOERROR, [dns.rrset.from_text(qname, 300, "IN", "A", self.a)]
            )
        return await super().lookup(qname, rdtype, recurse=recurse)


@dataclass
class WorldScript:
    """A component that runs steps on the world's loop when the world starts, in order.

    Scenarios use it to make history before the tool runs: ask a resolver a question while the
    record does not exist yet, then publish the record (the order in which caches get poisoned).
    """

    steps: list[Callable[[], Awaitable[None] | None]] = field(default_factory=list)

    async def start(self) -> None:
        for step in self.steps:
            result = step()
            if result is not None:
                await asyncio.wait_for(result, RESOLVE_BUDGET + 2)

    async def stop(self) -> None:
        return None

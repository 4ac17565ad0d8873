"""A thin DNS client: one question to one server, with a deadline, bounded retries and a memo.

Everything the diagnosis learns about DNS goes through :class:`DnsClient.ask`. It never uses an
implicit resolver (no ``getaddrinfo``, no ``dns.resolver.Resolver()``), so a broken local resolver
cannot hide inside the tool's own lookups. The same (server, port, name, type, flags, transport) is
asked once per run and the reply shared between checks; all queries run concurrently under a global
cap; every attempt has a deadline, and no attempt outlives the run's budget.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
import time
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any

import dns.asyncbackend
import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from dnsdoctor.core.secrets import clip
from dnsdoctor.net import guard
from dnsdoctor.outside import visible

# Reply.error values: stable words the checks branch on.
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
REFUSED_CONNECTION = "connection-refused"
MALFORMED = "malformed"
NO_ROUTE_V6 = "no-ipv6"
BUDGET = "budget-exhausted"


@dataclass(frozen=True)
class Reply:
    """What one server said (or did not say) to one question."""

    server: str
    port: int
    qname: dns.name.Name
    rdtype: int
    transport: str
    """``udp``, ``tcp`` or ``doh`` (:mod:`dnsdoctor.net.doh`): the transport of this reply."""
    message: dns.message.Message | None = None
    error: str | None = None
    detail: str = ""
    rtt: float = 0.0
    truncated_udp: bool = False
    """The UDP answer had TC=1 and this reply is the TCP retry."""

    def __post_init__(self) -> None:
        # ``detail`` often quotes a server (an exception's message, a Content-Type): whichever
        # adapter built the reply (UDP/TCP, DoH), no terminal control in it survives.
        object.__setattr__(self, "detail", visible(self.detail))

    url: str = ""
    """For ``doh``: the endpoint's URL (``server``/``port`` are the address connected to)."""

    @property
    def ok(self) -> bool:
        return self.message is not None

    @property
    def rcode(self) -> int | None:
        return self.message.rcode() if self.message is not None else None

    @property
    def rcode_text(self) -> str:
        if self.message is None:
            return self.error or "no answer"
        return dns.rcode.to_text(self.message.rcode())

    @property
    def failure(self) -> str:
        """Why there is no message, in one phrase (``timeout 2.0 s``, ``malformed: …``)."""
        error, detail = self.error or "no answer", self.detail
        if not detail:
            return error
        return detail if detail.startswith(error) else f"{error}: {detail}"

    @property
    def aa(self) -> bool:
        return self.message is not None and bool(self.message.flags & dns.flags.AA)

    @property
    def where(self) -> str:
        host = f"[{self.server}]" if ":" in self.server else self.server
        return f"{host}:{self.port}"

    def answer_rrset(
        self, rdtype: int, name: dns.name.Name | None = None
    ) -> dns.rrset.RRset | None:
        if self.message is None:
            return None
        owner = name if name is not None else self.qname
        for rrset in self.message.answer:
            if rrset.rdtype == rdtype and rrset.name == owner:
                return rrset
        return None

    def authority_rrsets(self, rdtype: int) -> list[dns.rrset.RRset]:
        if self.message is None:
            return []
        return [r for r in self.message.authority if r.rdtype == rdtype]


@dataclass
class DnsClient:
    """Asks single servers single questions. Inject a different one in tests if needed."""

    query_timeout: float = 2.0
    attempts: int = 2
    """UDP sends per question, all within one deadline (see ``_udp_hedged``); TCP is tried once."""
    concurrency: int = 64
    payload: int = 1232
    """EDNS buffer size, as Let's Encrypt uses (DNS flag day 2020)."""
    deadline: float = float("inf")
    """``time.monotonic()`` value after which no query is sent."""
    sent: int = 0
    """How many packets/connections went out (benchmarks and tests read it)."""
    _memo: dict[Hashable, asyncio.Future[Reply]] = field(default_factory=dict)
    _sem: asyncio.Semaphore | None = None
    _v6: bool | None = None

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def ipv6_available(self) -> bool:
        """Whether this host has a route for IPv6 at all (asked once per client)."""
        if self._v6 is None:
            self._v6 = ipv6_route()
        return self._v6

    async def ask(
        self,
        server: str,
        port: int,
        qname: dns.name.Name,
        rdtype: int | str,
        *,
        rd: bool = False,
        tcp: bool = False,
        fresh: bool = False,
        dnssec: bool = False,
        cd: bool = False,
    ) -> Reply:
        """Ask ``server`` for ``qname``/``rdtype``; shared with every other caller unless ``fresh``.

        ``dnssec`` sets the DO bit (RFC 3225: the server adds RRSIG, NSEC, DS), ``cd`` the
        Checking Disabled bit (RFC 4035 §3.2.2: a validating resolver answers without validating).
        """
        rdtype = dns.rdatatype.RdataType.make(rdtype)
        withheld = self.withhold(Reply(server, port, qname, rdtype, "tcp" if tcp else "udp"), rd)
        if withheld is not None:
            return withheld
        key: tuple[Hashable, ...] = (server, port, qname.canonicalize(), rdtype, rd, tcp)
        if dnssec or cd:
            key = (*key, dnssec, cd)
        flags = (dnssec, cd)
        if fresh:
            return await self._ask(server, port, qname, rdtype, rd, tcp, flags)
        return await memoised(
            self._memo, key, lambda: self._ask(server, port, qname, rdtype, rd, tcp, flags)
        )

    def withhold(self, base: Reply, rd: bool) -> Reply | None:
        """The reply that stands for ``base``'s question when this client never sends it (neither
        asked nor memoised, each time); ``None``: ask. A subclass's rule: the preflight's client
        (:class:`~dnsdoctor.preflight.probe.ProbeSafeDns`) never asks a resolver for a challenge
        name."""
        return None

    async def _ask(
        self,
        server: str,
        port: int,
        qname: dns.name.Name,
        rdtype: int,
        rd: bool,
        tcp: bool,
        flags: tuple[bool, bool] = (False, False),
    ) -> Reply:
        base = Reply(server, port, qname, rdtype, "tcp" if tcp else "udp")
        refused = refusal(base, server, self.ipv6_available)
        if refused is not None:
            return refused
        dnssec, cd = flags
        query = dns.message.make_query(
            qname,
            dns.rdatatype.RdataType.make(rdtype),
            use_edns=0,
            payload=self.payload,
            want_dnssec=dnssec,
        )
        if not rd:
            query.flags &= ~dns.flags.RD
        if cd:
            query.flags |= dns.flags.CD
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.concurrency)
        async with self._sem:
            if tcp:
                return await self._once(base, query, tcp=True)
            reply = await self._udp_hedged(base, query)
            if reply.message is not None and reply.message.flags & dns.flags.TC:
                # RFC 7766: a truncated UDP answer is retried over TCP.
                tcp_reply = await self._once(base, query, tcp=True)
                return _with(tcp_reply, truncated_udp=True)
            return reply

    async def _udp_hedged(self, base: Reply, query: dns.message.Message) -> Reply:
        """One UDP question within one deadline: if no answer came in half of it, the query is
        sent again from a new port, and whichever answer comes first is taken. A lost packet
        then costs half a deadline, not a whole one more."""
        first = asyncio.create_task(self._once(base, query, tcp=False))
        if self.attempts <= 1:
            return await first
        done, _ = await asyncio.wait({first}, timeout=self.query_timeout / 2)
        if done and first.result().error != TIMEOUT:
            return first.result()
        second = asyncio.create_task(
            self._once(base, query, tcp=False, timeout=self.query_timeout / 2)
        )
        pending: set[asyncio.Task[Reply]] = {first, second} - done
        try:
            while pending:
                finished, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in finished:
                    if task.result().error != TIMEOUT:
                        return task.result()
        finally:
            for task in pending:
                task.cancel()
        return first.result()  # both timed out: report the whole deadline

    async def _once(
        self, base: Reply, query: dns.message.Message, *, tcp: bool, timeout: float | None = None
    ) -> Reply:
        timeout = min(timeout or self.query_timeout, self._remaining())
        transport = "tcp" if tcp else "udp"
        if timeout <= 0.01:
            return _with(
                base, transport=transport, error=BUDGET, detail="the run's budget is spent"
            )
        self.sent += 1
        start = time.monotonic()
        try:
            if tcp:
                msg = await dns.asyncquery.tcp(query, base.server, timeout=timeout, port=base.port)
            else:
                # A connected socket, so that an ICMP "port unreachable" from a stopped server
                # surfaces at once as a refused connection instead of a whole time-out.
                af = socket.AF_INET6 if ":" in base.server else socket.AF_INET
                backend = dns.asyncbackend.get_default_backend()
                async with await backend.make_socket(  # type: ignore[no-untyped-call]
                    af, socket.SOCK_DGRAM, 0, None, (base.server, base.port)
                ) as sock:
                    msg = await dns.asyncquery.udp(
                        query,
                        base.server,
                        timeout=timeout,
                        port=base.port,
                        ignore_unexpected=True,
                        sock=sock,
                    )
        except dns.exception.Timeout:
            return _with(
                base,
                transport=transport,
                error=TIMEOUT,
                detail=f"timeout {timeout:.1f} s",
                rtt=time.monotonic() - start,
            )
        except ConnectionRefusedError:
            return _with(
                base,
                transport=transport,
                error=REFUSED_CONNECTION,
                detail="connection refused",
            )
        except OSError as exc:
            kind = UNREACHABLE
            if exc.errno in (errno.ECONNREFUSED,):
                kind = REFUSED_CONNECTION
            return _with(base, transport=transport, error=kind, detail=exc.strerror or str(exc))
        except (dns.exception.DNSException, ValueError, EOFError) as exc:
            # Garbage, a wrong ID, a question that does not match, a truncated TCP stream.
            return _with(
                base,
                transport=transport,
                error=MALFORMED,
                detail=clip(visible(f"{type(exc).__name__}: {exc}"), 200),
                rtt=time.monotonic() - start,
            )
        return _with(base, transport=transport, message=msg, rtt=time.monotonic() - start)


def ipv6_route() -> bool:
    """Whether this host has a route for IPv6 at all (a UDP connect sends no packet)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.connect(("2001:db8::1", 53))
    except OSError:
        return False
    return True


def refusal(base: Reply, address: str, ipv6_available: Callable[[], bool]) -> Reply | None:
    """``base`` with the reason a question to ``address`` is not sent at all: not an IP address,
    off limits (loopback-only mode), or IPv6 other than loopback while this host has no IPv6 route
    (``ipv6_available`` is asked only then); ``None``: it may go. Every client's first step."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return _with(base, error=MALFORMED, detail=f"not an IP address: {address!r}")
    if not guard.allowed(address):
        return _with(
            base, error=UNREACHABLE, detail=f"{address} is off limits (loopback-only mode)"
        )
    if ip.version == 6 and not ip.is_loopback and not ipv6_available():
        return _with(base, error=NO_ROUTE_V6, detail="this host has no IPv6 route")
    return None


async def memoised(
    memo: dict[Hashable, asyncio.Future[Reply]],
    key: Hashable,
    ask: Callable[[], Coroutine[Any, Any, Reply]],
) -> Reply:
    """The reply to ``key``'s question, asked once (``ask()``) and shared by every caller with the
    same key; one caller's cancellation does not cancel the question for the others."""
    fut = memo.get(key)
    if fut is None:
        fut = asyncio.ensure_future(ask())
        memo[key] = fut
    return await asyncio.shield(fut)


def _with(reply: Reply, **changes: object) -> Reply:
    import dataclasses

    return dataclasses.replace(reply, **changes)  # type: ignore[arg-type]

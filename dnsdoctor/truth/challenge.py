"""The authoritative truth about one challenge name: what each server really says, right now.

:func:`challenge_view` follows the CNAME chain at ``_acme-challenge.<name>``, finds the zone cut of
the name that finally holds the TXT, and asks every authoritative server (the parent's referral and
the zone's own NS set, every address) the questions the checks need, all at once. The result is
memoised per run: every DNS check reads the same view.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from dataclasses import dataclass, field

import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.core.context import Context, Target
from dnsdoctor.net.dns import Reply
from dnsdoctor.outside import from_wire
from dnsdoctor.truth.iterate import (
    MAX_NS_LOOKUPS_PER_SET,
    Delegation,
    NotLookedUp,
    ResolutionError,
    ask_any,
    delegation,
    host_addresses,
)
from dnsdoctor.truth.path import Intercepted, path_verdict

MAX_CNAME_CHAIN = 8


@dataclass
class ServerView:
    host: dns.name.Name
    address: str
    port: int
    in_parent: bool
    in_child: bool
    soa: Reply
    soa_tcp: Reply
    txt: Reply
    apex_ns: Reply | None = None
    control: Reply | None = None
    double: Reply | None = None

    @property
    def label(self) -> str:
        host = self.host.to_text(omit_final_dot=True)
        return f"{host} ({self.address})" if self.port == 53 else f"{host} ({self.txt.where})"

    @property
    def reachable(self) -> bool:
        return self.soa.ok or self.txt.ok

    @property
    def authoritative(self) -> bool:
        return self.soa.ok and self.soa.rcode == dns.rcode.NOERROR and self.soa.aa

    @property
    def serial(self) -> int | None:
        rrset = self.soa.answer_rrset(dns.rdatatype.SOA, self.soa.qname)
        return int(rrset[0].serial) if rrset else None

    def txt_values(self, name: dns.name.Name) -> list[str] | None:
        """TXT values at ``name`` (multi-string values joined), or None when the server failed."""
        return txt_values(self.txt, name)


def txt_values(reply: Reply, name: dns.name.Name) -> list[str] | None:
    if not reply.ok or reply.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return None
    rrset = reply.answer_rrset(dns.rdatatype.TXT, name)
    if rrset is None:
        return []
    # TXT bytes are the world's: a control or bidi character comes back as a visible escape
    return sorted(from_wire(b"".join(rr.strings)) for rr in rrset)


@dataclass
class ChallengeView:
    target: Target
    chain: list[dns.name.Name]
    """``_acme-challenge.<name>`` and every CNAME target after it."""
    cut: Delegation
    """The zone that holds the last name of the chain."""
    servers: list[ServerView]
    chain_problem: str = ""
    """``loop`` or ``too-long`` when the CNAME chain is broken."""
    unresolved: list[tuple[dns.name.Name, str]] = field(default_factory=list)
    """Name servers (of parent or child) without an address, and why."""
    not_looked_up: list[dns.name.Name] = field(default_factory=list)
    """Name servers whose addresses were not looked up: beyond the limit of lookups per NS set
    or per run (a referral with thousands of glueless names must not cost thousands of queries)."""
    control_name: dns.name.Name | None = None
    double_name: dns.name.Name | None = None
    origin_cname: Reply | None = None
    """A CNAME query for ``_acme-challenge.<name>`` at its own zone."""
    origin_txt: Reply | None = None
    origin: Delegation | None = None
    """The zone that holds ``_acme-challenge.<name>`` itself (before any CNAME)."""

    @property
    def effective(self) -> dns.name.Name:
        return self.chain[-1]

    @property
    def zone_is_tld(self) -> bool:
        return len(self.cut.zone) <= 2

    @property
    def parent_names(self) -> set[dns.name.Name]:
        """The parent's referral, including name servers that have no address."""
        return {h.name for h in self.cut.ns}

    def child_names(self) -> set[dns.name.Name]:
        names: set[dns.name.Name] = set()
        for s in self.servers:
            if s.apex_ns is not None:
                rrset = s.apex_ns.answer_rrset(dns.rdatatype.NS, self.cut.zone)
                if rrset is not None and s.apex_ns.aa:
                    names |= {rr.target for rr in rrset}
        return names


async def challenge_view(ctx: Context, target: Target) -> ChallengeView:
    return await ctx.memo(("challenge-view", target.raw), lambda: _build(ctx, target))


async def _ask_zone(
    ctx: Context, cut: Delegation, qname: dns.name.Name, rdtype: str
) -> Reply | None:
    servers = [(a, ctx.options.dns_port) for _, a in cut.addresses()]
    try:
        reply, _failed = await ask_any(ctx, servers, qname, rdtype)
    except ResolutionError:
        return None
    return reply


async def _build(ctx: Context, target: Target) -> ChallengeView:
    chain = [target.challenge]
    problem = ""
    # The walk starts at once; its first question is also the path verdict's root probe.
    walk = asyncio.ensure_future(delegation(ctx, target.challenge, rdtype="TXT"))
    verdict = await path_verdict(ctx)
    if verdict.hides_authoritative:
        # What comes back over this path is not the authoritative servers' word.
        walk.add_done_callback(lambda t: t.cancelled() or t.exception())
        raise Intercepted(verdict)
    origin_cut = await walk
    origin_cname_task = asyncio.ensure_future(_ask_zone(ctx, origin_cut, target.challenge, "CNAME"))
    origin_txt: Reply | None = None
    cut = origin_cut
    while True:
        name = chain[-1]
        reply = await _ask_zone(ctx, cut, name, "TXT")
        if name == target.challenge:
            origin_txt = reply
        cname = reply.answer_rrset(dns.rdatatype.CNAME, name) if reply else None
        if cname is None:
            break
        nxt = cname[0].target
        if nxt in chain:
            problem = "loop"
            chain.append(nxt)
            break
        if len(chain) > MAX_CNAME_CHAIN:
            problem = "too-long"
            break
        chain.append(nxt)
        cut = await delegation(ctx, nxt, rdtype="TXT")
    effective = chain[-1]
    port = ctx.options.dns_port
    ask = ctx.services.dns.ask

    control: dns.name.Name | None = None
    with contextlib.suppress(dns.name.NameTooLong):  # a name near 255 octets has no room
        control = dns.name.Name(
            (f"_dnsdoctor-{secrets.token_hex(4)}".encode(), *target.base.labels)
        )
    double = None
    if target.challenge.is_subdomain(cut.zone) and cut.zone != dns.name.root:
        # "_acme-challenge.example.com" typed into a provider's host field for zone example.com
        with contextlib.suppress(dns.name.NameTooLong):
            double = dns.name.Name(target.challenge.labels[:-1] + cut.zone.labels)

    async def view(host: dns.name.Name, addr: str, in_parent: bool) -> ServerView:
        extra = []
        if target.base.is_subdomain(cut.zone) and control is not None:
            extra.append(ask(addr, port, control, "TXT"))
            if double is not None:
                extra.append(ask(addr, port, double, "TXT"))
        soa, soa_tcp, txt, ns, *more = await asyncio.gather(
            ask(addr, port, cut.zone, "SOA"),
            ask(addr, port, cut.zone, "SOA", tcp=True),
            ask(addr, port, effective, "TXT"),
            ask(addr, port, cut.zone, "NS"),
            *extra,
        )
        sv = ServerView(host, addr, port, in_parent, False, soa, soa_tcp, txt, apex_ns=ns)
        if more:
            sv.control = more[0]
        if len(more) > 1:
            sv.double = more[1]
        return sv

    # Every delegated address is asked at once. The zone's own NS set arrives with those answers;
    # a name server that only the zone lists is resolved and asked as soon as it shows up, so a
    # dropping server delays nothing but its own answers.
    unresolved = [(h.name, h.error) for h in cut.ns if not h.addresses and not h.skipped]
    not_looked_up = [h.name for h in cut.ns if h.skipped]
    known = {h.name for h in cut.ns}
    views = [asyncio.ensure_future(view(h.name, a, True)) for h in cut.ns for a in h.addresses]
    child_names: set[dns.name.Name] = set()

    async def child_only(name: dns.name.Name) -> list[ServerView]:
        try:
            addrs = await host_addresses(ctx, name)
        except NotLookedUp:
            not_looked_up.append(name)
            return []
        except ResolutionError as exc:
            unresolved.append((name, str(exc)))
            return []
        return list(await asyncio.gather(*(view(name, a, False) for a in addrs)))

    extra_views: list[asyncio.Future[list[ServerView]]] = []
    for next_ns in asyncio.as_completed([ask(a, port, cut.zone, "NS") for _, a in cut.addresses()]):
        r = await next_ns
        rrset = r.answer_rrset(dns.rdatatype.NS, cut.zone)
        if rrset is None or not r.aa:
            continue
        for rr in rrset:
            child_names.add(rr.target)
            if rr.target not in known:
                known.add(rr.target)
                if len(extra_views) >= MAX_NS_LOOKUPS_PER_SET:
                    not_looked_up.append(rr.target)
                    continue
                extra_views.append(asyncio.ensure_future(child_only(rr.target)))
    servers = list(await asyncio.gather(*views))
    for batch in await asyncio.gather(*extra_views):
        servers.extend(batch)
    for sv in servers:
        sv.in_child = sv.host in child_names
    servers.sort(key=lambda sv: (sv.host, sv.address))
    return ChallengeView(
        target=target,
        chain=chain,
        cut=cut,
        servers=servers,
        chain_problem=problem,
        unresolved=unresolved,
        not_looked_up=sorted(not_looked_up),
        control_name=control,
        double_name=double,
        origin_cname=await origin_cname_task,
        origin_txt=origin_txt,
        origin=origin_cut,
    )

"""Iterative resolution from the root hints: the authoritative truth, independent of local resolvers.

:func:`delegation` walks root → TLD → … with RD=0 and returns the zone cut of a name together with
the parent's referral (NS names and glue) and the addresses of every delegated server.
:func:`host_addresses` resolves a server's host name the same way. Both are memoised per run in the
:class:`~dnsdoctor.core.context.Context`, so every check shares one walk.
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass, field

import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.core.context import Context, MemoCycle
from dnsdoctor.net.addresses import is_ip
from dnsdoctor.net.dns import Reply

# IANA root hints (https://www.internic.net/domain/named.root), IPv4 and IPv6.
ROOT_HINTS: tuple[str, ...] = (
    "198.41.0.4", "170.247.170.2", "192.33.4.12", "199.7.91.13", "192.203.230.10",
    "192.5.5.241", "192.112.36.4", "198.97.190.53", "192.36.148.17", "192.58.128.30",
    "193.0.14.129", "199.7.83.42", "202.12.27.33",
    "2001:503:ba3e::2:30", "2801:1b8:10::b", "2001:500:2::c", "2001:500:2d::d",
    "2001:500:a8::e", "2001:500:2f::f", "2001:500:12::d0d", "2001:500:1::53",
    "2001:7fe::53", "2001:503:c27::2:30", "2001:7fd::1", "2001:500:9f::42", "2001:dc3::35",
)  # fmt: skip

MAX_REFERRALS = 16
MAX_DEPTH = 4
"""How deep name-server-address lookups may nest (an NS name whose own NS needs a lookup...)."""
MAX_NS_LOOKUPS_PER_SET = 16
"""Glueless NS names of one NS set whose addresses are looked up; the others are not. A referral
listing thousands of them would otherwise cost thousands of queries (NXNS, CVE-2020-8616).
Resolvers cap this too: Unbound resolves at most 16 targets per delegation point
(MAX_DP_TARGET_COUNT), BIND at most 20 names per NS set (NS_PROCESSING_LIMIT, CVE-2022-2795)."""
MAX_ADDRESSES_PER_FAMILY = 8
"""IPv4 and IPv6 addresses used per name server name (glue or looked up). Every address of a
zone's servers is asked several questions; a referral with a thousand glue addresses for one
name must not turn dnsdoctor into a reflector."""
MAX_NS_LOOKUPS_PER_RUN = 200
"""Name server addresses looked up in one run, across every NS set and nesting level (BIND's
``max-recursion-queries`` plays this part for one client query)."""


class ResolutionError(Exception):
    """The walk could not go on; ``replies`` are the failed attempts, for evidence."""

    def __init__(
        self, message: str, replies: list[Reply] | None = None, limit: LookupLimit | None = None
    ) -> None:
        super().__init__(message)
        self.replies = replies or []
        self.limit = limit
        """Set when not every name server of the failing NS set was looked up."""


@dataclass(frozen=True)
class LookupLimit:
    """An NS set that had more glueless names than were looked up."""

    zone: str
    count: int
    """NS names in the set."""
    looked_up: int
    """Of those, the ones whose addresses were looked up (or came as glue)."""


class NotLookedUp(ResolutionError):
    """The run's limit of name server lookups was reached before this one."""


class NsCycleError(ResolutionError, MemoCycle):
    """Name server addresses that can be found only through each other (glueless delegations,
    or CNAMEs, in a loop). ``ring`` holds the host names of the loop, each needing the next and
    the last needing the first; ``chain`` the memo keys behind it (see :class:`MemoCycle`)."""

    def __init__(
        self,
        ring: list[dns.name.Name],
        chain: tuple[object, ...],
        zone: str = "",
        start: dns.name.Name | None = None,
        links: tuple[tuple[str, tuple[str, ...]], ...] = (),
    ) -> None:
        text = cycle_text(ring, start)
        # Not through ResolutionError.__init__: its super() would be MemoCycle's.
        Exception.__init__(
            self,
            f"no address for any name server of {zone}: they depend on each other ({text})"
            if zone
            else f"its address depends on itself ({text})",
        )
        self.replies: list[Reply] = []
        self.limit: LookupLimit | None = None
        self.chain = chain
        self.ring = ring
        self.zone = zone
        """The zone left without any name server address, if the loop cost a whole zone."""
        self.text = text
        """The loop as ``a → b → a``, from a name server of ``zone`` when there is one."""
        self.links = links
        """Each zone the loop left without a name server address, with its NS names, innermost
        first (evidence: which delegation to give glue or to change)."""


def cycle_text(ring: list[dns.name.Name], start: dns.name.Name | None = None) -> str:
    """``a → b → a``, beginning at ``start`` when it is on the ring (else at the first name)."""
    names = list(ring)
    if not names:  # a loop through lookups that are not of name servers
        return "a loop of lookups"
    if start is not None and start in names:
        i = names.index(start)
        names = names[i:] + names[:i]
    names.append(names[0])
    return " → ".join(n.to_text(omit_final_dot=True) for n in names)


def _ring(cycle: MemoCycle) -> NsCycleError:
    """The name servers of a memo cycle (``addresses`` keys), in the order each needs the next."""
    if isinstance(cycle, NsCycleError):
        return cycle
    keys = list(cycle.chain[:-1])  # the last key repeats the first
    names = [k[1] for k in keys if isinstance(k, tuple) and k[:1] == ("addresses",)]
    if not names:
        names = [k[1] for k in keys if isinstance(k, tuple) and len(k) > 1]
    ring: list[dns.name.Name] = []
    for name in names:
        if isinstance(name, dns.name.Name) and name not in ring:
            ring.append(name)
    return NsCycleError(ring, cycle.chain)


@dataclass
class NsHost:
    name: dns.name.Name
    addresses: list[str] = field(default_factory=list)
    glue: bool = False
    error: str = ""
    """Why no address could be found, if none was."""
    cycle: NsCycleError | None = None
    """Set when the address could be found only through this very lookup (a loop)."""
    skipped: bool = False
    """Not looked up: the NS set (or the run) had more glueless names than are looked up."""


@dataclass
class Delegation:
    """The zone that holds a name, as its parent delegates it."""

    zone: dns.name.Name
    parent: dns.name.Name
    ns: list[NsHost]
    """The parent's referral: NS names, glue or resolved addresses."""
    parent_server: str
    """The parent server address that gave the referral."""
    path: list[str] = field(default_factory=list)
    """Zones walked through, root first (evidence for ``-v``)."""

    def addresses(self) -> list[tuple[dns.name.Name, str]]:
        return [(h.name, a) for h in self.ns for a in h.addresses]

    @property
    def limit(self) -> LookupLimit | None:
        """Set when some name servers of the referral were not looked up."""
        return lookup_limit(self.zone, self.ns)


def lookup_limit(zone: dns.name.Name, hosts: list[NsHost]) -> LookupLimit | None:
    skipped = sum(h.skipped for h in hosts)
    if not skipped:
        return None
    return LookupLimit(zone.to_text(), len(hosts), len(hosts) - skipped)


NOT_LOOKED_UP = (
    f"not looked up: dnsdoctor looks up at most {MAX_NS_LOOKUPS_PER_SET} name servers "
    "without glue per NS set, as resolvers do"
)


def limit_lookups(hosts: list[NsHost], zone: dns.name.Name, already: int = 0) -> None:
    """Mark the glueless names beyond the per-set limit as not to be looked up."""
    glueless = [h for h in hosts if not h.addresses and not h.name.is_subdomain(zone)]
    for h in glueless[max(0, MAX_NS_LOOKUPS_PER_SET - already) :]:
        h.skipped = True
        h.error = NOT_LOOKED_UP


def usable(addresses: list[str]) -> list[str]:
    """The addresses worth asking, at most :data:`MAX_ADDRESSES_PER_FAMILY` of each family,
    without duplicates; never the unspecified, a multicast or a reserved address (which a
    hostile referral may give: 0.0.0.0 reaches this very host)."""
    v4: list[str] = []
    v6: list[str] = []
    for text in sorted(set(addresses)):
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue
        if ip.is_unspecified or ip.is_multicast or (ip.version == 4 and ip.is_reserved):
            continue
        family = v6 if ip.version == 6 else v4
        if len(family) < MAX_ADDRESSES_PER_FAMILY:
            family.append(text)
    return v4 + v6


def _roots(ctx: Context) -> list[tuple[str, int]]:
    if ctx.options.roots:
        return list(ctx.options.roots)
    usable = [a for a in ROOT_HINTS if ":" not in a or ctx.services.dns.ipv6_available()]
    return [(a, 53) for a in usable]


async def ask_any(
    ctx: Context,
    servers: list[tuple[str, int]],
    qname: dns.name.Name,
    rdtype: str,
    *,
    dnssec: bool = False,
) -> tuple[Reply, list[Reply]]:
    """Ask the servers of one zone until one gives a usable answer (NOERROR or NXDOMAIN).

    The next server is asked when the previous one has not answered within a short stagger, not
    only after its whole deadline: a dropping server then costs the stagger, not two time-outs.
    """
    ask = ctx.services.dns.ask
    stagger = max(0.05, ctx.services.dns.query_timeout / 4)
    failed: list[Reply] = []
    pending: set[asyncio.Task[Reply]] = set()
    queue = list(servers)
    try:
        while queue or pending:
            if queue:
                addr, port = queue.pop(0)
                flags = {"dnssec": True} if dnssec else {}
                pending.add(asyncio.ensure_future(ask(addr, port, qname, rdtype, **flags)))
            done, pending = await asyncio.wait(
                pending, timeout=stagger if queue else None, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                reply = task.result()
                if reply.ok and reply.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
                    return reply, failed
                failed.append(reply)
    finally:
        for task in pending:
            task.cancel()
    raise ResolutionError(f"no server answered for {qname} {rdtype}", failed)


def _answering_zone(
    reply: Reply, current: dns.name.Name, qname: dns.name.Name
) -> dns.name.Name | None:
    """A zone below ``current`` that an authoritative answer shows it came from, if any."""
    msg = reply.message
    if msg is None or not reply.aa:
        return None
    for rrset in msg.authority:
        if (
            rrset.rdtype in (dns.rdatatype.SOA, dns.rdatatype.NS)
            and rrset.name != current
            and rrset.name.is_subdomain(current)
            and qname.is_subdomain(rrset.name)
        ):
            return rrset.name
    return None


def _referral(reply: Reply, current: dns.name.Name, qname: dns.name.Name) -> dns.name.Name | None:
    """The child zone if ``reply`` is a referral closer to ``qname`` than ``current``."""
    msg = reply.message
    if msg is None or msg.answer or reply.aa:
        return None
    for rrset in msg.authority:
        if (
            rrset.rdtype == dns.rdatatype.NS
            and rrset.name != current
            and rrset.name.is_subdomain(current)
            and qname.is_subdomain(rrset.name)
        ):
            return rrset.name
    return None


async def delegation(
    ctx: Context, qname: dns.name.Name, depth: int = 0, rdtype: str = "SOA"
) -> Delegation:
    """The zone cut of ``qname``, walking from the root hints with RD=0.

    ``rdtype`` is the type asked on the way down: the caller's next question at the zone's first
    server is then already answered (the client's memo), which saves a round trip.
    """
    key = ("delegation", qname.canonicalize())
    try:
        return await ctx.memo(key, lambda: _walk(ctx, qname, depth, rdtype))
    except MemoCycle as exc:
        raise _ring(exc) from None


async def _walk(ctx: Context, qname: dns.name.Name, depth: int, rdtype: str) -> Delegation:
    servers = _roots(ctx)
    zone = dns.name.root
    found = Delegation(
        zone=zone, parent=zone, ns=[], parent_server=servers[0][0] if servers else ""
    )
    path = ["."]
    for _ in range(MAX_REFERRALS):
        if zone == dns.name.root and len(qname) > 2:
            # RFC 9156 at the root only: ask for the TLD, so that every name of a run shares
            # one root question (the root refers to the TLD either way).
            reply, _failed = await ask_any(ctx, servers, dns.name.Name(qname.labels[-2:]), "NS")
            child = _referral(reply, zone, qname)
            if child is None:
                reply, _failed = await ask_any(ctx, servers, qname, rdtype)
                child = _referral(reply, zone, qname)
        else:
            if rdtype == "A" and servers:
                # An address lookup needs AAAA too, from whichever level answers: asked beside
                # A at the server asked first, it costs a packet per level, not a round trip.
                _prefetch(ctx, servers[0], qname, "AAAA")
            reply, _failed = await ask_any(ctx, servers, qname, rdtype)
            child = _referral(reply, zone, qname)
        if child is None:
            # The current zone's servers answer for qname themselves (data, NODATA or NXDOMAIN).
            # They may hold a child zone too (one provider hosting example.com and
            # sub.example.com): the owner of the SOA or NS in the authority section names the
            # zone that really answered. A cut at the root or a TLD means the domain is not
            # delegated; checks say so.
            owner = _answering_zone(reply, zone, qname)
            if owner is not None:
                found = Delegation(zone=owner, parent=zone, ns=found.ns, parent_server=reply.where)
                path.append(owner.to_text())
            found.path = path
            return found
        msg = reply.message
        assert msg is not None
        ns_names = sorted(
            {
                rr.target
                for rrset in msg.authority
                if rrset.name == child and rrset.rdtype == dns.rdatatype.NS
                for rr in rrset
            }
        )
        glue: dict[dns.name.Name, list[str]] = {}
        for rrset in msg.additional:
            if rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA) and rrset.name in ns_names:
                glue.setdefault(rrset.name, []).extend(rr.address for rr in rrset)
        hosts = [NsHost(n, usable(glue.get(n, [])), glue=n in glue) for n in ns_names]
        limit_lookups(hosts, child)
        await asyncio.gather(*(_find_address(ctx, h, child, depth) for h in hosts if not h.skipped))
        found = Delegation(zone=child, parent=zone, ns=hosts, parent_server=reply.where)
        path.append(child.to_text())
        zone = child
        servers = _ordered(ctx, hosts)
        if not servers:
            cyclic = [h for h in hosts if h.cycle is not None]
            if cyclic:
                loop = cyclic[0].cycle
                assert loop is not None
                link = (child.to_text(), tuple(h.name.to_text() for h in hosts))
                raise NsCycleError(
                    loop.ring, loop.chain, child.to_text(), cyclic[0].name, (*loop.links, link)
                )
            tried = [h for h in hosts if not h.skipped]
            limit = lookup_limit(child, hosts)
            more = f"; {len(hosts) - len(tried)} more not looked up" if limit else ""
            raise ResolutionError(
                f"no address for any name server of {child} "
                f"({'; '.join(f'{h.name}: {h.error}' for h in tried[:8])}{more})",
                limit=limit,
            )
    raise ResolutionError(f"more than {MAX_REFERRALS} referrals for {qname}")


async def _find_address(ctx: Context, host: NsHost, child: dns.name.Name, depth: int) -> None:
    if host.addresses:
        return
    if depth >= MAX_DEPTH or host.name.is_subdomain(child):
        host.error = (
            "no glue for an in-zone name server"
            if host.name.is_subdomain(child)
            else "too many nested name server lookups"
        )
        return
    try:
        host.addresses = await host_addresses(ctx, host.name, depth + 1)
    except NotLookedUp as exc:
        host.skipped = True
        host.error = str(exc)
    except NsCycleError as exc:
        host.cycle = exc
        host.error = (
            f"its address can be found only through itself ({cycle_text(exc.ring, host.name)})"
        )
    except ResolutionError as exc:
        host.error = str(exc)


async def host_addresses(ctx: Context, host: str | dns.name.Name, depth: int = 0) -> list[str]:
    """IPv4 and IPv6 addresses of ``host`` found iteratively; an IP literal returns itself."""
    if isinstance(host, str):
        if is_ip(host.strip("[]")):
            return [host.strip("[]")]
        host = dns.name.from_text(host)
    name = host
    try:
        return await ctx.memo(
            ("addresses", name.canonicalize()), lambda: _addresses(ctx, name, depth)
        )
    except MemoCycle as exc:
        raise _ring(exc) from None


async def _addresses(ctx: Context, name: dns.name.Name, depth: int) -> list[str]:
    done = ctx.spent.get("ns-lookups", 0)
    if done >= MAX_NS_LOOKUPS_PER_RUN:
        raise NotLookedUp(
            f"not looked up: dnsdoctor looks up at most {MAX_NS_LOOKUPS_PER_RUN} name server "
            "addresses per run"
        )
    ctx.spent["ns-lookups"] = done + 1
    cut = await delegation(ctx, name, depth, rdtype="A")
    servers = _servers_of(ctx, cut)
    found = await asyncio.gather(
        *(_typed_addresses(ctx, cut, servers, name, t, depth) for t in ("A", "AAAA"))
    )
    out = usable([a for addrs, _ in found for a in addrs])
    if not out:
        raise ResolutionError(f"{name} has no address", [r for _, rs in found for r in rs])
    return out


async def _typed_addresses(
    ctx: Context,
    cut: Delegation,
    servers: list[tuple[str, int]],
    name: dns.name.Name,
    rdtype: str,
    depth: int,
) -> tuple[list[str], list[Reply]]:
    target = name
    for _ in range(8):  # follow a short CNAME chain
        try:
            reply, _f = await ask_any(ctx, servers, target, rdtype)
        except ResolutionError as exc:
            return [], exc.replies
        rrset = reply.answer_rrset(dns.rdatatype.RdataType.make(rdtype), target)
        if rrset is not None:
            return [rr.address for rr in rrset], []
        cname = reply.answer_rrset(dns.rdatatype.CNAME, target)
        if cname is None:
            return [], []
        target = cname[0].target
        if not target.is_subdomain(cut.zone):
            if depth >= MAX_DEPTH:
                raise ResolutionError(f"{name}: too many nested name server lookups")
            # The target's own failure (a loop, no address, too deep) is this name's answer.
            others = await host_addresses(ctx, target, depth + 1)
            return [a for a in others if (":" in a) == (rdtype == "AAAA")], []
    return [], []


def _servers_of(ctx: Context, cut: Delegation) -> list[tuple[str, int]]:
    if cut.zone == dns.name.root:
        return _roots(ctx)
    return _ordered(ctx, cut.ns)


def _ordered(ctx: Context, hosts: list[NsHost]) -> list[tuple[str, int]]:
    """The servers of a zone in the order they are asked: IPv4 first (the walk and the address
    questions after it use the same order, so that a question asked ahead is the one needed)."""
    port = ctx.options.dns_port
    servers = [(a, port) for h in hosts for a in h.addresses if ":" not in a]
    return servers + [(a, port) for h in hosts for a in h.addresses if ":" in a]


_AHEAD: set[asyncio.Future[Reply]] = set()
"""Questions asked ahead of need (their answers land in the client's memo); kept referenced."""


def _prefetch(ctx: Context, server: tuple[str, int], qname: dns.name.Name, rdtype: str) -> None:
    task = asyncio.ensure_future(ctx.services.dns.ask(server[0], server[1], qname, rdtype))
    _AHEAD.add(task)
    task.add_done_callback(_AHEAD.discard)

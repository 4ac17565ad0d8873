"""The DNSSEC chain of trust of a challenge name, judged as a validating resolver judges it.

No crypto is written here: signatures are verified by :func:`dns.dnssec.validate_rrsig` (dnspython
with its ``cryptography`` backend) and DS digests made by :func:`dns.dnssec.make_ds`. This module
decides what those verdicts mean, link by link: the trust anchor and the root's DNSKEY, the DS of
each zone at its parent against the DNSKEY set at the zone's servers, the signatures over the
challenge TXT (or its CNAME chain) and over the proofs of a negative answer (NSEC, NSEC3).

The questions go to the authoritative servers found by the same walk as every other check
(:mod:`dnsdoctor.truth.iterate`), with the DO bit; the DS and DNSKEY answers are memoised per run, so
two names of one zone cost one chain.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field

import dns.dnssec
import dns.exception
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rrset
import dns.zone
from dns.dnssectypes import Algorithm
from dns.exception import UnsupportedAlgorithm, ValidationFailure
from dns.rdtypes.ANY.DNSKEY import DNSKEY
from dns.rdtypes.ANY.DS import DS
from dns.rdtypes.ANY.RRSIG import RRSIG

from dnsdoctor.core.context import Context
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.iterate import ROOT_HINTS, ResolutionError, ask_any, delegation

# IANA's root zone trust anchors (https://data.iana.org/root-anchors/root-anchors.xml; the same
# as Debian's dns-root-data root.ds): KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696).
ROOT_ANCHORS = """\
. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
"""

A = Algorithm
ACCEPTED = frozenset(
    {A.RSASHA256, A.RSASHA512, A.ECDSAP256SHA256, A.ECDSAP384SHA384, A.ED25519, A.ED448}
)
"""Algorithms that validators, Let's Encrypt's Unbound among them, validate (RFC 8624 §3.1)."""
DEPRECATED = frozenset({A.RSASHA1, A.RSASHA1NSEC3SHA1})
"""Still validated by Unbound, but "MUST NOT" for signing (RFC 8624) and treated as unsigned by
validators on systems that forbid SHA-1 signatures (RHEL 9 and its kin)."""

SECURE, INSECURE, BOGUS, UNKNOWN = "secure", "insecure", "bogus", "unknown"


class AnchorError(ValueError):
    """A trust anchor file that cannot be read."""


def parse_anchors(text: str) -> dict[dns.name.Name, list[DS | DNSKEY]]:
    """DS and DNSKEY records in master-file form (unbound's ``root.key``, BIND's ``trusted-keys``
    need converting), by owner."""
    body = "$TTL 3600\n" + text
    try:
        zone = dns.zone.from_text(body, origin=dns.name.root, relativize=False, check_origin=False)
    except (dns.exception.DNSException, ValueError) as exc:
        raise AnchorError(f"not DS or DNSKEY records: {exc}") from None
    out: dict[dns.name.Name, list[DS | DNSKEY]] = {}
    for name, node in zone.nodes.items():
        for rds in node.rdatasets:
            if rds.rdtype in (dns.rdatatype.DS, dns.rdatatype.DNSKEY):
                out.setdefault(name, []).extend(rds)
    if not out:
        raise AnchorError("no DS or DNSKEY record in it")
    return out


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class SigVerdict:
    """What the signatures over one RRset say."""

    kind: str
    """``ok``, ``missing``, ``expired``, ``not-yet-valid``, ``invalid``, ``unknown-key``."""
    rrsig: RRSIG | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


_ORDER = ("ok", "expired", "not-yet-valid", "invalid", "unknown-key", "missing")


def judge_signatures(
    rrset: dns.rrset.RRset,
    sigs: dns.rrset.RRset | None,
    keys: dns.rdataset.Rdataset,
    signer: dns.name.Name,
    now: float,
) -> SigVerdict:
    """The best verdict among the RRSIGs over ``rrset`` made by ``signer``'s ``keys``.

    A signature that verifies but whose window does not hold ``now`` is ``expired`` or
    ``not-yet-valid`` (the crypto is checked at a moment inside its own window, so a wrong
    signature is ``invalid`` whatever its dates)."""
    usable = [s for s in (sigs or []) if s.type_covered == rrset.rdtype]
    if not usable:
        return SigVerdict("missing")
    verdicts: list[SigVerdict] = []
    tags = {dns.dnssec.key_id(k) for k in keys}
    for sig in usable:
        if sig.signer != signer or sig.key_tag not in tags:
            verdicts.append(
                SigVerdict(
                    "unknown-key",
                    sig,
                    f"signed by {sig.signer.to_text()} key tag {sig.key_tag}, "
                    f"not in its DNSKEY set ({', '.join(map(str, sorted(tags))) or 'empty'})",
                )
            )
            continue
        inside = max(sig.inception, min(sig.expiration, now))
        try:
            dns.dnssec.validate_rrsig(
                rrset, sig, {signer: keys}, now=inside, policy=dns.dnssec.allow_all_policy
            )
        except UnsupportedAlgorithm as exc:
            verdicts.append(SigVerdict("invalid", sig, f"algorithm not supported here: {exc}"))
            continue
        except ValidationFailure as exc:
            verdicts.append(SigVerdict("invalid", sig, f"{exc}"))
            continue
        if now > sig.expiration:
            verdicts.append(SigVerdict("expired", sig))
        elif now < sig.inception:
            verdicts.append(SigVerdict("not-yet-valid", sig))
        else:
            return SigVerdict("ok", sig)
    return min(verdicts, key=lambda v: _ORDER.index(v.kind))


def ds_matches(zone: dns.name.Name, ds: DS, key: DNSKEY) -> bool:
    if ds.key_tag != dns.dnssec.key_id(key) or ds.algorithm != key.algorithm:
        return False
    try:
        made = dns.dnssec.make_ds(zone, key, ds.digest_type, policy=dns.dnssec.allow_all_policy)
    except (UnsupportedAlgorithm, ValueError, dns.exception.DNSException):
        return False
    return bool(made.digest == ds.digest)


def ds_for(zone: dns.name.Name, key: DNSKEY) -> str:
    """The SHA-256 DS record of ``key`` in master-file form (what a registrar asks for)."""
    ds = dns.dnssec.make_ds(zone, key, "SHA256")
    return f"{zone.to_text()} IN DS {ds.to_text()}"


def key_words(key: DNSKEY) -> str:
    role = "KSK" if key.flags & 1 else "ZSK"
    return f"{role} {dns.dnssec.key_id(key)} {dns.dnssec.algorithm_to_text(key.algorithm)}"


def ds_words(ds: DS) -> str:
    return f"{ds.key_tag}/{dns.dnssec.algorithm_to_text(ds.algorithm)}"


def algorithm_name(number: int) -> str:
    return f"{dns.dnssec.algorithm_to_text(number)} ({number})"


# --------------------------------------------------------------------------- replies


def rrset_of(reply: Reply, name: dns.name.Name, rdtype: int) -> dns.rrset.RRset | None:
    if reply.message is None:
        return None
    for section in (reply.message.answer, reply.message.authority):
        for rrset in section:
            if rrset.name == name and rrset.rdtype == rdtype:
                return rrset
    return None


def sigs_of(reply: Reply, name: dns.name.Name, covers: int) -> dns.rrset.RRset | None:
    if reply.message is None:
        return None
    for section in (reply.message.answer, reply.message.authority):
        for rrset in section:
            if (
                rrset.name == name
                and rrset.rdtype == dns.rdatatype.RRSIG
                and any(rr.type_covered == covers for rr in rrset)
            ):
                return rrset
    return None


# --------------------------------------------------------------------------- denial


@dataclass(frozen=True)
class DenialVerdict:
    ok: bool
    detail: str
    sig: SigVerdict | None = None
    """A proof record whose signature failed (the first), when that is why."""


def _covers(owner: dns.name.Name, nxt: dns.name.Name, name: dns.name.Name) -> bool:
    if owner < nxt:
        return bool(owner < name < nxt)
    return bool(name > owner or name < nxt)  # the last NSEC wraps around to the apex


def judge_denial(
    reply: Reply,
    qname: dns.name.Name,
    qtype: int,
    zone: dns.name.Name,
    keys: dns.rdataset.Rdataset,
    now: float,
) -> DenialVerdict:
    """Whether a NODATA or NXDOMAIN answer carries a signed proof (RFC 4035 §5.4, RFC 5155 §8)."""
    msg = reply.message
    if msg is None:
        return DenialVerdict(False, "no answer")
    nsecs = [r for r in msg.authority if r.rdtype == dns.rdatatype.NSEC]
    nsec3s = [r for r in msg.authority if r.rdtype == dns.rdatatype.NSEC3]
    if not nsecs and not nsec3s:
        return DenialVerdict(False, "no NSEC or NSEC3 record in the answer")
    for rrset in (*nsecs, *nsec3s):
        verdict = judge_signatures(rrset, sigs_of(reply, rrset.name, rrset.rdtype), keys, zone, now)
        if not verdict.ok:
            return DenialVerdict(
                False, f"{rrset.name.to_text()} {dns.rdatatype.to_text(rrset.rdtype)}", verdict
            )
    nxdomain = reply.rcode == dns.rcode.NXDOMAIN
    if nsecs:
        return _nsec_proof(nsecs, qname, qtype, zone, nxdomain)
    return _nsec3_proof(nsec3s, qname, qtype, zone, nxdomain)


def _nsec_proof(
    nsecs: list[dns.rrset.RRset],
    qname: dns.name.Name,
    qtype: int,
    zone: dns.name.Name,
    nxdomain: bool,
) -> DenialVerdict:
    if not nxdomain:
        for rrset in nsecs:
            if rrset.name == qname:
                types = set(_bitmap_types(rrset[0]))
                if qtype in types or dns.rdatatype.CNAME in types:
                    return DenialVerdict(
                        False, f"the NSEC at {qname.to_text()} lists {_type_text(qtype)}"
                    )
                return DenialVerdict(True, f"NSEC {qname.to_text()}: no {_type_text(qtype)}")
        # an empty non-terminal (or a wildcard's NODATA): covered like a missing name
    covering = [r for r in nsecs if _covers(r.name, r[0].next, qname)]
    if not covering:
        return DenialVerdict(False, f"no NSEC covers {qname.to_text()}")
    if nxdomain:
        encloser = _closest_encloser(qname, covering[0], zone)
        wildcard = dns.name.Name((b"*", *encloser.labels))
        if not any(_covers(r.name, r[0].next, wildcard) for r in nsecs):
            return DenialVerdict(False, f"no NSEC proves that {wildcard.to_text()} does not exist")
    rr = covering[0]
    return DenialVerdict(True, f"NSEC {rr.name.to_text()} → {rr[0].next.to_text()}")


def _closest_encloser(
    qname: dns.name.Name, nsec: dns.rrset.RRset, zone: dns.name.Name
) -> dns.name.Name:
    # RFC 4035 §5.4: the longest common ancestor of qname with the NSEC's owner or next name
    best = zone
    for other in (nsec.name, nsec[0].next):
        common = qname.fullcompare(other)[2]
        if common > len(best) and common <= len(qname):
            best = dns.name.Name(qname.labels[-common:])
    return best


def _nsec3_proof(
    nsec3s: list[dns.rrset.RRset],
    qname: dns.name.Name,
    qtype: int,
    zone: dns.name.Name,
    nxdomain: bool,
) -> DenialVerdict:
    params = nsec3s[0][0]

    def hashed(name: dns.name.Name) -> str:
        return str(dns.dnssec.nsec3_hash(name, params.salt, params.iterations, params.algorithm))

    def owner_hash(rrset: dns.rrset.RRset) -> str:
        return rrset.name.labels[0].decode().upper()

    def next_hash(rrset: dns.rrset.RRset) -> str:
        return base64.b32encode(rrset[0].next).decode().translate(_B32_TO_HEX).upper()

    def matching(name: dns.name.Name) -> dns.rrset.RRset | None:
        h = hashed(name).upper()
        return next((r for r in nsec3s if owner_hash(r) == h), None)

    def covering(name: dns.name.Name) -> dns.rrset.RRset | None:
        h = hashed(name).upper()
        for r in nsec3s:
            lo, hi = owner_hash(r), next_hash(r)
            if (lo < h < hi) if lo < hi else (h > lo or h < hi):
                return r
        return None

    if not nxdomain:
        match = matching(qname)
        if match is not None:
            types = set(_bitmap_types(match[0]))
            if qtype in types or dns.rdatatype.CNAME in types:
                return DenialVerdict(
                    False, f"the NSEC3 of {qname.to_text()} lists {_type_text(qtype)}"
                )
            return DenialVerdict(True, f"NSEC3 of {qname.to_text()}: no {_type_text(qtype)}")
        if qtype == dns.rdatatype.DS and covering(qname) is not None and params.flags & 1:
            return DenialVerdict(True, "NSEC3 opt-out covers the delegation")
    # closest encloser proof (RFC 5155 §8.3)
    name = qname
    while len(name) > len(zone):
        parent = name.parent()
        if matching(parent) is not None:
            if covering(name) is None:
                return DenialVerdict(False, f"no NSEC3 covers {name.to_text()}")
            if nxdomain and covering(dns.name.Name((b"*", *parent.labels))) is None:
                return DenialVerdict(False, f"no NSEC3 covers *.{parent.to_text()}")
            return DenialVerdict(True, f"NSEC3 closest encloser {parent.to_text()}")
        name = parent
    return DenialVerdict(False, f"no NSEC3 proves the closest encloser of {qname.to_text()}")


_B32_TO_HEX = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567=", "0123456789ABCDEFGHIJKLMNOPQRSTUV="
)


def _bitmap_types(rdata: dns.rdata.Rdata) -> Iterable[int]:
    for window, bitmap in rdata.windows:  # type: ignore[attr-defined]
        for i, byte in enumerate(bitmap):
            for bit in range(8):
                if byte & (0x80 >> bit):
                    yield window * 256 + i * 8 + bit


def _type_text(rdtype: int) -> str:
    return dns.rdatatype.to_text(dns.rdatatype.RdataType.make(rdtype))


# --------------------------------------------------------------------------- the chain


@dataclass
class KeysVerdict:
    """What one server's DNSKEY answer says about a zone whose parent holds ``ds``."""

    kind: str
    """``secure``, ``no-dnskey``, ``mismatch``, ``unsupported``, ``signature``, ``failed``."""
    keys: dns.rdataset.Rdataset | None = None
    sig: SigVerdict | None = None
    detail: str = ""
    served: list[DNSKEY] = field(default_factory=list)


def judge_keys(
    zone: dns.name.Name,
    trusted: list[DS | DNSKEY],
    reply: Reply,
    now: float,
) -> KeysVerdict:
    """A zone's DNSKEY answer against the DS records (or anchors) that vouch for it."""
    if not reply.ok or reply.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return KeysVerdict("failed", detail=reply.failure if not reply.ok else reply.rcode_text)
    rrset = rrset_of(reply, zone, dns.rdatatype.DNSKEY)
    if rrset is None:
        return KeysVerdict("no-dnskey", detail=_answer_word(reply))
    served: list[DNSKEY] = list(rrset)
    usable_ds = [t for t in trusted if t.algorithm in ACCEPTED | DEPRECATED]
    if not usable_ds:
        return KeysVerdict("unsupported", served=served)
    matched = [
        k
        for k in served
        for t in usable_ds
        if (isinstance(t, DS) and ds_matches(zone, t, k))
        or (isinstance(t, DNSKEY) and t.to_digestable() == k.to_digestable())
    ]
    if not matched:
        return KeysVerdict("mismatch", served=served)
    anchored = dns.rdataset.from_rdata_list(rrset.ttl, matched)
    verdict = judge_signatures(
        rrset, sigs_of(reply, zone, dns.rdatatype.DNSKEY), anchored, zone, now
    )
    if not verdict.ok:
        return KeysVerdict("signature", sig=verdict, served=served)
    keys = dns.rdataset.from_rdata_list(rrset.ttl, served)
    return KeysVerdict("secure", keys=keys, served=served)


def _answer_word(reply: Reply) -> str:
    if reply.rcode == dns.rcode.NXDOMAIN:
        return "NXDOMAIN"
    return "NODATA"


@dataclass
class ZoneLink:
    """One zone of the chain, as seen from one of its servers (intermediate zones) or as the
    parent vouches for it."""

    zone: dns.name.Name
    parent: dns.name.Name | None
    status: str
    keys: dns.rdataset.Rdataset | None = None
    ds: list[DS] = field(default_factory=list)
    ds_reply: Reply | None = None
    keys_reply: Reply | None = None
    verdict: KeysVerdict | None = None
    denial: DenialVerdict | None = None
    """Why the parent has no DS (or why that proof fails)."""
    ds_sig: SigVerdict | None = None
    problem: str = ""
    """``anchor``, ``ds-fetch``, ``ds-signature``, ``ds-denial``, ``keys`` (see ``verdict``)."""
    unsupported: list[int] = field(default_factory=list)
    """Algorithms of the DS (or keys) that validators cannot use."""
    above: ZoneLink | None = None

    @property
    def words(self) -> str:
        """This link for the chain evidence line."""
        zone = zone_text(self.zone)
        if self.parent is None:
            return f"{zone} (trust anchor)"
        if self.status == INSECURE:
            return f"{zone} (no DS: unsigned)"
        ds = ", ".join(ds_words(d) for d in self.ds)
        mark = "✓" if self.status == SECURE else "✗"
        return f"{zone} (DS {ds} {mark})"

    def chain(self) -> list[ZoneLink]:
        out: list[ZoneLink] = []
        link: ZoneLink | None = self
        while link is not None:
            out.append(link)
            link = link.above
        return list(reversed(out))


def zone_text(name: dns.name.Name) -> str:
    """A zone as people write it: ``example.com``, ``com``, and ``.`` for the root."""
    return "." if name == dns.name.root else name.to_text(omit_final_dot=True)


def zone_path(path: list[str]) -> list[dns.name.Name]:
    return [dns.name.from_text(z) for z in path]


async def zone_servers(ctx: Context, zone: dns.name.Name) -> list[tuple[str, int]]:
    """The addresses of a zone's servers (IPv4 first): those the walk found (see
    :func:`known_servers`), else the zone's own delegation."""

    async def look() -> list[tuple[str, int]]:
        if zone == dns.name.root:
            if ctx.options.roots:
                return list(ctx.options.roots)
            v6 = ctx.services.dns.ipv6_available()
            return [(a, 53) for a in ROOT_HINTS if ":" not in a or v6]
        cut = await delegation(ctx, zone, rdtype="NS")
        port = ctx.options.dns_port
        addrs = [a for _, a in cut.addresses()]
        return [(a, port) for a in addrs if ":" not in a] + [(a, port) for a in addrs if ":" in a]

    return await ctx.memo(("dnssec-servers", zone.canonicalize()), look)


async def known_servers(ctx: Context, zone: dns.name.Name, servers: list[tuple[str, int]]) -> None:
    """Tell :func:`zone_servers` the servers of ``zone`` the walk already found (no new walk)."""

    async def given() -> list[tuple[str, int]]:
        return servers

    if servers:
        await ctx.memo(("dnssec-servers", zone.canonicalize()), given)


async def ask_zone(ctx: Context, zone: dns.name.Name, qname: dns.name.Name, rdtype: str) -> Reply:
    servers = await zone_servers(ctx, zone)
    try:
        reply, _failed = await ask_any(ctx, servers, qname, rdtype, dnssec=True)
    except ResolutionError as exc:
        if exc.replies:
            return exc.replies[0]
        raise
    return reply


async def zone_link(
    ctx: Context,
    path: list[dns.name.Name],
    anchors: dict[dns.name.Name, list[DS | DNSKEY]],
    when: Awaitable[float],
) -> ZoneLink:
    """The link of ``path[-1]`` (from the anchored zone above it), memoised per run.

    Every level's DS and DNSKEY questions go out at once; the answers are judged top down at
    the time ``when`` gives (the measured time, which may still be on its way)."""
    key = ("dnssec-link", path[-1].canonicalize())
    return await ctx.memo(key, lambda: _link(ctx, path, anchors, when))


async def _fetch(ctx: Context, zone: dns.name.Name, qname: dns.name.Name, rdtype: str) -> Reply:
    try:
        return await ask_zone(ctx, zone, qname, rdtype)
    except ResolutionError as exc:
        return Reply(
            "", 0, qname, dns.rdatatype.from_text(rdtype), "udp", error="no-server", detail=str(exc)
        )


async def _link(
    ctx: Context,
    path: list[dns.name.Name],
    anchors: dict[dns.name.Name, list[DS | DNSKEY]],
    when: Awaitable[float],
) -> ZoneLink:
    zone = path[-1]
    keys_task = asyncio.ensure_future(_fetch(ctx, zone, zone, "DNSKEY"))
    if zone in anchors or len(path) == 1:
        trusted = anchors.get(zone, [])
        reply = await keys_task
        verdict = judge_keys(zone, trusted, reply, await when)
        status = SECURE if verdict.kind == "secure" else UNKNOWN
        return ZoneLink(
            zone,
            None,
            status,
            keys=verdict.keys,
            keys_reply=reply,
            verdict=verdict,
            problem="" if status == SECURE else "anchor",
        )
    ds_task = asyncio.ensure_future(_fetch(ctx, path[-2], zone, "DS"))
    try:
        above = await zone_link(ctx, path[:-1], anchors, when)
        link = ZoneLink(zone, path[-2], above.status, above=above)
        if above.status != SECURE:
            return link  # insecure below an insecure zone; nothing to say below a broken one
        now = await when
        link.status, link.ds_reply = _parent_ds(link, above, await ds_task, now)
        if link.status != SECURE:
            return link
        reply = await keys_task
    finally:
        for task in (keys_task, ds_task):
            if not task.done():
                task.cancel()
    link.keys_reply = reply
    link.verdict = judge_keys(zone, list(link.ds), reply, now)
    if link.verdict.kind == "secure":
        link.keys = link.verdict.keys
    elif link.verdict.kind == "unsupported":
        link.status = INSECURE
    else:
        link.status = UNKNOWN if link.verdict.kind == "failed" else BOGUS
        link.problem = "keys"
    return link


def _parent_ds(
    link: ZoneLink, above: ZoneLink, reply: Reply, now: float
) -> tuple[str, Reply | None]:
    """The DS of ``link.zone`` at its parent, judged with the parent's keys."""
    assert above.keys is not None
    if not reply.ok or reply.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        link.problem = "ds-fetch"
        return UNKNOWN, reply
    rrset = rrset_of(reply, link.zone, dns.rdatatype.DS)
    if rrset is None:
        link.denial = judge_denial(reply, link.zone, dns.rdatatype.DS, above.zone, above.keys, now)
        if link.denial.ok:
            return INSECURE, reply
        link.problem = "ds-denial"
        return BOGUS, reply
    link.ds = list(rrset)
    verdict = judge_signatures(
        rrset, sigs_of(reply, link.zone, dns.rdatatype.DS), above.keys, above.zone, now
    )
    if not verdict.ok:
        link.ds_sig = verdict
        link.problem = "ds-signature"
        return BOGUS, reply
    link.unsupported = sorted({d.algorithm for d in link.ds if d.algorithm not in ACCEPTED})
    if all(d.algorithm not in ACCEPTED | DEPRECATED for d in link.ds):
        return INSECURE, reply  # RFC 4035 §5.2: no DS a validator can use
    return SECURE, reply


def true_now(ctx: Context, offset: float | None) -> float:
    """The time a CA's validator sees: this host's clock corrected by the measured offset."""
    return ctx.clock() + (offset or 0.0)


async def gather_replies(
    ctx: Context, servers: list[tuple[str, int]], qname: dns.name.Name, rdtype: str
) -> list[Reply]:
    ask = ctx.services.dns.ask
    return list(await asyncio.gather(*(ask(a, p, qname, rdtype, dnssec=True) for a, p in servers)))


def fmt_time(ts: int | float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts))

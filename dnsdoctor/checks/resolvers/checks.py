"""Resolver checks: what the ACME client's resolvers say, compared with the authoritative truth.

Which resolvers. The *system* resolvers are those of this machine (``/etc/resolv.conf``, or what
macOS/Windows report; see :mod:`dnsdoctor.checks.resolvers.sources`) or, to reproduce another
machine such as a Certimate container, ``--system-resolver ADDR[:PORT]``. lego uses them for every
recursive question (CNAME following, the SOA walk, the NS lookup) and, through Go's dialer, for the
addresses of the authoritative servers. The *public* set (:data:`PUBLIC_RESOLVERS`) is replaced by
``--resolver ADDR[:PORT]`` and switched off by ``--no-public``. It mixes resolvers that answer well
outside mainland China (Google 8.8.8.8 -- lego v4's fallback --, Cloudflare 1.1.1.1 -- lego v5's
fallback --, Quad9 9.9.9.9) with those users inside it reach reliably (DNSPod Public DNS
119.29.29.29, run by Tencent like the DNSPod authoritative servers, AliDNS 223.5.5.5, 114DNS
114.114.114.114): Certimate's FAQ and users put these into its 「DNS 递归服务器」 field.

What is asked. Per resolver (run scope): the root's NS over UDP and TCP with RD=1 -- reachable,
latency, recursion (RA). Per name (target scope): the A records of the authoritative servers' host
names (a fake-IP DNS answers from 198.18.0.0/15; a hijacked port 53 answers other addresses), the
zone's SOA and NS the way lego asks them (system resolvers), and -- only when every authoritative
server already serves it, or with ``--query-public-anyway`` -- the challenge TXT, with a random
label of the same zone as a control: a fresh negative answer carries the zone's current SOA serial,
so it tells a cached answer ("same world") from a resolver that sees another version of the zone
(split horizon, interception). Asking a resolver for ``_acme-challenge`` before the record exists
would itself plant the negative cache entry that delays the next order: that is why the TXT is
not asked then, and the report says so.

In loopback-only mode (``DNSDOCTOR_LOOPBACK_ONLY=1``) the real resolv.conf is not read (unless
``$DNSDOCTOR_RESOLV_CONF`` names a file) and the public defaults are not asked: they lie outside
loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dns.flags
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset

from dnsdoctor.checks.base import Scope, Skip, check, named
from dnsdoctor.checks.dns.served import worded, zone_provider
from dnsdoctor.checks.resolvers.sources import ENV_RESOLV_CONF, system_resolvers
from dnsdoctor.checks.resolvers.specs import (  # the family's codes and texts
    ASKED_ANYWAY,
    BAD_REPLY,
    CLOUD,
    DOCKER,
    FAKE_IP,
    HIJACKED,
    LEGO_QUERIES_FAIL,
    LOCAL_STUB,
    NEGATIVE_CACHED,
    NEGATIVE_TTL_LONG,
    NO_RECURSION,
    NOT_ASKED,
    NS_ADDRESS_MISMATCH,
    RESERVED_ANSWER,
    SERVFAIL,
    SPLIT_HORIZON,
    STALE_VALUE,
    SUMMARY,
    TCP_FAILED,
    TXT_FAILED,
    TXT_VISIBLE,
    UNREACHABLE,
    WORDS,
    F,
)
from dnsdoctor.clients import get as get_client
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Joined, Phrase, Severity
from dnsdoctor.net import guard
from dnsdoctor.net.dns import MALFORMED, NO_ROUTE_V6, TIMEOUT, Reply
from dnsdoctor.providers.base import Provider
from dnsdoctor.truth.challenge import ChallengeView, challenge_view, txt_values
from dnsdoctor.truth.iterate import ResolutionError
from dnsdoctor.truth.path import FAKE_IP_NETS, Intercepted, is_fake_ip, path_verdict

PUBLIC_RESOLVERS: tuple[tuple[str, str], ...] = (
    ("8.8.8.8", "Google Public DNS"),
    ("1.1.1.1", "Cloudflare"),
    ("9.9.9.9", "Quad9"),
    ("119.29.29.29", "DNSPod Public DNS"),
    ("223.5.5.5", "AliDNS"),
    ("114.114.114.114", "114DNS"),
)
"""Asked when ``--resolver`` is not given (see the module docstring for the choice)."""

DOCKER_EMBEDDED = "127.0.0.11"
CLOUD_INTERNAL: dict[str, str] = {
    "100.100.2.136": "Alibaba Cloud / 阿里云",
    "100.100.2.138": "Alibaba Cloud / 阿里云",
    "183.60.83.19": "Tencent Cloud / 腾讯云",
    "183.60.82.98": "Tencent Cloud / 腾讯云",
    "100.125.1.250": "Huawei Cloud / 华为云",
    "100.125.129.250": "Huawei Cloud / 华为云",
    "169.254.169.253": "AWS (Route 53 Resolver)",
    "168.63.129.16": "Azure",
    "169.254.169.254": "Google Cloud",
}
"""Resolvers only reachable inside one cloud (they may serve private zones of that cloud)."""
LOCAL_STUBS = {"127.0.0.53": "systemd-resolved", "127.0.0.54": "systemd-resolved"}
LONG_NEGATIVE_TTL = 300
"""A negative TTL above this is long for a zone used by DNS-01 (DIAG_TOOLS.md §6, pitfall 1)."""
SUGGESTED_RESOLVER = "119.29.29.29"
"""The resolver remedies suggest: DNSPod Public DNS answers in and outside mainland China."""


# --------------------------------------------------------------------------- address classes


fake_ip = is_fake_ip
"""Whether an address lies in a fake-ip range (198.18.0.0/15)."""


def reserved(address: str) -> bool:
    """Whether ``address`` is not a global unicast address (private, loopback, CGNAT, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return not ip.is_global


@dataclass(frozen=True)
class AddressClass:
    kind: str
    """``fake-ip``, ``docker``, ``cloud``, ``stub`` or ``other``."""
    detail: str = ""


def classify_resolver(address: str) -> AddressClass:
    """What a resolver's own address says about it."""
    bare = address.split("%", 1)[0]
    if fake_ip(bare):
        return AddressClass("fake-ip")
    if bare == DOCKER_EMBEDDED:
        return AddressClass("docker")
    if bare in CLOUD_INTERNAL:
        return AddressClass("cloud", CLOUD_INTERNAL[bare])
    if bare in LOCAL_STUBS:
        return AddressClass("stub", LOCAL_STUBS[bare])
    return AddressClass("other")


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Resolver:
    address: str
    port: int
    role: str
    """``system`` or ``public``."""
    name: str = ""

    @property
    def endpoint(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return host if self.port == 53 else f"{host}:{self.port}"

    @property
    def label(self) -> str:
        return f"{self.endpoint} ({self.name})" if self.name else self.endpoint

    @property
    def subject(self) -> str:
        return f"@{self.endpoint}"

    def target_subject(self, target: Target) -> str:
        return f"{target.display}|@{self.endpoint}"

    def params(self) -> dict[str, Any]:
        return {
            "resolver": self.label,
            "suggest": SUGGESTED_RESOLVER,
            "role": Phrase(WORDS[self.role]),
        }


@dataclass(frozen=True)
class Plan:
    system: tuple[Resolver, ...]
    public: tuple[Resolver, ...]
    system_source: str
    notes: tuple[str, ...] = ()
    upstreams: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[Resolver, ...]:
        return self.system + self.public


def build_plan(ctx: Context, environ: Mapping[str, str] | None = None) -> Plan:
    """Which resolvers this run asks, and why others are not asked."""
    env = dict(os.environ) if environ is None else environ
    opts = ctx.options
    names = dict(PUBLIC_RESOLVERS)
    notes: list[str] = []
    upstreams: tuple[str, ...] = ()
    system: list[Resolver] = []
    source = "--system-resolver"
    if opts.system_resolvers:
        system = [Resolver(a, p, "system") for a, p in opts.system_resolvers]
    elif guard.loopback_only() and ENV_RESOLV_CONF not in env:
        source = ""
        notes.append(
            "loopback-only mode: this machine's resolvers were not read (give --system-resolver)"
        )
    else:
        found = system_resolvers(environ=env)
        source = found.source
        notes.extend(found.notes)
        upstreams = found.upstreams
        system = [Resolver(a, 53, "system") for a in found.addresses]
        if not system:
            notes.append(f"no nameserver found in {found.source}")
    public: list[Resolver] = []
    if opts.no_public:
        notes.append("--no-public: no public resolver asked")
    elif opts.resolvers:
        public = [Resolver(a, p, "public", names.get(a, "")) for a, p in opts.resolvers]
    else:
        public = [Resolver(a, 53, "public", n) for a, n in PUBLIC_RESOLVERS]
    kept_system = [r for r in system if guard.allowed(r.address)]
    kept_public = [r for r in public if guard.allowed(r.address)]
    dropped = [r.label for r in (*system, *public) if not guard.allowed(r.address)]
    if dropped:
        notes.append(f"loopback-only mode: not asked (outside loopback): {', '.join(dropped)}")
    seen = {(r.address, r.port) for r in kept_system}
    kept_public = [r for r in kept_public if (r.address, r.port) not in seen]
    return Plan(tuple(kept_system), tuple(kept_public), source, tuple(notes), upstreams)


def _skip_reason(p: Plan) -> Phrase:
    """Why no resolver is asked."""
    if guard.loopback_only():
        return Phrase(WORDS["none_loopback"])
    if p.notes:
        return Phrase(WORDS["none_noted"], {"notes": Joined(p.notes, "semicolon")})
    return Phrase(WORDS["none"])


async def plan(ctx: Context) -> Plan:
    async def make() -> Plan:
        return build_plan(ctx)

    return await ctx.memo(("resolvers-plan",), make)


# --------------------------------------------------------------------------- questions


@dataclass
class Health:
    udp: Reply
    tcp: Reply

    @property
    def answered(self) -> bool:
        return self.udp.ok or self.tcp.ok

    def first(self) -> Reply:
        return self.udp if self.udp.ok else self.tcp

    @property
    def recursive(self) -> bool:
        reply = self.first()
        return (
            reply.message is not None
            and reply.rcode == dns.rcode.NOERROR
            and bool(reply.message.flags & dns.flags.RA)
        )

    @property
    def usable(self) -> bool:
        return self.answered and self.recursive


async def health(ctx: Context, r: Resolver) -> Health:
    ask = ctx.services.dns.ask
    udp, tcp = await asyncio.gather(
        ask(r.address, r.port, dns.name.root, "NS", rd=True),
        ask(r.address, r.port, dns.name.root, "NS", rd=True, tcp=True),
    )
    return Health(udp, tcp)


async def _health_memo(ctx: Context, r: Resolver) -> Health:
    return await ctx.memo(("resolver-health", r.address, r.port), lambda: health(ctx, r))


async def _healths(ctx: Context, resolvers: Sequence[Resolver]) -> list[Health]:
    return list(await asyncio.gather(*(_health_memo(ctx, r) for r in resolvers)))


def _outcome(reply: Reply) -> str:
    if reply.message is None:
        return reply.failure
    flags = "" if reply.message.flags & dns.flags.RA else ", RA=0"
    return f"{reply.rcode_text}{flags}"


def _ms(reply: Reply) -> str:
    return f"{reply.rtt * 1000:.0f} ms" if reply.ok else (reply.error or "no answer")


def _related(ctx: Context, r: Resolver) -> tuple[str, ...]:
    return (r.subject, *(r.target_subject(t) for t in ctx.targets))


def _severity(r: Resolver, system: Severity = Severity.ERROR) -> Severity | None:
    """Public resolvers matter only to clients configured with them: one level milder."""
    return Severity.WARNING if r.role == "public" and system is Severity.ERROR else None


async def _zones(ctx: Context) -> tuple[str, str]:
    """The zone and the name servers' parent domain of the first name that resolves (remedies)."""
    for target in ctx.targets:
        try:
            view = await challenge_view(ctx, target)
        except ResolutionError:
            continue
        zone = view.cut.zone.to_text(omit_final_dot=True)
        hosts = [h.name for h in view.cut.ns]
        ns_domain = (
            dns.name.Name(hosts[0].labels[-3:]).to_text(omit_final_dot=True)
            if hosts and len(hosts[0]) >= 3
            else zone
        )
        return zone, ns_domain
    base = ctx.targets[0].base.to_text(omit_final_dot=True) if ctx.targets else "example.com"
    return base, base


# --------------------------------------------------------------------------- run-scope checks


@check(
    "resolvers.identity",
    family=F,
    scope=Scope.RUN,
    specs=(FAKE_IP, DOCKER, CLOUD, LOCAL_STUB),
    summary={
        "en": "Which resolvers are checked, and what the system resolvers' own addresses say "
        "(fake-IP range, Docker, a cloud's internal DNS, a local stub)",
        "zh": "检查哪些解析器，以及系统解析器的地址本身说明了什么（fake-IP 网段、Docker、云内网 DNS、本地转发器）",
    },
    commands=("check", "preflight"),
)
async def identity_check(ctx: Context, target: Target | None) -> list[Finding]:
    p = await plan(ctx)
    if not p.all:
        raise Skip(_skip_reason(p))
    out: list[Finding] = []
    source = Evidence("system resolvers from", p.system_source or "-")
    for r in p.system:
        kind = classify_resolver(r.address)
        params = r.params()
        if kind.kind == "fake-ip":
            zone, ns_domain = await _zones(ctx)
            out.append(
                Finding(
                    FAKE_IP,
                    {
                        **params,
                        "zone": zone,
                        "ns_domain": ns_domain,
                        "why": Phrase(WORDS["fake_ip_range"], {"net": str(FAKE_IP_NETS[0])}),
                    },
                    (source, Evidence("address", r.address)),
                    subject=r.subject,
                    related=_related(ctx, r),
                )
            )
        elif kind.kind == "docker":
            out.append(Finding(DOCKER, params, (source,), subject=r.subject))
        elif kind.kind == "cloud":
            out.append(
                Finding(CLOUD, {**params, "cloud": kind.detail}, (source,), subject=r.subject)
            )
        elif kind.kind == "stub":
            ups = ", ".join(p.upstreams) or "?"
            out.append(
                Finding(
                    LOCAL_STUB,
                    {**params, "stub": kind.detail, "upstreams": ups},
                    (source,),
                    subject=r.subject,
                )
            )
    return out


@check(
    "resolvers.health",
    family=F,
    scope=Scope.RUN,
    specs=(UNREACHABLE, TCP_FAILED, NO_RECURSION, SERVFAIL, BAD_REPLY, SUMMARY),
    summary={
        "en": "Asks every resolver one recursive question over UDP and TCP: reachable, latency, "
        "recursion",
        "zh": "向每个解析器通过 UDP 和 TCP 发送一个递归查询：是否可达、延迟、是否递归",
    },
    commands=("check", "preflight"),
)
async def health_check(ctx: Context, target: Target | None) -> list[Finding]:
    p = await plan(ctx)
    if not p.all:
        raise Skip(_skip_reason(p))
    results, verdict = await asyncio.gather(_healths(ctx, p.all), path_verdict(ctx))
    out: list[Finding] = []
    rows: list[Phrase] = []
    evidence: list[Evidence] = [Evidence("not asked", n) for n in p.notes]
    for r, h in zip(p.all, results, strict=True):
        params = r.params()
        if verdict.intercepted and r.role == "public":
            # Port 53 to any address is answered by the box on the path, not by this resolver.
            rows.append(Phrase(WORDS["row_intercepted"], {"resolver": r.label}))
            evidence.append(Evidence(f"{r.label} UDP (intercepted)", _outcome(h.udp)))
            continue
        sev = _severity(r)
        related = _related(ctx, r)[1:]
        ev = (
            Evidence(f"{r.label} UDP", f"{_outcome(h.udp)} ({_ms(h.udp)})"),
            Evidence(f"{r.label} TCP", f"{_outcome(h.tcp)} ({_ms(h.tcp)})"),
        )
        if h.udp.error == NO_ROUTE_V6:
            rows.append(Phrase(WORDS["row_no_ipv6"], {"resolver": r.label}))
            continue
        if not h.udp.ok:
            kind = BAD_REPLY if MALFORMED in (h.udp.error, h.tcp.error) else UNREACHABLE
            detail = h.udp.detail if h.udp.error == MALFORMED else h.tcp.detail
            out.append(
                Finding(
                    kind,
                    {**params, "udp": _outcome(h.udp), "tcp": _outcome(h.tcp), "detail": detail},
                    ev,
                    severity=sev,
                    subject=r.subject,
                    related=related,
                )
            )
            rows.append(Phrase(WORDS["row_no_udp"], {"resolver": r.label}))
            continue
        reply = h.udp
        rcode = reply.rcode
        ra = reply.message is not None and bool(reply.message.flags & dns.flags.RA)
        if rcode == dns.rcode.SERVFAIL:
            out.append(
                Finding(SERVFAIL, params, ev, severity=sev, subject=r.subject, related=related)
            )
        elif rcode == dns.rcode.FORMERR:
            out.append(
                Finding(
                    BAD_REPLY,
                    {**params, "detail": "FORMERR"},
                    ev,
                    severity=sev,
                    subject=r.subject,
                    related=related,
                )
            )
        elif rcode != dns.rcode.NOERROR or not ra:
            out.append(
                Finding(
                    NO_RECURSION,
                    {**params, "answer": _outcome(reply)},
                    ev,
                    severity=sev,
                    subject=r.subject,
                    related=related,
                )
            )
        elif not h.tcp.ok:
            out.append(
                Finding(
                    TCP_FAILED,
                    {**params, "detail": _outcome(h.tcp)},
                    ev,
                    subject=r.subject,
                )
            )
        row = WORDS["row_answered" if ra else "row_no_recursion"]
        rows.append(Phrase(row, {"resolver": r.label, "udp": _ms(h.udp), "tcp": _ms(h.tcp)}))
        evidence.extend(ev)
    params = {"summary": Joined(tuple(rows), "semicolon")}
    out.append(Finding(SUMMARY, params, tuple(evidence)))
    return out


# --------------------------------------------------------------------------- target-scope checks


async def _view(ctx: Context, target: Target | None) -> ChallengeView:
    target = named(target)
    try:
        return await challenge_view(ctx, target)
    except Intercepted as exc:
        raise Skip(exc.verdict.wording()) from None
    except ResolutionError as exc:
        raise Skip(Phrase(WORDS["truth_unknown"], {"error": str(exc)})) from None


def _truth_hosts(view: ChallengeView) -> dict[dns.name.Name, tuple[list[str], str]]:
    """Every authoritative host name with its addresses and where they came from."""
    hosts: dict[dns.name.Name, tuple[list[str], str]] = {}
    for h in view.cut.ns:
        if h.addresses:
            hosts[h.name] = (list(h.addresses), "glue" if h.glue else "iterative")
    for s in view.servers:
        addrs, how = hosts.get(s.host, ([], "iterative"))
        if s.address not in addrs:
            addrs.append(s.address)
        hosts[s.host] = (addrs, how)
    return hosts


def _addresses(reply: Reply, name: dns.name.Name) -> list[str]:
    if reply.message is None:
        return []
    out: list[str] = []
    for rrset in reply.message.answer:
        if rrset.rdtype == dns.rdatatype.A:
            out.extend(rr.address for rr in rrset)
    return out


def _lego_error(r: Resolver, reply: Reply, question: str) -> str:
    """How lego would log this failure (so users can match it with their logs)."""
    q = f"[ns={r.address}:{r.port}, question='{question}']"
    if reply.error == TIMEOUT:
        return f"DNS call error: read udp …->{r.address}:{r.port}: i/o timeout {q}"
    if reply.message is None:
        return f"DNS call error: {reply.error} {q}"
    return f"{question}: {reply.rcode_text}"


def _txt_key(r: Resolver, view: ChallengeView) -> tuple[str, ...]:
    return ("resolver-challenge-txt", r.address, str(r.port), view.effective.to_text())


async def challenge_txt(ctx: Context, r: Resolver, view: ChallengeView) -> Reply | None:
    """The challenge TXT at ``r`` (RD=1), or None when it must not be asked (do no harm).

    Asked once per run, and before any other question whose answer carries the zone's SOA (the
    zone's SOA, a random label): unbound shows a cached negative answer with the TTL of the SOA
    record it holds, and a fresh SOA from such a question would reset that TTL.
    """

    async def make() -> Reply | None:
        truth = zone_truth(view, ctx.options.expect)
        if not truth.served and not ctx.options.query_public_anyway:
            return None
        return await ctx.services.dns.ask(r.address, r.port, view.effective, "TXT", rd=True)

    return await ctx.memo(_txt_key(r, view), make)


def _not_asked(r: Resolver, qname: dns.name.Name, rdtype: str, why: str) -> Reply:
    return Reply(
        r.address,
        r.port,
        qname,
        dns.rdatatype.RdataType.make(rdtype),
        "udp",
        error="not-asked",
        detail=why,
    )


async def after_txt(
    ctx: Context, r: Resolver, view: ChallengeView, qname: dns.name.Name, rdtype: str
) -> Reply:
    """Ask ``r`` a question about the zone once its challenge TXT has been answered; when that
    question got no answer, do not ask (a resolver that drops questions would only make the run
    wait a second time)."""
    txt = await challenge_txt(ctx, r, view)
    if txt is not None and not txt.ok:
        return _not_asked(r, qname, rdtype, f"the resolver did not answer the TXT ({txt.error})")
    return await ctx.services.dns.ask(r.address, r.port, qname, rdtype, rd=True)


@check(
    "resolvers.authoritative_view",
    family=F,
    specs=(FAKE_IP, RESERVED_ANSWER, NS_ADDRESS_MISMATCH, LEGO_QUERIES_FAIL, HIJACKED),
    summary={
        "en": "Resolves the authoritative servers' names and the zone's SOA/NS through each "
        "resolver, as lego does, and compares with the delegation",
        "zh": "像 lego 一样通过各解析器解析权威服务器的名称和区的 SOA/NS，并与委派链比较",
    },
    commands=("check", "preflight"),
)
async def authoritative_view_check(ctx: Context, target: Target | None) -> list[Finding]:
    p = await plan(ctx)
    if not p.all:
        raise Skip(_skip_reason(p))
    view = await _view(ctx, target)
    assert target is not None
    truth = _truth_hosts(view)
    zone = view.cut.zone
    zone_text = zone.to_text(omit_final_dot=True)
    ns_domain = next(
        (dns.name.Name(h.labels[-3:]).to_text(omit_final_dot=True) for h in truth if len(h) >= 3),
        zone_text,
    )
    ask = ctx.services.dns.ask

    async def one(r: Resolver) -> list[Finding]:
        hosts = sorted(truth)
        jobs = [ask(r.address, r.port, h, "A", rd=True) for h in hosts]
        if r.role == "system":
            jobs += [
                after_txt(ctx, r, view, zone, "SOA"),
                ask(r.address, r.port, zone, "NS", rd=True),
                _challenge_or_none(ctx, r, view),
            ]
        replies = await asyncio.gather(*jobs)
        a_replies = dict(zip(hosts, replies[: len(hosts)], strict=True))
        subject = r.target_subject(target)
        params = {**r.params(), "zone": zone_text, "ns_domain": ns_domain}
        fakes: list[tuple[dns.name.Name, str, list[str]]] = []
        reserveds: list[tuple[dns.name.Name, str, list[str]]] = []
        others: list[tuple[dns.name.Name, str, list[str]]] = []
        failed: list[str] = []
        lego_lines: list[str] = []
        for host, reply in a_replies.items():
            want = [a for a in truth[host][0] if ":" not in a]
            got = _addresses(reply, host)
            host_text = host.to_text(omit_final_dot=True)
            if not reply.ok or reply.rcode != dns.rcode.NOERROR:
                failed.append(f"A {host_text}: {_outcome(reply)}")
                lego_lines.append(_lego_error(r, reply, f"{host.to_text()} IN  A"))
                continue
            if not got or not want or set(got) & set(want):
                continue
            bad = next((a for a in got if fake_ip(a) and not any(fake_ip(w) for w in want)), None)
            if bad is not None:
                fakes.append((host, bad, want))
            elif all(not reserved(w) for w in want) and any(reserved(a) for a in got):
                reserveds.append((host, next(a for a in got if reserved(a)), want))
            else:
                others.append((host, ", ".join(got), want))
        if r.role == "system":
            soa, ns, txt = replies[len(hosts) :]
            if txt.error is not None and txt.error != "not-asked":
                name = view.effective.to_text()
                failed.append(f"TXT {view.effective.to_text(omit_final_dot=True)}: {_outcome(txt)}")
                line = _lego_error(r, txt, f"{name} IN  TXT")
                lego_lines.append(f"initial recursive nameserver: {line}")
            if soa.error == "not-asked":
                pass
            elif soa.answer_rrset(dns.rdatatype.SOA, zone) is None:
                failed.append(f"SOA {zone_text}: {_outcome(soa)}")
                lego_lines.append(_lego_error(r, soa, f"{zone.to_text()} IN  SOA"))
            if ns.answer_rrset(dns.rdatatype.NS, zone) is None:
                failed.append(f"NS {zone_text}: {_outcome(ns)}")
                line = _lego_error(r, ns, f"{zone.to_text()} IN  NS")
                lego_lines.append(f"NS call failed: {line}" if ns.error else line)
        ev = [
            Evidence(
                f"{h.to_text(omit_final_dot=True)} via {r.label}",
                f"{a} ({truth[h][1]}: {', '.join(w)})",
            )
            for h, a, w in (*fakes, *reserveds, *others)
        ]
        out: list[Finding] = []
        if r.role == "public":
            wrong = [*fakes, *reserveds, *others]
            if wrong:
                host, answer, want = wrong[0]
                detail = Phrase(
                    WORDS["answered_other"],
                    {
                        "host": host.to_text(omit_final_dot=True),
                        "answer": answer,
                        "want": ", ".join(want),
                    },
                )
                out.append(
                    Finding(
                        HIJACKED,
                        {**params, "detail": detail},
                        tuple(ev),
                        subject=subject,
                    )
                )
            return out
        if fakes and classify_resolver(r.address).kind != "fake-ip":
            host, answer, want = fakes[0]
            h = host.to_text(omit_final_dot=True)
            out.append(
                Finding(
                    FAKE_IP,
                    {
                        **params,
                        "why": Phrase(
                            WORDS["fake_ip_answer"],
                            {"host": h, "answer": answer, "want": ", ".join(want)},
                        ),
                    },
                    tuple(ev),
                    subject=subject,
                    related=_related(ctx, r),
                )
            )
        for host, answer, want in reserveds:
            out.append(
                Finding(
                    RESERVED_ANSWER,
                    {
                        **params,
                        "host": host.to_text(omit_final_dot=True),
                        "answer": answer,
                        "truth": ", ".join(want),
                    },
                    tuple(ev),
                    subject=subject,
                )
            )
        for host, answer, want in others:
            out.append(
                Finding(
                    NS_ADDRESS_MISMATCH,
                    {
                        **params,
                        "host": host.to_text(omit_final_dot=True),
                        "answer": answer,
                        "truth": f"{', '.join(want)} ({truth[host][1]})",
                    },
                    tuple(ev),
                    subject=subject,
                )
            )
        if failed:
            out.append(
                Finding(
                    LEGO_QUERIES_FAIL,
                    {**params, "failed": "; ".join(failed)},
                    tuple(Evidence("lego would log", line) for line in lego_lines),
                    subject=subject,
                )
            )
        return out

    results = await asyncio.gather(*(one(r) for r in p.all))
    return [f for batch in results for f in batch]


async def _challenge_or_none(ctx: Context, r: Resolver, view: ChallengeView) -> Reply:
    txt = await challenge_txt(ctx, r, view)
    if txt is None:
        return _not_asked(r, view.effective, "TXT", "not served yet (do no harm)")
    return txt


def _soa(reply: Reply) -> tuple[int, Any] | None:
    """(TTL, rdata) of the first SOA in a reply's answer or authority section."""
    if reply.message is None:
        return None
    for rrset in (*reply.message.answer, *reply.message.authority):
        if rrset.rdtype == dns.rdatatype.SOA:
            return rrset.ttl, rrset[0]
    return None


def _txt_rrset(reply: Reply, name: dns.name.Name) -> dns.rrset.RRset | None:
    return reply.answer_rrset(dns.rdatatype.TXT, name)


@dataclass
class ZoneTruth:
    soa_ttl: int | None = None
    minimum: int | None = None
    mname: dns.name.Name | None = None
    serials: set[int] = field(default_factory=set)
    txt_ttl: int | None = None
    sets: list[list[str]] = field(default_factory=list)
    """The TXT values of every authoritative server that answered."""
    served: bool = False
    """Every answering server serves the record (and the --expect values, when given)."""

    @property
    def neg_ttl(self) -> int | None:
        if self.soa_ttl is None or self.minimum is None:
            return None
        return min(self.soa_ttl, self.minimum)


def zone_truth(view: ChallengeView, expect: Iterable[str]) -> ZoneTruth:
    truth = ZoneTruth()
    wanted = set(expect)
    for s in view.servers:
        soa = _soa(s.soa)
        if soa is not None and s.authoritative:
            ttl, rdata = soa
            truth.serials.add(int(rdata.serial))
            if truth.soa_ttl is None:
                truth.soa_ttl, truth.minimum, truth.mname = ttl, int(rdata.minimum), rdata.mname
        values = s.txt_values(view.effective)
        if values is None:
            continue
        truth.sets.append(values)
        rrset = _txt_rrset(s.txt, view.effective)
        if rrset is not None and truth.txt_ttl is None:
            truth.txt_ttl = rrset.ttl
    truth.served = bool(truth.sets) and all(
        v and (wanted <= set(v) if wanted else True) for v in truth.sets
    )
    return truth


def _matches(values: list[str], truth: ZoneTruth, expect: Sequence[str]) -> bool:
    if expect:
        return set(expect) <= set(values)
    return values in truth.sets


@check(
    "resolvers.challenge",
    family=F,
    specs=(
        NOT_ASKED,
        ASKED_ANYWAY,
        NEGATIVE_CACHED,
        NEGATIVE_TTL_LONG,
        STALE_VALUE,
        SPLIT_HORIZON,
        HIJACKED,
        TXT_FAILED,
        TXT_VISIBLE,
    ),
    summary={
        "en": "Compares each resolver's answer for the challenge TXT with the authoritative "
        "servers': negative cache, stale value, another world (split horizon, interception)",
        "zh": "比较各解析器与权威服务器对验证 TXT 的应答：否定缓存、旧值、另一个“世界”（split horizon、拦截）",
    },
)
async def challenge_check(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    p = await plan(ctx)
    expect = list(ctx.options.expect)
    truth = zone_truth(view, expect)
    name = view.effective
    name_text = name.to_text(omit_final_dot=True)
    zone_text = view.cut.zone.to_text(omit_final_dot=True)
    neg = truth.neg_ttl
    provider = await zone_provider(ctx, view.parent_names)
    base = {"name": name_text, "zone": zone_text, "neg_ttl": neg if neg is not None else "?"}
    out: list[Finding] = []
    if neg is not None and neg > LONG_NEGATIVE_TTL:
        out.append(
            Finding(
                NEGATIVE_TTL_LONG,
                {**base, "minimum": truth.minimum, "soa_ttl": truth.soa_ttl},
                subject=target.display,
            )
        )
    if not p.all:
        return out
    if not truth.served:
        if not ctx.options.query_public_anyway:
            out.append(Finding(NOT_ASKED, base, subject=target.display))
            return out
        out.append(Finding(ASKED_ANYWAY, base, subject=target.display))
    control = dns.name.Name((f"_dnsdoctor-{secrets.token_hex(4)}".encode(), *name.labels[1:]))
    if not control.is_subdomain(view.cut.zone):
        control = dns.name.Name((control.labels[0], *view.cut.zone.labels))
    ask = ctx.services.dns.ask
    auth = next((s for s in view.servers if s.authoritative), None)

    async def auth_control() -> Reply | None:
        if auth is None:
            return None
        return await ask(auth.address, auth.port, control, "TXT")

    async def pair(r: Resolver) -> tuple[Reply, Reply]:
        txt = await _challenge_or_none(ctx, r, view)
        return txt, await after_txt(ctx, r, view, control, "TXT")

    healths, truth_ctl, answers = await asyncio.gather(
        _healths(ctx, p.all),
        auth_control(),
        asyncio.gather(*(pair(r) for r in p.all)),
    )
    visible: list[str] = []
    for r, h, (txt, ctl) in zip(p.all, healths, answers, strict=True):
        subject = r.target_subject(target)
        params = {**base, **r.params()}
        sev = _severity(r)
        ev = [
            Evidence(f"{r.label} TXT", _reply_text(txt)),
            Evidence(f"{r.label} control {control.to_text(omit_final_dot=True)}", _reply_text(ctl)),
        ]
        values = txt_values(txt, name)
        if values is None:
            if h.usable:
                out.append(
                    Finding(
                        TXT_FAILED,
                        {**params, "answer": _outcome(txt)},
                        tuple(ev),
                        severity=sev,
                        subject=subject,
                    )
                )
            continue
        if truth.served and _matches(values, truth, expect):
            visible.append(r.label)
            continue
        if not truth.served:
            continue  # asked anyway: nothing to compare with yet
        world, detail = _world(ctl, truth_ctl, control, truth)
        ev.append(Evidence("control verdict", str(detail)))
        if world == "other":
            if r.role == "system":
                out.append(
                    Finding(
                        SPLIT_HORIZON,
                        {**params, "detail": detail},
                        tuple(ev),
                        subject=subject,
                        related=(subject,),
                    )
                )
            else:
                out.append(
                    Finding(HIJACKED, {**params, "detail": detail}, tuple(ev), subject=subject)
                )
            continue
        if not values:
            soa = _soa(txt)
            left = str(soa[0]) if soa is not None else "?"
            ev.append(
                Evidence(
                    "zone SOA",
                    f"TTL {truth.soa_ttl}, MINIMUM {truth.minimum}, negative TTL {neg}",
                )
            )
            out.append(
                Finding(
                    NEGATIVE_CACHED,
                    {
                        **params,
                        "rcode": txt.rcode_text if txt.rcode == dns.rcode.NXDOMAIN else "NODATA",
                        "left": left,
                    },
                    tuple(ev),
                    severity=sev,
                    subject=subject,
                )
            )
            continue
        rrset = _txt_rrset(txt, name)
        left = str(rrset.ttl) if rrset is not None else "?"
        shown = sorted({", ".join(v) for v in truth.sets})
        ev.append(Evidence("authoritative TXT", "; ".join(shown)))
        out.append(
            Finding(
                worded(STALE_VALUE, provider),
                {
                    **params,
                    "ttl_settings": ttl_settings(provider),
                    # quoted, not repr(): the values are already visible (from_wire)
                    "values": ", ".join(f"'{v}'" for v in values[:3]),
                    "left": left,
                    "ttl": truth.txt_ttl if truth.txt_ttl is not None else "?",
                },
                tuple(ev),
                severity=sev,
                subject=subject,
            )
        )
    if visible:
        out.append(
            Finding(
                TXT_VISIBLE,
                {**base, "count": len(visible), "total": len(p.all)},
                (Evidence("resolvers", ", ".join(visible)),),
                subject=target.display,
            )
        )
    return out


TTL_CLIENTS = ("certimate", "lego")
"""The clients whose TTL setting the stale-value remedy names (where the others keep theirs fixed)."""


def ttl_settings(provider: Provider | None) -> Joined | Phrase:
    """Where the ACME clients set the TTL of the records they create at ``provider`` (the
    clients' data: Certimate's form field, lego's variable); without a provider, in words."""
    items: list[Phrase] = []
    for name in TTL_CLIENTS:
        settings = provider.settings_for(name) if provider is not None else None
        if settings is None or not settings.ttl:
            continue
        client = get_client(name)
        label = client.form.get("ttl")
        if label is not None:  # a form's field, by its label in the reader's language
            items.append(Phrase(WORDS["client_field"], {"client": client.title, **label._asdict()}))
        else:
            items.append(
                Phrase(WORDS["client_setting"], {"client": client.title, "setting": settings.ttl})
            )
    return Joined(tuple(items), "comma") if items else Phrase(WORDS["ttl_setting"])


def _reply_text(reply: Reply) -> str:
    if reply.message is None:
        return _outcome(reply)
    parts = [rr.to_text() for rrset in reply.message.answer for rr in [rrset]]
    soa = _soa(reply)
    if not parts and soa is not None:
        parts.append(f"SOA serial {soa[1].serial} TTL {soa[0]}")
    return f"{reply.rcode_text} " + "; ".join(parts)


def _world(
    ctl: Reply, truth_ctl: Reply | None, control: dns.name.Name, truth: ZoneTruth
) -> tuple[str, Phrase]:
    """``same``, ``other`` or ``unknown``: does the resolver see the zone the servers serve?

    The control name was never asked before, so the resolver had to fetch it now: its answer is
    what the resolver's world says today, with no cache in the way.
    """
    if not ctl.ok or ctl.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return "unknown", Phrase(WORDS["control_failed"], {"outcome": _outcome(ctl)})
    got = txt_values(ctl, control) or []
    if truth_ctl is not None and truth_ctl.ok:
        want = txt_values(truth_ctl, control) or []
        if ctl.rcode != truth_ctl.rcode or got != want:
            return "other", Phrase(
                WORDS["control_differs"],
                {
                    "name": control.to_text(omit_final_dot=True),
                    "got": _reply_text(ctl).strip(),
                    "want": _reply_text(truth_ctl).strip(),
                },
            )
    soa = _soa(ctl)
    if soa is not None and truth.serials:
        serial = int(soa[1].serial)
        if serial not in truth.serials or (truth.mname is not None and soa[1].mname != truth.mname):
            serials = ", ".join(str(s) for s in sorted(truth.serials))
            return "other", Phrase(
                WORDS["other_serial"],
                {
                    "serial": serial,
                    "mname": str(soa[1].mname),
                    "serials": serials,
                    "truth_mname": str(truth.mname),
                },
            )
        return "same", Phrase(WORDS["same_serial"], {"serial": serial})
    return "unknown", Phrase(WORDS["no_soa"])

"""Path checks: is DNS from this host answered by the servers it is sent to?

The verdict itself (signals, kinds) lives in :mod:`dnsdoctor.truth.path`; this module turns it into
findings. When the path is intercepted, every check that needs the authoritative servers is
skipped with that reason (:class:`dnsdoctor.truth.path.Intercepted`), and the interception is the root
cause of what the ACME client sees.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.checks.base import Scope, Skip, check, named
from dnsdoctor.checks.dns.served import zone_provider
from dnsdoctor.checks.path.specs import (  # the family's codes and texts
    BLOCKED_53,
    DOH_MISSING,
    DOH_NOT_ASKED,
    DOH_OTHER_VALUE,
    DOH_SEES,
    DOH_UNREACHABLE,
    FAKE_IP_HIJACK,
    FORCED_FORWARDING,
    MIDDLEBOX_ANSWERS,
    WORDS,
    F,
)
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Phrase
from dnsdoctor.net import guard
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.path import BLOCKED, FAKE_IP, FORWARDING, MIDDLEBOX, PathVerdict, path_verdict

if TYPE_CHECKING:
    from dnsdoctor.net.doh import DohEndpoint
    from dnsdoctor.providers.base import Provider

SPECS_BY_KIND = {
    FAKE_IP: FAKE_IP_HIJACK,
    FORWARDING: FORCED_FORWARDING,
    MIDDLEBOX: MIDDLEBOX_ANSWERS,
    BLOCKED: BLOCKED_53,
}


def interception_finding(
    verdict: PathVerdict, domain: str, provider: Provider | None = None
) -> Finding | None:
    """The finding of an intercepted path; ``provider``: the one serving the zone, when known
    (its name servers' domain is the fake-IP filter's example)."""
    spec = SPECS_BY_KIND.get(verdict.kind)
    if spec is None:
        return None
    ns_filter: object = Phrase(WORDS["ns_domain"])
    if provider is not None and provider.ns_suffixes:
        ns_filter = f"`+.{provider.ns_suffixes[0]}`"
    evidence = tuple(Evidence(s.label, s.value) for s in verdict.signals)
    params = {
        "root": verdict.root,
        "canary": verdict.canary,
        "rcode": verdict.rcode or "-",
        "fake": ", ".join(verdict.fake_addresses[:3]) or "198.18.0.0/15",
        "domain": domain,
        "ns_filter": ns_filter,
    }
    return Finding(spec, params, evidence)


@check(
    "path.interception",
    family=F,
    scope=Scope.RUN,
    specs=(FAKE_IP_HIJACK, FORCED_FORWARDING, MIDDLEBOX_ANSWERS, BLOCKED_53),
    summary={
        "en": "Proves that DNS questions reach the servers they are sent to (no hijack, no "
        "forced forwarding, no middlebox answering, port 53 open)",
        "zh": "确认 DNS 查询确实到达所发往的服务器（无劫持、无强制转发、无中间设备代答、53 端口畅通）",
    },
    commands=("check", "preflight"),
)
async def interception_check(ctx: Context, target: Target | None) -> list[Finding]:
    verdict = await path_verdict(ctx)
    domain = ctx.targets[0].base.to_text(omit_final_dot=True) if ctx.targets else "example.com"
    # the name servers cannot be heard from here: --provider NAME tells whose they are, or the
    # credentials of only one provider
    finding = interception_finding(verdict, domain, await zone_provider(ctx))
    return [finding] if finding is not None else []


# --------------------------------------------------------------------------- what the world sees


def _txt_in_answer(reply: Reply, name: dns.name.Name) -> list[str]:
    """TXT values at the end of the CNAME chain from ``name`` in a recursive answer."""
    if reply.message is None:
        return []
    target = name
    for _ in range(16):
        txt = reply.answer_rrset(dns.rdatatype.TXT, target)
        if txt is not None:
            return sorted(b"".join(rr.strings).decode("utf-8", "replace") for rr in txt)
        cname = reply.answer_rrset(dns.rdatatype.CNAME, target)
        if cname is None:
            return []
        target = cname[0].target
    return []


def _neg_ttl(reply: Reply) -> int | None:
    for rrset in reply.authority_rrsets(dns.rdatatype.SOA):
        return min(int(rrset.ttl), int(rrset[0].minimum))
    return None


def _answer(reply: Reply, name: dns.name.Name) -> str:
    if not reply.ok:
        return reply.failure
    values = _txt_in_answer(reply, name)
    return f"{reply.rcode_text} " + (", ".join(f'"{v}"' for v in values) or "(no TXT)")


@check(
    "path.doh_view",
    family=F,
    specs=(DOH_SEES, DOH_MISSING, DOH_OTHER_VALUE, DOH_UNREACHABLE, DOH_NOT_ASKED),
    summary={
        "en": "When port 53 is intercepted (or --doh is given): what public resolvers see of the "
        "challenge TXT over DNS over HTTPS, next to what this host sees over port 53",
        "zh": "当 53 端口被拦截（或给出 --doh）时：公共解析器通过 DNS over HTTPS 看到的验证 TXT，与本机通过 53 端口看到的对比",
    },
    commands=("check", "preflight"),
)
async def doh_view_check(ctx: Context, target: Target | None) -> list[Finding]:
    target = named(target)
    verdict = await path_verdict(ctx)
    if not verdict.intercepted and not ctx.options.doh:
        raise Skip(
            "DNS from this host is not intercepted: the authoritative servers were asked",
            "本机的 DNS 没有被拦截：已直接询问权威服务器",
        )
    client = ctx.services.doh
    if client is None:
        raise Skip(
            "DNS over HTTPS is off (--no-doh, or dnspython without its doh extra)",
            "DNS over HTTPS 已关闭（--no-doh，或 dnspython 没有安装 doh 扩展）",
        )
    endpoints = [e for e in client.endpoints if guard.allowed(e.address)]
    if not endpoints:
        raise Skip(
            "no DoH resolver may be asked (loopback-only mode: give --doh URL@ADDR:PORT)",
            "没有可询问的 DoH 解析器（仅回环模式：请给出 --doh URL@ADDR:PORT）",
        )
    name = target.challenge
    shown = name.to_text(omit_final_dot=True)
    if not ctx.options.expect and not ctx.options.query_public_anyway:
        return [Finding(DOH_NOT_ASKED, {"name": shown}, subject=target.display)]
    # Do no harm: one resolver first; the others only once it has seen the record.
    first: tuple[DohEndpoint, Reply] | None = None
    tried: list[tuple[DohEndpoint, Reply]] = []
    for endpoint in endpoints:
        reply = await client.ask(endpoint, name, "TXT")
        tried.append((endpoint, reply))
        if reply.ok and reply.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            first = (endpoint, reply)
            break
    if first is None:
        ev = tuple(Evidence(f"DoH {e.label} ({e.where})", r.failure) for e, r in tried)
        params = {"name": shown, "tried": ", ".join(f"{e.label}: {r.error}" for e, r in tried)}
        return [Finding(DOH_UNREACHABLE, params, ev, subject=target.display)]
    endpoint, reply = first
    values = _txt_in_answer(reply, name)
    rest = endpoints[endpoints.index(endpoint) + 1 :]
    answers = [first]
    udp: Reply | None = None
    if values:
        more, udp = await asyncio.gather(
            asyncio.gather(*(client.ask(e, name, "TXT") for e in rest)),
            # The same question over port 53 to the same address: what this host sees.
            ctx.services.dns.ask(endpoint.address, ctx.options.dns_port, name, "TXT", rd=True),
        )
        answers += list(zip(rest, more, strict=True))
    evidence = [Evidence(f"DoH {e.label} ({e.where})", _answer(r, name)) for e, r in answers]
    if udp is not None:
        evidence.append(Evidence(f"port 53 to {udp.where} (this host's path)", _answer(udp, name)))
    expected = set(ctx.options.expect)
    label = f"{endpoint.label} ({endpoint.address})"
    if not values:
        neg = _neg_ttl(reply)
        found = reply.rcode_text if reply.rcode != dns.rcode.NOERROR else Phrase(WORDS["no_txt"])
        ttl = Phrase(WORDS["seconds"], {"n": neg}) if neg is not None else "SOA MINIMUM"
        return [
            Finding(
                DOH_MISSING,
                {"name": shown, "resolver": label, "rcode": found, "neg_ttl": ttl},
                tuple(evidence),
                subject=target.display,
            )
        ]
    missing = sorted(expected - set(values))
    if missing:
        params = {
            "name": shown,
            "resolver": label,
            "values": ", ".join(f'"{v}"' for v in values),
            "missing": ", ".join(f'"{v}"' for v in missing),
        }
        return [Finding(DOH_OTHER_VALUE, params, tuple(evidence), subject=target.display)]
    seen = [f"{e.label}" for e, r in answers if expected <= set(_txt_in_answer(r, name))]
    params = {"name": shown, "seen": f"{len(seen)}/{len(answers)} ({', '.join(seen)})"}
    return [Finding(DOH_SEES, params, tuple(evidence), subject=target.display)]

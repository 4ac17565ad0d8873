"""DNSSEC: will the CA's validating resolver accept the challenge answer?

Let's Encrypt and the other CAs look up the challenge TXT through a validating resolver. A broken
chain of trust is SERVFAIL for them ("DNS problem: SERVFAIL looking up TXT") while the ACME client,
its propagation check and every non-validating resolver see the record. The classic case is a
provider move: the zone was signed at the old provider (Alibaba Cloud DNS signs in one click), the
DS record stayed at the registrar, and the new provider serves the zone unsigned.

This check walks the chain from the trust anchor (IANA's root KSKs, or ``--trust-anchor``) to the
challenge name (:mod:`dnsdoctor.checks.ca.dnssec_chain`) and names the first broken link with its
fix. Every server of the challenge's zone is asked (one server may serve an unsigned copy); the
zones above are asked once. Only authoritative servers are asked, so no resolver caches anything
(do no harm). RRSIG windows are compared with the measured time when the clock check has one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any

import dns.dnssec
import dns.edns
import dns.name
import dns.rcode
import dns.rdatatype
from dns.rdtypes.ANY.DNSKEY import DNSKEY
from dns.rdtypes.ANY.DS import DS

from dnsdoctor import providers
from dnsdoctor.checks.base import Skip, check, named
from dnsdoctor.checks.ca.dnssec_chain import (
    BOGUS,
    DEPRECATED,
    INSECURE,
    ROOT_ANCHORS,
    SECURE,
    UNKNOWN,
    AnchorError,
    KeysVerdict,
    SigVerdict,
    ZoneLink,
    algorithm_name,
    ask_zone,
    ds_for,
    ds_words,
    fmt_time,
    judge_denial,
    judge_keys,
    judge_signatures,
    key_words,
    known_servers,
    parse_anchors,
    rrset_of,
    sigs_of,
    true_now,
    zone_link,
    zone_path,
    zone_text,
)
from dnsdoctor.checks.ca.specs import (  # the family's codes and texts
    ALGORITHM,
    DENIAL_INVALID,
    DS_MISMATCH,
    DS_WITHOUT_DNSKEY,
    INSECURE_ZONE,
    LOOKUP_FAILED,
    RESOLVER_AGREES,
    RESOLVER_DISAGREES,
    RRSIG_EXPIRED,
    RRSIG_MISSING,
    RRSIG_NOT_YET_VALID,
    SECURE_CHAIN,
    SIGNATURE_INVALID,
)
from dnsdoctor.checks.ca.specs import (
    DNSSEC_FAMILY as F,
)
from dnsdoctor.checks.ca.specs import (
    DNSSEC_WORDS as WORDS,
)
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Phrase
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.challenge import ChallengeView, ServerView, challenge_view
from dnsdoctor.truth.iterate import Delegation, ResolutionError, delegation
from dnsdoctor.truth.path import Intercepted

SPECS = (
    DS_WITHOUT_DNSKEY,
    DS_MISMATCH,
    RRSIG_EXPIRED,
    RRSIG_NOT_YET_VALID,
    SIGNATURE_INVALID,
    RRSIG_MISSING,
    DENIAL_INVALID,
    ALGORITHM,
    LOOKUP_FAILED,
    SECURE_CHAIN,
    INSECURE_ZONE,
)

# --------------------------------------------------------------------------- providers

_OTHER_HOSTS: tuple[tuple[tuple[str, ...], str, str, str, str], ...] = (
    (
        ("cloudflare.com",),
        "Cloudflare",
        "Cloudflare",
        "dashboard → DNS → Settings → DNSSEC",
        "控制台 → DNS → Settings → DNSSEC",
    ),
    (
        ("huaweicloud.com", "hwclouds-dns"),
        "Huawei Cloud DNS",
        "华为云解析",
        "the zone's DNSSEC settings",
        "该区的 DNSSEC 设置",
    ),
)
"""DNS hosts that are no :mod:`dnsdoctor.providers` provider: name-server suffixes, their names
(en, zh) and where their console signs a zone (en, zh)."""


def provider_params(ns_names: Iterable[dns.name.Name]) -> dict[str, Phrase]:
    """Who serves the zone, from its NS names (:func:`dnsdoctor.providers.serving`, then the
    hosts without a provider of their own): its name and where it signs zones, as phrases of
    the provider's own metadata (its name in each language)."""
    texts = [n.to_text(omit_final_dot=True).lower() for n in ns_names]
    shown = ", ".join(sorted(texts)[:2]) or "?"
    name = Phrase(WORDS["unknown_provider"], {"servers": shown})
    hint = Phrase(WORDS["settings"])
    provider = providers.serving(texts)
    known: tuple[str, str, str, str] | None = None
    if provider is not None:
        title = provider.brand if provider.brand[0] else (provider.title, provider.title_zh)
        known = (*title, *provider.dnssec_settings)
    else:
        for suffixes, *host in _OTHER_HOSTS:
            if any(t.endswith(s) or s in t for t in texts for s in suffixes):
                known = (host[0], host[1], host[2], host[3])
                break
    if known is not None:
        name = Phrase(_literal(known[0], known[1]))
        if known[2]:
            hint = Phrase(_literal(known[2], known[3]))
    return {"provider": name, "provider_hint": hint}


def _literal(en: str, zh: str) -> dict[str, str]:
    """A catalogue entry of fixed words (a provider's name, where its console signs zones):
    braces escaped, as it is filled like any text."""
    return {
        "en": en.replace("{", "{{").replace("}", "}}"),
        "zh": zh.replace("{", "{{").replace("}", "}}"),
    }


# --------------------------------------------------------------------------- the check


def _anchors(ctx: Context) -> dict[dns.name.Name, list[DS | DNSKEY]]:
    text = ctx.options.trust_anchor_text or ROOT_ANCHORS
    try:
        return parse_anchors(text)
    except AnchorError as exc:  # the CLI reads the file first; a library caller may not
        raise Skip(Phrase(WORDS["anchor_unusable"], {"error": str(exc)})) from None


async def _offset(ctx: Context) -> float | None:
    """The clock offset the clock check measured (None without one)."""
    if ctx.options.no_clock:
        return None
    from dnsdoctor.checks.clock.checks import measurement

    try:
        m = await asyncio.wait_for(measurement(ctx), max(0.1, ctx.remaining() - 1.0))
    except Exception:  # the clock check reports its own failures
        return None
    return m.estimate.offset if m.estimate is not None and m.estimate.agreed else None


def _duration(seconds: float) -> str:
    seconds = abs(int(seconds))
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} d"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} h"
    if seconds >= 120:
        return f"{seconds // 60} min"
    return f"{seconds} s"


class _Problems:
    """Problems found at servers, grouped so that one finding names every server with it."""

    def __init__(self) -> None:
        self.groups: dict[tuple[Any, ...], tuple[Any, dict[str, Any], list[Evidence], list[str]]]
        self.groups = {}
        self.servers: dict[tuple[Any, ...], list[str]] = {}

    def add(
        self,
        key: tuple[Any, ...],
        server: str,
        spec: Any,
        params: dict[str, Any],
        evidence: Iterable[Evidence] = (),
        commands: Iterable[str] = (),
    ) -> None:
        if key not in self.groups:
            self.groups[key] = (spec, params, list(evidence), list(commands))
            self.servers[key] = []
        else:
            self.groups[key][2].extend(e for e in evidence if e not in self.groups[key][2])
        self.servers[key].append(server)

    def findings(self, subject: str) -> list[Finding]:
        out = []
        for key, (spec, params, evidence, commands) in self.groups.items():
            servers = self.servers[key]
            out.append(
                Finding(
                    spec,
                    {**params, "servers": ", ".join(servers)},
                    tuple(evidence),
                    tuple(commands),
                    subject=subject,
                )
            )
        return out


def _sig_problem(
    problems: _Problems,
    verdict: SigVerdict,
    server: str,
    rrset_text: str,
    base: dict[str, Any],
    now: float,
) -> None:
    sig = verdict.rrsig
    window: list[Evidence] = []
    if sig is not None:
        window.append(
            Evidence(
                f"RRSIG {rrset_text}",
                f"key tag {sig.key_tag}, {dns.dnssec.algorithm_to_text(sig.algorithm)}, "
                f"valid {fmt_time(sig.inception)} → {fmt_time(sig.expiration)} UTC",
            )
        )
        window.append(Evidence("judged at", f"{fmt_time(now)} UTC"))
    params = {**base, "rrset": rrset_text}
    if verdict.kind == "expired" and sig is not None:
        params |= {"expiration": fmt_time(sig.expiration), "ago": _duration(now - sig.expiration)}
        problems.add(("expired", rrset_text), server, RRSIG_EXPIRED, params, window)
    elif verdict.kind == "not-yet-valid" and sig is not None:
        params |= {"inception": fmt_time(sig.inception), "ahead": _duration(sig.inception - now)}
        problems.add(("not-yet", rrset_text), server, RRSIG_NOT_YET_VALID, params, window)
    elif verdict.kind == "missing":
        problems.add(("missing", rrset_text), server, RRSIG_MISSING, params)
    else:
        params["detail"] = verdict.detail
        problems.add(("invalid", rrset_text), server, SIGNATURE_INVALID, params, window)


def _chain_text(link: ZoneLink) -> str:
    return " → ".join(zl.words for zl in link.chain())


def _ds_ttl(link: ZoneLink) -> str:
    if link.ds_reply is not None:
        rrset = rrset_of(link.ds_reply, link.zone, dns.rdatatype.DS)
        if rrset is not None:
            return _duration(rrset.ttl)
    return "a day"


def _keys_problem(
    problems: _Problems,
    verdict: KeysVerdict,
    server: str,
    link: ZoneLink,
    base: dict[str, Any],
    now: float,
) -> None:
    zone = link.zone
    ds_text = ", ".join(f"key tag {ds_words(d)}" for d in link.ds)
    ds_ev = Evidence(
        f"DS at {zone_text(link.parent or dns.name.root)}",
        "; ".join(d.to_text() for d in link.ds),
    )
    params = {**base, "ds": ds_text, "ds_ttl": _ds_ttl(link)}
    if verdict.kind == "no-dnskey":
        ev = [
            Evidence("chain", _chain_text(link)),
            ds_ev,
            Evidence(f"{server} DNSKEY", verdict.detail + " (no DNSKEY: unsigned)"),
        ]
        problems.add(("no-dnskey",), server, DS_WITHOUT_DNSKEY, params, ev)
    elif verdict.kind == "mismatch":
        keys = ", ".join(sorted(key_words(k) for k in verdict.served))
        ksks = [k for k in verdict.served if k.flags & 1] or verdict.served
        ev = [Evidence("chain", _chain_text(link)), ds_ev, Evidence(f"{server} DNSKEY", keys)]
        commands = sorted(ds_for(zone, k) for k in ksks)
        problems.add(
            ("mismatch", keys), server, DS_MISMATCH, {**params, "keys": keys}, ev, commands
        )
    elif verdict.kind == "signature" and verdict.sig is not None:
        _sig_problem(problems, verdict.sig, server, f"{zone_text(zone)} DNSKEY", base, now)
    elif verdict.kind == "failed":
        params |= {"rdtype": "DNSKEY", "reason": verdict.detail}
        problems.add(("failed", "DNSKEY"), server, LOOKUP_FAILED, params)


def _link_findings(link: ZoneLink, base: dict[str, Any], now: float, subject: str) -> list[Finding]:
    """Findings about a broken link above the challenge's zone (or about the DS of it)."""
    problems = _Problems()
    zone = zone_text(link.zone)
    parent = zone_text(link.parent or dns.name.root)
    params = {**base, "zone": zone, "parent": parent}
    if link.problem == "ds-fetch":
        reason = link.ds_reply.failure if link.ds_reply and not link.ds_reply.ok else "SERVFAIL"
        if link.ds_reply is not None and link.ds_reply.ok:
            reason = link.ds_reply.rcode_text
        where = link.ds_reply.where if link.ds_reply else parent
        params |= {"rdtype": "DS", "reason": reason}
        problems.add(("failed",), where, LOOKUP_FAILED, params)
    elif link.problem == "ds-signature" and link.ds_sig is not None:
        where = link.ds_reply.where if link.ds_reply else parent
        _sig_problem(problems, link.ds_sig, where, f"{zone} DS", params | {"zone": parent}, now)
    elif link.problem == "ds-denial" and link.denial is not None and link.ds_reply is not None:
        params |= {
            "qname": zone,
            "qtype": "DS",
            "answer": "NODATA",
            "detail": link.denial.detail,
            "zone": parent,
        }
        problems.add(("denial",), link.ds_reply.where, DENIAL_INVALID, params)
    elif link.problem == "keys" and link.verdict is not None and link.keys_reply is not None:
        _keys_problem(problems, link.verdict, link.keys_reply.where, link, params, now)
    return problems.findings(subject)


async def _cname_findings(
    ctx: Context,
    view: ChallengeView,
    anchors: dict[dns.name.Name, list[DS | DNSKEY]],
    when: Awaitable[float],
    now: float,
    base: dict[str, Any],
    subject: str,
) -> tuple[list[Finding], bool]:
    """The signatures over each CNAME of the challenge's chain; True when all are secure."""
    out: list[Finding] = []
    secure = True
    for name in view.chain[:-1]:
        try:
            cut = await delegation(ctx, name, rdtype="TXT")
        except ResolutionError:
            continue
        path = _anchored(zone_path(cut.path), anchors)
        if path is None:
            continue
        link = await zone_link(ctx, path, anchors, when)
        if link.status != SECURE:
            secure = secure and link.status == INSECURE
            continue
        assert link.keys is not None
        reply = await ask_zone(ctx, link.zone, name, "TXT")
        cname = rrset_of(reply, name, dns.rdatatype.CNAME)
        if cname is None:
            continue
        verdict = judge_signatures(
            cname, sigs_of(reply, name, dns.rdatatype.CNAME), link.keys, link.zone, now
        )
        if not verdict.ok:
            secure = False
            problems = _Problems()
            params = {
                **base,
                "zone": zone_text(link.zone),
                "parent": zone_text(link.parent or dns.name.root),
                **provider_params(()),
            }
            rrset_text = f"{name.to_text(omit_final_dot=True)} CNAME"
            _sig_problem(problems, verdict, reply.where, rrset_text, params, now)
            out += problems.findings(subject)
    return out, secure


def _anchored(
    path: list[dns.name.Name], anchors: dict[dns.name.Name, list[DS | DNSKEY]]
) -> list[dns.name.Name] | None:
    """``path`` from its zone closest to the end that has a trust anchor."""
    for i in range(len(path) - 1, -1, -1):
        if path[i] in anchors:
            return path[i:]
    return None


def _label(sv: ServerView) -> str:
    return sv.label


@check(
    "dnssec.chain",
    family=F,
    specs=SPECS,
    requires=("dns.delegation",),
    summary={
        "en": "Validates the DNSSEC chain from the root trust anchor to the challenge TXT at "
        "every authoritative server, as the CA's validating resolver will",
        "zh": "像 CA 的验证解析器那样，在每台权威服务器上验证从根信任锚到验证 TXT 的 DNSSEC 信任链",
    },
)
async def dnssec_check(ctx: Context, target: Target | None) -> list[Finding]:
    target = named(target)
    return list(await chain_findings(ctx, target))


async def chain_findings(ctx: Context, target: Target) -> list[Finding]:
    """The chain's findings for ``target``, computed once per run (a Skip is shared too)."""
    return await ctx.memo(("dnssec-chain", target.raw), lambda: _chain(ctx, target))


async def _chain(ctx: Context, target: Target) -> list[Finding]:
    anchors = _anchors(ctx)
    when = asyncio.ensure_future(_when(ctx))
    prefetch: asyncio.Future[None] | None = None
    try:
        try:
            # The walk's zone cut comes before the view's per-server answers: the chain's
            # questions go out beside those, not after them.
            cut = await delegation(ctx, target.challenge, rdtype="TXT")
            prefetch = asyncio.ensure_future(_prefetch(ctx, target.challenge, cut, anchors, when))
            view = await challenge_view(ctx, target)
        except Intercepted as exc:
            raise Skip(exc.verdict.wording()) from None
        except ResolutionError:
            raise Skip(
                "the delegation could not be followed (see dns.delegation)",
                "无法跟踪委派（见 dns.delegation）",
            ) from None
        return await _chain_of(ctx, target, view, anchors, when)
    finally:
        for task in (when, prefetch):
            if task is not None and not task.done():
                task.cancel()


async def _when(ctx: Context) -> float:
    """The time to judge signatures at: this host's clock corrected by the measured offset."""
    return true_now(ctx, await _offset(ctx))


def _endpoint(where: str) -> tuple[str, int] | None:
    host, _, port = where.rpartition(":")
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        return None


async def _prefetch(
    ctx: Context,
    qname: dns.name.Name,
    cut: Delegation,
    anchors: dict[dns.name.Name, list[DS | DNSKEY]],
    when: Awaitable[float],
) -> None:
    """Start the chain's questions with the servers the walk found (answers land in memos)."""
    port = ctx.options.dns_port
    addrs = [a for _, a in cut.addresses()]
    servers = [(a, port) for a in addrs if ":" not in a] + [(a, port) for a in addrs if ":" in a]
    await known_servers(ctx, cut.zone, servers)
    parent = _endpoint(cut.parent_server)
    if cut.parent != dns.name.root and parent is not None:
        await known_servers(ctx, cut.parent, [parent])
    path = _anchored(zone_path(cut.path), anchors)
    if path is None:
        return
    ask = ctx.services.dns.ask
    await asyncio.gather(
        zone_link(ctx, path, anchors, when),
        *(ask(a, p, cut.zone, "DNSKEY", dnssec=True) for a, p in servers),
        *(ask(a, p, qname, "TXT", dnssec=True) for a, p in servers),
        return_exceptions=True,
    )


async def _chain_of(
    ctx: Context,
    target: Target,
    view: ChallengeView,
    anchors: dict[dns.name.Name, list[DS | DNSKEY]],
    when: asyncio.Future[float],
) -> list[Finding]:
    if view.zone_is_tld or view.chain_problem:
        raise Skip(
            "the challenge name has no zone of its own (see dns.delegation)",
            "验证名称没有自己的区（见 dns.delegation）",
        )
    path = _anchored(zone_path(view.cut.path), anchors)
    if path is None:
        raise Skip(
            "no trust anchor covers the challenge name's zone",
            "没有覆盖验证名称所在区的信任锚",
        )
    await known_servers(ctx, view.cut.zone, [(sv.address, sv.port) for sv in view.servers])
    link = await zone_link(ctx, path, anchors, when)
    now = await when
    subject = target.display
    name = view.effective.to_text(omit_final_dot=True)
    zone = view.cut.zone
    ns_names = view.parent_names | view.child_names()
    base: dict[str, Any] = {
        "name": target.challenge.to_text(omit_final_dot=True),
        "zone": zone_text(zone),
        "parent": zone_text(view.cut.parent),
        **provider_params(ns_names),
    }
    chain = link.chain()
    if chain[0].status != SECURE:
        anchor = zone_text(chain[0].zone)
        kind = chain[0].verdict.kind if chain[0].verdict else "failed"
        if kind == "no-dnskey":
            raise Skip(Phrase(WORDS["anchor_unsigned"], {"zone": anchor}))
        raise Skip(Phrase(WORDS["anchor_mismatch"], {"zone": anchor, "kind": kind}))
    # The CNAMEs before the record are judged in their own zones, beside the record's zone.
    cname_task = asyncio.ensure_future(
        _cname_findings(ctx, view, anchors, when, now, base, subject)
    )
    try:
        out, secure = await _zone_findings(ctx, view, link, base, now, subject)
    finally:
        cname_findings, cnames_secure = await cname_task
    if secure is not None and cnames_secure and not cname_findings:
        out.append(
            Finding(
                SECURE_CHAIN, {"name": name, "chain": _chain_text(link)}, secure, subject=subject
            )
        )
    return cname_findings + out


async def _zone_findings(
    ctx: Context,
    view: ChallengeView,
    link: ZoneLink,
    base: dict[str, Any],
    now: float,
    subject: str,
) -> tuple[list[Finding], tuple[Evidence, ...] | None]:
    """The findings about the record's zone, and the evidence of a secure chain when it is."""
    zone = view.cut.zone
    chain = link.chain()
    broken = next((zl for zl in chain if zl.status in (BOGUS, UNKNOWN)), None)
    if broken is not None and broken.zone != zone:
        # a zone above the challenge's: its link is the finding (one server asked)
        return _link_findings(broken, base, now, subject), None
    insecure = next((zl for zl in chain if zl.status == INSECURE), None)
    out: list[Finding] = []
    if (insecure is not None and insecure.zone != zone) or (
        insecure is not None and not insecure.ds
    ):
        assert insecure is not None
        params = {**base, "zone": zone_text(insecure.zone)}
        params["parent"] = zone_text(insecure.parent or dns.name.root)
        ev = [Evidence("chain", _chain_text(insecure))]
        if insecure.denial is not None:
            ev.append(Evidence("no DS", insecure.denial.detail))
        return [Finding(INSECURE_ZONE, params, tuple(ev), subject=subject)], None
    if link.unsupported:
        deprecated = all(a in DEPRECATED for a in link.unsupported)
        effect = Phrase(WORDS["deprecated" if deprecated else "unsupported"])
        params = {
            **base,
            "algorithms": ", ".join(algorithm_name(a) for a in link.unsupported),
            "effect": effect,
        }
        out.append(Finding(ALGORITHM, params, subject=subject))
        if link.status == INSECURE:
            return out, None
    if link.problem in ("ds-fetch", "ds-signature", "ds-denial"):
        return out + _link_findings(link, base, now, subject), None
    # The challenge's zone has a DS: every server must serve keys that match it and sign.
    problems = _Problems()
    port = ctx.options.dns_port
    ask = ctx.services.dns.ask
    servers = [sv for sv in view.servers if sv.reachable]

    async def per_server(sv: ServerView) -> tuple[ServerView, KeysVerdict, Reply | None]:
        reply, txt = await asyncio.gather(
            ask(sv.address, port, zone, "DNSKEY", dnssec=True),
            ask(sv.address, port, view.effective, "TXT", dnssec=True),
        )
        return sv, judge_keys(zone, list(link.ds), reply, now), txt

    results = await asyncio.gather(*(per_server(sv) for sv in servers))
    secure_servers = 0
    for sv, verdict, txt in results:
        if verdict.kind != "secure":
            _keys_problem(problems, verdict, _label(sv), link, base, now)
            continue
        assert verdict.keys is not None and txt is not None
        if not _judge_txt(problems, sv, txt, view, zone, verdict, base, now):
            continue
        secure_servers += 1
    out += problems.findings(subject)
    if problems.groups or not secure_servers:
        return out, None
    ev = [Evidence("chain", _chain_text(link))]
    for sv, verdict, _ in results:
        ev.append(
            Evidence(
                f"{_label(sv)} DNSKEY", ", ".join(sorted(key_words(k) for k in verdict.served))
            )
        )
    return out, tuple(ev)


def _judge_txt(
    problems: _Problems,
    sv: ServerView,
    txt: Reply,
    view: ChallengeView,
    zone: dns.name.Name,
    verdict: KeysVerdict,
    base: dict[str, Any],
    now: float,
) -> bool:
    """The signature over the challenge TXT (or the proof of its absence) from one server."""
    assert verdict.keys is not None
    label = _label(sv)
    if not txt.ok or txt.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return False  # dns.servers reports servers that fail
    qname = view.effective
    rrset = rrset_of(txt, qname, dns.rdatatype.TXT)
    shown = qname.to_text(omit_final_dot=True)
    if rrset is not None:
        sig = judge_signatures(
            rrset, sigs_of(txt, qname, dns.rdatatype.TXT), verdict.keys, zone, now
        )
        if not sig.ok:
            _sig_problem(problems, sig, label, f"{shown} TXT", base, now)
            return False
        return True
    denial = judge_denial(txt, qname, dns.rdatatype.TXT, zone, verdict.keys, now)
    if denial.ok:
        return True
    if denial.sig is not None and denial.sig.kind != "missing":
        _sig_problem(problems, denial.sig, label, denial.detail, base, now)
        return False
    answer = "NXDOMAIN" if txt.rcode == dns.rcode.NXDOMAIN else "NODATA"
    params = {**base, "qname": shown, "qtype": "TXT", "answer": answer, "detail": denial.detail}
    evidence = [
        Evidence(
            f"{label} TXT",
            f"{answer}; "
            + "; ".join(
                str(r)
                for r in (txt.message.authority if txt.message else [])
                if r.rdtype in (dns.rdatatype.NSEC, dns.rdatatype.NSEC3)
            ),
        )
    ]
    problems.add(("denial", answer), label, DENIAL_INVALID, params, evidence)
    return False


_BOGUS_CODES = frozenset(
    s.code
    for s in (
        DS_WITHOUT_DNSKEY,
        DS_MISMATCH,
        RRSIG_EXPIRED,
        RRSIG_NOT_YET_VALID,
        SIGNATURE_INVALID,
        RRSIG_MISSING,
        DENIAL_INVALID,
    )
)


def _ede(reply: Reply) -> str:
    """The Extended DNS Errors of a reply (RFC 8914): `` (EDE 9 DNSKEY Missing: text)``."""
    if reply.message is None:
        return ""
    parts = []
    for option in reply.message.options:
        if isinstance(option, dns.edns.EDEOption):
            words = dns.edns.EDECode.to_text(option.code).replace("_", " ")
            text = f": {option.text}" if option.text else ""
            parts.append(f"EDE {int(option.code)} {words}{text}")
    return f" ({'; '.join(parts)})" if parts else ""


@check(
    "dnssec.resolvers",
    family=F,
    specs=(RESOLVER_AGREES, RESOLVER_DISAGREES),
    requires=("dnssec.chain",),
    summary={
        "en": "When the chain is broken: what validating public resolvers answer for the "
        "challenge, with and without Checking Disabled (and their Extended DNS Errors)",
        "zh": "信任链断开时：验证 DNSSEC 的公共解析器对验证名称的应答（带与不带 CD 位），以及它们的扩展 DNS 错误",
    },
)
async def resolvers_check(ctx: Context, target: Target | None) -> list[Finding]:
    from dnsdoctor.checks.resolvers.checks import plan, zone_truth

    target = named(target)
    try:
        chain = await chain_findings(ctx, target)
    except Skip as exc:
        raise Skip(exc.reason) from None
    if not any(f.code in _BOGUS_CODES for f in chain):
        raise Skip("the DNSSEC chain is not broken", "DNSSEC 信任链没有断开")
    resolvers = (await plan(ctx)).public
    if not resolvers:
        raise Skip(
            "no public resolver to ask (--no-public, or loopback-only mode: give --resolver)",
            "没有可询问的公共解析器（--no-public，或仅回环模式：请给出 --resolver）",
        )
    view = await challenge_view(ctx, target)
    # Do no harm: a resolver is asked about the challenge name only once it is served
    # everywhere, as for the TXT itself (dnsdoctor.checks.resolvers.checks).
    if not zone_truth(view, ctx.options.expect).served and not ctx.options.query_public_anyway:
        raise Skip(
            "the challenge record is not served yet: no resolver is asked about it (do no "
            "harm; --query-public-anyway)",
            "验证记录尚未在所有服务器上提供：不向解析器询问它（避免副作用；可用 --query-public-anyway）",
        )
    ask = ctx.services.dns.ask
    name = target.challenge
    shown = name.to_text(omit_final_dot=True)
    checked, unchecked = await asyncio.gather(
        asyncio.gather(
            *(ask(r.address, r.port, name, "TXT", rd=True, dnssec=True) for r in resolvers)
        ),
        asyncio.gather(
            *(ask(r.address, r.port, name, "TXT", rd=True, dnssec=True, cd=True) for r in resolvers)
        ),
    )
    out: list[Finding] = []
    for r, plain, cd in zip(resolvers, checked, unchecked, strict=True):
        if not plain.ok:
            continue
        evidence = (
            Evidence(f"@{r.endpoint} TXT", f"{plain.rcode_text}{_ede(plain)}"),
            Evidence(f"@{r.endpoint} TXT +cd", cd.rcode_text if cd.ok else cd.failure),
        )
        params = {"resolver": r.label, "name": shown, "rcode": plain.rcode_text}
        if plain.rcode == dns.rcode.SERVFAIL:
            if cd.ok and cd.rcode == dns.rcode.NOERROR:
                out.append(
                    Finding(
                        RESOLVER_AGREES,
                        {**params, "ede": _ede(plain)},
                        evidence,
                        subject=target.display,
                    )
                )
        elif plain.rcode == dns.rcode.NOERROR:
            out.append(Finding(RESOLVER_DISAGREES, params, evidence, subject=target.display))
    return out

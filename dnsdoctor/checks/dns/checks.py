"""DNS checks: what the authoritative servers of a challenge name really serve.

Every check here reads the same memoised :func:`~dnsdoctor.truth.challenge.challenge_view`; none sends a
question another check already asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.checks.base import Skip, check, named
from dnsdoctor.checks.dns.served import brand_words, worded, zone_provider
from dnsdoctor.checks.dns.specs import (  # the family's codes and texts
    ADDRESS_TIMEOUT,
    CNAME_BROKEN,
    CNAME_DELEGATED,
    CNAME_FOLLOWED,
    CNAME_WITH_DATA,
    DOUBLE_LABEL,
    IPV6_UNTESTED,
    NOT_DELEGATED,
    NS_CYCLE,
    NS_LOOKUP_LIMIT,
    NS_MISMATCH,
    NS_NO_ADDRESS,
    RESOLUTION_FAILED,
    SERIAL_LAG,
    SERVER_LAME,
    SERVER_MALFORMED,
    SERVER_TIMEOUT,
    TCP_FAILED,
    TXT_ABSENT,
    TXT_EXTRA,
    TXT_INCONSISTENT,
    TXT_MISSING,
    TXT_NOT_FOUND,
    TXT_OTHER_VALUE,
    TXT_PRESENT,
    TXT_TRUNCATED,
    WILDCARD_TXT,
    WORDS,
    F,
)
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Phrase, Severity, Wording
from dnsdoctor.net.dns import NO_ROUTE_V6
from dnsdoctor.truth.challenge import ChallengeView, ServerView, challenge_view, txt_values
from dnsdoctor.truth.iterate import NsCycleError, ResolutionError
from dnsdoctor.truth.path import Intercepted

T = TypeVar("T")


def _quoted(value: str) -> str:
    """A TXT value in quotes. Not repr(): the value is already visible (a control character is
    ``\x1b``, :func:`~dnsdoctor.outside.from_wire`), repr() would escape its backslash again."""
    return f"'{value}'"


def _server_subject(target: Target, sv: ServerView) -> str:
    return f"{target.display}|{sv.address}"


def _answer_text(reply_rcode: str, values: list[str] | None) -> str:
    """The answer in protocol words (NXDOMAIN, NODATA, TXT "…"), the same in every language."""
    if values:
        return "TXT " + ", ".join(f'"{v}"' for v in values)
    return {"NOERROR": "NODATA"}.get(reply_rcode, reply_rcode)


def _rrset_ev(sv: ServerView) -> Evidence:
    return Evidence(
        f"{sv.label} TXT",
        sv.txt.rcode_text
        + (
            " " + "; ".join(str(r) for r in sv.txt.message.answer)
            if sv.txt.message
            else f" ({sv.txt.detail})"
        ),
    )


async def _view(ctx: Context, target: Target | None) -> ChallengeView:
    target = named(target)
    try:
        return await challenge_view(ctx, target)
    except Intercepted as exc:
        raise Skip(exc.verdict.wording()) from None


def _wildcard_values(view: ChallengeView) -> list[str] | None:
    """The TXT values a random sibling of the challenge name gets (a wildcard's), if any server
    answered that question."""
    if view.control_name is None:
        return None
    for sv in view.servers:
        if sv.control is not None:
            vals = txt_values(sv.control, view.control_name)
            if vals is not None:
                return vals
    return None


async def _from_provider(ctx: Context, coro: Coroutine[Any, Any, T]) -> T | None:
    """What the DNS provider's API says, when credentials are at hand and it answers in time.

    The credential checks make the same (memoised) calls; a DNS check only reads them, and never
    waits past the run's budget for them: without an answer the DNS finding stands on its own."""
    if "creds" in ctx.options.ignore:
        coro.close()
        return None
    task = asyncio.ensure_future(coro)
    done, _ = await asyncio.wait({task}, timeout=max(0.0, ctx.remaining() - 1.0))
    if task not in done:
        return None
    try:
        return task.result()
    except Exception:  # no credentials, zone not in the account, an API error: creds.* say so
        return None


def _age_text(seconds: float, lang: str) -> str:
    """A record's age in words."""
    s = max(0, int(seconds))
    zh = lang == "zh"
    if s < 120:
        return f"{s} 秒" if zh else f"{s} s"
    if s < 7200:
        return f"{s // 60} 分钟" if zh else f"{s // 60} min"
    if s < 2 * 86400:
        return f"{s // 3600} 小时" if zh else f"{s // 3600} h"
    return f"{s // 86400} 天" if zh else f"{s // 86400} days"


@dataclass(frozen=True)
class RecordAge(Wording):
    """How long ago the DNS provider last changed a record, naming the provider:
    " (updated 5 min ago at DNSPod)" / "（5 分钟前在DNSPod 中更新）"."""

    seconds: float
    provider: str
    provider_zh: str
    """The provider's name in each language (its own metadata, not data of the run)."""

    def render(self, lang: str) -> str:
        age = _age_text(self.seconds, lang)
        if lang != "zh":
            return f" (updated {age} ago at {self.provider})"
        sep = " " if self.provider_zh[-1:].isascii() else ""
        return f"（{age}前在{self.provider_zh}{sep}中更新）"


async def _record_ages(
    ctx: Context, zone: str, host: str, values: Iterable[str]
) -> tuple[dict[str, RecordAge], list[Evidence]]:
    """For each value, its age where the DNS provider says when it last changed (DNSPod's
    UpdatedOn), in words that name the provider, with evidence."""
    from dnsdoctor.checks.creds import checks as creds

    async def read() -> tuple[list[Any] | None, Any]:
        state = await creds.records_state(ctx, zone, host)
        return state.records, (await creds.identity_state(ctx)).provider

    got = await _from_provider(ctx, read())
    if got is None:
        return {}, []
    records, provider = got
    wanted = set(values)
    ages: dict[str, RecordAge] = {}
    evidence: list[Evidence] = []
    now = ctx.clock()
    for r in records or []:
        if r.value not in wanted:
            continue
        age = None
        if r.updated_at is not None:
            age = RecordAge(now - r.updated_at, provider.title, provider.title_zh)
            ages.setdefault(r.value, age)
        shown = f'"{r.value}"' + (
            f" updated {r.updated_text} ({provider.timestamp_zone})" if r.updated_text else ""
        )
        shown += f", {_age_text(age.seconds, 'en')} ago" if age else ""
        evidence.append(Evidence(f"{provider.title} RecordId {r.record_id}", shown))
    return ages, evidence


@check(
    "dns.delegation",
    family=F,
    specs=(
        RESOLUTION_FAILED,
        NS_CYCLE,
        NS_LOOKUP_LIMIT,
        NOT_DELEGATED,
        NS_NO_ADDRESS,
        CNAME_FOLLOWED,
        CNAME_BROKEN,
        CNAME_WITH_DATA,
    ),
    summary={
        "en": "Follows the delegation from the root and the CNAME chain of the challenge name",
        "zh": "从根开始跟踪委派链和验证名称的 CNAME 链",
    },
    commands=("check", "preflight"),
)
async def delegation_check(ctx: Context, target: Target | None) -> list[Finding]:
    assert target is not None
    name = target.challenge.to_text(omit_final_dot=True)
    try:
        view = await _view(ctx, target)
    except NsCycleError as exc:
        zone = (exc.zone or target.challenge.parent().to_text()).rstrip(".") or "."
        evidence = [Evidence("loop", exc.text)]
        seen: set[str] = set()
        for link_zone, names in reversed(exc.links):  # outermost first
            if link_zone not in seen:
                seen.add(link_zone)
                shown = ", ".join(n.rstrip(".") for n in names)
                evidence.append(Evidence(link_zone.rstrip("."), f"NS {shown}: no glue, no address"))
        return [
            Finding(
                # the loop's name servers are no provider's: --provider NAME tells, or the
                # credentials of only one provider
                worded(NS_CYCLE, await zone_provider(ctx)),
                {"zone": zone, "chain": exc.text},
                tuple(evidence),
                subject=target.display,
            )
        ]
    except ResolutionError as exc:
        ev = tuple(Evidence(r.where, f"{r.rcode_text} {r.detail}".strip()) for r in exc.replies[:8])
        failed = Finding(
            RESOLUTION_FAILED, {"name": name, "reason": str(exc)}, ev, subject=target.display
        )
        if exc.limit is None:
            return [failed]
        params = {"zone": exc.limit.zone.rstrip(".") or ".", "count": exc.limit.count}
        params["looked_up"] = exc.limit.looked_up
        return [failed, Finding(NS_LOOKUP_LIMIT, params, subject=target.display)]
    out: list[Finding] = []
    if view.not_looked_up:
        count = len(view.parent_names | view.child_names())
        shown = ", ".join(n.to_text(omit_final_dot=True) for n in view.not_looked_up[:5])
        more = len(view.not_looked_up) - 5
        out.append(
            Finding(
                NS_LOOKUP_LIMIT,
                {
                    "zone": view.cut.zone.to_text(omit_final_dot=True),
                    "count": count,
                    "looked_up": count - len(view.not_looked_up),
                },
                (Evidence("not looked up", shown + (f" and {more} more" if more > 0 else "")),),
                subject=target.display,
            )
        )
    path = Evidence("delegation path", " → ".join(view.cut.path))
    if view.zone_is_tld:
        zone = view.cut.zone.to_text()
        rcode = (
            "NXDOMAIN"
            if any(s.txt.rcode == dns.rcode.NXDOMAIN for s in view.servers)
            else "no delegation"
        )
        out.append(
            Finding(
                # the TLD answers: --provider NAME tells which provider is meant, or the
                # credentials of only one provider
                worded(NOT_DELEGATED, await zone_provider(ctx)),
                {"name": target.display, "zone": zone, "rcode": rcode},
                (path,),
                subject=target.display,
            )
        )
    for ns, reason in view.unresolved:
        out.append(
            Finding(
                NS_NO_ADDRESS,
                {
                    "ns": ns.to_text(omit_final_dot=True),
                    "zone": view.cut.zone.to_text(),
                    "reason": reason,
                },
                subject=target.display,
            )
        )
    chain = " → ".join(n.to_text(omit_final_dot=True) for n in view.chain)
    if view.chain_problem:
        out.append(
            Finding(
                CNAME_BROKEN,
                {"challenge": name, "problem": view.chain_problem, "chain": chain},
                subject=target.display,
            )
        )
    elif len(view.chain) > 1:
        out.append(
            Finding(
                CNAME_FOLLOWED,
                {
                    "challenge": name,
                    "target": view.effective.to_text(omit_final_dot=True),
                    "zone": view.cut.zone.to_text(),
                },
                (Evidence("CNAME chain", chain), path),
                subject=target.display,
            )
        )
    if view.origin_cname is not None and view.origin_txt is not None:
        has_cname = view.origin_cname.answer_rrset(dns.rdatatype.CNAME) is not None
        has_txt = view.origin_txt.answer_rrset(dns.rdatatype.TXT) is not None
        if has_cname and has_txt:
            out.append(
                Finding(
                    CNAME_WITH_DATA, {"challenge": name, "types": "TXT"}, subject=target.display
                )
            )
    return out


@check(
    "dns.cname_target",
    family=F,
    specs=(CNAME_DELEGATED,),
    requires=("dns.delegation",),
    summary={
        "en": "Whether a CNAME'd challenge leaves your zone for one your DNS provider account "
        "does not hold (acme-dns and similar delegation)",
        "zh": "经 CNAME 委派的验证记录是否指向了 DNS 服务商账号之外的区（acme-dns 等委派方式）",
    },
    commands=("check", "preflight"),
)
async def cname_target(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    if len(view.chain) < 2 or view.chain_problem or view.origin is None:
        return []
    zone, origin = view.cut.zone, view.origin.zone
    if zone == origin:
        return []
    zone_text = zone.to_text(omit_final_dot=True)
    expect = set(ctx.options.expect)
    answers = [v for sv in view.servers if (v := sv.txt_values(view.effective)) is not None]
    if expect and answers and all(expect <= set(v) for v in answers):
        return []  # whoever runs the target zone writes the token: the delegation works
    held, domains, cloud = await _zone_in_account(ctx, zone_text)
    servers = {sv.host for sv in view.servers} | view.parent_names
    if held is True:
        return []  # the client writes there with the same key: the TXT findings say where
    if held is None and (
        not expect or not answers or not servers.isdisjoint({h.name for h in view.origin.ns})
    ):
        # Without the account's word, only a zone on other name servers is someone else's, and
        # only a missing token makes that a problem.
        return []
    names = ", ".join(sorted(n.to_text(omit_final_dot=True) for n in servers))
    origin_text = origin.to_text(omit_final_dot=True)
    if held is False:
        where = Phrase(WORDS["zone_not_in_account"], {"zone": zone_text, "cloud": cloud})
    else:
        where = Phrase(
            WORDS["zone_elsewhere"], {"zone": zone_text, "servers": names, "origin": origin_text}
        )
    chain = " → ".join(n.to_text(omit_final_dot=True) for n in view.chain)
    evidence = [Evidence("CNAME chain", chain), Evidence(f"name servers of {zone_text}", names)]
    if domains is not None:
        shown = ", ".join(domains[:10]) + (f" (+{len(domains) - 10})" if len(domains) > 10 else "")
        evidence.append(Evidence("domains in this account", shown or "none"))
    return [
        Finding(
            # the ACME client writes through the provider of the zone the CNAME leaves
            worded(CNAME_DELEGATED, await zone_provider(ctx, (h.name for h in view.origin.ns))),
            {
                "challenge": view.chain[0].to_text(omit_final_dot=True),
                "target": view.effective.to_text(omit_final_dot=True),
                "zone": zone_text,
                "origin": origin_text,
                "servers": names,
                "where": where,
            },
            tuple(evidence),
            subject=target.display,
        )
    ]


async def _zone_in_account(
    ctx: Context, zone: str
) -> tuple[bool | None, list[str] | None, Phrase | None]:
    """Whether the provider account of the key at hand holds ``zone`` (DescribeDomainList, which
    lego calls first), the account's domains and the provider's name; ``(None, None, None)``
    without an answer."""
    from dnsdoctor.checks.creds import checks as creds

    listing = await _from_provider(ctx, creds.list_state(ctx))
    if listing is None or listing.domains is None:
        return None, None, None
    state = await creds.identity_state(ctx)  # the list's own (memoised) identity
    cloud = brand_words(state.provider)
    return listing.holds(zone), [d.name for d in listing.domains], cloud


@check(
    "dns.ns_consistency",
    family=F,
    specs=(NS_MISMATCH,),
    requires=("dns.delegation",),
    summary={
        "en": "Compares the parent's referral (registrar) with the zone's own NS set",
        "zh": "比较上级委派（注册商处）与区内自身的 NS 记录",
    },
    commands=("check", "preflight"),
)
async def ns_consistency(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    parent = view.parent_names
    sets: dict[str, set[dns.name.Name]] = {}
    for s in view.servers:
        rrset = s.apex_ns.answer_rrset(dns.rdatatype.NS, view.cut.zone) if s.apex_ns else None
        if rrset is not None and s.apex_ns is not None and s.apex_ns.aa:
            sets[s.address] = {rr.target for rr in rrset}
    if not sets or all(v == parent for v in sets.values()):
        return []
    # The provider's NS set: the one listed by the servers that serve the expected token, else the
    # one most servers list.
    expect = set(ctx.options.expect)
    serving = [
        s
        for s in view.servers
        if s.address in sets and expect and expect <= set(s.txt_values(view.effective) or [])
    ]
    pool = [sets[s.address] for s in serving] or list(sets.values())
    child = max(pool, key=lambda v: (pool.count(v), sorted(v)))
    lister = next(s for s in view.servers if sets.get(s.address) == child)

    def names(s: Iterable[dns.name.Name]) -> str:
        return ", ".join(sorted(n.to_text(omit_final_dot=True) for n in s))

    if parent == child:
        return []
    only_parent = parent - child
    related = tuple(_server_subject(target, s) for s in view.servers if s.host not in child)
    severity = Severity.ERROR if only_parent else Severity.WARNING
    ev = [Evidence(f"referral from {view.cut.parent_server}", names(parent))]
    for s in view.servers:
        if s.address in sets:
            ev.append(Evidence(f"NS at {s.label}", names(sets[s.address])))
    return [
        Finding(
            NS_MISMATCH,
            {
                "zone": view.cut.zone.to_text(omit_final_dot=True),
                "parent": names(parent),
                "child": names(child),
                "lister": lister.host.to_text(omit_final_dot=True),
            },
            tuple(ev),
            severity=severity,
            subject=target.display,
            related=related,
        )
    ]


@check(
    "dns.servers",
    family=F,
    specs=(
        SERVER_TIMEOUT,
        ADDRESS_TIMEOUT,
        SERVER_LAME,
        SERVER_MALFORMED,
        TCP_FAILED,
        IPV6_UNTESTED,
    ),
    requires=("dns.delegation",),
    summary={
        "en": "Asks every authoritative server address over UDP and TCP: reachable, "
        "authoritative, well-formed",
        "zh": "通过 UDP 和 TCP 询问每个权威服务器地址：是否可达、是否权威、应答是否合法",
    },
    commands=("check", "preflight"),
)
async def servers_check(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    out: list[Finding] = []
    untested = 0
    zone = view.cut.zone.to_text()
    # A server that answers on one address is alive: a dead address of it is that address's fault.
    answering: dict[dns.name.Name, list[str]] = {sv.host: [] for sv in view.servers}
    for sv in view.servers:
        if sv.soa.ok and sv.authoritative:
            answering[sv.host].append(sv.address)
    for sv in view.servers:
        subj = _server_subject(target, sv)
        if sv.soa.error == NO_ROUTE_V6:
            untested += 1
            continue
        if not sv.soa.ok and not sv.txt.ok:
            kind = SERVER_MALFORMED if sv.soa.error == "malformed" else SERVER_TIMEOUT
            # A truncated UDP answer is retried over TCP: sv.soa is then the TCP retry's outcome.
            udp = (
                "answered truncated (TC=1)"
                if sv.soa.truncated_udp
                else sv.soa.detail or sv.soa.rcode_text
            )
            params = {
                "server": sv.label,
                "udp": udp,
                "tcp": sv.soa_tcp.detail or sv.soa_tcp.rcode_text,
                "detail": sv.soa.detail,
            }
            working = answering[sv.host]
            if kind is SERVER_TIMEOUT and working:
                kind = ADDRESS_TIMEOUT
                params["host"] = sv.host.to_text(omit_final_dot=True)
                params["working"] = ", ".join(working)
            out.append(Finding(kind, params, subject=subj))
            continue
        if not sv.authoritative:
            answer = sv.soa.rcode_text if sv.soa.rcode != dns.rcode.NOERROR else "NOERROR, AA=0"
            out.append(
                Finding(
                    SERVER_LAME, {"server": sv.label, "zone": zone, "answer": answer}, subject=subj
                )
            )
            continue
        if not sv.soa_tcp.ok:
            out.append(
                Finding(
                    TCP_FAILED,
                    {"server": sv.label, "detail": sv.soa_tcp.detail or sv.soa_tcp.rcode_text},
                    subject=subj,
                )
            )
    if untested:
        out.append(Finding(IPV6_UNTESTED, {"count": untested}, subject=target.display))
    return out


def _serial_gt(a: int, b: int) -> bool:
    """``a`` is newer than ``b`` under RFC 1982 §3.2 (32-bit serial number arithmetic)."""
    return a != b and ((a > b and a - b < 2**31) or (a < b and b - a > 2**31))


@check(
    "dns.serials",
    family=F,
    specs=(SERIAL_LAG,),
    requires=("dns.delegation",),
    summary={
        "en": "Compares the SOA serial of every authoritative server",
        "zh": "比较各权威服务器的 SOA 序列号",
    },
    commands=("check", "preflight"),
)
async def serials_check(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    serials = {sv.address: sv.serial for sv in view.servers if sv.serial is not None}
    if len(set(serials.values())) <= 1:
        return []
    values = set(serials.values())
    # RFC 1982 serial arithmetic: the newest serial is the one no other serial is greater than.
    latest = next(c for c in sorted(values) if not any(_serial_gt(o, c) for o in values))
    leader = next(sv for sv in view.servers if sv.serial == latest)
    ev = tuple(
        Evidence(sv.label, f"serial {sv.serial}") for sv in view.servers if sv.serial is not None
    )
    return [
        Finding(
            worded(SERIAL_LAG, await zone_provider(ctx, view.parent_names)),
            {"server": sv.label, "serial": sv.serial, "leader": leader.label, "latest": latest},
            ev,
            subject=_server_subject(target, sv),
            related=(_server_subject(target, sv),),
        )
        for sv in view.servers
        if sv.serial is not None and sv.serial != latest
    ]


@check(
    "dns.txt",
    family=F,
    specs=(
        TXT_MISSING,
        TXT_NOT_FOUND,
        TXT_OTHER_VALUE,
        TXT_EXTRA,
        TXT_PRESENT,
        TXT_ABSENT,
        TXT_INCONSISTENT,
        TXT_TRUNCATED,
    ),
    requires=("dns.delegation",),
    summary={
        "en": "Reads the TXT RRset at the challenge name from every server and matches "
        "each --expect value exactly",
        "zh": "从每个服务器读取验证名称上的 TXT 记录集，并精确匹配每个 --expect 值",
    },
    commands=("check", "preflight"),
)
async def txt_check(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    name = view.effective.to_text(omit_final_dot=True)
    zone = view.cut.zone
    host = view.effective.relativize(zone).to_text() if view.effective.is_subdomain(zone) else name
    expect = list(ctx.options.expect)
    out: list[Finding] = []
    answering: dict[str, list[str]] = {}
    misses: list[tuple[ServerView, list[str], list[str]]] = []
    for sv in view.servers:
        values = sv.txt_values(view.effective)
        if values is None:
            continue  # reported by dns.servers
        answering[sv.label] = values
        if sv.txt.truncated_udp:
            out.append(
                Finding(TXT_TRUNCATED, {"server": sv.label}, subject=_server_subject(target, sv))
            )
        missing = [e for e in expect if e not in values]
        if missing:
            misses.append((sv, values, missing))
    params = {"name": name, "zone": zone.to_text(omit_final_dot=True), "host": host}
    if misses and len(misses) == len(answering) and (len(answering) > 1 or len(view.servers) == 1):
        # Nobody serves it: one finding, not one per server.
        missing_all = sorted({m for _, _, ms in misses for m in ms})
        others = sorted({v for _, vals, _ in misses for v in vals if v not in expect})
        wildcard = _wildcard_values(view) if len(view.chain) == 1 else None
        if others and not (wildcard and set(others) <= set(wildcard)):
            # Every other value is named there: "besides the expected one" would be false.
            out.append(await _other_value(ctx, view, target, params, missing_all, others, misses))
            return out
        out.append(
            Finding(
                TXT_NOT_FOUND,
                {
                    **params,
                    "expect": ", ".join(missing_all),
                    "answer": "; ".join(
                        f"{sv.host.to_text(omit_final_dot=True)}: "
                        f"{_answer_text(sv.txt.rcode_text, v)}"
                        for sv, v, _ in misses
                    ),
                },
                (
                    *(_rrset_ev(sv) for sv, _, _ in misses),
                    Evidence("expected", ", ".join(expect)),
                ),
                subject=target.display,
            )
        )
    else:
        for sv, values, missing in misses:
            out.append(
                Finding(
                    TXT_MISSING,
                    {
                        **params,
                        "server": sv.label,
                        "expect": ", ".join(missing),
                        "answer": _answer_text(sv.txt.rcode_text, values),
                    },
                    (_rrset_ev(sv), Evidence("expected", ", ".join(expect))),
                    subject=_server_subject(target, sv),
                )
            )
    if not answering:
        return out
    if expect:
        return out + _extra_values(name, answering, expect, target.display)
    distinct = {tuple(v) for v in answering.values()}
    if len(distinct) > 1:
        detail = "; ".join(f"{k}: {v or 'none'}" for k, v in answering.items())
        out.append(
            Finding(TXT_INCONSISTENT, {"name": name, "detail": detail}, subject=target.display)
        )
    elif distinct == {()}:
        out.append(Finding(TXT_ABSENT, {"name": name}, subject=target.display))
    else:
        shown = ", ".join(_quoted(v) for v in next(iter(distinct)))
        out.append(Finding(TXT_PRESENT, {"name": name, "values": shown}, subject=target.display))
    return out


def _extra_values(
    name: str, answering: dict[str, list[str]], expect: list[str], subject: str
) -> list[Finding]:
    extra = sorted({v for vals in answering.values() for v in vals if v not in expect})
    if not extra:
        return []
    shown = ", ".join(_quoted(v) for v in extra[:3]) + (", …" if len(extra) > 3 else "")
    return [
        Finding(TXT_EXTRA, {"name": name, "count": len(extra), "values": shown}, subject=subject)
    ]


async def _other_value(
    ctx: Context,
    view: ChallengeView,
    target: Target,
    params: dict[str, str],
    missing: list[str],
    others: list[str],
    misses: list[tuple[ServerView, list[str], list[str]]],
) -> Finding:
    """The record is there with another value: say which, and how old it is where the DNS
    provider knows."""
    ages, provider_ev = await _record_ages(ctx, params["zone"], params["host"], others)
    age: RecordAge | str = ""
    if len(others) == 1 and others[0] in ages:
        age = ages[others[0]]
    return Finding(
        TXT_OTHER_VALUE,
        {
            **params,
            "expect": ", ".join(missing),
            "values": ", ".join(f'"{v}"' for v in others[:3]) + (", …" if len(others) > 3 else ""),
            "age": age,
        },
        (
            *(_rrset_ev(sv) for sv, _, _ in misses),
            Evidence("expected", ", ".join(ctx.options.expect)),
            Evidence("other values", ", ".join(f'"{v}"' for v in others)),
            *provider_ev,
        ),
        subject=target.display,
        related=(target.display, target.challenge.to_text(omit_final_dot=True)),
    )


@check(
    "dns.name_mistakes",
    family=F,
    specs=(DOUBLE_LABEL, WILDCARD_TXT),
    requires=("dns.delegation",),
    summary={
        "en": "Looks for a record at the double-label name and for wildcard TXT records",
        "zh": "检查“重复域名”位置上的记录和通配符 TXT 记录",
    },
    commands=("check", "preflight"),
)
async def name_mistakes(ctx: Context, target: Target | None) -> list[Finding]:
    view = await _view(ctx, target)
    assert target is not None
    out: list[Finding] = []
    control_vals = _wildcard_values(view)
    if view.double_name is not None:
        for sv in view.servers:
            if sv.double is None:
                continue
            vals = txt_values(sv.double, view.double_name)
            if vals and vals != control_vals:
                zone = view.cut.zone
                out.append(
                    Finding(
                        DOUBLE_LABEL,
                        {
                            "double": view.double_name.to_text(omit_final_dot=True),
                            "host": target.challenge.relativize(zone).to_text(),
                        },
                        (Evidence(f"TXT at {sv.label}", ", ".join(vals)),),
                        severity=Severity.ERROR if set(ctx.options.expect) & set(vals) else None,
                        subject=target.display,
                    )
                )
                break
    if control_vals:
        for sv in view.servers:
            vals = sv.txt_values(view.effective)
            if vals and vals == control_vals and len(view.chain) == 1:
                out.append(
                    Finding(
                        WILDCARD_TXT,
                        {
                            "name": view.effective.to_text(omit_final_dot=True),
                            "values": ", ".join(_quoted(v) for v in vals),
                        },
                        subject=target.display,
                    )
                )
                break
    return out

"""CAA: may the chosen CA issue for every name of the order, as the CA itself will judge it?

For each name (``*.example.com`` is judged at ``example.com`` with ``issuewild`` rules), the
relevant CAA record set is found by RFC 8659 §3 tree climbing: the CAA RRset at the name, else at
its parent, and so on up to the TLD. A CNAME at a name is followed, and it is the CNAME target's
CAA RRset that counts for that step. Every level is asked at once, as Let's Encrypt's Boulder does,
right after the walk that :mod:`dnsdoctor.truth.challenge` starts anyway: the questions add no round trip to
the run's critical path.

The record set is judged the way Boulder's ``validateCAA`` does (RFC 8659 §4, RFC 8657): unknown
tags with the critical flag forbid issuance; a non-wildcard name needs an ``issue`` property naming
the CA (or none at all); a wildcard uses ``issuewild`` when there is any, else ``issue``; a property
naming the CA authorizes only if its ``accounturi`` and ``validationmethods`` parameters allow this
account and ``dns-01``. A CAA lookup that fails (SERVFAIL, REFUSED, time-out) makes the CA refuse.

Do no harm: CAA questions go to the authoritative servers only, never to a public resolver, so no
resolver caches a negative answer for a name that may not exist yet (the challenge TXT's rule).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.checks.base import Skip, check, named
from dnsdoctor.checks.ca.specs import (  # the family's codes and texts
    ACCOUNT_SPEC,
    ACCOUNT_UNVERIFIED_SPEC,
    ALLOWS_SPEC,
    CRITICAL_SPEC,
    FORBIDS_ALL_SPEC,
    LOOKUP_FAILED_SPEC,
    MALFORMED_SPEC,
    NO_DNS01_SPEC,
    OTHER_CA_SPEC,
    WILDCARD_SPEC,
)
from dnsdoctor.checks.ca.specs import (
    CAA_FAMILY as F,
)
from dnsdoctor.checks.ca.specs import (
    CAA_WORDS as WORDS,
)
from dnsdoctor.checks.dns.served import zone_provider
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, Phrase, Severity
from dnsdoctor.net.dns import Reply
from dnsdoctor.providers.base import Provider
from dnsdoctor.truth.challenge import MAX_CNAME_CHAIN, challenge_view
from dnsdoctor.truth.iterate import Delegation, NsCycleError, ResolutionError, delegation
from dnsdoctor.truth.path import path_verdict

CAA = dns.rdatatype.CAA
KNOWN_TAGS = frozenset({"issue", "issuewild", "iodef"})
"""Tags Let's Encrypt understands; any other tag with the critical flag forbids issuance."""
CRITICAL = 128 | 1
"""RFC 8659 §4.1: the critical flag is the bit of value 128. Boulder also treats the bit of value
1 as critical, because many zones set it believing it is the flag."""


@dataclass(frozen=True)
class CaInfo:
    key: str
    name: str
    domains: tuple[str, ...]
    """Issuer domain names the CA recognises in ``issue``/``issuewild``; the first one is the
    one to put in a new record."""


CAS: dict[str, CaInfo] = {
    c.key: c
    for c in (
        CaInfo("letsencrypt", "Let's Encrypt", ("letsencrypt.org",)),
        # ZeroSSL's certificates are issued by Sectigo: help.zerossl.com "Invalid CAA Records".
        CaInfo("zerossl", "ZeroSSL", ("sectigo.com",)),
        CaInfo(
            "sectigo",
            "Sectigo",
            ("sectigo.com", "comodoca.com", "comodo.com", "usertrust.com", "trust-provider.com"),
        ),
        CaInfo("google", "Google Trust Services", ("pki.goog",)),
        CaInfo("buypass", "Buypass", ("buypass.com", "buypass.no")),
        CaInfo("sslcom", "SSL.com", ("ssl.com",)),
        CaInfo(
            "digicert",
            "DigiCert",
            (
                "digicert.com",
                "www.digicert.com",
                "digicert.ne.jp",
                "cybertrust.ne.jp",
                "symantec.com",
                "thawte.com",
                "geotrust.com",
                "rapidssl.com",
            ),
        ),
    )
}
DEFAULT_CA = "letsencrypt"


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaaProperty:
    flags: int
    tag: str
    value: str

    @property
    def text(self) -> str:
        """As a DNS console shows and takes it: ``0 issue "letsencrypt.org"``."""
        return f'{self.flags} {self.tag} "{self.value}"'

    @property
    def critical(self) -> bool:
        return bool(self.flags & CRITICAL)


@dataclass(frozen=True)
class IssueValue:
    """An ``issue``/``issuewild`` value (RFC 8659 §4.2): an issuer domain name (empty: no CA may
    issue) and ``tag=value`` parameters; ``error`` says why it does not parse."""

    domain: str
    params: dict[str, str] = field(default_factory=dict)
    error: str = ""


_PARAM_TAG = re.compile(r"^[A-Za-z0-9]+(-*[A-Za-z0-9])*$")
_PARAM_VALUE = re.compile(r"^[\x21-\x3a\x3c-\x7e]*$")
_METHOD = re.compile(r"^[A-Za-z0-9-]+$")


def parse_issue_value(value: str) -> IssueValue:
    parts = value.split(";")
    domain = parts[0].strip(" \t")
    params: dict[str, str] = {}
    rest = parts[1:]
    if len(rest) == 1 and not rest[0].strip(" \t"):
        return IssueValue(domain)
    for raw in rest:
        tag, eq, val = raw.partition("=")
        tag, val = tag.strip(" \t"), val.strip(" \t")
        if not eq:
            return IssueValue(domain, error=f"parameter {raw.strip()!r} is not tag=value")
        if not _PARAM_TAG.match(tag):
            return IssueValue(domain, error=f"parameter tag {tag!r} is not letters and digits")
        if not _PARAM_VALUE.match(val):
            return IssueValue(domain, error=f"parameter value {val!r} has a space or ';'")
        params[tag.lower()] = val
    return IssueValue(domain, params)


def properties(rrset: dns.rrset.RRset | None) -> list[CaaProperty]:
    if rrset is None:
        return []
    out = []
    for rr in rrset:
        tag = rr.tag.decode("ascii", "replace")
        out.append(CaaProperty(int(rr.flags), tag, rr.value.decode("utf-8", "replace")))
    return sorted(out, key=lambda p: (p.tag.lower(), p.value, p.flags))


# --- judging ----------------------------------------------------------------------------------

ALLOWED = "allowed"
NO_RECORDS = "no-records"
CRITICAL_UNKNOWN = "critical-unknown"
OTHER_CA = "other-ca"
FORBIDS_ALL = "forbids-all"
WILDCARD = "wildcard"
NO_DNS01 = "no-dns01"
ACCOUNT_MISMATCH = "account-mismatch"
ACCOUNT_UNVERIFIED = "account-unverified"
MALFORMED = "malformed"


@dataclass(frozen=True)
class Judgement:
    outcome: str
    """:data:`ALLOWED`, :data:`NO_RECORDS`, or why the CA refuses."""
    considered: tuple[CaaProperty, ...] = ()
    """The properties the decision rests on (the issue or issuewild set, or the critical ones)."""
    offending: CaaProperty | None = None
    """The record naming the CA that does not authorize (validationmethods, accounturi, syntax)."""
    detail: str = ""
    """For the CA-naming record that does not authorize: its accounturi, validationmethods or
    parse error."""

    @property
    def allowed(self) -> bool:
        return self.outcome in (ALLOWED, NO_RECORDS)


def judge(
    props: list[CaaProperty], *, wildcard: bool, ca: CaInfo, account: str | None = None
) -> Judgement:
    """Whether ``ca`` may issue (by dns-01) for a name whose relevant CAA set is ``props``."""
    if not props:
        return Judgement(NO_RECORDS)
    critical = tuple(p for p in props if p.tag.lower() not in KNOWN_TAGS and p.critical)
    if critical:
        return Judgement(CRITICAL_UNKNOWN, critical)
    issue = tuple(p for p in props if p.tag.lower() == "issue")
    issuewild = tuple(p for p in props if p.tag.lower() == "issuewild")
    chosen = issuewild if wildcard and issuewild else issue
    if not chosen and not wildcard:
        return Judgement(ALLOWED)  # only iodef / issuewild / unknown non-critical tags
    if not chosen:
        return Judgement(ALLOWED)  # RFC 8659 erratum 5244: no issue property, no restriction
    misses: list[tuple[str, str, CaaProperty]] = []
    for p in chosen:
        parsed = parse_issue_value(p.value)
        if parsed.domain not in ca.domains:
            continue
        if parsed.error:
            misses.append((MALFORMED, parsed.error, p))
            continue
        methods = parsed.params.get("validationmethods")
        if methods is not None:
            listed = methods.split(",")
            if any(not _METHOD.match(m) for m in listed) or "dns-01" not in listed:
                misses.append((NO_DNS01, methods, p))
                continue
        uri = parsed.params.get("accounturi")
        if uri is not None and uri != account:
            misses.append((ACCOUNT_UNVERIFIED if account is None else ACCOUNT_MISMATCH, uri, p))
            continue
        return Judgement(ALLOWED, chosen)
    order = (NO_DNS01, ACCOUNT_MISMATCH, MALFORMED, ACCOUNT_UNVERIFIED)
    for outcome in order:
        hit = [(d, p) for o, d, p in misses if o == outcome]
        if hit:
            return Judgement(outcome, chosen, hit[0][1], hit[0][0])
    if wildcard and issuewild:
        return Judgement(WILDCARD, chosen)
    if all(not parse_issue_value(p.value).domain for p in chosen):
        return Judgement(FORBIDS_ALL, chosen)
    return Judgement(OTHER_CA, chosen)


_BY_OUTCOME = {
    OTHER_CA: OTHER_CA_SPEC,
    FORBIDS_ALL: FORBIDS_ALL_SPEC,
    WILDCARD: WILDCARD_SPEC,
    NO_DNS01: NO_DNS01_SPEC,
    ACCOUNT_MISMATCH: ACCOUNT_SPEC,
    ACCOUNT_UNVERIFIED: ACCOUNT_UNVERIFIED_SPEC,
    MALFORMED: MALFORMED_SPEC,
    CRITICAL_UNKNOWN: CRITICAL_SPEC,
}


# --- the lookup -------------------------------------------------------------------------------


@dataclass
class Level:
    """What the authoritative servers say about CAA at one name of the climb."""

    name: dns.name.Name
    zone: dns.name.Name
    chain: list[dns.name.Name]
    """``name`` and the CNAME targets followed; the CAA RRset is the last one's."""
    props: list[CaaProperty]
    replies: list[Reply]
    """One per server address of the zone that holds the last name of the chain."""
    failed: list[Reply]
    """The replies that are no usable answer (SERVFAIL, REFUSED, time-out, no AA)."""
    problem: str = ""
    """``loop`` or ``too-long`` when the CNAME chain is broken."""
    ns: tuple[str, ...] = ()
    """The name servers of that zone (whose provider's console the remedies name)."""


def _usable(reply: Reply) -> bool:
    return reply.ok and reply.rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN) and reply.aa


async def _ask_all(ctx: Context, cut: Delegation, qname: dns.name.Name) -> list[Reply]:
    port = ctx.options.dns_port
    ask = ctx.services.dns.ask
    return list(await asyncio.gather(*(ask(a, port, qname, CAA) for _, a in cut.addresses())))


async def _level(ctx: Context, name: dns.name.Name, origin: Delegation | None) -> Level:
    """CAA(X) of RFC 8659 §3, from every server of the zone, following CNAMEs."""
    chain = [name]
    if origin is not None and name.is_subdomain(origin.zone):
        cut = origin
    else:
        cut = await delegation(ctx, name, rdtype="CAA")
    while True:
        current = chain[-1]
        replies = await _ask_all(ctx, cut, current)
        good = [r for r in replies if _usable(r)]
        failed = [r for r in replies if not _usable(r)]
        rrset = next(
            (r.answer_rrset(CAA, current) for r in good if r.answer_rrset(CAA, current)), None
        )
        cname = next(
            (
                r.answer_rrset(dns.rdatatype.CNAME, current)
                for r in good
                if r.answer_rrset(dns.rdatatype.CNAME, current)
            ),
            None,
        )
        ns = tuple(h.name.to_text(omit_final_dot=True) for h in cut.ns)
        if rrset is not None or cname is None:
            return Level(name, cut.zone, chain, properties(rrset), replies, failed, ns=ns)
        nxt = cname[0].target
        if nxt in chain or len(chain) > MAX_CNAME_CHAIN:
            problem = "loop" if nxt in chain else "too-long"
            return Level(name, cut.zone, [*chain, nxt], [], replies, failed, problem, ns)
        chain.append(nxt)
        cut = await delegation(ctx, nxt, rdtype="CAA")


def climb(name: dns.name.Name) -> list[dns.name.Name]:
    """``name`` and each parent down to (and including) the TLD."""
    out = [name]
    while len(out[-1]) > 2:
        out.append(out[-1].parent())
    return out


async def relevant_levels(ctx: Context, target: Target) -> list[Level]:
    """Every level of the climb for ``target.base``, asked at once (memoised per run)."""

    async def build() -> list[Level]:
        names = climb(target.base)
        # The TLD is never in the challenge's own zone (that would be no delegation at all): its
        # level starts with the walk, and is answered before the walk is done.
        tld = asyncio.ensure_future(_level(ctx, names[-1], None))
        try:
            origin = await delegation(ctx, target.challenge, rdtype="TXT")
            below = await asyncio.gather(*(_level(ctx, n, origin) for n in names[:-1]))
        except BaseException:
            tld.cancel()
            raise
        return [*below, await tld]

    return await ctx.memo(("caa-levels", target.base.canonicalize()), build)


# --- the check --------------------------------------------------------------------------------


def _txt(name: dns.name.Name) -> str:
    return name.to_text(omit_final_dot=True)


def _host(owner: dns.name.Name, zone: dns.name.Name) -> str:
    if owner == zone:
        return "@"
    return owner.relativize(zone).to_text() if owner.is_subdomain(zone) else _txt(owner)


def _record(ca: CaInfo, tag: str) -> str:
    return f'0 {tag} "{ca.domains[0]}"'


def _fixed(p: CaaProperty, ca: CaInfo, outcome: str, account: str | None) -> str:
    """The offending record as it should read: dns-01 added, this account put in, or rebuilt."""
    parsed = parse_issue_value(p.value)
    if parsed.error:
        return f'{p.flags & ~CRITICAL} {p.tag.lower()} "{ca.domains[0]}"'
    params = dict(parsed.params)
    if outcome == NO_DNS01:
        listed = [m for m in params.get("validationmethods", "").split(",") if _METHOD.match(m)]
        params["validationmethods"] = ",".join([*listed, "dns-01"])
    if outcome == ACCOUNT_MISMATCH and account:
        params["accounturi"] = account
    value = "; ".join([parsed.domain, *(f"{k}={v}" for k, v in params.items())])
    return f'{p.flags} {p.tag.lower()} "{value}"'


def _evidence(levels: list[Level], found: Level | None) -> tuple[Evidence, ...]:
    ev = []
    for lv in levels:
        label = f"CAA {_txt(lv.name)}"
        if len(lv.chain) > 1:
            label += " → " + " → ".join(_txt(n) for n in lv.chain[1:])
        if lv.props:
            ev.append(Evidence(label, "; ".join(p.text for p in lv.props)))
            break
        ev.append(Evidence(label, "none"))
        if lv is found:
            break
    return tuple(ev)


@check(
    "caa.issuance",
    family=F,
    specs=(
        LOOKUP_FAILED_SPEC,
        OTHER_CA_SPEC,
        FORBIDS_ALL_SPEC,
        WILDCARD_SPEC,
        NO_DNS01_SPEC,
        ACCOUNT_SPEC,
        MALFORMED_SPEC,
        CRITICAL_SPEC,
        ACCOUNT_UNVERIFIED_SPEC,
        ALLOWS_SPEC,
    ),
    summary={
        "en": "Finds the CAA record set that applies to every name of the order (RFC 8659) at "
        "the authoritative servers and judges it as the CA will (--ca, --acme-account)",
        "zh": "在权威服务器上找出订单中每个名称适用的 CAA 记录集（RFC 8659），并像 CA 一样判断（--ca、--acme-account）",
    },
    commands=("check", "preflight"),
)
async def caa_check(ctx: Context, target: Target | None) -> list[Finding]:
    target = named(target)
    verdict = await path_verdict(ctx)
    if verdict.hides_authoritative:
        raise Skip(verdict.wording())
    # Every level is asked as soon as it can be (the TLD's with the walk): not after the walk.
    levels_task = asyncio.ensure_future(relevant_levels(ctx, target))
    try:
        origin = await delegation(ctx, target.challenge, rdtype="TXT")
        if len(origin.zone) <= 2:
            raise Skip(
                "the domain is not delegated (see dns.delegation)",
                "域名没有被委派（见 dns.delegation）",
            )
        levels = await levels_task
    except (NsCycleError, ResolutionError) as exc:
        raise Skip(Phrase(WORDS["no_delegation"], {"error": str(exc)})) from None
    finally:
        if not levels_task.done():
            levels_task.cancel()
        levels_task.add_done_callback(lambda t: t.cancelled() or t.exception())
    ca = CAS.get(ctx.options.ca, CAS[DEFAULT_CA])
    account = ctx.options.acme_account
    out: list[Finding] = []
    # Boulder's selectCAA: the first level that fails before a non-empty set stops the CA.
    found: Level | None = None
    for lv in levels:
        failing = lv.failed or ([] if not lv.problem else lv.replies)
        if failing:
            out.extend(await _lookup_findings(ctx, target, lv))
            if len(lv.failed) == len(lv.replies) or lv.problem:
                return out  # no answer at this level: the CA cannot go on
        if lv.props:
            found = lv
            break
    if found is None:
        return out
    owner = found.chain[-1]
    via = " → ".join(_txt(n) for n in found.chain)
    ev = _evidence(levels, found)
    kinds = []
    if not target.wildcard or target.apex_too:
        kinds.append(False)
    if target.wildcard:
        kinds.append(True)
    for wildcard in kinds:
        j = judge(found.props, wildcard=wildcard, ca=ca, account=account)
        name = _txt(target.base)
        shown = f"*.{name}" if wildcard else name
        params: dict[str, object] = {
            "owner": _txt(owner),
            "name": name if wildcard else shown,
            "ca": ca.name,
            "zone": _txt(found.zone),
            "host": _host(owner, found.zone),
            "via": via,
            "issuers": ", ".join(
                sorted({parse_issue_value(p.value).domain or '";"' for p in j.considered})
            ),
        }
        if j.allowed:
            out.append(Finding(ALLOWS_SPEC, {**params, "name": shown}, ev, subject=target.display))
            continue
        tag = "issuewild" if wildcard and j.outcome == WILDCARD else "issue"
        if j.offending is not None:
            tag = j.offending.tag.lower()
            params["current"] = j.offending.text
        if j.outcome == WILDCARD:
            params["records"] = ", ".join(p.text for p in j.considered)
        params["record"] = _record(ca, tag)
        if j.offending is not None:
            params["record"] = _fixed(j.offending, ca, j.outcome, account)
        if j.outcome == NO_DNS01:
            params["methods"] = j.detail
        elif j.outcome in (ACCOUNT_MISMATCH, ACCOUNT_UNVERIFIED):
            params["accounturi"] = j.detail
            params["acme_account"] = account or ""
        elif j.outcome == MALFORMED:
            params["detail"] = j.detail
        elif j.outcome == CRITICAL_UNKNOWN:
            params["records"] = ", ".join(p.text for p in j.considered)
        if j.outcome != WILDCARD:
            params["name"] = shown
        value = params["records"] if j.outcome == CRITICAL_UNKNOWN else params["record"]
        params["form"] = _form(await zone_provider(ctx, found.ns), params["host"], value)
        out.append(
            Finding(
                _BY_OUTCOME[j.outcome],
                params,
                ev,
                commands=(f"dig CAA {_txt(owner)}",),
                subject=target.display,
            )
        )
        if j.outcome == CRITICAL_UNKNOWN:
            break  # the same set forbids both kinds of names
    return out


def _form(provider: Provider | None, host: object, value: object) -> Phrase | str:
    """Where the record goes in the console of the provider serving the zone, as its console
    names the fields (`` (DNSPod console: 记录类型 CAA, …)``); nothing (no words to add) when it
    is not known."""
    if provider is None or not provider.record_form[0]:
        return ""
    en, zh = provider.record_form
    return Phrase(
        {"en": f" ({en})", "zh": f"（{zh}）"}, {"type": "CAA", "host": host, "value": value}
    )


def _failure(r: Reply) -> str:
    if not r.ok:
        return r.failure
    return "NOERROR, AA=0" if r.rcode == dns.rcode.NOERROR else r.rcode_text


async def _lookup_findings(ctx: Context, target: Target, lv: Level) -> list[Finding]:
    qname = lv.chain[-1]
    zone = lv.zone
    bad = lv.failed
    if lv.problem:
        return [
            Finding(
                LOOKUP_FAILED_SPEC,
                {
                    "qname": _txt(lv.name),
                    "zone": _txt(zone),
                    "failing": len(lv.replies),
                    "total": len(lv.replies),
                    "answer": f"CNAME {lv.problem}: " + " → ".join(_txt(n) for n in lv.chain),
                    "server": lv.replies[0].server if lv.replies else "",
                },
                subject=target.display,
            )
        ]
    # A server that fails its SOA too is down or lame for the zone: dns.servers reports it when
    # it serves the challenge's zone; only CAA-specific failures are CAA findings there.
    try:
        view = await challenge_view(ctx, target)
        checked_zone = view.cut.zone
    except Exception:  # the dns checks report why
        checked_zone = None
    specific = []
    port = ctx.options.dns_port
    for r in bad:
        soa = await ctx.services.dns.ask(r.server, port, zone, "SOA")
        if zone == checked_zone and not _usable(soa):
            continue
        specific.append(r)
    if not specific:
        return []
    answers = sorted(
        {
            r.rcode_text
            if r.ok and r.rcode != dns.rcode.NOERROR
            else (r.failure if not r.ok else "NOERROR, AA=0")
            for r in specific
        }
    )
    all_fail = len(lv.failed) == len(lv.replies)
    return [
        Finding(
            LOOKUP_FAILED_SPEC,
            {
                "qname": _txt(qname),
                "zone": _txt(zone),
                "failing": len(specific),
                "total": len(lv.replies),
                "answer": ", ".join(answers),
                "server": specific[0].server,
            },
            tuple(Evidence(f"CAA {_txt(qname)} at {r.where}", _failure(r)) for r in specific),
            severity=None if all_fail else Severity.WARNING,
            subject=target.display,
        )
    ]

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
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Evidence, Finding, Phrase, Severity, SpecMaker
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.challenge import MAX_CNAME_CHAIN, challenge_view
from dnsdoctor.truth.iterate import Delegation, NsCycleError, ResolutionError, delegation
from dnsdoctor.truth.path import path_verdict

F = "caa"
_spec = SpecMaker(F)

WORDS = register(
    "caa.words",
    {
        "no_delegation": {
            "en": "the delegation cannot be followed: {error}",
            "zh": "无法沿委派链解析：{error}",
        },
    },
)
"""The words of the CAA family's skip reasons."""

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


# --- finding specs ----------------------------------------------------------------------------

_WHERE_EN = (
    " At your DNS provider, in zone {zone}, add a record of type CAA with host {host} and value "
    "{record} (DNSPod console: 记录类型 CAA, 主机记录 {host}, 记录值 {record}; Alibaba Cloud DNS: "
    "the same fields). Records of the set that name other CAs may stay."
)
_WHERE_ZH = (
    "在 DNS 服务商处的区 {zone} 中添加一条 CAA 记录，主机记录 {host}，记录值 {record}"
    "（DNSPod 控制台：记录类型 CAA，主机记录 {host}，记录值 {record}；阿里云云解析填写相同的字段）。"
    "记录集中指向其他 CA 的记录可以保留。"
)
_EDIT_EN = (
    " At your DNS provider, in zone {zone}, change the CAA record {current} at host {host} to "
    "{record} (DNSPod console: 记录类型 CAA, 主机记录 {host}, 记录值 {record}; Alibaba Cloud DNS: "
    "the same fields)."
)
_EDIT_ZH = (
    "在 DNS 服务商处的区 {zone} 中，把主机记录 {host} 上的 CAA 记录 {current} 改为 {record}"
    "（DNSPod 控制台：记录类型 CAA，主机记录 {host}，记录值 {record}；阿里云云解析填写相同的字段）。"
)
_CNAME_EN = (
    " When the name is a CNAME, the set is the CNAME target's (the evidence shows the chain): "
    "then the target's operator (a CDN) must allow the CA, or the name needs its own records "
    "instead of the CNAME."
)
_CNAME_ZH = (
    "如果该名称是 CNAME，记录集属于 CNAME 的目标（证据中列出了 CNAME 链）：此时需要目标的运营方（CDN）允许该 CA，"
    "或者不用 CNAME、为该名称设置自己的记录。"
)
_EV = ("the relevant CAA record set, where it was found, and the names asked on the way up",
       "适用的 CAA 记录集、它所在的名称，以及逐级向上查询过的名称")  # fmt: skip
_LINKS = (
    "https://www.rfc-editor.org/rfc/rfc8659#section-3",
    "https://letsencrypt.org/docs/caa/",
)

OTHER_CA_SPEC = _spec(
    "CAA_OTHER_CA",
    Severity.ERROR,
    (
        "CAA at {owner} allows only {issuers} to issue for {name}: {ca} will refuse",
        "{owner} 上的 CAA 只允许 {issuers} 为 {name} 签发证书：{ca} 会拒绝签发",
    ),
    (
        "Before issuing, a CA must look up the CAA record set that applies to the name (the "
        "name's own, else its parent's, up to the TLD) and refuse unless an issue property names "
        'it. The TXT record can be perfect: the order still fails, with "CAA record for {owner} '
        'prevents issuance".' + _CNAME_EN,
        "签发前，CA 必须查找适用于该名称的 CAA 记录集（名称自身的，否则是上级的，直到顶级域），"
        "只要没有 issue 属性指向它就拒绝签发。即使 TXT 记录完全正确，订单也会失败，"
        "报错 “CAA record for {owner} prevents issuance”。" + _CNAME_ZH,
    ),
    ("Allow {ca}." + _WHERE_EN, "允许 {ca} 签发。" + _WHERE_ZH),
    _EV,
    links=_LINKS,
    rank=15,
)
FORBIDS_ALL_SPEC = _spec(
    "CAA_FORBIDS_ALL",
    Severity.ERROR,
    (
        'CAA at {owner} forbids every CA to issue for {name} (issue ";")',
        '{owner} 上的 CAA 禁止任何 CA 为 {name} 签发证书（issue ";"）',
    ),
    (
        'An issue property with no CA name (";") asks every CA not to issue. Nobody can get a '
        "certificate for the name while it is the only issue property of the set.",
        '没有 CA 名称的 issue 属性（";"）要求所有 CA 都不签发。只要它是记录集中唯一的 issue 属性，'
        "任何人都无法为该名称获得证书。",
    ),
    (
        'Allow {ca}: delete the record 0 issue ";" at {owner} if nothing else needs it.'
        + _WHERE_EN,
        '允许 {ca} 签发：如无其他需要，删除 {owner} 上的 0 issue ";" 记录。' + _WHERE_ZH,
    ),
    _EV,
    links=_LINKS,
    rank=15,
)
WILDCARD_SPEC = _spec(
    "CAA_WILDCARD_FORBIDDEN",
    Severity.ERROR,
    (
        "CAA at {owner} does not allow {ca} to issue *.{name}: {records}",
        "{owner} 上的 CAA 不允许 {ca} 签发 *.{name}：{records}",
    ),
    (
        "For a wildcard name the CA reads only the issuewild properties when there is any, and "
        "ignores issue: an issue record naming the CA is not enough. The names without the "
        "wildcard are not affected.",
        "对通配符名称，只要存在 issuewild 属性，CA 就只看 issuewild，忽略 issue："
        "仅有指向该 CA 的 issue 记录是不够的。不带通配符的名称不受影响。",
    ),
    (
        "Allow {ca} for wildcards: add a record of type CAA with host {host} in zone {zone} and "
        "value {record} (DNSPod console: 记录类型 CAA, 主机记录 {host}, 记录值 {record}), or "
        "delete the issuewild records if wildcards should be allowed like other names.",
        "允许 {ca} 签发通配符证书：在区 {zone} 中添加 CAA 记录，主机记录 {host}，记录值 {record}"
        "（DNSPod 控制台：记录类型 CAA，主机记录 {host}，记录值 {record}）；"
        "如果通配符应与其他名称同样对待，也可删除 issuewild 记录。",
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-4.3", *_LINKS[1:]),
    rank=15,
)
NO_DNS01_SPEC = _spec(
    "CAA_NO_DNS01",
    Severity.ERROR,
    (
        "CAA at {owner} allows {ca} only with validationmethods={methods}: dns-01 is not among them",
        "{owner} 上的 CAA 只允许 {ca} 使用 validationmethods={methods}：其中没有 dns-01",
    ),
    (
        "RFC 8657 lets a CAA record restrict the ACME challenge types. The CA validates the "
        "DNS-01 challenge, then refuses to issue because the record does not list dns-01.",
        "RFC 8657 允许 CAA 记录限制 ACME 验证方式。CA 完成 DNS-01 验证后，"
        "会因为记录中没有 dns-01 而拒绝签发。",
    ),
    (
        "Add dns-01 to the record." + _EDIT_EN,
        "在记录中加入 dns-01。" + _EDIT_ZH,
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8657#section-4", *_LINKS),
    rank=15,
)
ACCOUNT_SPEC = _spec(
    "CAA_ACCOUNT_MISMATCH",
    Severity.ERROR,
    (
        "CAA at {owner} allows {ca} only for the account {accounturi}, not {acme_account}",
        "{owner} 上的 CAA 只允许 {ca} 为账户 {accounturi} 签发，而不是 {acme_account}",
    ),
    (
        "RFC 8657 accounturi binds the permission to one ACME account. An ACME client that "
        "registered a new account (a new server, a reinstall, Certimate's other CA setting) is "
        "refused.",
        "RFC 8657 的 accounturi 把签发权限绑定到一个 ACME 账户。ACME 客户端注册了新账户"
        "（换了服务器、重新安装、Certimate 换了 CA 设置）就会被拒绝。",
    ),
    (
        "Use the account {accounturi} in the ACME client, or put this account in the record."
        + _EDIT_EN,
        "在 ACME 客户端中改用账户 {accounturi}，或者把当前账户写进记录。" + _EDIT_ZH,
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8657#section-3", *_LINKS),
    rank=15,
)
ACCOUNT_UNVERIFIED_SPEC = _spec(
    "CAA_ACCOUNT_UNVERIFIED",
    Severity.WARNING,
    (
        "CAA at {owner} allows {ca} only for the account {accounturi}; dnsdoctor cannot tell "
        "whether the ACME client uses it",
        "{owner} 上的 CAA 只允许 {ca} 为账户 {accounturi} 签发；dnsdoctor 无法判断 ACME 客户端是否使用该账户",
    ),
    (
        "RFC 8657 accounturi binds the permission to one ACME account: any other account is "
        "refused. The ACME client's account URI is in its account file (lego: "
        "accounts/…/account.json, field uri; acme.sh: ACCOUNT_URL in ca.conf).",
        "RFC 8657 的 accounturi 把签发权限绑定到一个 ACME 账户，其他账户都会被拒绝。ACME 客户端的账户 URI "
        "在其账户文件中（lego：accounts/…/account.json 的 uri 字段；acme.sh：ca.conf 中的 ACCOUNT_URL）。",
    ),
    (
        "Run again with --acme-account URI (the account URI of the ACME client).",
        "加上 --acme-account URI（ACME 客户端的账户 URI）再运行一次。",
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8657#section-3",),
    rank=45,
)
MALFORMED_SPEC = _spec(
    "CAA_RECORD_MALFORMED",
    Severity.ERROR,
    (
        "The CAA record naming {ca} at {owner} does not parse ({detail}): {ca} will refuse",
        "{owner} 上指向 {ca} 的 CAA 记录无法解析（{detail}）：{ca} 会拒绝签发",
    ),
    (
        "A CA skips an issue property it cannot parse, so the record authorizes nobody, and the "
        "other records of the set do not name the CA.",
        "CA 会跳过无法解析的 issue 属性，因此这条记录不授权任何人，而记录集中的其他记录也没有指向该 CA。",
    ),
    (
        "Fix the record." + _EDIT_EN,
        "修正这条记录。" + _EDIT_ZH,
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-4.2",),
    rank=15,
)
CRITICAL_SPEC = _spec(
    "CAA_CRITICAL_UNKNOWN",
    Severity.ERROR,
    (
        "CAA at {owner} has a critical property the CA does not know ({records}): {ca} will refuse",
        "{owner} 上的 CAA 含有 CA 不认识的关键属性（{records}）：{ca} 会拒绝签发",
    ),
    (
        "A property with the critical flag (128) must be understood by the CA, else it must not "
        "issue at all (RFC 8659 §4.1). Let's Encrypt also treats flag 1 as critical, a common "
        "misreading of the RFC.",
        "带关键标志（128）的属性必须被 CA 理解，否则 CA 不得签发（RFC 8659 §4.1）。"
        "Let's Encrypt 把标志 1 也视为关键标志（常见的对 RFC 的误读）。",
    ),
    (
        "Set the flag of those records to 0, or delete them, in zone {zone} at host {host} "
        "(DNSPod console: 记录类型 CAA, 主机记录 {host}).",
        "在区 {zone} 的主机记录 {host} 上把这些记录的标志改为 0，或删除它们（DNSPod 控制台：记录类型 CAA，主机记录 {host}）。",
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-4.1",),
    rank=15,
)
LOOKUP_FAILED_SPEC = _spec(
    "CAA_LOOKUP_FAILED",
    Severity.ERROR,
    (
        "The CAA question for {qname} fails at {failing} of {total} server(s) of {zone}: {answer}",
        "{zone} 的 {total} 台服务器中有 {failing} 台对 {qname} 的 CAA 查询失败：{answer}",
    ),
    (
        "CAs must look up CAA before issuing and refuse when the lookup fails: Let's Encrypt "
        'reports "SERVFAIL looking up CAA for {qname}". These servers answer other questions, so '
        "it is the CAA type they mishandle (old DNS software or a filter that does not know type "
        "257). When only some servers fail, the CA's resolver usually retries another one, but "
        "each of the CA's vantage points may pick a failing one.",
        "CA 签发前必须查询 CAA，查询失败就拒绝签发：Let's Encrypt 报错 “SERVFAIL looking up CAA for {qname}”。"
        "这些服务器能正常应答其他查询，所以是它们处理不了 CAA 类型（旧的 DNS 软件或不认识类型 257 的过滤设备）。"
        "只有部分服务器失败时，CA 的解析器通常会换一台重试，但 CA 的每个验证节点都可能选中失败的那台。",
    ),
    (
        "Report it to the DNS provider of {zone} (the servers must answer CAA questions, with "
        "NOERROR and no records if there are none); test with `dig CAA {qname} @{server}`.",
        "向 {zone} 的 DNS 服务商报告（服务器必须应答 CAA 查询，没有记录时应答 NOERROR 且不带记录）；"
        "可用 `dig CAA {qname} @{server}` 测试。",
    ),
    ("each failing server's answer", "每台失败服务器的应答"),
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-3", "https://letsencrypt.org/docs/caa/"),
    severity_rules=(
        (
            Severity.WARNING,
            (
                "other servers of the zone answer the CAA question",
                "该区的其他服务器能应答 CAA 查询",
            ),
        ),
    ),
    rank=14,
)
ALLOWS_SPEC = _spec(
    "CAA_ALLOWS",
    Severity.INFO,
    ("CAA at {owner} allows {ca} to issue for {name}", "{owner} 上的 CAA 允许 {ca} 为 {name} 签发"),
    (
        "A CAA record set applies to the name and it names the CA (or does not restrict it).",
        "有 CAA 记录集适用于该名称，它指向该 CA（或并不限制它）。",
    ),
    (
        "Nothing to do. Change it when you change CA (--ca tells dnsdoctor which one you use).",
        "无需处理。更换 CA 时记得修改它（用 --ca 告诉 dnsdoctor 您使用的 CA）。",
    ),
    _EV,
)

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
        if rrset is not None or cname is None:
            return Level(name, cut.zone, chain, properties(rrset), replies, failed)
        nxt = cname[0].target
        if nxt in chain or len(chain) > MAX_CNAME_CHAIN:
            problem = "loop" if nxt in chain else "too-long"
            return Level(name, cut.zone, [*chain, nxt], [], replies, failed, problem)
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

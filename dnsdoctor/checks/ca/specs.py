"""The findings of what the CA will see: CAA_* (family ``caa``, raised by :mod:`.caa`) and
DNSSEC_* (family ``dnssec``, raised by :mod:`.dnssec`) — codes, severities and texts in English
and Chinese, and the words of their params and skip reasons (:data:`CAA_WORDS`,
:data:`DNSSEC_WORDS`).
"""

from __future__ import annotations

from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Severity, SpecMaker

# --------------------------------------------------------------------------- caa

CAA_FAMILY = "caa"
_caa = SpecMaker(CAA_FAMILY)

CAA_WORDS = register(
    "caa.words",
    {
        "no_delegation": {
            "en": "the delegation cannot be followed: {error}",
            "zh": "无法沿委派链解析：{error}",
        },
    },
)
"""The words of the CAA family's skip reasons."""


# --- finding specs ----------------------------------------------------------------------------

_WHERE_EN = (
    " At your DNS provider, in zone {zone}, add a record of type CAA with host {host} and value "
    "{record}{form}. Records of the set that name other CAs may stay."
)
_WHERE_ZH = (
    "在 DNS 服务商处的区 {zone} 中添加一条 CAA 记录，主机记录 {host}，记录值 {record}{form}。"
    "记录集中指向其他 CA 的记录可以保留。"
)
_EDIT_EN = (
    " At your DNS provider, in zone {zone}, change the CAA record {current} at host {host} to "
    "{record}{form}."
)
_EDIT_ZH = (
    "在 DNS 服务商处的区 {zone} 中，把主机记录 {host} 上的 CAA 记录 {current} 改为 {record}{form}。"
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

OTHER_CA_SPEC = _caa(
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
FORBIDS_ALL_SPEC = _caa(
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
WILDCARD_SPEC = _caa(
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
        "value {record}{form}, or delete the issuewild records if wildcards should be allowed "
        "like other names.",
        "允许 {ca} 签发通配符证书：在区 {zone} 中添加 CAA 记录，主机记录 {host}，记录值 {record}{form}；"
        "如果通配符应与其他名称同样对待，也可删除 issuewild 记录。",
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-4.3", *_LINKS[1:]),
    rank=15,
)
NO_DNS01_SPEC = _caa(
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
ACCOUNT_SPEC = _caa(
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
ACCOUNT_UNVERIFIED_SPEC = _caa(
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
MALFORMED_SPEC = _caa(
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
CRITICAL_SPEC = _caa(
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
        "Set the flag of those records to 0, or delete them, in zone {zone} at host {host}{form}.",
        "在区 {zone} 的主机记录 {host} 上把这些记录的标志改为 0，或删除它们{form}。",
    ),
    _EV,
    links=("https://www.rfc-editor.org/rfc/rfc8659#section-4.1",),
    rank=15,
)
LOOKUP_FAILED_SPEC = _caa(
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
ALLOWS_SPEC = _caa(
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


# --------------------------------------------------------------------------- dnssec

DNSSEC_FAMILY = "dnssec"
_dnssec = SpecMaker(DNSSEC_FAMILY)

DNSSEC_WORDS = register(
    "dnssec.words",
    {
        "unknown_provider": {"en": "the DNS provider ({servers})", "zh": "DNS 服务商（{servers}）"},
        "settings": {"en": "its DNSSEC settings", "zh": "其 DNSSEC 设置"},
        "unsupported": {
            "en": "validators do not implement: the zone is validated as unsigned",
            "zh": "验证者不支持该算法：该区按未签名处理",
        },
        "anchor_unusable": {
            "en": "the trust anchor is unusable: {error}",
            "zh": "信任锚无法使用：{error}",
        },
        "anchor_unsigned": {
            "en": "the {zone} zone these servers serve is unsigned (a test world: give it a "
            "signed root and --trust-anchor)",
            "zh": "这些服务器提供的 {zone} 区没有签名（测试环境：请给它一个签名的根区和 --trust-anchor）",
        },
        "anchor_mismatch": {
            "en": "the DNSKEY of {zone} matches no trust anchor ({kind}): a test world needs its "
            "own --trust-anchor",
            "zh": "{zone} 的 DNSKEY 与信任锚都不匹配（{kind}）：测试环境需要用 --trust-anchor 给出自己的信任锚",
        },
        "deprecated": {
            "en": "is deprecated (RFC 8624): validators on systems without SHA-1 treat it as "
            "unsigned",
            "zh": "该算法已弃用（RFC 8624）：禁用 SHA-1 的系统上的验证者把它当作未签名",
        },
    },
)
"""The words of the DNSSEC findings' params and of the family's skip reasons."""

_SYMPTOMS = ("RESOLVER_SERVFAIL", "RESOLVER_TXT_FAILED")

_CA_EN = (
    "Let's Encrypt and the other CAs look the challenge up through a validating resolver "
    "(Unbound, for Let's Encrypt), from several places: for them the answer is SERVFAIL and the "
    'order fails with "DNS problem: SERVFAIL looking up TXT for {name}", while the ACME client\'s '
    "own propagation check and non-validating resolvers see the record and say all is well."
)
_CA_ZH = (
    "Let's Encrypt 等 CA 通过验证 DNSSEC 的解析器（Let's Encrypt 用 Unbound）从多个地点查询验证记录：对它们来说应答是 "
    "SERVFAIL，订单失败并报 “DNS problem: SERVFAIL looking up TXT for {name}”，而 ACME 客户端自己的传播检查"
    "和不验证 DNSSEC 的解析器都能看到记录，显示一切正常。"
)
# Where the DS is: at the REGISTRAR, which DNS cannot name (it need not be the DNS provider, and
# no provider's name servers tell it). The two registrars most of our users have are examples,
# next to the general rule, whoever serves the zone.
_REGISTRAR_EN = (
    "at the registrar where the domain is registered, which need not be the DNS provider (for "
    "example Alibaba Cloud/万网: 域名控制台 → 域名列表 → 管理 → DNSSEC设置; Tencent Cloud: "
    "域名注册 → 我的域名 → 管理 → DNSSEC; any other registrar: the domain's DNSSEC or DS settings)"
)
_REGISTRAR_ZH = (
    "在域名的注册商处（不一定是 DNS 服务商；例如阿里云/万网：域名控制台 → 域名列表 → 管理 → DNSSEC设置；"
    "腾讯云：域名注册 → 我的域名 → 管理 → DNSSEC；其他注册商：域名的 DNSSEC 或 DS 设置）"
)

DS_WITHOUT_DNSKEY = _dnssec(
    "DNSSEC_DS_WITHOUT_DNSKEY",
    Severity.ERROR,
    (
        "{zone} has a DS record at {parent} ({ds}), but no DNSKEY is served by {servers}: the "
        "zone is unsigned there, and validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{parent} 中有 {zone} 的 DS 记录（{ds}），但 {servers} 不提供 DNSKEY：该区在那里没有签名，"
        "验证 DNSSEC 的解析器（包括 CA 的）对 {name} 回答 SERVFAIL",
    ),
    (
        "A DS record at the parent says: this zone is signed with this key. The servers of the "
        "zone serve it unsigned, so a validator cannot tell it from a forgery and refuses every "
        "answer of the zone. This is what happens after moving a signed zone to another DNS "
        "provider (say from Alibaba Cloud DNS, which signs in one click, to DNSPod) without "
        "removing the DS at the registrar. " + _CA_EN,
        "上级区中的 DS 记录表示：该区用这把密钥签名。而该区的服务器提供的是未签名的数据，验证者无法把它与伪造数据区分开，"
        "因此拒绝该区的所有应答。把已签名的区迁移到另一家 DNS 服务商（例如从一键开启 DNSSEC 的阿里云解析迁到 DNSPod）"
        "却没有在注册商处删除 DS，就会出现这种情况。" + _CA_ZH,
    ),
    (
        "Remove the DS record(s) of {zone} "
        + _REGISTRAR_EN
        + ", or sign the zone at {provider} ({provider_hint}) and replace the DS at the "
        "registrar with the one it shows. Validating resolvers keep the old DS for up to its TTL "
        "({ds_ttl}); retry the order after that.",
        _REGISTRAR_ZH
        + "删除 {zone} 的 DS 记录；或者在 {provider} 为该区开启 DNSSEC 签名（{provider_hint}），并在注册商处把 DS 换成它给出的那条。"
        "验证解析器会把旧的 DS 缓存至多其 TTL（{ds_ttl}）；之后再重试订单。",
    ),
    (
        "The chain from the trust anchor, the DS records at the parent, and each server's "
        "DNSKEY answer.",
        "从信任锚开始的信任链、上级区的 DS 记录，以及各服务器对 DNSKEY 的应答。",
    ),
    links=("https://www.rfc-editor.org/rfc/rfc4035#section-5",),
    explains=_SYMPTOMS,
    rank=10,
)
DS_MISMATCH = _dnssec(
    "DNSSEC_DS_MISMATCH",
    Severity.ERROR,
    (
        "No DS record of {zone} at {parent} ({ds}) matches a DNSKEY served by {servers} "
        "({keys}): validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{parent} 中 {zone} 的 DS 记录（{ds}）与 {servers} 提供的 DNSKEY（{keys}）都不匹配："
        "验证 DNSSEC 的解析器（包括 CA 的）对 {name} 回答 SERVFAIL",
    ),
    (
        "The zone is signed, but with other keys than the DS at the parent vouches for: the zone "
        "was moved to a provider that signs with its own keys, the keys were rolled without "
        "updating the DS, or the DS was typed in wrong. A validator finds no key it may trust "
        "and refuses every answer of the zone. " + _CA_EN,
        "该区有签名，但用的不是上级区 DS 所担保的密钥：区被迁到了用自己密钥签名的服务商、密钥轮换后没有更新 DS，或者 DS "
        "填写有误。验证者找不到可信的密钥，拒绝该区的所有应答。" + _CA_ZH,
    ),
    (
        "Replace the DS of {zone} "
        + _REGISTRAR_EN
        + " with the DS of the key the zone is signed with now ({provider} shows it in its "
        "DNSSEC settings: {provider_hint}); the lines below are computed from the served "
        "key-signing key. Or remove the DS to leave the zone unsigned. Validating resolvers "
        "keep the old DS for up to {ds_ttl}.",
        "把 {zone} 的 DS "
        + _REGISTRAR_ZH
        + "换成该区当前签名密钥的 DS（{provider} 在其 DNSSEC 设置中显示：{provider_hint}）；下面几行由服务器提供的 "
        "KSK 计算得出。或者删除 DS，让该区不签名。验证解析器会把旧的 DS 缓存至多 {ds_ttl}。",
    ),
    (
        "The DS records, each server's DNSKEY set (key tags, algorithms), and the DS records "
        "that would match.",
        "DS 记录、各服务器的 DNSKEY 集合（key tag、算法），以及能够匹配的 DS 记录。",
    ),
    explains=_SYMPTOMS,
    rank=10,
)
RRSIG_EXPIRED = _dnssec(
    "DNSSEC_RRSIG_EXPIRED",
    Severity.ERROR,
    (
        "The signature over {rrset} from {servers} expired at {expiration} UTC ({ago} ago): "
        "validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{servers} 返回的 {rrset} 的签名已于 UTC {expiration} 过期（{ago}前）：验证 DNSSEC 的解析器（包括 CA 的）"
        "对 {name} 回答 SERVFAIL",
    ),
    (
        "Every RRSIG has a validity window; a signer must make new signatures before the old "
        "ones expire. These were not renewed: the zone is signed offline (dnssec-signzone, "
        "ldns-signzone) and the job that re-signs it stopped, the hidden primary that signs it "
        "is down, or the secondaries stopped receiving updates. " + _CA_EN,
        "每个 RRSIG 都有有效期，签名者必须在旧签名过期前生成新签名。这些签名没有被更新：区是离线签名的"
        "（dnssec-signzone、ldns-signzone），重新签名的任务停了；负责签名的隐藏主服务器宕机了；或者辅服务器不再收到更新。"
        + _CA_ZH,
    ),
    (
        "Re-sign {zone} now and make sure re-signing runs again (cron job, the signer's "
        "automatic signing, zone transfers to every server); at {provider}, turn DNSSEC off and on "
        "again or ask its support. If the zone cannot be re-signed soon, remove the DS of {zone} "
        + _REGISTRAR_EN
        + " so that it is validated as unsigned.",
        "立即重新签名 {zone}，并确保重新签名恢复运行（cron 任务、签名软件的自动签名、到每台服务器的区传送）；"
        "在 {provider}，关闭再重新开启 DNSSEC，或联系其客服。如果短期内无法重新签名，"
        + _REGISTRAR_ZH
        + "删除 {zone} 的 DS，让它按未签名区验证。",
    ),
    (
        "The signature's window (inception, expiration), the time it was judged at, and which "
        "servers serve it.",
        "签名的有效期（起始、过期）、判断所用的时间，以及提供它的服务器。",
    ),
    explains=_SYMPTOMS,
    rank=15,
)
RRSIG_NOT_YET_VALID = _dnssec(
    "DNSSEC_RRSIG_NOT_YET_VALID",
    Severity.ERROR,
    (
        "The signature over {rrset} from {servers} is valid only from {inception} UTC ({ahead} "
        "from now): validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{servers} 返回的 {rrset} 的签名要到 UTC {inception} 才生效（还有 {ahead}）：验证 DNSSEC 的解析器（包括 CA 的）"
        "对 {name} 回答 SERVFAIL",
    ),
    (
        "The signer's clock is ahead (or it dates signatures from the future): until the "
        "inception time, validators refuse the signature. " + _CA_EN,
        "签名者的时钟超前（或者它把签名起始时间设在将来）：在起始时间之前，验证者拒绝该签名。"
        + _CA_ZH,
    ),
    (
        "Fix the clock of the machine that signs {zone} and re-sign it (signers usually "
        "back-date the inception by an hour for this reason).",
        "校正为 {zone} 签名的机器的时钟，然后重新签名（签名软件通常为此把起始时间提前一小时）。",
    ),
    (
        "The signature's window and the time it was judged at.",
        "签名的有效期及判断所用的时间。",
    ),
    explains=_SYMPTOMS,
    rank=15,
)
SIGNATURE_INVALID = _dnssec(
    "DNSSEC_SIGNATURE_INVALID",
    Severity.ERROR,
    (
        "The signature over {rrset} from {servers} does not verify with the DNSKEY of {zone} "
        "({detail}): validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{servers} 返回的 {rrset} 的签名无法用 {zone} 的 DNSKEY 验证（{detail}）：验证 DNSSEC 的解析器（包括 CA 的）"
        "对 {name} 回答 SERVFAIL",
    ),
    (
        "The data and its signature disagree, or the signature was made by a key the zone does "
        "not publish: the record was changed without re-signing, a server serves a copy signed "
        "with other keys (two providers each signing with their own keys), or the keys were "
        "replaced without the old signatures. " + _CA_EN,
        "数据与签名不一致，或者签名所用的密钥不在该区公布的密钥中：记录修改后没有重新签名、某台服务器提供的是用别的密钥签名的"
        "副本（两家服务商各用自己的密钥签名），或者换了密钥却保留了旧签名。" + _CA_ZH,
    ),
    (
        "Re-sign {zone} and make every server serve the same signed copy; with two providers, "
        "each must publish the other's zone-signing key (RFC 8901), or use one provider only.",
        "重新签名 {zone}，并让每台服务器提供同一个签名副本；使用两家服务商时，双方都必须发布对方的 ZSK（RFC 8901），"
        "否则只用一家。",
    ),
    ("The signature, its key tag and the DNSKEY set.", "签名、其 key tag 以及 DNSKEY 集合。"),
    explains=_SYMPTOMS,
    rank=15,
)
RRSIG_MISSING = _dnssec(
    "DNSSEC_RRSIG_MISSING",
    Severity.ERROR,
    (
        "The {rrset} answer from {servers} has no signature although {zone} is signed (DS at "
        "{parent}): validating resolvers (the CA's) answer SERVFAIL for {name}",
        "{zone} 已签名（{parent} 中有 DS），但 {servers} 返回的 {rrset} 没有签名：验证 DNSSEC 的解析器（包括 CA 的）"
        "对 {name} 回答 SERVFAIL",
    ),
    (
        "A validator asked for signatures (DO bit) and got the record without any: the server "
        "serves an unsigned copy of the zone (a second provider that does not sign, a server "
        "left from before the move), or it strips signatures. " + _CA_EN,
        "验证者请求了签名（DO 位），收到的记录却不带签名：该服务器提供的是未签名的区副本（不签名的第二家服务商、迁移前遗留的"
        "服务器），或者它去掉了签名。" + _CA_ZH,
    ),
    (
        "Sign {zone} on that server too (with keys the DNSKEY set publishes), or remove the "
        "server from the zone's NS records at {provider} and at the registrar.",
        "在该服务器上也为 {zone} 签名（使用 DNSKEY 集合中公布的密钥），或在 {provider} 和注册商处把该服务器从 NS 记录中删除。",
    ),
    ("The question and each server's answer.", "查询的问题及各服务器的应答。"),
    explains=_SYMPTOMS,
    rank=15,
)
DENIAL_INVALID = _dnssec(
    "DNSSEC_DENIAL_INVALID",
    Severity.ERROR,
    (
        "The {answer} answer from {servers} for {qname} {qtype} has no valid NSEC/NSEC3 proof "
        "({detail}): validating resolvers answer SERVFAIL instead",
        "{servers} 对 {qname} {qtype} 的应答 {answer} 缺少有效的 NSEC/NSEC3 证明（{detail}）："
        "验证 DNSSEC 的解析器会改为回答 SERVFAIL",
    ),
    (
        'In a signed zone, "no such record" must be proven with signed NSEC or NSEC3 records. '
        "Without that proof a validator cannot tell the answer from a forgery: the CA gets "
        'SERVFAIL instead of "no such record", which fails the TXT and CAA look-ups of an order.',
        "在已签名的区中，“没有该记录”必须用签名的 NSEC 或 NSEC3 记录证明。没有证明，验证者无法把该应答与伪造应答区分开："
        "CA 得到的是 SERVFAIL 而不是“没有该记录”，订单的 TXT 和 CAA 查询都会因此失败。",
    ),
    (
        "Re-sign {zone} (the NSEC/NSEC3 chain is made when signing) and check that every server "
        "serves the signed copy; at {provider}, turn DNSSEC off and on again or ask its support.",
        "重新签名 {zone}（NSEC/NSEC3 链在签名时生成），并确认每台服务器都提供签名后的副本；在 {provider}，"
        "关闭再重新开启 DNSSEC，或联系其客服。",
    ),
    ("The negative answer and its NSEC/NSEC3 records.", "否定应答及其 NSEC/NSEC3 记录。"),
    explains=_SYMPTOMS,
    rank=20,
)
ALGORITHM = _dnssec(
    "DNSSEC_ALGORITHM_OUTDATED",
    Severity.WARNING,
    (
        "{zone} is signed with {algorithms}, which {effect}",
        "{zone} 使用 {algorithms} 签名，{effect}",
    ),
    (
        "RFC 8624 lists which DNSSEC algorithms validators must support. A zone whose DS "
        "records use only algorithms a validator does not implement is validated as unsigned "
        "(not protected, but not failing either); RSASHA1 is still validated by Let's Encrypt's "
        "Unbound, but signers must not use it any more and validators on systems that forbid "
        "SHA-1 (RHEL 9 and its kin) treat it as unsigned. The order does not fail for this.",
        "RFC 8624 规定了验证者必须支持的 DNSSEC 算法。如果一个区的 DS 只用了验证者不支持的算法，它会被当作未签名区验证"
        "（得不到保护，但也不会失败）；RSASHA1 目前仍被 Let's Encrypt 的 Unbound 验证，但签名者不应再使用，"
        "禁用 SHA-1 的系统（RHEL 9 等）上的验证者会把它当作未签名。订单不会因此失败。",
    ),
    (
        "Roll the keys of {zone} to ECDSAP256SHA256 (algorithm 13) at {provider} and update the "
        "DS at the registrar.",
        "在 {provider} 把 {zone} 的密钥轮换为 ECDSAP256SHA256（算法 13），并在注册商处更新 DS。",
    ),
    ("The DS records and their algorithms.", "DS 记录及其算法。"),
    cause=False,
)
LOOKUP_FAILED = _dnssec(
    "DNSSEC_LOOKUP_FAILED",
    Severity.WARNING,
    (
        "The {rdtype} records of {zone} could not be fetched from {servers} ({reason}): the "
        "DNSSEC chain of {name} was not checked past {zone}",
        "无法从 {servers} 获取 {zone} 的 {rdtype} 记录（{reason}）：{name} 的 DNSSEC 信任链在 {zone} 之后未能检查",
    ),
    (
        "A validator needs these records too: if they cannot be fetched (a server that drops "
        "DNSKEY or DS questions, answers too large for the path, a firewall that drops EDNS), "
        "the CA's resolver answers SERVFAIL.",
        "验证者同样需要这些记录：如果取不到（服务器丢弃 DNSKEY 或 DS 查询、应答对路径来说太大、防火墙丢弃 EDNS 报文），"
        "CA 的解析器会回答 SERVFAIL。",
    ),
    (
        "Check from another network whether `dig +dnssec {rdtype} {zone} @SERVER` answers; if it "
        "does not, ask {provider} about DNSSEC queries to its servers.",
        "从其他网络检查 `dig +dnssec {rdtype} {zone} @SERVER` 是否有应答；如果没有，就 DNSSEC 查询问题联系 {provider}。",
    ),
    ("Each failed question.", "每个失败的查询。"),
    rank=30,
)
SECURE_CHAIN = _dnssec(
    "DNSSEC_SECURE",
    Severity.INFO,
    (
        "The DNSSEC chain of trust to {name} is intact ({chain})",
        "{name} 的 DNSSEC 信任链完整（{chain}）",
    ),
    (
        "Every link from the trust anchor down validates, and every server signs its answer for "
        "the challenge name: the CA's validating resolver accepts it.",
        "从信任锚往下的每一环都验证通过，每台服务器对验证名称的应答都有签名：CA 的验证解析器会接受它。",
    ),
    ("Nothing to do.", "无需处理。"),
    ("The chain, link by link.", "逐环的信任链。"),
)
INSECURE_ZONE = _dnssec(
    "DNSSEC_UNSIGNED",
    Severity.INFO,
    (
        "{zone} is not signed (no DS at {parent}): validators, the CA's included, accept {name} "
        "without DNSSEC",
        "{zone} 没有签名（{parent} 中没有 DS）：包括 CA 在内的验证者会在不验证 DNSSEC 的情况下接受 {name}",
    ),
    (
        "Without a DS at the parent a zone is unsigned for validators: nothing about DNSSEC can "
        "fail the order.",
        "上级区中没有 DS 时，对验证者来说该区就是未签名的：DNSSEC 方面不会导致订单失败。",
    ),
    ("Nothing to do.", "无需处理。"),
    ("The chain and the proof that there is no DS.", "信任链，以及不存在 DS 的证明。"),
)

RESOLVER_AGREES = _dnssec(
    "DNSSEC_RESOLVER_AGREES",
    Severity.INFO,
    (
        "A validating resolver agrees: {resolver} answers {rcode} for {name}{ede}, and the "
        "record with checking disabled",
        "验证解析器的结论相同：{resolver} 对 {name} 回答 {rcode}{ede}，关闭验证（CD）时则返回记录",
    ),
    (
        "The same question with the Checking Disabled bit gets the record: the failure is the "
        "DNSSEC chain, not the record. This is what the CA's resolver does too.",
        "带 Checking Disabled 位的同一查询能得到记录：失败的是 DNSSEC 信任链，而不是记录本身。CA 的解析器也是这样。",
    ),
    ("Fix the chain as the finding above says.", "按上面的发现修复信任链。"),
    (
        "Each resolver's answer with and without CD, and its Extended DNS Error.",
        "各解析器在带与不带 CD 时的应答，及其扩展 DNS 错误（EDE）。",
    ),
)
RESOLVER_DISAGREES = _dnssec(
    "DNSSEC_RESOLVER_DISAGREES",
    Severity.INFO,
    (
        "{resolver} answers {rcode} for {name}, although the chain is broken: it does not "
        "validate DNSSEC, or it still holds an answer from before",
        "尽管信任链已断，{resolver} 对 {name} 仍回答 {rcode}：它不验证 DNSSEC，或仍缓存着之前的应答",
    ),
    (
        "Not every resolver validates (many home routers and some public resolvers do not), "
        "and a validating one may answer from its cache until the TTL runs out. The CA "
        "validates and asks afresh: trust the chain above, not this answer.",
        "并非每个解析器都验证 DNSSEC（很多家用路由器和部分公共解析器不验证），验证的解析器也可能在 TTL 到期前从缓存应答。"
        "CA 会验证并重新查询：请以上面的信任链为准，而不是这个应答。",
    ),
    ("Nothing to do about this resolver.", "对该解析器无需处理。"),
    ("The resolver's answer.", "该解析器的应答。"),
)

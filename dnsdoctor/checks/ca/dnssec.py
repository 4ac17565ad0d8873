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
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import Evidence, Finding, Phrase, Severity, SpecMaker
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.challenge import ChallengeView, ServerView, challenge_view
from dnsdoctor.truth.iterate import Delegation, ResolutionError, delegation
from dnsdoctor.truth.path import Intercepted

F = "dnssec"
_spec = SpecMaker(F)

WORDS = register(
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
_REGISTRAR_EN = (
    "at the registrar (Alibaba Cloud/万网: 域名控制台 → 域名列表 → 管理 → DNSSEC设置; Tencent Cloud: "
    "域名注册 → 我的域名 → 管理 → DNSSEC; elsewhere: the domain's DNSSEC or DS settings)"
)
_REGISTRAR_ZH = (
    "在域名注册商处（阿里云/万网：域名控制台 → 域名列表 → 管理 → DNSSEC设置；腾讯云：域名注册 → 我的域名 → 管理 → "
    "DNSSEC；其他注册商：域名的 DNSSEC 或 DS 设置）"
)

DS_WITHOUT_DNSKEY = _spec(
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
DS_MISMATCH = _spec(
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
RRSIG_EXPIRED = _spec(
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
RRSIG_NOT_YET_VALID = _spec(
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
SIGNATURE_INVALID = _spec(
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
RRSIG_MISSING = _spec(
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
DENIAL_INVALID = _spec(
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
ALGORITHM = _spec(
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
LOOKUP_FAILED = _spec(
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
SECURE_CHAIN = _spec(
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
INSECURE_ZONE = _spec(
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

RESOLVER_AGREES = _spec(
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
RESOLVER_DISAGREES = _spec(
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

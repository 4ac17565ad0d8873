"""Tencent Cloud credentials against the API: who the key is, what it may do, what DNSPod says.

The probes run in the order that makes each one conclusive (``/work/shared/TENCENT.md`` D2):

1. STS ``GetCallerIdentity`` checks SecretId, SecretKey, token and clock without needing any DNSPod
   permission, and tells a root key from a CAM user's. When the offline lint found removable junk
   (a trailing U+200B, a newline from a key file, quotes), the cleaned credential is tried as well:
   "the key works once the trailing U+200B is removed" is a conclusive finding.
2. DNSPod ``DescribeDomain(zone)``: the zone is in this account; ``DnsStatus``, ``DnspodNsList`` and
   ``ActualNsList`` say whether the registrar delegates to DNSPod. Then ``DescribeDomainList`` (what
   lego calls first), which also names the account's domains when the zone is not among them.
3. ``DescribeRecordList`` for the challenge name with ``ErrorOnEmpty=no``: read permission, and the
   TXT values already there (leftovers named).
4. ``DeleteRecord(zone, RecordId=1)``, a record id that cannot exist: the non-destructive write
   probe. ``InvalidParameter.RecordIdInvalid`` means CAM let the call through;
   ``AuthFailure.UnauthorizedOperation``, ``UnauthorizedOperation`` or ``OperationDenied.*`` mean
   it is denied. The CAM actions an ACME client needs are named, the missing ones first, with a
   minimal policy to paste.

Every API error code becomes a finding with its cause and remedy. Each stage is memoised once per
run and shared by the checks ``creds.identity``, ``creds.zone``, ``creds.records`` and
``creds.permissions``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import dns.exception
import dns.name

from dnsdoctor import providers
from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.checks.creds.lint import (
    COMMANDS,
    CREDS_FULLWIDTH_CHAR,
    CREDS_INVISIBLE_CHAR,
    CREDS_QUOTED,
    FAMILY,
    _spec,
    chosen_credential,
    fix_text,
    key_evidence,
    provider_of,
)
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.model import Evidence, Finding, FindingSpec, Severity
from dnsdoctor.credentials import Credential
from dnsdoctor.providers.base import (
    AUTH_KINDS,
    ApiKey,
    DnsApi,
    ErrorKind,
    Identity,
    Provider,
    ProviderError,
    Record,
    Zone,
)
from dnsdoctor.providers.lint import FieldLint, lint_credential
from dnsdoctor.redact import guess_zone

STALE_AFTER = 3600.0
"""A challenge TXT older than this is a leftover of an earlier order, not of one running now."""

# -- finding specs ----------------------------------------------------------------------------

_AUTH_SYMPTOMS = ("CREDS_SIGNATURE_FAILURE", "CREDS_SECRET_ID_NOT_FOUND")

CREDS_AUTHENTICATED = _spec(
    "CREDS_AUTHENTICATED",
    Severity.INFO,
    (
        "Tencent Cloud accepts key {secret_id}: {who}",
        "腾讯云接受密钥 {secret_id}：{who_zh}",
    ),
    (
        "STS GetCallerIdentity succeeded, so SecretId, SecretKey, token and this clock are all "
        "right; whether the key may change DNS records is checked separately.",
        "STS GetCallerIdentity 调用成功，说明 SecretId、SecretKey、Token 和本机时钟都没有问题；"
        "该密钥能否修改解析记录另行检查。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_ROOT_KEY = _spec(
    "CREDS_ROOT_KEY",
    Severity.WARNING,
    (
        "Key {secret_id} belongs to the root account {account}: whoever holds it controls the "
        "whole account",
        "密钥 {secret_id} 属于主账号 {account}：拿到它的人可以控制整个账号",
    ),
    (
        "An ACME client only needs a few DNSPod actions. A root key stored on a server gives "
        "anyone who reads it every product and the bill of the account.",
        "ACME 客户端只需要几个 DNSPod 接口权限。把主账号密钥放在服务器上，"
        "任何读到它的人都能操作该账号的全部产品和费用。",
    ),
    (
        "Create a CAM sub-user with programmatic access only, attach the minimal DNSPod policy "
        "shown, give its key to the ACME client, then disable this root key.",
        "请创建一个仅允许编程访问的 CAM 子用户，关联下面给出的最小 DNSPod 策略，把它的密钥配置给 "
        "ACME 客户端，然后禁用这把主账号密钥。",
    ),
    rank=40,
    cause=False,
)
CREDS_WORKS_CLEANED = _spec(
    "CREDS_WORKS_CLEANED",
    Severity.ERROR,
    ("The key works once {fix}", "{fix_zh}后，密钥即可通过验证"),
    (
        "As given, Tencent Cloud rejects the key ({code}); with the stray characters removed it "
        "accepts it. So the key itself is right and its copy is damaged, which is what the ACME "
        "client sends too.",
        "按原样发送时腾讯云拒绝该密钥（{code}）；去掉多余字符后则接受。说明密钥本身没错，是复制出来的"
        "内容被污染了，而 ACME 客户端发送的正是这份内容。",
    ),
    (
        "Re-enter the value without the stray characters where the ACME client reads it "
        "({origin}); for a file, write it without a final newline (printf '%s' …).",
        "请在 ACME 客户端读取的位置（{origin}）重新填写，不要带多余字符；如果是文件，"
        "写入时不要带末尾换行（printf '%s' …）。",
    ),
    explains=(
        CREDS_INVISIBLE_CHAR.code,
        CREDS_FULLWIDTH_CHAR.code,
        CREDS_QUOTED.code,
        *_AUTH_SYMPTOMS,
        "CREDS_CREDENTIAL_UNSENDABLE",
    ),
    rank=2,
)
CREDS_SIGNATURE_FAILURE = _spec(
    "CREDS_SIGNATURE_FAILURE",
    Severity.ERROR,
    (
        "Tencent Cloud rejects the signature: the SecretKey does not belong to SecretId "
        "{secret_id} (AuthFailure.SignatureFailure)",
        "腾讯云拒绝签名：SecretKey 与 SecretId {secret_id} 不匹配（AuthFailure.SignatureFailure）",
    ),
    (
        "The SecretId exists, but the signature made with this SecretKey is wrong. Almost always "
        "the SecretKey is wrong, from another key pair, or carries invisible characters; more "
        "rarely a home-made signer uses the local date instead of the UTC date (failing between "
        "00:00 and 08:00 China time).",
        "SecretId 存在，但用这个 SecretKey 算出的签名不对。几乎总是 SecretKey 填错、"
        "来自另一对密钥，或"
        "带有不可见字符；少数情况下是自己实现的签名代码用了本地日期而不是 UTC 日期（北京时间 0 "
        "点到 8 点之间失败）。",
    ),
    (
        "Copy the SecretKey of this SecretId again from the CAM console (API 密钥管理); if it was "
        "lost, create a new key pair and update the ACME client.",
        "请在访问管理控制台（API 密钥管理）重新复制该 SecretId 对应的 SecretKey；如果已经丢失，"
        "请新建一对密钥并更新 ACME 客户端的配置。",
    ),
    rank=5,
)
CREDS_SIGNATURE_EXPIRE = _spec(
    "CREDS_SIGNATURE_EXPIRE",
    Severity.ERROR,
    (
        "Tencent Cloud rejects the request time: this clock is {skew} the API's clock "
        "(AuthFailure.SignatureExpire)",
        "腾讯云拒绝请求时间：本机时钟与接口服务器相差 {skew_zh}（AuthFailure.SignatureExpire）",
    ),
    (
        "Every request carries a timestamp; Tencent Cloud refuses one more than 300 seconds away "
        "from its own clock, ahead or behind. The key may be fine: no call can succeed until the "
        "clock is right.",
        "每个请求都带有时间戳；与腾讯云服务器时间相差超过 300 秒（无论快慢）的请求都会被拒绝。"
        "密钥本身可能没有问题，但在时钟校准之前，任何调用都不会成功。",
    ),
    (
        "Run `dnsdoctor clock` to measure the offset and get the fix for this system.",
        "请运行 `dnsdoctor clock` 测量时钟偏差，并按给出的方法校准本机时间。",
    ),
    rank=3,
)
CREDS_SECRET_ID_NOT_FOUND = _spec(
    "CREDS_SECRET_ID_NOT_FOUND",
    Severity.ERROR,
    (
        "Tencent Cloud does not know SecretId {secret_id} (AuthFailure.SecretIdNotFound)",
        "腾讯云找不到 SecretId {secret_id}（AuthFailure.SecretIdNotFound）",
    ),
    (
        "No key with this SecretId exists: it was deleted or disabled in the console, mistyped, "
        "truncated, or has spaces or quotes around it.",
        "不存在这个 SecretId 的密钥：它可能已在控制台被删除或禁用，或者填错、被截断，"
        "或两侧带有空格或引号。",
    ),
    (
        "Check the key under 访问管理 → API 密钥管理 (enabled, not deleted) and copy the SecretId "
        "again; create a new key if it is gone.",
        "请在访问管理 → API 密钥管理中确认该密钥存在且已启用，并重新复制 SecretId；如果已被删除，"
        "请新建密钥。",
    ),
    rank=5,
)
CREDS_INVALID_SECRET_ID = _spec(
    "CREDS_INVALID_SECRET_ID",
    Severity.ERROR,
    (
        "SecretId {secret_id} is not a Tencent Cloud API key (AuthFailure.InvalidSecretId)",
        "SecretId {secret_id} 不是腾讯云 API 密钥（AuthFailure.InvalidSecretId）",
    ),
    (
        "The value is not of the Tencent Cloud API key type: typically a legacy DNSPod token "
        "(ID,Token) or another product's credential.",
        "该值不是腾讯云 API 密钥类型：通常是旧版 DNSPod Token（ID,Token）或其他产品的凭据。",
    ),
    (
        "Create an API key under 访问管理 → API 密钥管理 and use its SecretId and SecretKey.",
        "请在访问管理 → API 密钥管理中创建 API 密钥，并使用它的 SecretId 和 SecretKey。",
    ),
    rank=5,
)
CREDS_TOKEN_FAILURE = _spec(
    "CREDS_TOKEN_FAILURE",
    Severity.ERROR,
    (
        "Tencent Cloud rejects the token of temporary key {secret_id}: {token_state} "
        "(AuthFailure.TokenFailure)",
        "腾讯云拒绝临时密钥 {secret_id} 的 Token：{token_state_zh}（AuthFailure.TokenFailure）",
    ),
    (
        "A temporary key (from STS AssumeRole or GetFederationToken) is only valid with the token "
        "issued with it, and only until it expires.",
        "临时密钥（由 STS AssumeRole 或 GetFederationToken 签发）必须和一起签发的 Token 配合使用，"
        "且只在有效期内可用。",
    ),
    (
        "Give the ACME client the matching token (lego: TENCENTCLOUD_SESSION_TOKEN) or, better "
        "for a long-running client, a CAM sub-user's permanent key.",
        "请把对应的 Token 配置给 ACME 客户端（lego 读取 TENCENTCLOUD_SESSION_TOKEN），对长期运行的"
        "客户端更好的做法是使用 CAM 子用户的永久密钥。",
    ),
    rank=5,
)
CREDS_AUTH_FAILURE = _spec(
    "CREDS_AUTH_FAILURE",
    Severity.ERROR,
    ("Tencent Cloud refuses key {secret_id}: {code}", "腾讯云拒绝密钥 {secret_id}：{code}"),
    (
        "Tencent Cloud did not accept the request's authentication: {message}",
        "腾讯云没有通过请求的身份验证：{message}",
    ),
    (
        "Check the key in the CAM console (MFA, IP restrictions, key status) and try again.",
        "请在访问管理控制台检查该密钥（MFA、IP 限制、密钥状态）后重试。",
    ),
    rank=6,
)
CREDS_CREDENTIAL_UNSENDABLE = _spec(
    "CREDS_CREDENTIAL_UNSENDABLE",
    Severity.ERROR,
    (
        "The {part} cannot be sent at all: it {problem}",
        "{part} 根本无法发送：{problem_zh}",
    ),
    (
        "The SecretId and the token travel in HTTP headers, which allow neither line breaks nor "
        "characters beyond Latin-1, and every part must be valid text; HTTP clients refuse such "
        "a request before it leaves.",
        "SecretId 和 Token 放在 HTTP 头中发送，而 HTTP 头不允许换行，也不允许 Latin-1 以外的字符，"
        "而且每一部分都必须是有效文本；HTTP 客户端会在发送前就拒绝这样的请求。",
    ),
    (
        "Re-enter the {part} without the stray characters (see creds.lint).",
        "请去掉多余字符后重新填写 {part}（参见 creds.lint）。",
    ),
    rank=5,
)
CREDS_STS_DENIED = _spec(
    "CREDS_STS_DENIED",
    Severity.INFO,
    (
        "Key {secret_id} may not call sts:GetCallerIdentity; its identity is not confirmed",
        "密钥 {secret_id} 无权调用 sts:GetCallerIdentity，无法确认其身份",
    ),
    (
        "The key authenticated (CAM evaluated it), but its policy does not allow "
        "GetCallerIdentity, so root account and CAM user cannot be told apart. ACME clients do "
        "not need this action.",
        "该密钥通过了身份验证（CAM 已对其鉴权），但策略不允许 GetCallerIdentity，"
        "因此无法区分主账号和子用户。ACME 客户端不需要这个接口。",
    ),
    ("Nothing to do for ACME.", "对 ACME 而言无需处理。"),
    rank=80,
)
CREDS_API_UNREACHABLE = _spec(
    "CREDS_API_UNREACHABLE",
    Severity.ERROR,
    (
        "{action} could not reach the Tencent Cloud API at {endpoint}: {reason}",
        "{action} 无法连接腾讯云 API（{endpoint}）：{reason}",
    ),
    (
        "No answer came back in time (or the connection failed), so nothing could be learnt about "
        "the key. The ACME client on this host would fail the same way.",
        "在限定时间内没有收到应答（或连接失败），因此无法判断密钥的情况。本机上的 ACME "
        "客户端也会同样失败。",
    ),
    (
        "Check that this host can open HTTPS connections to {endpoint} (firewall, DNS, an "
        "HTTPS_PROXY that is required or wrong).",
        "请检查本机能否建立到 {endpoint} 的 HTTPS 连接（防火墙、DNS，以及是否需要或错误设置了 "
        "HTTPS_PROXY）。",
    ),
    rank=8,
)
CREDS_API_SERVER_ERROR = _spec(
    "CREDS_API_SERVER_ERROR",
    Severity.ERROR,
    (
        "{endpoint} failed {action} after {attempts} attempt(s): {reason}",
        "{endpoint} 处理 {action} 失败（尝试 {attempts} 次）：{reason}",
    ),
    (
        "The API (or a proxy in front of it) answered with a server error, so the key could not "
        "be judged. Tencent Cloud itself answers errors with HTTP 200 and a JSON body; an HTML "
        "error page usually comes from a proxy or gateway.",
        "接口（或其前面的代理）返回了服务器错误，因此无法判断密钥情况。腾讯云自身的错误总是以 HTTP "
        "200 和 JSON 返回；HTML 错误页通常来自代理或网关。",
    ),
    (
        "Try again later; if it persists, check the proxy between this host and {endpoint}.",
        "请稍后重试；如果一直出现，请检查本机与 {endpoint} 之间的代理。",
    ),
    rank=8,
)
CREDS_API_BAD_RESPONSE = _spec(
    "CREDS_API_BAD_RESPONSE",
    Severity.ERROR,
    (
        "{endpoint} answered {action} with something that is not the Tencent Cloud API: {reason}",
        "{endpoint} 对 {action} 的应答不是腾讯云 API 的格式：{reason}",
    ),
    (
        "The answer is not the API's JSON envelope: a captive portal, a proxy, or the wrong "
        "endpoint answered instead.",
        "应答不是 API 的 JSON 格式：可能是认证网关、代理，或者端点地址填错了。",
    ),
    (
        "Check --tencent-endpoint and any proxy between this host and {endpoint}.",
        "请检查 --tencent-endpoint 以及本机与 {endpoint} 之间的代理。",
    ),
    rank=8,
)
CREDS_RATE_LIMITED = _spec(
    "CREDS_RATE_LIMITED",
    Severity.WARNING,
    (
        "{action} was rate-limited ({code}) after {attempts} attempt(s)",
        "{action} 被限频（{code}），已尝试 {attempts} 次",
    ),
    (
        "Tencent Cloud limits calls per second per account; something else is calling the API "
        "with this account at a high rate, so ACME clients may fail intermittently too.",
        "腾讯云按账号限制每秒调用次数；说明有其他程序正在用这个账号高频调用接口，ACME "
        "客户端也可能因此间歇失败。",
    ),
    (
        "Wait a minute and run again; find the program calling the API in a loop.",
        "请等一分钟后重试，并找出在循环调用接口的程序。",
    ),
    rank=30,
)
CREDS_API_ERROR = _spec(
    "CREDS_API_ERROR",
    Severity.ERROR,
    ("{action} failed: {code}", "{action} 调用失败：{code}"),
    (
        "Tencent Cloud answered with an error dnsdoctor has no specific advice for: {message}",
        "腾讯云返回了一个 dnsdoctor 没有专门说明的错误：{message}",
    ),
    (
        "Look the code up in the DNSPod API error codes and quote the RequestId to Tencent Cloud "
        "support.",
        "请在 DNSPod API 错误码文档中查找该错误码，并向腾讯云客服提供 RequestId。",
    ),
    rank=20,
)
CREDS_ZONE_FOUND = _spec(
    "CREDS_ZONE_FOUND",
    Severity.INFO,
    (
        "{zone} is in this account (DomainId {domain_id}, status {status})",
        "{zone} 在该账号中（DomainId {domain_id}，状态 {status}）",
    ),
    (
        "DNSPod hosts the zone in the account this key belongs to.",
        "DNSPod 在该密钥所属的账号中托管了这个域名。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_ZONE_NOT_IN_ACCOUNT = _spec(
    "CREDS_ZONE_NOT_IN_ACCOUNT",
    Severity.ERROR,
    (
        "{zone} is not in the Tencent Cloud account of key {secret_id} ({code})",
        "{zone} 不在密钥 {secret_id} 所属的腾讯云账号中（{code}）",
    ),
    (
        "The key authenticates, but its account does not host this zone in DNSPod: the domain "
        "lives in another account (or was never added), so the ACME client cannot create the "
        "challenge record (lego: 'zone … not found in dnspod for domain …'). The account holds: "
        "{domains}.",
        "密钥可以通过验证，但它所属的账号在 DNSPod 中没有托管这个域名："
        "域名在另一个账号里（或从未添加），"
        "所以 ACME 客户端无法创建验证记录（lego 报 “zone … not found in dnspod for domain …”）。"
        "该账号中的域名：{domains}。",
    ),
    (
        "Use a key of the account that holds {zone} in DNSPod, or add {zone} to this account "
        "(DNSPod console → 添加域名).",
        "请使用托管 {zone} 的那个账号的密钥，或者把 {zone} 添加到该账号（DNSPod 控制台 → 添加域名）"
        "。",
    ),
    rank=6,
)
CREDS_ZONE_INVALID = _spec(
    "CREDS_ZONE_INVALID",
    Severity.ERROR,
    (
        "DNSPod rejects {zone} as a domain name (InvalidParameter.DomainInvalid)",
        "DNSPod 不接受 {zone} 这个域名（InvalidParameter.DomainInvalid）",
    ),
    (
        "DNSPod wants the registered domain without a trailing dot; a sub-domain or a name with a "
        "final dot is rejected.",
        "DNSPod 要求使用注册域名本身且末尾不带点；子域名或以点结尾的名称会被拒绝。",
    ),
    (
        "Give the domain as registered (example.com, not www.example.com. or example.com.).",
        "请按注册时的形式填写域名（example.com，而不是 www.example.com. 或 example.com.）。",
    ),
    rank=6,
)
CREDS_NOT_DELEGATED = _spec(
    "CREDS_NOT_DELEGATED",
    Severity.ERROR,
    (
        "DNSPod says the registrar does not delegate {zone} to it (DnsStatus {dns_status})",
        "DNSPod 显示注册商没有把 {zone} 的解析交给它（DnsStatus {dns_status}）",
    ),
    (
        "The zone exists in DNSPod, but the registry's name servers for it ({actual_ns}) are not "
        "the ones DNSPod assigned ({dnspod_ns}). Records created in DNSPod, the challenge TXT "
        "included, are then never seen by the CA.",
        "域名已添加到 DNSPod，但注册局登记的 NS（{actual_ns}）不是 DNSPod 分配的 NS（{dnspod_ns}）"
        "。这样在 DNSPod 中创建的记录（包括验证用的 TXT）永远不会被 CA 看到。",
    ),
    (
        "At the registrar, set the name servers of {zone} to {dnspod_ns}, or create the challenge "
        "record at the DNS provider the registrar does delegate to.",
        "请在注册商处把 {zone} 的 NS 改为 {dnspod_ns}，或者在注册商实际委派的 DNS "
        "服务商处创建验证记录。",
    ),
    explains=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_TXT_OTHER_VALUE", "DNS_NS_MISMATCH"),
    rank=4,
)
CREDS_DELEGATION_ELSEWHERE = _spec(
    "CREDS_DELEGATION_ELSEWHERE",
    Severity.ERROR,
    (
        "The registry delegates {zone} to {delegated}, none of the name servers DNSPod assigned "
        "({dnspod_ns})",
        "注册局把 {zone} 委派给 {delegated}，其中没有 DNSPod 分配的 NS（{dnspod_ns}）",
    ),
    (
        "dnsdoctor followed the delegation from the root itself: the parent zone's name servers "
        "for the domain are not DNSPod's, although the zone is in this DNSPod account (DNSPod's own "
        "status may not have noticed yet). Records the ACME client creates through the DNSPod API "
        "are never seen by the CA.",
        "dnsdoctor 从根开始自行跟踪了委派：上级区为该域名登记的 NS 不是 DNSPod 的，尽管该域名在这个 DNSPod "
        "账号中（DNSPod 自身的状态可能尚未更新）。ACME 客户端通过 DNSPod API 创建的记录，CA 永远看不到。",
    ),
    (
        "At the registrar, set the name servers of {zone} to {dnspod_ns}; or give the ACME client "
        "the API key of the DNS provider that {delegated} belong to.",
        "请在注册商处把 {zone} 的 NS 改为 {dnspod_ns}；或者给 ACME 客户端配置 {delegated} 所属 DNS 服务商的 API 密钥。",
    ),
    explains=("DNS_TXT_NOT_FOUND", "DNS_TXT_MISSING", "DNS_TXT_OTHER_VALUE", "DNS_NS_MISMATCH"),
    rank=4,
)
CREDS_ZONE_PAUSED = _spec(
    "CREDS_ZONE_PAUSED",
    Severity.ERROR,
    (
        "DNSPod has {zone} in status {status}: it does not serve the zone's records",
        "DNSPod 中 {zone} 的状态为 {status}：不会对外提供解析",
    ),
    (
        "A paused, locked or spam-flagged zone is not answered by DNSPod's servers, so no "
        "challenge record can be seen.",
        "处于暂停、锁定或被标记为垃圾状态的域名不会由 DNSPod 的服务器应答，验证记录也就无法被看到。"
        "",
    ),
    (
        "Enable the zone in the DNSPod console (or contact Tencent Cloud support for a lock).",
        "请在 DNSPod 控制台启用该域名（如果被锁定，请联系腾讯云客服）。",
    ),
    rank=5,
)
CREDS_TXT_RECORDS = _spec(
    "CREDS_TXT_RECORDS",
    Severity.INFO,
    ("DNSPod has {count} TXT record(s) at {name}", "DNSPod 中 {name} 有 {count} 条 TXT 记录"),
    (
        "What the DNS provider's control plane holds at the challenge name right now (the key "
        "may read records).",
        "DNS 服务商控制台中此刻在验证记录名下保存的内容（说明该密钥可以读取记录）。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_STALE_TXT = _spec(
    "CREDS_STALE_TXT",
    Severity.WARNING,
    (
        "{count} TXT record(s) at {name} in DNSPod are left over from earlier orders (oldest "
        "updated {oldest})",
        "DNSPod 中 {name} 有 {count} 条以前订单遗留的 TXT 记录（最早更新于 {oldest}）",
    ),
    (
        "An ACME client deletes its challenge record after the order; records that stay behind "
        "mean an earlier cleanup failed (often a key that may not delete). They do not stop a new "
        "order, but they grow the answer and hide which value is current.",
        "ACME 客户端在订单结束后会删除验证记录；遗留的记录说明之前的清理失败了（常见原因是密钥没有"
        "删除权限）。它们不会阻止新订单，但会让应答变大，也让人分不清哪个值是当前的。",
    ),
    (
        "Delete the leftover TXT records at {name} in the DNSPod console, and fix what stopped the "
        "cleanup (see creds.permissions).",
        "请在 DNSPod 控制台删除 {name} 下遗留的 TXT 记录，并解决导致清理失败的原因（参见 "
        "creds.permissions）。",
    ),
    rank=45,
    cause=False,
)
CREDS_TXT_DISABLED = _spec(
    "CREDS_TXT_DISABLED",
    Severity.WARNING,
    (
        "{count} TXT record(s) at {name} are disabled in DNSPod",
        "DNSPod 中 {name} 有 {count} 条 TXT 记录处于暂停状态",
    ),
    (
        "A disabled record is kept in the console but not served, so the CA never sees it.",
        "暂停的记录虽然保留在控制台中，但不会对外解析，CA 也就看不到它。",
    ),
    (
        "Enable the record or delete it.",
        "请启用或删除这些记录。",
    ),
    rank=40,
)
CREDS_DELETE_DENIED = _spec(
    "CREDS_DELETE_DENIED",
    Severity.WARNING,
    (
        "dnspod:DeleteRecord is missing: key {secret_id} may not delete records in {zone}, so the "
        "ACME client cannot clean up its challenge record",
        "dnspod:DeleteRecord 权限缺失：密钥 {secret_id} 不能删除 {zone} 中的记录，ACME "
        "客户端无法清理验证记录",
    ),
    (
        "The write probe (DeleteRecord of a record id that cannot exist) was refused by CAM "
        "({code}). The ACME client needs to delete the TXT record it created; this is the classic "
        "'cleanup failed' after an otherwise successful order: the certificate is issued (lego "
        "and Certimate log the failed cleanup as a warning), but every order leaves its record "
        "behind. Missing for lego: {missing}.",
        "写权限探测（删除一个不可能存在的记录 ID）被 CAM 拒绝（{code}）。ACME "
        "客户端需要删除自己创建的 "
        "TXT 记录；这正是订单成功后“清理失败”的典型原因：证书照常签发（lego 和 Certimate 只把清理失败记为警告），"
        "但每个订单都会留下它的记录。lego 缺少的权限：{missing}。",
    ),
    (
        "Attach a policy with the actions listed (minimal policy below) to the CAM user of this "
        "key, e.g. with the tccli commands shown or in 访问管理 → 策略.",
        "请为该密钥所属的 CAM 用户关联包含所列接口的策略（下方给出了最小策略），可以用所示的 tccli "
        "命令，或在访问管理 → 策略中操作。",
    ),
    explains=("CREDS_STALE_TXT",),
    symptom_remedies={
        "CREDS_STALE_TXT": (
            "Delete them once in the DNSPod console; after the key may delete, the ACME client "
            "cleans up by itself.",
            "在 DNSPod 控制台手动删除一次即可；密钥有删除权限后，ACME 客户端会自行清理。",
        ),
    },
    rank=10,
)
CREDS_ACTIONS_DENIED = _spec(
    "CREDS_ACTIONS_DENIED",
    Severity.ERROR,
    (
        "{missing} missing: key {secret_id} may not call {count} action(s) the ACME client needs "
        "on {zone}",
        "缺少 {missing} 权限：密钥 {secret_id} 不能在 {zone} 上调用 ACME 客户端需要的 {count} "
        "个接口",
    ),
    (
        "CAM refused these calls. lego calls DescribeDomainList, CreateRecord, DescribeRecordList "
        "and DeleteRecord; acme.sh calls DescribeRecordList, CreateRecord, "
        "DescribeRecordFilterList and DeleteRecord. A policy scoped to one domain cannot allow "
        'DescribeDomainList, which needs resource "*".',
        "CAM 拒绝了这些调用。lego 会调用 DescribeDomainList、CreateRecord、DescribeRecordList 和 "
        "DeleteRecord；acme.sh 会调用 DescribeRecordList、CreateRecord、DescribeRecordFilterList "
        "和 "
        'DeleteRecord。只限定单个域名的策略无法授权 DescribeDomainList，它需要 resource 为 "*"。',
    ),
    (
        "Attach the minimal policy below to the CAM user of this key.",
        "请为该密钥所属的 CAM 用户关联下方的最小策略。",
    ),
    rank=11,
)
CREDS_PERMISSIONS_OK = _spec(
    "CREDS_PERMISSIONS_OK",
    Severity.INFO,
    (
        "Key {secret_id} may use {allowed} on {zone}; not tested: {untested}",
        "密钥 {secret_id} 可以在 {zone} 上调用 {allowed}；未测试：{untested}",
    ),
    (
        "Every action probed was allowed. CreateRecord is not probed here because it would "
        "change the zone; `dnsdoctor preflight` creates and deletes a real probe record.",
        "探测的接口全部允许。这里不探测 CreateRecord，因为它会修改域名解析；`dnsdoctor preflight` "
        "会创建并删除一条真实的探测记录。",
    ),
    ("Nothing to do.", "无需处理。"),
    rank=90,
)
CREDS_WRITE_PROBE_INCONCLUSIVE = _spec(
    "CREDS_WRITE_PROBE_INCONCLUSIVE",
    Severity.WARNING,
    (
        "Whether key {secret_id} may delete records in {zone} is unknown: {code}",
        "无法确定密钥 {secret_id} 能否删除 {zone} 中的记录：{code}",
    ),
    (
        "The write probe answered something that neither proves nor disproves the permission: "
        "{message}",
        "写权限探测返回的结果既不能证明、也不能否定该权限：{message}",
    ),
    (
        "Fix the problem named first, then run again; `dnsdoctor preflight` tests writes for real.",
        "请先解决排在前面的问题再重新运行；`dnsdoctor preflight` 会真实测试写入。",
    ),
    rank=50,
)
CREDS_WRITE_PROBE_DELETED = _spec(
    "CREDS_WRITE_PROBE_DELETED",
    Severity.WARNING,
    (
        "DeleteRecord of RecordId {record_id} in {zone} succeeded: a record with that id existed",
        "删除 {zone} 中 RecordId 为 {record_id} 的记录成功了：该 ID 的记录确实存在",
    ),
    (
        "The write probe uses a record id that real zones do not have; this zone had one, and it "
        "is now deleted. The key may delete records.",
        "写权限探测使用的记录 ID 在真实域名中不会存在；但这个域名里恰好有，并且现在已被删除。"
        "该密钥可以删除记录。",
    ),
    (
        "Check the zone in the DNSPod console (操作日志) and restore the record if it mattered.",
        "请在 DNSPod 控制台（操作日志）中检查，如有需要请恢复这条记录。",
    ),
    rank=50,
)

IDENTITY_SPECS = (
    CREDS_AUTHENTICATED,
    CREDS_ROOT_KEY,
    CREDS_WORKS_CLEANED,
    CREDS_SIGNATURE_FAILURE,
    CREDS_SIGNATURE_EXPIRE,
    CREDS_SECRET_ID_NOT_FOUND,
    CREDS_INVALID_SECRET_ID,
    CREDS_TOKEN_FAILURE,
    CREDS_AUTH_FAILURE,
    CREDS_CREDENTIAL_UNSENDABLE,
    CREDS_STS_DENIED,
    CREDS_API_UNREACHABLE,
    CREDS_API_SERVER_ERROR,
    CREDS_API_BAD_RESPONSE,
    CREDS_RATE_LIMITED,
    CREDS_API_ERROR,
)
ZONE_SPECS = (
    CREDS_ZONE_FOUND,
    CREDS_ZONE_NOT_IN_ACCOUNT,
    CREDS_ZONE_INVALID,
    CREDS_NOT_DELEGATED,
    CREDS_DELEGATION_ELSEWHERE,
    CREDS_ZONE_PAUSED,
)
RECORD_SPECS = (CREDS_TXT_RECORDS, CREDS_STALE_TXT, CREDS_TXT_DISABLED)
PERMISSION_SPECS = (
    CREDS_DELETE_DENIED,
    CREDS_ACTIONS_DENIED,
    CREDS_PERMISSIONS_OK,
    CREDS_WRITE_PROBE_INCONCLUSIVE,
    CREDS_WRITE_PROBE_DELETED,
)
# API errors can surface in any stage: the checks of later stages list the generic specs too.
_GENERIC = (
    CREDS_API_UNREACHABLE,
    CREDS_API_SERVER_ERROR,
    CREDS_API_BAD_RESPONSE,
    CREDS_RATE_LIMITED,
    CREDS_API_ERROR,
    CREDS_SIGNATURE_EXPIRE,
    CREDS_AUTH_FAILURE,
)

# -- zone (provisional) -----------------------------------------------------------------------


def zone_for(target: Target) -> str:
    """The registered domain of a target by its last labels (two, or three under suffixes such as
    com.cn): the fallback when the zone cut cannot be seen from here."""
    return guess_zone(target.base.to_text(omit_final_dot=True))


def subdomain_for(target: Target, zone: str) -> str:
    """The challenge name relative to ``zone`` (``_acme-challenge.www``)."""
    challenge = target.challenge.to_text(omit_final_dot=True).lower()
    if challenge == zone:
        return "@"
    return challenge.removesuffix("." + zone)


# -- staged, memoised probes ------------------------------------------------------------------


@dataclass
class IdentityState:
    cred: Credential
    lint: list[FieldLint]
    provider: Provider
    working: ApiKey | None = field(default=None, repr=False)
    identity: Identity | None = None
    raw_error: ProviderError | None = None
    cleaned_error: ProviderError | None = None
    cleaned_tried: bool = False
    via_cleaned: bool = False
    sts_denied: ProviderError | None = None

    @property
    def masked_id(self) -> str:
        return secrets.mask_id(self.cred.secret_id)


@dataclass
class ListState:
    domains: list[Zone] | None = None
    error: ProviderError | None = None

    def holds(self, zone: str) -> bool | None:
        if self.domains is None:
            return None
        return any(zone == d.name.lower() for d in self.domains)


@dataclass
class ZoneState:
    zone: str
    info: Zone | None = None
    error: ProviderError | None = None
    listing: ListState = field(default_factory=ListState)

    @property
    def absent(self) -> bool:
        """The zone is positively not in this account."""
        if self.error is not None and self.error.kind is ErrorKind.NO_ZONE:
            return True
        return self.info is None and self.listing.holds(self.zone) is False

    @property
    def blocking(self) -> ProviderError | None:
        """An error after which the record and write probes would say nothing new."""
        if self.error is not None and self.error.kind is not ErrorKind.DENIED:
            return self.error
        return None


@dataclass
class RecordsState:
    zone: str
    name: str
    records: list[Record] | None = None
    error: ProviderError | None = None


@dataclass
class WriteState:
    zone: str
    outcome: str
    """``allowed``, ``denied``, ``deleted``, ``inconclusive`` or ``error``."""
    error: ProviderError | None = None
    record_id: str = ""
    """The record id the probe asked to delete (one that cannot exist)."""


def api_of(ctx: Context, provider: Provider) -> DnsApi:
    """The provider's API adapter: injected in ``Services.apis`` (tests, the demo world), else
    made from the options (``--<provider>-endpoint``)."""
    api = ctx.services.apis.get(provider.name)
    if api is not None:
        return api
    api_module = provider.module("api")
    try:
        made: DnsApi = api_module.create_api(ctx.options)
    except ValueError as exc:
        raise Skip(
            f"{provider.title} API endpoint unusable: {exc}",
            f"{provider.title_zh} API 接入点不可用：{exc}",
        ) from None
    ctx.services.apis[provider.name] = made
    return made


def _api_key(cred: Credential, clean: bool) -> ApiKey:
    if not clean:
        return ApiKey(cred.secret_id, cred.secret_key, cred.token or None)
    token = secrets.cleaned(cred.token) if cred.token else None
    return ApiKey(secrets.cleaned(cred.secret_id), secrets.cleaned(cred.secret_key), token)


async def identity_state(ctx: Context) -> IdentityState:
    cred = await chosen_credential(ctx)
    provider = await provider_of(ctx)
    api = api_of(ctx, provider)

    async def probe() -> IdentityState:
        state = IdentityState(cred, lint_credential(cred), provider)
        raw = _api_key(cred, clean=False)
        try:
            state.identity = await api.whoami(raw, deadline=ctx.deadline)
            state.working = raw
            return state
        except ProviderError as err:
            state.raw_error = err
        if state.raw_error.kind is ErrorKind.DENIED:
            state.working, state.sts_denied = raw, state.raw_error
            state.raw_error = None
            return state
        cleaned = _api_key(cred, clean=True)
        if (
            state.raw_error.kind not in (*AUTH_KINDS, ErrorKind.LOCAL)
            or cleaned == raw
            or not all((cleaned.key_id, cleaned.secret))
        ):
            return state
        state.cleaned_tried = True
        try:
            state.identity = await api.whoami(cleaned, deadline=ctx.deadline)
        except ProviderError as err:
            if err.kind is not ErrorKind.DENIED:
                state.cleaned_error = err
                return state
            state.sts_denied = err
        state.working, state.via_cleaned = cleaned, True
        return state

    return await ctx.memo(("creds", "identity"), probe)


async def _working(ctx: Context) -> tuple[IdentityState, ApiKey, DnsApi]:
    state = await identity_state(ctx)
    if state.working is None:
        raise Skip(
            "the key did not authenticate (see creds.identity)",
            "密钥未通过认证（见 creds.identity）",
        )
    return state, state.working, api_of(ctx, state.provider)


async def list_state(ctx: Context) -> ListState:
    _, working, api = await _working(ctx)

    async def probe() -> ListState:
        try:
            return ListState(list(await api.zones(working, deadline=ctx.deadline)))
        except ProviderError as err:
            return ListState(error=err)

    return await ctx.memo(("creds", "domain-list"), probe)


async def zone_state(ctx: Context, zone: str) -> ZoneState:
    _, working, api = await _working(ctx)

    async def probe() -> ZoneState:
        state = ZoneState(zone)
        try:
            state.info = await api.zone(working, zone, deadline=ctx.deadline)
        except ProviderError as err:
            state.error = err
        if state.info is None and (
            state.error is None
            or state.error.kind in (ErrorKind.NO_ZONE, ErrorKind.INVALID_ZONE, ErrorKind.DENIED)
        ):
            state.listing = await list_state(ctx)
        return state

    return await ctx.memo(("creds", "zone", zone), probe)


async def _usable_zone(ctx: Context, zone: str) -> ZoneState:
    state = await zone_state(ctx, zone)
    if state.absent:
        raise Skip(
            f"{zone} is not in this account (see creds.zone)",
            f"{zone} 不在此账号中（见 creds.zone）",
        )
    if state.blocking is not None:
        action = state.blocking.action or "the zone look-up"
        raise Skip(
            f"{action} for {zone} failed (see creds.zone)",
            f"{zone} 的 {action} 调用失败（见 creds.zone）",
        )
    return state


def _zone_of(state: ZoneState) -> Zone:
    if state.info is not None:
        return state.info
    listed = [d for d in state.listing.domains or [] if d.name.lower() == state.zone]
    return listed[0] if listed else Zone("", state.zone)


async def records_state(ctx: Context, zone: str, name: str) -> RecordsState:
    _, working, api = await _working(ctx)
    zs = await _usable_zone(ctx, zone)
    await list_state(ctx)  # a fixed order: the zone, the zone list, then the records

    async def probe() -> RecordsState:
        try:
            records = await api.txt_records(working, _zone_of(zs), name, deadline=ctx.deadline)
            return RecordsState(zone, name, list(records))
        except ProviderError as err:
            return RecordsState(zone, name, error=err)

    return await ctx.memo(("creds", "records", zone, name), probe)


async def write_state(ctx: Context, zone: str, names: Iterable[str]) -> WriteState:
    _, working, api = await _working(ctx)
    zs = await _usable_zone(ctx, zone)
    for name in names:  # read before write: each probe conclusive in its turn
        await records_state(ctx, zone, name)

    async def probe() -> WriteState:
        found = await api.probe_write(working, _zone_of(zs), deadline=ctx.deadline)
        return WriteState(zone, found.outcome, found.error, found.record_id)

    return await ctx.memo(("creds", "write", zone), probe)


# -- error → finding --------------------------------------------------------------------------


def _skew_text(err: ProviderError, now: float, window: float) -> tuple[str, str]:
    if err.server_date is None:
        return f"more than {window:.0f} s away from", f"超过 {window:.0f} 秒"
    offset = now - err.server_date
    seconds = round(abs(offset))
    minutes, rest = divmod(seconds, 60)
    amount = f"{minutes} min {rest} s" if minutes else f"{rest} s"
    amount_zh = f"{minutes} 分 {rest} 秒" if minutes else f"{rest} 秒"
    if offset > 0:
        return f"{amount} ahead of", f"{amount_zh}（本机偏快）"
    return f"{amount} behind", f"{amount_zh}（本机偏慢）"


def _request_evidence(err: ProviderError) -> tuple[Evidence, ...]:
    items = [Evidence("error", f"{err.code}: {err.message}" if err.message else err.code)]
    if err.action:
        items.append(Evidence("action", err.action))
    if err.endpoint:
        items.append(Evidence("endpoint", err.endpoint))
    if err.request_id:
        items.append(Evidence("RequestId", err.request_id))
    if err.http_status is not None:
        items.append(Evidence("HTTP status", str(err.http_status)))
    if err.attempts > 1:
        items.append(Evidence("attempts", str(err.attempts)))
    return tuple(items)


def error_finding(
    err: ProviderError,
    ctx: Context,
    *,
    provider: Provider,
    secret_id: str,
    subject: str,
    token_sent: bool = False,
    extra: tuple[Evidence, ...] = (),
) -> Finding:
    """The finding for one API error (``secret_id`` is already masked)."""
    reason = err.message or err.code
    params: dict[str, object] = {
        "secret_id": secret_id,
        "code": err.code,
        "message": err.message or err.code,
        "action": err.action or "the call",
        "endpoint": err.endpoint or "the API",
        "reason": reason,
        "attempts": err.attempts,
    }
    evidence = _request_evidence(err) + extra
    commands: tuple[str, ...] = ()
    spec: FindingSpec
    if err.kind is ErrorKind.SIGNATURE:
        spec = CREDS_SIGNATURE_FAILURE
    elif err.kind is ErrorKind.CLOCK:
        spec = CREDS_SIGNATURE_EXPIRE
        params["skew"], params["skew_zh"] = _skew_text(err, ctx.clock(), provider.clock_window)
        commands = ("dnsdoctor clock",)
        if err.server_date is not None:
            server = dt.datetime.fromtimestamp(err.server_date, dt.UTC).isoformat()
            local = dt.datetime.fromtimestamp(ctx.clock(), dt.UTC).isoformat(timespec="seconds")
            evidence += (Evidence("API server time (Date)", server), Evidence("local time", local))
    elif err.kind is ErrorKind.UNKNOWN_KEY:
        spec = CREDS_SECRET_ID_NOT_FOUND
    elif err.kind is ErrorKind.INVALID_KEY:
        spec = CREDS_INVALID_SECRET_ID
    elif err.kind is ErrorKind.TOKEN:
        spec = CREDS_TOKEN_FAILURE
        params["token_state"] = "a token was sent" if token_sent else "no token was sent"
        params["token_state_zh"] = "已发送 Token" if token_sent else "没有发送 Token"
    elif err.kind is ErrorKind.LOCAL:
        spec = CREDS_CREDENTIAL_UNSENDABLE
        # The adapter names the part with the provider's labels ("the AccessKey Secret …").
        labels = ("security token", "token", provider.secret_label, provider.key_id_label)
        part = next((p for p in labels if f"the {p} " in err.message), provider.key_id_label)
        params["part"] = part
        params["problem"] = err.message.split(f"the {part} ", 1)[-1].split(", so", 1)[0]
        params["problem_zh"] = (
            "含有 Latin-1 以外的字符"
            if "Latin-1" in err.message
            else "含有控制字符（例如换行或制表符）"
            if "control" in err.message
            else "含有无法解码为文本的字节"
            if "not valid text" in err.message
            else "为空"
            if err.message.endswith(" is empty")
            else "以空白字符开头"
        )
    elif err.kind in AUTH_KINDS:
        spec = CREDS_AUTH_FAILURE
    elif err.kind is ErrorKind.NETWORK:
        spec = CREDS_API_UNREACHABLE
    elif err.kind is ErrorKind.SERVER:
        spec = CREDS_API_SERVER_ERROR
        if err.http_status is not None:
            params["reason"] = f"HTTP {err.http_status}"
    elif err.kind is ErrorKind.RESPONSE or err.code.startswith("dnsdoctor."):
        spec = CREDS_API_BAD_RESPONSE
    elif err.kind is ErrorKind.RATE_LIMIT:
        spec = CREDS_RATE_LIMITED
    else:
        spec = CREDS_API_ERROR
    return Finding(
        provider.wording(spec), params, evidence=evidence, commands=commands, subject=subject
    )


# -- checks -----------------------------------------------------------------------------------

_IDENTITY_KIND = {"CAMUser": ("CAM user", " CAM 子用户"), "CAMRole": ("CAM role", "角色")}


@check(
    "creds.identity",
    family=FAMILY,
    scope=Scope.RUN,
    specs=IDENTITY_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Whether the DNS provider accepts the key, whose it is, and whether cleaning it helps",
        "zh": "DNS 服务商是否接受该密钥、它属于谁，以及清理多余字符后能否使用",
    },
)
async def credential_identity(ctx: Context, target: Target | None) -> list[Finding]:
    state = await identity_state(ctx)
    provider = state.provider
    cred = state.cred
    masked = state.masked_id
    subject = cred.origin
    findings: list[Finding] = []
    if state.via_cleaned and state.raw_error is not None:
        changed = [f for f in state.lint if f.cleaned != _value(cred, f.part)]
        fix_en, fix_zh = fix_text(changed)
        findings.append(
            Finding(
                provider.wording(CREDS_WORKS_CLEANED),
                {
                    "fix": fix_en,
                    "fix_zh": fix_zh,
                    "code": state.raw_error.code,
                    "origin": ", ".join(f.origin for f in changed),
                },
                evidence=(
                    Evidence("as given", f"{state.raw_error.code}"),
                    Evidence("cleaned", "accepted"),
                    *key_evidence(cred),
                ),
                subject=subject,
            )
        )
    elif state.raw_error is not None:
        err = state.cleaned_error or state.raw_error
        extra: tuple[Evidence, ...] = ()
        if state.cleaned_error is not None:
            extra = (
                Evidence("as given", state.raw_error.code),
                Evidence("with invisible characters and quotes removed", err.code),
            )
        findings.append(
            error_finding(
                err,
                ctx,
                provider=state.provider,
                secret_id=masked,
                subject=subject,
                token_sent=bool(cred.token),
                extra=extra + key_evidence(cred),
            )
        )
        return findings
    identity = state.identity
    if identity is None:
        if state.sts_denied is not None:
            findings.append(
                Finding(
                    provider.wording(CREDS_STS_DENIED),
                    {"secret_id": masked},
                    evidence=_request_evidence(state.sts_denied),
                    subject=subject,
                )
            )
        return findings
    kind = identity.principal_type
    kind_en, kind_zh = _IDENTITY_KIND.get(kind, (kind or "identity", "身份"))
    principal = identity.principal_id
    who = f"{kind_en} {principal} of account {identity.account_id}"
    who_zh = f"账号 {identity.account_id} 的{kind_zh} {principal}"
    if identity.is_root:
        who = f"the root account {identity.account_id} itself"
        who_zh = f"主账号 {identity.account_id} 本身"
    evidence = (*_facts(identity.facts), *key_evidence(cred))
    findings.append(
        Finding(
            provider.wording(CREDS_AUTHENTICATED),
            {
                "secret_id": masked,
                "who": who,
                "who_zh": who_zh,
                "account": identity.account_id,
            },
            evidence=evidence,
            subject=subject,
        )
    )
    if identity.is_root:
        findings.append(
            Finding(
                provider.wording(CREDS_ROOT_KEY),
                {"secret_id": masked, "account": identity.account_id},
                evidence=(
                    Evidence(
                        f"{state.provider.policy_system} policy (minimal, for a sub-user)",
                        state.provider.minimal_policy,
                    ),
                ),
                commands=state.provider.policy_commands(None),
                subject=subject,
            )
        )
    return findings


def _facts(facts: Iterable[tuple[str, str]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(label, value) for label, value in facts)


def _value(cred: Credential, part: str) -> str:
    """The value of one lint part (named with the provider's labels: ``SecretKey``, ...)."""
    provider = providers.get(cred.provider)
    values = {provider.key_id_label: cred.secret_id, provider.secret_label: cred.secret_key}
    return values.get(part, cred.token or "")


async def _zones(ctx: Context) -> dict[str, list[Target]]:
    """The DNSPod zone of every target: the zone cut DNS shows (memoised, shared with the DNS
    checks), or - where the delegation cannot be followed from here - the registered domain."""
    if not ctx.targets:
        raise Skip("no domain given", "没有给出域名")
    return await ctx.memo(("creds-zones",), lambda: _find_zones(ctx))


async def _find_zones(ctx: Context) -> dict[str, list[Target]]:
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    zones: dict[str, list[Target]] = {}
    for target in ctx.targets:
        zone = zone_for(target)
        try:
            cut = await delegation(ctx, target.challenge)
        except (ResolutionError, dns.exception.DNSException):
            cut = None
        if cut is not None and len(cut.zone) > 2:  # below a TLD: a real zone cut
            zone = cut.zone.to_text(omit_final_dot=True).lower()
        zones.setdefault(zone, []).append(target)
    return zones


@check(
    "creds.zone",
    family=FAMILY,
    scope=Scope.RUN,
    specs=ZONE_SPECS + _GENERIC,
    commands=COMMANDS,
    summary={
        "en": "Whether the DNS provider hosts the zone in this key's account and is delegated to",
        "zh": "DNS 服务商是否在该密钥所属账号中托管该域名，以及注册商是否委派给它",
    },
)
async def credential_zone(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    masked = state.masked_id
    account = state.identity.account_id if state.identity else "?"
    findings: list[Finding] = []
    for zone in await _zones(ctx):
        zs = await zone_state(ctx, zone)
        zone_findings = _zone_findings(ctx, state.provider, zs, masked, account)
        findings.extend(await _cross_check_delegation(ctx, state.provider, zs, zone_findings))
    if not findings:
        zone_call = state.provider.actions.get("zone", "").split(":")[-1]
        zones_call = state.provider.actions.get("zones", "").split(":")[-1]
        raise Skip(
            f"neither {zone_call} nor {zones_call} is allowed for this key (see creds.permissions)",
            f"此密钥既不能调用 {zone_call} 也不能调用 {zones_call}（见 creds.permissions）",
        )
    return findings


def _zone_findings(
    ctx: Context, provider: Provider, zs: ZoneState, masked: str, account: str
) -> list[Finding]:
    zone = zs.zone
    if zs.absent:
        names = [d.name for d in zs.listing.domains or []]
        shown = ", ".join(names[:10]) + (f" (+{len(names) - 10})" if len(names) > 10 else "")
        code = zs.error.code if zs.error is not None else "not in DescribeDomainList"
        facts = [Evidence("domains in this account", shown or "none")]
        if zs.error is not None:
            facts.extend(_request_evidence(zs.error))
        return [
            Finding(
                provider.wording(CREDS_ZONE_NOT_IN_ACCOUNT),
                {
                    "zone": zone,
                    "secret_id": masked,
                    "account": account,
                    "code": code,
                    "domains": shown or "none",
                },
                evidence=tuple(facts),
                subject=zone,
            )
        ]
    if zs.error is not None and zs.error.kind is ErrorKind.INVALID_ZONE:
        return [
            Finding(
                provider.wording(CREDS_ZONE_INVALID),
                {"zone": zone},
                evidence=_request_evidence(zs.error),
                subject=zone,
            )
        ]
    if zs.error is not None and zs.error.kind is not ErrorKind.DENIED:
        return [error_finding(zs.error, ctx, provider=provider, secret_id=masked, subject=zone)]
    findings: list[Finding] = []
    info = zs.info
    if info is None:
        listed = [d for d in zs.listing.domains or [] if d.name.lower() == zone]
        if listed:
            d = listed[0]
            zones_call = provider.actions.get("zones", "the zone list").split(":")[-1]
            zone_call = provider.actions.get("zone", "the zone look-up").split(":")[-1]
            findings.append(
                Finding(
                    provider.wording(CREDS_ZONE_FOUND),
                    {"zone": zone, "domain_id": _id_param(d.zone_id), "status": d.status},
                    evidence=(Evidence("source", f"{zones_call} ({zone_call} denied)"),),
                    subject=zone,
                )
            )
        return findings
    evidence = _facts(info.facts)
    findings.append(
        Finding(
            provider.wording(CREDS_ZONE_FOUND),
            {
                "zone": zone,
                "domain_id": _id_param(info.zone_id),
                "status": info.status or "not given",
            },
            evidence=evidence,
            subject=zone,
        )
    )
    if info.paused:
        findings.append(
            Finding(
                provider.wording(CREDS_ZONE_PAUSED),
                {"zone": zone, "status": info.status},
                evidence=evidence,
                subject=zone,
            )
        )
    if info.delegated is False:
        findings.append(
            Finding(
                provider.wording(CREDS_NOT_DELEGATED),
                {
                    "zone": zone,
                    "dns_status": info.delegation_note or "(empty)",
                    "dnspod_ns": ", ".join(info.expected_ns) or "(none)",
                    "actual_ns": ", ".join(info.actual_ns) or "(none)",
                },
                evidence=evidence,
                subject=zone,
            )
        )
    return findings


async def _cross_check_delegation(
    ctx: Context, provider: Provider, zs: ZoneState, findings: list[Finding]
) -> list[Finding]:
    """Compare DNSPod's NS lists with the delegation dnsdoctor finds itself from the root."""
    info = zs.info
    if info is None or not info.expected_ns:
        return findings
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    try:
        cut = await delegation(ctx, dns.name.from_text(zs.zone))
    except (ResolutionError, dns.exception.DNSException):
        return findings  # no view of the delegation from here: DNSPod's word stands alone
    if cut.zone != dns.name.from_text(zs.zone) or not cut.ns:
        return findings
    delegated = sorted(h.name.to_text(omit_final_dot=True).lower() for h in cut.ns)
    seen = Evidence(
        f"registry delegation (dnsdoctor, via {cut.parent_server})", ", ".join(delegated)
    )
    out = []
    for f in findings:
        if f.code == CREDS_NOT_DELEGATED.code:
            f = dataclasses.replace(f, evidence=(*f.evidence, seen))
        out.append(f)
    dnspod = {ns.lower().rstrip(".") for ns in info.expected_ns}
    if dnspod.isdisjoint(delegated) and not any(f.code == CREDS_NOT_DELEGATED.code for f in out):
        out.append(
            Finding(
                provider.wording(CREDS_DELEGATION_ELSEWHERE),
                {
                    "zone": zs.zone,
                    "delegated": ", ".join(delegated),
                    "dnspod_ns": ", ".join(sorted(dnspod)),
                },
                evidence=(seen, Evidence(provider.ns_list_label, ", ".join(info.expected_ns))),
                subject=zs.zone,
            )
        )
    return out


def _id_param(zone_id: str) -> int | str:
    """A zone id as the report has always shown DNSPod's: a number where it is one."""
    return int(zone_id) if zone_id.isdigit() else zone_id


@check(
    "creds.records",
    family=FAMILY,
    scope=Scope.RUN,
    specs=RECORD_SPECS + _GENERIC,
    commands=COMMANDS,
    summary={
        "en": "Which TXT records the DNS provider holds at the challenge name (read permission)",
        "zh": "DNS 服务商中验证记录名下有哪些 TXT 记录（读权限）",
    },
)
async def credential_records(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    findings: list[Finding] = []
    reason = (
        "no zone of the names given could be read (see creds.zone)",
        "所给域名的区都无法读取（见 creds.zone）",
    )
    for zone, targets in (await _zones(ctx)).items():
        zs = await zone_state(ctx, zone)
        if zs.absent or zs.blocking is not None:
            continue
        for t in targets:
            rs = await records_state(ctx, zone, subdomain_for(t, zone))
            if rs.error is not None and rs.error.kind is ErrorKind.DENIED:
                action = state.provider.actions.get("records", "").split(":")[-1]
                reason = (
                    f"{action} is not allowed for this key (see creds.permissions)",
                    f"此密钥不能调用 {action}（见 creds.permissions）",
                )
            findings.extend(_record_findings(ctx, state.provider, rs, t, state.masked_id))
    if not findings:
        raise Skip(*reason)
    return findings


def _record_findings(
    ctx: Context, provider: Provider, rs: RecordsState, target: Target, masked: str
) -> list[Finding]:
    name = target.challenge.to_text(omit_final_dot=True)
    if rs.error is not None:
        if rs.error.kind is ErrorKind.DENIED:
            return []
        return [error_finding(rs.error, ctx, provider=provider, secret_id=masked, subject=name)]
    records = rs.records or []
    evidence = tuple(
        Evidence(
            f"RecordId {r.record_id}",
            f'"{r.value}" (TTL {r.ttl}, line {r.line}, {r.status}, updated {r.updated_text})',
        )
        for r in records
    )
    findings = [
        Finding(
            provider.wording(CREDS_TXT_RECORDS),
            {"count": len(records), "name": name},
            evidence=evidence,
            subject=name,
        )
    ]
    now = ctx.clock()
    expect = set(ctx.options.expect)
    # A record holding a value the run expects is the current token, however old (a manual
    # record, a retried order): never a leftover.
    stale = [
        (ts, r)
        for r in records
        if (ts := r.updated_at) is not None and now - ts > STALE_AFTER and r.value not in expect
    ]
    if stale:
        oldest = min(stale, key=lambda pair: pair[0])[1].updated_text
        findings.append(
            Finding(
                provider.wording(CREDS_STALE_TXT),
                {
                    "count": len(stale),
                    "name": name,
                    "oldest": f"{oldest} ({provider.timestamp_zone})",
                },
                evidence=tuple(
                    Evidence(f"RecordId {r.record_id}", f'"{r.value}" updated {r.updated_text}')
                    for _, r in stale
                ),
                subject=name,
            )
        )
    disabled = [r for r in records if not r.enabled]
    if disabled:
        findings.append(
            Finding(
                provider.wording(CREDS_TXT_DISABLED),
                {"count": len(disabled), "name": name},
                evidence=tuple(
                    Evidence(f"RecordId {r.record_id}", f'"{r.value}"') for r in disabled
                ),
                subject=name,
            )
        )
    return findings


def _status(err: ProviderError | None, ok: bool) -> str:
    if ok:
        return "allowed"
    if err is None:
        return "not tested"
    if err.kind is ErrorKind.DENIED:
        return "denied"
    if err.kind is ErrorKind.NO_ZONE:
        return "allowed"  # the policy let it through; the zone answer came from the DNS service
    return f"unknown ({err.code})"


@check(
    "creds.permissions",
    family=FAMILY,
    scope=Scope.RUN,
    specs=PERMISSION_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Which DNS API actions the key may call: reads, and a non-destructive delete probe",
        "zh": "该密钥可以调用哪些 DNS 接口：读取，以及一次不会造成破坏的删除探测",
    },
)
async def credential_permissions(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    provider = state.provider
    masked = state.masked_id
    uin = None
    if state.identity is not None and not state.identity.is_root:
        uin = state.identity.principal_name or state.identity.principal_id
    findings: list[Finding] = []
    for zone, targets in (await _zones(ctx)).items():
        zs = await zone_state(ctx, zone)
        if zs.absent or zs.blocking is not None:
            continue
        listing = await list_state(ctx)
        names = [subdomain_for(t, zone) for t in targets]
        reads = [await records_state(ctx, zone, n) for n in names]
        write = await write_state(ctx, zone, names)
        act = provider.actions
        actions = {
            act["zones"]: _status(listing.error, listing.domains is not None),
            act["zone"]: _status(zs.error, zs.info is not None),
            act["records"]: _status(reads[0].error, reads[0].records is not None),
            act["delete"]: {
                "allowed": "allowed",
                "deleted": "allowed",
                "denied": "denied",
            }.get(write.outcome, f"unknown ({write.error.code if write.error else 'no answer'})"),
            act["create"]: "not tested (use dnsdoctor preflight)",
        }
        names_full = tuple(t.challenge.to_text(omit_final_dot=True) for t in targets)
        findings.extend(
            _permission_findings(provider, zone, write, actions, masked, uin, names_full)
        )
    if not findings:
        raise Skip(
            "no zone of the names given could be probed (see creds.zone)",
            "所给域名的区都无法探测（见 creds.zone）",
        )
    return findings


def _permission_findings(
    provider: Provider,
    zone: str,
    write: WriteState,
    actions: dict[str, str],
    masked: str,
    uin: str | None,
    names: tuple[str, ...] = (),
) -> list[Finding]:
    evidence = tuple(Evidence(action, status) for action, status in actions.items())
    policy = Evidence(f"minimal {provider.policy_system} policy", provider.minimal_policy)
    lego = provider.client_actions.get("lego", ())
    lego_missing = [a for a in lego if actions.get(a) == "denied"]
    findings: list[Finding] = []
    if write.outcome == "denied" and write.error is not None:
        findings.append(
            Finding(
                provider.wording(CREDS_DELETE_DENIED),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "code": write.error.code,
                    "missing": ", ".join(lego_missing),
                },
                evidence=(*evidence, policy, *_request_evidence(write.error)),
                commands=provider.policy_commands(uin),
                subject=zone,
                related=(zone, *names),
            )
        )
    other = [a for a, s in actions.items() if s == "denied" and a != provider.actions["delete"]]
    if other:
        findings.append(
            Finding(
                provider.wording(CREDS_ACTIONS_DENIED),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "missing": ", ".join(other),
                    "count": len(other),
                },
                evidence=(*evidence, policy),
                commands=provider.policy_commands(uin),
                subject=zone,
            )
        )
    if write.outcome == "deleted":
        findings.append(
            Finding(
                provider.wording(CREDS_WRITE_PROBE_DELETED),
                {"zone": zone, "record_id": _id_param(write.record_id)},
                evidence=evidence,
                subject=zone,
            )
        )
    elif write.outcome in ("inconclusive", "error") and write.error is not None:
        findings.append(
            Finding(
                provider.wording(CREDS_WRITE_PROBE_INCONCLUSIVE),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "code": write.error.code,
                    "message": write.error.message or write.error.code,
                },
                evidence=evidence + _request_evidence(write.error),
                subject=zone,
            )
        )
    if not findings:
        allowed = [a for a, s in actions.items() if s == "allowed"]
        untested = [a for a, s in actions.items() if s.startswith("not tested")]
        findings.append(
            Finding(
                provider.wording(CREDS_PERMISSIONS_OK),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "allowed": ", ".join(allowed),
                    "untested": ", ".join(untested) or "none",
                },
                evidence=evidence,
                subject=zone,
            )
        )
    return findings

"""How the ACME clients print Alibaba Cloud DNS errors, for ``dnsdoctor explain --log``.

Read in the clients' sources:

- **lego** ``providers/dns/alidns/alidns.go``: ``alicloud: API call failed: <err>`` (the
  ``DescribeDomains`` of ``getHostedZone``, and ``AddDomainRecord``), ``alicloud: API call has
  failed: <err>`` (``DescribeDomainRecords`` in ``CleanUp``), ``alicloud: <err>``
  (``DeleteDomainRecord``), ``zone %s not found in AliDNS for domain %s``; without keys
  ``alicloud: some credentials information are missing: ALICLOUD_ACCESS_KEY,…`` (lego's
  ``env.Get``), ``alicloud: credentials missing`` (older) and ``alicloud: ram role or credentials
  missing`` (newer). ``<err>`` is the SDK's error text, on several lines:

  - lego up to the ``alibaba-cloud-sdk-go`` versions (Certimate 0.3, lego v4.23.1), the SDK's
    ``ServerError.Error()`` (``sdk/errors/server_error.go``): ``SDK.ServerError\\nErrorCode: %s\\n
    Recommend: %s\\nRequestId: %s\\nMessage: %s`` (+ ``HostId``/``RespHeaders`` in newer SDKs).
    Certimate shows it on one line: ``alicloud: API call failed: SDK.ServerError ErrorCode:
    InvalidAccessKeyId`` (certimate-go/certimate#720).
  - lego on ``alibabacloud-go`` (``tea``/``dara`` and ``darabonba-openapi``): ``SDKError:\\n
    StatusCode: %d\\n   Code: %s\\n   Message: %s\\n   Data: %s`` (``tea.SDKError.Error()``), the
    message built as ``"code: " + status + ", " + Message + " request id: " + RequestId``.

- **acme.sh** ``dnsapi/dns_ali.sh`` (64fd9c8): ``_ali_rest`` prints only the API's ``Message``
  with ``_err``, cut at its first colon (``cut -d : -f 2``), and the whole answer with
  ``--debug 2`` (``response='{"RequestId":…,"Code":…,"Message":…}'``); the zone search ignores
  errors, so a wrong key shows as ``Error adding TXT record to domain``; without keys ``You don't
  specify aliyun api key and secret yet.``

The codes mean what :mod:`.errors` says (the one table, with Alibaba's own messages, which are also
what acme.sh prints without a code).
"""

from __future__ import annotations

import re

from dnsdoctor.clients import provider_actions
from dnsdoctor.providers.alidns import errors
from dnsdoctor.providers.base import LogPatterns

_CODE = r"(?P<code>[A-Za-z][\w.]{0,80})"


def _messages() -> tuple[tuple[str, str], ...]:
    """Alibaba's messages (as acme.sh prints them: up to the first colon, no final full stop)
    → the code; a message two codes share is read as the first one's (same kind)."""
    seen: dict[str, str] = {}
    for code, row in errors.CODES.items():
        if row.status and not code.startswith("dnsdoctor."):
            seen.setdefault(row.message.split(":", 1)[0].rstrip("."), code)
    # the longest first: a message that begins with another one is that other one's code
    return tuple(sorted(seen.items(), key=lambda item: -len(item[0])))


def _all_actions() -> str:
    seen: dict[str, None] = {}
    for actions in provider_actions("alidns").values():
        for action in actions:
            seen.setdefault(action.removeprefix("alidns:"), None)
    return ", ".join(seen)


_ACTIONS = _all_actions()

LOG = LogPatterns(
    kind="alidns_api_error",
    classify=errors.classify,
    known=errors.known,
    markers=(
        "alicloud:",
        "AliDNS",
        "aliyuncs.com",
        "aliyun.com",
        "dns_ali",
        "Ali_Key",
        "SDK.ServerError",
        "ALICLOUD_",
    ),
    errors=(
        re.compile(rf"SDK\.ServerError\s{{1,8}}ErrorCode: {_CODE}"),
        re.compile(rf"SDKError:\s{{1,8}}StatusCode: \d{{3}}\s{{1,8}}Code: {_CODE}"),
    ),
    message=(
        re.compile(r"\bMessage: code: \d{3}, (?P<msg>[^\n]{0,1000}?) request id: "),
        re.compile(r"\bMessage: (?P<msg>[^\n]{0,1000}?)(?=\s{1,8}(?:RespHeaders|Data): |$)"),
    ),
    request_id=(
        re.compile(r"\b(?:RequestId:|request id:|\"RequestId\":\")\s?(?P<rid>[\w-]{8,64})"),
    ),
    continued=re.compile(
        r"^\s{0,8}(?:ErrorCode|Recommend|RequestId|HostId|Message|RespHeaders|StatusCode|Code|"
        r"Data|Description|AccessDeniedDetail): "
    ),
    opens=("SDK.ServerError", "SDKError:"),
    messages=_messages(),
    actions=(("alicloud: API call has failed", "DescribeDomainRecords"),),
    credentials_missing=(
        (
            re.compile(
                r"alicloud: (?:(?:ram role or )?credentials missing|some credentials information "
                r"are missing: (?P<vars>[A-Z_,]{1,200}))"
            ),
            "ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY",
        ),
        (re.compile(r"You don't specify aliyun api key and secret yet"), "Ali_Key, Ali_Secret"),
    ),
    harmless=frozenset({"DomainRecordNotBelongToUser"}),
    titles={
        "alidns_api_error": {
            "en": "Alibaba Cloud DNS API {action} failed with {code} ({phase_label}){message_note}",
            "zh": "阿里云云解析 DNS API {action} 调用失败，错误码 {code}（{phase_label}）{message_note}",
        },
        "credentials_missing": {
            "en": "The ACME client found no Alibaba Cloud AccessKey ({vars})",
            "zh": "ACME 客户端没有找到阿里云 AccessKey（{vars}）",
        },
    },
    causes={
        "signature_failure": {
            "en": "Likely cause: the AccessKey Secret does not match the AccessKey ID: a wrong or "
            "rotated secret, a space, newline or invisible character pasted with it, or the ID and "
            "the Secret swapped.",
            "zh": "可能原因：AccessKey Secret 与 AccessKey ID 不匹配：Secret 错误或已轮换、粘贴时带入了空格、"
            "换行或不可见字符，或 ID 与 Secret 填反了。",
        },
        "signature_expire": {
            "en": "Likely cause: this host's clock differs from Alibaba Cloud's by more than 15 "
            "minutes (a wrong time, or a time zone set wrongly). Fix the clock (NTP), then retry.",
            "zh": "可能原因：本机时钟与阿里云相差超过 15 分钟（时间错误，或时区设置错误）。请校准时钟（NTP）后重试。",
        },
        "secret_id_not_found": {
            "en": "Likely cause: the AccessKey ID does not exist: mistyped, deleted or disabled in "
            "the RAM console, the ID and the Secret swapped, or a space or invisible character "
            "around it.",
            "zh": "可能原因：AccessKey ID 不存在：输入错误、已在 RAM 控制台删除或禁用、ID 与 Secret 填反，"
            "或前后有空格、不可见字符。",
        },
        "unauthorized": {
            "en": "Likely cause: the RAM user of this key lacks Alibaba Cloud DNS permissions, or "
            "the domain belongs to another account. Attach AliyunDNSFullAccess or a policy with "
            f"{_ACTIONS}; DescribeDomains, which lego and Certimate call first, names no domain: a "
            "policy scoped to one domain (acs:alidns:*:*:domain/…) cannot allow it, it needs "
            "acs:alidns:*:*:*.",
            "zh": "可能原因：该密钥的 RAM 用户没有云解析 DNS 权限，或域名属于其他账号。请授予 "
            f"AliyunDNSFullAccess，或包含 {_ACTIONS} 的策略；lego 和 Certimate 首先调用的 DescribeDomains "
            "不针对具体域名：只限定单个域名（acs:alidns:*:*:domain/…）的策略无法允许它，需要 acs:alidns:*:*:*。",
        },
        "token_failure": {
            "en": "Likely cause: temporary (STS) credentials: the security token "
            "(ALICLOUD_SECURITY_TOKEN) is missing, expired or does not belong to this AccessKey "
            "ID. acme.sh's dns_ali cannot send a token.",
            "zh": "可能原因：使用了临时（STS）凭证，但安全令牌（ALICLOUD_SECURITY_TOKEN）缺失、已过期或与该 "
            "AccessKey ID 不匹配。acme.sh 的 dns_ali 无法发送令牌。",
        },
        "domain_not_in_account": {
            "en": "Likely cause: the domain is not in the Alibaba Cloud DNS (云解析 DNS) account of "
            "these keys (added in another account, or not added at all).",
            "zh": "可能原因：域名不在这组密钥所属的阿里云云解析 DNS 账号中（在其他账号中添加，或根本没有添加）。",
        },
        "credentials_missing": {
            "en": "Likely cause: the ACME client was started without the keys: set "
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY (lego, Certimate; or ALICLOUD_RAM_ROLE on an "
            "ECS instance) or Ali_Key/Ali_Secret (acme.sh dns_ali) in the environment it runs in.",
            "zh": "可能原因：ACME 客户端启动时没有拿到密钥：请在它的运行环境中设置 ALICLOUD_ACCESS_KEY/"
            "ALICLOUD_SECRET_KEY（lego、Certimate；ECS 实例上也可用 ALICLOUD_RAM_ROLE）或 Ali_Key/Ali_Secret"
            "（acme.sh dns_ali）。",
        },
    },
    creds_args=("--provider", "alidns"),
    zone_words=("alidns", "alicloud"),
)

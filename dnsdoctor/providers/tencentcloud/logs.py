"""How the ACME clients print Tencent Cloud DNSPod's errors, for ``dnsdoctor explain --log``.

- lego's ``tencentcloud`` provider (and Certimate): the SDK's ``[TencentCloudSDKError] Code=…,
  Message=…, RequestId=…`` after ``tencentcloud: failed to get hosted zone: API call failed:``
  (``DescribeDomainList``), ``dnspod: API call failed:`` (``CreateRecord``), ``failed to find TXT
  records`` (``DescribeRecordList``) or ``delete record failed`` (``DeleteRecord``); without keys
  ``tencentcloud: some credentials information are missing: …`` (``shared/ACME_CLIENTS.md`` §1).
- acme.sh ``dns_tencent`` prints the API's ``Message`` (or the whole JSON with ``--debug``);
  without keys ``You don't specify tencent api SecretId and SecretKey yet.`` (§3.2); ``dns_dp``
  ``You don't specify dnspod api key and key id yet.`` (§3.3).

The codes mean what :mod:`.errors` says (the one table); a message printed without its code is
read with :data:`.errors.LOG_MESSAGES`. The causes are worded here in Tencent Cloud's terms
(SecretId, SecretKey, CAM, its 5-minute clock window).
"""

from __future__ import annotations

import re

from dnsdoctor.providers.base import LogPatterns
from dnsdoctor.providers.tencentcloud import errors

LOG = LogPatterns(
    kind="tencent_api_error",
    classify=errors.kind_of,
    known=errors.known,
    other_cause="tencent_other",
    markers=(
        "tencentcloud:",
        "dnspod:",
        "TencentCloudSDK",
        "tencentcloudapi.com",
        "dns_tencent",
        "Tencent_Secret",
        "dns_dp",
    ),
    errors=(
        re.compile(
            r"\[TencentCloudSDK(?:Error|Exception)\] [Cc]ode[=:](?P<code>[A-Za-z][\w.]{0,80}),? "
            r"[Mm]essage[=:](?P<msg>[^\n]{0,1000}?)(?:,? [Rr]equest[Ii]d[=:](?P<rid>[\w-]{1,64})|$)"
        ),
    ),
    request_id=(
        re.compile(
            r"(?:RequestId|request id)[=:\s]{1,3}\"?(?P<rid>[0-9a-fA-F]{8}-[0-9a-fA-F-]{27,40})"
        ),
    ),
    messages=errors.LOG_MESSAGES,
    actions=(
        ("failed to get hosted zone: API call failed", "DescribeDomainList"),
        ("dnspod: API call failed", "CreateRecord"),
        ("failed to find TXT records", "DescribeRecordList"),
        ("delete record failed", "DeleteRecord"),
    ),
    present=("dnspod: API call failed",),
    credentials_missing=(
        (
            re.compile(
                r"tencentcloud: (?:credentials missing|some credentials information are missing: "
                r"(?P<vars>[A-Z_,]{1,200}))"
            ),
            "TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY",
        ),
        (
            re.compile(r"You don't specify tencent api SecretId and SecretKey yet"),
            "Tencent_SecretId, Tencent_SecretKey",
        ),
        (re.compile(r"You don't specify dnspod api key and key id yet"), "DP_Id, DP_Key"),
    ),
    harmless=frozenset({"ResourceNotFound.NoDataOfRecord"}),
    zone_words=("dnspod", "tencentcloud"),
    causes={
        "signature_failure": {
            "en": "Likely cause: the SecretKey does not match the SecretId: a wrong or rotated key, a "
            "space, newline or invisible character around it, or a signer that uses the local date "
            "instead of UTC (fails between 00:00 and 08:00 in UTC+8).",
            "zh": "可能原因：SecretKey 与 SecretId 不匹配：密钥错误或已轮换、密钥前后有空格、换行或不可见字符，"
            "或签名程序使用本地日期而不是 UTC（在 UTC+8 的 0 点到 8 点之间失败）。",
        },
        "signature_expire": {
            "en": "Likely cause: this host's clock differs from Tencent Cloud's by more than 5 minutes "
            "(a wrong time, or a time zone set wrongly). Fix the clock (NTP), then retry.",
            "zh": "可能原因：本机时钟与腾讯云相差超过 5 分钟（时间错误，或时区设置错误）。请校准时钟（NTP）后重试。",
        },
        "secret_id_not_found": {
            "en": "Likely cause: the SecretId does not exist: mistyped, deleted or disabled in the CAM "
            "console, or it has a space or invisible character around it.",
            "zh": "可能原因：SecretId 不存在：输入错误、已在访问管理（CAM）控制台删除或禁用，或前后有空格、不可见字符。",
        },
        "invalid_secret_id": {
            "en": "Likely cause: this is not a Tencent Cloud API key; a DNSPod token (ID,Token) was "
            "probably pasted. Create an API key under CAM → API keys (SecretId starts with AKID).",
            "zh": "可能原因：这不是腾讯云 API 密钥，可能误填了 DNSPod Token（ID,Token）。请在访问管理 → API 密钥中创建密钥"
            "（SecretId 以 AKID 开头）。",
        },
        "unauthorized": {
            "en": "Likely cause: the key (a CAM sub-user) lacks DNSPod permissions, or the domain "
            "belongs to another account. Grant QcloudDNSPodFullAccess or the DescribeDomainList, "
            "DescribeRecordList, CreateRecord and DeleteRecord actions.",
            "zh": "可能原因：该密钥（CAM 子用户）没有 DNSPod 权限，或域名属于其他账号。请授予 QcloudDNSPodFullAccess，"
            "或 DescribeDomainList、DescribeRecordList、CreateRecord、DeleteRecord 接口权限。",
        },
        "domain_not_in_account": {
            "en": "Likely cause: the domain is not in the DNSPod account of these keys (added in "
            "another account, or not added at all).",
            "zh": "可能原因：域名不在这组密钥所属的 DNSPod 账号中（在其他账号中添加，或根本没有添加）。",
        },
        "credentials_missing": {
            "en": "Likely cause: the ACME client was started without the keys: set "
            "TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY (lego, Certimate) or "
            "Tencent_SecretId/Tencent_SecretKey (acme.sh dns_tencent) in the environment it runs in.",
            "zh": "可能原因：ACME 客户端启动时没有拿到密钥：请在它的运行环境中设置 TENCENTCLOUD_SECRET_ID/"
            "TENCENTCLOUD_SECRET_KEY（lego、Certimate）或 Tencent_SecretId/Tencent_SecretKey（acme.sh dns_tencent）。",
        },
    },
    titles={
        "credentials_missing": {
            "en": "The ACME client found no Tencent Cloud / DNSPod credentials ({vars})",
            "zh": "ACME 客户端没有找到腾讯云 / DNSPod 密钥（{vars}）",
        },
        "tencent_api_error": {
            "en": "Tencent Cloud API {action} failed with {code} ({phase_label}){message_note}",
            "zh": "腾讯云 API {action} 调用失败，错误码 {code}（{phase_label}）{message_note}",
        },
    },
)

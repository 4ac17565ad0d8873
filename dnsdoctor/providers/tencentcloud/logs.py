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
read with :data:`.errors.LOG_MESSAGES`.
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
    titles={
        "tencent_api_error": {
            "en": "Tencent Cloud API {action} failed with {code} ({phase_label}){message_note}",
            "zh": "腾讯云 API {action} 调用失败，错误码 {code}（{phase_label}）{message_note}",
        },
    },
)

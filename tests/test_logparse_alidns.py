"""`dnsdoctor explain --log` for Alibaba Cloud DNS: the errors as lego (providers/dns/alidns, on
both Alibaba SDKs) and acme.sh (dnsapi/dns_ali.sh) print them, read through the provider's one
error table (dnsdoctor.providers.alidns.errors) and worded in Alibaba's terms in both languages.

Shapes (see dnsdoctor/providers/alidns/logs.py for where each comes from): lego wraps the SDK's
error as ``alicloud: API call failed: <err>``; alibaba-cloud-sdk-go prints ``SDK.ServerError`` /
``ErrorCode:`` / ``Recommend:`` / ``RequestId:`` / ``Message:`` on separate lines (Certimate shows
them on one: certimate-go/certimate#720); the alibabacloud-go SDK prints ``SDKError:`` /
``StatusCode:`` / ``Code:`` / ``Message: code: 400, … request id: …`` / ``Data:``; acme.sh prints
only the ``Message`` (cut at its first colon), or the whole JSON answer with ``--debug 2``.
"""

from __future__ import annotations

import json

import pytest

from dnsdoctor.core.model import LANGS
from dnsdoctor.logparse import LogMatch, analyse_log, render_log_json, render_log_matches

RID = "5B2C3D4E-1A2B-4C3D-8E9F-0A1B2C3D4E5F"
KEY_ID = "LTAI5tQ8mZ3kP9vX2nR7wY4b"

LEGO_SDK_NOT_FOUND = f"""\
2025/06/20 10:00:00 [INFO] [example.com] acme: Obtaining bundled SAN certificate
2025/06/20 10:00:01 [INFO] [example.com] acme: Preparing to solve DNS-01
2025/06/20 10:00:02 [WARN] [example.com] acme: error presenting token: alicloud: API call failed: SDK.ServerError
ErrorCode: InvalidAccessKeyId.NotFound
Recommend: https://error-center.aliyun.com/status/search?Keyword=InvalidAccessKeyId.NotFound&source=PopGw
RequestId: {RID}
HostId: alidns.aliyuncs.com
Message: Specified access key is not found.
RespHeaders: map[Access-Control-Allow-Origin:[*] Connection:[keep-alive] Content-Type:[application/json;charset=utf-8]]
2025/06/20 10:00:02 [INFO] [example.com] acme: Cleaning DNS-01 challenge
"""

CERTIMATE_720 = (
    "[ERROR] acme: error presenting token: alicloud: API call failed: SDK.ServerError "
    "ErrorCode: InvalidAccessKeyId"
)

LEGO_TEA_SIGNATURE = f"""\
2026/03/01 08:00:00 [INFO] [shop.example.org] acme: Preparing to solve DNS-01
2026/03/01 08:00:01 [WARN] [shop.example.org] acme: error presenting token: alicloud: API call failed: SDKError:
   StatusCode: 400
   Code: SignatureDoesNotMatch
   Message: code: 400, Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D{KEY_ID}%26Action%3DDescribeDomains request id: {RID}
   Data: {{"Code":"SignatureDoesNotMatch","HostId":"alidns.aliyuncs.com","Message":"Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D{KEY_ID}","RequestId":"{RID}","statusCode":400}}
"""

CERTIMATE_V5_CLOCK = (
    "2026-03-01T08:00:01Z ERROR go-acme/lego: resolver: one or more domains had a problem: "
    "[example.com: dns01: error presenting token (alicloud: API call failed: SDKError:\\n"
    "   StatusCode: 400\\n   Code: InvalidTimeStamp.Expired\\n   Message: code: 400, Specified time "
    f"stamp or date value is expired. request id: {RID}\\n   Data: {{}})]"
)

LEGO_FORBIDDEN_RAM = f"""\
[example.com] acme: error presenting token: alicloud: API call failed: SDKError:
   StatusCode: 403
   Code: Forbidden.RAM
   Message: code: 403, User not authorized to operate on the specified resource, or this API doesn't support RAM. request id: {RID}
   Data: {{"AccessDeniedDetail":{{"AuthAction":"alidns:DescribeDomains","PolicyType":"AccountLevelIdentityBasedPolicy"}}}}
"""

ACMESH_RAM = """\
[Sat Dec  6 00:00:00 UTC 2026] Using CA: https://acme-v02.api.letsencrypt.org/directory
[Sat Dec  6 00:00:02 UTC 2026] User not authorized to operate on the specified resource, or this API doesn't support RAM.
[Sat Dec  6 00:00:02 UTC 2026] Error adding TXT record to domain: _acme-challenge.example.com
"""

ACMESH_DEBUG_NO_DOMAIN = (
    '[Sat Dec  6 00:00:01 UTC 2026] response=\'{"RequestId":"' + RID + '","Message":"The '
    'specified domain name does not exist. Refresh the page and try again.","Recommend":'
    '"https://api.aliyun.com/troubleshoot?q=InvalidDomainName.NoExist","HostId":'
    '"alidns.aliyuncs.com","Code":"InvalidDomainName.NoExist"}\'\n'
    "[Sat Dec  6 00:00:01 UTC 2026] Error adding TXT record to domain: _acme-challenge.example.com"
)


def one(text: str, kind: str) -> LogMatch:
    found = [m for m in analyse_log(text) if m.kind == kind]
    assert len(found) == 1, [(m.kind, m.cause) for m in analyse_log(text)]
    return found[0]


def test_lego_old_sdk_unknown_key_on_several_lines() -> None:
    m = one(LEGO_SDK_NOT_FOUND, "alidns_api_error")
    assert m.cause == "secret_id_not_found" and m.provider == "alidns"
    assert m.fields["code"] == "InvalidAccessKeyId.NotFound"
    assert m.fields["request_id"] == RID
    assert m.fields["message"] == "Specified access key is not found."
    assert m.fields["phase"] == "present"
    assert m.line == 3  # the error's first line
    assert m.client == "lego" and m.wording == "v4"
    assert m.commands == ("dnsdoctor creds example.com --provider alidns",)
    assert m.codes == ("CREDS_SECRET_ID_NOT_FOUND",)
    assert "AccessKey ID" in m.meaning("en") and "RAM" in m.meaning("en")
    assert "Alibaba Cloud DNS API" in m.title("en")
    assert "阿里云" in m.title("zh") and "AccessKey ID 不存在" in m.meaning("zh")
    # the continuation lines are the same error, not errors of their own
    assert [x.kind for x in analyse_log(LEGO_SDK_NOT_FOUND)] == ["alidns_api_error"]


def test_certimate_720_on_one_line() -> None:
    m = one(CERTIMATE_720, "alidns_api_error")
    assert m.cause == "secret_id_not_found" and m.fields["code"] == "InvalidAccessKeyId"
    assert m.fields["phase"] == "present"


def test_lego_new_sdk_signature_mismatch() -> None:
    matches = analyse_log(LEGO_TEA_SIGNATURE)
    assert [x.kind for x in matches] == ["alidns_api_error"]
    m = matches[0]
    assert m.cause == "signature_failure" and m.fields["code"] == "SignatureDoesNotMatch"
    assert m.fields["request_id"] == RID
    assert m.fields["message"].startswith("Specified signature is not matched")
    assert m.commands == ("dnsdoctor creds shop.example.org --provider alidns",)
    assert "AccessKey Secret" in m.meaning("en") and "swapped" in m.meaning("en")
    assert "填反" in m.meaning("zh")
    for lang in LANGS:  # the Data line is the same error, not a second one read from its JSON
        assert render_log_matches(matches, lang).count("SignatureDoesNotMatch") >= 1
        assert len(json.loads(render_log_json(matches, lang))) == 1


def test_certimate_v5_clock_beyond_alibabas_window() -> None:
    m = one(CERTIMATE_V5_CLOCK, "alidns_api_error")
    assert m.cause == "signature_expire" and m.fields["code"] == "InvalidTimeStamp.Expired"
    assert m.client == "certimate" and m.wording == "v5"
    # Alibaba's 15-minute window: a bare `dnsdoctor clock` may judge by Tencent's 300 s
    assert m.commands == (
        "dnsdoctor clock --provider alidns",
        "dnsdoctor creds example.com --provider alidns",
    )
    assert "15 minutes" in m.meaning("en") and "15 分钟" in m.meaning("zh")
    assert "CLOCK_SKEW_SIGNATURE_EXPIRE" in m.codes


def test_lego_forbidden_ram_names_the_operation_level_action() -> None:
    m = one(LEGO_FORBIDDEN_RAM, "alidns_api_error")
    assert m.cause == "unauthorized" and m.fields["code"] == "Forbidden.RAM"
    assert "DescribeDomains" in m.meaning("en") and "acs:alidns:*:*:*" in m.meaning("en")
    assert "AddDomainRecord" in m.meaning("en")  # every action the clients call
    assert "DescribeDomains" in m.meaning("zh")
    assert "CREDS_ACTIONS_DENIED" in m.codes


def test_acmesh_prints_only_the_message() -> None:
    matches = analyse_log(ACMESH_RAM)
    m = one(ACMESH_RAM, "alidns_api_error")
    assert m.client == "acme.sh"
    assert m.cause == "unauthorized" and m.fields["code"] == "Forbidden.RAM"
    assert m.fields["code_from"] == "message"
    assert matches[0] is m or matches[0].kind == "alidns_api_error"
    assert "acmesh_add_failed" in [x.kind for x in matches]


def test_acmesh_debug_json_domain_not_in_account() -> None:
    m = one(ACMESH_DEBUG_NO_DOMAIN, "alidns_api_error")
    assert m.cause == "domain_not_in_account" and m.fields["code"] == "InvalidDomainName.NoExist"
    assert m.fields["request_id"] == RID
    assert m.commands == ("dnsdoctor creds example.com --provider alidns",)
    assert "Alibaba Cloud DNS" in m.meaning("en") and "阿里云云解析 DNS" in m.meaning("zh")


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        ("Throttling.User", "api_rate_limited"),
        ("InvalidSecurityToken.Expired", "token_failure"),
        ("DomainRecordNotBelongToUser", "record_not_found_api"),
        ("Forbidden.NoPermission", "unauthorized"),
        ("ServiceUnavailable", "api_other"),
    ],
)
def test_every_kind_of_alibaba_code(code: str, cause: str) -> None:
    text = (
        "[example.com] acme: cleaning up failed: alicloud: API call has failed: SDK.ServerError\n"
        f"ErrorCode: {code}\nRequestId: {RID}\nMessage: something\n"
    )
    m = one(text, "alidns_api_error")
    assert m.cause == cause and m.fields["code"] == code
    assert m.fields["phase"] == "cleanup" and m.fields["action"] == "DescribeDomainRecords"
    for lang in LANGS:
        assert m.title(lang) and m.meaning(lang)


@pytest.mark.parametrize(
    ("text", "variables"),
    [
        (
            "error: alicloud: some credentials information are missing: "
            "ALICLOUD_ACCESS_KEY,ALICLOUD_SECRET_KEY",
            "ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY",
        ),
        ("alicloud: ram role or credentials missing", "ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY"),
        (
            "[Sat Dec  6 00:00:00 UTC 2026] You don't specify aliyun api key and secret yet.",
            "Ali_Key, Ali_Secret",
        ),
    ],
)
def test_no_keys(text: str, variables: str) -> None:
    m = one(text, "credentials_missing")
    assert m.provider == "alidns" and m.fields["vars"] == variables
    assert "Alibaba Cloud" in m.title("en") and "阿里云" in m.title("zh")
    assert "Ali_Key" in m.meaning("en") and "ALICLOUD_ACCESS_KEY" in m.meaning("zh")
    assert m.commands == ("dnsdoctor creds NAME --provider alidns",)


def test_a_message_both_providers_use_goes_to_the_one_the_log_names() -> None:
    shared = "You are not authorized to perform this operation."
    ali = one(f"acme: error presenting token: alicloud: {shared}", "alidns_api_error")
    assert ali.cause == "unauthorized" and ali.fields["code"] == "Forbidden.NoPermission"
    tencent = one(f"acme: error presenting token: tencentcloud: {shared}", "tencent_api_error")
    assert tencent.fields["code"] == "AuthFailure.UnauthorizedOperation"


def test_json_output_names_the_provider() -> None:
    body = json.loads(render_log_json(analyse_log(LEGO_SDK_NOT_FOUND), "zh"))
    assert body[0]["provider"] == "alidns" and body[0]["kind"] == "alidns_api_error"
    assert body[0]["codes"] == ["CREDS_SECRET_ID_NOT_FOUND"]


def test_tencent_matches_keep_their_words() -> None:
    text = (
        "[example.com] acme: error presenting token: dnspod: API call failed: "
        "[TencentCloudSDKError] Code=AuthFailure.SignatureFailure, Message=x, RequestId=" + RID
    )
    m = one(text, "tencent_api_error")
    assert m.provider == "tencentcloud" and "SecretKey" in m.meaning("en")
    assert m.commands == ("dnsdoctor creds example.com",)


def test_lego_finds_no_such_zone_in_alidns() -> None:
    text = (
        "[shop.example.org] acme: error presenting token: alicloud: zone example.org. not found "
        "in AliDNS for domain _acme-challenge.shop.example.org."
    )
    m = one(text, "zone_not_found")
    assert m.cause == "zone_not_in_account" and m.provider == "alidns"
    assert m.commands == (
        "dnsdoctor check shop.example.org",
        "dnsdoctor creds shop.example.org --provider alidns",
    )

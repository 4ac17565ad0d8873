"""`dnsdoctor explain --log`: real log lines of each ACME client, built from the exact strings in
shared/ACME_CLIENTS.md (lego v4 and v5, Certimate, acme.sh, certbot, the CA) and TENCENT.md §A3."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnsdoctor import logparse
from dnsdoctor.core.model import LANGS
from dnsdoctor.logparse import (
    CAUSE_TEXTS,
    KIND_TITLES,
    LogMatch,
    analyse_log,
    read_log,
    render_log_matches,
)
from dnsdoctor.logparse.engine import provider_logs

TOKEN = "gfj9Xq-K4Pf2k1QhGZoDl0hXtS9d7WmFQ8NDNsXSd1c"
RID = "6f4c1f24-8a7c-4f52-9d1e-3c7d2a1b0e9f"

# The reported Certimate case (certimate-go/certimate#663, Certimate 0.3.9 = lego v4.23.1).
CERTIMATE_TIMEOUT = (
    "[example.com] propagation: time limit exceeded: last error: NS call failed: DNS call error: "
    "read udp 198.18.0.1:53452->198.18.0.2:53: i/o timeout "
    "[ns=198.18.0.2:53, question='example.com. IN  NS']"
)
CERTIMATE_SIGNATURE = (
    "[WARN] [example.com] acme: cleaning up failed: tencentcloud: failed to get hosted zone: "
    "API call failed: [TencentCloudSDKError] Code=AuthFailure.SignatureFailure, "
    f"Message=请求签名验证失败，请检查您的签名计算是否正确。, RequestId={RID} "
)

CERTIMATE_RUN = f"""\
2025/06/20 10:00:00 [INFO] [example.com] acme: Obtaining bundled SAN certificate
2025/06/20 10:00:01 [INFO] [example.com] acme: Preparing to solve DNS-01
2025/06/20 10:00:02 [INFO] [example.com] acme: Checking DNS record propagation. [nameservers=198.18.0.2:53]
2025/06/20 10:00:02 [INFO] Wait for propagation [timeout: 1m0s, interval: 2s]
2025/06/20 10:00:14 [INFO] [example.com] acme: Waiting for DNS record propagation.
2025/06/20 10:00:26 [INFO] [example.com] acme: Waiting for DNS record propagation.
2025/06/20 10:00:38 [INFO] [example.com] acme: Waiting for DNS record propagation.
2025/06/20 10:00:50 [INFO] [example.com] acme: Waiting for DNS record propagation.
2025/06/20 10:01:05 {CERTIMATE_SIGNATURE}
error: one or more domains had a problem:
{CERTIMATE_TIMEOUT}
"""


def only(text: str, kind: str) -> LogMatch:
    found = [m for m in analyse_log(text) if m.kind == kind]
    assert len(found) == 1, [(m.kind, m.cause) for m in analyse_log(text)]
    return found[0]


# --- the reported Certimate case -----------------------------------------------------------


def test_certimate_fake_ip_timeout_is_the_likely_cause() -> None:
    m = only(CERTIMATE_TIMEOUT, "dns_query_failed")
    assert m.cause == "fake_ip_resolver"
    assert m.fields["resolver"] == "198.18.0.2:53"
    assert m.fields["source"] == "198.18.0.1:53452"
    assert m.fields["resolver_kind"] == "fake-ip"
    assert m.fields["stage"] == "ns_lookup"
    assert m.fields["question"] == "example.com. IN NS"
    assert m.fields["qtype"] == "NS"
    assert m.fields["domain"] == "example.com"
    assert m.fields["error"] == "i/o timeout"
    assert m.client == "lego" and m.wording == "v4"
    assert m.commands == ("dnsdoctor check example.com --system-resolver 198.18.0.2",)
    assert "198.18.0.0/15" in m.meaning("en") and "fake-IP" in m.meaning("en")
    assert "198.18.0.0/15" in m.meaning("zh") and "fake-IP" in m.meaning("zh")
    assert "TUN" in m.meaning("en")
    # the wrapper is explained by the inner error: no separate propagation_timeout
    assert [x.kind for x in analyse_log(CERTIMATE_TIMEOUT)] == ["dns_query_failed"]


def test_certimate_signature_failure_while_cleaning_up() -> None:
    m = only(CERTIMATE_SIGNATURE, "tencent_api_error")
    assert m.cause == "signature_failure"
    assert m.fields["code"] == "AuthFailure.SignatureFailure"
    assert m.fields["message"] == "请求签名验证失败，请检查您的签名计算是否正确。"
    assert m.fields["request_id"] == RID
    assert m.fields["phase"] == "cleanup"
    assert m.fields["action"] == "DescribeDomainList"
    assert m.commands == ("dnsdoctor creds example.com",)
    assert "SecretKey" in m.meaning("en") and "cleaning up" in m.meaning("en")
    assert "清理" in m.meaning("zh")


def test_certimate_whole_run_orders_cause_first() -> None:
    matches = analyse_log(CERTIMATE_RUN)
    kinds = [m.kind for m in matches]
    assert kinds[0] == "dns_query_failed" and matches[0].cause == "fake_ip_resolver"
    assert matches[0].fields["timeout"] == "1m0s"
    assert "tencent_api_error" in kinds
    # the cleanup error comes after the failure of the order itself
    assert kinds.index("tencent_api_error") > kinds.index("dns_query_failed")
    # polls 12 s apart with a 2 s interval: DNS time-outs, not slow propagation
    slow = next(m for m in matches if m.kind == "slow_polling")
    assert slow.fields["median_gap"] == "12" and slow.fields["interval"] == "2"
    assert slow.fields["polls"] == "4"
    # the resolver list names the same fake-IP resolver: not reported twice
    assert "resolver_in_use" not in kinds
    assert matches[0].line == 11


def test_certimate_issue_text_with_masked_addresses() -> None:
    # exactly as quoted in certimate-go/certimate#663: the user masked the addresses
    text = (
        "propagation: time limit exceeded: last error: NS call failed: DNS call error: read udp "
        "198.xx.0.1:53864->198.xx.0.2:53: i/o timeout [ns=198.18.0.2:53, question='xxx.com. IN  NS']"
    )
    m = only(text, "dns_query_failed")
    assert m.cause == "fake_ip_resolver"
    assert m.fields["resolver"] == "198.xx.0.2:53"
    assert m.commands == ("dnsdoctor check NAME",)  # neither the name nor the address is usable
    fully_masked = text.replace("[ns=198.18.0.2:53", "[ns=198.xx.0.2:53")
    assert only(fully_masked, "dns_query_failed").cause == "fake_ip_resolver"


def test_certimate_json_escaped_log() -> None:
    # Certimate's UI stores logs as JSON; Go escapes '>' as \u003e.
    text = (
        '{"level":"ERROR","msg":"obtain failed","error":"error: one or more domains had a problem:'
        "\\n[example.com] propagation: time limit exceeded: last error: NS call failed: DNS call "
        "error: read udp 198.18.0.1:53452-\\u003e198.18.0.2:53: i/o timeout "
        "[ns=198.18.0.2:53, question='example.com. IN  NS']\\n\"}"
    )
    m = only(text, "dns_query_failed")
    assert m.cause == "fake_ip_resolver" and m.fields["source"] == "198.18.0.1:53452"


# --- lego v4 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "cause", "fields", "commands"),
    [
        pytest.param(
            "[example.com] propagation: time limit exceeded: last error: authoritative nameservers: "
            "NS ns1.dnspod.net.:53 did not return the expected TXT record "
            f"[fqdn: _acme-challenge.example.com., value: {TOKEN}]: old-token-1 ,old-token-2",
            "txt_value_missing",
            "stale_values",
            {
                "ns": "ns1.dnspod.net.:53",
                "fqdn": "_acme-challenge.example.com.",
                "expect": TOKEN,
                "found": "old-token-1, old-token-2",
                "stage": "authoritative",
                "domain": "example.com",
            },
            (f"dnsdoctor check example.com --expect {TOKEN}",),
            id="v4-txt-missing-leftovers",
        ),
        pytest.param(
            "[www.example.com] propagation: time limit exceeded: last error: authoritative "
            "nameservers: NS ns2.dnspod.net.:53 did not return the expected TXT record "
            f"[fqdn: _acme-challenge.www.example.com., value: {TOKEN}]: ",
            "txt_value_missing",
            "not_propagated",
            {"ns": "ns2.dnspod.net.:53", "found": "", "domain": "www.example.com"},
            (f"dnsdoctor check www.example.com --expect {TOKEN}",),
            id="v4-txt-missing-none",
        ),
        pytest.param(
            "authoritative nameservers: NS charles.ns.cloudflare.com.:53 returned SERVFAIL for "
            "_acme-challenge.pengcheng.team.",
            "ns_bad_rcode",
            "ns_lame",
            {
                "ns": "charles.ns.cloudflare.com.:53",
                "rcode": "SERVFAIL",
                "fqdn": "_acme-challenge.pengcheng.team.",
                "domain": "pengcheng.team",
            },
            ("dnsdoctor check pengcheng.team",),
            id="v4-servfail",
        ),
        pytest.param(
            "propagation: time limit exceeded: last error: [zone=katchu.cn.] could not determine "
            "authoritative nameservers",
            "no_authoritative_ns",
            "broken_resolver_ns",
            {"zone": "katchu.cn.", "domain": "katchu.cn"},
            ("dnsdoctor check katchu.cn",),
            id="v4-no-ns",
        ),
        pytest.param(
            "[example.com] propagation: time limit exceeded: last error: authoritative nameservers: "
            "DNS call error: read udp 10.0.21.2:3967->173.245.58.111:53: i/o timeout "
            "[ns=elsa.ns.cloudflare.com.:53, question='_acme-challenge.example.com. IN  TXT']",
            "dns_query_failed",
            "authoritative_blocked",
            {
                "ns": "elsa.ns.cloudflare.com.:53",
                "resolver": "173.245.58.111:53",
                "source": "10.0.21.2:3967",
                "stage": "authoritative",
                "qtype": "TXT",
                "domain": "example.com",
            },
            ("dnsdoctor check example.com",),
            id="v4-udp53-blocked",
        ),
        pytest.param(
            "[example.com] acme: error presenting token: tencentcloud: failed to get hosted zone: "
            "zone com. not found in dnspod for domain _acme-challenge.example.com.",
            "zone_not_found",
            "zone_is_tld",
            {"zone": "com.", "provider": "dnspod", "fqdn": "_acme-challenge.example.com"},
            ("dnsdoctor check example.com",),
            id="v4-zone-com",
        ),
        pytest.param(
            "[shop.example.org] acme: error presenting token: tencentcloud: failed to get hosted "
            "zone: zone example.org. not found in dnspod for domain _acme-challenge.shop.example.org.",
            "zone_not_found",
            "zone_not_in_account",
            {"zone": "example.org.", "domain": "shop.example.org"},
            ("dnsdoctor check shop.example.org", "dnsdoctor creds shop.example.org"),
            id="v4-zone-not-in-account",
        ),
        pytest.param(
            "tencentcloud: failed to get hosted zone: could not find zone: "
            "[fqdn=_acme-challenge.example.net.] could not find the start of authority for "
            "'_acme-challenge.example.net.'",
            "soa_not_found",
            "broken_resolver_soa",
            {"fqdn": "_acme-challenge.example.net.", "domain": "example.net"},
            ("dnsdoctor check example.net",),
            id="v4-no-soa",
        ),
        pytest.param(
            "[example.com] acme: error presenting token: dnspod: API call failed: "
            "[TencentCloudSDKError] Code=AuthFailure.SecretIdNotFound, Message=The SecretId is not "
            f"found, please ensure that your SecretId is correct., RequestId={RID}",
            "tencent_api_error",
            "secret_id_not_found",
            {
                "code": "AuthFailure.SecretIdNotFound",
                "phase": "present",
                "action": "CreateRecord",
                "request_id": RID,
            },
            ("dnsdoctor creds example.com",),
            id="v4-secretid-not-found",
        ),
        pytest.param(
            "[example.com] acme: error presenting token: tencentcloud: failed to get hosted zone: "
            "API call failed: [TencentCloudSDKError] Code=AuthFailure.SignatureExpire, "
            "Message=签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。, "
            f"RequestId={RID}",
            "tencent_api_error",
            "signature_expire",
            {"code": "AuthFailure.SignatureExpire", "phase": "present"},
            ("dnsdoctor clock --provider tencentcloud", "dnsdoctor creds example.com"),
            id="v4-signature-expire",
        ),
        pytest.param(
            "[example.com] acme: error presenting token: dnspod: API call failed: "
            "[TencentCloudSDKError] Code=AuthFailure.UnauthorizedOperation, Message=请求未授权。"
            f"请参考 CAM 文档对鉴权的说明。, RequestId={RID}",
            "tencent_api_error",
            "unauthorized",
            {"code": "AuthFailure.UnauthorizedOperation"},
            ("dnsdoctor creds example.com",),
            id="v4-cam",
        ),
        pytest.param(
            "tencentcloud: some credentials information are missing: "
            "TENCENTCLOUD_SECRET_ID,TENCENTCLOUD_SECRET_KEY",
            "credentials_missing",
            "credentials_missing",
            {"vars": "TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY"},
            ("dnsdoctor creds NAME",),
            id="v4-creds-missing",
        ),
        pytest.param(
            "2025/06/20 10:00:00 [INFO] [example.com] acme: Found CNAME entry for "
            '"_acme-challenge.example.com.": "example.com.auth.acme-dns.net."',
            "cname_followed",
            "cname_followed",
            {"cname": "example.com.auth.acme-dns.net.", "fqdn": "_acme-challenge.example.com."},
            ("dnsdoctor check example.com",),
            id="v4-cname",
        ),
        pytest.param(
            "acme: error: 0 :: POST :: https://acme-v02.api.letsencrypt.org/acme/new-nonce :: "
            "dial tcp: lookup acme-v02.api.letsencrypt.org on 127.0.0.11:53: read udp "
            "127.0.0.1:45678->127.0.0.11:53: i/o timeout",
            "system_lookup_failed",
            "docker_dns",
            {
                "host": "acme-v02.api.letsencrypt.org",
                "resolver": "127.0.0.11:53",
                "error": "i/o timeout",
            },
            ("dnsdoctor check NAME --system-resolver 127.0.0.11",),
            id="docker-dns",
        ),
    ],
)
def test_lego_v4(
    text: str, kind: str, cause: str, fields: dict[str, str], commands: tuple[str, ...]
) -> None:
    m = only(text, kind)
    assert m.cause == cause
    for key, value in fields.items():
        assert m.fields.get(key, "") == value, key
    assert m.commands == commands
    assert m.client in ("lego", "")
    for lang in LANGS:
        assert "{" not in m.title(lang), m.title(lang)
        assert "{" not in m.meaning(lang), m.meaning(lang)


def test_lego_v4_old_nameserver_wording_names_a_suspicious_resolver() -> None:
    text = "[example.com] acme: Checking DNS record propagation using [127.0.0.11:53]"
    m = only(text, "resolver_in_use")
    assert m.cause == "docker_dns" and m.fields["resolver"] == "127.0.0.11:53"
    assert m.commands == ("dnsdoctor check example.com --system-resolver 127.0.0.11",)
    # public resolvers in the list are not a finding
    assert (
        analyse_log(
            "[example.com] acme: Checking DNS record propagation. [nameservers=8.8.8.8:53,8.8.4.4:53]"
        )
        == []
    )


def test_a_public_resolver_that_times_out_is_reproduced_with_system_resolver() -> None:
    # certimate-go/certimate#1280: a resolver typed into 「DNS 递归服务器」 times out
    text = (
        "[example.com] propagation: time limit exceeded: last error: NS call failed: DNS call "
        "error: read udp 172.17.0.2:41000->111.13.13.35:53: i/o timeout "
        "[ns=111.13.13.35:53, question='example.com. IN  NS']"
    )
    m = only(text, "dns_query_failed")
    assert m.cause == "broken_resolver_ns" and m.fields["resolver_kind"] == "public"
    assert m.commands == ("dnsdoctor check example.com --system-resolver 111.13.13.35",)


def test_a_fake_address_of_an_authoritative_server() -> None:
    # the fake-IP proxy answered the NS host name with a 198.18/15 address; Go's dialer used it:
    # giving lego other resolvers does not help (they are not used for that look-up)
    text = (
        "[example.com] propagation: time limit exceeded: last error: authoritative nameservers: "
        "DNS call error: dial udp 198.18.0.57:53: i/o timeout "
        "[ns=ns1.dnspod.net.:53, question='_acme-challenge.example.com. IN  TXT']"
    )
    m = only(text, "dns_query_failed")
    assert m.cause == "fake_ip_ns_address" and m.fields["stage"] == "authoritative"
    assert m.fields["resolver"] == "198.18.0.57:53" and m.fields["ns"] == "ns1.dnspod.net.:53"
    assert m.commands == ("dnsdoctor check example.com",)


def test_lego_v4_timeout_without_inner_error() -> None:
    text = (
        "2025/06/20 10:00:02 [INFO] Wait for propagation [timeout: 2m0s, interval: 2s]\n"
        "error: one or more domains had a problem:\n"
        "[example.com] propagation: time limit exceeded\n"
    )
    m = only(text, "propagation_timeout")
    assert m.cause == "propagation_slow"
    assert m.fields["timeout"] == "2m0s" and m.fields["domain"] == "example.com"
    assert m.commands == ("dnsdoctor check example.com",)


def test_repeated_failure_is_counted_once() -> None:
    line = (
        "[example.com] propagation: time limit exceeded: last error: NS call failed: DNS call "
        "error: read udp 198.18.0.1:{port}->198.18.0.2:53: i/o timeout "
        "[ns=198.18.0.2:53, question='example.com. IN  NS']"
    )
    text = "\n".join(line.format(port=p) for p in (53452, 53864, 40001))
    matches = analyse_log(text)
    assert len(matches) == 1 and matches[0].count == 3 and matches[0].line == 1


# --- lego v5 / Certimate 0.4 -----------------------------------------------------------------


def test_lego_v5_certimate_aliyun_internal_resolver() -> None:
    text = "\n".join(
        [
            "2025-11-02 09:00:00.000 INFO go-acme/lego: dns01: waiting for record propagation "
            "timeout=1m0s interval=2s domain=example.com",
            *(
                f"2025-11-02 09:00:{s:02d}.000 INFO go-acme/lego: dns01: waiting for record "
                "propagation."
                for s in (2, 4, 6, 8)
            ),
            "2025-11-02 09:01:02.000 ERROR resolver: one or more domains had a problem: "
            "[example.com: dns01: time limit exceeded: last error: recursive nameservers: "
            "NS 100.100.2.136:53 returned NXDOMAIN for _acme-challenge.example.com.]",
        ]
    )
    matches = analyse_log(text)
    assert [m.kind for m in matches] == ["ns_bad_rcode"]  # polls 2 s apart: not slow
    m = matches[0]
    assert m.client == "certimate" and m.wording == "v5"
    assert m.cause == "cloud_internal_resolver"
    assert m.fields["ns"] == "100.100.2.136:53" and m.fields["rcode"] == "NXDOMAIN"
    assert m.fields["stage"] == "recursive" and m.fields["domain"] == "example.com"
    assert m.fields["timeout"] == "1m0s"
    assert m.commands == ("dnsdoctor check example.com --system-resolver 100.100.2.136",)
    assert "Certimate ≥ 0.4" in m.client_label("en")


def test_lego_v5_recursive_check_value_missing() -> None:
    text = (
        "resolver: one or more domains had a problem: [example.com: dns01: time limit exceeded: "
        "last error: recursive nameservers: NS 1.1.1.1:53 did not return the expected TXT record "
        f"[fqdn: _acme-challenge.example.com., value: {TOKEN}]: ]"
    )
    m = only(text, "txt_value_missing")
    assert m.wording == "v5" and m.client == "lego"
    assert m.cause == "not_propagated" and m.fields["found"] == ""
    assert m.fields["stage"] == "recursive" and m.fields["expect"] == TOKEN
    assert m.commands == (f"dnsdoctor check example.com --expect {TOKEN}",)


def test_lego_v5_slow_polls_mean_query_timeouts() -> None:
    lines = [
        f"2025-11-02T09:{mi:02d}:{s:02d}+08:00 go-acme/lego: dns01: waiting for record propagation."
        for mi, s in ((0, 3), (0, 15), (0, 27), (0, 39), (0, 51))
    ]
    m = only("\n".join(lines), "slow_polling")
    assert m.cause == "query_timeouts_in_polling"
    assert m.fields["median_gap"] == "12" and m.fields["polls"] == "5"


def test_lego_v5_present_and_cleanup_errors() -> None:
    present = (
        "dns01: error presenting token (example.com): dnspod: API call failed: "
        "[TencentCloudSDKError] Code=AuthFailure.InvalidSecretId, Message=Invalid key"
    )
    m = only(present, "tencent_api_error")
    assert m.cause == "invalid_secret_id" and m.fields["phase"] == "present"
    assert "request_id" not in m.fields  # newer SDKs leave out an empty RequestId
    cleanup = (
        'level=WARN msg="Cleaning up failed." domain=example.com error="tencentcloud: delete '
        "record failed: [TencentCloudSDKError] Code=RequestLimitExceeded, Message=rate, "
        f'RequestId={RID}"'
    )
    m = only(cleanup, "tencent_api_error")
    assert m.fields["phase"] == "cleanup" and m.fields["action"] == "DeleteRecord"
    assert m.cause == "api_rate_limited" and m.commands == ()


def test_lego_v5_cname_attributes() -> None:
    text = (
        'level=INFO msg="dns01: Found CNAME entry." fqdn=_acme-challenge.example.com. '
        "cname=x.auth.acme-dns.net."
    )
    m = only(text, "cname_followed")
    assert m.fields["cname"] == "x.auth.acme-dns.net." and m.wording == "v5"


# --- acme.sh ---------------------------------------------------------------------------------

ACMESH_TIMEOUT = """\
[Sat Jun 21 10:00:00 CST 2025] Let's check each DNS record now. Sleeping for 20 seconds first.
[Sat Jun 21 10:00:20 CST 2025] You can use '--dnssleep' to disable public dns checks.
[Sat Jun 21 10:00:20 CST 2025] See: https://github.com/acmesh-official/acme.sh/wiki/dnscheck
[Sat Jun 21 10:00:20 CST 2025] Checking example.com for _acme-challenge.example.com
[Sat Jun 21 10:00:21 CST 2025] Not valid yet, let's wait for 10 seconds then check the next one.
[Sat Jun 21 10:00:31 CST 2025] Let's wait for 10 seconds and check again
[Sat Jun 21 10:20:21 CST 2025] Timed out waiting for DNS.
[Sat Jun 21 10:20:21 CST 2025] Error checking DNS.
"""


def test_acmesh_dns_timeout() -> None:
    m = only(ACMESH_TIMEOUT, "acmesh_dns_timeout")
    assert m.client == "acme.sh" and m.wording == ""
    assert m.cause == "acmesh_doh_timeout"
    assert m.fields["fqdn"] == "_acme-challenge.example.com"
    assert m.commands == ("dnsdoctor check example.com",)
    assert m.line == 7
    assert "acme.sh" in render_log_matches([m], "en")


def test_acmesh_add_failed_with_tencent_json() -> None:
    text = (
        '[Sat Jun 21 10:00:00 CST 2025] {"Response":{"Error":{"Code":"AuthFailure.SignatureFailure",'
        '"Message":"The provided credentials could not be validated. Please check your signature '
        f'is correct."}},"RequestId":"{RID}"}}}}\n'
        "[Sat Jun 21 10:00:00 CST 2025] Error adding TXT record to domain: _acme-challenge.example.com\n"
    )
    matches = analyse_log(text)
    assert [m.kind for m in matches] == ["tencent_api_error", "acmesh_add_failed"]
    api, add = matches
    assert api.fields["code"] == "AuthFailure.SignatureFailure"
    assert api.fields["request_id"] == RID
    assert api.fields["message"].startswith("The provided credentials")
    assert api.client == "acme.sh"
    assert add.fields["fqdn"] == "_acme-challenge.example.com"
    assert add.commands == ("dnsdoctor creds example.com",)


def test_acmesh_missing_credentials() -> None:
    m = only(
        "[Sat Jun 21 10:00:00 CST 2025] You don't specify tencent api SecretId and SecretKey yet.",
        "credentials_missing",
    )
    assert m.fields["vars"] == "Tencent_SecretId, Tencent_SecretKey"
    assert m.client == "acme.sh"


# --- certbot and the CA ----------------------------------------------------------------------

CERTBOT = """\
Waiting 10 seconds for DNS changes to propagate
Certbot failed to authenticate some domains (authenticator: dns-tencentcloud). The Certificate Authority reported these problems:
  Domain: example.com
  Type:   dns
  Detail: DNS problem: NXDOMAIN looking up TXT for _acme-challenge.example.com - check that a DNS record exists for this domain

Hint: The Certificate Authority failed to verify the DNS TXT records created by --dns-tencentcloud. Ensure the above domains are hosted by this DNS provider, or try increasing --dns-tencentcloud-propagation-seconds (currently 10 seconds).
"""


def test_certbot_failed_validation() -> None:
    matches = analyse_log(CERTBOT)
    assert [m.kind for m in matches] == ["ca_dns_problem", "certbot_validation_failed"]
    ca, hint = matches
    assert ca.cause == "ca_nxdomain" and ca.fields["what"] == "NXDOMAIN"
    assert ca.fields["fqdn"] == "_acme-challenge.example.com" and ca.fields["qtype"] == "TXT"
    assert ca.commands == ("dnsdoctor check example.com",)
    assert hint.fields["plugin"] == "dns-tencentcloud" and hint.fields["seconds"] == "10"
    assert hint.fields["domain"] == "example.com"
    assert hint.client == "certbot"
    assert "--dns-tencentcloud-propagation-seconds" in hint.meaning("en")


@pytest.mark.parametrize(
    ("text", "kind", "cause", "fields"),
    [
        pytest.param(
            "acme: error: 400 :: urn:ietf:params:acme:error:dns :: DNS problem: NXDOMAIN looking up "
            "TXT for _acme-challenge.example.com - check that a DNS record exists for this domain",
            "ca_dns_problem",
            "ca_nxdomain",
            {"acme_error": "dns", "fqdn": "_acme-challenge.example.com", "domain": "example.com"},
            id="nxdomain",
        ),
        pytest.param(
            "urn:ietf:params:acme:error:dns :: DNS problem: SERVFAIL looking up TXT for "
            "_acme-challenge.example.com - the domain's nameservers may be malfunctioning",
            "ca_dns_problem",
            "ca_servfail",
            {"what": "SERVFAIL"},
            id="servfail",
        ),
        pytest.param(
            "urn:ietf:params:acme:error:dns :: DNS problem: query timed out looking up TXT for "
            "_acme-challenge.example.com",
            "ca_dns_problem",
            "ca_timeout",
            {"what": "query timed out"},
            id="timeout",
        ),
        pytest.param(
            "acme: error: 403 :: urn:ietf:params:acme:error:unauthorized :: Incorrect TXT record "
            '"old-token-left-by-a-failed-order" found at _acme-challenge.example.com, url: '
            "https://acme-v02.api.letsencrypt.org/acme/chall/1/2/3",
            "ca_incorrect_txt",
            "ca_wrong_value",
            {"found": "old-token-left-by-a-failed-order", "fqdn": "_acme-challenge.example.com"},
            id="incorrect-txt",
        ),
        pytest.param(
            "urn:ietf:params:acme:error:unauthorized :: No TXT record found at "
            "_acme-challenge.example.com",
            "ca_no_txt",
            "ca_nxdomain",
            {"fqdn": "_acme-challenge.example.com"},
            id="no-txt",
        ),
    ],
)
def test_ca_side(text: str, kind: str, cause: str, fields: dict[str, str]) -> None:
    m = only(text, kind)
    assert m.cause == cause
    for key, value in fields.items():
        assert m.fields.get(key) == value, key
    assert m.commands == ("dnsdoctor check example.com",)


def test_rate_limited_has_no_dns_command() -> None:
    m = only(
        "acme: error: 429 :: urn:ietf:params:acme:error:rateLimited :: too many failed "
        "authorizations recently",
        "ca_rate_limited",
    )
    assert m.commands == ()


# --- message text only, secrets, rendering ---------------------------------------------------


def test_message_text_only_is_mapped_to_its_code() -> None:
    m = only("报错：请求签名验证失败", "tencent_api_error")
    assert m.fields["code"] == "AuthFailure.SignatureFailure"
    assert m.fields["code_from"] == "message"
    assert m.commands == ("dnsdoctor creds NAME",)


def test_secret_key_in_a_pasted_line_is_masked() -> None:
    text = (
        "TENCENTCLOUD_SECRET_KEY=Zx9s8d7f6g5h4j3k2l1 dnspod: API call failed: [TencentCloudSDKError] "
        "Code=AuthFailure.SignatureFailure, Message=x"
    )
    m = only(text, "tencent_api_error")
    assert "Zx9s8d7f6g5h4j3k2l1" not in m.excerpt
    assert "Zx9s8d7f6g5h4j3k2l1" not in render_log_matches([m], "en")


def test_render_both_languages() -> None:
    matches = analyse_log(CERTIMATE_RUN)
    en = render_log_matches(matches, "en")
    zh = render_log_matches(matches, "zh-CN")
    assert en.startswith("Recognised 3 problem(s)")
    assert "1. The NS lookup of the zone failed at 198.18.0.2:53: i/o timeout" in en
    assert "$ dnsdoctor check example.com --system-resolver 198.18.0.2" in en
    assert "Confirm with:" in en and "line 11" in en
    assert "dnsdoctor then reports: RESOLVER_FAKE_IP" in en
    assert zh.startswith("在日志中识别出 3 个问题")
    assert "1. 查询区的 NS 记录在 198.18.0.2:53 上失败：i/o timeout" in zh
    assert "第 11 行" in zh and "用以下命令确认：" in zh
    assert "$ dnsdoctor creds example.com" in zh


def test_render_nothing_found() -> None:
    assert analyse_log("everything went fine\nCertificate obtained") == []
    for lang in LANGS:
        out = render_log_matches([], lang)
        assert "dnsdoctor check NAME" in out


def test_every_text_has_both_languages() -> None:
    tables = [
        KIND_TITLES,
        CAUSE_TEXTS,
        logparse.STAGE_LABELS,
        logparse.PHASE_LABELS,
        logparse.RESOLVER_LABELS,
        logparse.FIELD_LABELS,
        logparse.UI,
        {"cleanup": logparse.CLEANUP_NOTE},
    ]
    for table in tables:
        for key, text in table.items():
            for lang in LANGS:
                assert text.get(lang), (key, lang)
    for label in logparse.CLIENT_LABELS.values():
        assert all(label.get(lang) for lang in LANGS)
    for cause in logparse._PRIORITY:
        assert cause in CAUSE_TEXTS, cause


def test_confirming_codes_exist() -> None:
    """Every code named as confirmation is a finding code of a registered check (the registry,
    not the source text: a spec defined but attached to no check does not count)."""
    from dnsdoctor.engine.catalog import all_specs

    registered = set(all_specs())
    assert logparse.CONFIRMING_CODES
    for cause, codes in logparse.CONFIRMING_CODES.items():
        assert cause in CAUSE_TEXTS, cause
        for code in codes:
            assert code in registered, (cause, code)


def test_as_dict() -> None:
    m = only(CERTIMATE_TIMEOUT, "dns_query_failed")
    d = m.as_dict("zh")
    assert d["kind"] == "dns_query_failed" and d["cause"] == "fake_ip_resolver"
    assert d["fields"]["resolver"] == "198.18.0.2:53" and d["commands"] == list(m.commands)
    assert "fake-IP" in d["meaning"]


# --- robustness ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    for m in analyse_log(text):
        for lang in LANGS:
            m.title(lang)
            m.meaning(lang)
    render_log_matches(analyse_log(text), "zh")


FRAGMENTS = [
    "DNS call error: ",
    "read udp ",
    "198.18.0.1:53452->198.18.0.2:53: i/o timeout",
    " [ns=",
    ", question='",
    "NS ",
    " returned ",
    " did not return the expected TXT record [fqdn: ",
    ", value: ",
    "]: ",
    "[TencentCloudSDKError] Code=",
    ", Message=",
    ", RequestId=",
    "propagation: time limit exceeded: last error: ",
    "[zone=",
    "lookup ",
    " on ",
    "DNS problem: ",
    " looking up TXT for ",
    'Incorrect TXT record "',
    '"Code":"',
    "[example.com] ",
    "\n",
    "\\n",
    "\x00",
    "\x1b[31m",
    "请求签名验证失败",
    "Waiting 10 seconds for DNS changes to propagate",
    "2025/06/20 10:00:14 acme: Waiting for DNS record propagation.",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40))
def test_log_shaped_garbage_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    matches = analyse_log(text)
    render_log_matches(matches, "en")
    for m in matches:
        assert m.kind in KIND_TITLES or m.kind in {log.kind for log in provider_logs()}
        assert m.cause in CAUSE_TEXTS
        for command in m.commands:
            assert command.startswith("dnsdoctor ")


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4096))
def test_binary_input_never_raises(data: bytes) -> None:
    analyse_log(logparse._decode(data))


def test_huge_input_is_capped_and_the_tail_is_read() -> None:
    filler = "2025/06/20 10:00:00 [INFO] nothing to see here, just a long log line\n" * 80_000
    text = filler + CERTIMATE_TIMEOUT + "\n" + "after\n" * 1000
    assert len(text) > 2 * logparse.MAX_SCAN_CHARS
    start = time.monotonic()
    matches = analyse_log(text)
    assert time.monotonic() - start < 20
    assert [m.cause for m in matches] == ["fake_ip_resolver"]
    assert matches[0].line == 80_001  # line numbers survive the cap


def test_huge_input_head_is_read_too() -> None:
    text = CERTIMATE_SIGNATURE + "\n" + "z" * (3 * logparse.MAX_SCAN_CHARS)
    assert [m.cause for m in analyse_log(text)] == ["signature_failure"]


@pytest.mark.parametrize("junk", ["[" * 3_000_000, "a." * 1_500_000, "NS " * 1_000_000])
def test_pathological_lines_stay_fast(junk: str) -> None:
    start = time.monotonic()
    analyse_log(junk)
    assert time.monotonic() - start < 20


# --- reading files and standard input --------------------------------------------------------


def test_read_log_encodings(tmp_path: Path) -> None:
    base = tmp_path
    utf16 = base / "powershell.log"
    utf16.write_bytes(CERTIMATE_SIGNATURE.encode("utf-16"))
    assert "请求签名验证失败" in read_log(str(utf16))
    gbk = base / "windows.log"
    gbk.write_bytes(CERTIMATE_SIGNATURE.encode("gb18030"))
    assert "请求签名验证失败" in read_log(str(gbk))
    garbage = base / "binary.log"
    garbage.write_bytes(bytes(range(256)) * 10)
    assert isinstance(read_log(str(garbage)), str)


def test_read_log_caps_large_files_keeping_the_tail(tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    with big.open("wb") as fh:
        fh.write(b"x" * (logparse.MAX_SCAN_CHARS * 5))
        fh.write(b"\n" + CERTIMATE_TIMEOUT.encode())
    text = read_log(str(big))
    assert len(text) <= logparse.MAX_SCAN_CHARS * 4 + 1
    assert text.endswith("question='example.com. IN  NS']")


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like a shell pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_read_log_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"y" * 9_000_000 + b"\n" + CERTIMATE_TIMEOUT.encode()

    class Stdin:
        buffer = io.BufferedReader(_Pipe(data))

    monkeypatch.setattr("sys.stdin", Stdin())
    text = read_log("-")
    assert text.endswith(CERTIMATE_TIMEOUT)
    assert len(text) <= logparse.MAX_SCAN_CHARS * 4 + 1
    assert re.match("y{1000}", text)


def test_read_log_small_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BufferedReader(_Pipe(CERTBOT.encode()))

    monkeypatch.setattr("sys.stdin", Stdin())
    assert read_log("-") == CERTBOT


# --- the CLI (`dnsdoctor explain --log`) ----------------------------------------------------


def _explain_log(args: list[str], stdin: str | None = None) -> Any:
    from typer.testing import CliRunner

    from dnsdoctor.cli import app

    return CliRunner().invoke(app, ["explain", *args], input=stdin)


def test_cli_explain_log_file_and_stdin(tmp_path: Path) -> None:
    log = tmp_path / "certimate.log"
    log.write_text(CERTIMATE_RUN, encoding="utf-8")
    result = _explain_log(["--log", str(log), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "$ dnsdoctor check example.com --system-resolver 198.18.0.2" in result.output
    assert "$ dnsdoctor creds example.com" in result.output
    result = _explain_log(["--log", "-", "--lang", "zh-CN"], stdin=CERTIMATE_RUN)
    assert result.exit_code == 0, result.output
    assert "最可能的原因排在最前" in result.output


def test_cli_explain_log_json(tmp_path: Path) -> None:
    import json

    log = tmp_path / "certbot.log"
    log.write_text(CERTBOT, encoding="utf-8")
    result = _explain_log(["--log", str(log), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [m["kind"] for m in body] == ["ca_dns_problem", "certbot_validation_failed"]


def test_cli_explain_log_errors(tmp_path: Path) -> None:
    result = _explain_log(["--log", str(tmp_path / "missing.log")])
    assert result.exit_code != 0
    result = _explain_log(["DNS_SERIAL_LAG", "--log", str(tmp_path / "missing.log")])
    assert result.exit_code != 0

"""Tencent Cloud DNSPod: the provider dnsdoctor was built for.

The API adapter is :mod:`dnsdoctor.providers.tencentcloud.client` (TC3 signing through the
official SDK), the error table :mod:`.errors`, where the ACME clients and Tencent's tools keep keys
:mod:`.sources`, key shapes :mod:`.lint`.
"""

from __future__ import annotations

from dnsdoctor.providers.base import CliOption, Provider
from dnsdoctor.providers.tencentcloud.policy import MINIMAL_POLICY, policy_commands

SITES = ("cn", "intl")


def _check_site(value: str) -> tuple[str, str] | None:
    if value in SITES:
        return None
    return (
        f"--tencent-site {value!r}: use cn or intl",
        f"--tencent-site {value!r}：请使用 cn 或 intl",
    )


def _check_endpoint(value: str) -> tuple[str, str] | None:
    from dnsdoctor.providers.common import endpoint_problem  # only when checking (loads asyncio)

    return endpoint_problem("--tencent-endpoint", value, "Tencent Cloud")


CLI_OPTIONS = (
    CliOption(
        "--tencent-endpoint",
        "URL",
        "Send every Tencent Cloud API call to this base URL (https://; http:// only to "
        "a loopback address).",
        "把所有腾讯云 API 请求发送到这个基础 URL（须为 https://；http:// 仅限本机回环地址）。",
        check=_check_endpoint,
    ),
    CliOption(
        "--tencent-site",
        "cn|intl",
        "cn or intl (the international endpoints).",
        "cn 或 intl（国际站接入点）。",
        default="cn",
        check=_check_site,
    ),
)

PROVIDER = Provider(
    name="tencentcloud",
    title="Tencent Cloud DNSPod",
    title_zh="腾讯云 DNSPod",
    aliases=("tencent", "dnspod"),
    ns_suffixes=("dnspod.net", "dnsv1.com", "dnsv2.com", "dnsv3.com", "dnsv4.com", "dnsv5.com"),
    clock_window=300.0,
    key_id_label="SecretId",
    secret_label="SecretKey",
    console_url="https://console.cloud.tencent.com/cam/capi",
    key_id_shapes=(r"AKID[A-Za-z0-9]{16,}",),
    brand=("DNSPod", "DNSPod"),
    record_form=(
        "DNSPod console: 记录类型 {type}, 主机记录 {host}, 记录值 {value}",
        "DNSPod 控制台：记录类型 {type}，主机记录 {host}，记录值 {value}",
    ),
    dnssec_settings=(
        "DNSPod console → the domain → 域名设置 → DNSSEC",
        "DNSPod 控制台 → 该域名 → 域名设置 → DNSSEC",
    ),
    ns_list_label="DnspodNsList",
    policy_system="CAM",
    actions={
        "whoami": "sts:GetCallerIdentity",
        "zones": "dnspod:DescribeDomainList",
        "zone": "dnspod:DescribeDomain",
        "records": "dnspod:DescribeRecordList",
        "delete": "dnspod:DeleteRecord",
        "create": "dnspod:CreateRecord",
    },
    minimal_policy=MINIMAL_POLICY,
    timestamp_zone="UTC+8",
    endpoint_option="tencent_endpoint",
    cli_options=CLI_OPTIONS,
    sources_module="dnsdoctor.providers.tencentcloud.sources",
    policy_commands=policy_commands,
    clock_error="AuthFailure.SignatureExpire",
    time_url="https://dnspod.tencentcloudapi.com",
    vendor="Tencent Cloud",
    vendor_zh="腾讯云",
    line="默认",
)

"""Alibaba Cloud DNS (alidns, 云解析 DNS) as a provider.

- :data:`PROVIDER`: the metadata: name servers ``*.alidns.com`` (and the older ``*.hichina.com``
  of 万网), the clock window (a request's time may differ from Alibaba's by at most 15 minutes,
  else ``InvalidTimeStamp.Expired``: see :mod:`.errors`), the key labels.
- :mod:`.api`: :class:`~.api.AlidnsApi`, the :class:`~dnsdoctor.providers.base.DnsApi` over the
  official SDK; :mod:`.errors`: the one table of Alibaba error codes; :mod:`.sources`: where the
  ACME clients and Alibaba's own tools keep keys; :mod:`.lint`: key shapes; :mod:`.policy`: the
  minimal RAM policy and the actions each ACME client calls.
"""

from __future__ import annotations

from dnsdoctor.providers.alidns.policy import MINIMAL_POLICY, policy_commands
from dnsdoctor.providers.base import CliOption, Provider

CLOCK_WINDOW = 15 * 60.0


def _check_endpoint(value: str) -> tuple[str, str] | None:
    from dnsdoctor.providers.common import endpoint_problem  # only when checking (loads asyncio)

    return endpoint_problem("--alidns-endpoint", value, "Alibaba Cloud DNS")


PROVIDER = Provider(
    name="alidns",
    title="Alibaba Cloud DNS",
    title_zh="阿里云云解析 DNS",
    aliases=("aliyun", "alicloud"),
    ns_suffixes=("alidns.com", "hichina.com"),
    clock_window=CLOCK_WINDOW,
    key_id_label="AccessKey ID",
    secret_label="AccessKey Secret",
    console_url="https://ram.console.aliyun.com/manage/ak",
    # an AccessKey ID; a temporary (STS) one has a digit somewhere, unlike "STS.InvalidToken"
    key_id_shapes=(r"LTAI[A-Za-z0-9]{12,20}", r"STS\.(?=[A-Za-z]*[0-9])[A-Za-z0-9]{10,64}"),
    record_form=(
        "云解析 DNS console: 记录类型 {type}, 主机记录 {host}, 记录值 {value}",
        "云解析 DNS 控制台：记录类型 {type}，主机记录 {host}，记录值 {value}",
    ),
    dnssec_settings=(
        "云解析 DNS console → the domain → DNSSEC设置",
        "云解析 DNS 控制台 → 该域名 → DNSSEC设置",
    ),
    ns_list_label="DnsServers",
    policy_system="RAM",
    actions={
        "whoami": "sts:GetCallerIdentity",
        "zones": "alidns:DescribeDomains",
        "zone": "alidns:DescribeDomainInfo",
        "records": "alidns:DescribeDomainRecords",
        "delete": "alidns:DeleteDomainRecord",
        "create": "alidns:AddDomainRecord",
    },
    minimal_policy=MINIMAL_POLICY,
    timestamp_zone="UTC",
    endpoint_option="alidns_endpoint",
    cli_options=(
        CliOption(
            "--alidns-endpoint",
            "URL",
            "Send every Alibaba Cloud DNS and STS API call to this base URL (https://; "
            "http:// only to a loopback address).",
            "把所有阿里云云解析 DNS 和 STS API 请求发送到这个基础 URL（须为 https://；"
            "http:// 仅限本机回环地址）。",
            check=_check_endpoint,
        ),
    ),
    sources_module="dnsdoctor.providers.alidns.sources",
    policy_commands=policy_commands,
    clock_error="InvalidTimeStamp.Expired",
    time_url="https://alidns.aliyuncs.com",
    vendor="Alibaba Cloud",
    vendor_zh="阿里云",
    line="default",
)

__all__ = ["CLOCK_WINDOW", "PROVIDER"]

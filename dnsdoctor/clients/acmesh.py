"""acme.sh 3.x: after adding the records it sleeps 20 s and then asks public DoH resolvers for up
to 20 minutes (``--dnssleep N`` sleeps instead); its DNS APIs are shell scripts
(``dnsapi/dns_tencent.sh``, ``dnsapi/dns_ali.sh``) that print the provider's ``Message`` on a
failure (``shared/ACME_CLIENTS.md`` §3; acmesh-official/acme.sh ``dnsapi/dns_ali.sh`` at 64fd9c8:
``_get_root`` and the record search call ``DescribeDomainRecords``, then ``AddDomainRecord`` and
``DeleteDomainRecord``).
"""

from __future__ import annotations

import re

from dnsdoctor.clients.base import AcmeClient, Detection, LogPattern, Settings

CHECKING = re.compile(r"Checking (?P<d>[^\s]{1,255}) for (?P<alias>_acme-challenge\.[^\s]{1,255})")
TIMEOUT = re.compile(r"Timed out waiting for DNS\.")
TXT_VALUE = re.compile(r"\btxt='(?P<v>[A-Za-z0-9_-]{20,100})'")

PATTERNS = (
    LogPattern(
        "acmesh_add_failed",
        "acmesh_add_failed",
        re.compile(
            r"Error add(?:ing TXT record to domain| txt for domain): ?(?P<fqdn>[^\s]{1,255})"
        ),
        confirm="creds",
        names=("fqdn",),
        domain_from="fqdn",
        domain_always=True,
    ),
)

_CHECK = "the DoH check (20 s first, then up to 1200 s)"

CLIENT = AcmeClient(
    name="acme.sh",
    title="acme.sh",
    detection=Detection(
        markers=(
            "acme.sh",
            "--dnssleep",
            "Not valid yet, let's wait",
            "Timed out waiting for DNS.",
            "Error adding TXT record to domain",
            "Error add txt for domain",
            "You don't specify tencent api",
            "You don't specify dnspod api",
            "You don't specify aliyun api",
            "Let's check each DNS record now",
        )
    ),
    labels={"": {"en": "acme.sh", "zh": "acme.sh"}},
    patterns=PATTERNS,
    actions={
        "tencentcloud": (
            "dnspod:DescribeRecordList",
            "dnspod:CreateRecord",
            "dnspod:DescribeRecordFilterList",
            "dnspod:DeleteRecord",
        ),
        "alidns": (
            "alidns:DescribeDomainRecords",
            "alidns:AddDomainRecord",
            "alidns:DeleteDomainRecord",
        ),
    },
    settings={
        "tencentcloud": Settings(
            propagation_timeout=_CHECK,
            default_timeout=1200.0,
            default_ttl=600,
            wait="--dnssleep",
            credentials=("Tencent_SecretId", "Tencent_SecretKey"),
            plugin="dns_tencent",
        ),
        "alidns": Settings(
            propagation_timeout=_CHECK,
            default_timeout=1200.0,
            wait="--dnssleep",
            credentials=("Ali_Key", "Ali_Secret"),
            plugin="dns_ali",
        ),
    },
    sources="acmesh-official/acme.sh d60c75b (3.1.4), dnsapi/dns_tencent.sh, dnsapi/dns_ali.sh",
)

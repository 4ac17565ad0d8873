"""certbot with a DNS plugin: it sleeps ``--<plugin>-propagation-seconds`` and never asks DNS
itself (``certbot/plugins/dns_common.py``, ``shared/ACME_CLIENTS.md`` §4). Tencent Cloud has only
third-party plugins (certbot-dns-tencentcloud: ``DescribeRecordList``, ``CreateRecord``,
``DeleteRecord``; 10 s by default); for Alibaba Cloud DNS, tengattack/certbot-dns-aliyun
(credentials ``dns_aliyun_access_key``/``dns_aliyun_access_key_secret``).
"""

from __future__ import annotations

import re

from dnsdoctor.clients.base import AcmeClient, Detection, Settings

WAIT = re.compile(r"Waiting (?P<secs>\d{1,6}) seconds for DNS changes to propagate")
HINT = re.compile(
    r"failed to verify the DNS TXT records created by --(?P<plugin>[\w-]{1,60})\."
    r"(?:[^\n]{0,400}?\(currently (?P<secs>\d{1,6}) seconds?\))?"
)
DOMAIN = re.compile(r"^\s{0,8}Domain: (?P<d>[^\s]{1,255})\s*$")
DEFAULT_SECONDS = "10"
"""dns_common's default ``--<plugin>-propagation-seconds``."""

CLIENT = AcmeClient(
    name="certbot",
    title="certbot",
    detection=Detection(markers_ci=("certbot",), patterns=(WAIT,)),
    labels={"": {"en": "certbot", "zh": "certbot"}},
    actions={
        "tencentcloud": ("dnspod:DescribeRecordList", "dnspod:CreateRecord", "dnspod:DeleteRecord"),
    },
    settings={
        "tencentcloud": Settings(
            propagation_timeout="--dns-tencentcloud-propagation-seconds",
            default_timeout=10.0,
            credentials=("dns_tencentcloud_secret_id", "dns_tencentcloud_secret_key"),
            plugin="dns-tencentcloud",
        ),
        "alidns": Settings(
            propagation_timeout="--dns-aliyun-propagation-seconds",
            credentials=("dns_aliyun_access_key", "dns_aliyun_access_key_secret"),
            plugin="dns-aliyun",
        ),
    },
    sources="certbot/certbot plugins/dns_common.py; certbot-dns-tencentcloud; tengattack/certbot-dns-aliyun README",
)

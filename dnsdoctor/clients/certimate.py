"""Certimate (usual2970/certimate ≤ 0.3 with lego v4.23.1; certimate-go/certimate ≥ 0.4 with lego
v5.3.1): its log is lego's, prefixed ``go-acme/lego:`` from 0.4 on, and its settings are form
fields (``shared/ACME_CLIENTS.md`` §2: 「DNS 递归服务器」 also turns lego's authoritative check
off; 「DNS 传播等待时间」 replaces every check by a sleep).
"""

from __future__ import annotations

import re

from dnsdoctor.clients import lego
from dnsdoctor.clients.base import AcmeClient, Detection, FormLabel, Settings

NAMESERVERS_JSON = re.compile(r'"nameservers"\s{0,3}:\s{0,3}"(?P<v>[^"\n]{1,300})"')
NAMESERVERS_ZH = re.compile(r"DNS 递归服务器[」\s]{0,3}[:：=]?\s{0,3}(?P<v>[\w.:;,\[\] -]{1,300})")
"""The resolvers the user gave Certimate (its saved JSON, or the form as pasted)."""

LABELS = {
    "propagation_timeout": FormLabel("DNS 传播检查超时时间", "DNS propagation checks timeout"),
    "resolvers": FormLabel("DNS 递归服务器", "DNS recursive nameservers"),
    "wait": FormLabel("DNS 传播等待时间", "DNS propagation waiting time"),
    "ttl": FormLabel("DNS 解析记录 TTL", "DNS TTL"),
}
"""The apply node's form labels (BizApplyNodeConfigForm.tsx), by the :class:`Settings` field they
set, in the form's order (:attr:`~dnsdoctor.clients.base.AcmeClient.form`)."""

_NOTES = {
    "resolvers": ", ;-separated; turns the authoritative check off",
    "wait": "; skips every check",
}
_FORM = {key: f"「{label.zh}」 ({label.en}{_NOTES.get(key, '')})" for key, label in LABELS.items()}

CLIENT = AcmeClient(
    name="certimate",
    title="Certimate",
    detection=Detection(markers=("go-acme/lego:",), markers_ci=("certimate",), wordings_of="lego"),
    labels={
        "v4": {"en": "Certimate ≤ 0.3 (lego v4 wording)", "zh": "Certimate ≤ 0.3（lego v4 措辞）"},
        "v5": {"en": "Certimate ≥ 0.4 (lego v5 wording)", "zh": "Certimate ≥ 0.4（lego v5 措辞）"},
        "": {"en": "Certimate", "zh": "Certimate"},
    },
    # Certimate hands its keys to lego's provider: the same calls.
    actions=dict(lego.CLIENT.actions),
    settings={
        "tencentcloud": Settings(
            default_timeout=60.0,
            default_interval=lego.DEFAULT_INTERVAL,
            default_ttl=600,
            credentials=("SecretId", "SecretKey"),
            plugin="tencentcloud",
            **_FORM,
        ),
        "alidns": Settings(
            default_timeout=60.0,
            default_interval=lego.DEFAULT_INTERVAL,
            default_ttl=600,
            credentials=("AccessKeyId", "AccessKeySecret"),
            plugin="aliyun",
            **_FORM,
        ),
    },
    form=LABELS,
    sources="usual2970/certimate 2aac79a, certimate-go/certimate 1ddc1ef, certimate-go/docs FAQ",
)

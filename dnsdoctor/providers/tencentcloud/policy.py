"""The CAM actions the ACME clients call on DNSPod, and the smallest policy that allows them.

From the clients' sources (``/work/shared/ACME_CLIENTS.md``): lego's ``tencentcloud`` provider
(and so Certimate) lists the account's domains to find the zone, then creates, lists and deletes
records; acme.sh's ``dns_tencent`` lists records to find the zone and ``DescribeRecordFilterList``
to find its record again (the clients' lists: :mod:`dnsdoctor.clients`). ``DescribeDomainList``
only matches ``resource: *``.
"""

from __future__ import annotations

import json

POLICY_ACTIONS = (
    "DescribeDomainList",
    "DescribeDomain",
    "DescribeRecordList",
    "DescribeRecordFilterList",
    "CreateRecord",
    "DeleteRecord",
)
MINIMAL_POLICY = json.dumps(
    {
        "version": "2.0",
        "statement": [
            {
                "effect": "allow",
                "action": [f"dnspod:{a}" for a in POLICY_ACTIONS],
                "resource": ["*"],
            }
        ],
    },
    separators=(",", ":"),
)
"""lego and acme.sh need these; ``DescribeDomainList`` only matches ``resource: *``."""


def policy_commands(principal: str | None) -> tuple[str, ...]:
    """tccli commands that create the minimal policy and attach it to a sub-user."""
    create = (
        "tccli cam CreatePolicy --PolicyName dnsdoctor-acme-dns01 "
        f"--PolicyDocument '{MINIMAL_POLICY}' --Description 'ACME DNS-01 via DNSPod'"
    )
    attach = (
        f"tccli cam AttachUserPolicy --PolicyId <PolicyId from above> --AttachUin {principal}"
        if principal
        else "tccli cam AttachUserPolicy --PolicyId <PolicyId from above> --AttachUin <sub-user uin>"
    )
    return (create, attach)

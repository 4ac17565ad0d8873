"""The RAM actions each ACME client calls on Alibaba Cloud DNS, and the smallest policy that allows
them.

What the clients call (read in their sources):

- **lego** ``providers/dns/alidns/alidns.go`` (v4, alibabacloud-go SDK): ``getHostedZone`` pages
  through ``DescribeDomains`` (PageNumber until ``PageNumber*PageSize >= TotalCount``) and matches
  the SOA zone by ``DomainName``/``PunyCode``; ``Present`` calls ``AddDomainRecord`` (Type TXT,
  RR, Value, TTL from ``ALICLOUD_TTL``, default 600); ``CleanUp`` calls ``DescribeDomains`` again,
  ``DescribeDomainRecords`` (PageSize 500, filtered by RR and Type TXT) and
  ``DeleteDomainRecord`` for each match.
- **Certimate** ``pkg/core/certifier/challengers/dns01/aliyun/aliyun.go`` (and the older
  ``internal/pkg/core/ssl-applicator/acme-dns01/providers/aliyun/aliyun.go``): builds lego's
  ``alidns.NewDNSProviderConfig`` from its ``AccessKeyId``/``AccessKeySecret``: lego's actions.
- **acme.sh** ``dnsapi/dns_ali.sh``: ``_get_root`` finds the zone with ``DescribeDomainRecords``
  per candidate name (a ``PageNumber`` in the answer means "this is the zone"); ``dns_ali_add``
  calls ``AddDomainRecord``; ``dns_ali_rm`` calls ``DescribeDomainRecords`` (``RRKeyWord``,
  ``TypeKeyWord=TXT``) and ``DeleteDomainRecord``. It signs with the old HMAC-SHA1 RPC signature
  and cannot send an STS token.

The lists are the clients' own (:mod:`dnsdoctor.clients`, keyed by provider); this module reads
them without the ``alidns:`` prefix.

``DescribeDomains`` is an operation-level action: a policy whose statements are all scoped to
``domain/example.com`` cannot allow it, so lego fails with ``Forbidden.RAM`` before touching the
zone. It needs a statement on ``acs:alidns:*:*:*`` (the workaround given in
tengattack/certbot-dns-aliyun #16). dnsdoctor itself reads ``DescribeDomainInfo`` and
``DescribeDomainNs`` (the zone's expected and actual name servers) and calls STS
``GetCallerIdentity``, which needs no permission.
"""

from __future__ import annotations

import json
from typing import Any

from dnsdoctor.clients import provider_actions

CLIENT_ACTIONS: dict[str, tuple[str, ...]] = {
    client: tuple(a.removeprefix("alidns:") for a in actions)
    for client, actions in provider_actions("alidns").items()
}
"""RAM actions (without the ``alidns:`` prefix) each ACME client calls."""

DNSDOCTOR_ACTIONS = ("DescribeDomainInfo", "DescribeDomainNs")
"""What dnsdoctor reads on top (optional: without them the checks say less, nothing fails)."""

OPERATION_LEVEL = frozenset({"DescribeDomains"})
"""Actions that name no domain: a domain-scoped statement never matches them."""


def actions_for(clients: tuple[str, ...] = tuple(CLIENT_ACTIONS)) -> tuple[str, ...]:
    """The union of the clients' actions, in a stable order."""
    seen: dict[str, None] = {}
    for client in clients:
        for action in CLIENT_ACTIONS[client]:
            seen.setdefault(action, None)
    return tuple(seen)


def minimal_policy(
    zones: tuple[str, ...] = (), clients: tuple[str, ...] = tuple(CLIENT_ACTIONS)
) -> dict[str, Any]:
    """The smallest RAM policy document for ``clients``; scoped to ``zones`` when given."""
    actions = actions_for(clients)
    record_actions = [f"alidns:{a}" for a in actions if a not in OPERATION_LEVEL]
    global_actions = [f"alidns:{a}" for a in actions if a in OPERATION_LEVEL]
    if not zones:
        return {
            "Version": "1",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": global_actions + record_actions,
                    "Resource": "acs:alidns:*:*:*",
                }
            ],
        }
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": record_actions,
            "Resource": [f"acs:alidns:*:*:domain/{zone.rstrip('.').lower()}" for zone in zones],
        }
    ]
    if global_actions:
        statements.append(
            {"Effect": "Allow", "Action": global_actions, "Resource": "acs:alidns:*:*:*"}
        )
    return {"Version": "1", "Statement": statements}


MINIMAL_POLICY = json.dumps(minimal_policy(), separators=(",", ":"))
"""For all three clients, every zone of the account (one line, to paste into a command)."""
POLICY_NAME = "dnsdoctor-acme-dns01"


def policy_commands(principal: str | None) -> tuple[str, ...]:
    """aliyun CLI commands that create the minimal policy and attach it to a RAM user."""
    create = (
        f"aliyun ram CreatePolicy --PolicyName {POLICY_NAME} "
        f"--PolicyDocument '{MINIMAL_POLICY}' --Description 'ACME DNS-01 via Alibaba Cloud DNS'"
    )
    user = principal or "<RAM user name>"
    attach = (
        f"aliyun ram AttachPolicyToUser --PolicyType Custom --PolicyName {POLICY_NAME} "
        f"--UserName {user}"
    )
    return (create, attach)

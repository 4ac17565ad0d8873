"""Fake DNS's minimal policy (FakeIAM) and the commands that attach it."""

from __future__ import annotations

import json

ACTIONS = (
    "fakedns:ListZones",
    "fakedns:GetZone",
    "fakedns:ListRecords",
    "fakedns:CreateRecord",
    "fakedns:DeleteRecord",
)

# statements of Action and Resource, as the other clouds' policy languages have them: preflight
# names the policy's actions and resources from these fields
MINIMAL_POLICY = json.dumps(
    {"Version": "1", "Statement": [{"Effect": "Allow", "Action": list(ACTIONS), "Resource": "*"}]}
)


def policy_commands(principal: str | None) -> tuple[str, ...]:
    who = principal or "acme-bot"
    return (
        "fakecli iam create-policy --name acme-dns01 --document policy.json",
        f"fakecli iam attach-policy --user {who} --policy acme-dns01",
    )

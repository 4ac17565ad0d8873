"""Fake DNS's minimal policy (FakeIAM) and the commands that attach it."""

from __future__ import annotations

import json

from dnsdoctor.providers.base import Grants

ACTIONS = (
    "fakedns:ListZones",
    "fakedns:GetZone",
    "fakedns:ListRecords",
    "fakedns:CreateRecord",
    "fakedns:DeleteRecord",
)

# FakeIAM's own policy language: each resource maps to the actions allowed on it (no Action /
# Resource statements, unlike CAM and RAM); :func:`grants` reads it for the pre-flight settings
MINIMAL_POLICY = json.dumps({"fakeiam": "2026-01", "allow": {"zones/*": list(ACTIONS)}})


def grants(document: str) -> Grants:
    """What a FakeIAM policy allows: every action of every resource, in their order."""
    allow = json.loads(document).get("allow", {}) if document else {}
    actions = dict.fromkeys(a for listed in allow.values() for a in listed)
    return Grants(tuple(actions), tuple(allow))


def policy_commands(principal: str | None) -> tuple[str, ...]:
    who = principal or "acme-bot"
    return (
        "fakecli iam create-policy --name acme-dns01 --document policy.json",
        f"fakecli iam attach-policy --user {who} --policy acme-dns01",
    )

"""Fake DNS, a third provider for tests (tests/providers/test_third_provider.py).

Built the way docs/providers.md ("Adding a provider") says: this folder, put where
``dnsdoctor.providers`` imports its providers from, and its name in ``dnsdoctor.providers.NAMES``.
Nothing here talks to a network: :mod:`.api` is an in-memory account.
"""

from __future__ import annotations

from dnsdoctor.clients.base import Settings
from dnsdoctor.providers.base import Provider

from .policy import MINIMAL_POLICY, grants, policy_commands

CLOCK_WINDOW = 120.0

PROVIDER = Provider(
    name="fakedns",
    title="Fake DNS",
    title_zh="假 DNS",
    ns_suffixes=("fakedns.com",),
    clock_window=CLOCK_WINDOW,
    key_id_label="Key ID",
    secret_label="Key Secret",
    console_url="https://console.fakedns.test/keys",
    key_id_shapes=(r"FDNS[A-Z0-9]{16}",),
    brand=("Fake DNS", "假 DNS"),
    ns_list_label="NameServers",
    policy_system="FakeIAM",
    actions={
        "whoami": "fakedns:WhoAmI",
        "zones": "fakedns:ListZones",
        "zone": "fakedns:GetZone",
        "records": "fakedns:ListRecords",
        "delete": "fakedns:DeleteRecord",
        "create": "fakedns:CreateRecord",
    },
    minimal_policy=MINIMAL_POLICY,
    policy_grants=grants,
    sources_module="dnsdoctor.providers.fakedns.sources",
    policy_commands=policy_commands,
    clock_error="Auth.ClockSkew",
    time_url="https://api.fakedns.test",
    vendor="Fake Cloud",
    vendor_zh="假云",
    line="default",
    # the clients' modules do not know this provider: its folder says how they take its settings
    client_settings={
        "lego": Settings(
            propagation_timeout="FAKEDNS_PROPAGATION_TIMEOUT",
            default_timeout=60.0,
            polling_interval="FAKEDNS_POLLING_INTERVAL",
            default_interval=2.0,
            ttl="FAKEDNS_TTL",
            default_ttl=600,
            credentials=("FAKEDNS_KEY", "FAKEDNS_SECRET"),
            plugin="fakedns",
            api_error="fakedns: API call failed: …",
        ),
        "acme.sh": Settings(
            wait="--dnssleep", credentials=("Fake_Key", "Fake_Secret"), plugin="dns_fake"
        ),
    },
    client_calls={
        "lego": (
            "fakedns:ListZones",
            "fakedns:CreateRecord",
            "fakedns:ListRecords",
            "fakedns:DeleteRecord",
        ),
        "acme.sh": ("fakedns:ListRecords", "fakedns:CreateRecord", "fakedns:DeleteRecord"),
    },
    # its demo scenarios live in its folder too (the lab finds its own by name)
    demo_scenarios=("dnsdoctor.providers.fakedns.demo",),
)

__all__ = ["CLOCK_WINDOW", "PROVIDER"]

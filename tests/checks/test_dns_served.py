"""Which provider's words the findings about a zone take (checks/dns/served.py): the provider whose
name servers the zone is delegated to; when the run cannot see them, ``--provider NAME``, or with
``--provider auto`` the one provider whose credentials are found (the discovery that auto chooses
the credentials to check by), else none and the neutral text.

Credentials are injected (the inputs' environment and a home directory under ``tmp_path``): nothing
reads the real environment or home, and nothing is sent anywhere."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, cast

import pytest

from dnsdoctor import providers
from dnsdoctor.checks.creds.lint import provider_of
from dnsdoctor.checks.dns.served import with_credentials, worded, zone_provider
from dnsdoctor.checks.dns.specs import NS_CYCLE
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.providers.base import Provider

TENCENT_ENV = {
    "TENCENTCLOUD_SECRET_ID": "AKID" + "Ab3dE" * 6 + "xy",
    "TENCENTCLOUD_SECRET_KEY": "Q" * 32,
}
ALIBABA_ENV = {"ALICLOUD_ACCESS_KEY": "LTAI" + "k7Qm2Zp9Xw4R", "ALICLOUD_SECRET_KEY": "S" * 30}
TENCENT_INI = f"""[default]
secret_id = {TENCENT_ENV["TENCENTCLOUD_SECRET_ID"]}
secret_key = {TENCENT_ENV["TENCENTCLOUD_SECRET_KEY"]}
"""
DNSPOD_NS = ("f1g1ns1.dnspod.net.", "f1g1ns2.dnspod.net.")
ALIDNS_NS = ("dns9.hichina.com.", "dns10.hichina.com.")


def context(home: Path, provider: str | None = None, env: dict[str, str] | None = None) -> Context:
    """A run's context with ``--provider`` (``None``: auto) and only the given environment and
    home to find credentials in."""
    inputs = CredentialInputs(provider=provider, env=dict(env or {}), home=home)
    services = Services(dns=cast(DnsClient, object()))  # no DNS is asked
    return Context(options=Options(credentials=inputs), services=services)


def provider(ctx: Context, ns: tuple[str, ...] = ()) -> str | None:
    found = asyncio.run(zone_provider(ctx, ns))
    return None if found is None else found.name


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


def tencent_file(home: Path) -> None:
    ini = home / ".tencentcloud" / "credentials"
    ini.parent.mkdir()
    ini.write_text(TENCENT_INI, encoding="utf-8")
    ini.chmod(0o600)


def test_without_name_servers_the_only_credentials_tell(home: Path) -> None:
    assert provider(context(home, env=ALIBABA_ENV)) == "alidns"
    assert provider(context(home, env=TENCENT_ENV)) == "tencentcloud"
    tencent_file(home)  # a credentials file in the home, and no variable
    assert provider(context(home)) == "tencentcloud"


def test_the_decision_is_the_one_auto_checks_the_credentials_of(home: Path) -> None:
    async def both(ctx: Context) -> tuple[Provider | None, Provider]:
        return await zone_provider(ctx), await provider_of(ctx)

    served, checked = asyncio.run(both(context(home, env=ALIBABA_ENV)))
    assert served is checked is providers.get("alidns")


def test_credentials_of_several_providers_or_none_leave_the_text_neutral(home: Path) -> None:
    tencent_file(home)
    ctx = context(home, env=ALIBABA_ENV)
    assert [p.name for p in asyncio.run(with_credentials(ctx))] == ["tencentcloud", "alidns"]
    assert provider(ctx) is None
    empty = home.parent / "empty"
    empty.mkdir()
    assert provider(context(empty)) is None


def test_named_and_none_go_before_the_credentials(home: Path) -> None:
    assert provider(context(home, "alidns", TENCENT_ENV)) == "alidns"
    assert provider(context(home, "dnspod", ALIBABA_ENV)) == "tencentcloud"  # an alias
    assert provider(context(home, "none", ALIBABA_ENV)) is None
    assert provider(context(home, "route53", ALIBABA_ENV)) is None  # no such provider
    no_inputs = Context(options=Options(), services=Services(dns=cast(DnsClient, object())))
    assert asyncio.run(zone_provider(no_inputs)) is None


def test_the_name_servers_go_before_the_credentials(home: Path) -> None:
    assert provider(context(home, env=TENCENT_ENV), ALIDNS_NS) == "alidns"
    assert provider(context(home, env=ALIBABA_ENV), DNSPOD_NS) == "tencentcloud"
    # another provider's (or a mix of providers') name servers: served elsewhere
    assert provider(context(home, env=ALIBABA_ENV), ("ns1.example.net.",)) is None
    assert provider(context(home, env=TENCENT_ENV), (DNSPOD_NS[0], ALIDNS_NS[0])) is None


@pytest.mark.parametrize(
    ("env", "words"),
    [(TENCENT_ENV, "for DNSPod: the NS the console shows"), (ALIBABA_ENV, "for Alibaba Cloud DNS")],
)
def test_a_finding_without_name_servers_takes_the_credentials_providers_words(
    home: Path, env: dict[str, str], words: str
) -> None:
    spec = worded(NS_CYCLE, asyncio.run(zone_provider(context(home, env=env))))
    assert words in spec.remedy["en"]
    neutral = worded(NS_CYCLE, asyncio.run(zone_provider(context(home))))
    assert neutral is NS_CYCLE and "DNSPod" not in neutral.remedy["en"]


def test_ns_cycle_end_to_end_in_the_words_of_the_only_credentials(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dnsdoctor check`` (auto) on a zone whose name servers are a loop, with only an Alibaba
    Cloud key in the environment: the loop's remedy speaks of Alibaba Cloud DNS."""
    from dnsdoctor.lab.scenarios import all_scenarios

    for name in os.environ:  # the shell's own keys, if any, are not this test's
        if name.startswith(("TENCENTCLOUD_", "ALICLOUD_", "ALIBABA_CLOUD_")):
            monkeypatch.delenv(name)

    demo = all_scenarios()["ns-cycle"].build()
    argv = [a for a in demo.argv if a not in ("--provider", "none")]
    argv += ["--select", "dns", "-f", "json"]
    env = {"HOME": str(tmp_path), **ALIBABA_ENV}
    with demo.world:
        run = cli(*argv, env=env)
        neutral = cli(*argv, env={"HOME": str(tmp_path)})
    assert run.json is not None, run.stderr
    (cycle,) = [f for c in run.json["checks"] for f in c["findings"] if f["code"] == "DNS_NS_CYCLE"]
    assert "for Alibaba Cloud DNS" in cycle["remedy"]
    assert neutral.json is not None, neutral.stderr
    (plain,) = [
        f for c in neutral.json["checks"] for f in c["findings"] if f["code"] == "DNS_NS_CYCLE"
    ]
    assert "Alibaba" not in plain["remedy"] and "DNSPod" not in plain["remedy"]

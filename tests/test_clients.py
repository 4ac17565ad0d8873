"""The ACME clients as data (dnsdoctor.clients): every module declares what the registry and
`explain --log` need, a log of each client is recognised as its own, and the actions each client
calls at a provider are the ones the provider's checks and policies use."""

from __future__ import annotations

import dataclasses
import importlib
import json
import re

import pytest

from dnsdoctor import clients
from dnsdoctor.clients.base import AcmeClient, Settings
from dnsdoctor.core.model import LANGS
from dnsdoctor.logparse.causes import CAUSES
from dnsdoctor.providers import NAMES, get


def test_every_module_exports_a_client_with_what_the_registry_needs() -> None:
    names = set()
    for module in clients.MODULES:
        client = importlib.import_module(f"dnsdoctor.clients.{module}").CLIENT
        assert isinstance(client, AcmeClient)
        assert client.name and client.title and client.sources
        names.add(client.name)
        assert "" in client.labels, module
        for wording in ("", *(w.name for w in client.wordings)):
            assert wording in client.labels, (module, wording)
        for label in client.labels.values():
            assert all(label.get(lang) for lang in LANGS), module
        for pattern in client.patterns:
            assert pattern.cause in CAUSES, (module, pattern.kind)
            groups = set(pattern.regex.groupindex)
            for group in (*pattern.names, *pattern.trim, pattern.domain_from):
                assert not group or group in groups, (module, pattern.kind, group)
            assert set(pattern.confirm.split("+")) <= {"check", "creds", "clock", "none"}
        for provider, actions in client.actions.items():
            assert provider in NAMES, (module, provider)
            prefix = {"tencentcloud": "dnspod:", "alidns": "alidns:"}[provider]
            assert actions and all(a.startswith(prefix) for a in actions), (module, provider)
        for provider, settings in client.settings.items():
            assert provider in NAMES and isinstance(settings, Settings), (module, provider)
            assert settings.credentials and settings.plugin, (module, provider)
    assert len(names) == len(clients.MODULES)  # names are unique
    assert [c.name for c in clients.all_clients()] == ["certimate", "lego", "acme.sh", "certbot"]
    assert clients.get("acme.sh").title == "acme.sh"
    with pytest.raises(KeyError):
        clients.get("nope")


def test_every_client_has_settings_for_every_provider() -> None:
    for client in clients.all_clients():
        assert set(client.settings) == set(NAMES), client.name


def test_lego_settings_are_its_provider_variables() -> None:
    lego = clients.get("lego")
    assert lego.settings["alidns"].propagation_timeout == "ALICLOUD_PROPAGATION_TIMEOUT"
    assert lego.settings["alidns"].default_ttl == 600
    assert lego.settings["tencentcloud"].propagation_timeout == "TENCENTCLOUD_PROPAGATION_TIMEOUT"
    assert lego.settings["tencentcloud"].default_timeout == 60.0
    assert clients.get("acme.sh").settings["alidns"].wait == "--dnssleep"
    assert clients.get("acme.sh").settings["alidns"].credentials == ("Ali_Key", "Ali_Secret")
    assert lego.settings["alidns"].key_variables == ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY")
    assert lego.settings["alidns"].api_error == "alicloud: API call failed: …"


def test_certimate_settings_carry_its_form_labels_in_both_languages() -> None:
    """Certimate's apply-node form, as its zh and en UI label the fields (the same label that
    preflight's evidence shows), so an operator finds the field in either language."""
    certimate = clients.get("certimate")
    for provider in NAMES:
        s = certimate.settings[provider]
        assert s.propagation_timeout == "「DNS 传播检查超时时间」 (DNS propagation checks timeout)"
        assert s.resolvers.startswith("「DNS 递归服务器」 (DNS recursive nameservers")
        assert s.wait.startswith("「DNS 传播等待时间」 (DNS propagation waiting time")


def test_preflight_recommends_what_the_clients_data_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preflight's settings findings hold no client's names of their own: change the data of
    lego's plug-in and the recommendation follows; a client without a plug-in gets no finding."""
    from dnsdoctor.preflight.settings import recommend, settings_findings
    from dnsdoctor.preflight.words import provider_words

    lego = clients.get("lego")
    renamed = dataclasses.replace(
        lego.settings["alidns"],
        propagation_timeout="X_WAIT",
        polling_interval="X_EVERY",
        ttl="X_TTL",
        default_timeout=90.0,
        plugin="xdns",
        api_error="xdns: call failed",
    )
    monkeypatch.setitem(lego.settings, "alidns", renamed)  # type: ignore[index]
    monkeypatch.delitem(clients.get("acme.sh").settings, "alidns")  # type: ignore[attr-defined]
    got = {
        f.code: f for f in settings_findings(recommend(5.0), ["a.example"], provider=get("alidns"))
    }
    assert "PREFLIGHT_SETTINGS_ACME_SH" not in got
    found = got["PREFLIGHT_SETTINGS_LEGO"]
    assert found.title("en") == "lego: X_WAIT=60 X_EVERY=2 X_TTL=600"
    assert "defaults 90 s, 2 s, 600" in found.meaning("en")
    assert found.commands[-1].startswith("X_WAIT=60 X_EVERY=2 X_TTL=600 lego --dns xdns -d a.")
    assert provider_words(get("alidns"))["lego_error"] == "xdns: call failed"
    for gone in ("lego_dns", "lego_env_prefix", "acme_sh_dns", "key_variables", "lego_error"):
        assert not hasattr(get("alidns"), gone)  # one place: the clients


LOGS = {
    ("lego", "v4"): "[INFO] [example.com] acme: Checking DNS record propagation. [nameservers=…]",
    ("lego", "v5"): "2025/06/20 10:00:00 INFO dns01: waiting for record propagation. domain=x",
    ("certimate", "v5"): "go-acme/lego: dns01: waiting for record propagation.",
    ("certimate", "v4"): "[certimate] acme: error presenting token: alicloud: API call failed",
    ("acme.sh", ""): "[Sat Dec  6 00:00:00 UTC 2026] You don't specify aliyun api key and secret",
    ("certbot", ""): "Waiting 10 seconds for DNS changes to propagate",
    ("", ""): "nothing an ACME client would say",
}


@pytest.mark.parametrize(("expected", "text"), list(LOGS.items()), ids=lambda x: str(x))
def test_a_log_of_each_client_is_detected(expected: tuple[str, str], text: str) -> None:
    assert clients.detect(text) == expected


def test_provider_client_actions_come_from_the_clients() -> None:
    for name in NAMES:
        provider = get(name)
        assert dict(provider.client_actions) == clients.provider_actions(name)
        assert provider.client_actions["lego"] == clients.get("lego").actions[name]
    # Certimate calls what its lego calls; what the credential checks name for lego is unchanged
    assert get("tencentcloud").client_actions["lego"] == (
        "dnspod:DescribeDomainList",
        "dnspod:CreateRecord",
        "dnspod:DescribeRecordList",
        "dnspod:DeleteRecord",
    )
    assert clients.get("certimate").actions == clients.get("lego").actions


def test_each_provider_policy_covers_every_client_that_uses_it() -> None:
    for name in NAMES:
        policy = get(name).minimal_policy
        for client, actions in clients.provider_actions(name).items():
            for action in actions:
                assert re.search(rf'"{action}"', policy), (name, client, action)


def test_preflight_names_certimates_fields_by_its_form_labels() -> None:
    from dnsdoctor.clients.certimate import LABELS
    from dnsdoctor.preflight.settings import recommend, settings_findings

    for name in NAMES:
        found = settings_findings(recommend(5.0, nameservers=["8.8.8.8"]), [], provider=get(name))
        certimate = next(f for f in found if f.code == "PREFLIGHT_SETTINGS_CERTIMATE")
        shown = [e.label for e in certimate.evidence]
        assert shown[:4] == [f"{label.zh} / {label.en}" for label in LABELS.values()]
        assert "DNS 解析记录 TTL / DNS TTL" in shown
        chosen = json.loads(certimate.evidence[-1].value)["certimate"]
        assert chosen == {
            "DNS 传播检查超时时间": 60,
            "DNS 递归服务器": "8.8.8.8",
            "DNS 传播等待时间": 30,
            "DNS 解析记录 TTL": 600,
        }

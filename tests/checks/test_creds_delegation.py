"""DNSPod's NS lists compared with the delegation dnsdoctor follows itself from the root."""

from __future__ import annotations

from typing import Any

import pytest

from dnsdoctor.lab.internet import com_zone, example_zone
from dnsdoctor.lab.scenarios_creds import creds_world, with_env


def _check(
    cli: Any,
    net: Any,
    monkeypatch: pytest.MonkeyPatch,
    expect: tuple[str, ...] = (),
    **domain: Any,
) -> dict[str, Any]:
    cw = creds_world()
    cw.api.domains.clear()
    cw.api.add_domain("example.com", "100000000001", **domain)
    with_env(cw, cw.secret_id, cw.secret_key)
    for name, value in cw.env.items():
        monkeypatch.setenv(name, value)
    argv = [a for a in net.check_argv(expect=expect) if a not in ("--provider", "none")]
    with cw.world:
        code, _out, report, _err = cli(
            *argv, "--tencent-endpoint", cw.api.url, "-f", "json", "--timeout", "15"
        )
    assert report is not None, _err
    report["exit_code"] = code
    return report


def _codes(report: dict[str, Any]) -> list[str]:
    return [f["code"] for c in report["checks"] for f in c["findings"]]


def test_registry_delegating_elsewhere_is_found_although_dnspod_says_nothing(
    cli: Any, net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Registered at Alibaba Cloud, the NS never moved: the zone is in DNSPod, DnsStatus is empty.
    net.set_zone(net.tld, "com.", com_zone(("dns9.hichina.com.", "dns10.hichina.com.")))
    report = _check(cli, net, monkeypatch)
    assert "CREDS_NOT_DELEGATED" not in _codes(report)
    first = report["root_causes"][0]
    assert first["code"] == "CREDS_DELEGATION_ELSEWHERE"
    assert "dns10.hichina.com, dns9.hichina.com" in first["title"]
    assert "ns1.dnspod.net" in first["title"]
    assert report["exit_code"] == 1


def test_dnspod_own_status_gets_the_delegation_as_evidence(
    cli: Any, net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    net.set_zone(net.tld, "com.", com_zone(("dns9.hichina.com.", "dns10.hichina.com.")))
    report = _check(cli, net, monkeypatch, dns_status="dnserror", actual_ns=("dns9.hichina.com",))
    codes = _codes(report)
    assert "CREDS_NOT_DELEGATED" in codes and "CREDS_DELEGATION_ELSEWHERE" not in codes
    finding = next(
        f for c in report["checks"] for f in c["findings"] if f["code"] == "CREDS_NOT_DELEGATED"
    )
    labels = {e["label"].split(" (")[0]: e["value"] for e in finding["evidence"]}
    assert labels["registry delegation"] == "dns10.hichina.com, dns9.hichina.com"


def test_a_delegation_to_dnspod_adds_nothing(
    cli: Any, net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _check(cli, net, monkeypatch)
    codes = _codes(report)
    assert "CREDS_DELEGATION_ELSEWHERE" not in codes and "CREDS_NOT_DELEGATED" not in codes
    assert "CREDS_ZONE_FOUND" in codes


def test_the_zone_asked_of_dnspod_is_the_zone_cut(
    cli: Any, net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sub.example.com is a zone of its own (a DNSPod sub-domain zone); the last two labels
    # (example.com) would be the wrong zone to ask DNSPod about.
    from dnsdoctor.lab.internet import example_zone

    delegation = "sub 86400 IN NS ns1.dnspod.net.\nsub 86400 IN NS ns2.dnspod.net."
    sub = (
        "@ 3600 IN SOA ns1.dnspod.net. admin.example.com. 1 3600 600 86400 300\n"
        "@ 86400 IN NS ns1.dnspod.net.\n@ 86400 IN NS ns2.dnspod.net.\n"
    )
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(extra=delegation))
        net.set_zone(server, "sub.example.com.", sub)
    cw = creds_world()
    cw.api.domains.clear()
    cw.api.add_domain("sub.example.com", "100000000001")
    with_env(cw, cw.secret_id, cw.secret_key)
    for name, value in cw.env.items():
        monkeypatch.setenv(name, value)
    argv = [a for a in net.check_argv("sub.example.com") if a not in ("--provider", "none")]
    with cw.world:
        _code, _out, report, err = cli(*argv, "--tencent-endpoint", cw.api.url, "-f", "json")
    assert report is not None, err
    found = [f for c in report["checks"] for f in c["findings"] if f["code"] == "CREDS_ZONE_FOUND"]
    assert [f["params"]["zone"] for f in found] == ["sub.example.com"]
    assert "CREDS_ZONE_NOT_IN_ACCOUNT" not in _codes(report)


def test_the_old_providers_old_token_is_a_symptom_of_the_delegation(
    cli: Any, net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The registrar's old DNS still serves a token of an order made there: "compare the token
    # with the client's log" would send the operator the wrong way; the delegation is the cause.
    net.set_zone(net.tld, "com.", com_zone(("dns9.hichina.com.", "dns10.hichina.com.")))
    old = example_zone(ns=("dns9.hichina.com.", "dns10.hichina.com."), txt=("old-token-at-ali",))
    for server in (net.ali1, net.ali2):
        net.set_zone(server, "example.com.", old)
    report = _check(cli, net, monkeypatch, expect=("gfj9Xq-K4Pf2k1QhGZoDl0hXtS9d7WmFQ8NDNsXSd1c",))
    assert "DNS_TXT_OTHER_VALUE" in _codes(report)
    assert [rc["code"] for rc in report["root_causes"]] == ["CREDS_DELEGATION_ELSEWHERE"]
    (root,) = report["root_causes"]
    explained = {e["code"]: e for e in root["explained"]}
    assert explained["DNS_TXT_OTHER_VALUE"]["remedy"] is None

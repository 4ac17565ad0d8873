"""DNS findings that the DNS provider's API makes precise: the age of a TXT record that holds
another value (DescribeRecordList's UpdatedOn), and whether the zone a CNAME'd challenge points
into is in the key's account (DescribeDomainList). The demo internet and the Tencent Cloud API
emulator run together; ``dnsdoctor check`` runs as the shell would."""

from __future__ import annotations

from typing import Any

import pytest

from dnsdoctor.checks.dns.checks import RecordAge
from dnsdoctor.lab.scenarios_creds import CredsWorld, check_world

OTHER = "other-token-from-an-earlier-order-0000000000"


def run(cli: Any, cw: CredsWorld, monkeypatch: pytest.MonkeyPatch, *extra: str) -> dict[str, Any]:
    for name, value in cw.env.items():
        monkeypatch.setenv(name, value)
    with cw.world:
        code, _out, report, err = cli(*cw.argv, *extra, "-f", "json", "--timeout", "20")
    assert report is not None, err
    report["exit_code"] = code
    return report


def found(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for c in report["checks"] for f in c["findings"] if f["code"] == code]


def test_another_value_gets_its_age_from_dnspod(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    cw = check_world(("_acme-challenge", "TXT", OTHER, 3 * 86400 + 600))
    report = run(cli, cw, monkeypatch)
    (f,) = found(report, "DNS_TXT_OTHER_VALUE")
    assert f["params"]["values"] == f'"{OTHER}"'
    assert f["params"]["age"] == " (updated 3 days ago at Tencent Cloud DNSPod)"
    assert "age_zh" not in f["params"]  # the age is worded in the reader's language
    age = RecordAge(3 * 86400 + 600, "Tencent Cloud DNSPod", "腾讯云 DNSPod")
    assert age.render("zh") == "（3 天前在腾讯云 DNSPod 中更新）"
    assert f["title"].endswith(f'"{OTHER}" (updated 3 days ago at Tencent Cloud DNSPod)')
    provider = [e for e in f["evidence"] if e["label"].startswith("Tencent Cloud DNSPod RecordId ")]
    assert len(provider) == 1 and provider[0]["value"].endswith("(UTC+8), 3 days ago")
    assert report["root_causes"][0]["code"] == "DNS_TXT_OTHER_VALUE"
    assert report["exit_code"] == 1


def test_without_credentials_the_other_value_has_no_age(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cw = check_world(("_acme-challenge", "TXT", OTHER, 600))
    report = run(cli, cw, monkeypatch, "--provider", "none")
    (f,) = found(report, "DNS_TXT_OTHER_VALUE")
    assert f["params"]["age"] == "" and "DNSPod" not in f["title"]
    assert not [e for e in f["evidence"] if e["label"].startswith("DNSPod")]


def test_a_cname_into_a_zone_outside_the_account(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # lego/Certimate with the DNSPod provider follow the CNAME and look for acme-dns.net in the
    # account: DescribeDomainList says it is not there, also when no token is given to compare.
    cw = check_world(("_acme-challenge", "CNAME", "8f1c2a.auth.acme-dns.net.", 86400), expect=())
    report = run(cli, cw, monkeypatch)
    (f,) = found(report, "DNS_CNAME_DELEGATED")
    assert f["params"]["where"] == "zone acme-dns.net, not in this key's DNSPod account"
    assert f["severity"] == "error"
    listed = {e["label"]: e["value"] for e in f["evidence"]}
    assert listed["domains in this account"] == "example.com"
    assert report["root_causes"][0]["code"] == "DNS_CNAME_DELEGATED"
    assert report["exit_code"] == 1


def test_a_cname_into_a_zone_of_the_same_account_is_no_delegation(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dnsdoctor.lab.scenarios_creds import ACCOUNT

    cw = check_world(("_acme-challenge", "CNAME", "8f1c2a.auth.acme-dns.net.", 86400))
    cw.api.add_domain("acme-dns.net", ACCOUNT)
    report = run(cli, cw, monkeypatch)
    assert found(report, "DNS_CNAME_DELEGATED") == []
    assert report["root_causes"][0]["code"] == "DNS_TXT_NOT_FOUND"


@pytest.mark.parametrize("name", ["creds-txt-other-value", "creds-cname-outside-account"])
def test_check_scenarios_name_their_cause_and_keep_the_key_secret(
    name: str, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dnsdoctor.lab.scenarios_creds import CHECK_SCENARIOS

    scenario = CHECK_SCENARIOS[name]
    cw = scenario.build()
    for var, value in cw.env.items():
        monkeypatch.setenv(var, value)
    with cw.world:
        outputs = [
            cli(*cw.argv, "-f", fmt, "--lang", lang)
            for fmt in ("json", "markdown", "rich")
            for lang in ("en", "zh-CN")
        ]
    report = outputs[0].json
    assert report["root_causes"][0]["code"] == scenario.first_code
    for out in outputs:
        assert out.exit_code == scenario.exit_code
        for secret in (cw.secret_key, cw.secret_id):
            assert secret not in out.stdout + out.stderr
            assert secret[-8:] not in out.stdout + out.stderr

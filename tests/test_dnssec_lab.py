"""The DNSSEC check against a signed demo internet on loopback (the lab server signs its answers,
its root has its own trust anchor), in process and through the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dns.name
import dns.rdata
import dns.rdatatype
import pytest

from dnsdoctor.core.model import Severity
from dnsdoctor.lab.internet import ROOT, SERIAL, TOKEN, DemoInternet
from dnsdoctor.lab.signing import SignedInternet, new_keys, put, sign, sign_internet

Cli = Callable[..., Any]
ZONE = dns.name.from_text("example.com.")


def run(net: DemoInternet, signed: SignedInternet, expect: tuple[str, ...] = (TOKEN,)) -> Any:
    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.engine.run import run as run_checks
    from dnsdoctor.net.dns import DnsClient

    options = Options(
        expect=expect,
        roots=((ROOT, net.port),),
        dns_port=net.port,
        timeout=8.0,
        query_timeout=1.0,
        no_clock=True,
        select=("dns", "dnssec"),
        trust_anchor=signed.anchor.path,
        trust_anchor_text=Path(signed.anchor.path).read_text(),
    )
    services = Services(dns=DnsClient(query_timeout=1.0))
    return run_checks("check", options, parse_targets(["example.com"]), services)


def dnssec_findings(report: Any) -> list[Any]:
    return [f for f in report.findings if f.family == "dnssec"]


def above_info(report: Any) -> list[str]:
    return [f.code for f in report.findings if f.level > Severity.INFO]


def test_healthy_signed_zone_is_secure_at_every_server(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    signed = sign_internet(net, example=new_keys(ZONE))
    report = run(net, signed)
    assert above_info(report) == []
    [finding] = dnssec_findings(report)
    assert finding.code == "DNSSEC_SECURE"
    assert "example.com (DS" in finding.params["chain"]
    dnskey_evidence = [e.label for e in finding.evidence if e.label.endswith("DNSKEY")]
    assert len(dnskey_evidence) == 2  # both DNSPod servers were asked


def test_unsigned_zone_under_a_signed_parent_is_info_only(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    signed = sign_internet(net)  # root, com. and net. signed; example.com not, and no DS
    report = run(net, signed)
    assert above_info(report) == []
    [finding] = dnssec_findings(report)
    assert finding.code == "DNSSEC_UNSIGNED"
    assert finding.params["zone"] == "example.com"
    assert finding.params["parent"] == "com"
    assert any("NSEC" in e.value for e in finding.evidence)  # the proof that there is no DS


def test_challenge_absent_in_a_signed_zone_is_proven_and_nothing_is_said(
    net: DemoInternet,
) -> None:
    signed = sign_internet(net, example=new_keys(ZONE))
    report = run(net, signed, expect=())
    assert [f.code for f in dnssec_findings(report)] == ["DNSSEC_SECURE"]


def test_nxdomain_without_nsec_is_a_broken_denial(net: DemoInternet) -> None:
    keys = new_keys(ZONE)
    signed = sign_internet(net, example=keys)
    for server in (net.ns1, net.ns2):
        zone = server.zones[ZONE]
        for name in list(zone.nodes):
            zone.delete_rdataset(name, dns.rdatatype.NSEC)
        put(net, server, zone)
    report = run(net, signed, expect=())
    codes = [f.code for f in dnssec_findings(report)]
    assert codes == ["DNSSEC_DENIAL_INVALID"]
    finding = dnssec_findings(report)[0]
    assert finding.params["answer"] == "NXDOMAIN"
    assert "ns1.dnspod.net" in finding.params["servers"]
    assert "ns2.dnspod.net" in finding.params["servers"]


def test_ds_left_at_registrar_names_the_broken_link_and_both_fixes(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    alibaba = new_keys(ZONE)
    signed = sign_internet(
        net, example=alibaba, example_ds=(alibaba,), example_servers=(net.ali1, net.ali2)
    )
    report = run(net, signed)
    assert report.root_causes[0].finding.code == "DNSSEC_DS_WITHOUT_DNSKEY"
    finding = report.root_causes[0].finding
    assert finding.params["zone"] == "example.com"
    assert str(finding.params["provider"]) == "DNSPod"
    assert f"key tag {alibaba.key_tag}/" in finding.params["ds"]
    remedy_en, remedy_zh = finding.remedy("en"), finding.remedy("zh")
    assert "Remove the DS" in remedy_en and "DNSSEC设置" in remedy_en
    assert "sign the zone at DNSPod" in remedy_en
    assert "删除 example.com 的 DS" in remedy_zh and "DNSPod" in remedy_zh


def test_ds_matching_no_served_key_gives_the_ds_to_publish(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    new, old = new_keys(ZONE), new_keys(ZONE)
    signed = sign_internet(net, example=new, example_ds=(old,))
    report = run(net, signed)
    errors = [f for f in report.findings if f.level is Severity.ERROR]
    assert [f.code for f in errors] == ["DNSSEC_DS_MISMATCH"], [f.title() for f in errors]
    finding = errors[0]
    assert str(old.key_tag) in finding.params["ds"]
    assert str(new.key_tag) in finding.params["keys"]
    assert finding.commands == (f"example.com. IN DS {new.ds_text}",)


def test_one_server_with_an_unsigned_copy_is_named_alone(net: DemoInternet) -> None:
    net.set_txt(TOKEN, serial=SERIAL + 1)
    keys = new_keys(ZONE)
    signed = sign_internet(net, example=keys, example_servers=(net.ns1,))
    report = run(net, signed)
    [finding] = [f for f in report.findings if f.level is Severity.ERROR]
    assert finding.code == "DNSSEC_DS_WITHOUT_DNSKEY"
    assert "ns2.dnspod.net" in finding.params["servers"]
    assert "ns1.dnspod.net" not in finding.params["servers"]


def test_expired_txt_signature_at_one_server(net: DemoInternet) -> None:
    import time

    net.set_txt(TOKEN, serial=SERIAL + 1)
    keys = new_keys(ZONE)
    signed = sign_internet(net, example=keys)
    # ns2 serves an old copy whose TXT signature has expired (its DNSKEY set is fresh)
    now = time.time()
    stale = sign(net.ns2.zones[ZONE], keys, inception=now - 40 * 86400, expiration=now - 86400)
    fresh = net.ns1.zones[ZONE]
    sigs = fresh.find_rdataset(ZONE, dns.rdatatype.RRSIG, dns.rdatatype.DNSKEY)
    stale.replace_rdataset(ZONE, sigs)
    put(net, net.ns2, stale)
    report = run(net, signed)
    errors = [f for f in report.findings if f.level is Severity.ERROR]
    assert [f.code for f in errors] == ["DNSSEC_RRSIG_EXPIRED"]
    assert errors[0].params["rrset"] == "_acme-challenge.example.com TXT"
    assert errors[0].params["servers"].startswith("ns2.dnspod.net")


def test_unsigned_world_with_the_builtin_anchor_skips_with_a_reason(
    net: DemoInternet, check_world: Callable[..., Any]
) -> None:
    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.engine.run import run as run_checks
    from dnsdoctor.net.dns import DnsClient

    options = Options(
        roots=((ROOT, net.port),),
        dns_port=net.port,
        timeout=8.0,
        query_timeout=1.0,
        no_clock=True,
        select=("dnssec",),
    )
    report = run_checks("check", options, parse_targets(["example.com"]), Services(dns=DnsClient()))
    [result] = [r for r in report.results if r.check.startswith("dnssec.chain")]
    assert result.status.value == "skip"
    assert "--trust-anchor" in result.reason
    assert report.findings == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("dnssec-ds-left-at-registrar", "DNSSEC_DS_WITHOUT_DNSKEY"),
        ("dnssec-rrsig-expired", "DNSSEC_RRSIG_EXPIRED"),
    ],
)
def test_demo_scenarios_name_the_cause_first_in_both_languages(
    name: str, code: str, cli: Cli
) -> None:
    en = cli("demo", name, "-f", "json")
    zh = cli("demo", name, "--lang", "zh-CN", env={"COLUMNS": "1000"})
    assert en.exit_code == 1 and zh.exit_code == 1
    assert en.json["root_causes"][0]["code"] == code
    first = next(line for line in zh.stdout.splitlines() if line.startswith("✗"))
    assert "回答 SERVFAIL" in first, first
    assert en.json["environment"]["trust_anchor"].endswith(".ds")


def test_bad_trust_anchor_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "anchor"
    bad.write_text("not a DS record\n")
    result = cli("check", "example.com", "--trust-anchor", str(bad), "--root", "127.0.0.1:9")
    assert result.exit_code == 2
    assert "--trust-anchor" in result.stderr
    missing = cli("check", "example.com", "--trust-anchor", str(tmp_path / "none"))
    assert missing.exit_code == 2
    assert "cannot be read" in missing.stderr


def _cname_world(net: DemoInternet) -> SignedInternet:
    from dnsdoctor.lab.internet import example_zone

    target = "8f1c2a.auth.acme-dns.net."
    extra = f"_acme-challenge 300 IN CNAME {target}"
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(extra=extra))
    net.set_zone(
        net.acmedns,
        "acme-dns.net.",
        "@ 3600 IN SOA ns.acme-dns.net. admin.acme-dns.net. 1 3600 600 86400 300\n"
        "@ 86400 IN NS ns.acme-dns.net.\n"
        f'{target} 60 IN TXT "{TOKEN}"\n',
    )
    return sign_internet(net, example=new_keys(ZONE))


def test_signed_cname_into_an_unsigned_zone_is_fine(net: DemoInternet) -> None:
    signed = _cname_world(net)
    report = run(net, signed)
    assert above_info(report) == []
    [finding] = dnssec_findings(report)
    assert finding.code == "DNSSEC_UNSIGNED"
    assert finding.params["zone"] == "acme-dns.net"


def test_a_cname_whose_signature_fails_is_named(net: DemoInternet) -> None:
    signed = _cname_world(net)
    challenge = dns.name.from_text("_acme-challenge.example.com.")
    for server in (net.ns1, net.ns2):
        zone = server.zones[ZONE]
        rdataset = zone.find_rdataset(challenge, dns.rdatatype.CNAME)
        rdataset.clear()  # repointed after signing, never re-signed
        rdataset.add(dns.rdata.from_text("IN", "CNAME", "8f1c2a.auth.acme-dns.net."))
        sigs = zone.find_rdataset(challenge, dns.rdatatype.RRSIG, dns.rdatatype.CNAME)
        old = sigs[0]
        sigs.clear()
        sigs.add(old.replace(signature=bytes(len(old.signature))))
        put(net, server, zone)
    report = run(net, signed)
    errors = [f for f in report.findings if f.level is Severity.ERROR]
    assert [f.code for f in errors] == ["DNSSEC_SIGNATURE_INVALID"]
    assert errors[0].params["rrset"] == "_acme-challenge.example.com CNAME"

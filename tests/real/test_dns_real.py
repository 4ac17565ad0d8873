"""``dnsdoctor check`` against real DNS servers: the demo's DNS scenarios
(dnsdoctor/lab/scenarios_dns.py) rebuilt on NSD and Knot (tests/real/lab.py), run through the CLI.

The demo world answers from dnsdoctor's own Python servers; here the root, the TLD and every
authoritative server is real software, so the report is what dnsdoctor makes of real answers
(REFUSED from a server without the zone, TC=1 over UDP then a real TCP answer, a real CNAME into
a delegated zone, ...). Each test builds the scenario's state with the lab, runs
``dnsdoctor check -f json`` and compares the report with the scenario's registered expectation
(exit code, first root cause) and with the facts of the lab (addresses, serials, names).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import pytest
from typer.testing import CliRunner

from dnsdoctor.cli import app
from dnsdoctor.lab.internet import TOKEN, TOKEN_WILDCARD
from dnsdoctor.lab.scenarios import Scenario, all_scenarios

from .lab import AUTH_SERVERS, DEFAULT_SERIAL, Fault, RealLab

Report = dict[str, Any]
Finding = dict[str, Any]

ARGS = ("--root", RealLab.ROOT, "--dns-port", "53", "--no-clock", "--timeout", "10", "-f", "json")
CNAME_TARGET = "8f1c2a.auth.acme-dns.net"
STALE = tuple(f"old-token-{i:02d}-left-by-a-failed-order-xxxxxxxxxxxx" for i in range(30))
NEW_SERIAL = DEFAULT_SERIAL + 1


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")


def txt(*values: str, owner: str = "_acme-challenge") -> list[str]:
    return [f'{owner} 60 IN TXT "{value}"' for value in values]


def serve_everywhere(lab: RealLab, records: Sequence[str], serial: int = NEW_SERIAL) -> None:
    """Both DNSPod servers (NSD ns1 and Knot ns2) serve the same example.com."""
    for server in AUTH_SERVERS:
        lab.set_records(server, serial, records)


def check(*names: str, expect: Sequence[str] = ()) -> tuple[int, Report]:
    """``dnsdoctor check NAMES --expect ... --root 127.0.0.11 --dns-port 53 ... -f json``."""
    argv = ["check", *(names or ("example.com",)), *ARGS]
    for value in expect:
        argv += ["--expect", value]
    result = CliRunner().invoke(app, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.stdout.strip(), f"no report on stdout; stderr: {result.stderr}"
    report: Report = json.loads(result.stdout)
    return result.exit_code, report


def scenario(name: str) -> Scenario:
    return all_scenarios()[name]


def named(report: Report) -> list[dict[str, Any]]:
    """What the report names first: the root causes, then what is worth fixing."""
    return [*report["root_causes"], *report.get("hygiene", [])]


def codes(report: Report) -> list[str]:
    return [cause["code"] for cause in named(report)]


def findings(report: Report, code: str) -> list[Finding]:
    return [f for c in report["checks"] for f in c["findings"] if f["code"] == code]


def finding_of(report: Report, cause: dict[str, Any]) -> Finding:
    """The full finding (params, evidence) behind a root cause."""
    (match,) = [f for f in findings(report, cause["code"]) if f["subject"] == cause["subject"]]
    return match


def assert_scenario(name: str, exit_code: int, report: Report) -> dict[str, Any]:
    """The report has the demo scenario's exit code and first root cause; returns that cause."""
    expected = scenario(name)
    assert (exit_code, codes(report)[:1]) == (
        expected.exit_code,
        [expected.first_code] if expected.first_code else [],
    ), named(report)
    return named(report)[0] if named(report) else {}


def udp_query(address: str, name: str, rdtype: str) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
    query.flags &= ~dns.flags.RD
    return dns.query.udp(query, address, timeout=2)


# --- scenarios --------------------------------------------------------------------------------


def test_healthy_both_servers_serve_both_tokens(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, txt(TOKEN, TOKEN_WILDCARD))
    code, report = check("example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))

    assert_scenario("healthy", code, report)
    assert code == 0 and report["root_causes"] == [] and report["verdict"] == "ok"
    # not an empty run: every DNS check asked the real servers and passed
    statuses = {c["name"]: c["status"] for c in report["checks"] if c["family"] == "dns"}
    checked = {name.split("[")[0] for name in statuses}
    assert {"dns.delegation", "dns.servers", "dns.serials", "dns.txt"} <= checked
    assert set(statuses.values()) == {"pass"}, statuses
    assert report["environment"]["roots"] == [f"{RealLab.ROOT}:53"]


def test_lagging_knot_secondary_is_serial_lag(clean_lab: RealLab) -> None:
    clean_lab.set_records("ns1", NEW_SERIAL, txt(TOKEN))  # Knot on ns2 keeps the old zone
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("lagging", code, report)
    assert cause["subject"] == f"example.com|{RealLab.NS2}"
    assert RealLab.NS2 in cause["title"]
    assert str(DEFAULT_SERIAL) in cause["title"] and str(NEW_SERIAL) in cause["title"]
    params = finding_of(report, cause)["params"]
    assert params == {
        "server": f"ns2.dnspod.net ({RealLab.NS2})",
        "serial": str(DEFAULT_SERIAL),
        "leader": f"ns1.dnspod.net ({RealLab.NS1})",
        "latest": str(NEW_SERIAL),
    }
    # the missing token on ns2 is the lag's symptom, not a second root cause
    assert codes(report) == ["DNS_SERIAL_LAG"]
    assert [f["subject"] for f in findings(report, "DNS_TXT_MISSING")] == [
        f"example.com|{RealLab.NS2}"
    ]


def test_registrar_delegates_to_one_dnspod_and_one_hichina_server(clean_lab: RealLab) -> None:
    # only one of the two NS was switched from Alibaba Cloud to DNSPod at the registrar
    clean_lab.set_delegation(["ns1.dnspod.net", "dns9.hichina.com"])
    serve_everywhere(clean_lab, txt(TOKEN))
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("ns-mismatch", code, report)
    assert codes(report) == ["DNS_NS_MISMATCH"]
    assert cause["severity"] == "error"  # a delegated server is not the provider's
    finding = finding_of(report, cause)
    assert finding["params"] == {
        "zone": "example.com",
        "parent": "dns9.hichina.com, ns1.dnspod.net",
        "child": "ns1.dnspod.net, ns2.dnspod.net",
        "lister": "ns1.dnspod.net",
    }
    evidence = {e["label"]: e["value"] for e in finding["evidence"]}
    assert evidence[f"NS at dns9.hichina.com ({RealLab.DNS9})"] == (
        "dns10.hichina.com, dns9.hichina.com"
    )
    assert evidence[f"NS at ns2.dnspod.net ({RealLab.NS2})"] == "ns1.dnspod.net, ns2.dnspod.net"
    # the old registrar DNS lacks the token: explained by the mismatch
    assert {f["subject"] for f in findings(report, "DNS_TXT_MISSING")} == {
        f"example.com|{RealLab.DNS9}",
        f"example.com|{RealLab.DNS10}",
    }
    assert {"DNS_TXT_MISSING", "DNS_SERIAL_LAG"} <= set(cause["explains"])


def cname_to_acme_dns(lab: RealLab) -> None:
    serve_everywhere(lab, [f"_acme-challenge 300 IN CNAME {CNAME_TARGET}."], DEFAULT_SERIAL)


def assert_cname_followed(report: Report) -> None:
    (followed,) = findings(report, "DNS_CNAME_FOLLOWED")
    assert followed["params"] == {
        "challenge": "_acme-challenge.example.com",
        "target": CNAME_TARGET,
        "zone": "acme-dns.net.",
    }


def test_cname_delegated_challenge_served_by_acme_dns(clean_lab: RealLab) -> None:
    cname_to_acme_dns(clean_lab)
    clean_lab.set_records("acme-dns", NEW_SERIAL, txt(TOKEN, owner="8f1c2a.auth"))
    code, report = check(expect=(TOKEN,))

    assert (code, report["root_causes"]) == (0, [])
    assert_cname_followed(report)


def test_cname_target_lacks_the_record(clean_lab: RealLab) -> None:
    cname_to_acme_dns(clean_lab)  # acme-dns.net (NSD, 127.0.0.17) has no TXT at the target
    code, report = check(expect=(TOKEN,))

    assert code == 1
    assert_cname_followed(report)
    # the TXT was looked for at the target, in the target zone's server, not at DNSPod
    cause = report["root_causes"][0]
    assert CNAME_TARGET in cause["title"] and "ns.acme-dns.net" in cause["title"]
    # the cause is the delegation (issue 12 item 1); the missing TXT is its symptom
    assert cause["code"] == "DNS_CNAME_DELEGATED"
    (symptom,) = [
        f for c in report["checks"] for f in c["findings"] if f["code"] == "DNS_TXT_NOT_FOUND"
    ]
    labels = [e["label"] for e in symptom["evidence"]]
    assert f"ns.acme-dns.net ({RealLab.ACME_DNS}) TXT" in labels
    assert not [s for s in ("ns1.dnspod.net", "ns2.dnspod.net") if s in json.dumps(cause)]


def test_cname_target_lacks_the_record_is_txt_not_found(clean_lab: RealLab) -> None:
    cname_to_acme_dns(clean_lab)
    code, report = check(expect=(TOKEN,))

    assert_scenario("cname-target-missing", code, report)
    (symptom,) = [
        f for c in report["checks"] for f in c["findings"] if f["code"] == "DNS_TXT_NOT_FOUND"
    ]
    params = symptom["params"]
    assert (params["name"], params["zone"], params["host"]) == (
        CNAME_TARGET,
        "acme-dns.net",
        "8f1c2a.auth",
    )
    assert params["answer"].startswith("ns.acme-dns.net: NXDOMAIN")
    assert_cname_followed(report)


def test_knot_without_the_zone_is_lame(clean_lab: RealLab) -> None:
    clean_lab.set_records("ns1", NEW_SERIAL, txt(TOKEN))
    clean_lab.set_fault("ns2", "lame")  # the zone was never added on ns2
    assert udp_query(RealLab.NS2, "example.com.", "SOA").rcode() == dns.rcode.REFUSED
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("lame", code, report)
    assert codes(report) == ["DNS_SERVER_LAME"]
    assert cause["subject"] == f"example.com|{RealLab.NS2}"
    assert finding_of(report, cause)["params"] == {
        "server": f"ns2.dnspod.net ({RealLab.NS2})",
        "zone": "example.com.",
        "answer": "REFUSED",
    }


@pytest.mark.parametrize("fault", ["drop", "down"])
def test_silent_or_stopped_server_is_timeout(clean_lab: RealLab, fault: Fault) -> None:
    # drop: the address swallows every packet (a firewall); down: Knot stopped, so the kernel
    # answers ICMP port unreachable and TCP RST
    serve_everywhere(clean_lab, txt(TOKEN))
    clean_lab.set_fault("ns2", fault)
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("unreachable", code, report)
    assert codes(report) == ["DNS_SERVER_TIMEOUT"]
    assert cause["subject"] == f"example.com|{RealLab.NS2}"
    params = finding_of(report, cause)["params"]
    assert params["server"] == f"ns2.dnspod.net ({RealLab.NS2})"
    if fault == "drop":
        assert params["udp"].startswith("timeout")
        assert params["tcp"].startswith("timeout")
    else:  # what UDP says then: test_stopped_server_udp_is_connection_refused
        assert params["tcp"].startswith("connection refused")


def test_stopped_server_udp_is_connection_refused(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, txt(TOKEN))
    clean_lab.set_fault("ns2", "down")
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("unreachable", code, report)
    assert finding_of(report, cause)["params"]["udp"].startswith("connection refused")


def test_stale_values_are_read_over_real_tcp(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, txt(TOKEN, *STALE))
    # the answer really does not fit: NSD and Knot both set TC over UDP (EDNS 1232)
    for address in (RealLab.NS1, RealLab.NS2):
        assert udp_query(address, "_acme-challenge.example.com.", "TXT").flags & dns.flags.TC
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("stale-values", code, report)
    assert codes(report) == ["DNS_TXT_EXTRA_VALUES"]
    assert finding_of(report, cause)["params"]["count"] == str(len(STALE))
    assert {f["subject"] for f in findings(report, "DNS_TXT_TRUNCATED")} == {
        f"example.com|{RealLab.NS1}",
        f"example.com|{RealLab.NS2}",
    }
    assert not findings(report, "DNS_TXT_MISSING")  # the token was found in the TCP answers


def test_record_created_with_the_zone_name_in_the_host_field(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, txt(TOKEN, owner="_acme-challenge.example.com"))
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("double-label", code, report)
    assert "_acme-challenge.example.com.example.com" in cause["title"]


def test_wildcard_txt_answers_at_the_challenge_name(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, ['* 600 IN TXT "v=spf1 -all"'], DEFAULT_SERIAL)
    code, report = check(expect=(TOKEN,))

    assert_scenario("wildcard-txt", code, report)
    assert "DNS_WILDCARD_TXT" in codes(report)


def test_unregistered_domain_is_not_delegated(clean_lab: RealLab) -> None:
    code, report = check("example-not-registered.com", expect=(TOKEN,))

    cause = assert_scenario("not-delegated", code, report)
    assert finding_of(report, cause)["params"] == {
        "name": "example-not-registered.com",
        "zone": "com.",
        "rcode": "NXDOMAIN",
    }


# --- the lab's new pieces ---------------------------------------------------------------------


def test_faults_are_undone_by_reset(clean_lab: RealLab) -> None:
    lab = clean_lab
    lab.set_fault("ns1", "lame")  # NSD
    lab.set_fault("dns9", "drop")
    lab.set_fault("acme-dns", "down")
    lab.set_records("ns1", NEW_SERIAL, txt("written while lame"))
    assert udp_query(lab.NS1, "example.com.", "SOA").rcode() == dns.rcode.REFUSED
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(dns.message.make_query("example.com.", "SOA"), lab.DNS9, timeout=0.2)

    lab.reset()
    for address, zone in (
        (lab.NS1, "example.com."),
        (lab.DNS9, "example.com."),
        (lab.ACME_DNS, "acme-dns.net."),
    ):
        answer = udp_query(address, zone, "SOA")
        assert answer.rcode() == dns.rcode.NOERROR and answer.flags & dns.flags.AA
        assert answer.answer[0][0].serial == DEFAULT_SERIAL
    assert udp_query(lab.NS1, "_acme-challenge.example.com.", "TXT").rcode() == (dns.rcode.NXDOMAIN)
    with pytest.raises(ValueError, match="unknown fault"):
        lab.set_fault("ns2", "slow")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown server"):
        lab.set_records("ns3", DEFAULT_SERIAL, [])  # type: ignore[arg-type]


def test_acme_dns_is_delegated_from_net_with_glue(clean_lab: RealLab) -> None:
    referral = udp_query(RealLab.TLD, f"{CNAME_TARGET}.", "TXT")
    assert not referral.flags & dns.flags.AA
    assert [rr.to_text() for rrset in referral.authority for rr in rrset] == ["ns.acme-dns.net."]
    assert [rr.to_text() for rrset in referral.additional for rr in rrset] == [RealLab.ACME_DNS]
    child = udp_query(RealLab.ACME_DNS, "ns.acme-dns.net.", "A")
    assert child.flags & dns.flags.AA
    assert [rr.to_text() for rrset in child.answer for rr in rrset] == [RealLab.ACME_DNS]

"""The CAA check end to end: the CLI against the demo world (loopback only)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import dns.message
import dns.name
import dns.rdatatype
import pytest

from dnsdoctor.lab.internet import NS2, SERIAL, TOKEN, DemoInternet, example_zone
from dnsdoctor.lab.scenarios import Demo, all_scenarios
from dnsdoctor.lab.scenarios_caa import CaaServfailServer, with_caa

CAA_SCENARIOS = ("caa-other-ca", "caa-no-dns01", "caa-wildcard", "caa-servfail")


@contextlib.contextmanager
def running(demo: Demo) -> Iterator[Demo]:
    with demo.world:
        yield demo


def _caa_findings(data: Any) -> list[dict[str, Any]]:
    return [f for c in data["checks"] if c["family"] == "caa" for f in c["findings"]]


@pytest.mark.parametrize("name", CAA_SCENARIOS)
def test_scenario_names_the_caa_cause_first_in_both_languages(
    name: str, cli: Callable[..., Any]
) -> None:
    scenario = all_scenarios()[name]
    with running(scenario.build()) as demo:
        en = cli(*demo.argv, "-f", "json")
        zh = cli(*demo.argv, "-f", "json", "--lang", "zh-CN")
        md = cli(*demo.argv, "-f", "markdown")
    assert en.exit_code == 1, en.stdout[-2000:]
    assert en.json["root_causes"][0]["code"] == scenario.first_code
    assert zh.json["root_causes"][0]["code"] == scenario.first_code
    # the DNS side is healthy: the TXT is served, nothing else is blamed
    codes = {f["code"] for c in en.json["checks"] for f in c["findings"] if f["severity"] != "info"}
    assert codes == {scenario.first_code}
    first_zh = zh.json["root_causes"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in first_zh["title"] + first_zh["remedy"])
    assert scenario.first_code in md.stdout


def test_other_ca_remedy_gives_the_record_to_add(cli: Callable[..., Any]) -> None:
    with running(all_scenarios()["caa-other-ca"].build()) as demo:
        run = cli(*demo.argv, "-f", "json")
    (f,) = _caa_findings(run.json)
    assert f["params"]["owner"] == "example.com" and f["params"]["issuers"] == "digicert.com"
    assert '0 issue "letsencrypt.org"' in f["remedy"]
    assert "记录类型 CAA" in f["remedy"]
    assert any('0 issue "digicert.com"' in e["value"] for e in f["evidence"])


def test_wildcard_order_allows_the_apex_and_blames_only_the_wildcard(
    cli: Callable[..., Any],
) -> None:
    with running(all_scenarios()["caa-wildcard"].build()) as demo:
        run = cli(*demo.argv, "-f", "json")
    found = {(f["code"], f["severity"]) for f in _caa_findings(run.json)}
    assert found == {("CAA_ALLOWS", "info"), ("CAA_WILDCARD_FORBIDDEN", "error")}
    wild = next(f for f in _caa_findings(run.json) if f["code"] == "CAA_WILDCARD_FORBIDDEN")
    assert '0 issuewild "letsencrypt.org"' in wild["remedy"]


def test_healthy_world_has_no_caa_finding(cli: Callable[..., Any]) -> None:
    with running(all_scenarios()["healthy"].build()) as demo:
        run = cli(*demo.argv, "-f", "json")
    assert run.exit_code == 0
    assert _caa_findings(run.json) == []
    assert any(
        c["name"].startswith("caa.issuance") and c["status"] == "pass" for c in run.json["checks"]
    )


def test_the_set_of_a_parent_applies_to_a_subdomain(cli: Callable[..., Any]) -> None:
    demo = with_caa('@ 600 IN CAA 0 issue "pki.goog"')
    with running(demo):
        args = [a for a in demo.argv if a != "example.com"]
        args.insert(1, "shop.example.com")
        le = cli(*args, "--select", "caa", "-f", "json")
        google = cli(*args, "--select", "caa", "--ca", "google", "-f", "json")
    (f,) = _caa_findings(le.json)
    assert f["code"] == "CAA_OTHER_CA" and f["params"]["owner"] == "example.com"
    assert [e["label"] for e in f["evidence"]] == ["CAA shop.example.com", "CAA example.com"]
    assert [g["code"] for g in _caa_findings(google.json)] == ["CAA_ALLOWS"]


def test_a_cname_is_followed_and_the_target_set_counts(cli: Callable[..., Any]) -> None:
    net = DemoInternet()
    text = example_zone(serial=SERIAL + 1, txt=(TOKEN,), extra="cdn 600 IN CNAME cdn.acme-dns.net.")
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", text)
    net.set_zone(
        net.acmedns,
        "acme-dns.net.",
        f"""
@ 3600 IN SOA ns.acme-dns.net. admin.acme-dns.net. {SERIAL} 3600 600 86400 300
@ 86400 IN NS ns.acme-dns.net.
cdn 600 IN CAA 0 issue "digicert.com"
""",
    )
    with running(Demo(net.world, net.check_argv("cdn.example.com"))) as demo:
        run = cli(*demo.argv, "--select", "caa", "-f", "json")
    (f,) = _caa_findings(run.json)
    assert f["code"] == "CAA_OTHER_CA" and f["params"]["owner"] == "cdn.acme-dns.net"
    assert f["evidence"][0]["label"] == "CAA cdn.example.com → cdn.acme-dns.net"


def test_one_failing_server_is_a_warning_not_an_error(cli: Callable[..., Any]) -> None:
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    net.world.components.remove(net.ns2)
    net.ns2 = CaaServfailServer(NS2, net.port, zones=net.ns2.zones)
    net.world.add(net.ns2)
    with running(Demo(net.world, net.check_argv(expect=(TOKEN,)))) as demo:
        run = cli(*demo.argv, "-f", "json")
    (f,) = _caa_findings(run.json)
    assert (f["code"], f["severity"]) == ("CAA_LOOKUP_FAILED", "warning")
    assert (f["params"]["failing"], f["params"]["total"]) == ("1", "2")


def test_a_dead_server_is_the_dns_checks_finding_not_a_caa_one(cli: Callable[..., Any]) -> None:
    with running(all_scenarios()["unreachable"].build()) as demo:
        run = cli(*demo.argv, "-f", "json")
    assert _caa_findings(run.json) == []
    assert run.json["root_causes"][0]["code"] == "DNS_SERVER_TIMEOUT"


@dataclass
class RecordingResolver(CaaServfailServer):
    """Stands for a public resolver: answers (from the zones it holds) and records each type."""

    asked: list[int] = field(default_factory=list)

    def answer(self, qname: dns.name.Name, rdtype: int, response: dns.message.Message) -> None:
        self.asked.append(rdtype)
        super().answer(qname, rdtype, response)


def test_no_public_resolver_is_asked_a_caa_question(cli: Callable[..., Any]) -> None:
    net = DemoInternet()  # no TXT yet: the names may not exist, nothing may be cached
    public = RecordingResolver("127.0.0.23", net.port, zones=net.ns1.zones)
    net.world.add(public)
    with running(Demo(net.world, net.check_argv(expect=(TOKEN,)))) as demo:
        run = cli(*demo.argv, "--resolver", f"127.0.0.23:{net.port}", "-f", "json")
    assert run.json is not None
    assert dns.rdatatype.CAA not in public.asked


def test_unknown_ca_is_a_usage_error(cli: Callable[..., Any]) -> None:
    run = cli("check", "example.com", "--ca", "nosuchca")
    assert run.exit_code == 2
    assert "letsencrypt" in run.stderr

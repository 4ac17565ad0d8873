"""Interception of the DNS path (issue 10): each kind of box on port 53, in the demo world.

In every world the domain is healthy (both DNSPod servers serve the token). A diagnosis that
believed the box would blame the domain, the registrar, a name server or a public resolver; these
tests assert that the interception is named first, with its evidence, and that nothing else is
blamed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import pytest

from dnsdoctor.lab.interception import Interception
from dnsdoctor.lab.internet import TOKEN, DemoInternet
from dnsdoctor.lab.scenarios import Demo, all_scenarios
from dnsdoctor.net.dns import Reply
from dnsdoctor.truth.path import referral_problem

SCENARIOS = {
    "intercept-fake-ip": "PATH_FAKE_IP_HIJACK",
    "intercept-forwarding": "PATH_FORCED_FORWARDING",
    "intercept-nxdomain": "PATH_ANSWERING_MIDDLEBOX",
    "intercept-blocked": "PATH_DNS_BLOCKED",
    "intercept-record-missing": "PATH_DOH_TXT_MISSING",
}

# Findings that would blame the domain, the registrar, a name server or a public resolver.
BLAME = {
    "DNS_NOT_DELEGATED",
    "DNS_NS_NO_ADDRESS",
    "DNS_NS_MISMATCH",
    "DNS_SERVER_TIMEOUT",
    "DNS_SERVER_LAME",
    "DNS_SERVER_MALFORMED",
    "DNS_SERIAL_LAG",
    "DNS_TXT_MISSING",
    "DNS_TXT_NOT_FOUND",
    "DNS_TXT_INCONSISTENT",
    "RESOLVER_HIJACKED",
    "RESOLVER_SPLIT_HORIZON",
    "RESOLVER_NEGATIVE_CACHED",
}


@contextlib.contextmanager
def started(name: str) -> Iterator[Demo]:
    demo = all_scenarios()[name].build()
    with demo.world:
        yield demo


def _codes(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f.get("subject", "")) for c in data["checks"] for f in c["findings"]]


@pytest.mark.parametrize(("name", "code"), sorted(SCENARIOS.items()))
def test_interception_is_the_first_cause_and_nothing_else_is_blamed(
    name: str, code: str, cli: Callable[..., Any]
) -> None:
    with started(name) as demo:
        result = cli(*demo.argv, "-f", "json")
    data = result.json
    assert data["root_causes"][0]["code"] == code, data["root_causes"]
    blamed = [c for c, _ in _codes(data) if c in BLAME]
    assert blamed == []
    # public resolvers are not judged through the box
    public = [s for c, s in _codes(data) if c.startswith("RESOLVER_") and "127.0.0.23" in s]
    assert public == []
    assert [c["name"] for c in data["checks"] if c["status"] == "crash"] == []
    cause = next(f for c in data["checks"] for f in c["findings"] if f["code"] == code)
    assert cause["evidence"], "the interception is shown with its evidence"


def test_forced_forwarding_to_a_working_resolver_is_a_warning(cli: Callable[..., Any]) -> None:
    with started("intercept-forwarding") as demo:
        result = cli(*demo.argv, "-f", "json")
    assert result.exit_code == 0
    assert result.json["verdict"] == "warning"
    skipped = {c["name"]: c["reason"] for c in result.json["checks"] if c["status"] == "skip"}
    assert "forces every DNS packet to a resolver" in skipped["dns.delegation[example.com]"]


def test_the_evidence_names_the_canary_and_the_fake_addresses(cli: Callable[..., Any]) -> None:
    with started("intercept-fake-ip") as demo:
        result = cli(*demo.argv, "-f", "json")
    cause = result.json["root_causes"][0]
    finding = next(
        f for c in result.json["checks"] for f in c["findings"] if f["code"] == cause["code"]
    )
    labels = " ".join(e["label"] for e in finding["evidence"])
    values = " ".join(e["value"] for e in finding["evidence"])
    assert "canary 127.0.0.99" in labels
    assert "198.18." in values


def test_the_middlebox_rcode_is_named(cli: Callable[..., Any]) -> None:
    with started("intercept-nxdomain") as demo:
        result = cli(*demo.argv)
    first = " ".join(line.strip() for line in result.stdout.strip().splitlines()[:2])
    assert first.startswith("✗ Something on the network answers every DNS question"), first
    assert "(NXDOMAIN)" in first


def test_a_clean_network_has_no_path_finding_and_no_extra_packet(
    net: DemoInternet, cli: Callable[..., Any]
) -> None:
    net.set_txt(TOKEN)
    with net.world:
        result = cli(*net.check_argv(expect=(TOKEN,)), "-f", "json")
    assert result.exit_code == 0, result.stdout[-2000:]
    assert not [c for c, _ in _codes(result.json) if c.startswith("PATH_")]
    path = next(c for c in result.json["checks"] if c["name"] == "path.interception")
    assert path["status"] == "pass"


def test_the_root_probe_is_the_walks_first_question(net: DemoInternet) -> None:
    """On a clean network the verdict adds no question to the root: it shares the walk's."""
    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.engine import run as app
    from dnsdoctor.net.dns import DnsClient

    net.set_txt(TOKEN)
    opts = Options(roots=(("127.0.0.11", net.port),), dns_port=net.port, timeout=10)
    counts = {}
    with net.world:
        for select in (("dns",), ("dns", "path")):
            before = net.root.queries
            client = DnsClient(query_timeout=2.0, attempts=1)
            options = Options(**{**opts.__dict__, "select": select})
            app.run("check", options, parse_targets(["example.com"]), Services(dns=client))
            counts[select] = net.root.queries - before
    assert counts[("dns", "path")] == counts[("dns",)]


def test_ntp_names_that_fail_under_interception_blame_the_path(cli: Callable[..., Any]) -> None:
    net = DemoInternet()
    hijack = Interception(net, "nxdomain")
    argv = list(hijack.argv(net))
    argv[argv.index("--ntp") + 1] = f"time.example.com:{net.port}"
    with net.world:
        result = cli("check", "example.com", *argv, "--no-public", "-f", "json")
    reasons = [
        e["value"]
        for c in result.json["checks"]
        if c["name"].startswith("clock")
        for f in c["findings"]
        for e in f["evidence"]
    ] + [
        f["title"]
        for c in result.json["checks"]
        if c["name"].startswith("clock")
        for f in c["findings"]
    ]
    text = " ".join(reasons)
    assert "answers every DNS question itself" in text, text
    assert "123" not in " ".join(
        f["title"] for c in result.json["checks"] for f in c["findings"] if "NTP" in f["code"]
    )


def _reply(flags: int, rcode: int, *, answer: bool = False, ns: bool = True) -> Reply:
    tld = dns.name.from_text("com.")
    msg = dns.message.make_response(dns.message.make_query(tld, "NS"))
    msg.flags = dns.flags.QR | flags
    msg.set_rcode(rcode)
    if answer:
        msg.answer.append(dns.rrset.from_text(tld, 300, "IN", "NS", "a.gtld-servers.net."))
    elif ns:
        msg.authority.append(dns.rrset.from_text(tld, 172800, "IN", "NS", "a.gtld-servers.net."))
    return Reply("198.41.0.4", 53, tld, 2, "udp", message=msg)


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (_reply(0, dns.rcode.NOERROR), ""),
        (_reply(dns.flags.RA, dns.rcode.NOERROR, answer=True), "recursion available"),
        (_reply(0, dns.rcode.NOERROR, answer=True), "an answer section"),
        (_reply(0, dns.rcode.NXDOMAIN, ns=False), "NXDOMAIN for the TLD"),
        (_reply(0, dns.rcode.REFUSED, ns=False), "REFUSED from a root server"),
        (_reply(0, dns.rcode.NOERROR, ns=False), "neither a referral"),
    ],
)
def test_what_a_root_referral_looks_like(reply: Reply, problem: str) -> None:
    found = referral_problem(reply, dns.name.from_text("com."))
    assert found.startswith(problem) if problem else found == "", found


def _finding(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f for c in data["checks"] for f in c["findings"] if f["code"] == code)


def test_doh_shows_the_record_is_fine_next_to_what_port_53_says(cli: Callable[..., Any]) -> None:
    with started("intercept-fake-ip") as demo:
        result = cli(*demo.argv, "-f", "json")
    seen = _finding(result.json, "PATH_DOH_TXT_SEEN")
    assert seen["params"]["seen"].startswith("4/4 (dns.alidns.com")
    rows = {e["label"].split(" (")[0]: e["value"] for e in seen["evidence"]}
    assert TOKEN in rows["DoH dns.alidns.com"]
    port53 = [v for k, v in rows.items() if k.startswith("port 53 to")]
    assert port53 and TOKEN not in port53[0]  # the fake-IP box never answers the TXT


def test_a_missing_record_is_found_through_doh_and_only_one_resolver_is_asked(
    cli: Callable[..., Any],
) -> None:
    scenario = all_scenarios()["intercept-record-missing"]
    demo = scenario.build()
    from dnsdoctor.lab.doh_server import DohServer

    servers = [c for c in demo.world.components if isinstance(c, DohServer)]
    with demo.world:
        result = cli(*demo.argv, "-f", "json")
    assert result.exit_code == 1
    missing = _finding(result.json, "PATH_DOH_TXT_MISSING")
    assert missing["params"]["rcode"] == "NXDOMAIN"
    assert missing["params"]["neg_ttl"] == "300 s"
    # do no harm: a negative answer is planted at one resolver at most
    asked = [s.host for s in servers if s.questions]
    assert asked == ["dns.alidns.com"]
    # the interception is still reported, as a cause of its own
    codes = [c["code"] for c in result.json["root_causes"]]
    assert codes[:2] == ["PATH_DOH_TXT_MISSING", "PATH_FORCED_FORWARDING"]


def test_without_expect_doh_is_not_asked_for_the_challenge(cli: Callable[..., Any]) -> None:
    demo = all_scenarios()["intercept-nxdomain"].build()
    from dnsdoctor.lab.doh_server import DohServer

    servers = [c for c in demo.world.components if isinstance(c, DohServer)]
    argv = list(demo.argv)
    i = argv.index("--expect")
    del argv[i : i + 2]
    with demo.world:
        result = cli(*argv, "-f", "json")
    assert _finding(result.json, "PATH_DOH_NOT_ASKED")
    assert [q for s in servers for q in s.questions] == []


def test_doh_is_not_asked_on_a_clean_network(net: DemoInternet, cli: Callable[..., Any]) -> None:
    from dnsdoctor.lab.doh_server import add_public_doh, doh_argv

    net.set_txt(TOKEN)
    servers = add_public_doh(net)
    argv = [a for a in doh_argv(servers) if a != "--doh"]
    del argv  # --doh given explicitly asks; without it, a clean path needs no DoH
    with net.world:
        result = cli(
            *net.check_argv(expect=(TOKEN,)), "--doh-ca", doh_argv(servers)[-1], "-f", "json"
        )
    doh = next(c for c in result.json["checks"] if c["name"].startswith("path.doh_view"))
    assert doh["status"] == "skip"
    assert [q for s in servers for q in s.questions] == []


def test_every_kind_has_its_finding_and_skip_reasons_name_it() -> None:
    from dnsdoctor.checks.path.checks import SPECS_BY_KIND
    from dnsdoctor.truth.path import CODES, PathVerdict

    assert {k: s.code for k, s in SPECS_BY_KIND.items()} == CODES
    for kind, code in CODES.items():
        assert code in PathVerdict(kind=kind).reason()

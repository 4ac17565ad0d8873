"""The credential probes against the Tencent Cloud emulator, through the SDK's real request path."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import pytest

from dnsdoctor.checks.base import Check
from dnsdoctor.checks.creds.checks import subdomain_for, zone_for
from dnsdoctor.checks.creds.specs import IDENTITY_SPECS, PERMISSION_SPECS, RECORD_SPECS, ZONE_SPECS
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.diagnosis import diagnose, hygiene
from dnsdoctor.core.model import CheckResult, Finding, Report, Severity, Status
from dnsdoctor.core.targets import parse_target
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.lab.scenarios_creds import (
    SCENARIOS,
    CredsWorld,
    build_healthy,
    build_read_only,
    creds_world,
    inputs_from_argv,
    with_env,
)
from dnsdoctor.lab.tencent_api import Fault
from dnsdoctor.lab.world import free_port
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.providers.tencentcloud import api as tencent_api
from dnsdoctor.providers.tencentcloud.api import TencentDnsApi
from dnsdoctor.providers.tencentcloud.client import TencentApi

pytestmark = pytest.mark.usefixtures("loopback_http")


def creds_checks_list() -> list[Check]:
    return [c for c in all_checks() if c.family == "creds"]


class Run:
    def __init__(self, results: list[CheckResult], cw: CredsWorld) -> None:
        self.results = results
        self.by_check = {r.check: r for r in results}
        self.cw = cw
        report = Report("creds", [], results, "", 0.0)
        self.roots = diagnose(report)
        report.root_causes = self.roots
        self.hygiene = hygiene(report)

    def codes(self, check: str) -> list[str]:
        return [f.code for f in self.by_check[check].findings]

    def finding(self, code: str) -> Finding:
        return next(f for r in self.results for f in r.findings if f.code == code)

    @property
    def first(self) -> str | None:
        """The code the report names first: a cause, else something worth fixing."""
        if self.roots:
            return self.roots[0].finding.code
        return self.hygiene[0].code if self.hygiene else None

    def seen(self) -> list[tuple[str, str]]:
        return [(s.action, s.code) for s in self.cw.api.seen]


async def _no_sleep(seconds: float) -> None:
    return None


def run_world(
    cw: CredsWorld,
    *,
    names: list[str] | None = None,
    api: TencentApi | None = None,
    expect: tuple[str, ...] = (),
) -> Run:
    with cw.world:
        argv_names, endpoint, inputs = inputs_from_argv(cw.argv, cw.env)
        assert endpoint is not None
        targets = [parse_target(n) for n in (argv_names if names is None else names)]
        sdk = api or TencentApi(endpoint, timeout=3.0, sleep=_no_sleep)
        services = Services(dns=DnsClient(), apis={"tencentcloud": TencentDnsApi(sdk)})
        options = Options(
            provider_options={"tencent_endpoint": endpoint},
            credentials=inputs,
            timeout=30,
            expect=expect,
        )
        ctx = Context(options, services)
        ctx.targets = targets
        results = asyncio.run(run_checks(ctx, creds_checks_list()))
    return Run(results, cw)


# -- every scenario ---------------------------------------------------------------------------

EXPECTED: dict[str, dict[str, list[str]]] = {
    "creds-zero-width": {
        "creds.lint": ["CREDS_INVISIBLE_CHAR"],
        "creds.identity": ["CREDS_WORKS_CLEANED", "CREDS_AUTHENTICATED"],
        "creds.permissions": ["CREDS_PERMISSIONS_OK"],
    },
    "creds-newline-file": {
        "creds.lint": ["CREDS_INVISIBLE_CHAR"],
        "creds.identity": ["CREDS_WORKS_CLEANED", "CREDS_AUTHENTICATED"],
    },
    "creds-unknown-id": {"creds.identity": ["CREDS_SECRET_ID_NOT_FOUND"]},
    "creds-read-only": {
        "creds.records": ["CREDS_TXT_RECORDS", "CREDS_STALE_TXT"],
        "creds.permissions": ["CREDS_DELETE_DENIED"],
    },
    "creds-other-account": {"creds.zone": ["CREDS_ZONE_NOT_IN_ACCOUNT"]},
    "creds-not-delegated": {"creds.zone": ["CREDS_ZONE_FOUND", "CREDS_NOT_DELEGATED"]},
    "creds-healthy": {
        "creds.sources": ["CREDS_SOURCE_USED"],
        "creds.lint": [],
        "creds.identity": ["CREDS_AUTHENTICATED"],
        "creds.zone": ["CREDS_ZONE_FOUND"],
        "creds.records": ["CREDS_TXT_RECORDS"],
        "creds.permissions": ["CREDS_PERMISSIONS_OK"],
    },
    "creds-clock-skew": {"creds.identity": ["CREDS_SIGNATURE_EXPIRE"]},
    "creds-token-missing": {"creds.identity": ["CREDS_TOKEN_FAILURE"]},
    "creds-root-key": {"creds.identity": ["CREDS_AUTHENTICATED", "CREDS_ROOT_KEY"]},
    "creds-quoted-ini": {
        "creds.lint": ["CREDS_QUOTED", "CREDS_QUOTED"],
        "creds.identity": ["CREDS_WORKS_CLEANED", "CREDS_AUTHENTICATED"],
    },
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(name: str) -> None:
    scenario = SCENARIOS[name]
    run = run_world(scenario.build())
    assert run.first == scenario.first_code
    for check, codes in EXPECTED[name].items():
        assert run.codes(check) == codes, check
    assert all(r.status is not Status.CRASH for r in run.results), [r.reason for r in run.results]
    worst = max((f.level for r in run.results for f in r.findings), default=Severity.INFO)
    assert (worst is Severity.ERROR) == (scenario.exit_code == 1)
    # every text is filled in both languages
    for r in run.results:
        for f in r.findings:
            for lang in ("en", "zh"):
                for text in (f.title(lang), f.meaning(lang), f.remedy(lang)):
                    assert "{" not in text, (f.code, lang, text)


def test_scenarios_cover_the_issue() -> None:
    assert {
        "creds-zero-width",
        "creds-newline-file",
        "creds-unknown-id",
        "creds-read-only",
        "creds-other-account",
        "creds-not-delegated",
        "creds-healthy",
    } <= set(SCENARIOS)
    assert set(EXPECTED) == set(SCENARIOS)


# -- the probes in detail ---------------------------------------------------------------------


def test_probe_order_and_no_change_to_the_zone() -> None:
    cw = build_healthy()
    before = list(cw.api.domains["example.com"].records)
    run = run_world(cw)
    assert run.seen() == [
        ("GetCallerIdentity", "OK"),
        ("DescribeDomain", "OK"),
        ("DescribeDomainList", "OK"),
        ("DescribeRecordList", "OK"),
        ("DeleteRecord", "InvalidParameter.RecordIdInvalid"),
    ]
    assert cw.api.domains["example.com"].records == before


def test_differential_probe_tries_the_cleaned_key_second() -> None:
    run = run_world(SCENARIOS["creds-zero-width"].build())
    assert run.seen()[:2] == [
        ("GetCallerIdentity", "AuthFailure.SignatureFailure"),
        ("GetCallerIdentity", "OK"),
    ]
    finding = run.finding("CREDS_WORKS_CLEANED")
    assert finding.title("en") == (
        "The key works once the trailing ZERO WIDTH SPACE (U+200B) is removed from the SecretKey "
        "($TENCENTCLOUD_SECRET_KEY)"
    )
    assert "ZERO WIDTH SPACE (U+200B)" in finding.title("zh")
    assert [s.code for s in run.roots[0].explains] == ["CREDS_INVISIBLE_CHAR"]


def test_cleaned_key_that_still_fails_reports_the_cleaned_answer() -> None:
    cw = creds_world()
    with_env(cw, cw.secret_id, "Wrong" + cw.secret_key[5:] + "\u200b")
    run = run_world(cw)
    assert run.codes("creds.identity") == ["CREDS_SIGNATURE_FAILURE"]
    labels = [e.label for e in run.finding("CREDS_SIGNATURE_FAILURE").evidence]
    assert "with invisible characters and quotes removed" in labels
    assert {r.finding.code for r in run.roots} == {
        "CREDS_SIGNATURE_FAILURE",
        "CREDS_INVISIBLE_CHAR",
    }


def test_secret_id_that_cannot_be_sent_then_works_cleaned() -> None:
    cw = creds_world()
    with_env(cw, cw.secret_id + "\u200b", cw.secret_key)
    run = run_world(cw)
    assert run.codes("creds.identity") == ["CREDS_WORKS_CLEANED", "CREDS_AUTHENTICATED"]
    assert run.finding("CREDS_WORKS_CLEANED").params["code"] == "dnsdoctor.UnsendableCredential"
    assert run.seen()[0] == ("GetCallerIdentity", "OK")  # the raw one never left the host


def test_read_only_key_names_delete_record_first() -> None:
    run = run_world(build_read_only())
    finding = run.finding("CREDS_DELETE_DENIED")
    assert run.first == "CREDS_DELETE_DENIED"
    for lang in ("en", "zh"):
        assert finding.title(lang).startswith("dnspod:DeleteRecord")
    evidence = {e.label: e.value for e in finding.evidence}
    assert evidence["dnspod:DeleteRecord"] == "denied"
    assert evidence["dnspod:DescribeRecordList"] == "allowed"
    policy = json.loads(evidence["minimal CAM policy"])
    assert "dnspod:DeleteRecord" in policy["statement"][0]["action"]
    assert finding.commands[0].startswith("tccli cam CreatePolicy")
    assert "--AttachUin 100000000011" in finding.commands[1]
    assert [s.code for s in run.roots[0].explains] == ["CREDS_STALE_TXT"]
    assert ("DeleteRecord", "AuthFailure.UnauthorizedOperation") in run.seen()


def test_a_record_holding_an_expected_value_is_never_left_over() -> None:
    # the read-only world's record is three days old; as the token checked it is the current one
    cw = build_read_only()
    value = next(r.value for r in cw.api.domains["example.com"].records if r.type == "TXT")
    assert "CREDS_STALE_TXT" in run_world(build_read_only()).codes("creds.records")
    run = run_world(cw, expect=(value,))
    assert run.codes("creds.records") == ["CREDS_TXT_RECORDS"]


def test_bare_unauthorized_operation_is_a_denial_too() -> None:
    cw = build_read_only()
    cw.api.keys[cw.secret_id].deny_code = "UnauthorizedOperation"
    run = run_world(cw)
    assert run.finding("CREDS_DELETE_DENIED").params["code"] == "UnauthorizedOperation"


def test_domain_scoped_policy_denies_domain_list() -> None:
    cw = creds_world()
    cw.api.keys[cw.secret_id].domains = ("example.com",)
    run = run_world(with_env(cw, cw.secret_id, cw.secret_key))
    assert run.codes("creds.permissions") == ["CREDS_ACTIONS_DENIED"]
    finding = run.finding("CREDS_ACTIONS_DENIED")
    assert finding.params["missing"] == "dnspod:DescribeDomainList"
    assert finding.title("en").startswith("dnspod:DescribeDomainList missing")


def test_describe_domain_denied_falls_back_to_the_domain_list() -> None:
    cw = creds_world(allow=("dnspod:DescribeDomainList", "dnspod:*Record*"))
    run = run_world(with_env(cw, cw.secret_id, cw.secret_key))
    assert run.codes("creds.zone") == ["CREDS_ZONE_FOUND"]
    assert run.codes("creds.permissions") == ["CREDS_ACTIONS_DENIED"]
    assert run.finding("CREDS_ACTIONS_DENIED").params["missing"] == "dnspod:DescribeDomain"


def test_other_account_lists_what_the_account_holds() -> None:
    run = run_world(SCENARIOS["creds-other-account"].build())
    finding = run.finding("CREDS_ZONE_NOT_IN_ACCOUNT")
    assert finding.params["domains"] == "example.net"
    assert finding.params["account"] == "100000000002"
    assert run.by_check["creds.permissions"].status is Status.SKIP


def test_not_delegated_shows_both_ns_lists() -> None:
    run = run_world(SCENARIOS["creds-not-delegated"].build())
    finding = run.finding("CREDS_NOT_DELEGATED")
    assert finding.params["actual_ns"] == "dns9.hichina.com, dns10.hichina.com"
    assert finding.params["dnspod_ns"] == "ns1.dnspod.net, ns2.dnspod.net"
    assert "DNSPod 显示注册商没有" in finding.title("zh")


def test_delegation_mismatch_without_dns_status() -> None:
    cw = build_healthy()
    cw.api.domains["example.com"].actual_ns = ("a.example-dns.net",)
    assert "CREDS_NOT_DELEGATED" in run_world(cw).codes("creds.zone")


def test_paused_zone() -> None:
    cw = build_healthy()
    cw.api.domains["example.com"].status = "PAUSE"
    assert "CREDS_ZONE_PAUSED" in run_world(cw).codes("creds.zone")


def test_clock_skew_names_the_offset_and_the_clock_command() -> None:
    run = run_world(SCENARIOS["creds-clock-skew"].build())
    finding = run.finding("CREDS_SIGNATURE_EXPIRE")
    skew = str(finding.params["skew"])
    assert "7 min" in skew and "ahead of" in skew
    assert "7 分" in finding.title("zh") and "（本机偏快）" in finding.title("zh")
    assert "skew_zh" not in finding.params
    # Tencent's window by name: a bare `clock` judges by the strictest registered provider's,
    # or by whichever provider's credentials this machine holds
    assert finding.commands == ("dnsdoctor clock --provider tencentcloud",)
    for lang in ("en", "zh"):
        assert "`dnsdoctor clock --provider tencentcloud`" in finding.remedy(lang)
    assert run.by_check["creds.zone"].status is Status.SKIP


def test_fresh_and_disabled_records() -> None:
    cw = build_healthy()
    cw.api.add_record("example.com", "_acme-challenge", "TXT", "fresh-token")
    old = cw.api.add_record("example.com", "_acme-challenge", "TXT", "old-token", age=7200)
    old.status = "DISABLE"
    run = run_world(cw)
    assert run.codes("creds.records") == [
        "CREDS_TXT_RECORDS",
        "CREDS_STALE_TXT",
        "CREDS_TXT_DISABLED",
    ]
    assert run.finding("CREDS_STALE_TXT").params["count"] == 1
    assert run.finding("CREDS_TXT_RECORDS").params["count"] == 2


def test_names_in_two_zones_and_a_subdomain() -> None:
    cw = build_healthy()
    cw.api.add_domain("example.org", "100000000001")
    run = run_world(cw, names=["www.example.com", "example.org"])
    assert run.codes("creds.zone") == ["CREDS_ZONE_FOUND", "CREDS_ZONE_FOUND"]
    listed = [
        p for a, p in ((s.action, s.params) for s in cw.api.seen) if a == "DescribeRecordList"
    ]
    assert sorted((p["Domain"], p["Subdomain"], p["ErrorOnEmpty"]) for p in listed) == [
        ("example.com", "_acme-challenge.www", "no"),
        ("example.org", "_acme-challenge", "no"),
    ]


def test_without_a_domain_only_identity_runs() -> None:
    run = run_world(build_healthy(), names=[])
    assert run.codes("creds.identity") == ["CREDS_AUTHENTICATED"]
    for check in ("creds.zone", "creds.records", "creds.permissions"):
        assert run.by_check[check].status is Status.SKIP
        assert run.by_check[check].reason == "no domain given"


# -- API failures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault("rate_limit", times=-1), "CREDS_RATE_LIMITED"),
        (Fault("http_error", times=-1, status=502), "CREDS_API_SERVER_ERROR"),
        (Fault("non_json", times=-1), "CREDS_API_BAD_RESPONSE"),
        (Fault("silence", times=-1), "CREDS_API_UNREACHABLE"),
    ],
)
def test_api_failures_become_findings(fault: Fault, code: str) -> None:
    cw = build_healthy()
    cw.api.inject(fault)
    api = TencentApi(cw.api.url, timeout=0.5, sleep=_no_sleep)
    run = run_world(cw, api=api)
    assert run.codes("creds.identity") == [code]
    for check in ("creds.zone", "creds.records", "creds.permissions"):
        assert run.by_check[check].status is Status.SKIP


def test_failure_after_authentication_is_reported_once() -> None:
    cw = build_healthy()
    cw.api.inject(Fault("http_error", action="DescribeDomain", times=-1, status=503))
    run = run_world(cw)
    assert run.codes("creds.zone") == ["CREDS_API_SERVER_ERROR"]
    assert run.finding("CREDS_API_SERVER_ERROR").params["attempts"] == 3
    assert run.by_check["creds.records"].status is Status.SKIP
    assert run.by_check["creds.permissions"].status is Status.SKIP


def test_unreachable_endpoint() -> None:
    cw = build_healthy()
    dead = f"http://127.0.0.51:{free_port(['127.0.0.51'], (socket.SOCK_STREAM,))}"
    run = run_world(cw, api=TencentApi(dead, timeout=1.0))
    finding = run.finding("CREDS_API_UNREACHABLE")
    assert finding.params["endpoint"] == dead


def test_bad_endpoint_option_is_a_skip_not_a_crash(tmp_path: Any) -> None:
    cw = build_healthy()
    with cw.world:
        _, _, inputs = inputs_from_argv(cw.argv, cw.env)
        ctx = Context(
            Options(
                provider_options={"tencent_endpoint": "ftp://nowhere"},
                credentials=inputs,
                timeout=5,
            ),
            Services(dns=DnsClient()),
        )
        results = asyncio.run(run_checks(ctx, creds_checks_list()))
    by = {r.check: r for r in results}
    assert by["creds.identity"].status is Status.SKIP
    assert "endpoint" in by["creds.identity"].reason


# -- helpers and specs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "zone", "sub"),
    [
        ("example.com", "example.com", "_acme-challenge"),
        ("www.example.com", "example.com", "_acme-challenge.www"),
        ("*.a.b.example.com", "example.com", "_acme-challenge.a.b"),
        ("shop.example.com.cn", "example.com.cn", "_acme-challenge.shop"),
        ("_acme-challenge.example.org", "example.org", "_acme-challenge"),
    ],
)
def test_zone_and_subdomain(name: str, zone: str, sub: str) -> None:
    target = parse_target(name)
    assert zone_for(target) == zone
    assert subdomain_for(target, zone) == sub


def test_specs_are_bilingual_and_registered() -> None:
    registered = {s.code: s for c in creds_checks_list() for s in c.specs}
    for spec in IDENTITY_SPECS + ZONE_SPECS + RECORD_SPECS + PERMISSION_SPECS:
        assert registered[spec.code] is spec
        for text in (spec.title, spec.meaning, spec.remedy):
            assert text["en"] and text["zh"]
    assert all(c.scope.value == "run" for c in creds_checks_list())
    assert all({"check", "creds", "preflight"} <= set(c.commands) for c in creds_checks_list())
    assert tencent_api.PROBE_RECORD_ID == 1

"""The clock demo scenarios end to end: each names the finding it must lead with, and none of them
can reach anything outside loopback (no default NTP server, no public Tencent Cloud endpoint)."""

from __future__ import annotations

import asyncio
import ipaddress
import urllib.parse

import pytest
from typer.testing import CliRunner

import dnsdoctor.checks.clock.checks as clock
from dnsdoctor.checks.clock.checks import parse_ntp_server, plan_sources
from dnsdoctor.checks.clock.platform import Probe
from dnsdoctor.cli import app, exit_code
from dnsdoctor.core.context import Options
from dnsdoctor.engine.run import run_async
from dnsdoctor.lab.scenarios import Scenario, all_scenarios
from dnsdoctor.lab.scenarios_clock import SCENARIOS

NAMES = [s.name for s in SCENARIOS]


@pytest.fixture(autouse=True)
def plain_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    # a plain Linux with no time daemon, whatever machine runs the tests
    monkeypatch.setattr(
        clock,
        "PROBE",
        Probe(
            system="Linux",
            read_file=lambda p: None,
            exists=lambda p: False,
            run=lambda a: None,
            which=lambda n: None,
            environ={},
        ),
    )


def options_from(argv: list[str], query_timeout: float = 0.5) -> Options:
    """The clock options a scenario's argv sets (every argument must be understood here)."""
    assert argv[0] == "clock"
    ntp: list[tuple[str, int]] = []
    urls: list[str] = []
    endpoint = None
    args = iter(argv[1:])
    for arg in args:
        if arg == "--ntp":
            ntp.append(parse_ntp_server(next(args)))
        elif arg == "--time-url":
            urls.append(next(args))
        elif arg == "--tencent-endpoint":
            endpoint = next(args)
        else:
            raise AssertionError(f"unexpected argument {arg}")
    return Options(
        ntp_servers=tuple(ntp),
        time_urls=tuple(urls),
        tencent_endpoint=endpoint,
        query_timeout=query_timeout,
    )


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def test_scenarios_are_registered() -> None:
    registered = all_scenarios()
    for scenario in SCENARIOS:
        assert registered[scenario.name] is scenario
        assert scenario.summary["en"] and scenario.summary["zh"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=NAMES)
def test_scenario_sources_are_all_on_loopback(scenario: Scenario) -> None:
    demo = scenario.build()  # not started: nothing listens, nothing is asked
    plan = plan_sources(options_from(demo.argv))
    assert plan.ntp and plan.urls
    assert all(is_loopback(host) for host, _ in plan.ntp), plan.ntp
    assert all(is_loopback(urllib.parse.urlsplit(u).hostname or "") for u in plan.urls), plan.urls


def test_the_guard_would_notice_a_default_source() -> None:
    plan = plan_sources(Options())
    assert not any(is_loopback(host) for host, _ in plan.ntp)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=NAMES)
def test_scenario_leads_with_its_finding(scenario: Scenario) -> None:
    demo = scenario.build()
    with demo.world:
        report = asyncio.run(run_async("clock", options_from(demo.argv), []))
    assert {r.check for r in report.results} == {"clock.offset", "clock.sources"}
    first = report.root_causes[0].finding.code if report.root_causes else None
    assert first == scenario.first_code
    assert exit_code(report, strict=False) == scenario.exit_code
    if scenario.name == "clock-timezone":
        explained = [f.code for f in report.root_causes[0].explains]
        assert explained == ["CLOCK_SKEW_SIGNATURE_EXPIRE"]


def test_demo_says_first_that_the_clock_causes_signature_expire() -> None:
    result = CliRunner().invoke(
        app, ["demo", "clock-ahead", "--lang", "en"], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert "Your clock is 6 min 52 s ahead: Tencent Cloud will reject requests with " in lines[0]
    assert "AuthFailure.SignatureExpire" in lines[0]
    assert "install chrony" in lines[1]  # and how to fix it, right below

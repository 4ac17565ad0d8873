"""The clock checks against a real NTP server: chronyd under libfaketime on 127.0.0.31:123, its
clock shifted by the lab's ``ntp_offset`` (+600 s unless changed; see lab.py and LAB.md §5)."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from dnsdoctor.checks.clock import checks as clock
from dnsdoctor.checks.clock.platform import Probe
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.model import CheckResult, Status
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.net.http import HttpClient
from dnsdoctor.net.ntp import NtpClient

from .lab import RealLab


@pytest.fixture(autouse=True)
def hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    # remedies for a plain Linux: the test must not depend on this machine's time daemon
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


def check_clock(lab: RealLab) -> dict[str, CheckResult]:
    options = Options(ntp_servers=((lab.NTP, 123),), query_timeout=2.0, timeout=10.0)
    services = Services(dns=cast(DnsClient, object()), ntp=NtpClient(), http=HttpClient())
    ctx = Context(options=options, services=services)
    checks = [c for c in all_checks() if c.family == "clock"]
    return {r.check: r for r in asyncio.run(run_checks(ctx, checks))}


def test_chronyd_600_s_ahead_is_signature_expire(clean_lab: RealLab) -> None:
    sample = asyncio.run(NtpClient().query(clean_lab.NTP, 123, timeout=2.0))
    assert sample.offset == pytest.approx(600.0, abs=1.0)
    assert (sample.stratum, sample.leap) == (8, 0)
    assert sample.synchronised

    results = check_clock(clean_lab)
    offset = results["clock.offset"]
    assert offset.status is Status.FAIL
    assert [f.code for f in offset.findings] == ["CLOCK_SKEW_SIGNATURE_EXPIRE"]
    finding = offset.findings[0]
    assert finding.params["offset"] == pytest.approx(600.0, abs=1.0)
    assert finding.params["source"] == "ntp"
    assert finding.title() == (
        "Your clock is 10 min behind: Tencent Cloud will reject requests with "
        "AuthFailure.SignatureExpire"
    )
    line = next(e.value for e in finding.evidence if e.label == "NTP 127.0.0.31")
    assert "stratum 8, leap 0" in line
    assert results["clock.sources"].status is Status.PASS


def test_chronyd_in_the_wrong_time_zone(clean_lab: RealLab) -> None:
    clean_lab.set_ntp_offset(-28800)  # the server 8 h behind: our clock looks 8 h ahead
    results = check_clock(clean_lab)
    codes = [f.code for f in results["clock.offset"].findings]
    assert codes == ["CLOCK_SKEW_SIGNATURE_EXPIRE", "CLOCK_TIMEZONE_MISTAKE"]
    assert results["clock.offset"].findings[0].params["offset"] == pytest.approx(-28800, abs=1.0)


def test_chronyd_slightly_off_is_drift(clean_lab: RealLab) -> None:
    clean_lab.set_ntp_offset(-45)
    results = check_clock(clean_lab)
    findings = results["clock.offset"].findings
    assert [f.code for f in findings] == ["CLOCK_DRIFT"]
    assert findings[0].title().startswith("Your clock is 45 s ahead")

"""The CAA check against real servers: CAA records served by NSD (ns1) and Knot (ns2), which
encode and answer type 257 themselves (tests/real/lab.py)."""

from __future__ import annotations

import pytest

from dnsdoctor.lab.internet import TOKEN, TOKEN_WILDCARD

from .lab import RealLab
from .test_dns_real import assert_scenario, check, findings, serve_everywhere, txt


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")


def test_caa_naming_another_ca(clean_lab: RealLab) -> None:
    serve_everywhere(clean_lab, [*txt(TOKEN), '@ 600 IN CAA 0 issue "digicert.com"'])
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("caa-other-ca", code, report)
    assert '0 issue "letsencrypt.org"' in cause["remedy"]
    (finding,) = findings(report, "CAA_OTHER_CA")
    assert finding["evidence"][0]["value"] == '0 issue "digicert.com"'


def test_caa_without_dns01(clean_lab: RealLab) -> None:
    record = '@ 600 IN CAA 0 issue "letsencrypt.org; validationmethods=http-01"'
    serve_everywhere(clean_lab, [*txt(TOKEN), record])
    code, report = check(expect=(TOKEN,))

    cause = assert_scenario("caa-no-dns01", code, report)
    assert "validationmethods=http-01,dns-01" in cause["remedy"]


def test_issuewild_forbids_the_wildcard_only(clean_lab: RealLab) -> None:
    records = ['@ 600 IN CAA 0 issue "letsencrypt.org"', '@ 600 IN CAA 0 issuewild ";"']
    serve_everywhere(clean_lab, [*txt(TOKEN, TOKEN_WILDCARD), *records])
    code, report = check("example.com", "*.example.com", expect=(TOKEN, TOKEN_WILDCARD))

    assert_scenario("caa-wildcard", code, report)
    assert [f["code"] for f in findings(report, "CAA_ALLOWS")] == ["CAA_ALLOWS"]


def test_caa_naming_the_ca_is_healthy(clean_lab: RealLab) -> None:
    records = ['@ 600 IN CAA 0 issue "letsencrypt.org"', '@ 600 IN CAA 0 iodef "mailto:a@b.c"']
    serve_everywhere(clean_lab, [*txt(TOKEN), *records])
    code, report = check(expect=(TOKEN,))

    assert code == 0 and report["root_causes"] == [], report["root_causes"]
    (allows,) = findings(report, "CAA_ALLOWS")
    assert allows["severity"] == "info"

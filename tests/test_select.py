"""--select and --ignore choose checks by name, family or finding code."""

from __future__ import annotations

from typing import Any

import pytest

from dnsdoctor.lab.internet import SERIAL, TOKEN


def _checks(report: dict[str, Any]) -> set[str]:
    return {c["name"].split("[")[0] for c in report["checks"]}


@pytest.fixture
def lagging(net: Any) -> Any:
    net.set_txt(TOKEN, serial=SERIAL + 1, servers=(net.ns1,))
    return net


def _run(cli: Any, net: Any, *extra: str) -> tuple[int, dict[str, Any]]:
    code, _out, report, _err = cli(*net.check_argv(expect=(TOKEN,)), "-f", "json", *extra)
    assert report is not None
    return code, report


def test_select_a_family(cli: Any, lagging: Any) -> None:
    code, report = _run(cli, lagging, "--select", "dns")
    assert _checks(report) == {
        "dns.delegation", "dns.cname_target", "dns.ns_consistency", "dns.servers", "dns.serials", "dns.txt",
        "dns.name_mistakes",
    }  # fmt: skip
    assert code == 1 and report["root_causes"][0]["code"] == "DNS_SERIAL_LAG"


def test_select_a_check_and_a_finding_code(cli: Any, lagging: Any) -> None:
    code, report = _run(cli, lagging, "--select", "dns.delegation", "--select", "DNS_SERIAL_LAG")
    assert _checks(report) == {"dns.delegation", "dns.serials"}
    assert [rc["code"] for rc in report["root_causes"]] == ["DNS_SERIAL_LAG"]
    assert code == 0  # the lag is a warning; the missing TXT it explains was not checked


def test_ignore_takes_a_cause_out_and_its_symptom_becomes_first(cli: Any, lagging: Any) -> None:
    code, report = _run(cli, lagging, "--ignore", "DNS_SERIAL_LAG", "--ignore", "clock")
    names = _checks(report)
    assert "dns.serials" not in names and not {n for n in names if n.startswith("clock.")}
    assert "dns.txt" in names
    assert code == 1 and report["root_causes"][0]["code"] == "DNS_TXT_MISSING"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_selector_that_names_nothing_is_a_usage_error(
    cli: Any, lagging: Any, option: str
) -> None:
    # A typo must not turn a pre-flight gate into a run of nothing that passes.
    code, _out, report, err = cli(*lagging.check_argv(expect=(TOKEN,)), option, "DNS_SERIAL_LGA")
    assert code == 2 and report is None
    assert "DNS_SERIAL_LGA" in err and "list-checks" in err

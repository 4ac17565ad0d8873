"""The resolver scenarios end to end: the CLI against the demo world, as `dnsdoctor demo` runs them.

Each scenario names its resolvers on the command line, so the report never depends on this
machine's resolv.conf or on the internet (the session's socket guard would refuse both anyway).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dnsdoctor.lab.scenarios import Demo, all_scenarios

RESOLVER_SCENARIOS = (
    "resolver-fake-ip",
    "resolver-negative-cache",
    "resolver-stale-cache",
    "resolver-split-horizon",
    "resolver-hijack",
)


@contextlib.contextmanager
def started(name: str) -> Iterator[tuple[Demo, Any]]:
    scenario = all_scenarios()[name]
    demo = scenario.build()
    with demo.world:
        yield demo, scenario


def _check_args(argv: list[str]) -> None:
    """Every scenario pins its resolvers: no system default, no public default."""
    assert "--system-resolver" in argv
    assert "--resolver" in argv or "--no-public" in argv


@pytest.mark.parametrize("name", RESOLVER_SCENARIOS)
def test_scenario_json_root_cause_and_exit_code(name: str, cli: Callable[..., Any]) -> None:
    with started(name) as (demo, scenario):
        _check_args(demo.argv)
        result = cli(*demo.argv, "-f", "json")
    assert result.exit_code == scenario.exit_code, result.stdout[-2000:]
    data = result.json
    assert data["root_causes"], data["checks"]
    assert data["root_causes"][0]["code"] == scenario.first_code
    crashed = [c["name"] for c in data["checks"] if c["status"] == "crash"]
    assert crashed == []
    assert data["environment"]["system_resolvers"] != "default"


def test_reported_case_first_line_names_the_fake_ip_system_resolver(
    cli: Callable[..., Any],
) -> None:
    with started("resolver-fake-ip") as (demo, _):
        resolver = demo.argv[demo.argv.index("--system-resolver") + 1]
        en = cli(*demo.argv, "--lang", "en")
        zh = cli(*demo.argv, "--lang", "zh-CN", "-f", "json")
    first = en.stdout.splitlines()[0]
    assert first.startswith("✗ The system resolver ")
    assert resolver.split(":")[0] in first and "fake-IP DNS" in first
    # the next lines say what to change, for the clients that matter
    head = " ".join(en.stdout.splitlines()[:12])
    assert "--dns.disable-cp" in head and "fake-ip-filter" in head
    root = zh.json["root_causes"][0]
    assert root["title"].startswith("系统 DNS 解析器 ") and "fake-IP" in root["title"]
    assert resolver.split(":")[0] in root["title"]
    assert "RESOLVER_LEGO_QUERIES_FAIL" in root["explains"]
    assert "RESOLVER_UNREACHABLE" in root["explains"]


def _finding(data: dict[str, Any], code: str) -> dict[str, Any]:
    found = [f for c in data["checks"] for f in c["findings"] if f["code"] == code]
    assert len(found) == 1, [f["code"] for c in data["checks"] for f in c["findings"]]
    return found[0]


def test_negative_cache_scenario_tells_the_seconds_left(cli: Callable[..., Any]) -> None:
    with started("resolver-negative-cache") as (demo, _):
        result = cli(*demo.argv, "-f", "json")
    finding = _finding(result.json, "RESOLVER_NEGATIVE_CACHED")
    left = int(finding["params"]["left"])
    assert 1700 < left <= 1800
    assert finding["params"]["neg_ttl"] == "1800"
    assert finding["severity"] == "warning"
    assert _finding(result.json, "RESOLVER_NEGATIVE_TTL_LONG")["params"]["minimum"] == "1800"


def test_stale_cache_scenario_tells_the_remaining_ttl(cli: Callable[..., Any]) -> None:
    with started("resolver-stale-cache") as (demo, _):
        result = cli(*demo.argv, "-f", "json")
    finding = _finding(result.json, "RESOLVER_STALE_VALUE")
    assert 500 < int(finding["params"]["left"]) <= 600
    assert "old-token" in finding["params"]["values"]
    verdict = next(e["value"] for e in finding["evidence"] if e["label"] == "control verdict")
    assert "same zone, cached" in verdict


def test_split_horizon_is_not_mistaken_for_a_cache(cli: Callable[..., Any]) -> None:
    with started("resolver-split-horizon") as (demo, _):
        result = cli(*demo.argv, "-f", "json")
    codes = [f["code"] for c in result.json["checks"] for f in c["findings"]]
    assert "RESOLVER_NEGATIVE_CACHED" not in codes
    finding = _finding(result.json, "RESOLVER_SPLIT_HORIZON")
    assert "serial 42" in finding["title"]


@pytest.mark.parametrize(
    ("name", "code", "zh_words"),
    [
        ("resolver-split-horizon", "RESOLVER_SPLIT_HORIZON", "新应答带有 SOA 序列号 42"),
        ("resolver-hijack", "RESOLVER_HIJACKED", "实际为"),
    ],
)
def test_what_a_resolver_sees_is_worded_in_chinese_too(
    cli: Callable[..., Any], name: str, code: str, zh_words: str
) -> None:
    with started(name) as (demo, _):
        result = cli(*demo.argv, "--lang", "zh-CN", "-f", "json")
    titles = [f["title"] for c in result.json["checks"] for f in c["findings"] if f["code"] == code]
    assert any(zh_words in t for t in titles), titles
    for english in ("really", "fresh answer", "random name", "authoritative servers"):
        assert not [t for t in titles if english in t], titles


def test_demo_command_runs_the_reported_case(cli: Callable[..., Any]) -> None:
    result = cli("demo", "resolver-fake-ip")
    assert result.exit_code == 1
    assert "fake-IP DNS" in result.stdout.splitlines()[0]
    assert "Traceback" not in result.stderr

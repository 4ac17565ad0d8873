"""``dnsdoctor preflight`` and ``dnsdoctor cleanup`` in the demo world.

The world: the demo internet plus the Tencent Cloud API emulator, whose changes reach ns1 and ns2
each after its own delay (:mod:`dnsdoctor.lab.scenarios_preflight`). The zone is seeded with
records that are not dnsdoctor's and must survive everything: a TXT at ``_acme-challenge``, one
named ``_dnsdoctor-probe-x`` without the marker, one named like a probe carrying another token's
marker, and a marker under another name.

"The zone is as before" is checked twice: the emulator's records (ids, names, values, TTLs) at
once, and the records ns1 and ns2 serve (everything but the SOA) once the slower server caught up.

The CLI runs on a local Typer app wired the way ``dnsdoctor.cli`` wires it. Interruptions are
injected through the engine's hooks at every step (before create, after create, during the watch,
during the delete, during the confirmation) as KeyboardInterrupt, a cancellation of the running
task, and an unexpected exception; SIGTERM/SIGINT are sent for real, in this process and to a
``preflight`` in a subprocess; ``kill -9`` of a subprocess leaves a record that the journal lets
``cleanup`` find.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import dns.name
import dns.rdatatype
import pytest
import typer
from typer.testing import CliRunner

from dnsdoctor.cli import UsageError
from dnsdoctor.cli import preflight as cli_preflight
from dnsdoctor.cli.preflight import cleanup_command, preflight_command
from dnsdoctor.core.context import Options, Services
from dnsdoctor.core.model import Report, Severity
from dnsdoctor.core.targets import parse_targets
from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.engine.run import run as run_checks
from dnsdoctor.lab.dns_server import AuthServer
from dnsdoctor.lab.internet import ROOT
from dnsdoctor.lab.resolver import FakeIpResolver
from dnsdoctor.lab.scenarios_preflight import PreflightWorld, preflight_world
from dnsdoctor.lab.scenarios_resolvers import FAKE_IP, PUBLIC, SYSTEM
from dnsdoctor.lab.tencent_api import PROBE_SAFE_FIRST_RECORD_ID, Fault
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.preflight.cleanup import (
    INDEX_GRACE,
    RECENT_FOR,
    Journal,
    JournalEntry,
    default_journal_path,
    probe_token,
    probe_value,
    survey,
)
from dnsdoctor.preflight.engine import Interrupted, Preflight
from dnsdoctor.preflight.probe import STEPS, ProbeSafeDns
from dnsdoctor.preflight.settings import recommend, settings_findings
from dnsdoctor.providers.base import ApiKey, DnsApi
from dnsdoctor.providers.tencentcloud.api import TencentDnsApi
from dnsdoctor.providers.tencentcloud.client import ApiCredential, TencentApi, TencentApiError
from dnsdoctor.truth.watch import Schedule

ROOT_DIR = Path(__file__).resolve().parents[1]
ZONE = "example.com"
FAST = Schedule(start=0.05, factor=1.5, cap=0.2, jitter=0.1)
DELAYS = (0.05, 0.3)
LEFTOVER_TOKEN = "0123abcd"
SEEDS: tuple[tuple[str, str], ...] = (
    ("_acme-challenge", "old-token-left-by-an-earlier-order-xxxxxxxxxx"),
    ("_dnsdoctor-probe-x", "no marker here"),
    ("_dnsdoctor-probe-0123abcd", "dnsdoctor-probe:ffffeeee:1700000000"),
    ("marker-elsewhere", "dnsdoctor-probe:0123abcd:1700000000"),
    ("txt-seed", "v=spf1 -all"),
)
LEFTOVER = ("_dnsdoctor-probe-0123abcd", "dnsdoctor-probe:0123abcd:1700000000")
"""A record dnsdoctor made and never deleted: name and marker agree."""
PROBE_ID = PROBE_SAFE_FIRST_RECORD_ID + len(SEEDS)
"""The RecordId the emulator gives the first record created after the seeds."""
PROBE_RID = str(PROBE_ID)
"""The same as dnsdoctor holds it: record ids are strings, whatever the provider."""
PROBE_NAME = re.compile(r"_dnsdoctor-probe-[0-9a-f]{12}")

Snapshot = tuple[frozenset[Any], frozenset[Any], frozenset[Any]]


# -- the world ---------------------------------------------------------------------------------


async def _cancel_pending() -> None:
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
def make_world() -> Iterator[Callable[..., PreflightWorld]]:
    """``make_world(delays=..., seed=..., setup=fn)`` → a started world (stopped afterwards)."""
    worlds: list[PreflightWorld] = []

    def make(
        *, setup: Callable[[PreflightWorld], None] | None = None, **kwargs: Any
    ) -> PreflightWorld:
        kwargs.setdefault("delays", DELAYS)
        kwargs.setdefault("seed", SEEDS)
        pw = preflight_world(**kwargs)
        if setup is not None:
            setup(pw)
        pw.net.world.start()
        worlds.append(pw)
        return pw

    yield make
    for pw in worlds:
        pw.net.world.call(_cancel_pending(), timeout=5.0)
        pw.net.world.stop()


def emulator_records(pw: PreflightWorld) -> frozenset[Any]:
    def read() -> frozenset[Any]:
        return frozenset(
            (r.record_id, r.name, r.type, r.value, r.ttl) for r in pw.api.domains[ZONE].records
        )

    return pw.net.world.run_sync(read)


def served(server: AuthServer) -> frozenset[Any]:
    zone = server.zones[dns.name.from_text("example.com.")]
    return frozenset(
        (name.to_text(), rdata.rdtype, rdata.to_text())
        for name, _ttl, rdata in zone.iterate_rdatas()
        if rdata.rdtype != dns.rdatatype.SOA
    )


def snapshot(pw: PreflightWorld) -> Snapshot:
    zones = pw.net.world.run_sync(lambda: (served(pw.net.ns1), served(pw.net.ns2)))
    return emulator_records(pw), zones[0], zones[1]


def settled(pw: PreflightWorld, want: Snapshot, timeout: float = 10.0) -> Snapshot:
    """The snapshot once it equals ``want`` (the lagging server caught up), or the last one."""
    end = time.monotonic() + timeout
    while True:
        now = snapshot(pw)
        if now == want or time.monotonic() > end:
            return now
        time.sleep(0.05)


def probe_records(pw: PreflightWorld) -> list[Any]:
    return [
        r
        for r in pw.net.world.run_sync(lambda: list(pw.api.domains[ZONE].records))
        if probe_token(r.name, r.type, r.value)
    ]


def calls(pw: PreflightWorld, action: str, code: str | None = "OK") -> list[dict[str, Any]]:
    return [
        dict(s.params)
        for s in list(pw.api.seen)
        if s.action == action and (code is None or s.code == code)
    ]


def journal_of(pw: PreflightWorld) -> Journal:
    return Journal(default_journal_path(pw.env))


# -- running it --------------------------------------------------------------------------------


def options(pw: PreflightWorld, **overrides: Any) -> Options:
    port = pw.net.port
    inputs = CredentialInputs(
        env={"TENCENTCLOUD_SECRET_ID": pw.secret_id, "TENCENTCLOUD_SECRET_KEY": pw.secret_key},
        home=pw.home.path,
        provider="tencentcloud",
    )
    base: dict[str, Any] = {
        "roots": ((ROOT, port),),
        "dns_port": port,
        "timeout": 10.0,
        "query_timeout": 0.5,
        "no_clock": True,
        "system_resolvers": ((SYSTEM, port),),
        "resolvers": ((PUBLIC, port),),
        "provider_options": {"tencent_endpoint": pw.api.url},
        "credentials": inputs,
        "select": ("dns.delegation",),
    }
    base.update(overrides)
    return Options(**base)


def engine(
    pw: PreflightWorld,
    hooks: Callable[[str], Awaitable[None]] | None = None,
    *,
    journal: Journal | None = None,
    opts: Options | None = None,
    **kwargs: Any,
) -> Preflight:
    kwargs.setdefault("probe_timeout", 10.0)
    kwargs.setdefault("handle_signals", False)
    return Preflight(
        opts or options(pw),
        parse_targets([ZONE]),
        journal=journal or journal_of(pw),
        hooks=hooks,
        schedule=FAST,
        resolver_budget=2.0,
        **kwargs,
    )


def findings(report: Report, family: str | None = None) -> dict[str, Any]:
    return {f.code: f for f in report.findings if family is None or f.family == family}


cli_app = typer.Typer()


@cli_app.callback()
def _group() -> None:
    """Makes the commands sub-commands, as in dnsdoctor.cli."""


cli_app.command("preflight")(preflight_command)
cli_app.command("cleanup")(cleanup_command)


def run_cli(
    pw: PreflightWorld, *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr; a UsageError is exit code 2, as dnsdoctor.cli.main does."""
    environ = {**pw.env, "DNSDOCTOR_LOOPBACK_ONLY": "1", **(env or {})}
    result = CliRunner().invoke(cli_app, list(args), env=environ, input=input)
    if isinstance(result.exception, UsageError):
        return 2, str(result.exception), ""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.stdout, result.stderr


def preflight_json(pw: PreflightWorld, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "-f", "json", *extra)
    assert out.strip(), err
    return code, json.loads(out), err


def json_findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for c in report["checks"] for f in c["findings"]}


# == recognising our records ===================================================================


@pytest.mark.parametrize(
    ("name", "rtype", "value", "token"),
    [
        ("_dnsdoctor-probe-0123abcd", "TXT", "dnsdoctor-probe:0123abcd:1700000000", "0123abcd"),
        ("_dnsdoctor-probe-0123abcd.www", "TXT", '"dnsdoctor-probe:0123abcd:17"', "0123abcd"),
        ("_dnsdoctor-probe-0123ABCD", "TXT", "dnsdoctor-probe:0123abcd:1700000000", "0123abcd"),
        ("_dnsdoctor-probe-x", "TXT", "dnsdoctor-probe:0123abcd:1700000000", None),
        ("_dnsdoctor-probe-0123abcd", "TXT", "no marker", None),
        ("_dnsdoctor-probe-0123abcd", "TXT", "dnsdoctor-probe:ffffeeee:1700000000", None),
        ("marker-elsewhere", "TXT", "dnsdoctor-probe:0123abcd:1700000000", None),
        ("_acme-challenge", "TXT", "dnsdoctor-probe:0123abcd:1700000000", None),
        ("_dnsdoctor-probe-0123abcd", "CNAME", "dnsdoctor-probe:0123abcd:1700000000", None),
        ("www._dnsdoctor-probe-0123abcd", "TXT", "dnsdoctor-probe:0123abcd:1", None),
        ("_dnsdoctor-probe-0123abcd", "TXT", "dnsdoctor-probe:0123abcd:17 trailing", None),
    ],
)
def test_a_record_is_ours_only_by_name_and_marker_together(
    name: str, rtype: str, value: str, token: str | None
) -> None:
    assert probe_token(name, rtype, value) == token


# == the recommendations =======================================================================


@pytest.mark.parametrize(
    ("seconds", "timeout", "interval", "sleep"),
    [(0.0, 60, 2, 20), (0.8, 60, 2, 20), (16.0, 60, 2, 50), (17.0, 70, 2, 50), (30.0, 100, 2, 70),
     (40.0, 130, 5, 90), (200.0, 610, 5, 410), (5000.0, 3600, 5, 10010)],
)  # fmt: skip
def test_recommended_numbers(seconds: float, timeout: int, interval: int, sleep: int) -> None:
    s = recommend(seconds)
    assert (s.timeout, s.interval, s.dnssleep, s.ttl, s.wait) == (timeout, interval, sleep, 600, 0)


@pytest.mark.parametrize("seconds", [5.04, 4.96, 16.04, 16.96, 24.95, 25.04, 3.05, 0.04])
def test_the_settings_follow_the_seconds_they_print(seconds: float) -> None:
    """The seconds are shown to one decimal: every recommendation comes from that shown value,
    so that the printed seconds and the printed --dnssleep/timeout always agree (issue 12.12)."""
    shown = float(f"{seconds:.1f}")
    assert recommend(seconds) == recommend(shown)
    by_code = {f.code: f for f in settings_findings(recommend(seconds), ["example.com"])}
    acme = by_code["PREFLIGHT_SETTINGS_ACME_SH"].params
    lego = by_code["PREFLIGHT_SETTINGS_LEGO"].params
    assert acme["seconds"] == lego["seconds"] == f"{shown:.1f}"
    assert acme["sleep"] == recommend(float(str(acme["seconds"]))).dnssleep
    assert lego["timeout"] == recommend(float(str(lego["seconds"]))).timeout


def test_recommended_resolvers_come_with_a_wait_and_keep_their_port() -> None:
    s = recommend(12.0, nameservers=("119.29.29.29", "127.0.0.23:5353"))
    assert s.wait == 40  # 2 × 12 + 10, rounded up: Certimate then only sleeps
    by_code = {f.code: f for f in settings_findings(s, ["example.com", "*.example.com"])}
    certimate = by_code["PREFLIGHT_SETTINGS_CERTIMATE"]
    assert certimate.params["nameservers"] == "119.29.29.29;127.0.0.23:5353"
    for label in ("DNS 传播检查超时时间", "DNS 递归服务器", "DNS 传播等待时间", "TTL"):
        assert label in certimate.title("en") and label in certimate.title("zh")
    for english in ("DNS propagation checks timeout", "DNS recursive nameservers"):
        assert english in certimate.title("en")
    lego = by_code["PREFLIGHT_SETTINGS_LEGO"]
    assert "export TENCENTCLOUD_PROPAGATION_TIMEOUT=60" in lego.commands
    assert "--dns.resolvers 119.29.29.29:53 --dns.resolvers 127.0.0.23:5353" in lego.commands[-1]
    assert "-d example.com -d '*.example.com'" in lego.commands[-1]
    acme = by_code["PREFLIGHT_SETTINGS_ACME_SH"]
    assert acme.commands == (
        "acme.sh --issue --dns dns_tencent -d example.com -d '*.example.com' --dnssleep 40",
    )
    policy = by_code["PREFLIGHT_CAM_POLICY"]
    assert json.loads(policy.evidence[0].value)["statement"][0]["resource"] == ["*"]


def test_settings_params_carry_data_and_the_texts_word_them_per_language() -> None:
    """No param is worded in advance (no ``*_zh``): the words are chosen when a text is shown,
    and read as before in both languages."""
    s = recommend(5.0, nameservers=("119.29.29.29",), measured_nameservers=False)
    by_code = {f.code: f for f in settings_findings(s, ["example.com"], root_key=True)}
    for finding in by_code.values():
        assert not [k for k in finding.params if k.endswith(("_zh", "_en"))], finding.code
    certimate = by_code["PREFLIGHT_SETTINGS_CERTIMATE"]
    assert "DNS 递归服务器 (DNS recursive nameservers) 119.29.29.29 (not measured);" in (
        certimate.title("en")
    )
    assert "DNS 传播等待时间 (DNS propagation waiting time) 30 s;" in certimate.title("en")
    assert "DNS 递归服务器 119.29.29.29（未经测量）；DNS 传播等待时间 30 秒；" in certimate.title(
        "zh"
    )
    assert str(certimate.params["nameservers"]) == "119.29.29.29 (not measured)"  # the JSON's
    policy = by_code["PREFLIGHT_CAM_POLICY"]
    assert policy.remedy("en").endswith("to the ACME client instead of this root account key.")
    assert policy.remedy("zh").endswith("并把它的密钥配置给 ACME 客户端，不要再使用主账号密钥。")
    empty = settings_findings(recommend(5.0), ["example.com"])[0]
    assert "DNS 递归服务器 (DNS recursive nameservers) empty;" in empty.title("en")
    assert "DNS 递归服务器 留空；DNS 传播等待时间 留空（0）；" in empty.title("zh")


# == the journal ===============================================================================


def _entry(token: str = "00112233aabb", **kw: Any) -> JournalEntry:
    base: dict[str, Any] = {
        "token": token,
        "zone": ZONE,
        "subdomain": f"_dnsdoctor-probe-{token}",
        "value": probe_value(token, 1_700_000_000),
        "endpoint": "http://127.0.0.51:1",
        "created_at": time.time(),
        "pid": 0,
        "host": socket.gethostname(),
    }
    base.update(kw)
    return JournalEntry(**base)


def test_journal_round_trip_is_private_and_atomic(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "state" / "dnsdoctor" / "probes.json")
    journal.put(_entry("00112233aabb"))
    journal.put(_entry("44556677ccdd", record_id="7"))
    journal.put(_entry("00112233aabb", record_id="9", state="created"))  # replaces, not appends
    got = {e.token: e for e in journal.entries()}
    assert got["00112233aabb"].record_id == "9" and got["00112233aabb"].state == "created"
    assert got["44556677ccdd"].record_id == "7"
    assert journal.entries("http://elsewhere") == []
    assert (journal.path.stat().st_mode & 0o777) == 0o600
    assert (journal.path.parent.stat().st_mode & 0o777) == 0o700
    journal.remove("00112233aabb")
    assert [e.token for e in journal.entries()] == ["44556677ccdd"]
    assert sorted(p.name for p in journal.path.parent.iterdir()) == [
        "probes.json",
        "probes.json.lock",
    ]  # no temporary file left behind


def test_a_corrupt_journal_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "probes.json"
    path.write_text("{not json", encoding="utf-8")
    journal = Journal(path)
    assert journal.entries() == [] and "not a dnsdoctor journal" in journal.problem
    journal.put(_entry())
    assert (tmp_path / "probes.json.corrupt").read_text(encoding="utf-8") == "{not json"
    assert [e.token for e in journal.entries()] == ["00112233aabb"]


def test_journal_path_follows_xdg_state_home() -> None:
    assert default_journal_path({"XDG_STATE_HOME": "/s", "HOME": "/h"}) == Path(
        "/s/dnsdoctor/probes.json"
    )
    # a relative XDG_STATE_HOME is invalid by the spec: the default applies
    assert default_journal_path({"XDG_STATE_HOME": "rel", "HOME": "/h"}) == Path(
        "/h/.local/state/dnsdoctor/probes.json"
    )


# == the do-no-harm DNS client =================================================================


def test_the_dns_client_never_asks_a_resolver_for_a_challenge_name(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    client = ProbeSafeDns(query_timeout=0.5)
    client.protected.add(dns.name.from_text("8f1c2a.auth.acme-dns.net."))
    port = pw.net.port

    async def ask() -> list[Any]:
        return [
            await client.ask(SYSTEM, port, dns.name.from_text("_acme-challenge.example.com."),
                             "TXT", rd=True),
            await client.ask(SYSTEM, port, dns.name.from_text("_ACME-Challenge.www.example.com."),
                             "SOA", rd=True),
            await client.ask(SYSTEM, port, dns.name.from_text("8f1c2a.auth.acme-dns.net."),
                             "TXT", rd=True),
            # the authoritative servers may be asked (RD=0 leaves no cache anywhere)
            await client.ask(pw.net.ns1.address, port,
                             dns.name.from_text("_acme-challenge.example.com."), "TXT"),
            await client.ask(SYSTEM, port, dns.name.from_text("_dnsdoctor-probe-1.example.com."),
                             "TXT", rd=True),
        ]  # fmt: skip

    replies = asyncio.run(ask())
    assert [r.error for r in replies[:3]] == ["not-asked"] * 3
    assert client.refused == 3
    assert replies[3].ok and replies[3].aa
    assert replies[4].ok  # the probe's name is fine to ask
    assert client.sent == 2


# == end to end through the CLI ================================================================


def test_healthy_preflight_end_to_end(make_world: Callable[..., PreflightWorld]) -> None:
    # ns2 lags by well more than the first poll's jitter (0.25 s ± 20 %), so "the lagging one
    # last" holds on a loaded machine too (with 0.3 s both could be first seen on one poll)
    pw = make_world(delays=(0.05, 1.2))
    before = snapshot(pw)
    code, report, err = preflight_json(pw)
    assert code == 0, err
    assert report["command"] == "preflight" and report["verdict"] == "ok"
    got = json_findings(report)
    for want in (
        "PREFLIGHT_PROBE_VISIBLE",
        "PREFLIGHT_PROBE_DELETED",
        "PREFLIGHT_SETTINGS_CERTIMATE",
        "PREFLIGHT_SETTINGS_LEGO",
        "PREFLIGHT_SETTINGS_ACME_SH",
        "PREFLIGHT_CAM_POLICY",
        "CREDS_PERMISSIONS_OK",
    ):
        assert want in got, sorted(got)
    # exactly one record created, the way lego creates one, and it is the one deleted
    (create,) = calls(pw, "CreateRecord")
    assert PROBE_NAME.fullmatch(create["SubDomain"])
    assert (create["RecordType"], create["RecordLine"], create["TTL"]) == ("TXT", "默认", 600)
    token = probe_token(create["SubDomain"], "TXT", create["Value"])
    assert token is not None and create["SubDomain"].endswith(token)
    assert [d["RecordId"] for d in calls(pw, "DeleteRecord")] == [PROBE_ID]
    assert calls(pw, "DeleteRecord", code=None)[0]["RecordId"] == 1  # the permission probe
    # the measurement: both servers, per server, the lagging one last
    visible = got["PREFLIGHT_PROBE_VISIBLE"]
    assert visible["params"]["count"] == "2" and "ns2.dnspod.net" in visible["params"]["slowest"]
    lines = {e["label"]: e["value"] for e in visible["evidence"]}
    ns1 = next(v for k, v in lines.items() if k.startswith("ns1.dnspod.net"))
    ns2 = next(v for k, v in lines.items() if k.startswith("ns2.dnspod.net"))
    t1, t2 = (float(re.match(r"seen ([0-9.]+) s", v).group(1)) for v in (ns1, ns2))  # type: ignore[union-attr]
    assert t1 <= t2 < 3.0
    assert any(
        k.startswith(f"resolver {PUBLIC}") and v.startswith("seen") for k, v in lines.items()
    )
    assert "gone from all 2 authoritative server(s)" in got["PREFLIGHT_PROBE_DELETED"]["title"]
    certimate = got["PREFLIGHT_SETTINGS_CERTIMATE"]["params"]
    assert (certimate["timeout"], certimate["nameservers"], certimate["ttl"]) == (
        "60",
        "empty",
        "600",
    )
    # the provider and both servers are as before; the journal is empty
    assert emulator_records(pw) == before[0]
    assert settled(pw, before) == before
    assert journal_of(pw).entries() == []
    # no resolver was ever asked for _acme-challenge (a TXT is there, so check would ask it),
    # and each was asked for the probe
    for resolver in pw.resolvers:
        asked = {name for name, _ in resolver.cache}
        assert not [n for n in asked if n.labels[0].lower() == b"_acme-challenge"]
        assert any(PROBE_NAME.fullmatch(n.labels[0].decode()) for n in asked)
    # no secret in any output
    assert pw.secret_key not in json.dumps(report) + err
    assert pw.secret_id not in json.dumps(report) + err


def test_without_the_guard_a_check_does_ask_resolvers_for_the_challenge(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """The control for the assertion above: ``check`` (no guard) asks the system resolver for
    ``_acme-challenge`` when a TXT is already there, so the preflight assertion can fail."""
    pw = make_world()
    opts = options(pw, select=("dns.delegation", "resolvers"))
    run_checks("check", opts, parse_targets([ZONE]), Services(dns=DnsClient(query_timeout=0.5)))
    system = pw.resolvers[0]
    assert any(n.labels[0] == b"_acme-challenge" for n, _ in system.cache)


def test_console_report_in_chinese_names_the_certimate_fields(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "--lang", "zh-CN", env={"COLUMNS": "200"})
    assert code == 0, err
    assert "DNS 传播检查超时时间 60 秒" in out and "DNS 递归服务器 留空" in out
    assert "探测记录" in out and "结论: 正常" in out
    assert "Traceback" not in out + err


def test_markdown_report_carries_the_settings(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world()
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "-f", "markdown")
    assert code == 0, err
    assert "PREFLIGHT_SETTINGS_LEGO" in out and "TENCENTCLOUD_PROPAGATION_TIMEOUT: 60" in out
    assert "settings (JSON):" in out and '"DNS 传播检查超时时间":60' in out


def test_lagging_server_is_timed_per_server(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world(delays=(0.05, 3.0))
    before = snapshot(pw)
    code, report, err = preflight_json(pw)
    assert code == 0, err
    visible = json_findings(report)["PREFLIGHT_PROBE_VISIBLE"]
    assert visible["params"]["slowest"].startswith("ns2.dnspod.net")
    assert 3.0 <= float(visible["params"]["seconds"]) < 6.0
    acme = json_findings(report)["PREFLIGHT_SETTINGS_ACME_SH"]["params"]
    assert acme["sleep"] == str(recommend(float(visible["params"]["seconds"])).dnssleep)
    # the deletion is confirmed on ns2 too, once it caught up
    deleted = json_findings(report)["PREFLIGHT_PROBE_DELETED"]
    assert "gone from all 2" in deleted["title"]
    assert settled(pw, before) == before


def test_slow_propagation_is_a_warning_with_a_longer_timeout(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """ns2 takes 18 s: lego's 60 s leaves too little margin (3 × 18 + 10 > 60)."""
    pw = make_world(delays=(0.05, 18.0))
    before = snapshot(pw)
    code, report, err = preflight_json(pw, "--probe-timeout", "40")
    assert code == 0, err  # a warning: issuance works with the recommended settings
    assert report["verdict"] == "warning"
    assert report["root_causes"][0]["code"] == "PREFLIGHT_PROBE_SLOW"
    slow = json_findings(report)["PREFLIGHT_PROBE_SLOW"]
    # 18 s plus the polling gap: 70 s on an idle machine, more when it is loaded; whatever was
    # measured, every setting follows the seconds the report prints
    timeout = str(recommend(float(slow["params"]["seconds"])).timeout)
    assert slow["severity"] == "warning" and slow["params"]["timeout"] == timeout
    assert int(timeout) >= 70
    certimate = json_findings(report)["PREFLIGHT_SETTINGS_CERTIMATE"]["params"]
    assert certimate["timeout"] == timeout
    assert f"TENCENTCLOUD_PROPAGATION_TIMEOUT={timeout}" in json_findings(report)[
        "PREFLIGHT_SETTINGS_LEGO"]["title"]  # fmt: skip
    assert settled(pw, before, timeout=5.0) == before
    strict, _, _ = run_cli(pw, *pw.argv, "--no-clock", "--no-write-probe", "--strict", "-f", "json")
    assert strict == 0  # no probe, no warning


def test_slow_propagation_is_named_first_in_chinese(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """The lagging scenario's first line in Chinese (the demo's lag is 30 s; 18 s is enough)."""
    from dnsdoctor.preflight.findings import PROBE_SLOW

    pw = make_world(delays=(0.05, 18.0))
    before = snapshot(pw)
    code, out, err = run_cli(
        pw, *pw.argv, "--no-clock", "--probe-timeout", "40", "--lang", "zh-CN",
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert code == 0, err
    first = out.splitlines()[0]
    template = PROBE_SLOW.title["zh"]
    fixed = [part for part in re.split(r"\{[^}]*\}", template) if part.strip()]
    assert fixed and all(part in first for part in fixed), (first, template)
    assert settled(pw, before, timeout=5.0) == before


def test_a_server_that_never_gets_the_record_fails_the_run(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world(delays=(0.05, 10_000.0))
    before = snapshot(pw)
    code, report, err = preflight_json(pw, "--probe-timeout", "2")
    assert code == 1, err
    got = json_findings(report)
    assert got["PREFLIGHT_PROBE_NOT_VISIBLE"]["severity"] == "error"
    assert "ns2.dnspod.net" in got["PREFLIGHT_PROBE_NOT_VISIBLE"]["params"]["missing"]
    assert "PREFLIGHT_PROBE_DELETED" in got  # deleted all the same
    assert "PREFLIGHT_SETTINGS_CERTIMATE" not in got  # nothing measured to recommend from
    assert settled(pw, before) == before


def test_read_only_key_creates_nothing(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world(allow=("dnspod:Describe*",))
    before = snapshot(pw)
    code, report, err = preflight_json(pw)
    assert code == 0, err  # a cleanup failure: the certificate is issued, so a warning
    assert report["verdict"] == "warning"
    assert report["root_causes"][0]["code"] == "CREDS_DELETE_DENIED"
    refused = json_findings(report)["PREFLIGHT_PROBE_REFUSED"]
    assert "DeleteRecord" in refused["title"] and "none was created" in refused["title"]
    assert calls(pw, "CreateRecord", code=None) == []
    assert snapshot(pw) == before
    assert journal_of(pw).entries() == []


def test_no_credentials_refuses_the_write_probe(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world()
    nothing = {"TENCENTCLOUD_SECRET_ID": "", "TENCENTCLOUD_SECRET_KEY": ""}
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "-f", "json", env=nothing)
    # No credentials here proves nothing about the ACME client's (Certimate keeps its own): the
    # probe could not run, which is a warning, not "issuance will fail".
    assert code == 0, err
    report = json.loads(out)
    assert report["verdict"] == "warning"
    refused = json_findings(report)["PREFLIGHT_PROBE_REFUSED"]
    assert refused["severity"] == "warning"
    assert "CREDS_NOT_FOUND" not in json_findings(report)
    assert "--write-probe requires Tencent Cloud credentials" in refused["title"]
    assert "--no-write-probe" in refused["title"]
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "--no-write-probe", "-f", "json",
                             env=nothing)  # fmt: skip
    assert code == 0, err
    got = json_findings(json.loads(out))
    assert "PREFLIGHT_PROBE_SKIPPED" in got and "PREFLIGHT_PROBE_REFUSED" not in got
    assert calls(pw, "CreateRecord", code=None) == []
    # asked for explicitly, missing credentials are an error
    code, out, err = run_cli(pw, *pw.argv, "--no-clock", "--provider", "tencentcloud", "-f",
                             "json", env=nothing)  # fmt: skip
    assert code == 1, err
    assert json_findings(json.loads(out))["CREDS_NOT_FOUND"]["severity"] == "error"


def test_no_probe_without_a_journal_to_write(
    make_world: Callable[..., PreflightWorld], tmp_path: Path
) -> None:
    pw = make_world()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    code, out, err = run_cli(
        pw, *pw.argv, "--no-clock", "-f", "json", env={"XDG_STATE_HOME": str(blocker)}
    )
    assert code == 1, err
    refused = json_findings(json.loads(out))["PREFLIGHT_PROBE_REFUSED"]
    assert refused["severity"] == "error" and "journal cannot be written" in refused["title"]
    assert calls(pw, "CreateRecord", code=None) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--provider", "none"], "--write-probe requires the DNS provider's credentials"),
        (["--format", "yaml"], "--format"),
        (["--root", "not-an-address"], "expected an IP address"),
    ],
)
def test_bad_input_is_a_usage_error(
    make_world: Callable[..., PreflightWorld], args: list[str], message: str
) -> None:
    pw = make_world()
    code, out, _ = run_cli(pw, *pw.argv, *args)
    assert code == 2 and message in out
    assert calls(pw, "CreateRecord", code=None) == []


def test_bad_name_is_a_usage_error(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world()
    code, out, _ = run_cli(pw, "preflight", "*.*.example.com")
    assert code == 2 and "wildcard" in out


def test_a_system_resolver_that_cannot_see_the_probe(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """A fake-IP system resolver never returns the probe: an error for that resolver, and the
    recommendation is the public resolver that did return it, with a Certimate wait."""

    def fake_ip(pw: PreflightWorld) -> None:
        pw.net.world.add(FakeIpResolver(FAKE_IP, pw.net.port))

    pw = make_world(setup=fake_ip)
    before = snapshot(pw)
    opts = options(
        pw,
        system_resolvers=((FAKE_IP, pw.net.port),),
        select=("dns.delegation", "resolvers.identity"),
        query_timeout=0.3,
    )
    report = asyncio.run(engine(pw, opts=opts).run())
    got = findings(report)
    misses = got["PREFLIGHT_RESOLVER_MISSES_PROBE"]
    assert misses.level is Severity.ERROR and FAKE_IP in misses.params["resolver"]
    certimate = got["PREFLIGHT_SETTINGS_CERTIMATE"].params
    assert certimate["nameservers"] == f"{PUBLIC}:{pw.net.port}"
    assert str(certimate["wait"]) == "30 s"  # a phrase: "30 秒" in Chinese
    assert (
        f"--dns.resolvers {PUBLIC}:{pw.net.port}" in got["PREFLIGHT_SETTINGS_LEGO"].params["flags"]
    )
    assert settled(pw, before) == before


# == failures at the provider ==================================================================


def test_a_delete_that_keeps_failing_is_bounded_journaled_and_cleaned_later(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    before = snapshot(pw)

    async def hook(step: str) -> None:
        if step == "after-create":  # after the permission probe: only the probe's delete fails
            pw.api.inject(Fault("http_error", action="DeleteRecord", times=-1, status=502))

    report = asyncio.run(engine(pw, hook).run())
    failed = findings(report)["PREFLIGHT_DELETE_FAILED"]
    assert failed.level is Severity.ERROR
    assert failed.params["record_id"] == PROBE_RID and failed.params["attempts"] == 3
    assert failed.commands == ("dnsdoctor cleanup example.com --yes",)
    assert len([s for s in pw.api.seen if s.code == "fault:http_error"]) == 3  # bounded
    (left,) = probe_records(pw)
    (entry,) = journal_of(pw).entries()
    kept = journal_of(pw).path.read_text(encoding="utf-8")
    assert pw.secret_id not in kept and pw.secret_key not in kept
    assert (entry.record_id, entry.state) == (
        PROBE_RID,
        "delete-failed",
    ) and left.record_id == PROBE_ID
    # the next run warns; cleanup deletes it once the API works again
    pw.net.world.run_sync(pw.api.faults.clear)
    code, again, _ = preflight_json(pw, "--no-write-probe")
    leftover = json_findings(again)["PREFLIGHT_LEFTOVER_PROBES"]
    assert leftover["commands"] == ["dnsdoctor cleanup example.com --yes"]
    code, out, err = run_cli(pw, "cleanup", "--yes", "--tencent-endpoint", pw.api.url)
    assert code == 0, out + err
    assert f"deleted RecordId {PROBE_ID}" in out
    assert emulator_records(pw) == before[0]
    assert settled(pw, before) == before
    assert journal_of(pw).entries() == []


def test_one_failed_delete_is_retried(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world()
    before = snapshot(pw)

    async def hook(step: str) -> None:
        if step == "after-create":
            pw.api.inject(Fault("rate_limit", action="DeleteRecord", times=1))

    report = asyncio.run(engine(pw, hook).run())
    deleted = findings(report)["PREFLIGHT_PROBE_DELETED"]
    assert any(e.value == "deleted after 2 attempt(s)" for e in deleted.evidence)
    assert emulator_records(pw) == before[0]


def _tencent(sdk: TencentApi) -> dict[str, DnsApi]:
    return {"tencentcloud": TencentDnsApi(sdk)}


class _LostAnswer(TencentApi):
    """CreateRecord reaches the API, but its answer is lost (a time-out on the way back)."""

    async def create_record(self, cred: ApiCredential, *args: Any, **kwargs: Any) -> int:
        await super().create_record(cred, *args, **kwargs)
        raise TencentApiError("dnsdoctor.Timeout", "no answer within 5 s", action="CreateRecord")


def test_a_lost_create_answer_is_found_and_deleted(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    before = snapshot(pw)
    services = Services(
        dns=DnsClient(query_timeout=0.5), apis=_tencent(_LostAnswer(endpoint=pw.api.url))
    )
    report = asyncio.run(engine(pw, services=services).run())
    got = findings(report)
    assert got["PREFLIGHT_CREATE_FAILED"].params["code"] == "dnsdoctor.Timeout"
    assert "PREFLIGHT_PROBE_DELETED" in got
    assert [d["RecordId"] for d in calls(pw, "DeleteRecord")] == [PROBE_ID]
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []


class _SlowCreate(TencentApi):
    """CreateRecord as the SDK really does it: a request in a worker thread that goes on (and
    creates the record) even when the coroutine awaiting it is cancelled."""

    async def create_record(self, cred: ApiCredential, *args: Any, **kwargs: Any) -> int:
        def request() -> int:
            time.sleep(0.5)
            return asyncio.run(TencentApi.create_record(self, cred, *args, **kwargs))

        return await asyncio.to_thread(request)


def test_a_cancellation_while_create_is_in_flight_still_deletes_the_record(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    before = snapshot(pw)
    services = Services(
        dns=DnsClient(query_timeout=0.5), apis=_tencent(_SlowCreate(endpoint=pw.api.url))
    )

    async def hook(step: str) -> None:
        if step == "before-create":  # cancelled 0.1 s into the 0.5 s request
            task = asyncio.current_task()
            assert task is not None
            asyncio.get_running_loop().call_later(0.1, task.cancel)

    run = engine(pw, hook, services=services)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(run.run())
    assert len(calls(pw, "CreateRecord")) == 1  # the request did create it
    assert [d["RecordId"] for d in calls(pw, "DeleteRecord")] == [PROBE_ID]
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []


@pytest.mark.parametrize(
    ("field", "changed"),
    [("value", "somebody else's value now"), ("name", "renamed-by-somebody")],
)
def test_a_probe_whose_name_or_marker_changed_is_never_deleted(
    make_world: Callable[..., PreflightWorld], field: str, changed: str
) -> None:
    """Between CreateRecord and DeleteRecord the record with our RecordId stopped being our probe
    (a person, another tool, or an API that handed back another record's id): preflight re-checks
    name and marker, as cleanup does, and leaves it alone."""
    pw = make_world()

    def change() -> None:
        for record in pw.api.domains[ZONE].records:
            if record.record_id == PROBE_ID:
                setattr(record, field, changed)

    async def hook(step: str) -> None:
        if step == "during-watch":
            pw.net.world.run_sync(change)

    report = asyncio.run(engine(pw, hook, probe_timeout=1.0).run())
    assert calls(pw, "DeleteRecord", code=None) == [
        d for d in calls(pw, "DeleteRecord", code=None) if d["RecordId"] != PROBE_ID
    ], "the changed record was sent to DeleteRecord"
    kept = [r for r in emulator_records(pw) if r[0] == PROBE_ID]
    assert len(kept) == 1 and changed in kept[0]
    finding = findings(report)["PREFLIGHT_PROBE_CHANGED"]
    assert finding.params["record_id"] == PROBE_RID
    assert finding.level is Severity.WARNING
    (entry,) = journal_of(pw).entries()
    assert (entry.record_id, entry.state) == (PROBE_RID, "changed")


# == interruptions at every step ===============================================================


async def _cancel_me() -> None:
    task = asyncio.current_task()
    assert task is not None
    task.cancel()
    await asyncio.sleep(0)


async def _keyboard() -> None:
    raise KeyboardInterrupt


async def _boom() -> None:
    raise RuntimeError("injected failure")


INJECTIONS: dict[str, tuple[Callable[[], Awaitable[None]], type[BaseException]]] = {
    "KeyboardInterrupt": (_keyboard, KeyboardInterrupt),
    "cancellation": (_cancel_me, asyncio.CancelledError),
    "exception": (_boom, RuntimeError),
}


@pytest.mark.parametrize("kind", sorted(INJECTIONS))
@pytest.mark.parametrize("step", STEPS)
def test_interrupted_at_every_step_leaves_the_zone_as_it_was(
    make_world: Callable[..., PreflightWorld], step: str, kind: str
) -> None:
    pw = make_world()
    before = snapshot(pw)
    inject, expected = INJECTIONS[kind]
    reached: list[str] = []
    journal_at: dict[str, list[JournalEntry]] = {}

    async def hook(at: str) -> None:
        reached.append(at)
        journal_at[at] = journal_of(pw).entries()
        if at == step:
            await inject()

    run = engine(pw, hook)
    with pytest.raises(expected):
        asyncio.run(run.run())
    # interrupted exactly there; after it only the cleanup's own steps ran
    assert step in reached
    after = reached[reached.index(step) + 1 :]
    assert set(after) <= {"during-delete", "during-confirm"}
    if step in STEPS[:3] and step != "before-create":
        assert "during-delete" in after  # the deletion ran
    # the journal said what existed at each step: an intent before the create, then the RecordId
    (intent,) = journal_at["before-create"]
    assert intent.record_id is None and intent.state == "creating"
    if "after-create" in journal_at:
        (created,) = journal_at["after-create"]
        assert (created.record_id, created.state) == (PROBE_RID, "created")
    # the provider is as before at once: the deletion ran before the interruption went on
    assert emulator_records(pw) == before[0]
    created_calls = calls(pw, "CreateRecord", code=None)
    assert len(created_calls) == (0 if step == "before-create" else 1)
    assert [d["RecordId"] for d in calls(pw, "DeleteRecord")] == (
        [] if step == "before-create" else [PROBE_ID]
    )
    assert journal_of(pw).entries() == []
    (outcome,) = run.outcomes
    assert not outcome.left_behind and outcome.interrupted == (step in STEPS[:3])
    # both servers serve what they served before, once the slower one caught up
    assert settled(pw, before) == before


@pytest.mark.parametrize("second", ["during-delete", "during-confirm"])
def test_a_second_interruption_during_the_cleanup_does_not_stop_it(
    make_world: Callable[..., PreflightWorld], second: str
) -> None:
    pw = make_world()
    before = snapshot(pw)

    async def hook(step: str) -> None:
        if step in ("during-watch", second):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(engine(pw, hook).run())
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []
    assert settled(pw, before) == before


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_during_the_watch_is_a_cancellation_with_cleanup(
    make_world: Callable[..., PreflightWorld], signame: str
) -> None:
    pw = make_world(delays=(0.05, 3.0))
    before = snapshot(pw)
    sig = getattr(signal, signame)
    previous = signal.getsignal(sig)

    async def hook(step: str) -> None:
        if step == "during-watch":
            os.kill(os.getpid(), sig)
            await asyncio.sleep(5)  # interrupted long before

    run = engine(pw, hook, handle_signals=True)
    start = time.monotonic()
    with pytest.raises(Interrupted) as info:
        asyncio.run(run.run())
    assert time.monotonic() - start < 5
    assert info.value.signame == signame
    assert info.value.exit_code == {"SIGTERM": 143, "SIGINT": 130, "SIGHUP": 129}[signame]
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []
    (line,) = run.summary_lines()
    assert line.endswith(f"(RecordId {PROBE_ID}) was deleted")
    assert signal.getsignal(sig) == previous  # the process's handler is back
    assert settled(pw, before) == before


# == subprocesses: SIGTERM for real, and kill -9 ===============================================

RUNNER = """
import sys
import typer
from dnsdoctor.cli.preflight import cleanup_command, help_text, preflight_command
app = typer.Typer(rich_markup_mode=None)
@app.callback()
def _group() -> None:
    pass
app.command("preflight", help=help_text("cmd.preflight"))(preflight_command)
app.command("cleanup", help=help_text("cmd.cleanup"))(cleanup_command)
app(args=sys.argv[1:], prog_name="dnsdoctor")
"""
"""The commands registered as dnsdoctor.cli registers them, for a process of their own."""


@pytest.mark.parametrize("command", ["preflight", "cleanup"])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_help_in_both_languages(command: str, lang: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", RUNNER, command, "--help", "--lang", lang],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    chinese = re.search(r"[\u4e00-\u9fff]", out) is not None
    assert chinese == (lang == "zh-CN"), out
    assert ("--write-probe" in out) == (command == "preflight")
    assert ("--yes" in out) == (command == "cleanup")


def _spawn(pw: PreflightWorld) -> subprocess.Popen[str]:
    env = {**os.environ, **pw.env, "DNSDOCTOR_LOOPBACK_ONLY": "1", "PYTHONPATH": str(ROOT_DIR)}
    argv = [sys.executable, "-c", RUNNER, *pw.argv, "--no-clock", "--probe-timeout", "60"]
    return subprocess.Popen(
        argv,
        cwd=ROOT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_created(pw: PreflightWorld, proc: subprocess.Popen[str]) -> JournalEntry:
    """The journal entry of the probe once CreateRecord returned in the subprocess."""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        entries = [e for e in journal_of(pw).entries() if e.record_id is not None]
        if entries and probe_records(pw):
            return entries[0]
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"the probe was never created: {proc.communicate()}")


@pytest.mark.parametrize(("signame", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_signal_to_a_running_preflight_deletes_the_probe(
    make_world: Callable[..., PreflightWorld], signame: str, code: int
) -> None:
    """SIGHUP (the terminal or the ssh session closed) cleans up like SIGTERM and Ctrl-C."""
    pw = make_world(delays=(0.05, 8.0))
    before = snapshot(pw)
    proc = _spawn(pw)
    try:
        entry = _wait_for_created(pw, proc)
        time.sleep(0.5)  # in the watch: ns2 lags by 8 s
        assert proc.poll() is None
        proc.send_signal(getattr(signal, signame))
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert f"interrupted ({signame})" in err
    assert f"(RecordId {entry.record_id}) was deleted" in err
    assert "Traceback" not in out + err
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []
    assert settled(pw, before, timeout=15) == before


def test_after_kill_9_the_journal_lets_cleanup_delete_the_probe(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world(delays=(0.05, 8.0))
    before = snapshot(pw)
    proc = _spawn(pw)
    try:
        entry = _wait_for_created(pw, proc)
    finally:
        proc.kill()  # SIGKILL: no cleanup can run
        proc.communicate(timeout=30)
    (left,) = probe_records(pw)
    assert str(left.record_id) == entry.record_id
    # the next preflight names it, without touching it
    _, report, _ = preflight_json(pw, "--no-write-probe")
    leftover = json_findings(report)["PREFLIGHT_LEFTOVER_PROBES"]
    assert str(entry.record_id) in leftover["meaning"]
    assert len(probe_records(pw)) == 1
    # cleanup without --yes and without a terminal only lists
    code, out, _ = run_cli(pw, "cleanup", ZONE, "--tencent-endpoint", pw.api.url)
    assert code == 1 and f"RecordId {entry.record_id}" in out and "--yes" in out
    assert len(probe_records(pw)) == 1
    code, out, err = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url)
    assert code == 0, out + err
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []
    assert settled(pw, before, timeout=15) == before


# == cleanup never touches another record ======================================================


def test_cleanup_deletes_only_records_with_name_and_marker(
    make_world: Callable[..., PreflightWorld], monkeypatch: pytest.MonkeyPatch
) -> None:
    pw = make_world(seed=(*SEEDS, LEFTOVER))
    before = snapshot(pw)
    leftover_id = PROBE_SAFE_FIRST_RECORD_ID + len(SEEDS)
    args = ("cleanup", ZONE, "--tencent-endpoint", pw.api.url)
    code, out, _ = run_cli(pw, *args)
    assert code == 1
    assert re.findall(r"RecordId (\d+)", out) == [str(leftover_id)]
    assert calls(pw, "DeleteRecord", code=None) == []
    code, out, _ = run_cli(pw, *args, "--lang", "zh-CN")  # the listing speaks Chinese too
    assert code == 1 and "创建于" in out and "按名称和标记找到" in out and "created" not in out
    # asked on a terminal: "no" keeps it, "yes" deletes it
    monkeypatch.setattr(cli_preflight, "_interactive", lambda: True)
    code, out, _ = run_cli(pw, *args, input="n\n")
    assert code == 1 and "Not deleted" in out and calls(pw, "DeleteRecord", code=None) == []
    code, out, _ = run_cli(pw, *args, input="y\n")
    assert code == 0 and f"deleted RecordId {leftover_id}" in out
    assert [d["RecordId"] for d in calls(pw, "DeleteRecord", code=None)] == [leftover_id]
    after = emulator_records(pw)
    assert after == {r for r in before[0] if r[0] != leftover_id}
    for name, value in SEEDS:  # every decoy is still there
        assert any(r[1] == name and r[3] == value for r in after)
    code, out, _ = run_cli(pw, *args, "--yes")
    assert code == 0 and "No record created by dnsdoctor is left" in out


def test_cleanup_finds_a_record_whose_id_the_crash_never_saved(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """Killed after CreateRecord reached the API but before the RecordId was written."""
    pw = make_world()
    before = snapshot(pw)
    token = "aabbccddeeff"
    value = probe_value(token, time.time())
    dead = subprocess.Popen(["true"])
    dead.wait()
    journal_of(pw).put(
        _entry(token, value=value, endpoint=pw.api.url, pid=dead.pid, created_at=time.time())
    )
    pw.net.world.run_sync(
        lambda: pw.api.add_record(ZONE, f"_dnsdoctor-probe-{token}", "TXT", value)
    )
    code, out, err = run_cli(pw, "cleanup", "--yes", "--tencent-endpoint", pw.api.url)
    assert code == 0, out + err
    assert "deleted RecordId" in out
    assert emulator_records(pw) == before[0]
    assert journal_of(pw).entries() == []


def test_cleanup_leaves_a_running_preflights_record_alone(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    token = "abcdefabcdef"
    value = probe_value(token, time.time())
    running = subprocess.Popen(["sleep", "30"])
    try:
        journal_of(pw).put(
            _entry(token, value=value, endpoint=pw.api.url, pid=running.pid, record_id=None)
        )
        pw.net.world.run_sync(
            lambda: pw.api.add_record(ZONE, f"_dnsdoctor-probe-{token}", "TXT", value)
        )
        code, out, _ = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url)
        assert code == 0 and "in use by a dnsdoctor preflight running now" in out
        assert calls(pw, "DeleteRecord", code=None) == []
        assert len(probe_records(pw)) == 1
    finally:
        running.kill()
        running.wait()
    code, out, _ = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url)
    assert code == 0 and "deleted RecordId" in out
    assert probe_records(pw) == []


def test_cleanup_spares_a_young_record_that_another_host_may_be_using(
    make_world: Callable[..., PreflightWorld],
) -> None:
    """A probe minutes old that this host's journal does not know may be another host's running
    preflight: `cleanup --yes` lists it, says why it is left alone, and deletes only the old one."""
    pw = make_world()
    young, old = "a1a1a1a1a1a1", "b2b2b2b2b2b2"
    young_value = probe_value(young, time.time() - 30)
    old_value = probe_value(old, time.time() - RECENT_FOR - 60)
    for token, value in ((young, young_value), (old, old_value)):
        pw.net.world.run_sync(
            lambda t=token, v=value: pw.api.add_record(ZONE, f"_dnsdoctor-probe-{t}", "TXT", v)
        )
    code, out, err = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url)
    assert code == 0, out + err
    assert "deleted RecordId" in out and out.count("deleted RecordId") == 1
    assert f"_dnsdoctor-probe-{young}.{ZONE}" in out
    assert "another host" in out and "left alone" in out
    (left,) = probe_records(pw)
    assert left.value.strip('"') == young_value
    code, out, _ = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url,
                           "--lang", "zh-CN")  # fmt: skip
    assert code == 0 and "另一台主机" in out
    assert len(probe_records(pw)) == 1


def test_journal_entries_whose_record_is_gone_are_dropped_only_when_old(
    make_world: Callable[..., PreflightWorld],
) -> None:
    pw = make_world()
    journal = journal_of(pw)
    journal.put(_entry("111111111111", endpoint=pw.api.url, record_id="5", created_at=time.time()))
    journal.put(
        _entry(
            "222222222222",
            endpoint=pw.api.url,
            record_id="6",
            created_at=time.time() - INDEX_GRACE - 60,
        )
    )
    api = TencentDnsApi(TencentApi(endpoint=pw.api.url))
    key = ApiKey(pw.secret_id, pw.secret_key)
    found = asyncio.run(survey(api, key, journal, pw.api.url, ZONE, deadline=time.monotonic() + 10))
    assert found.leftovers == []
    assert [e.token for e in found.pending] == ["111111111111"]
    assert [e.token for e in found.dropped] == ["222222222222"]
    assert [e.token for e in journal.entries()] == ["111111111111"]
    assert calls(pw, "DeleteRecord", code=None) == []


def test_cleanup_with_a_key_that_does_not_work(make_world: Callable[..., PreflightWorld]) -> None:
    pw = make_world()
    env = {"TENCENTCLOUD_SECRET_KEY": "x" * 32}
    code, out, err = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url,
                             env=env)  # fmt: skip
    assert code == 1 and "did not authenticate" in err
    assert "x" * 32 not in out + err
    code, out, err = run_cli(pw, "cleanup", ZONE, "--yes", "--tencent-endpoint", pw.api.url,
                             "--lang", "zh-CN", env=env)  # fmt: skip
    assert code == 1 and "密钥未通过认证" in err
    assert calls(pw, "DeleteRecord", code=None) == []


def test_an_old_journal_entry_is_tencents_and_its_numeric_id_a_string(tmp_path: Path) -> None:
    """Entries written before record ids were strings and before entries named their provider:
    the id is read as its string and the provider is Tencent Cloud, so that `dnsdoctor cleanup`
    still finds them at the right provider; a malformed id is no id."""
    path = tmp_path / "probes.json"
    old = {k: v for k, v in vars(_entry("00112233aabb")).items() if k != "provider"}
    bad = {**vars(_entry("44556677ccdd")), "record_id": "1; rm -rf /", "provider": "alidns"}
    path.write_text(
        json.dumps({"version": 1, "probes": [{**old, "record_id": 12345}, bad]}), encoding="utf-8"
    )
    got = {e.token: e for e in Journal(path).entries()}
    assert (got["00112233aabb"].record_id, got["00112233aabb"].provider) == (
        "12345",
        "tencentcloud",
    )
    assert (got["44556677ccdd"].record_id, got["44556677ccdd"].provider) == (None, "alidns")
    assert [e.token for e in Journal(path).entries(provider="alidns")] == ["44556677ccdd"]

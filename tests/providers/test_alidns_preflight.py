"""Alibaba Cloud DNS end to end: ``dnsdoctor preflight`` and ``dnsdoctor cleanup`` against the
Alibaba emulator (its ACS3 signature check is the real one; its writes land in the lab's zone on
dns9/dns10.hichina.com).

Each preflight scenario, in every format and both languages: the cause first, the scenario's exit
code, no piece of any AccessKey Secret or ID in any output, no Tencent word in the report. The
healthy one creates its probe at the emulator, sees it on every authoritative server and deletes it;
the others create nothing. ``cleanup`` deletes a probe a dead run left (found through the journal,
which names the provider) and nothing else.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import dns.name
import dns.rdatatype
import pytest

from dnsdoctor.core import secrets
from dnsdoctor.core.context import Options
from dnsdoctor.core.targets import parse_targets
from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.lab.alidns_api import FakeAlibabaCloud
from dnsdoctor.lab.dns_server import AuthServer
from dnsdoctor.lab.internet import ROOT
from dnsdoctor.lab.scenarios import all_scenarios
from dnsdoctor.lab.scenarios_preflight import PreflightWorld
from dnsdoctor.lab.scenarios_resolvers import PUBLIC, SYSTEM
from dnsdoctor.preflight.cleanup import (
    Journal,
    JournalEntry,
    default_journal_path,
    probe_token,
    probe_value,
)
from dnsdoctor.preflight.engine import Preflight
from dnsdoctor.truth.watch import Schedule

ZONE = "example.com"
NAMES = (
    "preflight-alidns-clock-skew",
    "preflight-alidns-create-denied",
    "preflight-alidns-healthy",
    "preflight-alidns-other-account",
    "preflight-alidns-pasted-character",
    "preflight-alidns-read-only",
)
FORMATS = ("rich", "json", "markdown")
PIECE = 6
TENCENT_WORDS = ("Tencent", "DNSPod", "腾讯", "tccli", "AuthFailure", "TENCENTCLOUD_", "CAM ")
FAST = Schedule(start=0.05, factor=1.5, cap=0.2, jitter=0.1)
LOOK_ALIKES: tuple[tuple[str, str], ...] = (
    ("_acme-challenge", "old-token-left-by-an-earlier-order-xxxxxxxxxx"),
    ("_dnsdoctor-probe-x", "no marker here"),
    ("_dnsdoctor-probe-0123abcd", "dnsdoctor-probe:ffffeeee:1700000000"),
    ("marker-elsewhere", "dnsdoctor-probe:0123abcd:1700000000"),
    ("txt-seed", "v=spf1 -all"),
)
"""Records dnsdoctor did not create: a probe's name without its marker, a marker under another
name, a marker whose token is not the name's. None may ever be deleted."""
LEFTOVER = ("_dnsdoctor-probe-0123abcd", "dnsdoctor-probe:0123abcd:1700000000")
PROBED = ("preflight-alidns-healthy", "preflight-alidns-pasted-character")
"""Scenarios whose probe runs: a key that works (once cleaned of the pasted character, which the
report names as the cause)."""


# -- the world ---------------------------------------------------------------------------------


def lab() -> ModuleType:
    """The scenario module, imported only after the registry imported every scenario module in
    its own order: importing it first would register its imports' scenarios first, and the demo
    tour (tests/test_demo_tour.py) runs the scenarios in registration order."""
    all_scenarios()
    return importlib.import_module("dnsdoctor.lab.scenarios_alidns_preflight")


async def _cancel_pending() -> None:
    me = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not me]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
def started() -> Iterator[Callable[[PreflightWorld], PreflightWorld]]:
    worlds: list[PreflightWorld] = []

    def start(pw: PreflightWorld) -> PreflightWorld:
        pw.net.world.start()
        worlds.append(pw)
        return pw

    yield start
    for pw in worlds:
        pw.net.world.call(_cancel_pending(), timeout=5.0)
        pw.net.world.stop()


def emulator(pw: PreflightWorld) -> FakeAlibabaCloud:
    assert isinstance(pw.api, FakeAlibabaCloud)
    return pw.api


def records(pw: PreflightWorld) -> frozenset[tuple[str, str, str, str]]:
    api = emulator(pw)
    return pw.net.world.run_sync(
        lambda: frozenset((r.record_id, r.name, r.type, r.value) for r in api.domains[ZONE].records)
    )


def served(pw: PreflightWorld) -> tuple[frozenset[Any], ...]:
    def read(server: AuthServer) -> frozenset[Any]:
        zone = server.zones[dns.name.from_text("example.com.")]
        return frozenset(
            (name.to_text(), rdata.to_text())
            for name, _ttl, rdata in zone.iterate_rdatas()
            if rdata.rdtype != dns.rdatatype.SOA
        )

    return pw.net.world.run_sync(lambda: (read(pw.net.ali1), read(pw.net.ali2)))


def settled(pw: PreflightWorld, want: tuple[frozenset[Any], ...]) -> tuple[frozenset[Any], ...]:
    end = time.monotonic() + 10
    while (now := served(pw)) != want and time.monotonic() < end:
        time.sleep(0.05)
    return now


def calls(pw: PreflightWorld, action: str, code: str | None = "OK") -> list[dict[str, str]]:
    return [
        dict(s.params)
        for s in list(emulator(pw).seen)
        if s.action == action and (code is None or s.code == code)
    ]


def secret_values(pw: PreflightWorld) -> list[str]:
    values = [pw.secret_key, pw.secret_id]
    for key in emulator(pw).keys.values():
        values += [key.secret, key.key_id, key.token or ""]
    return [v for v in dict.fromkeys(values) if v.strip()]


def assert_clean(where: str, text: str, values: list[str]) -> None:
    for value in values:
        clean = secrets.cleaned(value)
        pieces = [clean[i : i + PIECE] for i in range(len(clean) - PIECE + 1)]
        leaked = [p for p in pieces if p in text]
        assert not leaked, f"{where}: pieces {leaked[:3]} of a secret in the output"


def findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["code"]: f for c in report["checks"] for f in c["findings"]}


def texts_of(report: dict[str, Any]) -> str:
    """Every word of the JSON report, Chinese as it is (not as \\u escapes)."""
    return json.dumps(report, ensure_ascii=False)


def env_of(pw: PreflightWorld, **extra: str) -> dict[str, str]:
    return {**pw.env, "DNSDOCTOR_LOOPBACK_ONLY": "1", **extra}


# == preflight, every scenario =================================================================


def test_every_alibaba_preflight_scenario_is_a_demo() -> None:
    demos = all_scenarios()
    assert (
        {n for n in demos if n.startswith("preflight-alidns-")} == set(NAMES) == set(lab().BUILDS)
    )
    assert demos["preflight-alidns-healthy"].first_code is None


@pytest.mark.parametrize("name", NAMES)
def test_preflight_against_the_alibaba_emulator(
    cli: Any, tmp_path: Path, started: Callable[[PreflightWorld], PreflightWorld], name: str
) -> None:
    scenario = all_scenarios()[name]
    pw = started(lab().BUILDS[name]())
    values = secret_values(pw)
    before = records(pw), served(pw)
    runs = 0
    for fmt in FORMATS:
        for lang in ("en", "zh"):
            out = tmp_path / f"{name}-{lang}.{fmt}"
            run = cli(*pw.argv, "-f", fmt, "--lang", lang, "-o", str(out), env=env_of(pw))
            runs += 1
            label = f"{name} {fmt} {lang}"
            assert run.exit_code == scenario.exit_code, (label, run.stdout, run.stderr)
            text = out.read_text(encoding="utf-8")
            assert_clean(label, text + run.stdout + run.stderr, values)
            if fmt == "json":
                text = texts_of(json.loads(text))
            for word in TENCENT_WORDS:
                assert word not in text, f"{label}: {word!r} in an Alibaba report"
    run = cli(*pw.argv, "-f", "json", env=env_of(pw))
    report = run.json
    assert report is not None and run.exit_code == scenario.exit_code, run.stderr
    causes = [rc["code"] for rc in report["root_causes"]]
    got = findings(report)
    if scenario.first_code is None:
        assert report["verdict"] == "ok", causes
    else:
        assert causes and causes[0] == scenario.first_code, causes
    created = calls(pw, "AddDomainRecord")
    if name in PROBED:
        # one probe per run, created at the emulator, seen at both servers, deleted by its id
        assert len(created) == runs + 1
        assert all(c["Type"] == "TXT" and c["TTL"] == "600" for c in created)
        assert all(probe_token(c["RR"], c["Type"], c["Value"]) for c in created)
        visible = got["PREFLIGHT_PROBE_VISIBLE"]
        assert visible["params"]["count"] == "2" and "AddDomainRecord" in visible["meaning"]
        deleted = got["PREFLIGHT_PROBE_DELETED"]["params"]["record_id"]
        assert deleted in [d["RecordId"] for d in calls(pw, "DeleteDomainRecord")]
        assert "DescribeDomainRecords no longer lists it" in got["PREFLIGHT_PROBE_DELETED"]["title"]
        policy = got["PREFLIGHT_CAM_POLICY"]
        assert policy["title"].startswith("RAM policy") and "acs:alidns:*:*:*" in policy["title"]
        assert any("aliyun ram AttachPolicyToUser" in c for c in policy["commands"])
        lego = got["PREFLIGHT_SETTINGS_LEGO"]
        assert "ALICLOUD_PROPAGATION_TIMEOUT=60" in lego["title"]
        assert any("lego --dns alidns" in c for c in lego["commands"])
        acme = got["PREFLIGHT_SETTINGS_ACME_SH"]
        assert any("--dns dns_ali " in c for c in acme["commands"])
    elif name == "preflight-alidns-create-denied":
        # the probe's create was sent and denied, once per run, as the ACME client's would be
        tried = calls(pw, "AddDomainRecord", code="Forbidden.RAM")
        assert created == [] and len(tried) == runs + 1
        failed = got["PREFLIGHT_CREATE_FAILED"]
        assert (
            failed["title"].endswith("failed: Forbidden.RAM") and "alicloud:" in failed["meaning"]
        )
        assert "alidns:AddDomainRecord" in failed["remedy"]
        assert any("--UserName acme-dns01" in c for c in failed["commands"])
    else:
        # the probe's gate stopped it: nothing was created anywhere
        assert created == [] and calls(pw, "AddDomainRecord", code=None) == []
        refused = got["PREFLIGHT_PROBE_REFUSED"]
        if name == "preflight-alidns-read-only":
            assert (
                "DeleteDomainRecord" in refused["title"] and "none was created" in refused["title"]
            )
            assert "alidns:DeleteDomainRecord" in refused["remedy"]
            assert "RAM" in refused["remedy"]
        if name == "preflight-alidns-clock-skew":
            assert "InvalidTimeStamp.Expired" in refused["title"]
            assert "clock" in refused["remedy"]
    # the zone is as it was, at the provider and on both servers, and nothing is journaled
    assert records(pw) == before[0]
    assert settled(pw, before[1]) == before[1]
    assert Journal(default_journal_path(pw.env)).entries() == []


def test_a_probe_record_is_deleted_whatever_interrupts_the_run(
    started: Callable[[PreflightWorld], PreflightWorld],
) -> None:
    """Ctrl-C while the probe propagates: the record is deleted at Alibaba before the interruption
    goes on, and both servers drop it."""
    pw = started(lab().alidns_preflight_world(delays=(0.05, 3.0)))
    before = records(pw), served(pw)
    options = Options(
        roots=((ROOT, pw.net.port),),
        dns_port=pw.net.port,
        timeout=10.0,
        query_timeout=0.5,
        no_clock=True,
        system_resolvers=((SYSTEM, pw.net.port),),
        resolvers=((PUBLIC, pw.net.port),),
        provider_options={"alidns_endpoint": emulator(pw).url},
        credentials=CredentialInputs(env=pw.env, home=pw.home.path, provider="alidns"),
        select=("dns.delegation",),
    )

    async def hook(step: str) -> None:
        if step == "during-watch":
            raise KeyboardInterrupt

    engine = Preflight(
        options,
        parse_targets([ZONE]),
        journal=Journal(default_journal_path(pw.env)),
        hooks=hook,
        schedule=FAST,
        probe_timeout=10.0,
        resolver_budget=2.0,
        handle_signals=False,
    )
    with pytest.raises(KeyboardInterrupt):
        asyncio.run(engine.run())
    (created,) = calls(pw, "AddDomainRecord")
    (outcome,) = engine.outcomes
    assert outcome.record_id is not None and not outcome.left_behind
    assert [d["RecordId"] for d in calls(pw, "DeleteDomainRecord")][-1] == outcome.record_id
    assert records(pw) == before[0]
    assert settled(pw, before[1]) == before[1]
    assert Journal(default_journal_path(pw.env)).entries() == []
    assert probe_token(created["RR"], "TXT", created["Value"]) == outcome.token


# == cleanup ===================================================================================


def _journal_entry(pw: PreflightWorld, record_id: str, **kw: Any) -> JournalEntry:
    token = "0123abcd"
    base: dict[str, Any] = {
        "token": token,
        "zone": ZONE,
        "subdomain": f"_dnsdoctor-probe-{token}",
        "value": probe_value(token, 1_700_000_000),
        "endpoint": emulator(pw).url,
        "record_id": record_id,
        "state": "created",
        "created_at": time.time() - 3600,
        "pid": 0,
        "host": socket.gethostname(),
        "provider": "alidns",
    }
    base.update(kw)
    return JournalEntry(**base)


def _cleanup_world(started: Callable[[PreflightWorld], PreflightWorld]) -> PreflightWorld:
    return started(lab().alidns_preflight_world(seed=(*LOOK_ALIKES, LEFTOVER)))


def _leftover_id(pw: PreflightWorld) -> str:
    (rid,) = [r[0] for r in records(pw) if (r[1], r[3]) == LEFTOVER]
    return rid


def test_cleanup_deletes_the_journaled_probe_and_nothing_else(
    cli: Any, started: Callable[[PreflightWorld], PreflightWorld]
) -> None:
    pw = _cleanup_world(started)
    rid = _leftover_id(pw)
    journal = Journal(default_journal_path(pw.env))
    journal.put(_journal_entry(pw, rid))
    others = {r for r in records(pw) if r[0] != rid}
    # without --yes and without a terminal it only lists (the journal chose the provider)
    run = cli("cleanup", "--alidns-endpoint", emulator(pw).url, env=env_of(pw))
    assert run.exit_code == 1 and f"RecordId {rid}" in run.stdout and "--yes" in run.stdout
    assert calls(pw, "DeleteDomainRecord", code=None) == []
    run = cli("cleanup", "--yes", "--alidns-endpoint", emulator(pw).url, env=env_of(pw))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert f"deleted RecordId {rid}" in run.stdout and "DescribeDomainRecords" in run.stdout
    assert [d["RecordId"] for d in calls(pw, "DeleteDomainRecord", code=None)] == [rid]
    assert records(pw) == others  # every look-alike is still there
    assert journal.entries() == []
    assert_clean("cleanup", run.stdout + run.stderr, secret_values(pw))
    # in Chinese, and nothing left to do
    run = cli("cleanup", ZONE, "--yes", "--lang", "zh-CN", "--alidns-endpoint",
              emulator(pw).url, env=env_of(pw))  # fmt: skip
    assert run.exit_code == 0 and "没有 dnsdoctor 留下的记录" in run.stdout, run.stderr


def test_cleanup_finds_a_probe_by_name_and_marker_without_a_journal(
    cli: Any, started: Callable[[PreflightWorld], PreflightWorld]
) -> None:
    pw = _cleanup_world(started)
    rid = _leftover_id(pw)
    others = {r for r in records(pw) if r[0] != rid}
    run = cli("cleanup", ZONE, "--yes", "--provider", "alidns", "--alidns-endpoint",
              emulator(pw).url, env=env_of(pw))  # fmt: skip
    assert run.exit_code == 0, run.stdout + run.stderr
    assert f"deleted RecordId {rid}" in run.stdout and "found by name and marker" in run.stdout
    assert records(pw) == others
    for word in ("DNSPod", "DescribeRecordList", "Tencent"):
        assert word not in run.stdout + run.stderr


def test_an_alibaba_cleanup_leaves_tencents_journal_entries_alone(
    cli: Any, started: Callable[[PreflightWorld], PreflightWorld]
) -> None:
    """An entry without a provider is Tencent Cloud's (written before entries named theirs): an
    Alibaba cleanup neither acts on it nor drops it, even though its zone is listed here."""
    pw = _cleanup_world(started)
    rid = _leftover_id(pw)
    path = default_journal_path(pw.env)
    path.parent.mkdir(parents=True, exist_ok=True)
    old = {k: v for k, v in vars(_journal_entry(pw, rid, token="4455667788aa")).items()}
    old.pop("provider")
    old["subdomain"] = "_dnsdoctor-probe-4455667788aa"
    old["record_id"] = 7
    path.write_text(json.dumps({"version": 1, "probes": [old]}), encoding="utf-8")
    run = cli("cleanup", ZONE, "--yes", "--provider", "alidns", "--alidns-endpoint",
              emulator(pw).url, env=env_of(pw))  # fmt: skip
    assert run.exit_code == 0, run.stdout + run.stderr
    (kept,) = Journal(path).entries()
    assert (kept.token, kept.provider, kept.record_id) == ("4455667788aa", "tencentcloud", "7")
    assert [d["RecordId"] for d in calls(pw, "DeleteDomainRecord", code=None)] == [rid]


def test_cleanup_with_an_alibaba_key_that_does_not_work(
    cli: Any, started: Callable[[PreflightWorld], PreflightWorld]
) -> None:
    pw = _cleanup_world(started)
    bad = "x" * 30
    run = cli("cleanup", ZONE, "--yes", "--alidns-endpoint", emulator(pw).url,
              env=env_of(pw, ALICLOUD_SECRET_KEY=bad))  # fmt: skip
    assert run.exit_code == 1 and "did not authenticate" in run.stderr
    assert bad not in run.stdout + run.stderr
    assert calls(pw, "DeleteDomainRecord", code=None) == []

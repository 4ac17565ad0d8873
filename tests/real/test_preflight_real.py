"""``dnsdoctor preflight`` against real authoritative servers: NSD (ns1, 127.0.0.13) and Knot (ns2,
127.0.0.14), with unbound (127.0.0.21) as the system resolver.

The Tencent Cloud API emulator runs in this process; every change it makes is written into the
real zone files through ``RealLab.set_records`` and reloaded (each server on its own worker thread,
in order; ns2 optionally late), so the probe record created through the API is served by NSD and
Knot, watched, deleted, and gone again. The zone files end as they began (serial and the lab's
reload marker aside), and unbound is never asked for ``_acme-challenge``.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import dns.message
import dns.query
import dns.rcode
import pytest
import typer
from typer.testing import CliRunner

from dnsdoctor.cli.preflight import preflight_command
from dnsdoctor.core.context import Options
from dnsdoctor.core.targets import parse_targets
from dnsdoctor.credentials import CredentialInputs
from dnsdoctor.lab.scenarios_creds import ACCOUNT, API_ADDRESS, CAM_USER
from dnsdoctor.lab.scenarios_preflight import record_line
from dnsdoctor.lab.tencent_api import ApiKey, FakeTencentCloud, Record
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.preflight.cleanup import Journal, probe_token
from dnsdoctor.preflight.engine import Preflight
from dnsdoctor.truth.watch import Schedule

from .lab import AUTH_SERVERS, DEFAULT_SERIAL, AuthServer, RealLab

ZONE = "example.com"
SEEDS = (
    ("_acme-challenge", "old-token-left-by-an-earlier-order-xxxxxxxxxx"),
    ("_dnsdoctor-probe-x", "no marker here"),
    ("txt-seed", "v=spf1 -all"),
)
SECRET_ID = "AKID" + "r" * 32
SECRET_KEY = "k" * 32
DAEMON = {"ns1": "nsd-ns1", "ns2": "knot-ns2"}


class LabSync:
    """``FakeTencentCloud.on_change`` → ``RealLab.set_records`` on ns1 and ns2 (ns2 ``lag`` late)."""

    def __init__(self, lab: RealLab, lag: float = 0.0) -> None:
        self.lab = lab
        self.lag = {"ns1": 0.0, "ns2": lag}
        self.serial = DEFAULT_SERIAL
        self.pools = {s: ThreadPoolExecutor(1, thread_name_prefix=f"lab-{s}") for s in AUTH_SERVERS}
        self.errors: list[BaseException] = []

    def publish(self, records: list[Record]) -> None:
        """Every server serves ``records`` now (before the run)."""
        self.serial += 1
        for server in AUTH_SERVERS:
            self.lab.set_records(server, self.serial, [record_line(r) for r in records])

    def __call__(self, zone: str, records: list[Record]) -> None:
        if zone != ZONE:
            return
        self.serial += 1
        serial, lines = self.serial, [record_line(r) for r in records]
        for server in AUTH_SERVERS:
            self.pools[server].submit(self._apply, server, serial, lines)

    def _apply(self, server: AuthServer, serial: int, lines: list[str]) -> None:
        if self.lag[server]:
            time.sleep(self.lag[server])
        try:
            self.lab.set_records(server, serial, lines)
        except BaseException as exc:  # reported by drain()
            self.errors.append(exc)

    def drain(self, timeout: float = 60.0) -> None:
        for pool in self.pools.values():
            pool.submit(lambda: None).result(timeout)
        assert self.errors == []

    def close(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=True)


class RealWorld:
    def __init__(self, lab: RealLab, lag: float) -> None:
        self.lab = lab
        self.sync = LabSync(lab, lag)
        self.world = World()
        port = free_port([API_ADDRESS], (socket.SOCK_STREAM,))
        self.api = FakeTencentCloud(API_ADDRESS, port)
        self.api.add_domain(ZONE, ACCOUNT)
        self.api.add_key(ApiKey(SECRET_ID, SECRET_KEY, uin=CAM_USER, account=ACCOUNT))
        for name, value in SEEDS:
            self.api.add_record(ZONE, name, "TXT", value)
        self.sync.publish(list(self.api.domains[ZONE].records))
        self.api.on_change = self.sync
        self.world.add(self.api)

    def records(self) -> frozenset[Any]:
        return self.world.run_sync(
            lambda: frozenset(
                (r.record_id, r.name, r.value) for r in self.api.domains[ZONE].records
            )
        )

    def zone_files(self) -> dict[str, str]:
        """Each server's example.com zone file, without the serial and the reload marker."""
        out = {}
        for server, daemon in DAEMON.items():
            text = (self.lab.workdir / daemon / "example.com.zone").read_text(encoding="utf-8")
            text = re.sub(r"(IN SOA \S+ \S+ )\d+", r"\1SERIAL", text)
            text = re.sub(r'_lab-generation 0 IN TXT "\d+"', "_lab-generation", text)
            out[server] = text
        return out


@pytest.fixture
def real_world(clean_lab: RealLab) -> Iterator[Callable[[float], RealWorld]]:
    made: list[RealWorld] = []

    def make(lag: float = 0.0) -> RealWorld:
        rw = RealWorld(clean_lab, lag)
        rw.world.start()
        made.append(rw)
        return rw

    yield make
    for rw in made:
        rw.world.stop()
        rw.sync.close()


def _ask(address: str, name: str) -> int:
    reply = dns.query.udp(dns.message.make_query(name, "TXT"), address, timeout=3)
    return reply.rcode()


cli_app = typer.Typer()


@cli_app.callback()
def _group() -> None:
    """Makes ``preflight`` a sub-command, as in dnsdoctor.cli."""


cli_app.command("preflight")(preflight_command)


def test_probe_through_the_api_lands_in_nsd_and_knot_and_goes_again(
    real_world: Callable[[float], RealWorld], tmp_path: Path
) -> None:
    rw = real_world(0.0)
    lab = rw.lab
    records, files = rw.records(), rw.zone_files()
    asked_before = lab.log("unbound").count("_acme-challenge")
    env = {
        "DNSDOCTOR_LOOPBACK_ONLY": "1",
        "TENCENTCLOUD_SECRET_ID": SECRET_ID,
        "TENCENTCLOUD_SECRET_KEY": SECRET_KEY,
        "XDG_STATE_HOME": str(tmp_path),
        "HOME": str(tmp_path),
    }
    args = [
        "preflight", ZONE, "--root", lab.ROOT, "--system-resolver", lab.RESOLVER, "--no-public",
        "--no-clock", "--tencent-endpoint", rw.api.url, "--probe-timeout", "30", "-f", "json",
    ]  # fmt: skip
    result = CliRunner().invoke(cli_app, args, env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    got = {f["code"]: f for c in report["checks"] for f in c["findings"]}
    visible = got["PREFLIGHT_PROBE_VISIBLE"]
    assert visible["params"]["count"] == "2"
    lines = {e["label"]: e["value"] for e in visible["evidence"]}
    assert lines[f"ns1.dnspod.net ({lab.NS1})"].startswith("seen")  # NSD
    assert lines[f"ns2.dnspod.net ({lab.NS2})"].startswith("seen")  # Knot
    assert lines[f"resolver {lab.RESOLVER}"].startswith("seen")  # unbound
    assert "gone from all 2" in got["PREFLIGHT_PROBE_DELETED"]["title"]
    fqdn = got["PREFLIGHT_PROBE_VISIBLE"]["params"]["fqdn"]
    rw.sync.drain()
    assert rw.records() == records
    assert rw.zone_files() == files
    for address in (lab.NS1, lab.NS2):
        assert _ask(address, fqdn + ".") == dns.rcode.NXDOMAIN
    log = lab.log("unbound")
    assert log.count("_acme-challenge") == asked_before  # never asked
    assert fqdn in log  # the probe's name was
    assert Journal(tmp_path / "dnsdoctor" / "probes.json").entries() == []


def test_interrupted_while_knot_lags_leaves_both_zone_files_as_they_were(
    real_world: Callable[[float], RealWorld], tmp_path: Path
) -> None:
    rw = real_world(2.0)
    lab = rw.lab
    records, files = rw.records(), rw.zone_files()
    inputs = CredentialInputs(
        env={"TENCENTCLOUD_SECRET_ID": SECRET_ID, "TENCENTCLOUD_SECRET_KEY": SECRET_KEY},
        home=tmp_path,
        provider="tencentcloud",
    )
    options = Options(
        roots=((lab.ROOT, 53),),
        timeout=15.0,
        query_timeout=1.0,
        no_clock=True,
        system_resolvers=((lab.RESOLVER, 53),),
        no_public=True,
        provider_options={"tencent_endpoint": rw.api.url},
        credentials=inputs,
        select=("dns.delegation",),
    )
    seen_by_ns1 = False

    async def hook(step: str) -> None:
        nonlocal seen_by_ns1
        if step == "during-watch":
            created = [
                r for r in rw.api.domains[ZONE].records if probe_token(r.name, r.type, r.value)
            ]
            (probe,) = created
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not seen_by_ns1:
                name = f"{probe.name}.{ZONE}."
                seen_by_ns1 = _ask(lab.NS1, name) == dns.rcode.NOERROR
                await asyncio.sleep(0.05)
            raise KeyboardInterrupt

    engine = Preflight(
        options,
        parse_targets([ZONE]),
        journal=Journal(tmp_path / "probes.json"),
        hooks=hook,
        probe_timeout=20.0,
        schedule=Schedule(start=0.05, factor=1.5, cap=0.2, jitter=0.1),
        handle_signals=False,
    )
    with pytest.raises(KeyboardInterrupt):
        asyncio.run(engine.run())
    assert seen_by_ns1  # NSD served the probe before the interruption
    assert rw.records() == records
    rw.sync.drain()  # Knot gets the creation and the deletion, late and in order
    assert rw.zone_files() == files
    assert Journal(tmp_path / "probes.json").entries() == []

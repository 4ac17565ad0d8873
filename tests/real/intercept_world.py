"""Run dnsdoctor from a host whose port-53 traffic is really intercepted, and print its JSON report.

Usage (as root, from the repository root): ``unshare --net python -m tests.real.intercept_world
KIND TOKEN``. It must run in a network namespace of its own (``unshare --net``): it brings up
``lo``, starts the real lab there (NSD, Knot, unbound, chronyd; tests/real/lab.py), publishes
TOKEN at both DNSPod servers (a healthy domain), then installs nftables rules that act on every
DNS packet *dnsdoctor* sends (source 127.0.0.1; the lab's unbound sends from 127.0.0.21 and is
left alone, like a router's own resolver):

* ``fake-ip`` -- DNAT of UDP/TCP port 53 to a Clash-like fake-IP DNS (A: 198.18.x.x, nothing
  for NS/SOA/TXT) on 127.0.0.60;
* ``forwarding`` -- DNAT of port 53 to the lab's unbound (a router that forces DNS);
* ``nxdomain`` -- DNAT of port 53 to a box that answers NXDOMAIN to everything on 127.0.0.60;
* ``drop`` -- port 53 silently dropped.

Then it runs ``python -m dnsdoctor check example.com --expect TOKEN`` with only the lab's root
hints, a canary address on loopback where nothing listens (127.0.0.99), the lab's unbound as the
system resolver and 127.0.0.23 as a "public resolver" (nothing listens there either: only the
interception can answer), and a DoH resolver on 127.0.0.36:443 (the lab's DohServer, backed by
the lab's unbound) as the way past port 53. Nothing leaves the namespace.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import dns.asyncquery
import dns.message
import dns.rcode

from dnsdoctor.lab.doh_server import LAB_CA, DohServer
from dnsdoctor.lab.interception import AnsweringBox
from dnsdoctor.lab.resolver import FakeIpResolver, _StopsCleanly
from dnsdoctor.lab.world import World
from tests.real.lab import DEFAULT_SERIAL, RealLab

BOX = "127.0.0.60"
CANARY = "127.0.0.99"
PUBLIC = "127.0.0.23"
KINDS = ("fake-ip", "forwarding", "nxdomain", "drop")
DOH = "127.0.0.36"
DOH_SOURCE = "127.0.0.62"
"""The DoH server asks unbound from this address, which the rules leave alone (port 443 is not
intercepted, and neither is what the DoH operator's own resolver does)."""


async def _via_unbound(query: dns.message.Message) -> dns.message.Message:
    return await dns.asyncquery.udp(query, RealLab.RESOLVER, timeout=3.0, source=DOH_SOURCE)


def rules(kind: str) -> str:
    match = "ip saddr 127.0.0.1"
    if kind == "drop":
        return f"""
table ip dnsdoctor_test {{
  chain out {{
    type filter hook output priority 0; policy accept;
    {match} udp dport 53 drop
    {match} tcp dport 53 drop
  }}
}}
"""
    target = RealLab.RESOLVER if kind == "forwarding" else BOX
    return f"""
table ip dnsdoctor_test {{
  chain out {{
    type nat hook output priority -100; policy accept;
    {match} udp dport 53 dnat to {target}:53
    {match} tcp dport 53 dnat to {target}:53
  }}
}}
"""


def main(kind: str, token: str) -> int:
    if kind not in KINDS:
        print(f"unknown kind {kind!r}", file=sys.stderr)
        return 2
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    routes = subprocess.run(["ip", "-4", "route", "show"], capture_output=True, text=True).stdout
    if routes.strip():
        print(
            f"refusing to run outside an isolated namespace (routes: {routes!r})", file=sys.stderr
        )
        return 2
    lab = RealLab(ntp_offset=0.0)
    world = World()
    try:
        lab.start()
        for server in ("ns1", "ns2"):
            lab.set_records(server, DEFAULT_SERIAL + 1, [f'_acme-challenge 60 IN TXT "{token}"'])
        box: _StopsCleanly | None = None
        if kind == "fake-ip":
            box = FakeIpResolver(BOX, 53)
        elif kind == "nxdomain":
            box = AnsweringBox(BOX, 53, rcode=dns.rcode.NXDOMAIN)
        if box is not None:
            world.add(box)
        world.add(DohServer(DOH, 443, _via_unbound, host="dns.alidns.com"))
        world.start()
        subprocess.run(["nft", "-f", "-"], input=rules(kind), text=True, check=True)
        argv = [
            sys.executable, "-m", "dnsdoctor", "check", "example.com",
            "--expect", token,
            "--root", RealLab.ROOT,
            "--canary", CANARY,
            "--system-resolver", RealLab.RESOLVER,
            "--resolver", PUBLIC,
            "--no-clock", "--provider", "none",
            "--doh", f"https://dns.alidns.com/dns-query@{DOH}:443", "--doh-ca", LAB_CA,
            "--timeout", "20", "-f", "json",
        ]  # fmt: skip
        env = {**os.environ, "DNSDOCTOR_LOOPBACK_ONLY": "1"}
        start = time.monotonic()
        run = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        report = json.loads(run.stdout) if run.stdout.strip() else {}
        print(
            json.dumps(
                {
                    "exit_code": run.returncode,
                    "seconds": round(time.monotonic() - start, 2),
                    "stderr": run.stderr[-2000:],
                    "report": report,
                }
            )
        )
        return 0
    finally:
        subprocess.run(["nft", "delete", "table", "ip", "dnsdoctor_test"], capture_output=True)
        world.stop()
        lab.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

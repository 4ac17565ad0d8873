#!/usr/bin/env python3
"""Benchmark of ``dnsdoctor check`` in a delegation without glue (issue 12, point 13). Prints
figures; not a test.

    python bench/bench_glueless.py [--quick] [--delay S] [--query-timeout S] [--timeline]

The usual DNSPod case: ns1/ns2.dnspod.net are out of bailiwick for every customer zone, so the
com. referral for example.com carries no glue; net. refers dnspod.net to ns1/ns2.dnspod.net with
glue, and each of them has two addresses (127.0.0.13 + .23, 127.0.0.14 + .24), every one serving
example.com and dnspod.net. Every authoritative server answers ``--delay`` (200 ms) late. Six
"public" (127.0.0.30-35) and three "system" (127.0.0.36-38) caching resolvers answer 20 ms late
(their own questions to the authoritative servers pay the 200 ms too); they are warmed by one run
before the measured ones, as the resolvers of a real host are. The lab resolver caches answers,
not delegations: a name it has never seen costs it a walk from the root.

The figure: wall time of the whole ``check`` (DNS and resolver checks) ÷ the critical-path bound,
target ≤ 1.3. The bound is counted from the zone data by bench_check's ideal iterative resolver
(dependent round trips until every authoritative address has been asked, × delay), plus what do
no harm needs after that: the challenge TXT may be asked of a resolver only once every
authoritative server's answer is known (one resolver round trip, answered from its cache), and
the questions whose answers carry the zone's SOA (a random label) only after the TXT: the
resolver must walk for that label itself (one resolver round trip + one authoritative round trip
per zone from the root). The DNS checks alone are shown against the truth part.

Loopback only (``DNSDOCTOR_LOOPBACK_ONLY=1`` is set before anything is imported); every wait has
a deadline and the world child exits on its own after a bounded lifetime.
"""

from __future__ import annotations

import os

os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = "1"

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
REPO = HERE.parent.parent
for _path in (str(REPO), str(HERE.parent)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

WORLD_LIFETIME = 600.0
PUBLIC = tuple(f"127.0.0.{i}" for i in range(30, 36))
SYSTEM = tuple(f"127.0.0.{i}" for i in range(36, 39))
RESOLVER_DELAY = 0.02
SECOND = {"127.0.0.13": "127.0.0.23", "127.0.0.14": "127.0.0.24"}
"""The second address of each DNSPod server."""


def glueless_world(delay: float) -> tuple[Any, list[Any]]:
    """The demo internet changed into the glueless DNSPod delegation described above."""
    from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
    from dnsdoctor.lab.internet import NS1, NS2, SERIAL, TOKEN, DemoInternet, example_zone

    net = DemoInternet()
    net_tld = f"""
@ 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. {SERIAL} 1800 900 604800 86400
@ 172800 IN NS a.gtld-servers.net.
a.gtld-servers 172800 IN A {net.tld.address}
a.root-servers 172800 IN A {net.root.address}
dnspod 172800 IN NS ns1.dnspod.net.
dnspod 172800 IN NS ns2.dnspod.net.
ns1.dnspod 172800 IN A {NS1}
ns1.dnspod 172800 IN A {SECOND[NS1]}
ns2.dnspod 172800 IN A {NS2}
ns2.dnspod 172800 IN A {SECOND[NS2]}
"""
    dnspod = f"""
@ 3600 IN SOA ns1.dnspod.net. admin.dnspod.net. {SERIAL} 3600 600 86400 300
@ 86400 IN NS ns1.dnspod.net.
@ 86400 IN NS ns2.dnspod.net.
ns1 86400 IN A {NS1}
ns1 86400 IN A {SECOND[NS1]}
ns2 86400 IN A {NS2}
ns2 86400 IN A {SECOND[NS2]}
"""
    net.set_zone(net.tld, "net.", net_tld)
    servers = [net.root, net.tld]
    for first in (net.ns1, net.ns2):
        net.set_zone(first, "example.com.", example_zone(serial=SERIAL + 1, txt=(TOKEN,)))
        first.add_zone(zone_from_text("dnspod.net.", dnspod))
        twin = AuthServer(SECOND[first.address], net.port, zones=first.zones)
        net.world.add(twin)
        servers += [first, twin]
    for server in servers:
        server.delay = delay
    return net, servers


def _world_child(delay: float) -> int:
    import dns.name
    from bench_check import _Ideal

    from dnsdoctor.lab.internet import ROOT
    from dnsdoctor.lab.resolver import CachingResolver

    watchdog = threading.Timer(WORLD_LIFETIME, lambda: os._exit(3))
    watchdog.daemon = True
    watchdog.start()
    net, servers = glueless_world(delay)
    for address in (*PUBLIC, *SYSTEM):
        res = CachingResolver(address, net.port, roots=[(ROOT, net.port)], upstream_port=net.port)
        res.delay = RESOLVER_DELAY
        net.world.add(res)
    path = _Ideal(servers, [ROOT]).challenge_depth(
        dns.name.from_text("_acme-challenge.example.com.")
    )
    net.world.start()
    print(json.dumps({"port": net.port, "root": ROOT, "path": path}), flush=True)
    for line in sys.stdin:
        print(json.dumps({"error": f"unknown command {line.strip()!r}"}), flush=True)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # see bench_check: pending TCP handlers
    net.world.stop()
    return 0


@dataclass
class Run:
    seconds: float
    sent: int
    codes: list[str]
    crashed: list[str]
    timeline: list[tuple[float, float, str]]


def run_check(world: Any, qt: float, resolvers: bool) -> Run:
    import dns.rdatatype
    from bench_check import _recording_client_class

    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.model import Status
    from dnsdoctor.core.targets import parse_target
    from dnsdoctor.engine.run import run_async
    from dnsdoctor.lab.internet import TOKEN

    port = int(world.info["port"])
    budget = 60.0
    options = Options(
        expect=(TOKEN,),
        roots=((str(world.info["root"]), port),),
        dns_port=port,
        timeout=budget,
        query_timeout=qt,
        no_clock=True,
        system_resolvers=tuple((a, port) for a in SYSTEM) if resolvers else (),
        resolvers=tuple((a, port) for a in PUBLIC) if resolvers else (),
        no_public=not resolvers,
        select=("dns", "resolvers") if resolvers else ("dns",),
    )
    client = _recording_client_class()(query_timeout=qt)

    async def go() -> Any:
        client.t0 = time.monotonic()
        return await asyncio.wait_for(
            run_async("check", options, [parse_target("example.com")], Services(dns=client)),
            budget + 10,
        )

    start = time.perf_counter()
    report = asyncio.run(go())
    seconds = time.perf_counter() - start
    timeline = [
        (t_ask, t_done if t_done is not None else float("nan"),
         f"{server:<11} {'tcp' if tcp else 'udp'} {'rd ' if rd else ''}"
         f"{dns.rdatatype.to_text(rt):<5} {qname} {outcome}")
        for (server, _p, qname, rt, rd, tcp), (t_ask, t_done, outcome) in client.log.items()
    ]  # fmt: skip
    return Run(
        seconds=seconds,
        sent=client.sent,
        codes=sorted({f.code for f in report.findings}),
        crashed=[r.check for r in report.results if r.status is Status.CRASH],
        timeline=sorted(timeline),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one run instead of the median of 3")
    parser.add_argument("--query-timeout", type=float, default=1.0, help="QT (default 1.0 s)")
    parser.add_argument("--delay", type=float, default=0.2, help="per auth server (0.2 s)")
    parser.add_argument("--timeline", action="store_true", help="print the questions of one run")
    parser.add_argument("--world-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.world_child:
        return _world_child(args.delay)

    from bench_check import WorldProcess

    from dnsdoctor import __version__

    qt, rtt = args.query_timeout, args.delay
    repeats = 1 if args.quick else 3
    world = WorldProcess(HERE, ["--delay", str(rtt)])
    try:
        run_check(world, qt, resolvers=True)  # warm-up: imports, the resolvers' caches
        runs = [run_check(world, qt, resolvers=True) for _ in range(repeats)]
        dns_only = [run_check(world, qt, resolvers=False) for _ in range(repeats)]
    finally:
        world.stop()

    path = world.info["path"]
    depth = int(path["round_trips"])
    truth = depth * rtt
    # A resolver iterating for a name it has never seen (the random label that must follow the
    # TXT) asks every zone from the root down: the referrals of the challenge's walk + 1.
    zones = 1 + sum(1 for step in path["steps"] if " refers to " in step and "no glue" not in step)
    after_txt = RESOLVER_DELAY + zones * rtt
    bound = truth + RESOLVER_DELAY + after_txt
    wall = statistics.median(r.seconds for r in runs)
    wall_dns = statistics.median(r.seconds for r in dns_only)
    run = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    print(
        f"dnsdoctor {__version__} glueless-delegation benchmark — example.com NS "
        f"ns1/ns2.dnspod.net without glue, two addresses each; +{rtt * 1000:.0f} ms per "
        f"authoritative server, +{RESOLVER_DELAY * 1000:.0f} ms per resolver (9, warmed); "
        f"QT={qt:g} s; {'quick: 1 run' if args.quick else f'median of {repeats} runs'}"
    )
    print()
    print("how the bound is counted (ideal iterative resolver over the zone data):")
    for step in path["steps"]:
        print(f"  {step}")
    print(
        f"  truth: {depth} dependent round trips × {rtt:g} s = {truth:.2f} s; then, do no harm, "
        f"the resolvers' TXT (cached: {RESOLVER_DELAY:g} s) and only after it the questions "
        f"whose answers carry the zone's SOA (a random label: {RESOLVER_DELAY:g} s + the "
        f"resolver's own walk, {zones} zones × {rtt:g} s); bound = {bound:.2f} s"
    )
    print()
    print(f"{'metric':<44} {'measured':>9} {'bound':>9} {'ratio':>6}  target")
    print(
        f"{'check (dns + resolvers) ÷ bound':<44} {wall:>8.3f}s {bound:>8.3f}s "
        f"{wall / bound:>6.2f}  ≤ 1.3 {'yes' if wall / bound <= 1.3 else 'NO'}"
    )
    print(
        f"{'DNS checks alone ÷ truth':<44} {wall_dns:>8.3f}s {truth:>8.3f}s "
        f"{wall_dns / truth:>6.2f}  report"
    )
    print()
    print(f"queries sent: {run.sent}; codes: {', '.join(run.codes) or '-'}")
    if run.crashed:
        print(f"CRASHED: {run.crashed} (figures are not valid)")
    if args.timeline:
        print()
        print("timeline of one run (first asked → answered, seconds from start):")
        for t_ask, t_done, what in run.timeline:
            print(f"  {t_ask:6.3f} → {t_done:6.3f}  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

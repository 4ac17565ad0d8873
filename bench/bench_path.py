#!/usr/bin/env python3
"""What proving the DNS path costs (issue 10, point 7). Prints figures; not a test.

    python bench/bench_path.py [--runs N]

1. On a clean network: ``check`` with the path verdict against the same ``check`` with the
   verdict's probes answered from a pre-filled memo (what the run would cost without them), in
   the demo world with every server 100 ms late. The verdict's root question is the walk's own
   first question, so the difference should be noise; the canary costs two datagrams that are
   never waited for beyond a short grace.
2. On each intercepted network (the ``intercept-*`` demo scenarios): the seconds until the
   verdict, and the seconds of the whole ``check``.

Loopback only (``DNSDOCTOR_LOOPBACK_ONLY=1`` is set before anything is imported).
"""

from __future__ import annotations

import os

os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = "1"

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dnsdoctor.core.context import Options, Services  # noqa: E402
from dnsdoctor.core.targets import parse_targets  # noqa: E402
from dnsdoctor.engine import run as app  # noqa: E402
from dnsdoctor.lab.internet import ROOT, TOKEN, DemoInternet  # noqa: E402
from dnsdoctor.lab.scenarios import all_scenarios  # noqa: E402
from dnsdoctor.net.dns import DnsClient  # noqa: E402
from dnsdoctor.truth import path  # noqa: E402

DELAY = 0.1


def clean_run(net: DemoInternet, skip_verdict: bool) -> tuple[float, int]:
    options = Options(
        roots=((ROOT, net.port),),
        dns_port=net.port,
        expect=(TOKEN,),
        query_timeout=1.0,
        timeout=60,
        no_clock=True,
        select=("dns",),
    )
    client = DnsClient(query_timeout=1.0)
    original = path._decide

    async def clean(ctx: object) -> path.PathVerdict:
        return path.PathVerdict()

    if skip_verdict:
        path._decide = clean  # type: ignore[assignment]
    try:
        start = time.monotonic()
        app.run("check", options, parse_targets(["example.com"]), Services(dns=client))
        return time.monotonic() - start, client.sent
    finally:
        path._decide = original  # type: ignore[assignment]


def intercepted(name: str) -> tuple[float, float, str]:
    demo = all_scenarios()[name].build()
    from dnsdoctor.cli import app as cli_app

    seen: dict[str, float] = {}
    original = path._decide

    async def timed(ctx: object) -> path.PathVerdict:
        t0 = time.monotonic()
        verdict = await original(ctx)  # type: ignore[arg-type]
        seen["verdict"] = time.monotonic() - t0
        seen["kind"] = verdict.kind  # type: ignore[assignment]
        return verdict

    path._decide = timed  # type: ignore[assignment]
    try:
        with demo.world:
            start = time.monotonic()
            with contextlib.suppress(SystemExit):
                cli_app([*demo.argv, "-f", "json", "-o", os.devnull], standalone_mode=False)
            total = time.monotonic() - start
    finally:
        path._decide = original  # type: ignore[assignment]
    return seen.get("verdict", float("nan")), total, str(seen.get("kind", "?"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    net = DemoInternet()
    for server in (net.root, net.tld, net.ns1, net.ns2):
        server.delay = DELAY
    net.set_txt(TOKEN)
    with net.world:
        clean_run(net, False)  # warm-up: imports
        rows = {False: [], True: []}  # type: dict[bool, list[tuple[float, int]]]
        for _ in range(args.runs):
            for skip in (True, False):
                rows[skip].append(clean_run(net, skip))
    with_v = statistics.median(t for t, _ in rows[False])
    without = statistics.median(t for t, _ in rows[True])
    print(f"clean network, +{DELAY * 1000:.0f} ms per server, median of {args.runs} runs")
    print(f"  check with the path verdict     {with_v:.3f} s  ({rows[False][0][1]} packets)")
    print(f"  check, verdict answered already {without:.3f} s  ({rows[True][0][1]} packets)")
    print(
        f"  ratio                           {with_v / without:.2f}  (target: no extra round trip, ≈ 1.0)"
    )
    print("  (in loopback-only mode the default canary 192.0.2.53 is refused before sending;")
    print("   on a real network it costs 2 datagrams, waited for at most max(50 ms, 3 × root RTT))")
    print()
    print("intercepted networks (demo scenarios, in-process world, no added delay)")
    print(f"  {'scenario':24} {'kind':11} {'verdict':>8} {'check':>8}")
    for name in (
        "intercept-fake-ip",
        "intercept-forwarding",
        "intercept-nxdomain",
        "intercept-blocked",
    ):
        verdict, total, kind = intercepted(name)
        print(f"  {name:24} {kind:11} {verdict:7.2f}s {total:7.2f}s")
    return 0


if __name__ == "__main__":
    asyncio.set_event_loop_policy(None)
    sys.exit(main())

#!/usr/bin/env python3
"""What the CAA check costs in a ``dnsdoctor check`` run (issue 14, point 6). Prints figures; not a test.

    python bench/bench_caa.py [--runs N] [--delay S]

The demo world (``DemoInternet``) with every server answering ``--delay`` late (100 ms), the
challenge TXT on both DNSPod servers and a CAA record set at ``example.com``. ``check
example.com`` runs in this process, alternately with the ``caa`` family ignored (before) and with
it (after); the figures are the median wall time and the packets sent (``DnsClient.sent``).
The CAA questions start right after the walk, beside the challenge view's own questions, so the
wall time should not grow by a round trip. Loopback only.
"""

from __future__ import annotations

import os

os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = "1"

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dnsdoctor.core.context import Options, Services  # noqa: E402
from dnsdoctor.core.targets import parse_targets  # noqa: E402
from dnsdoctor.engine.run import run_async  # noqa: E402
from dnsdoctor.lab.internet import ROOT, SERIAL, TOKEN, DemoInternet, example_zone  # noqa: E402
from dnsdoctor.net.dns import DnsClient  # noqa: E402


def one(net: DemoInternet, ignore: tuple[str, ...]) -> tuple[float, int, list[str]]:
    options = Options(
        roots=((ROOT, net.port),),
        dns_port=net.port,
        expect=(TOKEN,),
        no_clock=True,
        no_public=True,
        no_doh=True,
        timeout=30,
        query_timeout=1.0,
        ignore=("creds", "resolvers", *ignore),
    )
    client = DnsClient(query_timeout=1.0)
    t0 = time.monotonic()
    report = asyncio.run(
        run_async("check", options, parse_targets(["example.com"]), Services(dns=client))
    )
    return time.monotonic() - t0, client.sent, sorted({f.code for f in report.findings})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--delay", type=float, default=0.1)
    args = ap.parse_args()
    net = DemoInternet()
    caa = '@ 600 IN CAA 0 issue "letsencrypt.org"'
    for server in (net.ns1, net.ns2):
        net.set_zone(server, "example.com.", example_zone(SERIAL + 1, (TOKEN,), extra=caa))
    with net.world:
        one(net, ())  # warm-up: imports
        for server in (net.root, net.tld, net.ns1, net.ns2):
            server.delay = args.delay
        rows: dict[str, list[tuple[float, int, list[str]]]] = {"before": [], "after": []}
        for _ in range(args.runs):
            rows["before"].append(one(net, ("caa",)))
            rows["after"].append(one(net, ()))
    print(f"check example.com, every server {args.delay * 1000:.0f} ms late, {args.runs} runs each")
    print(f"{'':8} {'median wall':>12} {'packets':>8}  findings")
    med = {}
    for label, runs in rows.items():
        med[label] = statistics.median(r[0] for r in runs)
        packets = statistics.median(r[1] for r in runs)
        print(f"{label:8} {med[label]:>10.3f} s {packets:>8.0f}  {', '.join(runs[-1][2]) or '-'}")
    extra = med["after"] - med["before"]
    print(
        f"CAA adds {extra * 1000:+.0f} ms ({extra / args.delay:+.2f} round trips of {args.delay:g} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""What the DNSSEC chain costs (issue 14, point 6). Prints figures; not a test.

    python bench/bench_dnssec.py [--runs N]

The demo internet signed from the root down (``dnssec-healthy-signed``), every server 100 ms
late: ``check --select dns`` against ``check --select dns --select dnssec``, seconds and packets
(median of N runs, a fresh client each: no memo carried over). The chain's questions are the DS
and DNSKEY of each zone (root, com, example.com) plus a DNSKEY and a TXT with DO at every server
of the challenge's zone; they start beside the walk, so the target is about one round trip more
than the DNS checks alone (the DNSKEY at example.com's servers, which only the walk finds).

Loopback only (``DNSDOCTOR_LOOPBACK_ONLY=1`` is set before anything is imported).
"""

from __future__ import annotations

import os

os.environ["DNSDOCTOR_LOOPBACK_ONLY"] = "1"

import argparse
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
from dnsdoctor.lab.dns_server import AuthServer  # noqa: E402
from dnsdoctor.lab.internet import ROOT, SERIAL, TOKEN, DemoInternet  # noqa: E402
from dnsdoctor.lab.signing import new_keys, sign_internet  # noqa: E402
from dnsdoctor.net.dns import DnsClient  # noqa: E402

DELAY = 0.1


def one(net: DemoInternet, anchor: str, families: tuple[str, ...]) -> tuple[float, int, list[str]]:
    options = Options(
        roots=((ROOT, net.port),),
        dns_port=net.port,
        expect=(TOKEN,),
        query_timeout=1.0,
        timeout=60,
        no_clock=True,
        select=families,
        trust_anchor_text=anchor,
    )
    client = DnsClient(query_timeout=1.0)
    start = time.monotonic()
    report = app.run("check", options, parse_targets(["example.com"]), Services(dns=client))
    return time.monotonic() - start, client.sent, [f.code for f in report.findings]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    net = DemoInternet()
    net.set_txt(TOKEN, serial=SERIAL + 1)
    signed = sign_internet(net, example=new_keys("example.com."))
    anchor = Path(signed.anchor.path).read_text()
    for component in net.world.components:
        if isinstance(component, AuthServer):
            component.delay = DELAY
    with net.world:
        rows = {}
        for families in (("dns",), ("dns", "dnssec")):
            runs = [one(net, anchor, families) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            packets = statistics.median(r[1] for r in runs)
            rows[families] = (seconds, packets)
            print(f"{'+'.join(families):<12} {seconds:.3f} s  {packets:.0f} packets  {runs[-1][2]}")
    (base_s, base_p), (full_s, full_p) = rows[("dns",)], rows[("dns", "dnssec")]
    print(
        f"dnssec adds {full_s - base_s:+.3f} s ({(full_s - base_s) / DELAY:.1f} round trips of "
        f"{DELAY * 1000:.0f} ms) and {full_p - base_p:+.0f} packets"
    )


if __name__ == "__main__":
    main()

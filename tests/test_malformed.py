"""A provider server that misbehaves is a finding, never a traceback, and the run keeps its budget.

Every fault of the lab's AuthServer, on either of the two DNSPod servers, through the real entry
point (`dnsdoctor check ... --format json`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dnsdoctor.lab.internet import NS1, NS2, TOKEN, DemoInternet

TIMEOUT = 2.0
"""The run's --timeout: short, so that dropping servers cost little (no speed is asserted)."""

FAULTS = [
    # fault, TCP fault, the finding the report must lead with
    ("garbage", None, "DNS_SERVER_MALFORMED"),
    ("wrong-id", None, "DNS_SERVER_MALFORMED"),
    ("truncate", "drop", "DNS_SERVER_TIMEOUT"),  # TC=1 over UDP, silence over TCP: no data
    ("formerr", None, "DNS_SERVER_LAME"),
    ("refused", None, "DNS_SERVER_LAME"),
    ("servfail", None, "DNS_SERVER_LAME"),
    ("noaa", None, "DNS_SERVER_LAME"),
    ("drop", None, "DNS_SERVER_TIMEOUT"),
]


@pytest.mark.parametrize("server", ["ns1", "ns2"])
@pytest.mark.parametrize(("fault", "tcp_fault", "code"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_misbehaving_server_is_a_finding_within_the_budget(
    net: DemoInternet,
    cli: Callable[..., Any],
    server: str,
    fault: str,
    tcp_fault: str | None,
    code: str,
) -> None:
    net.set_txt(TOKEN)
    broken = getattr(net, server)
    broken.fault, broken.tcp_fault = fault, tcp_fault
    address = {"ns1": NS1, "ns2": NS2}[server]

    run = cli(*net.check_argv(expect=(TOKEN,)), "--timeout", str(TIMEOUT), "--format", "json")

    assert "Traceback" not in run.stdout + run.stderr
    assert run.exit_code != 3, run.stderr
    assert run.exit_code == 1
    assert broken.queries > 0  # the fault was met, not avoided
    report = run.json
    assert report["duration_s"] <= TIMEOUT + 1  # the budget property, not a speed test
    assert [c["name"] for c in report["checks"] if c["status"] == "crash"] == []
    found = [
        f
        for c in report["checks"]
        for f in c["findings"]
        if f["code"] == code and f["subject"] == f"example.com|{address}"
    ]
    assert len(found) == 1, [f["code"] for c in report["checks"] for f in c["findings"]]
    assert found[0]["severity"] == "error"
    assert found[0]["params"]["server"].startswith(f"{broken_host(server)} ({address}:")
    assert report["root_causes"][0]["code"] == code
    assert report["root_causes"][0]["subject"] == f"example.com|{address}"
    # the healthy server still serves the token: no TXT finding blames it
    healthy = NS2 if server == "ns1" else NS1
    assert not [
        f
        for c in report["checks"]
        for f in c["findings"]
        if f["subject"] == f"example.com|{healthy}"
    ]


def broken_host(server: str) -> str:
    return f"{server}.dnspod.net"

"""Real interception (issue 10): nftables in a network namespace of the test's own redirects or
drops every DNS packet dnsdoctor sends, in front of the real lab (NSD, Knot, unbound).

Each case runs ``tests/real/intercept_world.py`` under ``unshare --net``: the lab, the box and the
rules live and die in that namespace; the domain is healthy there (both DNSPod servers serve the
token). dnsdoctor gets no hint but the lab's root hints and a canary address on loopback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .lab import lab_unavailable_reason

ROOT_DIR = Path(__file__).resolve().parents[2]
TOKEN = "tok-interception-real-0001"
BLAME = {
    "DNS_NOT_DELEGATED",
    "DNS_NS_MISMATCH",
    "DNS_NS_NO_ADDRESS",
    "DNS_SERVER_TIMEOUT",
    "DNS_SERVER_LAME",
    "DNS_SERIAL_LAG",
    "DNS_TXT_MISSING",
    "DNS_TXT_NOT_FOUND",
    "RESOLVER_HIJACKED",
    "RESOLVER_SPLIT_HORIZON",
}


def _unavailable() -> str | None:
    reason = lab_unavailable_reason()
    if reason is None and shutil.which("nft") is None:
        reason = "nft (nftables) is not installed"
    if reason is None and shutil.which("unshare") is None:
        reason = "unshare is not installed"
    if reason is None:
        probe = subprocess.run(
            ["unshare", "--net", "nft", "add", "table", "ip", "probe"], capture_output=True
        )
        if probe.returncode != 0:
            reason = f"nftables in a new network namespace: {probe.stderr.decode()[:200]}"
    return reason


@pytest.fixture(scope="module")
def available() -> None:
    reason = _unavailable()
    if reason is not None:
        if os.environ.get("DNSDOCTOR_REQUIRE_REAL_SERVERS") == "1":
            pytest.fail(f"DNSDOCTOR_REQUIRE_REAL_SERVERS=1 but: {reason}", pytrace=False)
        pytest.skip(reason)


def intercepted(kind: str) -> dict[str, Any]:
    run = subprocess.run(
        ["unshare", "--net", sys.executable, "-m", "tests.real.intercept_world", kind, TOKEN],
        capture_output=True,
        text=True,
        cwd=ROOT_DIR,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out: dict[str, Any] = json.loads(run.stdout)
    assert out["report"], out["stderr"]
    return out


@pytest.mark.parametrize(
    ("kind", "code", "exit_code"),
    [
        ("fake-ip", "PATH_FAKE_IP_HIJACK", 1),
        ("forwarding", "PATH_FORCED_FORWARDING", 0),
        ("nxdomain", "PATH_ANSWERING_MIDDLEBOX", 1),
        ("drop", "PATH_DNS_BLOCKED", 1),
    ],
)
def test_real_interception_is_named_first(
    available: None, kind: str, code: str, exit_code: int
) -> None:
    out = intercepted(kind)
    report = out["report"]
    assert out["exit_code"] == exit_code, report["root_causes"]
    assert report["root_causes"][0]["code"] == code
    found = [f["code"] for c in report["checks"] for f in c["findings"]]
    assert not BLAME & set(found), found
    assert not [c["name"] for c in report["checks"] if c["status"] == "crash"]
    # the public resolver (nothing listens there: only the box answers) is never blamed
    assert not [
        f["code"]
        for c in report["checks"]
        for f in c["findings"]
        if "127.0.0.23" in f.get("subject", "")
    ]
    if kind == "forwarding":
        assert report["verdict"] == "warning"
    # past port 53, over DoH, the healthy record is seen
    assert "PATH_DOH_TXT_SEEN" in found, found

"""The real-server fixture skips when the lab cannot run on this machine (here: another socket
holds a lab address), and fails loudly instead when DNSDOCTOR_REQUIRE_REAL_SERVERS=1."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .lab import RealLab, lab_unavailable_reason

ROOT_DIR = Path(__file__).resolve().parents[2]
ONE_TEST = "tests/real/test_lab_smoke.py::test_referral_chain_root_com_example_without_glue"


@contextlib.contextmanager
def holding_a_lab_address() -> Iterator[None]:
    """A UDP socket on the lab's root server address (unless a running lab holds it already)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    with contextlib.suppress(OSError):  # EADDRINUSE: this session's lab holds it: taken anyway
        sock.bind((RealLab.ROOT, 53))
    try:
        yield
    finally:
        sock.close()


def _pytest(require: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DNSDOCTOR_REQUIRE_REAL_SERVERS"}
    if require:
        env["DNSDOCTOR_REQUIRE_REAL_SERVERS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_taken_addresses_skip_or_fail_when_required() -> None:
    reason = lab_unavailable_reason()
    if reason is not None:  # the lab could not start here anyway: nothing to tell apart
        if os.environ.get("DNSDOCTOR_REQUIRE_REAL_SERVERS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with holding_a_lab_address():
        lenient = _pytest(require=False)
        strict = _pytest(require=True)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert "1 skipped" in lenient.stdout and "error" not in lenient.stdout.lower()
    assert "already use the lab's addresses" in lenient.stdout
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "DNSDOCTOR_REQUIRE_REAL_SERVERS=1 but the lab cannot run" in strict.stdout

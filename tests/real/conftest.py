"""Fixtures for end-to-end tests against real DNS/NTP servers on loopback.

``real_lab`` (session) and ``clean_lab`` (function, reset first); the addresses and methods
of the lab are documented in lab.py. Every test collected under tests/real/ gets the ``real``
marker, so ``pytest -m "not real"`` leaves them out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .lab import AddressesTaken, RealLab, lab_unavailable_reason

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before -m selection, which runs in the same hook
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.real)


def _cannot_run(reason: str) -> None:
    """Skip, or fail loudly when the real servers are required (CI)."""
    if os.environ.get("DNSDOCTOR_REQUIRE_REAL_SERVERS") == "1":
        pytest.fail(
            f"DNSDOCTOR_REQUIRE_REAL_SERVERS=1 but the lab cannot run: {reason}", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_lab() -> Iterator[RealLab]:
    reason = lab_unavailable_reason()
    if reason is not None:
        _cannot_run(reason)
    lab = RealLab()
    # start() stops whatever it had started if it fails; stop() runs even if a test or the
    # session is interrupted (pytest finalises fixtures on KeyboardInterrupt too).
    try:
        lab.start()
    except AddressesTaken as exc:  # the machine's state, not a bug: like a missing program
        _cannot_run(str(exc))
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture
def clean_lab(real_lab: RealLab) -> RealLab:
    real_lab.reset()
    return real_lab

"""Loopback-only mode: the demo world and the test suite must never reach another address.

With ``DNSDOCTOR_LOOPBACK_ONLY=1`` in the environment (the demo and the tests set it), every
adapter refuses any address outside 127.0.0.0/8 and ::1 before a packet is sent. A leak then
becomes a visible error instead of traffic.
"""

from __future__ import annotations

import ipaddress
import os

ENV = "DNSDOCTOR_LOOPBACK_ONLY"


class OffLoopback(OSError):
    """An address outside loopback was about to be contacted in loopback-only mode."""


def loopback_only() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def allowed(address: str) -> bool:
    if not loopback_only():
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def ensure_allowed(address: str) -> None:
    if not allowed(address):
        raise OffLoopback(f"{address} is outside loopback ({ENV}=1)")

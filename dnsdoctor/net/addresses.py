"""Hosts as the transports take them (:mod:`dnsdoctor.net.http`, :mod:`dnsdoctor.net.ntp`).

An IP literal is used as it is; a host name goes through the resolver the caller injects (the
tool's own resolver path, never ``getaddrinfo``), and only the IP literals it answers are kept.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Awaitable, Callable

from dnsdoctor.net.errors import NetError

Resolve = Callable[[str], Awaitable[list[str]]]
"""Turns a host name into IP address literals (the tool's own resolver, never getaddrinfo)."""


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def host_port(host: str, port: int) -> str:
    """``host:port``, an IPv6 address in brackets (``[::1]:123``)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


async def addresses_of(
    where: str, host: str, resolve: Resolve | None, error: Callable[[str, str], NetError]
) -> list[str]:
    """``host`` itself if it is an IP address, else the addresses ``resolve`` gives for it.
    A missing resolver, a failing one or no address at all raise ``error(where, message)``; a
    time-out or a cancellation is left to the caller, whose deadline it is."""
    if is_ip(host):
        return [host]
    if resolve is None:
        raise error(where, f"{host} is a host name and no resolver was given")
    try:
        found = await resolve(host)
    except (asyncio.CancelledError, TimeoutError):
        raise
    except Exception as exc:  # any resolver failure is this peer's failure
        raise error(where, f"cannot resolve {host}: {exc}") from None
    found = [a for a in found if is_ip(a)]
    if not found:
        raise error(where, f"{host} has no address")
    return found

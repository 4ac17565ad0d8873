"""What a run knows: the user's inputs, the network adapters, the budget and memoised facts.

Adapters are injected (tests and the demo world point them at loopback servers). Facts that several
checks need (the delegation of a name, each server's answer) are computed once per run through
:meth:`Context.memo` and shared.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import dns.name

    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.net.dns import DnsClient
    from dnsdoctor.net.doh import DohClient, DohEndpoint
    from dnsdoctor.net.http import HttpClient
    from dnsdoctor.net.ntp import NtpClient
    from dnsdoctor.net.tencent import TencentApi

T = TypeVar("T")

Endpoint = tuple[str, int]
"""An IP address literal and a port."""


@dataclass(frozen=True)
class Options:
    """Everything the user asked for. Defaults are those of a plain ``dnsdoctor check``."""

    expect: tuple[str, ...] = ()
    roots: tuple[Endpoint, ...] = ()
    """Root server hints; empty means the built-in IANA hints."""
    dns_port: int = 53
    """Port of every server reached through delegation."""
    timeout: float = 30.0
    """Budget of the whole run, in seconds."""
    query_timeout: float = 2.0
    """Deadline of one DNS query attempt."""
    lang: str = "en"
    verbose: bool = False
    strict: bool = False
    # resolvers (issue 3)
    resolvers: tuple[Endpoint, ...] = ()
    system_resolvers: tuple[Endpoint, ...] = ()
    no_public: bool = False
    query_public_anyway: bool = False
    # clock (issue 4)
    no_clock: bool = False
    ntp_servers: tuple[tuple[str, int], ...] = ()
    """NTP servers as (host name or address, port); empty means the documented defaults."""
    time_urls: tuple[str, ...] = ()
    # Tencent Cloud (issue 5)
    tencent_endpoint: str | None = None
    tencent_site: str = "cn"
    credentials: CredentialInputs | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # DNS over HTTPS (issue 10)
    doh: tuple[DohEndpoint, ...] = ()
    """DoH resolvers to ask; empty means :data:`dnsdoctor.net.doh.DEFAULT_ENDPOINTS`."""
    no_doh: bool = False
    """Ask no DoH resolver (``Services.doh`` is then ``None``)."""
    doh_ca: str | None = None
    """CA bundle that DoH certificates must chain to, instead of the system's (the lab's CA)."""


@dataclass(frozen=True)
class Target:
    """One name from the command line, normalised."""

    raw: str
    """Exactly what the user typed (for messages)."""
    base: dns.name.Name
    """The identifier the certificate is for, without ``*.`` and ``_acme-challenge.``."""
    challenge: dns.name.Name
    """``_acme-challenge.<base>``, the name the ACME client publishes TXT at."""
    wildcard: bool = False
    apex_too: bool = False
    """A wildcard and its apex share one challenge name (``example.com`` + ``*.example.com``)."""

    @property
    def display(self) -> str:
        name = self.base.to_unicode(omit_final_dot=True)
        if self.wildcard and self.apex_too:
            return f"{name} + *.{name}"
        return f"*.{name}" if self.wildcard else name


@dataclass
class Services:
    """The network adapters. Each is thin and replaceable."""

    dns: DnsClient
    ntp: NtpClient | None = None
    http: HttpClient | None = None
    tencent: TencentApi | None = None
    doh: DohClient | None = None
    """DNS over HTTPS; ``None`` with ``--no-doh``. Its ``endpoints`` are the resolvers to ask."""


@dataclass
class Context:
    options: Options
    services: Services
    targets: list[Target] = field(default_factory=list)
    deadline: float = 0.0
    """``time.monotonic()`` value by which the run must end."""
    clock: Callable[[], float] = time.time
    """The local wall clock (the clock check compares it with the world)."""
    _memo: dict[Hashable, asyncio.Future[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.deadline:
            self.deadline = time.monotonic() + self.options.timeout

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    async def memo(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """Compute ``factory()`` once per run for ``key``; concurrent callers share the result."""
        fut = self._memo.get(key)
        if fut is None:
            fut = asyncio.get_running_loop().create_future()
            self._memo[key] = fut
            try:
                fut.set_result(await factory())
            except BaseException as exc:
                fut.set_exception(exc)
                # mark retrieved: the caller below re-raises it
                fut.exception()
                raise
        result: T = await asyncio.shield(fut)
        return result

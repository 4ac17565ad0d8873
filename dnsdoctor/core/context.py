"""What a run knows: the user's inputs, the network adapters, the budget and memoised facts.

Adapters are injected (tests and the demo world point them at loopback servers). Facts that several
checks need (the delegation of a name, each server's answer) are computed once per run through
:meth:`Context.memo` and shared.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import dns.name

    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.net.dns import DnsClient
    from dnsdoctor.net.doh import DohClient, DohEndpoint
    from dnsdoctor.net.http import HttpClient
    from dnsdoctor.net.ntp import NtpClient
    from dnsdoctor.providers.base import DnsApi

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
    # the providers' own options (issue 13): read them with provider_option()
    provider_options: Mapping[str, str | None] = field(default_factory=dict)
    """Each provider's command-line options (:attr:`~dnsdoctor.providers.base.Provider.cli_options`)
    by :attr:`~dnsdoctor.providers.base.CliOption.dest`: ``{"alidns_endpoint": URL}``."""
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
    # interception (issue 10)
    canary: Endpoint | None = None
    """Where the interception canary is sent; None: TEST-NET-1 (see :mod:`dnsdoctor.truth.path`)."""
    # what the CA will see (issue 14)
    ca: str = "letsencrypt"
    """The CA the order goes to (a key of :data:`dnsdoctor.checks.ca.caa.CAS`)."""
    acme_account: str | None = None
    """The ACME account URI, for CAA ``accounturi`` (RFC 8657)."""
    # DNSSEC (issue 14)
    trust_anchor: str | None = None
    """The ``--trust-anchor`` file; None: IANA's root KSKs, built in."""
    trust_anchor_text: str = ""
    """Its DS/DNSKEY records (read by the CLI; empty: the built-in root anchors)."""

    def provider_option(self, dest: str) -> str | None:
        """A provider's option (``"alidns_endpoint"``) as the run has it; ``None``: not given
        (the command line gives every option, at its default if need be)."""
        return self.provider_options.get(dest)


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
    apis: dict[str, DnsApi] = field(default_factory=dict)
    """Each DNS provider's API adapter, by provider name (``tencentcloud``): injected by tests,
    else made from the options when first needed."""
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
    spent: dict[str, int] = field(default_factory=dict)
    """Per-run counters of bounded work (name server address lookups, …)."""
    _memo: dict[Hashable, asyncio.Task[Any]] = field(default_factory=dict)
    _waiting: dict[Hashable, list[Hashable]] = field(default_factory=dict)
    """For each computation in progress, the keys it is waiting for now (to see cycles)."""

    def __post_init__(self) -> None:
        if not self.deadline:
            self.deadline = time.monotonic() + self.options.timeout

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    async def memo(self, key: Hashable, factory: Callable[[], Awaitable[T]]) -> T:
        """Compute ``factory()`` once per run for ``key``; concurrent callers share the result.

        The factory runs in a task of its own, so a caller that is cancelled (its check's
        deadline) leaves the computation, and every other caller's result, intact.

        A computation that would wait for itself, directly or through others (a name server's
        zone whose name servers can be found only through that first one), raises
        :class:`MemoCycle` at once instead of waiting forever. Such a failure depends on who
        asked first, so it is not kept: a later caller computes afresh.
        """
        stack = _COMPUTING.get()
        task = self._memo.get(key)
        if task is None or (task.done() and task.cancelled()):
            inner = contextvars.copy_context()
            inner.run(_COMPUTING.set, (*stack, key))
            task = asyncio.get_running_loop().create_task(_run(factory), context=inner)
            self._memo[key] = task
            task.add_done_callback(functools.partial(self._settled, key, set(stack)))
        waiter = stack[-1] if stack else None
        if task.done() or waiter is None:
            return await asyncio.shield(task)
        chain = self._waits_for(key, waiter)
        if chain is not None:
            raise MemoCycle((waiter, *chain))
        edges = self._waiting.setdefault(waiter, [])
        edges.append(key)
        try:
            return await asyncio.shield(task)
        finally:
            edges.remove(key)
            if not edges:
                del self._waiting[waiter]

    def _waits_for(self, start: Hashable, goal: Hashable) -> tuple[Hashable, ...] | None:
        """The chain ``start → … → goal`` of computations waiting for one another, if any."""
        seen: set[Hashable] = set()
        todo: list[tuple[Hashable, ...]] = [(start,)]
        while todo:
            path = todo.pop()
            if path[-1] == goal:
                return path
            if path[-1] in seen:
                continue
            seen.add(path[-1])
            todo.extend((*path, nxt) for nxt in self._waiting.get(path[-1], ()))
        return None

    def _settled(self, key: Hashable, outer: set[Hashable], task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()  # also marks it retrieved when nobody waits any more
        # A cycle that runs through the computations this one was started for cut it short;
        # asked on its own, it may well succeed. A cycle inside its own work is its answer.
        cut_short = isinstance(exc, MemoCycle) and outer.intersection(exc.chain)
        if cut_short and self._memo.get(key) is task:
            del self._memo[key]


class MemoCycle(Exception):
    """Computing ``chain[0]`` needs ``chain[1]``, which needs … ``chain[-1]`` == ``chain[0]``.

    Subclasses carry the same meaning in a caller's terms (a cycle of name servers)."""

    def __init__(self, chain: tuple[Hashable, ...], message: str = "") -> None:
        super().__init__(message or " → ".join(map(str, chain)))
        self.chain = chain


_COMPUTING: contextvars.ContextVar[tuple[Hashable, ...]] = contextvars.ContextVar(
    "dnsdoctor_memo_computing", default=()
)
"""The memo keys whose computation the current task works for, outermost first (asyncio copies
it into every task created below, so the set of things being resolved travels down the calls)."""


async def _run(factory: Callable[[], Awaitable[T]]) -> T:
    return await factory()

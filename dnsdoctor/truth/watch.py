"""Watch a TXT record appear (or disappear) at every authoritative address and chosen resolver.

The engine behind ``dnsdoctor watch`` and behind pre-flight's probe record. It finds the
authoritative addresses once (:func:`plan_watch`, through the per-run challenge view: CNAMEs
followed, the parent's and the zone's own NS names, every address), then asks each address on its
own schedule with ``fresh=True``, so every poll is a real query and never the run's memo.

The schedule backs off per server (1 s, 1.5 s, 2.25 s ... up to ``cap``) with a deterministic
per-server jitter, so a long watch costs each server a query every few seconds at most and servers
are not asked in lock-step. lego asks every server every 2 s; a watch asks far less and still gives
each server's first-seen time with a bound (the poll before it).

Resolvers are asked with RD=1 for the name the ACME client asks (before CNAMEs). In ``appear`` mode
they are asked only once every authoritative address serves the values: asking a resolver earlier
plants a negative cache entry (RFC 2308) that would delay the very order being prepared.

Nothing here prints: progress goes to ``on_update`` and the result is data.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import dns.exception
import dns.name
import dns.rcode
import dns.rdatatype

from dnsdoctor.core.context import Context, Endpoint, Target
from dnsdoctor.net.dns import BUDGET, Reply
from dnsdoctor.truth.challenge import challenge_view, txt_values
from dnsdoctor.truth.iterate import ResolutionError


class Mode(enum.Enum):
    APPEAR = "appear"
    """Wait until every server serves every expected value."""
    DISAPPEAR = "disappear"
    """Wait until no server serves any expected value (pre-flight's deletion check)."""


class State(enum.Enum):
    PENDING = "pending"
    """Not asked yet (a gated resolver waits for the authoritative servers)."""
    SEEN = "seen"
    """Serves every expected value (other values may be there too, as lego accepts)."""
    NOT_YET = "not-yet"
    """NXDOMAIN, NODATA, or only some of the expected values."""
    WRONG = "wrong-value"
    """Serves TXT values that were not expected, and not every expected one."""
    GONE = "gone"
    """Serves none of the expected values (disappear mode)."""
    STILL = "still-served"
    """Still serves at least one expected value (disappear mode)."""
    ERROR = "error"
    """No usable answer: time-out, refused, SERVFAIL, a lame server, garbage."""


AUTHORITATIVE = "authoritative"
RESOLVER = "resolver"

# Discovery problems (WatchResult.problem): stable words the views translate.
NOT_DELEGATED = "not-delegated"
RESOLUTION_FAILED = "resolution-failed"
CNAME_LOOP = "cname-loop"
CNAME_TOO_LONG = "cname-too-long"
NO_SERVERS = "no-servers"
DISCOVERY_TIMEOUT = "discovery-timeout"

GATED = "gated: asked once every authoritative server serves the values"
"""The detail of a resolver that is not asked yet (appear mode)."""


def target_state(mode: Mode) -> State:
    return State.SEEN if mode is Mode.APPEAR else State.GONE


def classify(values: Sequence[str] | None, expect: Sequence[str], mode: Mode) -> State:
    """The state of one server from the TXT values it served (``None``: no usable answer)."""
    if values is None:
        return State.ERROR
    present, wanted = set(values), set(expect)
    if mode is Mode.DISAPPEAR:
        return State.STILL if present & wanted else State.GONE
    if wanted <= present:
        return State.SEEN
    if present - wanted:
        return State.WRONG
    return State.NOT_YET


# --- the schedule -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """When to ask one server again: exponential back-off with a per-server jitter.

    Pure: the gap after the ``n``-th poll depends only on ``n``, the server's key and the
    parameters, so tests check it exactly and two runs against the same server behave alike.
    """

    start: float = 1.0
    """Gap after the first poll, in seconds."""
    factor: float = 1.5
    cap: float = 8.0
    """The longest gap (before jitter)."""
    jitter: float = 0.2
    """Each gap is scaled by a factor in ``[1 - jitter, 1 + jitter)`` chosen from the key."""

    def __post_init__(self) -> None:
        if not self.start > 0:
            raise ValueError("start must be positive")
        if not self.factor >= 1:
            raise ValueError("factor must be at least 1")
        if not self.cap >= self.start:
            raise ValueError("cap must be at least start")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be in [0, 1)")

    @classmethod
    def for_interval(cls, interval: float) -> Schedule:
        """At most ``interval`` seconds between two queries to one server; start at 1 s or less."""
        return cls(start=min(1.0, interval), cap=interval)

    def base(self, n: int) -> float:
        """The gap after poll ``n`` (0-based) before jitter."""
        return min(self.cap, self.start * self.factor ** min(max(n, 0), 200))

    def delay(self, n: int, key: str = "") -> float:
        """The gap after poll ``n`` for the server called ``key``."""
        digest = hashlib.sha256(f"{key}/{n}".encode()).digest()
        unit = int.from_bytes(digest[:8], "big") / 2**64  # [0, 1)
        return self.base(n) * (1 + self.jitter * (2 * unit - 1))

    def times(self, key: str, horizon: float) -> list[float]:
        """When one server is asked (seconds after the first poll) within ``horizon`` seconds."""
        out, t, n = [], 0.0, 0
        while t <= horizon:
            out.append(t)
            t += self.delay(n, key)
            n += 1
        return out


# --- what is watched ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Watched:
    """One address to ask."""

    kind: str
    """:data:`AUTHORITATIVE` or :data:`RESOLVER`."""
    name: str
    """The NS host name(s) at this address; for a resolver, its address."""
    address: str
    port: int

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.address}/{self.port}"

    @property
    def where(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return host if self.port == 53 else f"{host}:{self.port}"

    @property
    def label(self) -> str:
        if self.kind == RESOLVER:
            return self.where
        return f"{self.name} ({self.where})"


@dataclass(frozen=True)
class WatchPlan:
    """What to ask where: found once, reusable for an appear and a disappear watch."""

    name: dns.name.Name
    """The name an ACME client asks (resolvers are asked this, with RD=1)."""
    qname: dns.name.Name
    """The name that holds the TXT after CNAMEs (the authoritative servers are asked this)."""
    zone: dns.name.Name | None
    servers: tuple[Watched, ...]
    unresolved: tuple[tuple[str, str], ...] = ()
    """Name servers without an address, and why: they cannot serve the value."""
    problem: str = ""
    problem_detail: str = ""


def _as_target(target: Target | dns.name.Name) -> Target:
    if isinstance(target, Target):
        return target
    # A bare name (pre-flight's probe) is watched as it is: no _acme-challenge label is added.
    return Target(raw=f"watch:{target.to_text()}", base=target, challenge=target)


def _resolver_entries(resolvers: Sequence[Endpoint]) -> list[Watched]:
    out: list[Watched] = []
    for addr, port in resolvers:
        w = Watched(RESOLVER, f"{addr}:{port}", addr, port)
        if w not in out:
            out.append(w)
    return out


async def plan_watch(
    ctx: Context,
    target: Target | dns.name.Name,
    resolvers: Sequence[Endpoint] = (),
    *,
    deadline: float | None = None,
) -> WatchPlan:
    """Find every authoritative address of ``target`` (following CNAMEs) and add ``resolvers``."""
    tgt = _as_target(target)
    end = min(deadline if deadline is not None else ctx.deadline, ctx.deadline)
    extra = tuple(_resolver_entries(resolvers))

    def failed(problem: str, detail: str = "") -> WatchPlan:
        return WatchPlan(tgt.challenge, tgt.challenge, None, extra, (), problem, detail)

    try:
        view = await asyncio.wait_for(
            challenge_view(ctx, tgt), timeout=max(0.0, end - time.monotonic())
        )
    except TimeoutError:
        return failed(DISCOVERY_TIMEOUT)
    except dns.exception.DNSException as exc:  # e.g. a derived name longer than 255 octets
        return failed(RESOLUTION_FAILED, f"{type(exc).__name__}: {exc}")
    except ResolutionError as exc:
        detail = str(exc)
        if exc.replies:
            last = exc.replies[-1]
            detail += f" (last: {last.where} {last.rcode_text}{': ' + last.detail if last.detail else ''})"
        return failed(RESOLUTION_FAILED, detail)
    if view.chain_problem:
        chain = " → ".join(n.to_text() for n in view.chain)
        return failed(CNAME_LOOP if view.chain_problem == "loop" else CNAME_TOO_LONG, chain)
    if view.zone_is_tld or not view.cut.ns:
        return failed(NOT_DELEGATED, view.cut.zone.to_text())
    by_address: dict[tuple[str, int], list[str]] = {}
    for s in view.servers:
        host = s.host.to_text(omit_final_dot=True)
        names = by_address.setdefault((s.address, s.port), [])
        if host not in names:
            names.append(host)
    servers = [
        Watched(AUTHORITATIVE, ", ".join(names), addr, port)
        for (addr, port), names in by_address.items()
    ]
    unresolved = tuple((n.to_text(omit_final_dot=True), why) for n, why in view.unresolved)
    problem = "" if servers else NO_SERVERS
    return WatchPlan(
        name=tgt.challenge,
        qname=view.effective,
        zone=view.cut.zone,
        servers=(*servers, *extra),
        unresolved=unresolved,
        problem=problem,
    )


# --- state and result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerStatus:
    """What is known about one watched address (immutable: each poll makes a new one)."""

    server: Watched
    state: State = State.PENDING
    values: tuple[str, ...] = ()
    """The TXT values of the last answer."""
    detail: str = ""
    """A short technical note on the last answer (``NXDOMAIN``, ``timeout: ...``)."""
    polls: int = 0
    errors: int = 0
    last_s: float | None = None
    """When the last answer came (seconds since the watch began)."""
    first_s: float | None = None
    """When an answer first showed the awaited state (seen / gone)."""
    after_s: float | None = None
    """When the answer before that came (so the change happened between ``after_s`` and
    ``first_s``); ``None`` when the first answer already showed it."""
    regressions: int = 0
    """How often it left the awaited state after reaching it (anycast nodes out of step)."""


@dataclass(frozen=True)
class WatchState:
    """A snapshot given to ``on_update`` after every answer."""

    mode: Mode
    name: dns.name.Name
    qname: dns.name.Name
    expect: tuple[str, ...]
    elapsed: float
    servers: tuple[ServerStatus, ...]
    updated: int | None = None
    """Index in ``servers`` of the address that just answered (``None``: the first snapshot)."""

    @property
    def done(self) -> bool:
        want = target_state(self.mode)
        return bool(self.servers) and all(s.state is want for s in self.servers)


@dataclass
class WatchResult:
    mode: Mode
    name: dns.name.Name
    qname: dns.name.Name
    zone: dns.name.Name | None
    expect: tuple[str, ...]
    servers: list[ServerStatus]
    elapsed: float
    budget: float
    """The seconds the watch was given."""
    timed_out: bool
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    problem: str = ""
    problem_detail: str = ""

    @property
    def all_done(self) -> bool:
        """Every address (and every name server) reached the awaited state."""
        want = target_state(self.mode)
        return (
            not self.problem
            and not self.unresolved
            and bool(self.servers)
            and all(s.state is want for s in self.servers)
        )

    @property
    def missing(self) -> list[ServerStatus]:
        want = target_state(self.mode)
        return [s for s in self.servers if s.state is not want]

    @property
    def time_to_all(self) -> float | None:
        """When the last address first reached the awaited state (``None`` unless all did)."""
        if not self.all_done:
            return None
        return max((s.first_s or 0.0) for s in self.servers)

    def to_json(self) -> dict[str, Any]:
        appear = self.mode is Mode.APPEAR
        first_key = "first_seen_s" if appear else "first_gone_s"

        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {
            "schema": "dnsdoctor-watch/1",
            "mode": self.mode.value,
            "name": self.name.to_text(omit_final_dot=True),
            "qname": self.qname.to_text(omit_final_dot=True),
            "zone": self.zone.to_text() if self.zone is not None else None,
            "expect": list(self.expect),
            "all_seen" if appear else "all_gone": self.all_done,
            "timed_out": self.timed_out,
            "elapsed_s": r(self.elapsed),
            "timeout_s": r(self.budget),
            "problem": self.problem or None,
            "problem_detail": self.problem_detail,
            "servers": [
                {
                    "kind": s.server.kind,
                    "name": s.server.name,
                    "address": s.server.address,
                    "port": s.server.port,
                    "state": s.state.value,
                    first_key: r(s.first_s),
                    "after_s": r(s.after_s),
                    "polls": s.polls,
                    "errors": s.errors,
                    "regressions": s.regressions,
                    "values": list(s.values),
                    "detail": s.detail,
                }
                for s in self.servers
            ],
            "unresolved": [{"name": n, "reason": why} for n, why in self.unresolved],
        }


# --- one answer ---------------------------------------------------------------------------------


def answer_values(
    reply: Reply, names: Sequence[dns.name.Name], *, authoritative: bool
) -> tuple[list[str] | None, str]:
    """The TXT values in ``reply`` at the first of ``names`` that has any, and a short note.

    ``None`` values mean the server gave no usable answer.
    """
    if not reply.ok:
        return None, reply.failure
    if reply.rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return None, reply.rcode_text
    for name in names:
        values = txt_values(reply, name)
        if values:
            return values, ""
    msg = reply.message
    assert msg is not None
    cname = next((r for r in msg.answer if r.rdtype == dns.rdatatype.CNAME), None)
    if authoritative and not reply.aa and cname is None:
        return None, "not authoritative (a referral or no AA bit)"
    note = "NXDOMAIN" if reply.rcode == dns.rcode.NXDOMAIN else "NODATA"
    if cname is not None:
        note = f"CNAME {cname.name.to_text()} → {cname[0].target.to_text()}, no TXT"
    elif not authoritative:
        soa = next((r for r in msg.authority if r.rdtype == dns.rdatatype.SOA), None)
        if soa is not None:
            note += f", cached for up to {soa.ttl} s"
    return [], note


# --- the watch ----------------------------------------------------------------------------------


class _Watch:
    def __init__(
        self,
        ctx: Context,
        plan: WatchPlan,
        expect: tuple[str, ...],
        mode: Mode,
        schedule: Schedule,
        on_update: Callable[[WatchState], None] | None,
        t0: float,
        gate_resolvers: bool,
    ) -> None:
        self.ctx = ctx
        self.plan = plan
        self.expect = expect
        self.mode = mode
        self.want = target_state(mode)
        self.schedule = schedule
        self.on_update = on_update
        self.t0 = t0
        self.status = [ServerStatus(w) for w in plan.servers]
        self.stop = asyncio.Event()
        self.auth_ready = asyncio.Event()
        self.gate = gate_resolvers and mode is Mode.APPEAR
        if self.gate:
            for i, s in enumerate(self.status):
                if s.server.kind == RESOLVER:
                    self.status[i] = dataclasses.replace(s, detail=GATED)
        self._check_ready()

    def snapshot(self, updated: int | None) -> WatchState:
        return WatchState(
            mode=self.mode,
            name=self.plan.name,
            qname=self.plan.qname,
            expect=self.expect,
            elapsed=time.monotonic() - self.t0,
            servers=tuple(self.status),
            updated=updated,
        )

    def notify(self, updated: int | None) -> None:
        if self.on_update is not None:
            self.on_update(self.snapshot(updated))

    def _check_ready(self) -> None:
        auth = [s for s in self.status if s.server.kind == AUTHORITATIVE]
        if auth and all(s.state is self.want for s in auth):
            self.auth_ready.set()
        if self.status and all(s.state is self.want for s in self.status):
            self.stop.set()

    def record(self, i: int, values: list[str] | None, detail: str) -> None:
        s = self.status[i]
        now = time.monotonic() - self.t0
        state = classify(values, self.expect, self.mode)
        first, after = s.first_s, s.after_s
        if state is self.want and first is None:
            first, after = now, s.last_s
        self.status[i] = dataclasses.replace(
            s,
            state=state,
            values=tuple(values or ()),
            detail=detail,
            polls=s.polls + 1,
            errors=s.errors + (state is State.ERROR),
            last_s=now,
            first_s=first,
            after_s=after,
            regressions=s.regressions + (s.state is self.want and state is not self.want),
        )
        self._check_ready()
        self.notify(i)

    async def poll(self, i: int) -> None:
        w = self.status[i].server
        resolver = w.kind == RESOLVER
        qname = self.plan.name if resolver else self.plan.qname
        names = [self.plan.qname, self.plan.name] if resolver else [self.plan.qname]
        reply = await self.ctx.services.dns.ask(
            w.address, w.port, qname, "TXT", rd=resolver, fresh=True
        )
        if reply.error == BUDGET:
            return  # the run's time is up: that says nothing about the server
        values, detail = answer_values(reply, names, authoritative=not resolver)
        self.record(i, values, detail)

    async def run_one(self, i: int) -> None:
        w = self.status[i].server
        if w.kind == RESOLVER and self.gate:
            await self.auth_ready.wait()
        n = 0
        while not self.stop.is_set():
            await self.poll(i)
            if self.stop.is_set():
                return
            await asyncio.sleep(self.schedule.delay(n, w.key))
            n += 1

    async def run(self, end: float) -> bool:
        """Poll until every address is in the awaited state or ``end``; True if time ran out."""
        self.notify(None)
        if self.stop.is_set() or not self.status:
            return False
        tasks = [asyncio.create_task(self.run_one(i)) for i in range(len(self.status))]
        waiter = asyncio.create_task(self.stop.wait())
        try:
            done, _ = await asyncio.wait(
                [waiter, *tasks],
                timeout=max(0.0, end - time.monotonic()),
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            for t in (waiter, *tasks):
                t.cancel()
            await asyncio.gather(waiter, *tasks, return_exceptions=True)
        for t in done:
            exc = None if t is waiter or t.cancelled() else t.exception()
            if exc is not None:
                raise exc  # a bug in a poll (DNS failures are replies, never exceptions)
        return not done


async def watch(
    ctx: Context,
    target: Target | dns.name.Name,
    expect: Sequence[str],
    *,
    resolvers: Sequence[Endpoint] = (),
    interval: float = 8.0,
    on_update: Callable[[WatchState], None] | None = None,
    deadline: float | None = None,
    mode: Mode = Mode.APPEAR,
    schedule: Schedule | None = None,
    plan: WatchPlan | None = None,
    since: float | None = None,
    gate_resolvers: bool = True,
) -> WatchResult:
    """Watch ``target``'s TXT until every server is in the awaited state or ``deadline``.

    ``target`` is a :class:`Target` (its ``_acme-challenge`` name, CNAMEs followed) or a bare
    name watched as it is. ``interval`` is the longest gap between two queries to one server
    (``schedule`` overrides it). ``deadline`` is a ``time.monotonic()`` value, capped by the run's.
    ``plan`` reuses the servers of an earlier watch; ``since`` is the ``time.monotonic()`` value
    times are measured from (e.g. when the record was created), by default the call.
    """
    values = tuple(dict.fromkeys(expect))
    if not values:
        raise ValueError("watch needs at least one expected value")
    t0 = since if since is not None else time.monotonic()
    end = min(deadline if deadline is not None else ctx.deadline, ctx.deadline)
    budget = end - t0
    if plan is None:
        plan = await plan_watch(ctx, target, resolvers, deadline=end)
    engine = _Watch(
        ctx,
        plan,
        values,
        mode,
        schedule or Schedule.for_interval(interval),
        on_update,
        t0,
        gate_resolvers,
    )
    timed_out = plan.problem == DISCOVERY_TIMEOUT
    if not plan.problem:
        timed_out = await engine.run(end)
    return WatchResult(
        mode=mode,
        name=plan.name,
        qname=plan.qname,
        zone=plan.zone,
        expect=values,
        servers=list(engine.status) if not plan.problem else [],
        elapsed=time.monotonic() - t0,
        budget=budget,
        timed_out=timed_out,
        unresolved=list(plan.unresolved),
        problem=plan.problem,
        problem_detail=plan.problem_detail,
    )

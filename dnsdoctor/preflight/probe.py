"""The probe record: created, timed on every authoritative server and resolver, deleted and
confirmed gone (the steps of :class:`ProbeSteps`, which :class:`~dnsdoctor.preflight.engine.Preflight`
runs for each zone), what one probe did (:class:`ProbeOutcome`), the DNS client that never asks a
resolver for a challenge name (:class:`ProbeSafeDns`), and the budgets of these steps.

The order and the guarantees (journal first, cleanup in ``finally``, a bounded deletion that a
second signal does not interrupt) are described in :mod:`dnsdoctor.preflight.engine`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import dns.name
from dns.name import Name  # ProbeSteps.dns (the run's DNS client) hides the module there

from dnsdoctor.core.context import Context, Options, Target
from dnsdoctor.net.dns import DnsClient, Reply
from dnsdoctor.preflight.cleanup import (
    RETRYABLE,
    Confirmation,
    Deletion,
    Journal,
    JournalEntry,
    JournalError,
    confirm_gone,
    delete_bounded,
    list_ours,
    new_token,
    probe_subdomain,
    probe_token,
    probe_value,
    zone_ref,
)
from dnsdoctor.preflight.progress import progress_text
from dnsdoctor.preflight.words import action_name
from dnsdoctor.providers.base import (
    ApiKey,
    DnsApi,
    ErrorKind,
    Provider,
    ProviderError,
    Record,
    Zone,
)
from dnsdoctor.truth.watch import (
    AUTHORITATIVE,
    RESOLVER,
    Mode,
    Schedule,
    State,
    Watched,
    WatchPlan,
    WatchResult,
    WatchState,
    watch,
)

PROBE_TTL = 600
API_CALL = 10.0
"""The deadline of one API call of the probe."""
DELETE_BUDGET = 30.0
"""How long the deletion may take, all attempts included."""
CONFIRM_BUDGET = 15.0
RESOLVER_BUDGET = 15.0
"""How long resolvers get to return the probe once every authoritative server serves it."""
PROBE_SCHEDULE = Schedule(start=0.25, factor=1.5, cap=2.0, jitter=0.2)
"""At most one query per server every 2 s (lego's polling interval), first ones sooner."""
Hook = Callable[[str], Awaitable[None]]

STEPS = ("before-create", "after-create", "during-watch", "during-delete", "during-confirm")
REFUSED_RD = "not-asked"

# -- a DNS client that never asks a resolver for a challenge name ------------------------------


@dataclass
class ProbeSafeDns(DnsClient):
    """Refuses every RD=1 question for a protected name (answering ``not-asked``).

    Protected: any name whose first label is ``_acme-challenge``, and the names in
    :attr:`protected` (where challenge CNAMEs lead)."""

    protected: set[dns.name.Name] = field(default_factory=set)
    refused: int = 0

    def is_protected(self, qname: dns.name.Name) -> bool:
        first = qname.labels[0].lower() if qname.labels else b""
        return first == b"_acme-challenge" or qname.canonicalize() in self.protected

    def withhold(self, base: Reply, rd: bool) -> Reply | None:
        if not (rd and self.is_protected(base.qname)):
            return None
        self.refused += 1
        return replace(
            base,
            error=REFUSED_RD,
            detail="preflight never asks a resolver for a challenge name (do no harm)",
        )


def safe_dns(client: DnsClient | None, query_timeout: float) -> ProbeSafeDns:
    if isinstance(client, ProbeSafeDns):
        return client
    if client is None:
        return ProbeSafeDns(query_timeout=query_timeout)
    return ProbeSafeDns(
        query_timeout=client.query_timeout,
        attempts=client.attempts,
        concurrency=client.concurrency,
        payload=client.payload,
    )


# -- the probe's outcome ----------------------------------------------------------------------


@dataclass
class ProbeOutcome:
    """Everything one probe did; the CLI reads it to say what happened after an interruption."""

    target: Target
    zone: str
    subdomain: str
    fqdn: str
    value: str
    token: str
    record_id: str | None = None
    create_error: ProviderError | None = None
    create_ambiguous: bool = False
    """The create call failed in a way that does not rule out that the record exists."""
    created_at: float = 0.0
    """``time.monotonic()`` when CreateRecord returned."""
    appear: WatchResult | None = None
    resolvers: WatchResult | None = None
    resolver_roles: dict[str, str] = field(default_factory=dict)
    deletion: Deletion | None = None
    deleted_at: float = 0.0
    """``time.monotonic()`` when the deletion returned."""
    found_ids: list[str] = field(default_factory=list)
    """RecordIds found by the lookup after an ambiguous create."""
    confirmation: Confirmation | None = None
    disappear: WatchResult | None = None
    cleanup_done: bool = False
    journal_kept: bool = False
    journal_error: str = ""
    interrupted: bool = False
    zone_info: Zone | None = None
    """The zone as the provider's account holds it (what its calls take)."""

    @property
    def zone_ref(self) -> Zone:
        return self.zone_info if self.zone_info is not None else zone_ref(self.zone)

    @property
    def exists_maybe(self) -> bool:
        return self.record_id is not None or self.create_ambiguous

    @property
    def left_behind(self) -> bool:
        """The record may still be at the provider."""
        if not self.exists_maybe:
            return False
        if self.deletion is None:
            return True
        if self.deletion.outcome in ("failed", "changed"):
            return True
        return not (self.confirmation is not None and self.confirmation.gone)


async def _settle(task: asyncio.Future[Any]) -> bool:
    """Wait until ``task`` is done even if this coroutine is cancelled meanwhile (the task has its
    own deadline). Returns whether a cancellation arrived while waiting; the task's own outcome
    is left for the caller to read."""
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():
                raise  # the task itself was cancelled (the loop is shutting down)
            if task.done():
                break
            cancelled = True
            current = asyncio.current_task()
            if current is not None:
                current.uncancel()
        except BaseException:  # the task's own failure: the caller reads it
            break
    return cancelled


# -- the steps ------------------------------------------------------------------------------


class ProbeSteps:
    """The steps of one probe record, as methods of the run that owns them
    (:class:`~dnsdoctor.preflight.engine.Preflight`): it holds the state below."""

    options: Options
    ctx: Context
    dns: ProbeSafeDns
    journal: Journal
    hooks: Hook | None
    on_progress: Callable[[str], None] | None
    schedule: Schedule
    probe_timeout: float
    resolver_budget: float
    delete_budget: float
    outcomes: list[ProbeOutcome]
    provider: Provider
    _hurry: asyncio.Event
    _cleaning: bool

    def _progress(self, key: str, **params: object) -> None:
        if self.on_progress is not None:
            self.on_progress(progress_text(key, self.options.lang, **params))

    async def _hook(self, step: str) -> None:
        if self.hooks is not None:
            await self.hooks(step)

    def _budget(self, seconds: float) -> float:
        """Give the probe's DNS and API calls ``seconds`` from now; return the deadline."""
        deadline = time.monotonic() + max(0.5, seconds)
        self.ctx.deadline = deadline
        self.dns.deadline = deadline
        return deadline

    def _act(self, neutral: str) -> str:
        """The provider's name of a neutral call (``create`` → ``CreateRecord``)."""
        return action_name(self.provider, neutral)

    def _names(self, plan: WatchPlan, zone: str) -> tuple[str, Name]:
        """The parent of the challenge (after CNAMEs) relative to the zone, and the zone."""
        assert plan.zone is not None
        parent = plan.qname.parent()
        if parent.is_subdomain(plan.zone) and parent != plan.zone:
            rel = parent.relativize(plan.zone).to_text().lower()
        else:
            rel = ""
        return rel, plan.zone

    async def _probe(
        self,
        target: Target,
        plan: WatchPlan,
        api: DnsApi,
        key: ApiKey,
        zone: str,
        info: Zone,
    ) -> ProbeOutcome:
        token = new_token()
        value = probe_value(token, time.time())
        rel, zone_name = self._names(plan, zone)
        subdomain = probe_subdomain(token, rel)
        fqdn = f"{subdomain}.{zone}"
        out = ProbeOutcome(target, zone, subdomain, fqdn, value, token, zone_info=info)
        self.outcomes.append(out)
        entry = JournalEntry(
            token=token,
            zone=zone,
            subdomain=subdomain,
            value=value,
            endpoint=api.describe_endpoint(),
            created_at=time.time(),
            pid=os.getpid(),
            host=socket.gethostname(),
            provider=self.provider.name,
        )
        try:
            self.journal.put(entry)  # the intent, before anything exists
        except JournalError as exc:
            out.journal_error = str(exc)
            return out
        interrupted = False
        try:
            await self._hook("before-create")
            self._progress("creating", name=fqdn)
            # Until the call says otherwise the record may exist. The call is not abandoned when
            # the run is interrupted: its request goes on in a worker thread and may create the
            # record, so its answer (the RecordId) is awaited, within the call's own deadline.
            out.create_ambiguous = True
            create = asyncio.ensure_future(
                api.create_txt(
                    key,
                    info,
                    subdomain,
                    value,
                    PROBE_TTL,
                    deadline=time.monotonic() + API_CALL,
                    **_remark(api),
                )
            )
            cancelled = await _settle(create)
            try:
                record_id = create.result()
            except ProviderError as err:
                out.create_error = err
                # a time-out or a server error does not say that nothing was created
                out.create_ambiguous = err.kind in (
                    ErrorKind.NETWORK,
                    ErrorKind.SERVER,
                    ErrorKind.RESPONSE,
                )
                if cancelled:
                    raise asyncio.CancelledError() from None
                return out
            out.create_ambiguous = False
            out.created_at = time.monotonic()
            out.record_id = record_id
            entry.record_id, entry.state = record_id, "created"
            self._journal_put(entry, out)
            if cancelled:
                raise asyncio.CancelledError()
            await self._hook("after-create")
            servers = tuple(s for s in plan.servers if s.kind == AUTHORITATIVE)
            probe_name = dns.name.from_text(fqdn)
            auth_plan = WatchPlan(probe_name, probe_name, zone_name, servers)
            out.appear = await self._watch_appear(auth_plan, value, out.created_at)
            if out.appear.all_done:
                out.resolvers, out.resolver_roles = await self._watch_resolvers(
                    probe_name, zone_name, value, out.created_at
                )
            return out
        except BaseException:
            interrupted = True
            out.interrupted = True
            self._hurry.set()
            raise
        finally:
            await self._cleanup(out, entry, api, key, plan, interrupted)

    def _journal_put(self, entry: JournalEntry, out: ProbeOutcome) -> None:
        try:
            self.journal.put(entry)
        except JournalError as exc:
            out.journal_error = str(exc)

    async def _watch_appear(self, plan: WatchPlan, value: str, since: float) -> WatchResult:
        self._budget(self.probe_timeout + 5)
        answered = asyncio.Event()

        def update(state: WatchState) -> None:
            if state.updated is not None:
                answered.set()
            seen = sum(s.state is State.SEEN for s in state.servers)
            self._progress("watching", seen=seen, total=len(state.servers))

        task = asyncio.ensure_future(
            watch(
                self.ctx,
                plan.name,
                [value],
                plan=plan,
                since=since,
                deadline=since + self.probe_timeout,
                schedule=self.schedule,
                on_update=update,
            )
        )
        try:
            if self.hooks is not None:
                waiter = asyncio.ensure_future(answered.wait())
                try:
                    await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    waiter.cancel()
                await self._hook("during-watch")
            return await task
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    async def _watch_resolvers(
        self, name: Name, zone: Name, value: str, since: float
    ) -> tuple[WatchResult | None, dict[str, str]]:
        """Each chosen resolver (RD=1), asked only for the probe's name, once every authoritative
        server serves it; times are measured from ``since`` (the create call)."""
        from dnsdoctor.checks.resolvers.checks import build_plan

        p = build_plan(self.ctx)
        entries: list[Watched] = []
        roles: dict[str, str] = {}
        for r in (*p.system, *p.public):
            w = Watched(RESOLVER, r.label, r.address, r.port)
            if w not in entries:
                entries.append(w)
                roles[w.key] = r.role
        if not entries:
            return None, roles
        self._progress("resolvers", count=len(entries))
        self._budget(self.resolver_budget + 2)
        plan = WatchPlan(name, name, zone, tuple(entries))
        result = await watch(
            self.ctx,
            name,
            [value],
            plan=plan,
            since=since,
            deadline=time.monotonic() + self.resolver_budget,
            schedule=self.schedule,
            gate_resolvers=False,
        )
        return result, roles

    # -- cleanup ---------------------------------------------------------------------------------

    async def _cleanup(
        self,
        out: ProbeOutcome,
        entry: JournalEntry,
        api: DnsApi,
        key: ApiKey,
        plan: WatchPlan,
        interrupted: bool,
    ) -> None:
        """Run the deletion to its end whatever arrives meanwhile, then re-raise what arrived."""
        if not out.exists_maybe:
            # nothing was created: the intent entry can go
            with contextlib.suppress(JournalError):
                self.journal.remove(entry.token)
            out.cleanup_done = True
            return
        self._cleaning = True
        if interrupted:
            self._hurry.set()
        phases = {step: _Phase() for step in ("during-delete", "during-confirm")}
        work = asyncio.ensure_future(self._delete_and_confirm(out, entry, api, key, plan, phases))
        pending: BaseException | None = None
        try:
            for step, phase in phases.items():
                if work.done():
                    break
                both = asyncio.ensure_future(_first(phase.reached, work))
                if await _settle(both):
                    pending = pending or asyncio.CancelledError()
                    self._hurry.set()
                if not phase.reached.is_set():
                    break
                try:
                    await self._hook(step)
                except BaseException as exc:  # an interruption while the cleanup works
                    pending = pending or exc
                    self._hurry.set()
                finally:
                    phase.go.set()
        finally:
            for phase in phases.values():
                phase.go.set()
            if await _settle(work):
                pending = pending or asyncio.CancelledError()
            self._cleaning = False
            out.cleanup_done = work.done() and not work.cancelled()
        if pending is not None:
            raise pending
        if work.cancelled():
            raise asyncio.CancelledError()
        failure = work.exception()
        if failure is not None:
            raise failure

    async def _delete_and_confirm(
        self,
        out: ProbeOutcome,
        entry: JournalEntry,
        api: DnsApi,
        key: ApiKey,
        plan: WatchPlan,
        phases: dict[str, _Phase],
    ) -> None:
        """Delete the probe (by RecordId; by lookup after an ambiguous create), confirm through
        the API, then at the authoritative servers unless the run is being interrupted. Bounded
        by its own deadlines whatever happened before."""
        self._progress("deleting", name=out.fqdn)
        deadline = time.monotonic() + self.delete_budget
        ids: list[str] = []
        if out.record_id is not None:
            changed = await self._still_ours(out, api, key, deadline)
            if changed is not None:
                out.deletion = changed
                entry.state = "changed" if changed.outcome == "changed" else "delete-failed"
                entry.error = str(changed.error or "")
                out.journal_kept = True
                self._journal_put(entry, out)
                return
            ids.append(out.record_id)
        else:
            found = await self._lookup(out, api, key, deadline)
            if found is None:
                entry.state = "unknown"
                entry.error = f"{self._act('create')} did not answer; the record may exist"
                out.journal_kept = True
                self._journal_put(entry, out)
                return
            ids.extend(found)
            out.found_ids = found
        entry.state = "deleting"
        self._journal_put(entry, out)

        async def announce() -> None:
            await phases["during-delete"].arrive(self.hooks is not None)

        results = [
            await delete_bounded(
                api, key, out.zone_ref, rid, deadline=deadline, before_call=announce
            )
            for rid in ids
        ]
        out.deleted_at = time.monotonic()
        failed = next((d for d in results if d.outcome == "failed"), None)
        out.deletion = failed or (results[0] if results else Deletion("absent"))
        if failed is not None:
            entry.state, entry.error = "delete-failed", str(failed.error or "")
            out.journal_kept = True
            self._journal_put(entry, out)
            return
        await phases["during-confirm"].arrive(self.hooks is not None)
        out.confirmation = await confirm_gone(
            api,
            key,
            out.zone_ref,
            out.subdomain,
            out.token,
            deadline=time.monotonic() + CONFIRM_BUDGET,
        )
        if out.confirmation.gone:
            with contextlib.suppress(JournalError):
                self.journal.remove(out.token)
        else:
            out.journal_kept = True
        if self._hurry.is_set() or out.record_id is None:
            return
        seconds = out.appear.time_to_all if out.appear is not None else None
        budget = min(self.probe_timeout, max(10.0, 2 * (seconds or 0.0) + 10))
        servers = tuple(s for s in plan.servers if s.kind == AUTHORITATIVE)
        name = dns.name.from_text(out.fqdn)
        gone_plan = WatchPlan(name, name, plan.zone, servers)
        self._budget(budget + 2)
        self._progress("dropping")
        since = out.deleted_at
        watching = asyncio.ensure_future(
            watch(
                self.ctx,
                name,
                [out.value],
                plan=gone_plan,
                mode=Mode.DISAPPEAR,
                since=since,
                deadline=since + budget,
                schedule=self.schedule,
            )
        )
        hurry = asyncio.ensure_future(self._hurry.wait())
        try:
            await asyncio.wait({watching, hurry}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            hurry.cancel()
            if not watching.done():
                watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)
        if not watching.cancelled() and watching.exception() is None:
            out.disappear = watching.result()

    async def _still_ours(
        self, out: ProbeOutcome, api: DnsApi, key: ApiKey, deadline: float
    ) -> Deletion | None:
        """``None`` when the provider's record list shows the created RecordId under the probe's
        name with its marker (so it may be deleted); else why not: ``changed``, or ``failed`` when
        the list could not be read. A record not listed is asked again, for the provider's index
        delay."""
        assert out.record_id is not None
        error: ProviderError | None = None
        mine: list[Record] = []
        for n in range(3):
            try:
                items = await api.txt_records(key, out.zone_ref, out.subdomain, deadline=deadline)
            except ProviderError as err:
                error = err
                if err.kind not in RETRYABLE:
                    break
            else:
                error = None
                mine = [r for r in items if r.record_id == out.record_id]
                if any(probe_token(r.name, r.type, r.value) == out.token for r in mine):
                    return None
                if mine:  # listed under the probe's name, but not with its marker
                    break
            if n == 2 or time.monotonic() + 2.0 >= deadline:
                break
            await asyncio.sleep(2.0)
        if error is not None:
            return Deletion("failed", error, 0)
        if mine:
            why = ProviderError(
                "dnsdoctor.ProbeChanged",
                f"RecordId {out.record_id} is listed under {out.fqdn} without dnsdoctor's marker",
                action=self._act("records"),
            )
        else:
            why = ProviderError(
                "dnsdoctor.ProbeNotListed",
                f"RecordId {out.record_id} is not listed under {out.fqdn}",
                action=self._act("records"),
            )
        return Deletion("changed", why, 0)

    async def _lookup(
        self, out: ProbeOutcome, api: DnsApi, key: ApiKey, deadline: float
    ) -> list[str] | None:
        """The RecordIds of this probe after a create call whose outcome is unknown (``None``:
        still unknown; ``[]``: certainly not created as far as the list shows)."""
        for n in range(3):
            try:
                ours = await list_ours(api, key, out.zone_ref, out.subdomain, deadline=deadline)
            except ProviderError:
                ours = None
            if ours is not None:
                ids = [
                    r.record_id
                    for r in ours
                    if r.record_id and probe_token(r.name, r.type, r.value) == out.token
                ]
                if ids:
                    return ids
            if n < 2 and time.monotonic() + 2.0 < deadline:
                await asyncio.sleep(2.0)
        return None


def _remark(api: DnsApi) -> dict[str, str]:
    """``remark=`` for the create call when the adapter takes one (DNSPod's ``Remark``: a second
    marker for humans)."""
    try:
        params = inspect.signature(api.create_txt).parameters
    except (TypeError, ValueError):
        return {}
    return {"remark": "dnsdoctor preflight probe"} if "remark" in params else {}


@dataclass
class _Phase:
    """A step of the cleanup a test hook may interrupt: ``reached`` is set by the cleanup, which
    then waits for ``go`` (only when hooks are installed)."""

    reached: asyncio.Event = field(default_factory=asyncio.Event)
    go: asyncio.Event = field(default_factory=asyncio.Event)

    async def arrive(self, wait: bool) -> None:
        self.reached.set()
        if wait:
            await self.go.wait()


async def _first(event: asyncio.Event, work: asyncio.Future[Any]) -> None:
    waiter = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({waiter, work}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()

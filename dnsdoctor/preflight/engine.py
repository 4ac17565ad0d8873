"""``dnsdoctor preflight``: every check, then a real write probe, then the client settings to use.

It works for any provider through its :class:`~dnsdoctor.providers.base.DnsApi` (the calls named
below are DNSPod's; Alibaba's are ``AddDomainRecord``, ``DescribeDomainRecords`` and
``DeleteDomainRecord``), and speaks the provider's words through the findings' params
(:func:`~dnsdoctor.preflight.words.provider_words`). What a run does, in order:

1. **Checks.** Every check of the ``preflight`` command (DNS, resolvers, clock, credentials) through
   :func:`dnsdoctor.engine.run.run_async`. The DNS client of the run refuses any recursive (RD=1) question
   for a challenge name (``_acme-challenge`` or where its CNAME leads): a resolver asked before the
   order would cache an answer (negative, or a stale RRset) that delays the real order. Public and
   chosen resolvers only ever see the probe's name.
2. **Gate.** The probe is created only when it can be deleted again: a credential that works, the
   zone in its account, ``DeleteRecord`` allowed (the non-destructive probe of ``creds``), and a
   journal that can be written. Otherwise the report says why no probe was made (no credential:
   ``--write-probe`` requires credentials, ``--no-write-probe`` skips it).
3. **Probe.** A TXT record ``_dnsdoctor-probe-<token>.<parent of the challenge>`` in the challenge's
   zone (after CNAMEs), TTL 600 (lego's and acme.sh's value, at or above every DNSPod plan's
   minimum), the default line (DNSPod's 默认), value ``dnsdoctor-probe:<token>:<unix time>``. An intent entry goes to the
   journal (:mod:`dnsdoctor.preflight.cleanup`) before ``CreateRecord`` is sent, the RecordId right after.
   An interruption does not abandon ``CreateRecord`` (its request goes on in a worker thread and
   may still create the record): its answer is awaited, within the call's deadline, so that the
   RecordId is known; a call that fails without saying whether it created anything is followed by
   a lookup of the probe's name and marker.
4. **Watch.** Every authoritative address is asked (RD=0, :func:`dnsdoctor.truth.watch.watch`) until it
   serves the probe: time-to-visible per server, measured from the moment ``CreateRecord`` returned.
   Then the chosen resolvers (system, ``--resolver``) are asked for the probe name only.
5. **Cleanup.** ``DeleteRecord`` by RecordId, bounded and retried; ``DescribeRecordList`` must no
   longer list it; the authoritative servers must stop serving it (``Mode.DISAPPEAR``). The cleanup
   runs in ``finally`` on success, failure, time-out, an exception, Ctrl-C, SIGTERM and SIGHUP (all
   turned into a cancellation of the run); once started it is not interrupted (a second signal only says
   to wait), and it cannot outlast its own deadline. A record that cannot be deleted stays in the
   journal and the report names its RecordId and the ``dnsdoctor cleanup`` command.
6. **Settings.** From the measurement: Certimate's fields (by their Chinese and English labels),
   lego's flags and variables (``TENCENTCLOUD_*``, ``ALICLOUD_*``), acme.sh's ``--dnssleep``, and
   the provider's minimal policy (CAM, RAM), as
   INFO findings (so they are in the console, JSON and Markdown reports).

Budget: ``--timeout`` for the checks (and again for the gate's API calls), ``--probe-timeout`` for
the probe to reach every authoritative server, :data:`RESOLVER_BUDGET` for the resolvers, then the
cleanup's own :data:`DELETE_BUDGET` + :data:`CONFIRM_BUDGET` and at most ``--probe-timeout`` more to
see the servers drop the record (skipped when interrupted). The gate repeats a few read-only API
calls of the ``creds`` checks (``app.run_async`` keeps its context to itself).

Where things are: this module holds the run (checks, gate, one probe per zone, findings,
settings, signals); :mod:`.probe` the probe record's steps (create, watch, delete, confirm) and
budgets; :mod:`.results` what a probe's outcome means, as findings; :mod:`.settings` the
recommended client settings; :mod:`.words` the provider's and the clients' words in the texts;
:mod:`.progress` the status line's texts; :mod:`.findings` the finding specs; :mod:`.cleanup` the
journal, recognising dnsdoctor's own records and ``dnsdoctor cleanup``.

Test hooks: ``hooks(step)`` is awaited at ``before-create``, ``after-create``, ``during-watch``,
``during-delete`` and ``during-confirm``; whatever it raises is an interruption at that point.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import dns.name
import dns.rdatatype

from dnsdoctor import providers
from dnsdoctor.checks.base import Skip
from dnsdoctor.core.context import Context, Options, Services, Target
from dnsdoctor.core.model import (
    CheckResult,
    Evidence,
    Finding,
    Phrase,
    Report,
    Severity,
    Status,
)
from dnsdoctor.preflight.cleanup import (
    DEFAULT_PROVIDER,
    Journal,
    JournalError,
    zone_ref,
)
from dnsdoctor.preflight.findings import (  # the findings of the probe and its settings
    FAMILY,
    LEFTOVERS,
    PROBE_REFUSED,
    PROBE_SKIPPED,
)
from dnsdoctor.preflight.probe import (
    DELETE_BUDGET,
    PROBE_SCHEDULE,
    RESOLVER_BUDGET,
    Hook,
    ProbeOutcome,
    ProbeSteps,
    safe_dns,
)
from dnsdoctor.preflight.progress import progress_text
from dnsdoctor.preflight.results import probe_findings
from dnsdoctor.preflight.settings import FALLBACK_RESOLVERS, recommend, settings_findings
from dnsdoctor.preflight.words import ProviderName, provider_words, said
from dnsdoctor.providers.base import (
    ApiKey,
    DnsApi,
    ErrorKind,
    Provider,
    Zone,
)
from dnsdoctor.truth.watch import (
    Schedule,
    State,
    WatchPlan,
    plan_watch,
)


class Interrupted(Exception):
    """The run was stopped by a signal; the cleanup has run (see :attr:`outcomes`)."""

    def __init__(self, signame: str, outcomes: Sequence[ProbeOutcome]) -> None:
        super().__init__(signame)
        self.signame = signame
        self.outcomes = list(outcomes)

    @property
    def exit_code(self) -> int:
        return {"SIGTERM": 143, "SIGHUP": 129}.get(self.signame, 130)


# -- the engine -------------------------------------------------------------------------------


Progress = Callable[[str], None]


class Preflight(ProbeSteps):
    """One ``dnsdoctor preflight`` run. ``await run()`` returns the Report."""

    def __init__(
        self,
        options: Options,
        targets: Sequence[Target],
        *,
        write_probe: bool = True,
        probe_timeout: float = 120.0,
        journal: Journal | None = None,
        services: Services | None = None,
        hooks: Hook | None = None,
        on_progress: Progress | None = None,
        schedule: Schedule = PROBE_SCHEDULE,
        resolver_budget: float = RESOLVER_BUDGET,
        delete_budget: float = DELETE_BUDGET,
        handle_signals: bool = True,
    ) -> None:
        self.options = options
        self.targets = list(targets)
        self.write_probe = write_probe
        self.probe_timeout = probe_timeout
        self.journal = journal if journal is not None else Journal()
        self.hooks = hooks
        self.on_progress = on_progress
        self.schedule = schedule
        self.resolver_budget = resolver_budget
        self.delete_budget = delete_budget
        self.handle_signals = handle_signals
        self.outcomes: list[ProbeOutcome] = []
        self.signal: str | None = None
        self._task: asyncio.Task[Any] | None = None
        self._hurry = asyncio.Event()
        self._cleaning = False
        self.provider: Provider = providers.get(DEFAULT_PROVIDER)
        """The provider whose credentials the run uses (known once the run started)."""
        self.principal: str | None = None
        """The key's sub-user, where the provider's policy commands name it (Alibaba RAM)."""
        base = services if services is not None else _default_services(options)
        self.dns = safe_dns(base.dns, options.query_timeout)
        base.dns = self.dns
        self.services = base
        self.ctx = Context(options=options, services=base, targets=self.targets)

    def _on_signal(self, name: str) -> None:
        if self.signal is None:
            self.signal = name
            self._hurry.set()
            if self._task is not None and not self._task.done():
                self._task.cancel()
        elif self._cleaning:
            self._progress("still-deleting")

    def _install_signals(self) -> list[tuple[int, Any]]:
        if not self.handle_signals:
            return []
        loop = asyncio.get_running_loop()
        installed: list[tuple[int, Any]] = []
        # SIGHUP: the terminal or the ssh session went away, which must not leave the probe behind
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            try:
                previous = signal.getsignal(sig)
                loop.add_signal_handler(sig, self._on_signal, name)
            except (ValueError, RuntimeError, NotImplementedError, OSError):
                continue  # not the main thread, or no signals here: hooks and Ctrl-C still work
            installed.append((sig, previous))
        return installed

    def _remove_signals(self, installed: list[tuple[int, Any]]) -> None:
        loop = asyncio.get_running_loop()
        for sig, previous in installed:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)
                if previous is not None:
                    signal.signal(sig, previous)

    # -- the run --------------------------------------------------------------------------------

    async def run(self) -> Report:
        self._task = asyncio.current_task()
        installed = self._install_signals()
        try:
            return await self._run()
        except asyncio.CancelledError:
            if self.signal is not None:
                if self._task is not None:
                    self._task.uncancel()
                raise Interrupted(self.signal, self.outcomes) from None
            raise
        finally:
            self._remove_signals(installed)

    async def _run(self) -> Report:
        from dnsdoctor.core.diagnosis import diagnose
        from dnsdoctor.engine.run import run_async

        t0 = time.monotonic()
        endpoint = await self._endpoint()
        leftovers = self._leftovers(endpoint)
        self._budget(self.options.timeout)
        self._progress("finding")
        plans = await self._plans()
        self._progress("checks")
        report = await run_async("preflight", self.options, self.targets, self.services)
        probe = CheckResult("preflight.probe", FAMILY, Status.PASS)
        settings = CheckResult("preflight.settings", FAMILY, Status.PASS)
        start = time.monotonic()
        probe.findings.extend(leftovers)
        if not self.write_probe:
            probe.findings.append(Finding(PROBE_SKIPPED, self._words(), subject=self._subject()))
        else:
            probe.findings.extend(await self._probes(plans, report))
        probe.duration = time.monotonic() - start
        settings.findings.extend(self._settings(report))
        if not settings.findings:
            settings.status = Status.SKIP
            settings.wording = said("no_measurement")
            settings.reason = str(settings.wording)
        for result in (probe, settings):
            if result.status is not Status.SKIP:
                result.status = _status(result)
        report.results.extend([probe, settings])
        report.environment["write_probe"] = self.write_probe
        report.environment["probe_timeout_s"] = self.probe_timeout
        report.duration = time.monotonic() - t0
        report.root_causes = diagnose(report)
        return report

    def _subject(self, target: Target | None = None) -> str:
        chosen = target or (self.targets[0] if self.targets else None)
        return chosen.display if chosen is not None else ""

    async def _endpoint(self) -> str:
        from dnsdoctor.checks.creds.checks import api_of
        from dnsdoctor.checks.creds.lint import provider_of

        try:
            self.provider = await provider_of(self.ctx)
        except (Skip, KeyError):  # no credential checks (--provider none): the default's words
            return str(self.options.provider_option(self.provider.endpoint_option) or "")
        try:
            return api_of(self.ctx, self.provider).describe_endpoint()
        except (Skip, ValueError):
            return str(self.options.provider_option(self.provider.endpoint_option) or "")

    def _words(self) -> dict[str, object]:
        return provider_words(self.provider)

    def _leftovers(self, endpoint: str) -> list[Finding]:
        try:
            entries = self.journal.entries(endpoint, self.provider.name)
        except JournalError:
            return []
        from dnsdoctor.preflight.cleanup import busy

        entries = [e for e in entries if not busy(e)]
        if not entries:
            return []
        zones = sorted({e.zone for e in entries})
        records = "; ".join(
            f"{e.fqdn} (RecordId {e.record_id if e.record_id is not None else 'unknown'}, "
            f"{_when(e.created_at)})"
            for e in entries[:5]
        )
        return [
            Finding(
                LEFTOVERS,
                {
                    "count": len(entries),
                    "zones": ", ".join(zones),
                    "zone": zones[0],
                    "records": records,
                },
                evidence=tuple(
                    Evidence(
                        e.fqdn,
                        f"RecordId {e.record_id}, state {e.state}, value {e.value!r}, "
                        f"pid {e.pid} on {e.host}, {_when(e.created_at)}",
                    )
                    for e in entries
                ),
                commands=tuple(f"dnsdoctor cleanup {z} --yes" for z in zones),
                subject=zones[0],
            )
        ]

    async def _plans(self) -> dict[Target, WatchPlan]:
        plans = await asyncio.gather(*(plan_watch(self.ctx, t) for t in self.targets))
        out = dict(zip(self.targets, plans, strict=True))
        for target, plan in out.items():
            self.dns.protected.add(target.challenge.canonicalize())
            self.dns.protected.add(plan.qname.canonicalize())
        return out

    # -- gate and probes ------------------------------------------------------------------------

    async def _probes(self, plans: dict[Target, WatchPlan], report: Report) -> list[Finding]:
        findings: list[Finding] = []
        done_zones: set[dns.name.Name] = set()
        for target in self.targets:
            plan = plans[target]
            if plan.zone is not None and plan.zone in done_zones:
                continue
            self._budget(self.options.timeout)
            try:
                gate = await self._gate(target, plan)
            except Skip as exc:
                gate = _Refusal(
                    Finding(
                        PROBE_REFUSED,
                        {"reason": exc.reason, "fix": said("fix_above")},
                        severity=Severity.WARNING,
                        subject=target.display,
                    )
                )
            if isinstance(gate, _Refusal):
                findings.append(gate.finding)
                # one refusal says it for every name unless the cause is this name's zone
                if not gate.per_zone:
                    break
                continue
            assert plan.zone is not None
            done_zones.add(plan.zone)
            api, key, zone, info = gate
            outcome = await self._probe(target, plan, api, key, zone, info)
            findings.extend(probe_findings(outcome, report, self.provider, self.principal))
        return findings

    async def _gate(
        self, target: Target, plan: WatchPlan
    ) -> _Refusal | tuple[DnsApi, ApiKey, str, Zone]:
        from dnsdoctor.checks.creds.checks import api_of, identity_state, write_state, zone_state
        from dnsdoctor.checks.creds.lint import chosen_credential

        subject = target.display
        p = self.provider

        def refuse(
            reason: Phrase,
            fix: Phrase,
            severity: Severity | None = Severity.WARNING,
            per_zone: bool = False,
        ) -> _Refusal:
            finding = Finding(
                PROBE_REFUSED,
                {"reason": reason, "fix": fix},
                severity=severity,
                subject=subject,
            )
            return _Refusal(finding, per_zone)

        see_creds = said("fix_creds")
        try:
            await chosen_credential(self.ctx)
        except Skip as exc:
            lego_at = p.settings_for("lego")
            variables = "/".join(lego_at.key_variables) if lego_at is not None else ""
            return refuse(
                said("no_key", vendor=ProviderName(p.name, "vendor"), why=exc.reason),
                said("give_key_variables", variables=variables) if variables else said("give_key"),
                severity=None,
            )
        state = await identity_state(self.ctx)
        p = self.provider = state.provider
        who = state.identity
        self.principal = (
            (who.principal_name or None) if who is not None and not who.is_root else None
        )
        if state.working is None:
            if state.raw_error is not None and state.raw_error.kind is ErrorKind.CLOCK:
                return refuse(
                    said("clock", provider=ProviderName(p.name), code=state.raw_error.code),
                    said("fix_clock"),
                )
            return refuse(said("no_auth"), see_creds)
        if plan.problem or plan.zone is None:
            return refuse(
                said(
                    "no_servers",
                    name=target.challenge.to_text(True),
                    problem=plan.problem or "no zone",
                ),
                said("fix_delegation"),
                per_zone=True,
            )
        zone = plan.zone.to_text(omit_final_dot=True).lower()
        zs = await zone_state(self.ctx, zone)
        if zs.absent or zs.blocking is not None:
            return refuse(said("zone_unusable", zone=zone), see_creds, per_zone=True)
        write = await write_state(self.ctx, zone, [])
        if write.outcome not in ("allowed", "deleted"):
            code = write.error.code if write.error is not None else write.outcome
            delete = self._act("delete")
            why = "delete_denied" if write.outcome == "denied" else "delete_unknown"
            return refuse(
                said(why, delete=delete, zone=zone, code=code),
                said(
                    "allow_delete", action=p.actions.get("delete", delete), policy=p.policy_system
                ),
                per_zone=True,
            )
        problem = self.journal.check_writable()
        if problem is not None:
            return refuse(
                said("journal_unwritable", problem=problem),
                said("journal_dir"),
                severity=Severity.ERROR,
            )
        info = zs.info if zs.info is not None else zone_ref(zone)
        return api_of(self.ctx, state.provider), state.working, zone, info

    def _settings(self, report: Report) -> list[Finding]:
        measured = [
            o for o in self.outcomes if o.appear is not None and o.appear.time_to_all is not None
        ]
        if not measured:
            return []
        seconds = max(
            max((s.first_s or 0.0) for s in o.appear.servers)  # type: ignore[union-attr]
            for o in measured
        )
        broken = self._system_resolvers_broken(report, measured)
        nameservers: tuple[str, ...] = ()
        measured_ns = True
        if broken:
            good = [
                s.server
                for o in measured
                if o.resolvers is not None
                for s in o.resolvers.servers
                if s.state is State.SEEN and o.resolver_roles.get(s.server.key) == "public"
            ]
            nameservers = tuple(dict.fromkeys(w.where for w in good))
            if not nameservers:
                nameservers, measured_ns = FALLBACK_RESOLVERS, False
        s = recommend(seconds, nameservers=nameservers, measured_nameservers=measured_ns)
        root_key = any(f.code == "CREDS_ROOT_KEY" for f in report.findings)
        names = [t.display if not t.apex_too else t.base.to_text(True) for t in self.targets]
        if any(t.apex_too for t in self.targets):
            names += [f"*.{t.base.to_text(True)}" for t in self.targets if t.apex_too]
        findings = settings_findings(s, names, root_key=root_key, provider=self.provider)
        subject = self._subject()
        return [dataclasses.replace(f, subject=subject) for f in findings]

    @staticmethod
    def _system_resolvers_broken(report: Report, measured: Sequence[ProbeOutcome]) -> bool:
        for o in measured:
            if o.resolvers is None:
                continue
            for s in o.resolvers.servers:
                if o.resolver_roles.get(s.server.key) == "system" and s.state is not State.SEEN:
                    return True
        return any(f.family == "resolvers" and f.level is Severity.ERROR for f in report.findings)

    # -- words for the CLI after an interruption -------------------------------------------------

    def summary_lines(self, lang: str = "en") -> list[str]:
        """One line per probe record: what became of it (for stderr after an interruption)."""
        lines: list[str] = []
        for o in self.outcomes:
            if not o.exists_maybe:
                continue
            rid = o.record_id if o.record_id is not None else "?"
            key = "may-remain" if o.left_behind else "was-deleted"
            lines.append(progress_text(key, lang, fqdn=o.fqdn, rid=rid, zone=o.zone))
        return lines


# -- helpers ----------------------------------------------------------------------------------


def _default_services(options: Options) -> Services:
    from dnsdoctor.engine.run import default_services

    return default_services(options)


@dataclass(frozen=True)
class _Refusal:
    finding: Finding
    per_zone: bool = False
    """The reason is this name's zone (other names may still be probed)."""


def _status(result: CheckResult) -> Status:
    levels = [f.level for f in result.findings]
    if Severity.ERROR in levels:
        return Status.FAIL
    if Severity.WARNING in levels:
        return Status.WARN
    return Status.PASS


def _when(ts: float) -> str:
    if ts <= 0:
        return "time unknown"
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

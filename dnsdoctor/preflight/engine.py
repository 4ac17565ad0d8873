"""``dnsdoctor preflight``: every check, then a real write probe, then the client settings to use.

It works for any provider through its :class:`~dnsdoctor.providers.base.DnsApi` (the calls named
below are DNSPod's; Alibaba's are ``AddDomainRecord``, ``DescribeDomainRecords`` and
``DeleteDomainRecord``), and speaks the provider's words through the findings' params
(:func:`provider_words`). What a run does, in order:

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

Test hooks: ``hooks(step)`` is awaited at ``before-create``, ``after-create``, ``during-watch``,
``during-delete`` and ``during-confirm``; whatever it raises is an interruption at that point.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import inspect
import json
import math
import os
import signal
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import dns.name
import dns.rdatatype

from dnsdoctor import providers
from dnsdoctor.checks.base import Skip
from dnsdoctor.clients import lego
from dnsdoctor.clients.base import Settings as ClientSettings
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
from dnsdoctor.net.dns import DnsClient, Reply
from dnsdoctor.preflight.cleanup import (
    DEFAULT_PROVIDER,
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
from dnsdoctor.preflight.findings import (  # the findings of the probe and its settings
    CAM_POLICY,
    CREATE_FAILED,
    DELETE_FAILED,
    DELETE_LAGGING,
    DELETE_UNCONFIRMED,
    FAMILY,
    LEFTOVERS,
    PROBE_CHANGED,
    PROBE_DELETED,
    PROBE_NOT_VISIBLE,
    PROBE_REFUSED,
    PROBE_SKIPPED,
    PROBE_SLOW,
    PROBE_VISIBLE,
    RESOLVER_MISSES,
    SETTINGS_ACME_SH,
    SETTINGS_CERTIMATE,
    SETTINGS_LEGO,
)
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
    ServerStatus,
    State,
    Watched,
    WatchPlan,
    WatchResult,
    WatchState,
    plan_watch,
    watch,
)

PROBE_TTL = 600
LEGO_TIMEOUT = int(lego.DEFAULT_TIMEOUT)
"""lego's default propagation timeout (``dns01.DefaultPropagationTimeout``, tencentcloud too)."""
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
PROGRESS: dict[str, tuple[str, str]] = {
    "finding": ("finding the authoritative servers", "正在查找权威服务器"),
    "checks": ("running the checks", "正在运行检查"),
    "creating": ("creating {name}", "正在创建 {name}"),
    "watching": (
        "the probe is on {seen}/{total} authoritative servers",
        "探测记录已到达 {seen}/{total} 台权威服务器",
    ),
    "resolvers": (
        "asking {count} resolver(s) for the probe",
        "正在向 {count} 个解析器查询探测记录",
    ),
    "deleting": ("deleting {name}", "正在删除 {name}"),
    "dropping": (
        "waiting for the servers to drop the probe",
        "正在等待服务器不再返回探测记录",
    ),
    "still-deleting": (
        "still deleting the probe record; this ends by itself within seconds",
        "仍在删除探测记录，几秒内会自行结束",
    ),
}
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

    async def ask(
        self,
        server: str,
        port: int,
        qname: dns.name.Name,
        rdtype: int | str,
        *,
        rd: bool = False,
        tcp: bool = False,
        fresh: bool = False,
        dnssec: bool = False,
        cd: bool = False,
    ) -> Reply:
        if rd and self.is_protected(qname):
            self.refused += 1
            return Reply(
                server,
                port,
                qname,
                dns.rdatatype.RdataType.make(rdtype),
                "tcp" if tcp else "udp",
                error=REFUSED_RD,
                detail="preflight never asks a resolver for a challenge name (do no harm)",
            )
        return await super().ask(
            server, port, qname, rdtype, rd=rd, tcp=tcp, fresh=fresh, dnssec=dnssec, cd=cd
        )


def _safe_dns(client: DnsClient | None, query_timeout: float) -> ProbeSafeDns:
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


# -- recommended settings ---------------------------------------------------------------------


def shown_seconds(value: float) -> float:
    """A measured time as the report shows it: to a tenth of a second."""
    return float(f"{value:.1f}")


def round_up(value: float, step: int = 10) -> int:
    return int(math.ceil(max(0.0, value) / step) * step)


@dataclass(frozen=True)
class Settings:
    """What to give the ACME clients, from ``seconds`` (time until every server served it)."""

    seconds: float
    timeout: int
    interval: int
    ttl: int
    wait: int
    """Certimate's DNS 传播等待时间: 0 = leave it empty (it turns the authoritative check off)."""
    dnssleep: int
    nameservers: tuple[str, ...] = ()
    """Resolvers for Certimate's DNS 递归服务器 / lego's --dns.resolvers; empty = the system's."""
    measured_nameservers: bool = True
    """The nameservers returned the probe (False: suggested without a measurement)."""


FALLBACK_RESOLVERS = ("119.29.29.29", "223.5.5.5")
"""DNSPod Public DNS and AliDNS: reachable in mainland China, used when none was measured."""


def recommend(
    seconds: float,
    *,
    nameservers: Sequence[str] = (),
    measured_nameservers: bool = True,
    ttl: int = PROBE_TTL,
) -> Settings:
    """Three times the measured propagation plus 10 s, never below lego's default 60 s.

    ``seconds`` is first rounded to the tenth of a second that the report prints, so that the
    printed time and every number derived from it agree (5.04 s is shown as 5.0 s, and 2 × 5.0 +
    10 = 20 s is the --dnssleep, not the 30 s that 5.04 s alone would give)."""
    seconds = shown_seconds(seconds)
    timeout = min(3600, max(LEGO_TIMEOUT, round_up(3 * seconds + 10)))
    interval = 2 if timeout <= 120 else 5
    wait = round_up(max(30.0, 2 * seconds + 10)) if nameservers else 0
    dnssleep = round_up(max(20.0, 2 * seconds + 10))
    return Settings(
        seconds=seconds,
        timeout=timeout,
        interval=interval,
        ttl=ttl,
        wait=wait,
        dnssleep=dnssleep,
        nameservers=tuple(nameservers),
        measured_nameservers=measured_nameservers,
    )


def _shell_name(display: str) -> str:
    return f"'{display}'" if display.startswith("*") else display


def action_name(provider: Provider, neutral: str) -> str:
    """The provider's name of a neutral call (``create`` → ``CreateRecord``, ``AddDomainRecord``)."""
    return provider.actions.get(neutral, neutral).split(":", 1)[-1]


def provider_words(provider: Provider) -> dict[str, object]:
    """The provider's words that the probe's texts take as params (the same keys for every
    provider, so that a finding code means the same thing whoever the provider is); lego's
    names for it come from :mod:`dnsdoctor.clients.lego`."""
    lego_at = provider.settings_for("lego") or ClientSettings()
    return {
        "provider": provider.title,
        "provider_zh": provider.title_zh,
        "create": action_name(provider, "create"),
        "list": action_name(provider, "records"),
        "delete": action_name(provider, "delete"),
        "line": provider.line or "default",
        "lego_timeout_var": lego_at.propagation_timeout,
        "lego_dns": lego_at.plugin,
        "lego_error": lego_at.api_error,
    }


def _policy_values(policy: object, field_name: str) -> list[str]:
    """Every value of a field of the policy's statements (``action``/``Action``, ``resource``),
    in their order, once each (Tencent writes the fields in lower case, Alibaba capitalised)."""
    found: list[str] = []
    if not isinstance(policy, dict):
        return found
    statements = policy.get("statement") or policy.get("Statement") or []
    for statement in statements if isinstance(statements, list) else []:
        if not isinstance(statement, dict):
            continue
        value = statement.get(field_name, statement.get(field_name.capitalize()))
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for v in values:
            if isinstance(v, str) and v not in found:
                found.append(v)
    return found


def settings_findings(
    s: Settings,
    names: Sequence[str],
    *,
    root_key: bool = False,
    provider: Provider | None = None,
) -> list[Finding]:
    """The INFO findings that carry the recommended settings (for ``provider``, by default
    Tencent Cloud DNSPod). Where each client takes them (variables, plug-in names, defaults) is
    the client's data (:meth:`~dnsdoctor.providers.base.Provider.settings_for`); a client without a plug-in for the provider gets
    no finding."""
    p = provider if provider is not None else providers.get(DEFAULT_PROVIDER)
    words = provider_words(p)
    certimate_at = p.settings_for("certimate")
    lego_at = p.settings_for("lego")
    acme_at = p.settings_for("acme.sh")
    secs = f"{s.seconds:.1f}"
    ns_field = ";".join(s.nameservers)
    unmeasured = "" if s.measured_nameservers or not s.nameservers else " (not measured)"
    unmeasured_zh = "" if s.measured_nameservers or not s.nameservers else "（未经测量）"
    certimate_params = {
        "seconds": secs,
        "timeout": s.timeout,
        "ttl": s.ttl,
        "nameservers": (ns_field + unmeasured) if s.nameservers else "empty",
        "nameservers_zh": (ns_field + unmeasured_zh) if s.nameservers else "留空",
        "wait": f"{s.wait} s" if s.wait else "empty (0)",
        "wait_zh": f"{s.wait} 秒" if s.wait else "留空（0）",
    }
    certimate_ev = (
        Evidence("DNS 传播检查超时时间 / DNS propagation checks timeout", f"{s.timeout}"),
        Evidence("DNS 递归服务器 / DNS recursive nameservers", ns_field or "(empty)"),
        Evidence("DNS 传播等待时间 / DNS propagation waiting time", str(s.wait or "(empty)")),
        Evidence("DNS 解析记录 TTL / TTL", str(s.ttl)),
        Evidence("measured time to every authoritative server", f"{secs} s"),
    )
    flags = "".join(f" --dns.resolvers {_with_port(n)}" for n in s.nameservers)
    env = (
        (
            f"{lego_at.propagation_timeout}={s.timeout}",
            f"{lego_at.polling_interval}={s.interval}",
            f"{lego_at.ttl}={s.ttl}",
        )
        if lego_at is not None
        else ()
    )
    domains = " ".join(f"-d {_shell_name(n)}" for n in names) or "-d example.com"
    policy = json.loads(p.minimal_policy) if p.minimal_policy else {}
    policy_key = f"{p.policy_system.lower()}_policy"
    chosen: dict[str, object] = {"measured_seconds": round(s.seconds, 3)}
    if certimate_at is not None:
        chosen["certimate"] = {
            "DNS 传播检查超时时间": s.timeout,
            "DNS 递归服务器": ns_field,
            "DNS 传播等待时间": s.wait,
            "DNS 解析记录 TTL": s.ttl,
        }
    if lego_at is not None:
        chosen["lego"] = {
            "env": dict(e.split("=", 1) for e in env),
            "flags": ["--dns", lego_at.plugin]
            + [x for n in s.nameservers for x in ("--dns.resolvers", _with_port(n))],
        }
    if acme_at is not None:
        chosen["acme.sh"] = {"flags": ["--dnssleep", str(s.dnssleep)]}
    chosen[policy_key] = policy
    settings_json = json.dumps(chosen, ensure_ascii=False, separators=(",", ":"))
    root_note = (" instead of this root account key", "，不要再使用主账号密钥")
    findings: list[Finding] = []
    if certimate_at is not None:
        findings.append(
            Finding(
                SETTINGS_CERTIMATE,
                certimate_params,
                evidence=(*certimate_ev, Evidence("settings (JSON)", settings_json)),
            )
        )
    if lego_at is not None:
        lego_cmd = (
            f"{' '.join(env)} lego --dns {lego_at.plugin}{flags} {domains} "
            "--email you@example.com run"
        )
        findings.append(
            Finding(
                SETTINGS_LEGO,
                {
                    **words,
                    "seconds": secs,
                    "timeout": s.timeout,
                    "interval": s.interval,
                    "ttl": s.ttl,
                    "flags": flags,
                    "timeout_var": lego_at.propagation_timeout,
                    "interval_var": lego_at.polling_interval,
                    "ttl_var": lego_at.ttl,
                    "default_timeout": _number(lego_at.default_timeout),
                    "default_interval": _number(lego_at.default_interval),
                    "default_ttl": _number(lego_at.default_ttl),
                },
                evidence=tuple(Evidence(e.split("=")[0], e.split("=")[1]) for e in env),
                commands=(*(f"export {e}" for e in env), lego_cmd),
            )
        )
    if acme_at is not None:
        acme_cmd = f"acme.sh --issue --dns {acme_at.plugin} {domains} --dnssleep {s.dnssleep}"
        findings.append(
            Finding(
                SETTINGS_ACME_SH,
                {"seconds": secs, "sleep": s.dnssleep},
                evidence=(Evidence(acme_at.wait, str(s.dnssleep)),),
                commands=(acme_cmd,),
            )
        )
    findings.append(
        Finding(
            CAM_POLICY,
            {
                **words,
                "policy": p.policy_system,
                "actions": ", ".join(_policy_values(policy, "action")),
                "resource": ", ".join(_policy_values(policy, "resource")) or "*",
                "lego_actions": ", ".join(p.client_actions.get("lego", ())),
                "acme_sh_actions": ", ".join(p.client_actions.get("acme.sh", ())),
                "zones_action": p.actions.get("zones", ""),
                "root_note": root_note[0] if root_key else "",
                "root_note_zh": root_note[1] if root_key else "",
            },
            evidence=(
                Evidence(f"{p.policy_system} policy", json.dumps(policy, separators=(",", ":"))),
            ),
            commands=p.policy_commands(None),
        )
    )
    return findings


def _number(value: float | None) -> str:
    """A client's default as its documentation writes it (``60``, ``2``, ``600``)."""
    return "" if value is None else f"{value:g}"


def _with_port(address: str) -> str:
    if address.count(":") == 1 or address.startswith("["):
        return address
    return f"[{address}]:53" if ":" in address else f"{address}:53"


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


class Interrupted(Exception):
    """The run was stopped by a signal; the cleanup has run (see :attr:`outcomes`)."""

    def __init__(self, signame: str, outcomes: Sequence[ProbeOutcome]) -> None:
        super().__init__(signame)
        self.signame = signame
        self.outcomes = list(outcomes)

    @property
    def exit_code(self) -> int:
        return {"SIGTERM": 143, "SIGHUP": 129}.get(self.signame, 130)


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


# -- the engine -------------------------------------------------------------------------------


Progress = Callable[[str], None]


class Preflight:
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
        self.dns = _safe_dns(base.dns, options.query_timeout)
        base.dns = self.dns
        self.services = base
        self.ctx = Context(options=options, services=base, targets=self.targets)

    # -- plumbing -------------------------------------------------------------------------------

    def _progress(self, key: str, **params: object) -> None:
        if self.on_progress is not None:
            en, zh = PROGRESS[key]
            self.on_progress((zh if self.options.lang == "zh" else en).format(**params))

    async def _hook(self, step: str) -> None:
        if self.hooks is not None:
            await self.hooks(step)

    def _budget(self, seconds: float) -> float:
        """Give the probe's DNS and API calls ``seconds`` from now; return the deadline."""
        deadline = time.monotonic() + max(0.5, seconds)
        self.ctx.deadline = deadline
        self.dns.deadline = deadline
        return deadline

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
            settings.wording = Phrase(
                {
                    "en": "no measurement: the write probe did not run to the end",
                    "zh": "没有测量结果：写入探测没有运行完成",
                }
            )
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

    def _act(self, neutral: str) -> str:
        """The provider's name of a neutral call (``create`` → ``CreateRecord``)."""
        return action_name(self.provider, neutral)

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
                        {
                            "reason": str(exc),
                            "reason_zh": str(exc),
                            "fix": "Fix the problem named above, then run again.",
                            "fix_zh": "请先解决上面指出的问题，然后重新运行。",
                        },
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
            findings.extend(self._probe_findings(outcome, report))
        return findings

    async def _gate(
        self, target: Target, plan: WatchPlan
    ) -> _Refusal | tuple[DnsApi, ApiKey, str, Zone]:
        from dnsdoctor.checks.creds.checks import api_of, identity_state, write_state, zone_state
        from dnsdoctor.checks.creds.lint import chosen_credential

        subject = target.display
        p = self.provider

        def refuse(
            reason: tuple[str, str],
            fix: tuple[str, str],
            severity: Severity | None = Severity.WARNING,
            per_zone: bool = False,
        ) -> _Refusal:
            finding = Finding(
                PROBE_REFUSED,
                {"reason": reason[0], "reason_zh": reason[1], "fix": fix[0], "fix_zh": fix[1]},
                severity=severity,
                subject=subject,
            )
            return _Refusal(finding, per_zone)

        see_creds = ("Fix the credential problem named above, then run again.",
                     "请先解决上面指出的密钥问题，然后重新运行。")  # fmt: skip
        try:
            await chosen_credential(self.ctx)
        except Skip as exc:
            lego_at = p.settings_for("lego")
            variables = "/".join(lego_at.key_variables) if lego_at is not None else ""
            given = f"{variables}, " if variables else ""
            return refuse(
                (
                    f"--write-probe requires {p.vendor or p.title} credentials, and none can be "
                    f"used ({exc}); --no-write-probe skips the probe",
                    f"--write-probe 需要{p.vendor_zh or p.title_zh}密钥，但没有可用的密钥"
                    f"（{getattr(exc, 'zh', '') or exc}）；使用 --no-write-probe 可跳过写入探测",
                ),
                (
                    f"Give the key the ACME client uses ({given}--secret-id with "
                    "--secret-key-file, or --ask), or run with --no-write-probe.",
                    f"请提供 ACME 客户端使用的密钥（{given.replace(', ', '、')}--secret-id 加 "
                    "--secret-key-file，或 --ask），或者加上 --no-write-probe 运行。",
                ),
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
                    (
                        f"{p.title} rejects this host's request time ({state.raw_error.code}; see "
                        "clock.offset and creds.identity)",
                        f"{p.title_zh} 拒绝了本机的请求时间（{state.raw_error.code}；参见 "
                        "clock.offset 和 creds.identity）",
                    ),
                    (
                        "Set this host's clock right (the cause named above), then run again.",
                        "请先校准本机时钟（见上面指出的原因），然后重新运行。",
                    ),
                )
            return refuse(
                (
                    "the key did not authenticate (see creds.identity)",
                    "密钥没有通过身份验证（参见 creds.identity）",
                ),
                see_creds,
            )
        if plan.problem or plan.zone is None:
            return refuse(
                (
                    f"the authoritative servers of {target.challenge.to_text(True)} are not known "
                    f"({plan.problem or 'no zone'}; see dns.delegation)",
                    f"无法确定 {target.challenge.to_text(True)} 的权威服务器（{plan.problem or 'no zone'}；"
                    "参见 dns.delegation）",
                ),
                (
                    "Fix the delegation problem named above, then run again.",
                    "请先解决上面指出的委派问题，然后重新运行。",
                ),
                per_zone=True,
            )
        zone = plan.zone.to_text(omit_final_dot=True).lower()
        zs = await zone_state(self.ctx, zone)
        if zs.absent or zs.blocking is not None:
            return refuse(
                (
                    f"{zone} is not usable with this key (see creds.zone)",
                    f"该密钥无法使用 {zone}（参见 creds.zone）",
                ),
                see_creds,
                per_zone=True,
            )
        write = await write_state(self.ctx, zone, [])
        if write.outcome not in ("allowed", "deleted"):
            code = write.error.code if write.error is not None else write.outcome
            delete = self._act("delete")
            if write.outcome == "denied":
                reason = (
                    f"the key may not call {delete} in {zone} ({code}), so a probe record "
                    "could not be deleted again; none was created (see creds.permissions)",
                    f"该密钥无权在 {zone} 中调用 {delete}（{code}），探测记录将无法删除，"
                    "因此没有创建（参见 creds.permissions）",
                )
            else:
                reason = (
                    f"whether the key may delete records in {zone} is unknown ({code}); a probe "
                    "record that might not be deletable was not created",
                    f"无法确定该密钥能否删除 {zone} 中的记录（{code}）；为避免留下无法删除的记录，"
                    "没有创建探测记录",
                )
            return refuse(
                reason,
                (
                    f"Allow {p.actions.get('delete', delete)} (the {p.policy_system} policy shown "
                    "by creds.permissions), then run again.",
                    f"请授予 {p.actions.get('delete', delete)} 权限（见 creds.permissions 给出的 "
                    f"{p.policy_system} 策略），然后重新运行。",
                ),
                per_zone=True,
            )
        problem = self.journal.check_writable()
        if problem is not None:
            return refuse(
                (
                    f"the probe journal cannot be written ({problem}): a crash could leave a "
                    "record nobody knows about",
                    f"无法写入探测日志（{problem}）：一旦崩溃，留下的记录将无人知晓",
                ),
                (
                    "Make $XDG_STATE_HOME/dnsdoctor (default ~/.local/state/dnsdoctor) writable.",
                    "请确保 $XDG_STATE_HOME/dnsdoctor（默认 ~/.local/state/dnsdoctor）可写。",
                ),
                severity=Severity.ERROR,
            )
        info = zs.info if zs.info is not None else zone_ref(zone)
        return api_of(self.ctx, state.provider), state.working, zone, info

    def _names(self, plan: WatchPlan, zone: str) -> tuple[str, dns.name.Name]:
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
        self, name: dns.name.Name, zone: dns.name.Name, value: str, since: float
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

    # -- findings --------------------------------------------------------------------------------

    def _probe_findings(self, out: ProbeOutcome, report: Report) -> list[Finding]:
        subject = out.target.display
        findings: list[Finding] = []
        if out.journal_error and out.record_id is None and out.create_error is None:
            findings.append(
                Finding(
                    PROBE_REFUSED,
                    {
                        "reason": f"the journal could not be written ({out.journal_error})",
                        "reason_zh": f"无法写入探测日志（{out.journal_error}）",
                        "fix": "Make the journal's directory writable, then run again.",
                        "fix_zh": "请确保日志目录可写，然后重新运行。",
                    },
                    severity=Severity.ERROR,
                    subject=subject,
                )
            )
            return findings
        p = self.provider
        if out.create_error is not None:
            err = out.create_error
            create = p.actions.get("create", self._act("create"))
            commands: tuple[str, ...] = ()
            if err.kind is ErrorKind.DENIED:
                advice = (
                    f"Allow {create} for this key: the commands below create the minimal "
                    f"{p.policy_system} policy and attach it to the key's sub-user; then run "
                    "again.",
                    f"请为该密钥授予 {create} 权限：下面的命令会创建最小 {p.policy_system} "
                    "策略并授予该密钥所属的子用户，然后重新运行。",
                )
                commands = p.policy_commands(self.principal)
            elif out.create_ambiguous:
                advice = (
                    "The record may have been created anyway: run `dnsdoctor cleanup "
                    f"{out.zone}` in a few minutes, and check the network path to the API.",
                    f"记录可能仍被创建了：请几分钟后运行 `dnsdoctor cleanup {out.zone}`，"
                    "并检查到 API 的网络。",
                )
            else:
                advice = (
                    f"Look the code up in the {p.title} API error codes and quote the RequestId "
                    f"to {p.vendor or p.title} support.",
                    f"请在 {p.title_zh} API 错误码文档中查找该错误码，并向"
                    f"{p.vendor_zh or p.title_zh}客服提供 RequestId。",
                )
            findings.append(
                Finding(
                    CREATE_FAILED,
                    {
                        **self._words(),
                        "zone": out.zone,
                        "code": err.code,
                        "message": err.message or err.code,
                        "advice": advice[0],
                        "advice_zh": advice[1],
                    },
                    evidence=(
                        *_api_evidence(err),
                        Evidence("SubDomain", out.subdomain),
                        Evidence("Value", out.value),
                    ),
                    commands=commands,
                    subject=subject,
                )
            )
        if out.appear is not None:
            findings.extend(self._appear_findings(out, subject))
        if out.resolvers is not None:
            findings.extend(self._resolver_findings(out, subject))
        findings.extend(self._cleanup_findings(out, subject))
        return findings

    def _appear_findings(self, out: ProbeOutcome, subject: str) -> list[Finding]:
        appear = out.appear
        assert appear is not None
        since = self._act("create")
        timeline = tuple(_timeline(s, since) for s in appear.servers)
        if out.resolvers is not None:
            timeline += tuple(_timeline(s, since) for s in out.resolvers.servers)
        base = (
            Evidence("RecordId", str(out.record_id)),
            Evidence("name", out.fqdn),
            Evidence("value", out.value),
        )
        seen = [s for s in appear.servers if s.state is State.SEEN]
        if appear.servers and len(seen) == len(appear.servers):
            slowest = max(appear.servers, key=lambda s: s.first_s or 0.0)
            seconds = slowest.first_s or 0.0
            params = {
                **self._words(),
                "fqdn": out.fqdn,
                "count": len(appear.servers),
                "seconds": f"{seconds:.1f}",
                "slowest": slowest.server.label,
                "ttl": PROBE_TTL,
            }
            findings = [Finding(PROBE_VISIBLE, params, evidence=base + timeline, subject=subject)]
            s = recommend(seconds)
            if s.timeout > LEGO_TIMEOUT:
                severity = Severity.ERROR if seconds >= LEGO_TIMEOUT else None
                findings.append(
                    Finding(
                        PROBE_SLOW,
                        {**params, "timeout": s.timeout},
                        evidence=timeline,
                        severity=severity,
                        subject=subject,
                    )
                )
            return findings
        missing = [s for s in appear.servers if s.state is not State.SEEN]
        what = appear.problem or "no authoritative server"
        return [
            Finding(
                PROBE_NOT_VISIBLE,
                {
                    **self._words(),
                    "fqdn": out.fqdn,
                    "seconds": f"{appear.elapsed:.0f}",
                    "missing": ", ".join(s.server.label for s in missing) or what,
                },
                evidence=base + timeline,
                subject=subject,
            )
        ]

    def _resolver_findings(self, out: ProbeOutcome, subject: str) -> list[Finding]:
        result = out.resolvers
        assert result is not None
        findings: list[Finding] = []
        reached = out.appear.time_to_all if out.appear is not None else None
        waited = max(0.0, result.elapsed - (reached or 0.0))
        for s in result.servers:
            if s.state is State.SEEN:
                continue
            role = out.resolver_roles.get(s.server.key, "public")
            answer = s.detail or (", ".join(s.values) if s.values else s.state.value)
            findings.append(
                Finding(
                    RESOLVER_MISSES,
                    {
                        "resolver": s.server.label,
                        "seconds": f"{waited:.0f}",
                        "answer": answer,
                        "role": role,
                    },
                    evidence=(_timeline(s, self._act("create")), Evidence("role", role)),
                    severity=Severity.ERROR if role == "system" else None,
                    subject=f"{subject}|{s.server.address}",
                )
            )
        return findings

    def _cleanup_findings(self, out: ProbeOutcome, subject: str) -> list[Finding]:
        if not out.exists_maybe:
            return []
        rid = out.record_id if out.record_id is not None else "unknown"
        params: dict[str, object] = {
            **self._words(),
            "fqdn": out.fqdn,
            "record_id": rid,
            "zone": out.zone,
        }
        listing, delete = self._act("records"), self._act("delete")
        command = (f"dnsdoctor cleanup {out.zone} --yes",)
        d = out.deletion
        if d is None:
            # an ambiguous create whose record could not be found (yet)
            if out.create_ambiguous:
                return [
                    Finding(
                        DELETE_UNCONFIRMED,
                        {
                            **params,
                            "why": f"the create call did not answer and {listing} does not list "
                            "the record (yet)",
                            "why_zh": f"创建请求没有应答，{listing} 也（暂时）没有列出该记录",
                        },
                        commands=(f"dnsdoctor cleanup {out.zone}",),
                        subject=subject,
                    )
                ]
            return [
                Finding(
                    DELETE_FAILED,
                    {**params, "code": "not attempted", "attempts": 0},
                    commands=command,
                    subject=subject,
                )
            ]
        if d.outcome == "changed":
            changed_en, changed_zh = (
                (
                    "its value no longer carries dnsdoctor's marker",
                    "它的值已不再带有 dnsdoctor 的标记",
                )
                if d.error is not None and d.error.code == "dnsdoctor.ProbeChanged"
                else (
                    f"{listing} does not list it under its name (renamed, deleted, or not "
                    "indexed yet)",
                    f"{listing} 没有在原名称下列出它（已改名、已删除，或尚未进入索引）",
                )
            )
            return [
                Finding(
                    PROBE_CHANGED,
                    {**params, "why": changed_en, "why_zh": changed_zh},
                    evidence=_api_evidence(d.error) if d.error is not None else (),
                    subject=subject,
                )
            ]
        if d.outcome == "failed":
            err = d.error
            return [
                Finding(
                    DELETE_FAILED,
                    {
                        **params,
                        "code": err.code if err is not None else "unknown",
                        "attempts": d.attempts,
                    },
                    evidence=_api_evidence(err) if err is not None else (),
                    commands=command,
                    subject=subject,
                )
            ]
        conf = out.confirmation
        if conf is None or not conf.gone:
            why = (
                (f"{listing} still lists it", f"{listing} 仍列出该记录")
                if conf is not None and conf.gone is False
                else (
                    f"{listing} could not be read to confirm it"
                    + (f" ({conf.error.code})" if conf and conf.error else ""),
                    f"无法读取 {listing} 进行确认",
                )
            )
            return [
                Finding(
                    DELETE_UNCONFIRMED,
                    {**params, "why": why[0], "why_zh": why[1]},
                    commands=(f"dnsdoctor cleanup {out.zone}",),
                    subject=subject,
                )
            ]
        findings: list[Finding] = []
        gone = out.disappear
        if gone is not None and gone.servers:
            still = [s for s in gone.servers if s.state is not State.GONE]
            if still:
                findings.append(
                    Finding(
                        DELETE_LAGGING,
                        {
                            **self._words(),
                            "still": ", ".join(s.server.label for s in still),
                            "seconds": f"{gone.elapsed:.0f}",
                        },
                        evidence=tuple(_timeline(s, delete) for s in gone.servers),
                        subject=subject,
                    )
                )
            confirm = (
                f"{listing} no longer lists it; gone from all {len(gone.servers)} "
                f"authoritative server(s) after {max(s.first_s or 0.0 for s in gone.servers):.1f} s"
                if not still
                else f"{listing} no longer lists it"
            )
            confirm_zh = (
                f"{listing} 已不再列出；{max(s.first_s or 0.0 for s in gone.servers):.1f} "
                f"秒后全部 {len(gone.servers)} 台权威服务器都不再返回"
                if not still
                else f"{listing} 已不再列出"
            )
        else:
            confirm = f"{listing} no longer lists it"
            confirm_zh = f"{listing} 已不再列出"
        findings.insert(
            0,
            Finding(
                PROBE_DELETED,
                {**params, "confirm": confirm, "confirm_zh": confirm_zh},
                evidence=(
                    Evidence(delete, f"{d.outcome} after {d.attempts} attempt(s)"),
                    *(
                        tuple(_timeline(s, delete) for s in gone.servers)
                        if gone is not None
                        else ()
                    ),
                ),
                subject=subject,
            ),
        )
        return findings

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
            if not o.left_behind:
                lines.append(
                    f"探测记录 {o.fqdn}（RecordId {rid}）已删除"
                    if lang == "zh"
                    else f"the probe record {o.fqdn} (RecordId {rid}) was deleted"
                )
            else:
                lines.append(
                    f"探测记录 {o.fqdn}（RecordId {rid}）可能仍在 {o.zone} 中："
                    f"请运行 dnsdoctor cleanup {o.zone} --yes"
                    if lang == "zh"
                    else f"the probe record {o.fqdn} (RecordId {rid}) may still be in "
                    f"{o.zone}: run dnsdoctor cleanup {o.zone} --yes"
                )
        return lines


# -- helpers ----------------------------------------------------------------------------------


def _default_services(options: Options) -> Services:
    from dnsdoctor.engine.run import default_services

    return default_services(options)


def _remark(api: DnsApi) -> dict[str, str]:
    """``remark=`` for the create call when the adapter takes one (DNSPod's ``Remark``: a second
    marker for humans)."""
    try:
        params = inspect.signature(api.create_txt).parameters
    except (TypeError, ValueError):
        return {}
    return {"remark": "dnsdoctor preflight probe"} if "remark" in params else {}


@dataclass(frozen=True)
class _Refusal:
    finding: Finding
    per_zone: bool = False
    """The reason is this name's zone (other names may still be probed)."""


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


def _status(result: CheckResult) -> Status:
    levels = [f.level for f in result.findings]
    if Severity.ERROR in levels:
        return Status.FAIL
    if Severity.WARNING in levels:
        return Status.WARN
    return Status.PASS


def _timeline(s: ServerStatus, since: str = "CreateRecord") -> Evidence:
    """One server's line: when it first showed the awaited state (and the poll before)."""
    label = s.server.label
    if s.server.kind == RESOLVER:
        label = f"resolver {label}"
    if s.first_s is not None:
        before = f" (not yet at {s.after_s:.1f} s)" if s.after_s is not None else ""
        word = "seen" if s.state is State.SEEN else "gone"
        return Evidence(label, f"{word} {s.first_s:.1f} s after {since}{before}, {s.polls} polls")
    detail = f": {s.detail}" if s.detail else ""
    return Evidence(label, f"{s.state.value} after {s.polls} polls{detail}")


def _api_evidence(err: ProviderError) -> tuple[Evidence, ...]:
    items = [Evidence("error", f"{err.code}: {err.message}" if err.message else err.code)]
    if err.action:
        items.append(Evidence("action", err.action))
    if err.request_id:
        items.append(Evidence("RequestId", err.request_id))
    return tuple(items)


def _when(ts: float) -> str:
    if ts <= 0:
        return "time unknown"
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

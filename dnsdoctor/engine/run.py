"""Run a command's checks and build the report: what the CLI, the demo and the tests all call.

No terminal here: the CLI renders what :func:`run` returns.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence

import dns.name

from dnsdoctor import __version__
from dnsdoctor.checks.base import Check
from dnsdoctor.core.context import Context, Options, Services, Target
from dnsdoctor.core.diagnosis import diagnose
from dnsdoctor.core.i18n import register
from dnsdoctor.core.model import CheckResult, Phrase, Report
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks

Progress = Callable[[CheckResult, int, int], None]
"""Called with each finished check, how many have finished and how many there are."""


MESSAGES = register(
    "engine.run",
    {
        "unknown_selector": {
            "en": "--select/--ignore {names}: no such check, family or code "
            "(see `dnsdoctor list-checks`)",
            "zh": "--select/--ignore {names}：没有这个检查、检查族或发现代码（见 `dnsdoctor list-checks`）",
        },
    },
)


class UnknownSelector(ValueError):
    """A --select/--ignore value that names no check, family or finding code (``str()`` in
    English, ``zh`` in Chinese)."""

    def __init__(self, names: str) -> None:
        self.wording = Phrase(MESSAGES["unknown_selector"], {"names": names})
        super().__init__(str(self.wording))

    @property
    def zh(self) -> str:
        return self.wording.render("zh")


def select_checks(command: str, options: Options) -> list[Check]:
    checks = all_checks()
    known = {c.name for c in checks} | {c.family for c in checks}
    known |= {s.code for c in checks for s in c.specs}
    unknown = [k for k in (*options.select, *options.ignore) if k not in known]
    if unknown:
        named = ", ".join(map(repr, unknown))
        raise UnknownSelector(named)
    chosen = [c for c in checks if command in c.commands]

    def matches(c: Check, keys: Sequence[str]) -> bool:
        codes = {s.code for s in c.specs}
        return any(k in (c.name, c.family) or k in codes for k in keys)

    if options.select:
        chosen = [c for c in chosen if matches(c, options.select)]
    if options.ignore:
        chosen = [c for c in chosen if not matches(c, options.ignore)]
    return chosen


def default_services(options: Options) -> Services:
    """The real adapters. Each module is imported only when a run needs it."""
    from dnsdoctor.net.dns import DnsClient

    services = Services(dns=DnsClient(query_timeout=options.query_timeout))
    try:
        from dnsdoctor.net.ntp import NtpClient

        services.ntp = NtpClient()
    except ImportError:
        pass
    try:
        from dnsdoctor.net.http import HttpClient

        services.http = HttpClient()
    except ImportError:
        pass
    if not options.no_doh:
        try:
            from dnsdoctor.net.doh import DEFAULT_ENDPOINTS, DohClient

            services.doh = DohClient(
                endpoints=options.doh or DEFAULT_ENDPOINTS, verify=options.doh_ca or True
            )
        except ImportError:  # dnspython without its doh extra (httpx2, h2)
            pass
    return services


def environment(options: Options) -> dict[str, object]:
    return {
        "dnsdoctor": __version__,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "roots": [f"{a}:{p}" for a, p in options.roots] or "IANA root hints",
        "dns_port": options.dns_port,
        "resolvers": [f"{a}:{p}" for a, p in options.resolvers] or "default",
        "system_resolvers": [f"{a}:{p}" for a, p in options.system_resolvers] or "default",
        "ntp_servers": [f"{h}:{p}" for h, p in options.ntp_servers] or "default",
        "doh": "off" if options.no_doh else [e.where for e in options.doh] or "default",
        "trust_anchor": options.trust_anchor or "IANA root KSK-2017, KSK-2024",
        "timeout_s": options.timeout,
        "argv": " ".join(sys.argv[1:]) if sys.argv else "",
        "pid": os.getpid(),
    }


async def run_async(
    command: str,
    options: Options,
    targets: list[Target],
    services: Services | None = None,
    progress: Progress | None = None,
    started: float | None = None,
) -> Report:
    """``started``: the ``time.monotonic()`` from which ``options.timeout`` counts (default: now)."""
    t0 = time.monotonic()
    deadline = (started if started is not None else t0) + options.timeout
    started_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    services = services or default_services(options)
    ctx = Context(options=options, services=services, targets=targets, deadline=deadline)
    services.dns.deadline = ctx.deadline
    if services.doh is not None:
        services.doh.deadline = ctx.deadline
    checks = select_checks(command, options)
    results = await run_checks(ctx, checks, progress)
    env = environment(options)
    env.pop("pid", None)
    from dnsdoctor.truth.path import known_verdict

    verdict = known_verdict(ctx)
    if verdict is not None:
        env["dns_path"] = verdict.kind
    report = Report(
        command=command,
        targets=[t.display if t.base else t.raw for t in targets],
        results=results,
        started_at=started_at,
        duration=time.monotonic() - t0,
        environment=env,
    )
    report.root_causes = diagnose(report)
    report.zones = zone_cuts(ctx)
    return report


def zone_cuts(ctx: Context) -> dict[str, tuple[str, ...]]:
    """For each target, the zone cuts that this run's delegation walk passed through and that hold
    the name, below the TLDs, shallowest first (only walks that finished: nothing is asked here).
    A cut below the name (``_acme-challenge`` delegated elsewhere) does not hold it."""
    cuts: dict[str, tuple[str, ...]] = {}
    for target in ctx.targets:
        if not target.base:
            continue
        fut = ctx._memo.get(("delegation", target.challenge.canonicalize()))
        if fut is None or not fut.done() or fut.cancelled() or fut.exception() is not None:
            continue
        found = fut.result()
        zones = [dns.name.from_text(z) for z in found.path] + [found.zone]
        holding = [z for z in zones if len(z) > 2 and target.base.is_subdomain(z)]
        if holding:
            texts = [z.to_text(omit_final_dot=True).lower() for z in holding]
            key = target.base.to_text(omit_final_dot=True).lower()
            cuts[key] = tuple(dict.fromkeys(texts))
    return cuts


def run(
    command: str,
    options: Options,
    targets: list[Target],
    services: Services | None = None,
    progress: Progress | None = None,
    started: float | None = None,
) -> Report:
    return asyncio.run(run_async(command, options, targets, services, progress, started))

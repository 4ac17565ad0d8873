"""The client settings ``dnsdoctor preflight`` recommends from its measurement: how the measured
time becomes a propagation timeout, a polling interval, a wait (:func:`recommend`), and the INFO
findings that tell Certimate, lego and acme.sh users what to set (:func:`settings_findings`),
with the minimal access policy. Where each client takes a setting for a provider (variable and
plug-in names, defaults) is the client's data (:mod:`dnsdoctor.clients`), not this module's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from dnsdoctor import providers
from dnsdoctor.clients import lego
from dnsdoctor.clients.certimate import LABELS as FORM
from dnsdoctor.core.model import (
    Evidence,
    Finding,
)
from dnsdoctor.preflight.cleanup import DEFAULT_PROVIDER
from dnsdoctor.preflight.findings import (
    CAM_POLICY,
    SETTINGS_ACME_SH,
    SETTINGS_CERTIMATE,
    SETTINGS_LEGO,
)
from dnsdoctor.preflight.probe import PROBE_TTL
from dnsdoctor.preflight.words import provider_words, said
from dnsdoctor.providers.base import Provider

LEGO_TIMEOUT = int(lego.DEFAULT_TIMEOUT)
"""lego's default propagation timeout (``dns01.DefaultPropagationTimeout``, tencentcloud too)."""


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
    nameservers: object = ns_field
    if not s.nameservers:
        nameservers = said("empty")
    elif not s.measured_nameservers:
        nameservers = said("not_measured", servers=ns_field)
    certimate_params = {
        "seconds": secs,
        "timeout": s.timeout,
        "ttl": s.ttl,
        "nameservers": nameservers,
        "wait": said("seconds", seconds=s.wait) if s.wait else said("empty_zero"),
    }
    # Certimate's form fields (its labels are the client's data), what goes in each, as shown
    form: dict[str, tuple[object, str]] = {
        "propagation_timeout": (s.timeout, f"{s.timeout}"),
        "resolvers": (ns_field, ns_field or "(empty)"),
        "wait": (s.wait, str(s.wait or "(empty)")),
        "ttl": (s.ttl, str(s.ttl)),
    }
    certimate_ev = (
        *(Evidence(f"{label.zh} / {label.en}", form[k][1]) for k, label in FORM.items()),
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
    grants = p.policy_grants(p.minimal_policy)  # the policy's shape is the provider's business
    policy_key = f"{p.policy_system.lower()}_policy"
    chosen: dict[str, object] = {"measured_seconds": round(s.seconds, 3)}
    if certimate_at is not None:
        chosen["certimate"] = {label.zh: form[k][0] for k, label in FORM.items()}
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
                "actions": ", ".join(grants.actions),
                "resource": ", ".join(grants.resources) or "*",
                "lego_actions": ", ".join(p.client_actions.get("lego", ())),
                "acme_sh_actions": ", ".join(p.client_actions.get("acme.sh", ())),
                "zones_action": p.actions.get("zones", ""),
                "root_note": said("root_note") if root_key else "",
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

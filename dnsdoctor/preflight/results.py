"""What a probe's outcome means: the findings of one probe record (created or not, how long it
took to reach every authoritative server and resolver, deleted and confirmed or left behind),
in the provider's words."""

from __future__ import annotations

from dnsdoctor.core.model import (
    Evidence,
    Finding,
    Report,
    Severity,
)
from dnsdoctor.preflight.findings import (
    CREATE_FAILED,
    DELETE_FAILED,
    DELETE_LAGGING,
    DELETE_UNCONFIRMED,
    PROBE_CHANGED,
    PROBE_DELETED,
    PROBE_NOT_VISIBLE,
    PROBE_REFUSED,
    PROBE_SLOW,
    PROBE_VISIBLE,
    RESOLVER_MISSES,
)
from dnsdoctor.preflight.probe import PROBE_TTL, ProbeOutcome
from dnsdoctor.preflight.settings import LEGO_TIMEOUT, recommend
from dnsdoctor.preflight.words import ProviderName, action_name, provider_words, said
from dnsdoctor.providers.base import (
    ErrorKind,
    Provider,
    ProviderError,
)
from dnsdoctor.truth.watch import (
    RESOLVER,
    ServerStatus,
    State,
)


def probe_findings(
    out: ProbeOutcome, report: Report, provider: Provider, principal: str | None = None
) -> list[Finding]:
    """What one probe found, at ``provider`` (``principal``: the key's sub-user, which the
    policy commands name)."""
    subject = out.target.display
    findings: list[Finding] = []
    if out.journal_error and out.record_id is None and out.create_error is None:
        findings.append(
            Finding(
                PROBE_REFUSED,
                {
                    "reason": said("journal_failed", error=out.journal_error),
                    "fix": said("journal_writable"),
                },
                severity=Severity.ERROR,
                subject=subject,
            )
        )
        return findings
    p = provider
    if out.create_error is not None:
        err = out.create_error
        create = p.actions.get("create", action_name(provider, "create"))
        commands: tuple[str, ...] = ()
        if err.kind is ErrorKind.DENIED:
            advice = said("allow_create", action=create, policy=p.policy_system)
            commands = p.policy_commands(principal)
        elif out.create_ambiguous:
            advice = said("maybe_created", zone=out.zone)
        else:
            advice = said(
                "look_up_code",
                provider=ProviderName(p.name),
                vendor=ProviderName(p.name, "vendor"),
            )
        findings.append(
            Finding(
                CREATE_FAILED,
                {
                    **provider_words(provider),
                    "zone": out.zone,
                    "code": err.code,
                    "message": err.message or err.code,
                    "advice": advice,
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
        findings.extend(_appear_findings(out, subject, provider))
    if out.resolvers is not None:
        findings.extend(_resolver_findings(out, subject, provider))
    findings.extend(_cleanup_findings(out, subject, provider))
    return findings


def _appear_findings(out: ProbeOutcome, subject: str, provider: Provider) -> list[Finding]:
    appear = out.appear
    assert appear is not None
    since = action_name(provider, "create")
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
            **provider_words(provider),
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
                **provider_words(provider),
                "fqdn": out.fqdn,
                "seconds": f"{appear.elapsed:.0f}",
                "missing": ", ".join(s.server.label for s in missing) or what,
            },
            evidence=base + timeline,
            subject=subject,
        )
    ]


def _resolver_findings(out: ProbeOutcome, subject: str, provider: Provider) -> list[Finding]:
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
                evidence=(_timeline(s, action_name(provider, "create")), Evidence("role", role)),
                severity=Severity.ERROR if role == "system" else None,
                subject=f"{subject}|{s.server.address}",
            )
        )
    return findings


def _cleanup_findings(out: ProbeOutcome, subject: str, provider: Provider) -> list[Finding]:
    if not out.exists_maybe:
        return []
    rid = out.record_id if out.record_id is not None else "unknown"
    params: dict[str, object] = {
        **provider_words(provider),
        "fqdn": out.fqdn,
        "record_id": rid,
        "zone": out.zone,
    }
    listing, delete = action_name(provider, "records"), action_name(provider, "delete")
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
                        "why": said("create_unanswered", list=listing),
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
        changed = (
            said("marker_gone")
            if d.error is not None and d.error.code == "dnsdoctor.ProbeChanged"
            else said("not_listed", list=listing)
        )
        return [
            Finding(
                PROBE_CHANGED,
                {**params, "why": changed},
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
        if conf is not None and conf.gone is False:
            why = said("still_listed", list=listing)
        elif conf is not None and conf.error is not None:
            why = said("unreadable_code", list=listing, code=conf.error.code)
        else:
            why = said("unreadable", list=listing)
        return [
            Finding(
                DELETE_UNCONFIRMED,
                {**params, "why": why},
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
                        **provider_words(provider),
                        "still": ", ".join(s.server.label for s in still),
                        "seconds": f"{gone.elapsed:.0f}",
                    },
                    evidence=tuple(_timeline(s, delete) for s in gone.servers),
                    subject=subject,
                )
            )
        confirm = (
            said(
                "gone_everywhere",
                list=listing,
                count=len(gone.servers),
                seconds=f"{max(s.first_s or 0.0 for s in gone.servers):.1f}",
            )
            if not still
            else said("unlisted", list=listing)
        )
    else:
        confirm = said("unlisted", list=listing)
    findings.insert(
        0,
        Finding(
            PROBE_DELETED,
            {**params, "confirm": confirm},
            evidence=(
                Evidence(delete, f"{d.outcome} after {d.attempts} attempt(s)"),
                *(tuple(_timeline(s, delete) for s in gone.servers) if gone is not None else ()),
            ),
            subject=subject,
        ),
    )
    return findings


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

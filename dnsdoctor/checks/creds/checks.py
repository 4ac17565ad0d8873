"""Tencent Cloud credentials against the API: who the key is, what it may do, what DNSPod says.

The probes run in the order that makes each one conclusive (``/work/shared/TENCENT.md`` D2):

1. STS ``GetCallerIdentity`` checks SecretId, SecretKey, token and clock without needing any DNSPod
   permission, and tells a root key from a CAM user's. When the offline lint found removable junk
   (a trailing U+200B, a newline from a key file, quotes), the cleaned credential is tried as well:
   "the key works once the trailing U+200B is removed" is a conclusive finding.
2. DNSPod ``DescribeDomain(zone)``: the zone is in this account; ``DnsStatus``, ``DnspodNsList`` and
   ``ActualNsList`` say whether the registrar delegates to DNSPod. Then ``DescribeDomainList`` (what
   lego calls first), which also names the account's domains when the zone is not among them.
3. ``DescribeRecordList`` for the challenge name with ``ErrorOnEmpty=no``: read permission, and the
   TXT values already there (leftovers named).
4. ``DeleteRecord(zone, RecordId=1)``, a record id that cannot exist: the non-destructive write
   probe. ``InvalidParameter.RecordIdInvalid`` means CAM let the call through;
   ``AuthFailure.UnauthorizedOperation``, ``UnauthorizedOperation`` or ``OperationDenied.*`` mean
   it is denied. The CAM actions an ACME client needs are named, the missing ones first, with a
   minimal policy to paste.

Every API error code becomes a finding with its cause and remedy. Each stage is memoised once per
run and shared by the checks ``creds.identity``, ``creds.zone``, ``creds.records`` and
``creds.permissions``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import dns.exception
import dns.name

from dnsdoctor import providers
from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.checks.clock.checks import Duration
from dnsdoctor.checks.creds.lint import (
    chosen_credential,
    fix_words,
    key_evidence,
    provider_of,
)
from dnsdoctor.checks.creds.specs import (
    COMMANDS,
    CREDS_ACTIONS_DENIED,
    CREDS_API_BAD_RESPONSE,
    CREDS_API_ERROR,
    CREDS_API_SERVER_ERROR,
    CREDS_API_UNREACHABLE,
    CREDS_AUTH_FAILURE,
    CREDS_AUTHENTICATED,
    CREDS_CREDENTIAL_UNSENDABLE,
    CREDS_DELEGATION_ELSEWHERE,
    CREDS_DELETE_DENIED,
    CREDS_INVALID_SECRET_ID,
    CREDS_NOT_DELEGATED,
    CREDS_PERMISSIONS_OK,
    CREDS_RATE_LIMITED,
    CREDS_ROOT_KEY,
    CREDS_SECRET_ID_NOT_FOUND,
    CREDS_SIGNATURE_EXPIRE,
    CREDS_SIGNATURE_FAILURE,
    CREDS_STALE_TXT,
    CREDS_STS_DENIED,
    CREDS_TOKEN_FAILURE,
    CREDS_TXT_DISABLED,
    CREDS_TXT_RECORDS,
    CREDS_WORKS_CLEANED,
    CREDS_WRITE_PROBE_DELETED,
    CREDS_WRITE_PROBE_INCONCLUSIVE,
    CREDS_ZONE_FOUND,
    CREDS_ZONE_INVALID,
    CREDS_ZONE_NOT_IN_ACCOUNT,
    CREDS_ZONE_PAUSED,
    FAMILY,
    GENERIC_SPECS,
    IDENTITY_SPECS,
    PERMISSION_SPECS,
    RECORD_SPECS,
    WORDS,
    ZONE_SPECS,
    Skew,
    key_words,
    provider_words,
)
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.i18n import Phrase
from dnsdoctor.core.model import Evidence, Finding, FindingSpec
from dnsdoctor.credentials import Credential
from dnsdoctor.providers.base import (
    AUTH_KINDS,
    UNSENDABLE,
    ApiKey,
    DnsApi,
    ErrorKind,
    Identity,
    Provider,
    ProviderError,
    Record,
    Zone,
)
from dnsdoctor.providers.lint import FieldLint, lint_credential
from dnsdoctor.redact import guess_zone

STALE_AFTER = 3600.0
"""A challenge TXT older than this is a leftover of an earlier order, not of one running now."""

# -- zone (provisional) -----------------------------------------------------------------------


def zone_for(target: Target) -> str:
    """The registered domain of a target by its last labels (two, or three under suffixes such as
    com.cn): the fallback when the zone cut cannot be seen from here."""
    return guess_zone(target.base.to_text(omit_final_dot=True))


def subdomain_for(target: Target, zone: str) -> str:
    """The challenge name relative to ``zone`` (``_acme-challenge.www``)."""
    challenge = target.challenge.to_text(omit_final_dot=True).lower()
    if challenge == zone:
        return "@"
    return challenge.removesuffix("." + zone)


# -- staged, memoised probes ------------------------------------------------------------------


@dataclass
class IdentityState:
    cred: Credential
    lint: list[FieldLint]
    provider: Provider
    working: ApiKey | None = field(default=None, repr=False)
    identity: Identity | None = None
    raw_error: ProviderError | None = None
    cleaned_error: ProviderError | None = None
    cleaned_tried: bool = False
    via_cleaned: bool = False
    sts_denied: ProviderError | None = None

    @property
    def masked_id(self) -> Phrase:
        """The key id as the texts show it, in the reader's language (prefix…last two, length)."""
        return secrets.mask_id_words(self.cred.secret_id)


@dataclass
class ListState:
    domains: list[Zone] | None = None
    error: ProviderError | None = None

    def holds(self, zone: str) -> bool | None:
        if self.domains is None:
            return None
        return any(zone == d.name.lower() for d in self.domains)


@dataclass
class ZoneState:
    zone: str
    info: Zone | None = None
    error: ProviderError | None = None
    listing: ListState = field(default_factory=ListState)

    @property
    def absent(self) -> bool:
        """The zone is positively not in this account."""
        if self.error is not None and self.error.kind is ErrorKind.NO_ZONE:
            return True
        return self.info is None and self.listing.holds(self.zone) is False

    @property
    def blocking(self) -> ProviderError | None:
        """An error after which the record and write probes would say nothing new."""
        if self.error is not None and self.error.kind is not ErrorKind.DENIED:
            return self.error
        return None


@dataclass
class RecordsState:
    zone: str
    name: str
    records: list[Record] | None = None
    error: ProviderError | None = None


@dataclass
class WriteState:
    zone: str
    outcome: str
    """``allowed``, ``denied``, ``deleted``, ``inconclusive`` or ``error``."""
    error: ProviderError | None = None
    record_id: str = ""
    """The record id the probe asked to delete (one that cannot exist)."""


def api_of(ctx: Context, provider: Provider) -> DnsApi:
    """The provider's API adapter: injected in ``Services.apis`` (tests, the demo world), else
    made from the options (``--<provider>-endpoint``)."""
    api = ctx.services.apis.get(provider.name)
    if api is not None:
        return api
    api_module = provider.module("api")
    try:
        made: DnsApi = api_module.create_api(ctx.options)
    except ValueError as exc:
        unusable = {"provider": provider_words(provider), "error": str(exc)}
        raise Skip(Phrase(WORDS["skip-endpoint"], unusable)) from None
    ctx.services.apis[provider.name] = made
    return made


def _api_key(cred: Credential, clean: bool) -> ApiKey:
    if not clean:
        return ApiKey(cred.secret_id, cred.secret_key, cred.token or None)
    token = secrets.cleaned(cred.token) if cred.token else None
    return ApiKey(secrets.cleaned(cred.secret_id), secrets.cleaned(cred.secret_key), token)


async def identity_state(ctx: Context) -> IdentityState:
    cred = await chosen_credential(ctx)
    provider = await provider_of(ctx)
    api = api_of(ctx, provider)

    async def probe() -> IdentityState:
        state = IdentityState(cred, lint_credential(cred), provider)
        raw = _api_key(cred, clean=False)
        try:
            state.identity = await api.whoami(raw, deadline=ctx.deadline)
            state.working = raw
            return state
        except ProviderError as err:
            state.raw_error = err
        if state.raw_error.kind is ErrorKind.DENIED:
            state.working, state.sts_denied = raw, state.raw_error
            state.raw_error = None
            return state
        cleaned = _api_key(cred, clean=True)
        if (
            state.raw_error.kind not in (*AUTH_KINDS, ErrorKind.LOCAL)
            or cleaned == raw
            or not all((cleaned.key_id, cleaned.secret))
        ):
            return state
        state.cleaned_tried = True
        try:
            state.identity = await api.whoami(cleaned, deadline=ctx.deadline)
        except ProviderError as err:
            if err.kind is not ErrorKind.DENIED:
                state.cleaned_error = err
                return state
            state.sts_denied = err
        state.working, state.via_cleaned = cleaned, True
        return state

    return await ctx.memo(("creds", "identity"), probe)


async def _working(ctx: Context) -> tuple[IdentityState, ApiKey, DnsApi]:
    state = await identity_state(ctx)
    if state.working is None:
        raise Skip(
            "the key did not authenticate (see creds.identity)",
            "密钥未通过认证（见 creds.identity）",
        )
    return state, state.working, api_of(ctx, state.provider)


async def list_state(ctx: Context) -> ListState:
    _, working, api = await _working(ctx)

    async def probe() -> ListState:
        try:
            return ListState(list(await api.zones(working, deadline=ctx.deadline)))
        except ProviderError as err:
            return ListState(error=err)

    return await ctx.memo(("creds", "domain-list"), probe)


async def zone_state(ctx: Context, zone: str) -> ZoneState:
    _, working, api = await _working(ctx)

    async def probe() -> ZoneState:
        state = ZoneState(zone)
        try:
            state.info = await api.zone(working, zone, deadline=ctx.deadline)
        except ProviderError as err:
            state.error = err
        if state.info is None and (
            state.error is None
            or state.error.kind in (ErrorKind.NO_ZONE, ErrorKind.INVALID_ZONE, ErrorKind.DENIED)
        ):
            state.listing = await list_state(ctx)
        return state

    return await ctx.memo(("creds", "zone", zone), probe)


async def _usable_zone(ctx: Context, zone: str) -> ZoneState:
    state = await zone_state(ctx, zone)
    if state.absent:
        raise Skip(Phrase(WORDS["skip-zone-absent"], {"zone": zone}))
    if state.blocking is not None:
        action = state.blocking.action or Phrase(WORDS["the-zone-look-up"])
        raise Skip(Phrase(WORDS["skip-zone-failed"], {"action": action, "zone": zone}))
    return state


def _zone_of(state: ZoneState) -> Zone:
    if state.info is not None:
        return state.info
    listed = [d for d in state.listing.domains or [] if d.name.lower() == state.zone]
    return listed[0] if listed else Zone("", state.zone)


async def records_state(ctx: Context, zone: str, name: str) -> RecordsState:
    _, working, api = await _working(ctx)
    zs = await _usable_zone(ctx, zone)
    await list_state(ctx)  # a fixed order: the zone, the zone list, then the records

    async def probe() -> RecordsState:
        try:
            records = await api.txt_records(working, _zone_of(zs), name, deadline=ctx.deadline)
            return RecordsState(zone, name, list(records))
        except ProviderError as err:
            return RecordsState(zone, name, error=err)

    return await ctx.memo(("creds", "records", zone, name), probe)


async def write_state(ctx: Context, zone: str, names: Iterable[str]) -> WriteState:
    _, working, api = await _working(ctx)
    zs = await _usable_zone(ctx, zone)
    for name in names:  # read before write: each probe conclusive in its turn
        await records_state(ctx, zone, name)

    async def probe() -> WriteState:
        found = await api.probe_write(working, _zone_of(zs), deadline=ctx.deadline)
        return WriteState(zone, found.outcome, found.error, found.record_id)

    return await ctx.memo(("creds", "write", zone), probe)


# -- error → finding --------------------------------------------------------------------------


def _request_evidence(err: ProviderError) -> tuple[Evidence, ...]:
    items = [Evidence("error", f"{err.code}: {err.message}" if err.message else err.code)]
    if err.action:
        items.append(Evidence("action", err.action))
    if err.endpoint:
        items.append(Evidence("endpoint", err.endpoint))
    if err.request_id:
        items.append(Evidence("RequestId", err.request_id))
    if err.http_status is not None:
        items.append(Evidence("HTTP status", str(err.http_status)))
    if err.attempts > 1:
        items.append(Evidence("attempts", str(err.attempts)))
    return tuple(items)


def error_finding(
    err: ProviderError,
    ctx: Context,
    *,
    provider: Provider,
    secret_id: str | Phrase,
    subject: str,
    token_sent: bool = False,
    extra: tuple[Evidence, ...] = (),
) -> Finding:
    """The finding for one API error (``secret_id`` is already masked: :func:`secrets.mask_id_words`)."""
    reason = err.message or err.code
    params: dict[str, object] = {
        "secret_id": secret_id,
        "code": err.code,
        "message": err.message or err.code,
        "action": err.action or Phrase(WORDS["the-call"]),
        "endpoint": err.endpoint or Phrase(WORDS["the-api"]),
        "endpoint_option": provider.endpoint_flag,
        "reason": reason,
        "attempts": err.attempts,
        # the provider's own words for the texts that name no provider
        **key_words(provider),
    }
    evidence = _request_evidence(err) + extra
    commands: tuple[str, ...] = ()
    spec: FindingSpec
    if err.kind is ErrorKind.SIGNATURE:
        spec = CREDS_SIGNATURE_FAILURE
    elif err.kind is ErrorKind.CLOCK:
        spec = CREDS_SIGNATURE_EXPIRE
        offset = None if err.server_date is None else ctx.clock() - err.server_date
        params["skew"] = Skew(offset, provider.clock_window)
        params["cloud"] = provider_words(provider)
        params["limit"] = Duration(provider.clock_window)  # 5 min / 5 分
        params["provider_name"] = provider.name  # a bare `clock` may judge by another's window
        commands = (f"dnsdoctor clock --provider {provider.name}",)
        if err.server_date is not None:
            server = dt.datetime.fromtimestamp(err.server_date, dt.UTC).isoformat()
            local = dt.datetime.fromtimestamp(ctx.clock(), dt.UTC).isoformat(timespec="seconds")
            evidence += (Evidence("API server time (Date)", server), Evidence("local time", local))
    elif err.kind is ErrorKind.UNKNOWN_KEY:
        spec = CREDS_SECRET_ID_NOT_FOUND
    elif err.kind is ErrorKind.INVALID_KEY:
        spec = CREDS_INVALID_SECRET_ID
    elif err.kind is ErrorKind.TOKEN:
        spec = CREDS_TOKEN_FAILURE
        params["token_state"] = Phrase(WORDS["token-sent" if token_sent else "token-not-sent"])
    elif err.kind is ErrorKind.LOCAL:
        spec = CREDS_CREDENTIAL_UNSENDABLE
        # The adapter says which part cannot be sent and why; an SDK's own refusal (Tencent's
        # InvalidCredential) says only its message.
        why = err.unsendable
        params["part"] = why.part if why is not None else Phrase(WORDS["key"])
        params["problem"] = (
            why.words()
            if why is not None
            else Phrase(UNSENDABLE["refused"], {"message": err.message or err.code})
        )
    elif err.kind in AUTH_KINDS:
        spec = CREDS_AUTH_FAILURE
    elif err.kind is ErrorKind.NETWORK:
        spec = CREDS_API_UNREACHABLE
    elif err.kind is ErrorKind.SERVER:
        spec = CREDS_API_SERVER_ERROR
        if err.http_status is not None:
            params["reason"] = f"HTTP {err.http_status}"
    elif err.kind is ErrorKind.RESPONSE or err.code.startswith("dnsdoctor."):
        spec = CREDS_API_BAD_RESPONSE
    elif err.kind is ErrorKind.RATE_LIMIT:
        spec = CREDS_RATE_LIMITED
    else:
        spec = CREDS_API_ERROR
    return Finding(
        provider.wording(spec), params, evidence=evidence, commands=commands, subject=subject
    )


# -- checks -----------------------------------------------------------------------------------


@check(
    "creds.identity",
    family=FAMILY,
    scope=Scope.RUN,
    specs=IDENTITY_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Whether the DNS provider accepts the key, whose it is, and whether cleaning it helps",
        "zh": "DNS 服务商是否接受该密钥、它属于谁，以及清理多余字符后能否使用",
    },
)
async def credential_identity(ctx: Context, target: Target | None) -> list[Finding]:
    state = await identity_state(ctx)
    provider = state.provider
    cred = state.cred
    masked = state.masked_id
    subject = cred.origin
    findings: list[Finding] = []
    if state.via_cleaned and state.raw_error is not None:
        changed = [f for f in state.lint if f.cleaned != _value(cred, f.part)]
        findings.append(
            Finding(
                provider.wording(CREDS_WORKS_CLEANED),
                {
                    "fix": fix_words(changed),
                    "code": state.raw_error.code,
                    "origin": ", ".join(f.origin for f in changed),
                    "cloud": provider_words(provider),
                },
                evidence=(
                    Evidence("as given", f"{state.raw_error.code}"),
                    Evidence("cleaned", "accepted"),
                    *key_evidence(cred),
                ),
                subject=subject,
            )
        )
    elif state.raw_error is not None:
        err = state.cleaned_error or state.raw_error
        extra: tuple[Evidence, ...] = ()
        if state.cleaned_error is not None:
            extra = (
                Evidence("as given", state.raw_error.code),
                Evidence("with invisible characters and quotes removed", err.code),
            )
        findings.append(
            error_finding(
                err,
                ctx,
                provider=state.provider,
                secret_id=masked,
                subject=subject,
                token_sent=bool(cred.token),
                extra=extra + key_evidence(cred),
            )
        )
        return findings
    identity = state.identity
    if identity is None:
        if state.sts_denied is not None:
            findings.append(
                Finding(
                    provider.wording(CREDS_STS_DENIED),
                    {
                        "secret_id": masked,
                        # the call that says whose a key is, as the provider's policies name it
                        "whoami": provider.actions.get("whoami") or state.sts_denied.action,
                        **key_words(provider),
                    },
                    evidence=_request_evidence(state.sts_denied),
                    subject=subject,
                )
            )
        return findings
    who = Phrase(WORDS["who-root"], {"account": identity.account_id})
    if not identity.is_root:
        who_is = {
            "kind": _identity_kind(identity.principal_type),
            "principal": identity.principal_id,
            "account": identity.account_id,
        }
        who = Phrase(WORDS["who"], who_is)
    evidence = (*_facts(identity.facts), *key_evidence(cred))
    findings.append(
        Finding(
            provider.wording(CREDS_AUTHENTICATED),
            {
                "secret_id": masked,
                "who": who,
                "account": identity.account_id,
                **key_words(provider),
            },
            evidence=evidence,
            subject=subject,
        )
    )
    if identity.is_root:
        findings.append(
            Finding(
                provider.wording(CREDS_ROOT_KEY),
                {"secret_id": masked, "account": identity.account_id, **key_words(provider)},
                evidence=(
                    Evidence(
                        f"{state.provider.policy_system} policy (minimal, for a sub-user)",
                        state.provider.minimal_policy,
                    ),
                ),
                commands=state.provider.policy_commands(None),
                subject=subject,
            )
        )
    return findings


def _identity_kind(kind: str) -> Phrase:
    """``CAMUser`` → CAM user / CAM 子用户, Alibaba's ``RAMUser`` → RAM user / RAM 用户; a type
    without words of its own is said as it is."""
    if kind in ("CAMUser", "CAMRole", "RAMUser", "AssumedRoleUser"):
        return Phrase(WORDS[kind])
    if kind:
        return Phrase(WORDS["identity-kind"], {"kind": kind})
    return Phrase(WORDS["identity"])


def _facts(facts: Iterable[tuple[str, str]]) -> tuple[Evidence, ...]:
    return tuple(Evidence(label, value) for label, value in facts)


def _value(cred: Credential, part: str) -> str:
    """The value of one lint part (named with the provider's labels: ``SecretKey``, ...)."""
    provider = providers.get(cred.provider)
    values = {provider.key_id_label: cred.secret_id, provider.secret_label: cred.secret_key}
    return values.get(part, cred.token or "")


async def _zones(ctx: Context) -> dict[str, list[Target]]:
    """The DNSPod zone of every target: the zone cut DNS shows (memoised, shared with the DNS
    checks), or - where the delegation cannot be followed from here - the registered domain."""
    if not ctx.targets:
        raise Skip("no domain given", "没有给出域名")
    return await ctx.memo(("creds-zones",), lambda: _find_zones(ctx))


async def _find_zones(ctx: Context) -> dict[str, list[Target]]:
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    zones: dict[str, list[Target]] = {}
    for target in ctx.targets:
        zone = zone_for(target)
        try:
            cut = await delegation(ctx, target.challenge)
        except (ResolutionError, dns.exception.DNSException):
            cut = None
        if cut is not None and len(cut.zone) > 2:  # below a TLD: a real zone cut
            zone = cut.zone.to_text(omit_final_dot=True).lower()
        zones.setdefault(zone, []).append(target)
    return zones


@check(
    "creds.zone",
    family=FAMILY,
    scope=Scope.RUN,
    specs=ZONE_SPECS + GENERIC_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Whether the DNS provider hosts the zone in this key's account and is delegated to",
        "zh": "DNS 服务商是否在该密钥所属账号中托管该域名，以及注册商是否委派给它",
    },
)
async def credential_zone(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    masked = state.masked_id
    account = state.identity.account_id if state.identity else "?"
    findings: list[Finding] = []
    for zone in await _zones(ctx):
        zs = await zone_state(ctx, zone)
        zone_findings = _zone_findings(ctx, state.provider, zs, masked, account)
        findings.extend(await _cross_check_delegation(ctx, state.provider, zs, zone_findings))
    if not findings:
        zone_call = state.provider.actions.get("zone", "").split(":")[-1]
        zones_call = state.provider.actions.get("zones", "").split(":")[-1]
        calls = {"zone_call": zone_call, "zones_call": zones_call}
        raise Skip(Phrase(WORDS["skip-zone-calls-denied"], calls))
    return findings


def _zone_findings(
    ctx: Context, provider: Provider, zs: ZoneState, masked: Phrase, account: str
) -> list[Finding]:
    zone = zs.zone
    if zs.absent:
        names = [d.name for d in zs.listing.domains or []]
        shown = ", ".join(names[:10]) + (f" (+{len(names) - 10})" if len(names) > 10 else "")
        code = zs.error.code if zs.error is not None else "not in DescribeDomainList"
        facts = [Evidence("domains in this account", shown or "none")]
        if zs.error is not None:
            facts.extend(_request_evidence(zs.error))
        return [
            Finding(
                provider.wording(CREDS_ZONE_NOT_IN_ACCOUNT),
                {
                    "zone": zone,
                    "secret_id": masked,
                    "account": account,
                    "code": code,
                    "domains": shown or Phrase(WORDS["none"]),
                    "cloud": provider_words(provider),
                },
                evidence=tuple(facts),
                subject=zone,
            )
        ]
    if zs.error is not None and zs.error.kind is ErrorKind.INVALID_ZONE:
        return [
            Finding(
                provider.wording(CREDS_ZONE_INVALID),
                {"zone": zone, "code": zs.error.code, "cloud": provider_words(provider)},
                evidence=_request_evidence(zs.error),
                subject=zone,
            )
        ]
    if zs.error is not None and zs.error.kind is not ErrorKind.DENIED:
        return [error_finding(zs.error, ctx, provider=provider, secret_id=masked, subject=zone)]
    findings: list[Finding] = []
    info = zs.info
    if info is None:
        listed = [d for d in zs.listing.domains or [] if d.name.lower() == zone]
        if listed:
            d = listed[0]
            zones_call = provider.actions.get("zones", "the zone list").split(":")[-1]
            zone_call = provider.actions.get("zone", "the zone look-up").split(":")[-1]
            findings.append(
                Finding(
                    provider.wording(CREDS_ZONE_FOUND),
                    {
                        "zone": zone,
                        "domain_id": _id_param(d.zone_id),
                        "status": d.status,
                        "cloud": provider_words(provider),
                    },
                    evidence=(Evidence("source", f"{zones_call} ({zone_call} denied)"),),
                    subject=zone,
                )
            )
        return findings
    evidence = _facts(info.facts)
    findings.append(
        Finding(
            provider.wording(CREDS_ZONE_FOUND),
            {
                "zone": zone,
                "domain_id": _id_param(info.zone_id),
                "status": info.status or Phrase(WORDS["not-given"]),
                "cloud": provider_words(provider),
            },
            evidence=evidence,
            subject=zone,
        )
    )
    if info.paused:
        findings.append(
            Finding(
                provider.wording(CREDS_ZONE_PAUSED),
                {"zone": zone, "status": info.status, "cloud": provider_words(provider)},
                evidence=evidence,
                subject=zone,
            )
        )
    if info.delegated is False:
        findings.append(
            Finding(
                provider.wording(CREDS_NOT_DELEGATED),
                {
                    "zone": zone,
                    "dns_status": info.delegation_note or Phrase(WORDS["(empty)"]),
                    "dnspod_ns": ", ".join(info.expected_ns) or Phrase(WORDS["(none)"]),
                    "actual_ns": ", ".join(info.actual_ns) or Phrase(WORDS["(none)"]),
                    "cloud": provider_words(provider),
                },
                evidence=evidence,
                subject=zone,
            )
        )
    return findings


async def _cross_check_delegation(
    ctx: Context, provider: Provider, zs: ZoneState, findings: list[Finding]
) -> list[Finding]:
    """Compare DNSPod's NS lists with the delegation dnsdoctor finds itself from the root."""
    info = zs.info
    if info is None or not info.expected_ns:
        return findings
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    try:
        cut = await delegation(ctx, dns.name.from_text(zs.zone))
    except (ResolutionError, dns.exception.DNSException):
        return findings  # no view of the delegation from here: DNSPod's word stands alone
    if cut.zone != dns.name.from_text(zs.zone) or not cut.ns:
        return findings
    delegated = sorted(h.name.to_text(omit_final_dot=True).lower() for h in cut.ns)
    seen = Evidence(
        f"registry delegation (dnsdoctor, via {cut.parent_server})", ", ".join(delegated)
    )
    out = []
    for f in findings:
        if f.code == CREDS_NOT_DELEGATED.code:
            f = dataclasses.replace(f, evidence=(*f.evidence, seen))
        out.append(f)
    dnspod = {ns.lower().rstrip(".") for ns in info.expected_ns}
    if dnspod.isdisjoint(delegated) and not any(f.code == CREDS_NOT_DELEGATED.code for f in out):
        out.append(
            Finding(
                provider.wording(CREDS_DELEGATION_ELSEWHERE),
                {
                    "zone": zs.zone,
                    "delegated": ", ".join(delegated),
                    "dnspod_ns": ", ".join(sorted(dnspod)),
                    "cloud": provider_words(provider),
                },
                evidence=(seen, Evidence(provider.ns_list_label, ", ".join(info.expected_ns))),
                subject=zs.zone,
            )
        )
    return out


def _id_param(zone_id: str) -> int | str:
    """A zone id as the report has always shown DNSPod's: a number where it is one."""
    return int(zone_id) if zone_id.isdigit() else zone_id


@check(
    "creds.records",
    family=FAMILY,
    scope=Scope.RUN,
    specs=RECORD_SPECS + GENERIC_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Which TXT records the DNS provider holds at the challenge name (read permission)",
        "zh": "DNS 服务商中验证记录名下有哪些 TXT 记录（读权限）",
    },
)
async def credential_records(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    findings: list[Finding] = []
    reason = Phrase(WORDS["skip-no-zone-read"])
    for zone, targets in (await _zones(ctx)).items():
        zs = await zone_state(ctx, zone)
        if zs.absent or zs.blocking is not None:
            continue
        for t in targets:
            rs = await records_state(ctx, zone, subdomain_for(t, zone))
            if rs.error is not None and rs.error.kind is ErrorKind.DENIED:
                action = state.provider.actions.get("records", "").split(":")[-1]
                reason = Phrase(WORDS["skip-records-denied"], {"action": action})
            findings.extend(_record_findings(ctx, state.provider, rs, t, state.masked_id))
    if not findings:
        raise Skip(reason)
    return findings


def _record_findings(
    ctx: Context, provider: Provider, rs: RecordsState, target: Target, masked: Phrase
) -> list[Finding]:
    name = target.challenge.to_text(omit_final_dot=True)
    if rs.error is not None:
        if rs.error.kind is ErrorKind.DENIED:
            return []
        return [error_finding(rs.error, ctx, provider=provider, secret_id=masked, subject=name)]
    records = rs.records or []
    evidence = tuple(
        Evidence(
            f"RecordId {r.record_id}",
            f'"{r.value}" (TTL {r.ttl}, line {r.line}, {r.status}, updated {r.updated_text})',
        )
        for r in records
    )
    findings = [
        Finding(
            provider.wording(CREDS_TXT_RECORDS),
            {"count": len(records), "name": name, "cloud": provider_words(provider)},
            evidence=evidence,
            subject=name,
        )
    ]
    now = ctx.clock()
    expect = set(ctx.options.expect)
    # A record holding a value the run expects is the current token, however old (a manual
    # record, a retried order): never a leftover.
    stale = [
        (ts, r)
        for r in records
        if (ts := r.updated_at) is not None and now - ts > STALE_AFTER and r.value not in expect
    ]
    if stale:
        oldest = min(stale, key=lambda pair: pair[0])[1].updated_text
        findings.append(
            Finding(
                provider.wording(CREDS_STALE_TXT),
                {
                    "count": len(stale),
                    "name": name,
                    "oldest": f"{oldest} ({provider.timestamp_zone})",
                    "cloud": provider_words(provider),
                },
                evidence=tuple(
                    Evidence(f"RecordId {r.record_id}", f'"{r.value}" updated {r.updated_text}')
                    for _, r in stale
                ),
                subject=name,
            )
        )
    disabled = [r for r in records if not r.enabled]
    if disabled:
        findings.append(
            Finding(
                provider.wording(CREDS_TXT_DISABLED),
                {"count": len(disabled), "name": name, "cloud": provider_words(provider)},
                evidence=tuple(
                    Evidence(f"RecordId {r.record_id}", f'"{r.value}"') for r in disabled
                ),
                subject=name,
            )
        )
    return findings


def _status(err: ProviderError | None, ok: bool) -> str:
    if ok:
        return "allowed"
    if err is None:
        return "not tested"
    if err.kind is ErrorKind.DENIED:
        return "denied"
    if err.kind is ErrorKind.NO_ZONE:
        return "allowed"  # the policy let it through; the zone answer came from the DNS service
    return f"unknown ({err.code})"


@check(
    "creds.permissions",
    family=FAMILY,
    scope=Scope.RUN,
    specs=PERMISSION_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Which DNS API actions the key may call: reads, and a non-destructive delete probe",
        "zh": "该密钥可以调用哪些 DNS 接口：读取，以及一次不会造成破坏的删除探测",
    },
)
async def credential_permissions(ctx: Context, target: Target | None) -> list[Finding]:
    state, _, _ = await _working(ctx)
    provider = state.provider
    masked = state.masked_id
    uin = None
    if state.identity is not None and not state.identity.is_root:
        uin = state.identity.principal_name or state.identity.principal_id
    findings: list[Finding] = []
    for zone, targets in (await _zones(ctx)).items():
        zs = await zone_state(ctx, zone)
        if zs.absent or zs.blocking is not None:
            continue
        listing = await list_state(ctx)
        names = [subdomain_for(t, zone) for t in targets]
        reads = [await records_state(ctx, zone, n) for n in names]
        write = await write_state(ctx, zone, names)
        act = provider.actions
        actions = {
            act["zones"]: _status(listing.error, listing.domains is not None),
            act["zone"]: _status(zs.error, zs.info is not None),
            act["records"]: _status(reads[0].error, reads[0].records is not None),
            act["delete"]: {
                "allowed": "allowed",
                "deleted": "allowed",
                "denied": "denied",
            }.get(write.outcome, f"unknown ({write.error.code if write.error else 'no answer'})"),
            act["create"]: "not tested (use dnsdoctor preflight)",
        }
        names_full = tuple(t.challenge.to_text(omit_final_dot=True) for t in targets)
        findings.extend(
            _permission_findings(provider, zone, write, actions, masked, uin, names_full)
        )
    if not findings:
        raise Skip(
            "no zone of the names given could be probed (see creds.zone)",
            "所给域名的区都无法探测（见 creds.zone）",
        )
    return findings


def _permission_findings(
    provider: Provider,
    zone: str,
    write: WriteState,
    actions: dict[str, str],
    masked: Phrase,
    uin: str | None,
    names: tuple[str, ...] = (),
) -> list[Finding]:
    evidence = tuple(Evidence(action, status) for action, status in actions.items())
    policy = Evidence(f"minimal {provider.policy_system} policy", provider.minimal_policy)
    lego = provider.client_actions.get("lego", ())
    lego_missing = [a for a in lego if actions.get(a) == "denied"]
    findings: list[Finding] = []
    if write.outcome == "denied" and write.error is not None:
        findings.append(
            Finding(
                provider.wording(CREDS_DELETE_DENIED),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "code": write.error.code,
                    "missing": ", ".join(lego_missing),
                    "delete": provider.actions.get("delete", "delete"),
                    "policy": provider.policy_system,
                },
                evidence=(*evidence, policy, *_request_evidence(write.error)),
                commands=provider.policy_commands(uin),
                subject=zone,
                related=(zone, *names),
            )
        )
    other = [a for a, s in actions.items() if s == "denied" and a != provider.actions["delete"]]
    if other:
        findings.append(
            Finding(
                provider.wording(CREDS_ACTIONS_DENIED),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "missing": ", ".join(other),
                    "count": len(other),
                    "policy": provider.policy_system,
                },
                evidence=(*evidence, policy),
                commands=provider.policy_commands(uin),
                subject=zone,
            )
        )
    if write.outcome == "deleted":
        findings.append(
            Finding(
                provider.wording(CREDS_WRITE_PROBE_DELETED),
                {
                    "zone": zone,
                    "record_id": _id_param(write.record_id),
                    "delete": provider.actions.get("delete", "delete"),
                    "cloud": provider_words(provider),
                },
                evidence=evidence,
                subject=zone,
            )
        )
    elif write.outcome in ("inconclusive", "error") and write.error is not None:
        findings.append(
            Finding(
                provider.wording(CREDS_WRITE_PROBE_INCONCLUSIVE),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "code": write.error.code,
                    "message": write.error.message or write.error.code,
                },
                evidence=evidence + _request_evidence(write.error),
                subject=zone,
            )
        )
    if not findings:
        allowed = [a for a, s in actions.items() if s == "allowed"]
        untested = [a for a, s in actions.items() if s.startswith("not tested")]
        findings.append(
            Finding(
                provider.wording(CREDS_PERMISSIONS_OK),
                {
                    "secret_id": masked,
                    "zone": zone,
                    "allowed": ", ".join(allowed),
                    "untested": ", ".join(untested) or "none",
                },
                evidence=evidence,
                subject=zone,
            )
        )
    return findings

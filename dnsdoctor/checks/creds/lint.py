"""Offline checks of DNS provider credentials: where they come from, and what is in them.

Nothing here talks to the network. The field lint itself (every character that breaks a request
signature, with its position and Unicode name, never the secret) is provider-neutral and lives in
:mod:`dnsdoctor.providers.lint`; the provider's key-shape heuristics (a Tencent SecretId is
``AKID`` + 32 characters, an Alibaba AccessKey ID ``LTAI`` + …; the two fields swapped; a legacy
DNSPod ``ID,Token``) in ``providers/<name>/lint.py``. They are warnings: conventions, not a
documented contract. This module turns both into findings.

Checks: ``creds.sources`` (which sources exist, which one is used, disagreements, file modes) and
``creds.lint``.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable

import dns.exception

from dnsdoctor import providers
from dnsdoctor.checks.base import Scope, Skip, check
from dnsdoctor.checks.creds.specs import (
    COMMANDS,
    CREDS_FILE_OWNER,
    CREDS_FILE_PERMISSIONS,
    CREDS_FILE_UNREADABLE,
    CREDS_FILE_WRITABLE,
    CREDS_ID_FORMAT,
    CREDS_INCOMPLETE,
    CREDS_NOT_FOUND,
    CREDS_NOT_STATIC,
    CREDS_OTHER_PROVIDER_KEY,
    CREDS_SOURCE_USED,
    CREDS_SOURCES_DISAGREE,
    CREDS_TOKEN_CONFLICT,
    FAMILY,
    LINT_SPECS,
    SOURCE_SPECS,
    SPECS_BY_CODE,
    WORDS,
    Fix,
    key_words,
    provider_words,
)
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Target
from dnsdoctor.core.i18n import Joined, Phrase
from dnsdoctor.core.model import Evidence, Finding, Severity
from dnsdoctor.credentials import (
    Credential,
    CredentialInputs,
    Discovery,
    SourceNote,
)
from dnsdoctor.providers.base import FormatProblem, Provider
from dnsdoctor.providers.lint import (
    FieldLint,
    field_words,
    kind_words,
    lint_credential,
    where_words,
)


def format_problems(cred: Credential) -> list[FormatProblem]:
    """The provider's heuristics on the cleaned values (conventions, so warnings only). A key id
    that is not the provider's shape but another provider's is said as such
    (CREDS_OTHER_PROVIDER_KEY), whichever provider's lint recognises it."""
    provider = providers.get(cred.provider)
    lint = provider.module("lint")
    found: list[FormatProblem] = lint.format_problems(cred.secret_id, cred.secret_key, cred.token)
    if any(p.code == CREDS_ID_FORMAT.code for p in found):
        key_id = secrets.cleaned(cred.secret_id)
        for other in providers.all_providers():
            is_key_id = getattr(other.module("lint"), "is_key_id", None)
            if other is not provider and is_key_id is not None and is_key_id(key_id):
                params: dict[str, str | int] = {"provider": provider.name, "looks_like": other.name}
                return [FormatProblem(CREDS_OTHER_PROVIDER_KEY.code, params)]
    return found


def fix_words(fields: list[FieldLint]) -> Fix:
    """What cleaning did (``the trailing ZERO WIDTH SPACE (U+200B) is removed from the SecretKey
    ($TENCENTCLOUD_SECRET_KEY)``), said in the reader's language."""
    steps: list[Phrase] = []
    for f in fields:
        issues = [i for i in f.issues if i.kind != "non-ascii"]
        if not issues:
            continue
        fullwidth = [i for i in issues if i.kind == "fullwidth"]
        removed = [i for i in issues if i.kind != "fullwidth"]
        where = {"part": field_words(f.part), "origin": f.origin}
        if f.quoted and len(removed) == 2 and all(i.kind == "quote" for i in removed):
            steps.append(Phrase(WORDS["fix-quotes"], where))
        elif len(removed) == 1:
            i = removed[0]
            one = {**where, "where": where_words(i.where), "char": i.name}
            steps.append(Phrase(WORDS["fix-one"], one))
        elif removed:
            steps.append(Phrase(WORDS["fix-many"], {**where, "count": len(removed)}))
        if fullwidth:
            steps.append(Phrase(WORDS["fix-fullwidth"], {**where, "count": len(fullwidth)}))
    return Fix(Joined(tuple(steps)))


# -- shared access to the discovery -----------------------------------------------------------


def provider_name(value: str | None) -> str | None:
    """``--provider`` as a registry name: ``None`` for automatic, ``"none"`` for off."""
    if value is None:
        return None
    name = value.strip().lower()
    if name in ("", "auto"):
        return None
    if name in ("none", "off", "no"):
        return "none"
    return providers.canonical(name)  # a provider's alias (dnspod, aliyun) is its name


def inputs_of(ctx: Context) -> CredentialInputs:
    """The credential inputs, or :class:`Skip` when the credential checks do not apply."""
    inputs = ctx.options.credentials
    if inputs is None:
        raise Skip("no credential inputs were given to this run", "本次运行没有给出凭据输入")
    name = provider_name(inputs.provider)
    if name == "none":
        raise Skip(Phrase(WORDS["skip-off"], {"value": inputs.provider}))
    if name is not None and name not in providers.NAMES:
        raise Skip(Phrase(WORDS["skip-no-checks"], {"value": inputs.provider}))
    return inputs


async def discovery_of(ctx: Context, provider: Provider) -> Discovery:
    """One provider's credential discovery, once per run."""
    inputs = inputs_of(ctx)
    module = importlib.import_module(provider.sources_module)
    discover: Callable[[CredentialInputs], Discovery] = module.discover_for
    return await ctx.memo(
        ("creds", "discovery", provider.name), lambda: asyncio.to_thread(discover, inputs)
    )


async def provider_of(ctx: Context) -> Provider:
    """The provider whose credentials are checked: ``--provider``, else the one whose name
    servers the zone is delegated to, else the first one with credentials on this machine."""
    inputs = inputs_of(ctx)
    name = provider_name(inputs.provider)
    if name is not None:
        return providers.get(name)
    return await ctx.memo(("creds", "provider"), lambda: _auto_provider(ctx))


async def providers_with_credentials(ctx: Context) -> list[Provider]:
    """The providers whose credentials this run finds (each by its own sources, read once per
    run), in the registry's order."""
    return [p for p in providers.all_providers() if (await discovery_of(ctx, p)).found]


async def _auto_provider(ctx: Context) -> Provider:
    candidates = providers.all_providers()
    found = await providers_with_credentials(ctx)
    if len(found) == 1:
        return found[0]
    by_ns = await _serving_provider(ctx)
    if by_ns is not None and (not found or by_ns in found):
        return by_ns
    return found[0] if found else candidates[0]


async def _serving_provider(ctx: Context) -> Provider | None:
    """The provider whose name servers the zone of a target is delegated to (as DNS shows it)."""
    from dnsdoctor.truth.iterate import ResolutionError, delegation

    for target in ctx.targets:
        try:
            cut = await delegation(ctx, target.challenge)
        except (ResolutionError, dns.exception.DNSException):
            continue
        hosts = [h.name.to_text(omit_final_dot=True) for h in cut.ns]
        if len(cut.zone) > 2 and (serving := providers.serving(hosts)) is not None:
            return serving
    return None


async def discovered(ctx: Context) -> Discovery:
    """The credential discovery of the provider in use, once per run."""
    return await discovery_of(ctx, await provider_of(ctx))


async def chosen_credential(ctx: Context) -> Credential:
    disc = await discovered(ctx)
    chosen = disc.chosen
    if chosen is None:
        if disc.explicit_failed:
            raise Skip(
                "the credential given on the command line cannot be used (creds.sources)",
                "命令行给出的凭据无法使用（见 creds.sources）",
            )
        provider = await provider_of(ctx)
        raise Skip(Phrase(WORDS["skip-not-found"], {"provider": provider_words(provider)}))
    return chosen


def key_evidence(cred: Credential) -> tuple[Evidence, ...]:
    provider = providers.get(cred.provider)
    items = [
        Evidence(provider.key_id_label, secrets.mask_id(cred.secret_id), secret=True),
        Evidence(provider.secret_label, secrets.mask(cred.secret_key), secret=True),
    ]
    if cred.token:
        items.append(Evidence("token", secrets.mask(cred.token), secret=True))
    return tuple(items)


# -- checks -----------------------------------------------------------------------------------


def _note_finding(note: SourceNote, provider: Provider) -> Finding:
    severity = Severity.ERROR if note.explicit else None
    params = {
        "source": note.origin,
        "detail": note.detail,
        "path": str(note.path) if note.path is not None else note.origin,
        "variables": note.origin,
        **key_words(provider),
    }
    spec = {
        "incomplete": CREDS_INCOMPLETE,
        "unreadable": CREDS_FILE_UNREADABLE,
        "permissions": CREDS_FILE_PERMISSIONS,
        "writable": CREDS_FILE_WRITABLE,
        "owner": CREDS_FILE_OWNER,
        "token-conflict": CREDS_TOKEN_CONFLICT,
        "not-static": CREDS_NOT_STATIC,
    }[note.kind]
    commands: tuple[str, ...] = ()
    if note.kind in ("permissions", "writable") and note.path is not None:
        commands = (f"chmod 600 '{note.path}'",)
    elif note.kind == "owner" and note.path is not None:
        commands = (f"sudo chown \"$(id -un)\" '{note.path}'", f"chmod 600 '{note.path}'")
    return Finding(
        provider.wording(spec), params, commands=commands, severity=severity, subject=note.origin
    )


@check(
    "creds.sources",
    family=FAMILY,
    scope=Scope.RUN,
    specs=SOURCE_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Which credential sources of the DNS provider exist, which one is used, and whether "
        "they agree",
        "zh": "DNS 服务商的密钥有哪些来源、使用哪一个、彼此是否一致",
    },
)
async def credential_sources(ctx: Context, target: Target | None) -> list[Finding]:
    inputs = inputs_of(ctx)
    provider = await provider_of(ctx)
    disc = await discovered(ctx)
    findings = [_note_finding(note, provider) for note in disc.notes]
    chosen = disc.chosen
    if chosen is None:
        if findings:
            return findings
        if inputs.provider is not None:
            return [
                Finding(
                    provider.wording(CREDS_NOT_FOUND),
                    {
                        "looked": ", ".join(disc.looked),
                        "provider": provider.name,
                        **key_words(provider),
                    },
                    evidence=tuple(Evidence("looked in", place) for place in disc.looked),
                )
            ]
        looked = {"provider": provider_words(provider), "looked": ", ".join(disc.looked)}
        raise Skip(Phrase(WORDS["skip-not-found-looked"], looked))
    evidence = [
        # The source comes after the key: shown as "label: value", "…_SECRET_KEY: SecretId …"
        # would read as a labelled secret, and output masking would hide the word SecretId.
        Evidence(
            "used" if cred is chosen else "also found",
            _pair_mask(cred)
            + (", with token" if cred.token else "")
            + f"; from {cred.origin}; read by {cred.readers}",
            secret=True,
        )
        for cred in disc.found
    ]
    findings.insert(
        0,
        Finding(
            provider.wording(CREDS_SOURCE_USED),
            {
                "secret_id": secrets.mask_id_words(chosen.secret_id),
                "source": chosen.origin,
                "readers": chosen.readers,
                **key_words(provider),
            },
            evidence=tuple(evidence),
            subject=chosen.origin,
        ),
    )
    # Disagreement parts are named SecretId/SecretKey/token: say them in the provider's labels.
    labels = {"SecretId": provider.key_id_label, "SecretKey": provider.secret_label}
    for dis in disc.disagreements:
        parts: str | Phrase = ", ".join(labels.get(part, part) for part in dis.parts)
        if dis.only_invisible:
            parts = Phrase(WORDS["only-invisible"], {"parts": parts})
        findings.append(
            Finding(
                provider.wording(CREDS_SOURCES_DISAGREE),
                {
                    "first": dis.first.origin,
                    "second": dis.second.origin,
                    "parts": parts,
                    "readers": dis.second.readers,
                    **key_words(provider),
                },
                evidence=(
                    Evidence("first", f"{_pair_mask(dis.first)}; from {dis.first.origin}", True),
                    Evidence("second", f"{_pair_mask(dis.second)}; from {dis.second.origin}", True),
                ),
                subject=dis.second.origin,
            )
        )
    return findings


def _pair_mask(cred: Credential) -> str:
    provider = providers.get(cred.provider)
    return (
        f"{provider.key_id_label} {secrets.mask_id(cred.secret_id)}, "
        f"{provider.secret_label} {secrets.mask(cred.secret_key)}"
    )


def lint_findings(cred: Credential, *, chosen: bool = True) -> list[Finding]:
    """Findings for every character problem and format hint of one credential."""
    provider = providers.get(cred.provider)
    findings: list[Finding] = []
    for f in lint_credential(cred):
        for code, issues in f.by_code().items():
            spec = provider.wording(SPECS_BY_CODE[code])
            first = issues[0]
            extra = len(issues) - 1
            params: dict[str, object] = {
                "field": field_words(f.part),
                "origin": f.origin,
                "position": first.position,
                "length": f.length,
                "where": where_words(first.where),
                "kind": kind_words(first.kind),
                "char": first.name,
                "more": Phrase(WORDS["more"], {"count": extra}) if extra else "",
                **key_words(provider),
            }
            evidence = [Evidence(f.part, f.masked, secret=True)]
            evidence += [Evidence(f"position {i.position}", i.describe()) for i in issues]
            findings.append(
                Finding(
                    spec,
                    params,
                    evidence=tuple(evidence),
                    severity=None if chosen else Severity.WARNING,
                    subject=cred.origin,
                )
            )
    for problem in format_problems(cred):
        spec = provider.wording(SPECS_BY_CODE[problem.code])
        params = {"origin": cred.origin, **problem.params, **key_words(provider)}
        findings.append(
            Finding(
                spec,
                params,
                evidence=key_evidence(cred),
                severity=None if chosen else Severity.INFO,
                subject=cred.origin,
            )
        )
    return findings


@check(
    "creds.lint",
    family=FAMILY,
    scope=Scope.RUN,
    specs=LINT_SPECS,
    commands=COMMANDS,
    summary={
        "en": "Invisible, full-width or quoted characters and format slips in the keys (offline)",
        "zh": "离线检查密钥中的不可见字符、全角字符、引号和格式错误",
    },
)
async def credential_lint(ctx: Context, target: Target | None) -> list[Finding]:
    disc = await discovered(ctx)
    chosen = disc.chosen
    if chosen is None:
        provider = await provider_of(ctx)
        raise Skip(Phrase(WORDS["skip-not-usable"], {"provider": provider_words(provider)}))
    findings: list[Finding] = []
    for cred in disc.found:
        findings.extend(lint_findings(cred, chosen=cred is chosen))
    return findings

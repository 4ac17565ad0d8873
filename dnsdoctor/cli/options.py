"""Command-line options shared by several commands (Typer needs them at definition time).

Only Typer, the help texts and the provider registry's metadata are imported here, so every
command module can use them without an import cycle and ``--version`` stays fast. Options that
commands take together are declared once, as an option group (:func:`grouped`); each provider's own
options (``--tencent-endpoint``) and the ``--provider`` values come from the registry
(:func:`provider_params`, :func:`provider_metavar`), so that no CLI module names a provider.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from dnsdoctor.cli.text import h

R = TypeVar("R")

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="rich|json|markdown", help=h("format"))
]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help=h("output"))]
LangOpt = Annotated[str | None, typer.Option("--lang", metavar="en|zh-CN", help=h("lang"))]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", metavar="SECONDS", help=h("timeout"), min=0.5)
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help=h("verbose"))]
StrictOpt = Annotated[bool, typer.Option("--strict", help=h("strict"))]


SecretIdOpt = Annotated[str | None, typer.Option("--secret-id", metavar="ID", help=h("secret_id"))]
SecretKeyFileOpt = Annotated[
    str | None,
    typer.Option("--secret-key-file", metavar="FILE", help=h("secret_key_file")),
]
AskOpt = Annotated[bool, typer.Option("--ask", help=h("ask"))]
ProfileOpt = Annotated[str | None, typer.Option("--profile", metavar="NAME", help=h("profile"))]


def provider_metavar(none: bool = False) -> str:
    """``auto|tencentcloud|alidns|none``: the ``--provider`` values, from the registry."""
    from dnsdoctor.providers import NAMES

    return "|".join(("auto", *NAMES, *(("none",) if none else ())))


def provider_params() -> list[inspect.Parameter]:
    """Every provider's own options (:attr:`~dnsdoctor.providers.base.Provider.cli_options`),
    as the parameters Typer reads, in the registry's order."""
    from dnsdoctor.cli.text import HELP_LANG
    from dnsdoctor.providers import all_providers

    params: list[inspect.Parameter] = []
    for provider in all_providers():
        for option in provider.cli_options:
            text = option.help_zh if HELP_LANG == "zh" else option.help
            kind: Any = str if option.default is not None else str | None
            params.append(
                inspect.Parameter(
                    option.dest,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=option.default,
                    annotation=Annotated[
                        kind, typer.Option(option.flag, metavar=option.metavar, help=text)
                    ],
                )
            )
    return params


ProviderOpt = Annotated[
    str | None,
    typer.Option(
        "--provider",
        metavar=provider_metavar(none=True),
        help=h("provider"),
    ),
]
ResolverOpt = Annotated[
    list[str] | None, typer.Option("--resolver", metavar="ADDR[:PORT]", help=h("resolver"))
]
RootOpt = Annotated[list[str] | None, typer.Option("--root", metavar="ADDR[:PORT]", help=h("root"))]
DnsPortOpt = Annotated[
    int, typer.Option("--dns-port", metavar="N", help=h("dns_port"), min=1, max=65535)
]
SystemResolverOpt = Annotated[
    list[str] | None,
    typer.Option("--system-resolver", metavar="ADDR[:PORT]", help=h("system_resolver")),
]
NoPublicOpt = Annotated[bool, typer.Option("--no-public", help=h("no_public"))]
NtpOpt = Annotated[list[str] | None, typer.Option("--ntp", metavar="HOST[:PORT]", help=h("ntp"))]
CanaryOpt = Annotated[str | None, typer.Option("--canary", metavar="ADDR[:PORT]", help=h("canary"))]
NoClockOpt = Annotated[bool, typer.Option("--no-clock", help=h("no_clock"))]
DohOpt = Annotated[
    list[str] | None, typer.Option("--doh", metavar="URL[@ADDR[:PORT]]", help=h("doh"))
]
NoDohOpt = Annotated[bool, typer.Option("--no-doh", help=h("no_doh"))]
DohCaOpt = Annotated[
    str | None, typer.Option("--doh-ca", metavar="FILE", help=h("doh_ca"), hidden=True)
]
CaOpt = Annotated[
    str,
    typer.Option(
        "--ca", metavar="letsencrypt|zerossl|google|buypass|sslcom|digicert|sectigo", help=h("ca")
    ),
]
AcmeAccountOpt = Annotated[
    str | None, typer.Option("--acme-account", metavar="URI", help=h("acme_account"))
]
TrustAnchorOpt = Annotated[
    str | None, typer.Option("--trust-anchor", metavar="FILE", help=h("trust_anchor"))
]


# -- option groups: options that several commands take together, declared once -----------------


PROVIDER_OPTIONS = "provider_options"
"""Marks the field of an option group that stands for :func:`provider_params`."""


@dataclass(frozen=True)
class CredentialArgs:
    """Where the DNS provider's API key comes from, and which provider's API is asked."""

    provider_options: Mapping[str, str | None] = dataclasses.field(
        default_factory=dict, metadata={PROVIDER_OPTIONS: True}
    )
    """Each provider's own options by :attr:`~dnsdoctor.providers.base.CliOption.dest`: on the
    command line they are generated from the registry (:func:`provider_params`)."""
    secret_id: SecretIdOpt = None
    secret_key_file: SecretKeyFileOpt = None
    ask: AskOpt = False
    profile: ProfileOpt = None
    provider: ProviderOpt = None


ClockProviderOpt = Annotated[
    str | None,
    typer.Option("--provider", metavar=provider_metavar(none=True), help=h("clock_provider")),
]


@dataclass(frozen=True)
class ProviderArgs:
    """Which DNS provider the run goes by, without its credentials: whose request-time window
    judges the clock (``dnsdoctor clock``), and each provider's own options (its API endpoint,
    whose ``Date`` the clock may read)."""

    provider_options: Mapping[str, str | None] = dataclasses.field(
        default_factory=dict, metadata={PROVIDER_OPTIONS: True}
    )
    """As :attr:`CredentialArgs.provider_options`."""
    provider: ClockProviderOpt = None


@dataclass(frozen=True)
class ServerArgs:
    """Which DNS servers to start from and which resolvers and clocks to ask."""

    root: RootOpt = None
    dns_port: DnsPortOpt = 53
    resolver: ResolverOpt = None
    system_resolver: SystemResolverOpt = None
    no_public: NoPublicOpt = False
    ntp: NtpOpt = None
    no_clock: NoClockOpt = False


@dataclass(frozen=True)
class ReportArgs:
    """How the report is written (the format, where, how much) and what makes the exit code 1."""

    fmt: FormatOpt = "rich"
    output: OutputOpt = None
    verbose: VerboseOpt = False
    strict: StrictOpt = False
    lang: LangOpt = None


GROUPS = (CredentialArgs, ProviderArgs, ServerArgs, ReportArgs)


def grouped(command: Callable[..., R]) -> Callable[..., R]:
    """Typer sees a parameter annotated with an option group (a dataclass of :data:`GROUPS`, or a
    subclass that changes an option's help) as the group's options, in its place; the command is
    called with the group built from them. Options that several commands share are declared once,
    and a command's own options stay in its signature."""
    hints = typing.get_type_hints(command, include_extras=True)
    groups: dict[str, type[Any]] = {}
    generated: dict[str, list[str]] = {}
    params: list[inspect.Parameter] = []
    for param in inspect.signature(command).parameters.values():
        kind = hints.get(param.name, param.annotation)
        if isinstance(kind, type) and issubclass(kind, GROUPS):
            groups[param.name] = kind
            fields = typing.get_type_hints(kind, include_extras=True)
            for f in dataclasses.fields(kind):
                if f.metadata.get(PROVIDER_OPTIONS):
                    extra = provider_params()
                    generated[f.name] = [p.name for p in extra]
                    params.extend(extra)
                    continue
                params.append(
                    inspect.Parameter(
                        f.name,
                        inspect.Parameter.KEYWORD_ONLY,
                        default=f.default,
                        annotation=fields[f.name],
                    )
                )
        else:
            params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=kind))

    @functools.wraps(command)
    def call(**values: Any) -> R:
        for name, kind in groups.items():
            args: dict[str, Any] = {}
            for f in dataclasses.fields(kind):
                if f.name in generated:
                    args[f.name] = {dest: values.pop(dest) for dest in generated[f.name]}
                else:
                    args[f.name] = values.pop(f.name)
            values[name] = kind(**args)
        return command(**values)

    call.__signature__ = inspect.Signature(params, return_annotation=hints.get("return"))  # type: ignore[attr-defined]
    call.__annotations__ = {p.name: p.annotation for p in params}
    return call

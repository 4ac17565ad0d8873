"""``dnsdoctor check NAME...``, ``dnsdoctor creds [DOMAIN...]`` and ``dnsdoctor clock``: run the
checks of a command and report. The options they share are option groups (:mod:`.options`)."""

from __future__ import annotations

from typing import Annotated

import typer

from dnsdoctor.cli.common import (
    check_output,
    credential_options,
    parse_ca,
    parse_doh,
    parse_endpoint,
    parse_hostport,
    provider_choice_options,
    read_trust_anchor,
    report_options,
    run_command,
    server_options,
)
from dnsdoctor.cli.options import (
    AcmeAccountOpt,
    CanaryOpt,
    CaOpt,
    CredentialArgs,
    DnsPortOpt,
    DohCaOpt,
    DohOpt,
    NoDohOpt,
    NtpOpt,
    ProviderArgs,
    ReportArgs,
    RootOpt,
    ServerArgs,
    TimeoutOpt,
    TrustAnchorOpt,
    grouped,
)
from dnsdoctor.cli.text import h

TimeUrlOpt = Annotated[
    list[str] | None, typer.Option("--time-url", metavar="URL", help=h("time_url"))
]


@grouped
def check_command(
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help=h("names"))],
    *,
    expect: Annotated[
        list[str] | None,
        typer.Option("--expect", metavar="VALUE", help=h("expect")),
    ] = None,
    servers: ServerArgs,
    canary: CanaryOpt = None,
    query_public_anyway: Annotated[
        bool, typer.Option("--query-public-anyway", help=h("query_public_anyway"))
    ] = False,
    time_url: TimeUrlOpt = None,
    ca: CaOpt = "letsencrypt",
    acme_account: AcmeAccountOpt = None,
    doh: DohOpt = None,
    no_doh: NoDohOpt = False,
    doh_ca: DohCaOpt = None,
    trust_anchor: TrustAnchorOpt = None,
    creds: CredentialArgs,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CHECK|FAMILY|CODE", help=h("select")),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CHECK|FAMILY|CODE", help=h("ignore")),
    ] = None,
    redact_domain: Annotated[
        bool, typer.Option("--redact-domain", help=h("redact_domain"))
    ] = False,
    timeout: TimeoutOpt = 30.0,
    report: ReportArgs,
) -> None:
    """Check what the authoritative servers of each name really serve for a DNS-01 challenge."""
    from dnsdoctor.core.context import Options

    check_output(report.output)  # before --ask prompts for a key that the run could not report on
    options = Options(
        expect=tuple(expect or ()),
        **server_options(servers, timeout),
        **report_options(report),
        query_public_anyway=query_public_anyway,
        time_urls=tuple(time_url or ()),
        **credential_options(creds),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        doh=parse_doh(doh, no_doh, doh_ca),
        no_doh=no_doh,
        doh_ca=doh_ca,
        canary=parse_endpoint(canary, servers.dns_port) if canary else None,
        ca=parse_ca(ca),
        acme_account=acme_account.strip() if acme_account else None,
        trust_anchor=trust_anchor,
        trust_anchor_text=read_trust_anchor(trust_anchor),
    )
    run_command("check", options, names, report.fmt, report.output, redact_domain)


@grouped
def creds_command(
    names: Annotated[
        list[str] | None, typer.Argument(metavar="DOMAIN...", help=h("creds_names"))
    ] = None,
    *,
    creds: CredentialArgs,
    timeout: TimeoutOpt = 30.0,
    report: ReportArgs,
) -> None:
    """Lint and probe the DNS provider's credentials: signing, identity, zone, records, permissions."""
    from dnsdoctor.core.context import Options

    check_output(report.output)  # before --ask prompts for a key that the run could not report on
    options = Options(
        timeout=timeout,
        **report_options(report),
        # the creds command needs credentials of some provider
        **credential_options(creds, provider="auto"),
    )
    run_command("creds", options, names or [], report.fmt, report.output)


@grouped
def clock_command(
    *,
    ntp: NtpOpt = None,
    time_url: TimeUrlOpt = None,
    root: RootOpt = None,
    dns_port: DnsPortOpt = 53,
    provider: ProviderArgs,
    timeout: TimeoutOpt = 15.0,
    report: ReportArgs,
) -> None:
    """Measure this host's clock offset against the DNS provider's request-time window."""
    from dnsdoctor.core.context import Options

    options = Options(
        roots=tuple(parse_endpoint(r, 53) for r in root or ()),
        dns_port=dns_port,
        timeout=timeout,
        **report_options(report),
        ntp_servers=tuple(parse_hostport(n, 123) for n in ntp or ()),
        time_urls=tuple(time_url or ()),
        **provider_choice_options(provider),
    )
    run_command("clock", options, [], report.fmt, report.output)

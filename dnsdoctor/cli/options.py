"""Command-line options shared by several commands (Typer needs them at definition time).

Only Typer and the help texts are imported here, so every command module can use them without an
import cycle and ``--version`` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dnsdoctor.cli_text import h

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
ProviderOpt = Annotated[
    str | None,
    typer.Option(
        "--provider",
        metavar="auto|tencentcloud|alidns|none",
        help=h("provider"),
    ),
]
SiteOpt = Annotated[str, typer.Option("--tencent-site", metavar="cn|intl", help=h("site"))]
EndpointOpt = Annotated[
    str | None,
    typer.Option("--tencent-endpoint", metavar="URL", help=h("endpoint")),
]
AlidnsEndpointOpt = Annotated[
    str | None,
    typer.Option("--alidns-endpoint", metavar="URL", help=h("alidns_endpoint")),
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

"""The command line: parse, build the options, run, render, exit. No check logic here.

Exit codes (public interface): 0 nothing wrong, 1 an error finding (or a warning with --strict),
2 usage error, 3 internal error. Heavy modules are imported inside the commands so that
``dnsdoctor --version`` stays as fast as importing Typer.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from dnsdoctor import __version__
from dnsdoctor.cli.options import (
    AcmeAccountOpt,
    AlidnsEndpointOpt,
    AskOpt,
    CanaryOpt,
    CaOpt,
    DnsPortOpt,
    DohCaOpt,
    DohOpt,
    EndpointOpt,
    FormatOpt,
    LangOpt,
    NoClockOpt,
    NoDohOpt,
    NoPublicOpt,
    NtpOpt,
    OutputOpt,
    ProfileOpt,
    ProviderOpt,
    RootOpt,
    SecretIdOpt,
    SecretKeyFileOpt,
    SiteOpt,
    StrictOpt,
    SystemResolverOpt,
    TimeoutOpt,
    TrustAnchorOpt,
    VerboseOpt,
)
from dnsdoctor.cli.preflight import cleanup_command, help_text, preflight_command
from dnsdoctor.cli.watch import watch_command
from dnsdoctor.cli_text import h, localised, msg

if TYPE_CHECKING:
    from dnsdoctor.context import Endpoint, Options, Target
    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.lab.scenarios import Scenario
    from dnsdoctor.model import Report
    from dnsdoctor.net.doh import DohEndpoint

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Interrupted(Exception):
    """Ctrl-C, carried past Typer (which would turn it into a plain exit code 130 that a caller
    such as ``demo --all`` cannot tell from a command's own exit) up to :func:`main`."""

    def __init__(self, said: bool = False) -> None:
        super().__init__("interrupted")
        self.said = said
        """The interrupted command already said so (``preflight`` names its cleanup)."""


class _Commands(TyperGroup):
    def invoke(self, ctx: Any) -> Any:  # Typer's own copy of click.Context
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted from None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Each command with its whole description (click cuts it at 45 characters)."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, " ".join((cmd.help or "").split())))
        if rows:
            with formatter.section(h("section.commands")):
                formatter.write_dl(rows)


def _argument_name(param: Any) -> str:
    """``NAME...``, ``[CODE]``: the metavar as written, without Typer's type or braces."""
    name = param.metavar or (param.name or "").upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    if not param.required and not name.startswith("["):
        name = f"[{name}]"
    return str(name)


class _Command(TyperCommand):
    """Usage lines and argument lists as the user types them (no ``{NAME...}...``, no
    ``<list[str]>``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_name(param))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                args.append((_argument_name(param), record[1]))
            elif param.param_type_name == "option":
                opts.append(record)
        if args:
            with formatter.section(h("section.arguments")):
                formatter.write_dl(args)
        if opts:
            with formatter.section(h("section.options")):
                formatter.write_dl(opts)


app = typer.Typer(
    cls=_Commands,
    name="dnsdoctor",
    help=h("app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class UsageError(Exception):
    """A bad argument found after parsing (exit code 2)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dnsdoctor {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=h("version"))
    ] = False,
) -> None:
    """dnsdoctor."""


def parse_endpoint(text: str, default_port: int) -> Endpoint:
    """``ADDR``, ``ADDR:PORT``, ``[V6]:PORT`` or ``V6`` → (address literal, port)."""
    import ipaddress

    raw = text.strip()
    host, port = raw, default_port
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                raise UsageError(msg("addr.unreadable", text=text))
            port = _port(rest[1:], text)
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
        port = _port(port_text, text)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(msg("addr.not_ip", text=text)) from None
    return host, port


def parse_ca(text: str) -> str:
    """``--ca``: a key of the known CAs, any case."""
    from dnsdoctor.checks.ca.caa import CAS

    key = text.strip().lower().replace("-", "").replace("'", "").replace(".", "")
    key = {"le": "letsencrypt", "gts": "google", "googletrustservices": "google"}.get(key, key)
    if key not in CAS:
        raise UsageError(msg("ca.unknown", text=text, known=", ".join(CAS)))
    return key


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise UsageError(msg("addr.port", text=whole))
    return int(text)


def parse_hostport(text: str, default_port: int) -> tuple[str, int]:
    """``HOST[:PORT]`` where HOST may be a name (NTP servers)."""
    raw = text.strip()
    if raw.startswith("[") or raw.count(":") <= 1:
        if raw.startswith("[") or raw.count(":") == 1:
            if not raw.startswith("["):
                host, port_text = raw.split(":")
                if not host:
                    raise UsageError(msg("addr.empty_host", text=text))
                return host, _port(port_text, text)
            return parse_endpoint(raw, default_port)
        if not raw:
            raise UsageError(msg("addr.empty_host", text=text))
        return raw, default_port
    return parse_endpoint(raw, default_port)


def parse_doh(values: list[str] | None, no_doh: bool, ca: str | None) -> tuple[DohEndpoint, ...]:
    """``--doh`` values (``URL[@ADDR[:PORT]]``), checked with ``--no-doh`` and ``--doh-ca``."""
    from dnsdoctor.net.doh import BadDohEndpoint, parse_doh_endpoint

    if no_doh and values:
        raise UsageError("--doh and --no-doh: choose one")
    if ca is not None:
        import ssl

        try:
            ssl.create_default_context(cafile=ca)
        except (OSError, ssl.SSLError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise UsageError(f"--doh-ca {ca}: not a readable PEM CA bundle ({reason})") from None
    try:
        return tuple(parse_doh_endpoint(v) for v in values or ())
    except BadDohEndpoint as exc:
        raise UsageError(f"--doh {exc}") from None


def read_trust_anchor(path: str | None) -> str:
    """The DS/DNSKEY records of ``--trust-anchor FILE``, checked now (empty: the built-in)."""
    if path is None:
        return ""
    from dnsdoctor.checks.ca.dnssec_chain import AnchorError, parse_anchors

    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(1_000_000)
        parse_anchors(text)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UsageError(f"--trust-anchor {path}: cannot be read ({reason})") from None
    except AnchorError as exc:
        raise UsageError(f"--trust-anchor {path}: {exc}") from None
    return text


def detect_lang(explicit: str | None) -> str:
    if explicit:
        if explicit.lower().startswith("zh"):
            return "zh"
        if explicit.lower().startswith("en"):
            return "en"
        raise UsageError(msg("lang.bad", value=explicit))
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def credential_inputs(
    secret_id: str | None,
    secret_key_file: str | None,
    ask: bool,
    profile: str | None,
    provider: str | None,
    tencent_endpoint: str | None,
    tencent_site: str,
    alidns_endpoint: str | None = None,
) -> CredentialInputs:
    """Map the credential options; a secret is never taken from the command line itself."""
    from pathlib import Path

    from dnsdoctor import providers
    from dnsdoctor.checks.creds_lint import provider_name
    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.net import guard
    from dnsdoctor.secrets import register

    named = provider_name(provider)
    if named not in (None, "none", *providers.NAMES):
        raise UsageError(msg("provider.bad", value=provider))
    if tencent_site not in ("cn", "intl"):
        raise UsageError(msg("site.bad", value=tencent_site))
    if tencent_endpoint is not None:
        from dnsdoctor.providers.tencentcloud.client import parse_endpoint as parse_api_endpoint

        try:
            parse_api_endpoint(tencent_endpoint)
        except ValueError as exc:
            raise UsageError(f"--tencent-endpoint: {exc}") from None
    if alidns_endpoint is not None:
        from dnsdoctor.providers.common import parse_endpoint as parse_alidns_endpoint

        try:
            parse_alidns_endpoint(alidns_endpoint, "Alibaba Cloud DNS")
        except ValueError as exc:
            raise UsageError(f"--alidns-endpoint: {exc}") from None
    asked = None
    if ask:
        import getpass
        import warnings

        try:
            with warnings.catch_warnings():
                # Without a terminal getpass warns, then reads the key with echo on: refuse.
                warnings.simplefilter("error", getpass.GetPassWarning)
                asked = getpass.getpass(msg("ask.prompt"))
        except (EOFError, OSError, getpass.GetPassWarning):
            raise UsageError(msg("ask.no_terminal")) from None
        register(asked)
    return CredentialInputs(
        secret_id=secret_id,
        secret_key_file=Path(secret_key_file) if secret_key_file else None,
        asked_key=asked,
        profile=profile,
        provider=provider,
        # In loopback-only mode (demo, tests) system-wide credential files stay unread.
        etc=None if guard.loopback_only() else Path("/etc"),
    )


def exit_code(report: Report, strict: bool) -> int:
    from dnsdoctor.model import Severity, Status

    worst = report.worst
    if worst is Severity.ERROR or (strict and worst is Severity.WARNING):
        return EXIT_FINDINGS
    if any(r.status is Status.CRASH for r in report.results):
        return EXIT_INTERNAL
    return EXIT_OK


def emit(
    report: Report,
    fmt: str,
    output: str | None,
    lang: str,
    verbose: bool,
    redact_domains: bool = False,
) -> None:
    """Render ``report`` to stdout or ``output``; ``redact_domains`` masks the checked domains in
    every format (:mod:`dnsdoctor.redact`)."""
    mask = None
    if redact_domains:
        from dnsdoctor.redact import mask_for

        mask = mask_for(report)
        report = mask.report(report)
    if fmt == "rich":
        from rich.console import Console

        from dnsdoctor.report.console import render_console

        if output:
            import io

            buffer = io.StringIO()
            render_console(report, Console(file=buffer, width=100, no_color=True), lang, verbose)
            text = buffer.getvalue()
            write_report(output, mask.text(text) if mask is not None else text)
        else:
            render_console(report, Console(highlight=False), lang, verbose)
        return
    from dnsdoctor.report import render_text

    text = render_text(report, fmt, lang)
    if mask is not None:
        text = mask.text(text)  # defence in depth: a name the model's masking missed
    if output:
        write_report(output, text)
    else:
        sys.stdout.write(text)


_QUIET_OUTPUT: list[bool] = []
"""Non-empty while ``demo --all`` writes each scenario's report to a file of its own."""


def say_written(output: str | None) -> None:
    """Where ``-o FILE`` put the report (standard error: standard output stays empty)."""
    if output and not _QUIET_OUTPUT:
        typer.echo(f"dnsdoctor: {msg('written', path=os.path.abspath(output))}", err=True)


def check_output(output: str | None) -> None:
    """A usage error (exit 2) now, before any network work, when ``--output`` cannot be written."""
    if output is None:
        return
    from dnsdoctor.files import OutputError
    from dnsdoctor.files import check_output as check

    try:
        check(output)
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def write_report(output: str, text: str) -> None:
    """Atomically, mode 0600, never through a symlink (:mod:`dnsdoctor.files`)."""
    from dnsdoctor.files import OutputError, write_output

    try:
        write_output(output, text)
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def _fail(message: str, code: int) -> NoReturn:
    from dnsdoctor.secrets import printable

    typer.echo(f"dnsdoctor: {printable(message)}", err=True)
    sys.exit(code)


def run_command(
    command: str,
    options: Options,
    names: list[str],
    fmt: str,
    output: str | None,
    redact_domains: bool = False,
) -> None:
    from dnsdoctor.targets import BadName, parse_targets

    if fmt not in ("rich", "json", "markdown"):
        raise UsageError(msg("format.report", value=fmt))
    try:
        targets = parse_targets(names)
    except BadName as exc:
        raise UsageError(localised(exc)) from None
    check_output(output)
    from dnsdoctor.app import UnknownSelector

    try:
        report = _run_with_progress(command, options, targets, fmt, output)
    except UnknownSelector as exc:
        raise UsageError(localised(exc)) from None
    emit(report, fmt, output, options.lang, options.verbose, redact_domains)
    say_written(output)
    raise typer.Exit(exit_code(report, options.strict))


_started: list[float] = []
"""When :func:`main` began: the run's ``--timeout`` counts from there (the checks take a noticeable
part of a second to import), so that the whole process ends within ``--timeout``."""


def _run_with_progress(
    command: str, options: Options, targets: list[Target], fmt: str, output: str | None
) -> Report:
    """A live status line while checks run, only for a terminal reader (not for pipes or files)."""
    from dnsdoctor.app import run

    started = _started[-1] if _started else None
    if fmt != "rich" or output or not sys.stderr.isatty():
        return run(command, options, targets, started=started)
    from rich.console import Console

    from dnsdoctor.report.i18n import t

    console = Console(stderr=True)
    label = t("running", options.lang)
    with console.status(f"{label}…") as status:

        def progress(result: object, done: int, total: int) -> None:
            status.update(f"{label}… {done}/{total}")

        return run(command, options, targets, progress=progress, started=started)


@app.command(help=h("cmd.check"), cls=_Command)
def check(
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help=h("names"))],
    expect: Annotated[
        list[str] | None,
        typer.Option("--expect", metavar="VALUE", help=h("expect")),
    ] = None,
    root: RootOpt = None,
    dns_port: DnsPortOpt = 53,
    resolver: Annotated[
        list[str] | None,
        typer.Option("--resolver", metavar="ADDR[:PORT]", help=h("resolver")),
    ] = None,
    system_resolver: SystemResolverOpt = None,
    no_public: NoPublicOpt = False,
    canary: CanaryOpt = None,
    query_public_anyway: Annotated[
        bool,
        typer.Option(
            "--query-public-anyway",
            help=h("query_public_anyway"),
        ),
    ] = False,
    ntp: NtpOpt = None,
    time_url: Annotated[
        list[str] | None,
        typer.Option("--time-url", metavar="URL", help=h("time_url")),
    ] = None,
    no_clock: NoClockOpt = False,
    ca: CaOpt = "letsencrypt",
    acme_account: AcmeAccountOpt = None,
    doh: DohOpt = None,
    no_doh: NoDohOpt = False,
    doh_ca: DohCaOpt = None,
    trust_anchor: TrustAnchorOpt = None,
    tencent_endpoint: EndpointOpt = None,
    tencent_site: SiteOpt = "cn",
    alidns_endpoint: AlidnsEndpointOpt = None,
    secret_id: SecretIdOpt = None,
    secret_key_file: SecretKeyFileOpt = None,
    ask: AskOpt = False,
    profile: ProfileOpt = None,
    provider: ProviderOpt = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CHECK|FAMILY|CODE", help=h("select")),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CHECK|FAMILY|CODE", help=h("ignore")),
    ] = None,
    redact_domain: Annotated[
        bool,
        typer.Option("--redact-domain", help=h("redact_domain")),
    ] = False,
    timeout: TimeoutOpt = 30.0,
    fmt: FormatOpt = "rich",
    output: OutputOpt = None,
    verbose: VerboseOpt = False,
    strict: StrictOpt = False,
    lang: LangOpt = None,
) -> None:
    """Check what the authoritative servers of each name really serve for a DNS-01 challenge."""
    from dnsdoctor.context import Options

    check_output(output)  # before --ask prompts for a key that the run could not report on
    options = Options(
        expect=tuple(expect or ()),
        roots=tuple(parse_endpoint(r, 53) for r in root or ()),
        dns_port=dns_port,
        timeout=timeout,
        query_timeout=min(2.0, max(0.2, timeout / 4)),
        lang=detect_lang(lang),
        verbose=verbose,
        strict=strict,
        resolvers=tuple(parse_endpoint(r, 53) for r in resolver or ()),
        system_resolvers=tuple(parse_endpoint(r, 53) for r in system_resolver or ()),
        no_public=no_public,
        query_public_anyway=query_public_anyway,
        no_clock=no_clock,
        ntp_servers=tuple(parse_hostport(n, 123) for n in ntp or ()),
        time_urls=tuple(time_url or ()),
        tencent_endpoint=tencent_endpoint,
        tencent_site=tencent_site,
        alidns_endpoint=alidns_endpoint,
        credentials=credential_inputs(
            secret_id,
            secret_key_file,
            ask,
            profile,
            provider,
            tencent_endpoint,
            tencent_site,
            alidns_endpoint,
        ),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        doh=parse_doh(doh, no_doh, doh_ca),
        no_doh=no_doh,
        doh_ca=doh_ca,
        canary=parse_endpoint(canary, dns_port) if canary else None,
        ca=parse_ca(ca),
        acme_account=acme_account.strip() if acme_account else None,
        trust_anchor=trust_anchor,
        trust_anchor_text=read_trust_anchor(trust_anchor),
    )
    run_command("check", options, names, fmt, output, redact_domain)


@app.command(help=h("cmd.creds"), cls=_Command)
def creds(
    names: Annotated[
        list[str] | None, typer.Argument(metavar="DOMAIN...", help=h("creds_names"))
    ] = None,
    secret_id: SecretIdOpt = None,
    secret_key_file: SecretKeyFileOpt = None,
    ask: AskOpt = False,
    profile: ProfileOpt = None,
    provider: ProviderOpt = None,
    tencent_endpoint: EndpointOpt = None,
    tencent_site: SiteOpt = "cn",
    alidns_endpoint: AlidnsEndpointOpt = None,
    timeout: TimeoutOpt = 30.0,
    fmt: FormatOpt = "rich",
    output: OutputOpt = None,
    verbose: VerboseOpt = False,
    strict: StrictOpt = False,
    lang: LangOpt = None,
) -> None:
    """Lint and probe Tencent Cloud credentials: signing, identity, zone, records, permissions."""
    from dnsdoctor.context import Options

    check_output(output)  # before --ask prompts for a key that the run could not report on
    options = Options(
        timeout=timeout,
        lang=detect_lang(lang),
        verbose=verbose,
        strict=strict,
        tencent_endpoint=tencent_endpoint,
        tencent_site=tencent_site,
        alidns_endpoint=alidns_endpoint,
        credentials=credential_inputs(
            secret_id,
            secret_key_file,
            ask,
            profile,
            provider or "auto",  # the creds command needs credentials of some provider
            tencent_endpoint,
            tencent_site,
            alidns_endpoint,
        ),
    )
    run_command("creds", options, names or [], fmt, output)


@app.command(help=h("cmd.clock"), cls=_Command)
def clock(
    ntp: NtpOpt = None,
    time_url: Annotated[
        list[str] | None,
        typer.Option("--time-url", metavar="URL", help=h("time_url")),
    ] = None,
    root: RootOpt = None,
    dns_port: DnsPortOpt = 53,
    tencent_endpoint: Annotated[
        str | None,
        typer.Option("--tencent-endpoint", metavar="URL", help=h("clock_endpoint")),
    ] = None,
    timeout: TimeoutOpt = 15.0,
    fmt: FormatOpt = "rich",
    output: OutputOpt = None,
    verbose: VerboseOpt = False,
    strict: StrictOpt = False,
    lang: LangOpt = None,
) -> None:
    """Measure this host's clock offset (Tencent Cloud rejects requests beyond 300 s)."""
    from dnsdoctor.context import Options

    options = Options(
        roots=tuple(parse_endpoint(r, 53) for r in root or ()),
        dns_port=dns_port,
        timeout=timeout,
        lang=detect_lang(lang),
        verbose=verbose,
        strict=strict,
        ntp_servers=tuple(parse_hostport(n, 123) for n in ntp or ()),
        time_urls=tuple(time_url or ()),
        tencent_endpoint=tencent_endpoint,
    )
    run_command("clock", options, [], fmt, output)


@app.command(help=h("cmd.explain"), cls=_Command)
def explain(
    code: Annotated[str | None, typer.Argument(metavar="CODE", help=h("code"))] = None,
    log: Annotated[str | None, typer.Option("--log", metavar="FILE|-", help=h("log"))] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="text|json", help=h("explain_format"))
    ] = "text",
    lang: LangOpt = None,
) -> None:
    language = detect_lang(lang)
    if log is not None:
        if code is not None:
            raise UsageError(msg("explain.both"))
        if fmt not in ("text", "json"):
            raise UsageError(msg("format.log", value=fmt))
        from dnsdoctor.logparse import analyse_log, read_log, render_log_json, render_log_matches

        try:
            text = read_log(log)
        except OSError as exc:
            raise UsageError(msg("log.unreadable", path=log, error=exc.strerror or exc)) from None
        matches = analyse_log(text)
        if fmt == "json":
            typer.echo(render_log_json(matches, language), nl=False)
        else:
            typer.echo(render_log_matches(matches, language), nl=False)
        return
    from dnsdoctor.checks.registry import all_specs
    from dnsdoctor.docgen import explain_text

    specs = all_specs()
    if code is None:
        from dnsdoctor.report.i18n import t

        for each in sorted(specs.values(), key=lambda s: s.code):
            severity = t(f"sev.{each.severity.label}", language)
            typer.echo(f"{each.code:32} {severity:{8 if language == 'en' else 6}} {each.family}")
        return
    spec = specs.get(code.strip().upper())
    if spec is None:
        close = [c for c in specs if code.strip().upper() in c]
        if close:
            hint = ", ".join(sorted(close)[:5])
            raise UsageError(msg("explain.unknown_close", code=code, close=hint))
        raise UsageError(msg("explain.unknown", code=code))
    from dnsdoctor.placeholders import explain_placeholders

    typer.echo(explain_placeholders(spec, explain_text(spec, language), language), nl=False)


@app.command("list-checks", help=h("cmd.list_checks"), cls=_Command)
def list_checks(lang: LangOpt = None) -> None:
    """List every check with its family and the finding codes it can report."""
    import shutil

    from rich.console import Console
    from rich.text import Text

    from dnsdoctor.checks.registry import all_checks

    language = detect_lang(lang)
    checks = all_checks()
    width = shutil.get_terminal_size((80, 24)).columns  # COLUMNS, the terminal, else 80
    name_w = max(len(c.name) for c in checks) + 1
    family_w = max(len(c.family) for c in checks) + 1
    indent = name_w + family_w
    if width - indent < 30:  # a narrow terminal: the texts go under the name
        indent = 4
    console = Console(width=max(20, width - indent), no_color=True, highlight=False)

    def wrapped(text: str) -> list[str]:  # by display cells: a Chinese character takes two
        return [str(line).rstrip() for line in Text(text).wrap(console, console.width)] or [""]

    for c in checks:
        summary = c.summary.get(language) or c.summary.get("en", "")
        lines = [*wrapped(summary), *wrapped(", ".join(s.code for s in c.specs))]
        head = f"{c.name:{name_w}}{c.family:{family_w}}".rstrip()
        if indent == 4:
            typer.echo(head)
        else:
            typer.echo(f"{head:{indent}}{lines.pop(0)}")
        for line in lines:
            typer.echo(f"{'':{indent}}{line}")


@app.command(help=h("cmd.demo"), cls=_Command)
def demo(
    scenario: Annotated[str | None, typer.Argument(help=h("scenario"))] = None,
    list_: Annotated[bool, typer.Option("--list", help=h("list"))] = False,
    all_: Annotated[bool, typer.Option("--all", help=h("demo_all"))] = False,
    fmt: FormatOpt = "rich",
    lang: LangOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Run dnsdoctor against a simulated internet on loopback (no root, no internet needed)."""
    from dnsdoctor.lab.scenarios import all_scenarios

    scenarios = all_scenarios()
    language = detect_lang(lang)
    if fmt not in ("rich", "json", "markdown"):  # before any world is built
        raise UsageError(msg("format.report", value=fmt))
    if list_:
        for s in scenarios.values():
            typer.echo(f"{s.name:26} {s.summary.get(language) or s.summary['en']}")
        raise typer.Exit(0)
    if all_:
        raise typer.Exit(_demo_tour([s for s in scenarios.values() if not s.slow], language))
    name = scenario or "healthy"
    if name not in scenarios:
        raise UsageError(msg("scenario.unknown", name=name))
    argv = ["--format", fmt, "--lang", language, *(["--verbose"] if verbose else [])]
    raise typer.Exit(_run_scenario(scenarios[name], argv, announce=True))


def _run_scenario(scenario: Scenario, extra: list[str], *, announce: bool) -> int:
    """Build the scenario's world, run its command line in it (loopback only), return the exit."""
    from dnsdoctor.secrets import redact

    built = scenario.build()
    env = {**built.env, "DNSDOCTOR_LOOPBACK_ONLY": "1"}  # the demo never leaves loopback
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    if announce:
        typer.echo(redact(f"# demo {scenario.name}: dnsdoctor {' '.join(built.argv)}"), err=True)
    try:
        with built.world:
            return _invoke([*built.argv, *extra])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _demo_tour(scenarios: list[Scenario], lang: str) -> int:
    """Every scenario in one line each: the cause it finds first. Exit 0 when every scenario was
    diagnosed as expected - a check that the demo, and the diagnosis, work on this machine."""
    _QUIET_OUTPUT.append(True)
    try:
        return _tour(scenarios, lang)
    finally:
        _QUIET_OUTPUT.pop()


def _tour(scenarios: list[Scenario], lang: str) -> int:
    import json
    import tempfile
    from pathlib import Path

    failures = 0
    with tempfile.TemporaryDirectory(prefix="dnsdoctor-demo-") as tmp:
        out = Path(tmp) / "report.json"
        for scenario in scenarios:
            code = _run_scenario(
                scenario,
                ["--format", "json", "--lang", lang, "--output", str(out)],
                announce=False,
            )
            try:
                report = json.loads(out.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                report = {"root_causes": []}
            out.unlink(missing_ok=True)
            # the first thing the report names: a cause, else something worth fixing
            causes = report.get("root_causes") or report.get("hygiene") or []
            first = causes[0]["code"] if causes else None
            if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):  # preflight cleaned up and said so
                raise Interrupted(said=True)
            ok = first == scenario.first_code and code == scenario.exit_code
            failures += not ok
            said = causes[0]["title"] if causes else h("demo_nothing", lang)
            typer.echo(f"{'✓' if ok else '✗'} {scenario.name:24} {said}")
    typer.echo(h("demo_tour_ok", lang) if not failures else h("demo_tour_failed", lang))
    return EXIT_OK if not failures else EXIT_FINDINGS


app.command("watch", help=h("cmd.watch"), cls=_Command)(watch_command)
app.command("preflight", help=help_text("cmd.preflight"), cls=_Command)(preflight_command)
app.command("cleanup", help=help_text("cmd.cleanup"), cls=_Command)(cleanup_command)


def _invoke(argv: list[str]) -> int:
    try:
        rv = app(args=argv, prog_name="dnsdoctor", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except UsageError as exc:
        from dnsdoctor.secrets import printable

        typer.echo(f"dnsdoctor: {printable(str(exc))}", err=True)
        return EXIT_USAGE
    return rv if isinstance(rv, int) else EXIT_OK


def _reader_gone() -> None:
    """The reader of standard output left (``dnsdoctor … | head``): say nothing more. Whatever
    is still buffered goes to /dev/null, so that the flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    """Console entry point: every failure becomes a one-line message and an exit code."""
    try:
        _entry()
    except BrokenPipeError:
        _reader_gone()
        sys.exit(EXIT_FINDINGS)  # what Typer exits with when the pipe closes inside a command
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_gone()
        except (OSError, ValueError):
            pass


def _entry() -> None:
    if sys.argv[1:] == ["--version"]:  # fast path: no command tree to build
        print(f"dnsdoctor {__version__}")
        sys.exit(EXIT_OK)
    _started[:] = [time.monotonic()]
    try:
        rv = app(standalone_mode=False)
    except UsageError as exc:
        _fail(str(exc), EXIT_USAGE)
    except Interrupted as exc:
        if not exc.said:
            _fail(msg("interrupted"), EXIT_INTERRUPTED)
        sys.exit(EXIT_INTERRUPTED)
    except (typer.Exit, typer.Abort) as exc:
        sys.exit(getattr(exc, "exit_code", EXIT_INTERRUPTED))
    except KeyboardInterrupt:
        _fail(msg("interrupted"), EXIT_INTERRUPTED)
    except BrokenPipeError:
        raise
    except Exception as exc:  # the last line of defence: a clear line, never a traceback
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # click's usage errors (any click copy)
            show()
            sys.exit(EXIT_USAGE)
        _fail(msg("internal", error=f"{type(exc).__name__}: {exc}"), EXIT_INTERNAL)
    finally:
        _started.clear()
    sys.exit(rv if isinstance(rv, int) else EXIT_OK)

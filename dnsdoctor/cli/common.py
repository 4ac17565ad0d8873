"""What the commands share: usage errors and exit codes, argument parsing, the options a group of
command-line options builds, running the checks and writing the report.

Exit codes (public interface): 0 nothing wrong, 1 an error finding (or a warning with --strict),
2 usage error, 3 internal error, 130 Ctrl-C, 143 SIGTERM. Heavy modules are imported inside the
functions so that ``dnsdoctor --version`` stays as fast as importing Typer. Nothing here imports a
command module or :mod:`dnsdoctor.cli.program`: the commands import this module, never each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import typer

from dnsdoctor.cli.text import current_lang, localised, msg, provider_names, secret_prompt

if TYPE_CHECKING:
    from dnsdoctor.cli.options import CredentialArgs, ProviderArgs, ReportArgs, ServerArgs
    from dnsdoctor.core.context import Endpoint, Options, Target
    from dnsdoctor.core.model import Report
    from dnsdoctor.credentials import CredentialInputs
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


class UsageError(Exception):
    """A bad argument found after parsing (exit code 2)."""


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
    """``--lang`` (a usage error when dnsdoctor does not speak it), else the locale."""
    from dnsdoctor.core import i18n

    try:
        return i18n.detect_lang(explicit)
    except i18n.UnknownLanguage:
        raise UsageError(msg("lang.bad", value=explicit)) from None


def credential_inputs(
    secret_id: str | None,
    secret_key_file: str | None,
    ask: bool,
    profile: str | None,
    provider: str | None,
    provider_options: Mapping[str, str | None],
) -> CredentialInputs:
    """Map the credential options; a secret is never taken from the command line itself."""
    from pathlib import Path

    from dnsdoctor import providers
    from dnsdoctor.checks.creds.lint import provider_name
    from dnsdoctor.core.secrets import register
    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.net import guard

    named = provider_name(provider)
    if named not in (None, "none", *providers.NAMES):
        names = provider_names(current_lang())
        raise UsageError(msg("provider.bad", value=provider, names=names))
    for each in providers.all_providers():
        for option in each.cli_options:
            value = provider_options.get(option.dest)
            problem = option.check(value) if option.check and value is not None else None
            if problem is not None:
                raise UsageError(problem[1] if current_lang() == "zh" else problem[0])
    asked = None
    if ask:
        import getpass
        import warnings

        try:
            with warnings.catch_warnings():
                # Without a terminal getpass warns, then reads the key with echo on: refuse.
                warnings.simplefilter("error", getpass.GetPassWarning)
                asked = getpass.getpass(secret_prompt(named))
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
    from dnsdoctor.core.model import Severity, Status

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


QUIET_OUTPUT: list[bool] = []
"""Non-empty while ``demo --all`` writes each scenario's report to a file of its own."""


def say_written(output: str | None) -> None:
    """Where ``-o FILE`` put the report (standard error: standard output stays empty)."""
    if output and not QUIET_OUTPUT:
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


def run_command(
    command: str,
    options: Options,
    names: list[str],
    fmt: str,
    output: str | None,
    redact_domains: bool = False,
) -> None:
    from dnsdoctor.core.targets import BadName, parse_targets

    if fmt not in ("rich", "json", "markdown"):
        raise UsageError(msg("format.report", value=fmt))
    try:
        targets = parse_targets(names)
    except BadName as exc:
        raise UsageError(localised(exc)) from None
    check_output(output)
    from dnsdoctor.engine.run import UnknownSelector

    try:
        report = _run_with_progress(command, options, targets, fmt, output)
    except UnknownSelector as exc:
        raise UsageError(localised(exc)) from None
    emit(report, fmt, output, options.lang, options.verbose, redact_domains)
    say_written(output)
    raise typer.Exit(exit_code(report, options.strict))


started: list[float] = []
"""When :func:`main` began: the run's ``--timeout`` counts from there (the checks take a noticeable
part of a second to import), so that the whole process ends within ``--timeout``."""


def _run_with_progress(
    command: str, options: Options, targets: list[Target], fmt: str, output: str | None
) -> Report:
    """A live status line while checks run, only for a terminal reader (not for pipes or files)."""
    from dnsdoctor.engine.run import run

    at = started[-1] if started else None
    if fmt != "rich" or output or not sys.stderr.isatty():
        return run(command, options, targets, started=at)
    from rich.console import Console

    from dnsdoctor.report.i18n import t

    console = Console(stderr=True)
    label = t("running", options.lang)
    with console.status(f"{label}…") as status:

        def progress(result: object, done: int, total: int) -> None:
            status.update(f"{label}… {done}/{total}")

        return run(command, options, targets, progress=progress, started=at)


# -- what an option group gives the run's Options ------------------------------------------------


def credential_options(args: CredentialArgs, provider: str | None = None) -> dict[str, Any]:
    """The credential options as :class:`~dnsdoctor.core.context.Options` fields; ``provider`` stands
    for ``--provider`` when it is not given."""
    return {
        "provider_options": dict(args.provider_options),
        "credentials": credential_inputs(
            args.secret_id,
            args.secret_key_file,
            args.ask,
            args.profile,
            args.provider or provider,
            args.provider_options,
        ),
    }


def provider_choice_options(args: ProviderArgs) -> dict[str, Any]:
    """``--provider`` and the providers' own options as Options fields, with no key given: the
    run may look for which provider's credentials exist (``auto``), never reads a secret."""
    return {
        "provider_options": dict(args.provider_options),
        "credentials": credential_inputs(
            None, None, False, None, args.provider, args.provider_options
        ),
    }


def server_options(args: ServerArgs, timeout: float) -> dict[str, Any]:
    """The server options as Options fields; a query gets a quarter of the run's budget."""
    return {
        "roots": tuple(parse_endpoint(r, 53) for r in args.root or ()),
        "dns_port": args.dns_port,
        "timeout": timeout,
        "query_timeout": min(2.0, max(0.2, timeout / 4)),
        "resolvers": tuple(parse_endpoint(r, 53) for r in args.resolver or ()),
        "system_resolvers": tuple(parse_endpoint(r, 53) for r in args.system_resolver or ()),
        "no_public": args.no_public,
        "no_clock": args.no_clock,
        "ntp_servers": tuple(parse_hostport(n, 123) for n in args.ntp or ()),
    }


def report_options(args: ReportArgs) -> dict[str, Any]:
    """The report options that Options carries (the format and the file are the command's)."""
    return {"lang": detect_lang(args.lang), "verbose": args.verbose, "strict": args.strict}

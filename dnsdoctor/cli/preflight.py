"""``dnsdoctor preflight DOMAIN`` and ``dnsdoctor cleanup [DOMAIN]``.

Registered in :mod:`dnsdoctor.cli` as::

    app.command("preflight", help=help_text("cmd.preflight"))(preflight_command)
    app.command("cleanup", help=help_text("cmd.cleanup"))(cleanup_command)

Only Typer and the shared options are imported at module level (``dnsdoctor --version`` stays
fast); the CLI helpers (:mod:`dnsdoctor.cli.common`), the engines and Rich are imported when a
command runs.

Exit codes: those of ``check`` (0 nothing wrong, 1 an error finding -- issuance would fail, which
includes a probe that did not reach every authoritative server or could not be deleted -- or a
warning with ``--strict``, 2 usage, 3 internal), and 130 (Ctrl-C) or 143 (SIGTERM) after the probe
record was cleaned up. ``cleanup``: 0 when nothing dnsdoctor created is left, 1 when records remain
(listed but not deleted, or a deletion failed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dnsdoctor.cli.options import (
    CredentialArgs,
    LangOpt,
    ReportArgs,
    ServerArgs,
    grouped,
    provider_metavar,
)
from dnsdoctor.core.i18n import register, tr

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from dnsdoctor.credentials import CredentialInputs
    from dnsdoctor.preflight.cleanup import Journal, Removal, Survey
    from dnsdoctor.preflight.engine import Preflight

# -- help texts: the shared ones from dnsdoctor.cli.text, this module's own below --------------

HELP: dict[str, dict[str, str]] = {
    "cmd.preflight": {
        "en": "Run every check, then create, time and delete a real TXT probe record through the "
        "API, and recommend the ACME client's settings. Public resolvers are only asked for the "
        "probe's name, never for _acme-challenge; the probe is deleted also on Ctrl-C and "
        "SIGTERM.",
        "zh": "运行全部检查，然后通过 API 创建一条真实的 TXT 探测记录、测量其生效时间并删除，"
        "最后给出 ACME 客户端的推荐设置。公共解析器只会被询问探测记录的名称，绝不会询问 "
        "_acme-challenge；即使按 Ctrl-C 或收到 SIGTERM，探测记录也会被删除。",
    },
    "cmd.cleanup": {
        "en": "List the probe records dnsdoctor created and left behind, and delete only those "
        "(name _dnsdoctor-probe-<token> and value marker dnsdoctor-probe:<token>:<time> "
        "together); without --yes it asks first, and only lists when nobody can answer.",
        "zh": "列出 dnsdoctor 创建后遗留的探测记录，并且只删除这些记录（名称 "
        "_dnsdoctor-probe-<token> 与值标记 dnsdoctor-probe:<token>:<time> 同时匹配）；不加 "
        "--yes 时会先询问，无法询问时只列出。",
    },
    "preflight.names": {
        "en": "The certificate's names (example.com, *.example.com); one probe record per zone.",
        "zh": "证书的域名（example.com、*.example.com）；每个区创建一条探测记录。",
    },
    "preflight.write_probe": {
        "en": "Create a TXT probe record through the API, time it on every authoritative server "
        "and delete it (the default; needs credentials).",
        "zh": "通过 API 创建一条 TXT 探测记录，测量它在每台权威服务器上的生效时间，然后删除（默认；"
        "需要密钥）。",
    },
    "preflight.probe_timeout": {
        "en": "How long the probe may take to reach every authoritative server, in seconds.",
        "zh": "探测记录到达全部权威服务器的最长等待时间（秒）。",
    },
    "preflight.timeout": {
        "en": "Budget of the checks, in seconds (the probe has --probe-timeout, and its deletion "
        "a bounded time of its own).",
        "zh": "检查的时间预算（秒）（探测记录另有 --probe-timeout，删除也有自己的限时）。",
    },
    "preflight.provider": {
        "en": "auto, {names} (credentials required: none found is an error) or "
        "none (no credentials; only with --no-write-probe). Default: the provider whose "
        "credentials are found (the write probe needs them, and says so when there are none).",
        "zh": "auto、{names}（必须有密钥：找不到即为错误）或 none（不使用密钥；只能与 "
        "--no-write-probe 一起使用）。默认：使用找到密钥的服务商（写入探测需要密钥，找不到时会说明）。",
    },
    "preflight.resolver": {
        "en": "Public resolver ADDR[:PORT] to compare, asked only for the probe's name "
        "(repeatable).",
        "zh": "用于比较的公共解析器 ADDR[:PORT]，只会被询问探测记录的名称（可重复）。",
    },
    "cleanup.domain": {
        "en": "The domain whose zone is searched (default: the zones in the journal, else every "
        "zone of the account).",
        "zh": "要搜索的域名所在的区（默认：日志中记录的区，否则为该账号下的所有区）。",
    },
    "cleanup.yes": {
        "en": "Delete without asking for confirmation (a record younger than 10 minutes that "
        "no finished run of this host left is spared: another host's preflight may be using it).",
        "zh": "不经确认直接删除（不足 10 分钟、且不是本机已结束的运行留下的记录会被保留："
        "另一台主机上的 preflight 可能正在使用它）。",
    },
    "cleanup.provider": {
        "en": "auto, {names}: where to look. Default: the provider of the probe "
        "records in the journal, else the one whose credentials are found (by DOMAIN's name "
        "servers when there are several).",
        "zh": "auto、{names}：在哪个服务商查找。默认：日志中探测记录所属的服务商，"
        "否则为找到密钥的服务商（找到多个时按 DOMAIN 的域名服务器判断）。",
    },
    "cleanup.timeout": {
        "en": "Budget of the whole run, in seconds.",
        "zh": "整个运行的时间预算（秒）。",
    },
}


register("cli.help.preflight", HELP)


def help_text(key: str) -> str:
    """A help text in the process's language (:mod:`dnsdoctor.cli.text` decides which): this
    module's own, else the CLI's."""
    from dnsdoctor.cli.text import HELP_LANG, h, provider_names

    if key in ("preflight.provider", "cleanup.provider"):
        names = provider_names(HELP_LANG, last="or")
        return tr("cli.help.preflight", key, HELP_LANG, names=names)
    return tr("cli.help.preflight", key, HELP_LANG) if key in HELP else h(key)


_h = help_text

# -- options: the shared ones from dnsdoctor.cli.options, and two whose help differs here ------

ProviderOpt = Annotated[
    str | None,
    typer.Option("--provider", metavar=provider_metavar(none=True), help=_h("preflight.provider")),
]
CleanupProviderOpt = Annotated[
    str | None,
    typer.Option("--provider", metavar=provider_metavar(), help=_h("cleanup.provider")),
]
ResolverOpt = Annotated[
    list[str] | None,
    typer.Option("--resolver", metavar="ADDR[:PORT]", help=_h("preflight.resolver")),
]


@dataclass(frozen=True)
class PreflightServerArgs(ServerArgs):
    resolver: ResolverOpt = None


@dataclass(frozen=True)
class PreflightCredentialArgs(CredentialArgs):
    provider: ProviderOpt = None


@dataclass(frozen=True)
class CleanupCredentialArgs(CredentialArgs):
    provider: CleanupProviderOpt = None


@grouped
def preflight_command(
    names: Annotated[
        list[str],
        typer.Argument(help=_h("preflight.names"), metavar="DOMAIN..."),
    ],
    *,
    write_probe: Annotated[
        bool,
        typer.Option("--write-probe/--no-write-probe", help=_h("preflight.write_probe")),
    ] = True,
    probe_timeout: Annotated[
        float,
        typer.Option(
            "--probe-timeout", help=_h("preflight.probe_timeout"), min=1.0, metavar="SECONDS"
        ),
    ] = 120.0,
    servers: PreflightServerArgs,
    creds: PreflightCredentialArgs,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help=_h("preflight.timeout"), min=0.5, metavar="SECONDS"),
    ] = 30.0,
    report: ReportArgs,
) -> None:
    """Run every check, then create, time and delete a real TXT probe record; recommend settings.

    Public resolvers are asked only for the probe's name, never for _acme-challenge. Whatever is
    created is deleted again, also on Ctrl-C and SIGTERM; `dnsdoctor cleanup` removes what a
    crash left behind.
    """
    import asyncio

    from dnsdoctor.cli.common import (
        UsageError,
        check_output,
        credential_options,
        emit,
        exit_code,
        report_options,
        say_written,
        server_options,
    )
    from dnsdoctor.cli.text import localised, msg
    from dnsdoctor.core.context import Options
    from dnsdoctor.core.targets import BadName, parse_targets
    from dnsdoctor.preflight.cleanup import Journal
    from dnsdoctor.preflight.engine import Interrupted, Preflight

    fmt, output = report.fmt, report.output
    if fmt not in ("rich", "json", "markdown"):
        raise UsageError(msg("format.report", value=fmt))
    provider = creds.provider
    if provider is not None and provider.lower() in ("none", "off", "no") and write_probe:
        raise UsageError(msg("preflight.no_creds"))
    try:
        targets = parse_targets(names)
    except BadName as exc:
        raise UsageError(localised(exc)) from None
    check_output(output)
    options = Options(
        **server_options(servers, timeout),
        **report_options(report),
        **credential_options(creds),
    )
    language = options.lang
    journal = Journal()
    with _Progress(fmt, output, language) as on_progress:
        engine = Preflight(
            options,
            targets,
            write_probe=write_probe,
            probe_timeout=probe_timeout,
            journal=journal,
            on_progress=on_progress,
        )
        try:
            result = asyncio.run(engine.run())
        except Interrupted as exc:
            _interrupted(engine, language, exc.signame)
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, asyncio.CancelledError):
            _interrupted(engine, language, "SIGINT")
            raise typer.Exit(130) from None
        except BaseException:
            _interrupted(engine, language, "")
            raise
    emit(result, fmt, output, language, options.verbose)
    say_written(output)
    raise typer.Exit(exit_code(result, options.strict))


def _interrupted(engine: Preflight, lang: str, signame: str) -> None:
    from dnsdoctor.core.secrets import printable

    if signame:
        typer.echo(f"dnsdoctor: {_say('interrupted', lang)} ({signame})", err=True)
    for line in engine.summary_lines(lang):
        typer.echo(f"dnsdoctor: {printable(line)}", err=True)


def _no_progress(text: str) -> None:
    return None


class _Progress:
    def __init__(self, fmt: str, output: str | None, lang: str) -> None:
        import sys

        self.enabled = fmt == "rich" and not output and sys.stderr.isatty()
        self.lang = lang
        self._status: Any = None

    def __enter__(self) -> Callable[[str], None]:
        if not self.enabled:
            return _no_progress
        from rich.console import Console

        from dnsdoctor.report.i18n import t

        label = t("running", self.lang)
        status = Console(stderr=True).status(f"{label}…")
        status.__enter__()
        self._status = status

        def update(text: str) -> None:
            status.update(f"{label}… {text}")

        return update

    def __exit__(self, *exc: object) -> None:
        status = self._status
        if status is not None:
            status.__exit__(None, None, None)


# -- cleanup ----------------------------------------------------------------------------------


@grouped
def cleanup_command(
    domain: Annotated[
        str | None,
        typer.Argument(help=_h("cleanup.domain"), metavar="[DOMAIN]"),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_h("cleanup.yes"))] = False,
    *,
    creds: CleanupCredentialArgs,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help=_h("cleanup.timeout"), min=0.5, metavar="SECONDS"),
    ] = 60.0,
    lang: LangOpt = None,
) -> None:
    """List the probe records dnsdoctor created and left behind, and delete only those.

    A record is dnsdoctor's only when its name is _dnsdoctor-probe-<token> and its value carries
    the marker dnsdoctor-probe:<token>:<time> with the same token; no other record is ever
    touched. Without --yes it asks first; when nobody can answer (no terminal) it only lists.
    """
    import asyncio

    from dnsdoctor.cli.common import UsageError, credential_inputs, detect_lang
    from dnsdoctor.cli.text import localised
    from dnsdoctor.core.targets import BadName, parse_target
    from dnsdoctor.preflight.cleanup import Journal

    language = detect_lang(lang)
    zone_hint: str | None = None
    if domain is not None:
        try:
            zone_hint = parse_target(domain).base.to_text(omit_final_dot=True)
        except BadName as exc:
            raise UsageError(localised(exc)) from None
    journal = Journal()
    inputs = credential_inputs(
        creds.secret_id,
        creds.secret_key_file,
        creds.ask,
        creds.profile,
        _cleanup_provider(creds.provider, journal),
        creds.provider_options,
    )
    code = asyncio.run(
        _cleanup(
            zone_hint,
            yes,
            provider_options=creds.provider_options,
            inputs=inputs,
            timeout=timeout,
            lang=language,
            journal=journal,
        )
    )
    raise typer.Exit(code)


def _cleanup_provider(provider: str | None, journal: Journal) -> str | None:
    """``--provider`` for the credentials: as given; by default the provider of the journal's
    entries when they are all one provider's (else automatic)."""
    from dnsdoctor.checks.creds.lint import provider_name
    from dnsdoctor.preflight.cleanup import JournalError

    if provider_name(provider) is not None:
        return provider
    try:
        named = {e.provider for e in journal.entries()}
    except JournalError:
        return provider
    return named.pop() if len(named) == 1 else provider


WORDS = register(
    "cli.cleanup",
    {
        "none": {
            "en": "No record created by dnsdoctor is left in {zones}.",
            "zh": "{zones} 中没有 dnsdoctor 留下的记录。",
        },
        "found": {
            "en": "{count} record(s) created by dnsdoctor are still in {zones}:",
            "zh": "{zones} 中仍有 {count} 条 dnsdoctor 创建的记录：",
        },
        "busy": {
            "en": "  in use by a dnsdoctor preflight running now (left alone): {name} (RecordId {rid})",
            "zh": "  正在运行的 dnsdoctor preflight 正在使用（不处理）：{name}（RecordId {rid}）",
        },
        "recent": {
            "en": "  created {age} s ago, maybe by a preflight running on another host (left alone; run cleanup again in {wait} min): {name} (RecordId {rid})",
            "zh": "  {age} 秒前刚创建，可能属于另一台主机上正在运行的 preflight（不处理；请 {wait} 分钟后再运行 cleanup）：{name}（RecordId {rid}）",
        },
        "pending": {
            "en": "  not listed (yet) by {provider}, kept in the journal: {name}",
            "zh": "  {provider}（暂时）没有列出，日志中保留：{name}",
        },
        "listed": {
            "en": "Not deleted. Run `dnsdoctor cleanup {zone} --yes` to delete them.",
            "zh": "未删除。运行 `dnsdoctor cleanup {zone} --yes` 即可删除。",
        },
        "declined": {"en": "Not deleted.", "zh": "未删除。"},
        "ask": {"en": "Delete these {count} record(s)?", "zh": "删除这 {count} 条记录吗？"},
        "deleted": {
            "en": "deleted RecordId {rid} ({name}); {list} no longer lists it",
            "zh": "已删除 RecordId {rid}（{name}）；{list} 已不再列出",
        },
        "unconfirmed": {
            "en": "deleted RecordId {rid} ({name}), but {provider} still lists it; run cleanup again later",
            "zh": "已删除 RecordId {rid}（{name}），但 {provider} 仍列出它；请稍后再次运行 cleanup",
        },
        "failed": {
            "en": "could NOT delete RecordId {rid} ({name}): {error}",
            "zh": "无法删除 RecordId {rid}（{name}）：{error}",
        },
        "error": {"en": "{where}: {error}", "zh": "{where}：{error}"},
        "no_auth": {
            "en": "the key did not authenticate ({error}); see `dnsdoctor creds`",
            "zh": "密钥未通过认证（{error}）；见 `dnsdoctor creds`",
        },
        "leftover": {
            "en": '  RecordId {rid}  {name}  TXT "{value}"  created {when}  ({origin})',
            "zh": '  RecordId {rid}  {name}  TXT "{value}"  创建于 {when}（{origin}）',
        },
        "from_journal": {"en": "journal", "zh": "来自日志"},
        "from_marker": {"en": "found by name and marker", "zh": "按名称和标记找到"},
        "interrupted": {"en": "interrupted", "zh": "中断"},
    },
)


def _say(key: str, lang: str, **params: object) -> str:
    from dnsdoctor.core.secrets import printable

    return printable(tr("cli.cleanup", key, lang, **params))  # names/errors from the API


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


async def _cleanup(
    zone_hint: str | None,
    yes: bool,
    *,
    provider_options: Mapping[str, str | None],
    inputs: CredentialInputs,
    timeout: float,
    lang: str,
    journal: Journal,
) -> int:
    import time

    from dnsdoctor.checks.base import Skip
    from dnsdoctor.checks.creds.checks import api_of, identity_state
    from dnsdoctor.core.context import Context, Options, Services
    from dnsdoctor.core.secrets import printable
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.net.dns import DnsClient
    from dnsdoctor.preflight.cleanup import remove, survey
    from dnsdoctor.preflight.words import provider_words

    options = Options(
        timeout=timeout,
        provider_options=dict(provider_options),
        credentials=inputs,
    )
    # the domain's name servers choose the provider when credentials of several are found
    targets = parse_targets([zone_hint]) if zone_hint is not None else []
    ctx = Context(options=options, services=Services(dns=DnsClient()), targets=targets)
    ctx.deadline = time.monotonic() + timeout
    try:
        state = await identity_state(ctx)
        adapter = api_of(ctx, state.provider)
    except Skip as exc:
        typer.echo(f"dnsdoctor: {printable(exc.zh if lang == 'zh' else str(exc))}", err=True)
        return 1
    if state.working is None:
        err = state.cleaned_error or state.raw_error
        typer.echo(f"dnsdoctor: {printable(_say('no_auth', lang, error=err))}", err=True)
        return 1
    key = state.working
    words = provider_words(state.provider)
    deadline = time.monotonic() + timeout
    found = await survey(
        adapter,
        key,
        journal,
        adapter.describe_endpoint(),
        zone_hint,
        deadline=deadline,
        provider=state.provider.name,
    )
    for where, err in found.errors:
        typer.echo(printable(_say("error", lang, where=where, error=err)), err=True)
    for note in found.notes:
        typer.echo(f"dnsdoctor: {printable(note)}", err=True)
    zones = ", ".join(found.zones) or (zone_hint or "-")
    _print_survey(found, zones, lang, words)
    if not found.leftovers:
        return 1 if found.errors else 0
    if not yes:
        if not _interactive():
            typer.echo(_say("listed", lang, zone=zone_hint or found.leftovers[0].zone))
            return 1
        if not typer.confirm(_say("ask", lang, count=len(found.leftovers)), default=False):
            typer.echo(_say("declined", lang))
            return 1
    removals = await remove(
        adapter, key, journal, found.leftovers, deadline=time.monotonic() + max(10.0, timeout)
    )
    return _print_removals(removals, lang, words)


def _print_survey(found: Survey, zones: str, lang: str, words: dict[str, object]) -> None:
    import datetime as dt
    import math
    import time

    from dnsdoctor.core.secrets import printable
    from dnsdoctor.preflight.cleanup import RECENT_FOR

    if not found.leftovers:
        typer.echo(_say("none", lang, zones=zones))
    else:
        typer.echo(_say("found", lang, count=len(found.leftovers), zones=zones))
        for item in found.leftovers:
            created = item.created_at
            when = (
                dt.datetime.fromtimestamp(created, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
                if created is not None
                else "?"
            )
            origin = _say("from_journal" if item.in_journal else "from_marker", lang)
            typer.echo(
                printable(
                    _say(
                        "leftover",
                        lang,
                        rid=item.record_id,
                        name=item.fqdn,
                        value=item.value,
                        when=when,
                        origin=origin,
                    )
                )
            )
    for item in found.busy:
        typer.echo(_say("busy", lang, name=item.fqdn, rid=item.record_id))
    now = time.time()
    for item in found.recent:
        age = max(0, int(now - (item.created_at or now)))
        wait = max(1, math.ceil((RECENT_FOR - age) / 60))
        typer.echo(_say("recent", lang, age=age, wait=wait, name=item.fqdn, rid=item.record_id))
    for entry in found.pending:
        typer.echo(_say("pending", lang, name=entry.fqdn, **words))


def _print_removals(removals: list[Removal], lang: str, words: dict[str, object]) -> int:
    from dnsdoctor.core.secrets import printable

    code = 0
    for r in removals:
        item = r.leftover
        if r.ok:
            typer.echo(_say("deleted", lang, rid=item.record_id, name=item.fqdn, **words))
        elif r.deletion.outcome in ("deleted", "absent"):
            typer.echo(_say("unconfirmed", lang, rid=item.record_id, name=item.fqdn, **words))
            code = 1
        else:
            typer.echo(
                printable(
                    _say("failed", lang, rid=item.record_id, name=item.fqdn, error=r.deletion.error)
                ),
                err=True,
            )
            code = 1
    return code

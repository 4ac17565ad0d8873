"""``dnsdoctor watch NAME --expect VALUE``: watch a challenge TXT reach every authoritative server.

Registered in :mod:`dnsdoctor.cli` as ``app.command("watch")(watch_command)``. Only Typer and the
shared options are imported at module level (``dnsdoctor --version`` stays fast); the CLI helpers
(:mod:`dnsdoctor.cli.common`), the engine and Rich are imported when it runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dnsdoctor.cli.options import DnsPortOpt, RootOpt
from dnsdoctor.cli.text import h, localised, msg

if TYPE_CHECKING:
    from dnsdoctor.core.context import Context, Options, Target
    from dnsdoctor.truth.watch import WatchResult


def _values(expect: list[str] | None) -> tuple[str, ...]:
    """The expected values, in order, without repeats; quotes pasted from ``dig`` are removed."""
    from dnsdoctor.cli.common import UsageError

    out: list[str] = []
    for raw in expect or ():
        value = raw.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if not value:
            raise UsageError(msg("watch.empty_expect"))
        if value not in out:
            out.append(value)
    if not out:
        raise UsageError(msg("watch.no_expect"))
    return tuple(out)


def watch_command(
    name: Annotated[str, typer.Argument(help=h("watch.name"), metavar="NAME")],
    expect: Annotated[
        list[str] | None, typer.Option("--expect", help=h("watch.expect"), metavar="VALUE")
    ] = None,
    root: RootOpt = None,
    dns_port: DnsPortOpt = 53,
    resolver: Annotated[
        list[str] | None,
        typer.Option("--resolver", help=h("watch.resolver"), metavar="ADDR[:PORT]"),
    ] = None,
    interval: Annotated[
        float, typer.Option("--interval", help=h("watch.interval"), min=0.1, metavar="S")
    ] = 8.0,
    timeout: Annotated[
        float,
        typer.Option("--timeout", help=h("watch.timeout"), min=0.5, metavar="S"),
    ] = 120.0,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=h("watch.format"), metavar="FORMAT")
    ] = "rich",
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=h("lang"), metavar="LANG"),
    ] = None,
) -> None:
    """Watch a challenge TXT record reach every authoritative server (and chosen resolvers).

    Exit code 0 when every server serves every expected value before --timeout, 1 otherwise.
    """
    import asyncio

    from dnsdoctor.cli.common import (
        EXIT_FINDINGS,
        EXIT_OK,
        UsageError,
        detect_lang,
        parse_endpoint,
    )
    from dnsdoctor.core.context import Options
    from dnsdoctor.core.targets import BadName, parse_target

    if fmt not in ("rich", "json"):
        raise UsageError(msg("format.watch", value=fmt))
    values = _values(expect)
    language = detect_lang(lang)
    roots = tuple(parse_endpoint(r, 53) for r in root or ())
    resolvers = tuple(parse_endpoint(r, 53) for r in resolver or ())
    try:
        target = parse_target(name)
    except BadName as exc:
        raise UsageError(localised(exc)) from None
    options = Options(
        expect=values,
        roots=roots,
        dns_port=dns_port,
        timeout=timeout,
        # a tenth of the budget: a dropping server costs discovery about four query time-outs
        query_timeout=min(2.0, max(0.2, timeout / 10)),
        lang=language,
        resolvers=resolvers,
    )
    result = asyncio.run(_run(options, target, interval, fmt))
    raise typer.Exit(EXIT_OK if result.all_done else EXIT_FINDINGS)


def _context(options: Options, target: Target) -> Context:
    from dnsdoctor.core.context import Context, Services
    from dnsdoctor.net.dns import DnsClient

    ctx = Context(
        options=options,
        services=Services(dns=DnsClient(query_timeout=options.query_timeout)),
        targets=[target],
    )
    ctx.services.dns.deadline = ctx.deadline  # no query outlives --timeout
    return ctx


async def _run(options: Options, target: Target, interval: float, fmt: str) -> WatchResult:
    import sys

    from rich.console import Console

    from dnsdoctor.truth.watch import watch
    from dnsdoctor.watch_view import WatchView, print_timeline, render_json

    ctx = _context(options, target)
    if fmt == "json":
        result = await watch(
            ctx, target, options.expect, resolvers=options.resolvers, interval=interval
        )
        sys.stdout.write(render_json(result))
        return result
    console = Console(highlight=False)
    shown = target.challenge.to_text(omit_final_dot=True)
    with WatchView(console, options.lang, shown, options.timeout) as view:
        result = await watch(
            ctx,
            target,
            options.expect,
            resolvers=options.resolvers,
            interval=interval,
            on_update=view.update,
        )
    console.print()
    print_timeline(result, console, options.lang)
    return result

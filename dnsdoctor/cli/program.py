"""The ``dnsdoctor`` program: the Typer app, how its help reads, and :func:`main`.

The commands live in a module each and are registered on :data:`app` in help order by
:mod:`dnsdoctor.cli`. Exit codes are those of :mod:`dnsdoctor.cli.common`. Heavy modules are
imported inside the commands so that ``dnsdoctor --version`` stays as fast as importing Typer.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from dnsdoctor import __version__
from dnsdoctor.cli.common import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Interrupted,
    UsageError,
    started,
)
from dnsdoctor.cli.text import h, msg


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


class Command(TyperCommand):
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


def invoke(argv: list[str]) -> int:
    """Run one command line in this process (the demo's scenarios); its exit code. Its run's
    budget counts from now, not from the start of the process (a tour runs many of them)."""
    saved = started[:]
    started[:] = [time.monotonic()]
    try:
        rv = app(args=argv, prog_name="dnsdoctor", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except UsageError as exc:
        from dnsdoctor.core.secrets import printable

        typer.echo(f"dnsdoctor: {printable(str(exc))}", err=True)
        return EXIT_USAGE
    finally:
        started[:] = saved
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


def _fail(message: str, code: int) -> NoReturn:
    from dnsdoctor.core.secrets import printable

    typer.echo(f"dnsdoctor: {printable(message)}", err=True)
    sys.exit(code)


def _caused_by_ctrl_c(exc: BaseException) -> bool:
    """Whether a Ctrl-C is what this exception reports: some libraries turn any exception raised
    inside them into their own (dnspython's ``ExceptionWrapper`` makes a KeyboardInterrupt that
    lands while a zone is parsed a ``dns.exception.SyntaxError``), keeping it as the cause."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _entry() -> None:
    if sys.argv[1:] == ["--version"]:  # fast path: no command tree to build
        print(f"dnsdoctor {__version__}")
        sys.exit(EXIT_OK)
    started[:] = [time.monotonic()]
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
        if _caused_by_ctrl_c(exc):  # a library wrapped the Ctrl-C (dnspython: a SyntaxError)
            _fail(msg("interrupted"), EXIT_INTERRUPTED)
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):  # click's usage errors (any click copy)
            show()
            sys.exit(EXIT_USAGE)
        _fail(msg("internal", error=f"{type(exc).__name__}: {exc}"), EXIT_INTERNAL)
    finally:
        started.clear()
    sys.exit(rv if isinstance(rv, int) else EXIT_OK)

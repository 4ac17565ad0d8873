"""``dnsdoctor explain [CODE]``, ``explain --log FILE`` and ``dnsdoctor list-checks``."""

from __future__ import annotations

from typing import Annotated

import typer

from dnsdoctor.cli.common import UsageError, detect_lang
from dnsdoctor.cli.options import LangOpt
from dnsdoctor.cli.text import h, msg


def explain_command(
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
    from dnsdoctor.engine.catalog import all_specs
    from dnsdoctor.report.explain import explain_text

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


def list_checks_command(lang: LangOpt = None) -> None:
    """List every check with its family and the finding codes it can report."""
    import shutil

    from rich.console import Console
    from rich.text import Text

    from dnsdoctor.engine.catalog import all_checks

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

"""Option groups (:func:`dnsdoctor.cli.options.grouped`): options that several commands share,
declared once, that Typer still sees one by one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
from typer.testing import CliRunner

from dnsdoctor.cli.options import ReportArgs, ServerArgs, grouped


def _app(command: object) -> typer.Typer:
    app = typer.Typer()
    app.command("run")(command)  # type: ignore[arg-type]

    @app.callback()
    def _root() -> None:
        """A group, so that ``run`` is a sub-command."""

    return app


def test_a_group_becomes_its_options_in_place() -> None:
    seen: list[tuple[str, int, ReportArgs]] = []

    @grouped
    def command(
        name: Annotated[str, typer.Argument()],
        *,
        report: ReportArgs,
        count: Annotated[int, typer.Option("--count")] = 1,
    ) -> None:
        seen.append((name, count, report))

    result = CliRunner().invoke(
        _app(command), ["run", "x", "-f", "json", "--strict", "--count", "2"]
    )
    assert result.exit_code == 0, result.output
    assert seen == [("x", 2, ReportArgs(fmt="json", strict=True))]
    help_text = CliRunner().invoke(_app(command), ["run", "--help"]).output
    # the group's options stand where the group stands, before the command's own
    assert help_text.index("--format") < help_text.index("--lang") < help_text.index("--count")


Resolver = Annotated[list[str] | None, typer.Option("--resolver", help="only the probe")]


@dataclass(frozen=True)
class Mine(ServerArgs):
    resolver: Resolver = None


def test_a_subclass_changes_an_option_and_keeps_its_place() -> None:
    seen: list[ServerArgs] = []

    @grouped
    def command(*, servers: Mine) -> None:
        seen.append(servers)

    result = CliRunner().invoke(_app(command), ["run", "--resolver", "192.0.2.1", "--no-public"])
    assert result.exit_code == 0, result.output
    assert seen == [Mine(resolver=["192.0.2.1"], no_public=True)]
    help_text = CliRunner().invoke(_app(command), ["run", "--help"]).output
    assert "only the probe" in help_text
    assert help_text.index("--dns-port") < help_text.index("--resolver") < help_text.index("--ntp")

"""``dnsdoctor demo [NAME]``: dnsdoctor against a simulated internet on loopback.

The only part of the product that imports the lab (:mod:`dnsdoctor.lab`), and only when it runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from dnsdoctor.cli.common import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    QUIET_OUTPUT,
    Interrupted,
    UsageError,
    detect_lang,
)
from dnsdoctor.cli.options import FormatOpt, LangOpt, VerboseOpt
from dnsdoctor.cli.text import h, msg

if TYPE_CHECKING:
    from dnsdoctor.lab.scenarios import Scenario


def demo_command(
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
    from dnsdoctor.core.secrets import redact

    built = scenario.build()
    env = {**built.env, "DNSDOCTOR_LOOPBACK_ONLY": "1"}  # the demo never leaves loopback
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    if announce:
        typer.echo(redact(f"# demo {scenario.name}: dnsdoctor {' '.join(built.argv)}"), err=True)
    try:
        with built.world:
            from dnsdoctor.cli.program import invoke

            return invoke([*built.argv, *extra])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _demo_tour(scenarios: list[Scenario], lang: str) -> int:
    """Every scenario in one line each: the cause it finds first. Exit 0 when every scenario was
    diagnosed as expected - a check that the demo, and the diagnosis, work on this machine."""
    QUIET_OUTPUT.append(True)
    try:
        return _tour(scenarios, lang)
    finally:
        QUIET_OUTPUT.pop()


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
            if causes:
                said = causes[0]["title"]
            elif code == EXIT_INTERNAL:  # not "nothing wrong": the run did not finish its checks
                said = h("demo_unfinished", lang).format(code=code, name=scenario.name)
            else:
                said = h("demo_nothing", lang)
            typer.echo(f"{'✓' if ok else '✗'} {scenario.name:24} {said}")
    typer.echo(h("demo_tour_ok", lang) if not failures else h("demo_tour_failed", lang))
    return EXIT_OK if not failures else EXIT_FINDINGS

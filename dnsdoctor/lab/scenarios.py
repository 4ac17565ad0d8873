"""The demo scenarios: each builds a world on loopback and says which command to run against it.

Scenario modules (``scenarios_dns``, ``scenarios_clock``, ...) register themselves; :func:`all_scenarios`
imports them. ``dnsdoctor demo NAME`` and the end-to-end tests use the very same scenarios.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from dnsdoctor.lab.world import World

_MODULES = (
    "dnsdoctor.lab.scenarios_dns",
    "dnsdoctor.lab.scenarios_resolvers",
    "dnsdoctor.lab.scenarios_clock",
    "dnsdoctor.lab.scenarios_creds",
    "dnsdoctor.lab.scenarios_alidns",
    "dnsdoctor.lab.scenarios_preflight",
    "dnsdoctor.lab.scenarios_alidns_preflight",
    "dnsdoctor.lab.scenarios_path",
    "dnsdoctor.lab.scenarios_caa",
    "dnsdoctor.lab.scenarios_dnssec",
)


@dataclass
class Demo:
    world: World
    argv: list[str]
    """dnsdoctor's command line to run against the world (without the program name)."""
    env: dict[str, str] = field(default_factory=dict)
    """Environment variables to set while the command runs (credentials, HOME)."""


@dataclass(frozen=True)
class Scenario:
    name: str
    summary: dict[str, str]
    """One line per language."""
    build: Callable[[], Demo]
    first_code: str | None
    """The finding code the report must name first (``None``: a healthy world, no finding)."""
    exit_code: int = 1
    slow: bool = False
    """Takes half a minute or more (a server that lags 30 s): left out of ``demo --all``."""


_SCENARIOS: dict[str, Scenario] = {}


def register(scenario: Scenario) -> Scenario:
    if scenario.name in _SCENARIOS:
        raise ValueError(f"scenario {scenario.name} registered twice")
    _SCENARIOS[scenario.name] = scenario
    return scenario


def all_scenarios() -> dict[str, Scenario]:
    for module in _MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return dict(_SCENARIOS)

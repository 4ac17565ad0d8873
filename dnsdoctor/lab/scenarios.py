"""The demo scenarios: each builds a world on loopback and says which command to run against it.

Scenario modules register their scenarios when imported; :func:`all_scenarios` finds and imports
them, so adding scenarios touches no list here:

- every ``scenarios_*`` module of :mod:`dnsdoctor.lab` (``scenarios_dns``, ``scenarios_alidns``);
- the modules a registered provider names in :attr:`Provider.demo_scenarios
  <dnsdoctor.providers.base.Provider.demo_scenarios>` (a provider whose folder lives outside this
  package brings its scenarios with it).

The listing (``demo --list``, ``demo --all``, docs/scenarios.md) is in a fixed order whichever
module was imported first: a module's scenarios in the order it registers them, the modules by
their ``ORDER`` (those without one after the others, by name), then the providers' modules in the
registry's order. ``dnsdoctor demo NAME`` and the end-to-end tests use the very same scenarios.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from dnsdoctor.lab.world import World

PREFIX = "scenarios_"
"""The names of the lab's scenario modules."""
LAST = 1_000_000
"""The ``ORDER`` of a scenario module that declares none."""


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
_ORIGINS: dict[str, str] = {}
"""Scenario name → the module that registered it (:func:`register`)."""


def register(scenario: Scenario) -> Scenario:
    """Add a scenario to the demo; called by a scenario module as it is imported."""
    if scenario.name in _SCENARIOS:
        raise ValueError(f"scenario {scenario.name} registered twice")
    _SCENARIOS[scenario.name] = scenario
    _ORIGINS[scenario.name] = _importing_module()
    return scenario


def _importing_module() -> str:
    """The module whose import is running (its top-level code is on the stack): the one the
    scenario belongs to, also when a helper of another module calls :func:`register` for it
    (``scenarios_creds.register_all``, called by ``scenarios_alidns``)."""
    frame = inspect.currentframe()
    while frame is not None and frame.f_code.co_name != "<module>":
        frame = frame.f_back
    return str(frame.f_globals.get("__name__", "")) if frame is not None else ""


def scenario_modules() -> list[str]:
    """Every scenario module, in the listing's order (see the module's docstring)."""
    from dnsdoctor import lab, providers

    found = [
        f"{lab.__name__}.{info.name}"
        for info in pkgutil.iter_modules(lab.__path__)
        if info.name.startswith(PREFIX)
    ]
    ranked = sorted(found, key=lambda m: (getattr(importlib.import_module(m), "ORDER", LAST), m))
    for provider in providers.all_providers():
        ranked += [m for m in provider.demo_scenarios if m not in ranked]
    return ranked


def all_scenarios() -> dict[str, Scenario]:
    """Every scenario of :func:`scenario_modules`, in their order (imported here)."""
    modules = scenario_modules()
    for module in modules:
        importlib.import_module(module)
    rank = {module: i for i, module in enumerate(modules)}
    # a scenario of a module no longer in the list (a provider taken out of the registry) is left out
    listed = [
        (rank[_ORIGINS[name]], i, s)
        for i, (name, s) in enumerate(_SCENARIOS.items())
        if _ORIGINS[name] in rank
    ]
    return {s.name: s for _, _, s in sorted(listed, key=lambda item: item[:2])}

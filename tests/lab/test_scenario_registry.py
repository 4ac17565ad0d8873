"""The demo's scenario registry finds the lab's scenario modules by name (``scenarios_*``), so a
new provider's scenarios need no edit of :mod:`dnsdoctor.lab.scenarios`, and lists them in one
order whichever module was imported first (``demo --list``, ``demo --all``, docs/scenarios.md)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dnsdoctor import lab
from dnsdoctor.lab import scenarios
from dnsdoctor.lab.scenarios import all_scenarios, scenario_modules

LAB = Path(lab.__file__).parent


def test_every_scenario_module_of_the_lab_is_found_in_its_order() -> None:
    files = sorted(p.stem for p in LAB.glob("scenarios_*.py"))
    modules = scenario_modules()
    assert sorted(m.rpartition(".")[2] for m in modules) == files
    orders = [sys.modules[m].ORDER for m in modules]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert modules[:4] == [
        "dnsdoctor.lab.scenarios_dns",
        "dnsdoctor.lab.scenarios_resolvers",
        "dnsdoctor.lab.scenarios_clock",
        "dnsdoctor.lab.scenarios_creds",
    ]


def _names_after_importing(*first: str) -> list[str]:
    """The registry's names in a fresh interpreter that imported ``first`` before asking."""
    code = "".join(f"import {m}\n" for m in first)
    code += "from dnsdoctor.lab.scenarios import all_scenarios\nprint(*all_scenarios())\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


def test_the_order_does_not_depend_on_what_was_imported_first() -> None:
    plain = _names_after_importing()
    assert plain == list(all_scenarios())
    later_first = _names_after_importing(
        "dnsdoctor.lab.scenarios_dnssec", "dnsdoctor.lab.scenarios_alidns_preflight"
    )
    assert later_first == plain
    # a module's scenarios stay together: Alibaba's credential scenarios (registered through
    # scenarios_creds' helper) come after Tencent's, before the pre-flight ones
    assert plain.index("creds-healthy") < plain.index("alidns-healthy")
    assert plain.index("alidns-acme-sh-space") < plain.index("preflight-healthy")
    assert plain[0] == "healthy" and plain[-1] == "dnssec-rrsig-expired"


NEW_MODULE = """
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.world import World

register(Scenario("{name}", {{"en": "new", "zh": "新"}}, lambda: Demo(World(), ["version"]), None, 0))
"""


@pytest.fixture
def new_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A second folder of the lab package, for scenario modules written by the test."""
    monkeypatch.setattr(lab, "__path__", [*lab.__path__, str(tmp_path)])
    monkeypatch.setattr(scenarios, "_SCENARIOS", dict(scenarios._SCENARIOS))
    monkeypatch.setattr(scenarios, "_ORIGINS", dict(scenarios._ORIGINS))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("dnsdoctor.lab.scenarios_new")]:
        del sys.modules[name]
        delattr(lab, name.rpartition(".")[2])


def test_a_new_scenario_module_is_found_without_an_edit(new_modules: Path) -> None:
    """A module without ``ORDER`` comes after the ordered ones (by name); one with it, in place."""
    before = list(all_scenarios())
    (new_modules / "scenarios_new_b.py").write_text(NEW_MODULE.format(name="new-b"))
    (new_modules / "scenarios_new_a.py").write_text(NEW_MODULE.format(name="new-a"))
    (new_modules / "scenarios_new_c.py").write_text(
        NEW_MODULE.format(name="new-c") + "ORDER = 15\n"
    )
    names = list(all_scenarios())
    assert names[-2:] == ["new-a", "new-b"]
    dns = [n for n, origin in scenarios._ORIGINS.items() if origin.endswith(".scenarios_dns")]
    assert names.index("new-c") == len(dns)  # after scenarios_dns (10), before resolvers (20)
    assert [n for n in names if not n.startswith("new-")] == before


def test_a_name_registered_twice_is_refused(new_modules: Path) -> None:
    (new_modules / "scenarios_new_twice.py").write_text(NEW_MODULE.format(name="healthy"))
    with pytest.raises(ValueError, match="scenario healthy registered twice"):
        all_scenarios()

"""`dnsdoctor demo --all`: one line per scenario, exit 0 only when every diagnosis is expected."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from dnsdoctor.cli.demo import _demo_tour
from dnsdoctor.lab.scenarios import all_scenarios


def test_the_tour_diagnoses_every_scenario_as_expected(cli: Any) -> None:
    code, out, _report, _err = cli("demo", "--all", "--lang", "en")
    lines = [line for line in out.splitlines() if line[:1] in ("✓", "✗")]
    fast = [s for s in all_scenarios().values() if not s.slow]
    assert [line.split()[1] for line in lines] == [s.name for s in fast]
    assert all(line.startswith("✓") for line in lines), out
    assert code == 0 and "Every scenario was diagnosed as expected" in out
    assert not any(s.name in out for s in all_scenarios().values() if s.slow)


def test_a_wrong_diagnosis_is_marked_and_fails_the_tour(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")
    lagging = all_scenarios()["lagging"]
    wrong = dataclasses.replace(lagging, first_code="DNS_SERVER_LAME")
    assert _demo_tour([lagging, wrong], "zh") == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("✓ lagging")
    assert out.splitlines()[1].startswith("✗ lagging")
    assert "部分场景的诊断与预期不符" in out

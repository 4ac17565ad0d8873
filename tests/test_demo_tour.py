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


def test_each_scenario_of_the_tour_has_its_own_budget(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tour runs every scenario in one process: a scenario's --timeout counts from its own
    # start, not from the tour's (a slow machine took the late ones past 30 s: "crashed")
    import time

    from dnsdoctor.cli import common

    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")
    saved = common.started[:]
    common.started[:] = [time.monotonic() - 3600.0]  # the tour began an hour ago
    try:
        assert _demo_tour([all_scenarios()["lagging"]], "en") == 0, capsys.readouterr().out
        assert common.started[0] < time.monotonic() - 3000  # the tour's own start is kept
    finally:
        common.started[:] = saved


def test_a_scenario_that_did_not_finish_is_not_called_healthy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dnsdoctor.cli import demo

    monkeypatch.setattr(demo, "_run_scenario", lambda *a, **k: 3)  # a check crashed: no report
    assert _demo_tour([all_scenarios()["lagging"]], "zh") == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("✗ lagging") and "未发现问题" not in line
    assert "退出码 3" in line and "dnsdoctor demo lagging" in line

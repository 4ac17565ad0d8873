"""The interface details of issue 12 (items 8-11): Ctrl-C, copyable commands, languages, usage
lines, pipes, and the messages around a report. Subprocess tests run ``python -m dnsdoctor`` as a
user would (signals, pipes and terminals are not what CliRunner simulates)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT_DIR = Path(__file__).resolve().parents[1]


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dnsdoctor", *args],
        cwd=ROOT_DIR,
        env={
            **os.environ,
            "DNSDOCTOR_LOOPBACK_ONLY": "1",
            "PYTHONPATH": str(ROOT_DIR),
            **(env or {}),
        },
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # no controlling terminal, as under cron or CI
    )


def read_line(stream: object, deadline: float) -> str:
    """One line from a pipe, or "" when the deadline passed (a test never hangs on a pipe)."""
    fd = stream.fileno()  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            return stream.readline()  # type: ignore[attr-defined,no-any-return]
    return ""


# ============================================================================ 8: Ctrl-C


def test_ctrl_c_stops_the_demo_tour_at_once() -> None:
    proc = spawn("demo", "--all", "--lang", "en")
    deadline = time.monotonic() + 120
    first = ""
    while not first.startswith(("✓", "✗")) and time.monotonic() < deadline:
        first = read_line(proc.stdout, deadline)
    assert first, "the tour printed no line"
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    took = time.monotonic() - t0
    lines = [line for line in (first + out).splitlines() if line[:1] in ("✓", "✗")]
    assert proc.returncode == 130, (out, err)
    assert "dnsdoctor: interrupted" in err and "Traceback" not in err
    assert took < 5.0  # not the rest of the tour
    assert "diagnosed as expected" not in out and "✗" not in out  # no verdict on a broken tour
    assert len(lines) < 10


@pytest.mark.parametrize(("lang", "said"), [("en", "dnsdoctor: interrupted"), ("zh-CN", "已中断")])
def test_ctrl_c_stops_one_scenario_and_says_so(lang: str, said: str) -> None:
    proc = spawn("demo", "unreachable", "--lang", lang)  # a server that never answers: slow
    deadline = time.monotonic() + 60
    header = read_line(proc.stderr, deadline)
    assert header.startswith("# demo unreachable"), header
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert said in err and "Traceback" not in err
    assert "Verdict" not in out and "结论" not in out  # no report of a run cut short

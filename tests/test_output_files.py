"""Files the user names: ``--output`` is checked before any network work, written atomically with
mode 0600 and never through a symlink; ``explain --log`` reads only a regular file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.lab.internet import TOKEN, DemoInternet

ROOT_DIR = Path(__file__).resolve().parents[1]
Cli = Callable[..., Any]


@pytest.fixture
def no_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any run of the checks (or of a preflight) is recorded, and stopped before the network."""
    ran: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        ran.append("run")
        raise AssertionError("the checks ran although --output cannot be written")

    monkeypatch.setattr("dnsdoctor.engine.run.run", refuse)
    monkeypatch.setattr("dnsdoctor.preflight.engine.Preflight.run", refuse)
    return ran


def _bad_targets(tmp_path: Path) -> dict[str, tuple[str, str]]:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "dir").mkdir()
    return {
        "symlink": (str(link), "is a symlink"),
        "dangling symlink": (str(dangling), "is a symlink"),
        "no such directory": (str(tmp_path / "missing" / "r.json"), "no such directory"),
        "a directory": (str(tmp_path / "dir"), "is a directory"),
        "a FIFO": (str(fifo), "is a FIFO"),
        "a file as directory": (str(victim / "r.json"), "Not a directory"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "symlink",
        "dangling symlink",
        "no such directory",
        "a directory",
        "a FIFO",
        "a file as directory",
    ],
)
@pytest.mark.parametrize("command", ["check", "creds", "clock", "preflight"])
def test_an_unwritable_output_is_a_usage_error_before_the_run(
    cli: Cli, tmp_path: Path, no_run: list[str], case: str, command: str
) -> None:
    targets = _bad_targets(tmp_path)
    path, reason = targets[case]
    argv = {
        "check": ["check", "example.com"],
        "creds": ["creds", "example.com", "--provider", "tencentcloud"],
        "clock": ["clock"],
        "preflight": ["preflight", "example.com", "--no-write-probe", "--provider", "none"],
    }[command]
    run = cli(*argv, "-f", "json", "-o", path)
    assert run.exit_code == 2, run
    assert no_run == []
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dnsdoctor: --output {path}: "), run.stderr
    assert reason in lines[0]
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert (tmp_path / "victim").read_text() == "precious\n"
    assert not (tmp_path / "nowhere").exists()


def test_the_report_replaces_a_file_atomically_with_mode_0600(
    cli: Cli, net: DemoInternet, tmp_path: Path
) -> None:
    net.set_txt(TOKEN, servers=(net.ns1,))
    out = tmp_path / "report.json"
    out.write_text("old report\n")
    os.chmod(out, 0o644)
    before = os.stat(out).st_ino
    saved = os.umask(0o022)
    try:
        run = cli(*net.check_argv(expect=(TOKEN,)), "-f", "json", "-o", str(out))
    finally:
        os.umask(saved)
    assert run.exit_code == 1 and run.stdout == ""
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert os.stat(out).st_ino != before  # a new file renamed over the old one
    assert out.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temp file left
    fresh = tmp_path / "fresh.md"
    run = cli(*net.check_argv(expect=(TOKEN,)), "-f", "markdown", "-o", str(fresh))
    assert run.exit_code == 1 and stat.S_IMODE(os.stat(fresh).st_mode) == 0o600


def test_explain_log_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "log"
    os.mkfifo(fifo)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dnsdoctor", "explain", "--log", str(fifo)],
            cwd=ROOT_DIR,
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("`explain --log FIFO` blocked waiting for a writer")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"dnsdoctor: --log {fifo}: not a regular file (a FIFO)"


def test_system_file_readers_refuse_a_fifo(tmp_path: Path) -> None:
    """resolv.conf and the clock's configuration files: a FIFO there must not hang the check."""
    import threading

    from dnsdoctor.checks.clock import platform as clock_platform
    from dnsdoctor.checks.resolvers import sources as resolver_sources

    fifo = tmp_path / "resolv.conf"
    os.mkfifo(fifo)
    box: list[Any] = []

    def read() -> None:
        box.append(resolver_sources.read_resolv_conf(str(fifo)))
        box.append(clock_platform._read_file(str(fifo)))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # release the blocked reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("a reader blocked on a FIFO")
    conf, text = box
    assert conf.nameservers == () and "not a regular file (a FIFO)" in conf.problems[0]
    assert text is None


@pytest.mark.parametrize("command", ["check", "creds", "preflight"])
def test_a_bad_output_is_refused_before_the_key_is_asked_for(
    cli: Cli, tmp_path: Path, no_run: list[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Typing a SecretKey only to learn that the report cannot be written wastes the key's trip
    through the terminal: --output is checked first."""
    import getpass

    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "k" * 32)
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "elsewhere")
    extra = ["--no-write-probe"] if command == "preflight" else []
    sid = "AKID" + "x" * 32
    run = cli(command, "example.com", *extra, "--secret-id", sid, "--ask", "-o", str(link))
    assert run.exit_code == 2, run
    assert (
        run.stderr.strip()
        == f"dnsdoctor: --output {link}: is a symlink (refused: name the file it points to)"
    )
    assert asked == [] and no_run == []

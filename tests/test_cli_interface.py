"""The interface details of issue 12 (items 8-11): Ctrl-C, copyable commands, languages, usage
lines, pipes, and the messages around a report. Subprocess tests run ``python -m dnsdoctor`` as a
user would (signals, pipes and terminals are not what CliRunner simulates)."""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import select
import signal
import subprocess
import sys
import time
from html import unescape as html_unescape
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from dnsdoctor.cli.preflight import help_text
from dnsdoctor.cli.text import h
from dnsdoctor.core.model import (
    CheckResult,
    Finding,
    FindingSpec,
    Report,
    RootCause,
    Severity,
    Status,
)
from dnsdoctor.engine.catalog import all_checks, all_specs
from dnsdoctor.report.console import render_console
from dnsdoctor.report.markdown import render_markdown

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


# ============================================================================ 9: commands


POLICY_COMMAND = (
    "tccli cam CreatePolicy --PolicyName dnsdoctor-acme-dns01 --PolicyDocument "
    '\'{"version":"2.0","statement":[{"effect":"allow","action":["dnspod:DescribeRecordList",'
    '"dnspod:CreateRecord","dnspod:DeleteRecord"],"resource":["*"]}]}\' '
    "--Description 'ACME DNS-01 via DNSPod'"
)


def command_report() -> Report:
    spec = FindingSpec(
        code="TEST_POLICY",
        family="creds",
        severity=Severity.ERROR,
        title={"en": "The key may not create records", "zh": "该密钥不能创建记录"},
        meaning={"en": "m", "zh": "m"},
        remedy={"en": "Attach this policy to the key's user.", "zh": "给密钥所属用户附加此策略。"},
    )
    finding = Finding(spec, commands=(POLICY_COMMAND, "tccli cam AttachUserPolicy"))
    return Report(
        command="check",
        targets=["example.com"],
        results=[CheckResult("creds.permissions", "creds", Status.FAIL, [finding])],
        started_at="2026-12-01T08:00:00+00:00",
        duration=0.1,
        root_causes=[RootCause(finding, [])],
    )


@pytest.mark.parametrize("width", [40, 80, 100, 300])
@pytest.mark.parametrize("verbose", [False, True])
def test_console_prints_each_command_on_one_unwrapped_line(width: int, verbose: bool) -> None:
    out = StringIO()
    render_console(command_report(), Console(width=width, file=out, no_color=True), "en", verbose)
    lines = out.getvalue().splitlines()
    assert "    $ " + POLICY_COMMAND in lines  # under the cause
    assert "      $ " + POLICY_COMMAND in lines  # under its check
    assert all(not line.strip().startswith("dnspod:") for line in lines)


def test_markdown_puts_commands_in_code_blocks() -> None:
    text = render_markdown(command_report())
    block = f"     ```sh\n     {POLICY_COMMAND}\n     tccli cam AttachUserPolicy\n     ```\n"
    assert block in text  # under the root cause
    assert f"```sh\n{POLICY_COMMAND}\ntccli cam AttachUserPolicy\n```\n" in text  # in its details
    assert f"`{POLICY_COMMAND}`" not in text
    from markdown_it import MarkdownIt  # Rich's own Markdown parser

    html = MarkdownIt().render(text)
    blocks = re.findall(r'<code class="language-sh">(.*?)</code>', html, re.S)
    assert len(blocks) == 2
    assert all(html_unescape(b).splitlines()[0] == POLICY_COMMAND for b in blocks)


# ============================================================================ 11: help and usage


def test_top_level_help_shows_whole_command_descriptions(cli: Any) -> None:
    run = cli("--help", env={"COLUMNS": "100"})
    assert run.exit_code == 0
    said = " ".join(run.stdout.split("Commands:")[1].split())
    assert "..." not in said
    for key in ("cmd.check", "cmd.watch", "cmd.explain"):
        assert h(key, "en") in said, key
    assert " ".join(help_text("cmd.preflight").split()) in said


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("check", "check [OPTIONS] NAME..."),
        ("creds", "creds [OPTIONS] [DOMAIN...]"),
        ("explain", "explain [OPTIONS] [CODE]"),
        ("demo", "demo [OPTIONS] [SCENARIO]"),
        ("watch", "watch [OPTIONS] NAME"),
        ("preflight", "preflight [OPTIONS] DOMAIN..."),
        ("cleanup", "cleanup [OPTIONS] [DOMAIN]"),
        ("clock", "clock [OPTIONS]"),
    ],
)
def test_usage_lines_are_what_the_user_types(cli: Any, command: str, usage: str) -> None:
    run = cli(command, "--help", env={"COLUMNS": "100"})
    assert run.exit_code == 0
    first = run.stdout.splitlines()[0]
    assert first.endswith(usage), first
    assert not re.search(r"[{}]|<list|<str|\[str\]", run.stdout), run.stdout


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_list_checks_fits_the_terminal(cli: Any, columns: int, lang: str) -> None:
    run = cli("list-checks", "--lang", lang, env={"COLUMNS": str(columns)})
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= columns
    words = run.stdout.split()
    for chk in all_checks():
        assert chk.name in words
        assert all(s.code in words or f"{s.code}," in words for s in chk.specs)
    summary = all_checks()[0].summary["zh" if lang == "zh-CN" else "en"]
    assert "".join(summary.split()) in "".join(words)


def test_skip_lines_wrap_with_an_indent() -> None:
    reason = (
        "no Tencent Cloud credentials found (looked in: --secret-id, $TENCENTCLOUD_SECRET_ID, "
        "~/.tencentcloud/credentials, tccli profile default)"
    )
    report = Report(
        command="check",
        targets=["example.com"],
        results=[
            CheckResult("creds.lint", "creds", Status.SKIP, reason=reason),
            CheckResult("creds.identity", "creds", Status.SKIP, reason=reason),
            CheckResult("clock.offset", "clock", Status.SKIP, reason=reason),
            CheckResult("dns.txt[example.com]", "dns", Status.CRASH, reason=reason),
        ],
        started_at="2026-12-01T08:00:00+00:00",
        duration=0.1,
    )
    out = StringIO()
    render_console(report, Console(width=60, file=out, no_color=True), "en", False)
    lines = out.getvalue().splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith("[")]
    assert [lines[i][:4] for i in heads] == ["[-] ", "[-] ", "[✗] "]
    for i in heads:
        follow = lines[i + 1]
        assert follow.startswith("    ") and follow.strip(), lines  # indented, under the name
    assert all(len(line) <= 60 for line in lines)
    said = " ".join(" ".join(lines).split())
    assert said.count(reason) == 3


# ============================================================================ 11: pipes


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["list-checks"],
        ["explain"],
        ["explain", "DNS_SERIAL_LAG"],
        ["demo", "--list"],
        ["demo", "lagging"],
        ["demo", "lagging", "-f", "json"],
        ["demo", "lagging", "-f", "markdown", "--lang", "zh-CN"],
    ],
    ids=" ".join,
)
def test_a_reader_that_leaves_early_gets_no_traceback(args: list[str]) -> None:
    """``dnsdoctor … | head -1``, with the reader gone before the first write (the worst case)."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "dnsdoctor", *args],
            cwd=ROOT_DIR,
            env={**os.environ, "DNSDOCTOR_LOOPBACK_ONLY": "1", "PYTHONPATH": str(ROOT_DIR)},
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)
    said = [line for line in proc.stderr.splitlines() if not line.startswith("# demo ")]
    assert said == [], proc.stderr
    assert proc.returncode in (0, 1), proc.returncode  # never 120 (a failed flush) or 3


# ============================================================================ 11: messages


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "--ask needs a terminal"), ("zh-CN", "--ask 需要在终端中输入密钥")],
)
def test_ask_without_a_terminal_is_a_clean_usage_error(lang: str, said: str) -> None:
    proc = spawn("creds", "example.com", "--ask", "--lang", lang)  # no terminal at all
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dnsdoctor: ") and said in lines[0], err
    assert "Warning" not in err and "echo" not in err and not out


@pytest.mark.parametrize("name", ["user@example.com", "admin@例子.中国", "user@example.com:443"])
def test_an_email_address_is_a_usage_error(cli: Any, name: str) -> None:
    run = cli("check", name, "--no-clock", "--root", "127.0.0.1:9", "--timeout", "1")
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert "e-mail address" in run.stderr and not run.stdout
    zh = cli("check", name, "--no-clock", "--root", "127.0.0.1:9", "--lang", "zh-CN")
    assert zh.exit_code == 2 and "电子邮件地址" in zh.stderr


@pytest.mark.parametrize("args", [["demo", "lagging"], ["demo", "--all"], ["demo"]])
def test_demo_rejects_a_format_before_the_world_starts(
    cli: Any, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from dnsdoctor.lab import scenarios

    built: list[str] = []
    real = scenarios.all_scenarios

    def counting() -> dict[str, Any]:
        return {
            name: dataclasses.replace(s, build=lambda s=s: built.append(s.name) or s.build())
            for name, s in real().items()
        }

    monkeypatch.setattr(scenarios, "all_scenarios", counting)
    run = cli(*args, "--format", "xml")
    assert run.exit_code == 2, run.stderr
    assert run.stderr.splitlines() == ["dnsdoctor: --format 'xml': use rich, json or markdown"]
    assert built == []


def test_output_says_where_it_wrote(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt, lang, said in [
        ("json", "en", "report written to"),
        ("markdown", "zh-CN", "报告已写入"),
    ]:
        run = cli(
            "clock", "--ntp", "127.0.0.1:9", "--timeout", "1", "-f", fmt, "--lang", lang,
            "-o", "report.out",
        )  # fmt: skip
        assert run.stdout == ""
        lines = [line for line in run.stderr.splitlines() if line.startswith("dnsdoctor: ")]
        assert lines == [f"dnsdoctor: {said} {tmp_path / 'report.out'}"], run.stderr
        assert (tmp_path / "report.out").read_text(encoding="utf-8").strip()


@pytest.mark.parametrize(
    "args",
    [
        ["check", "example.com", "--root", "not-an-ip"],
        ["check", "example.com", "--root", "127.0.0.1:0"],
        ["check", "1.2.3.4"],
        ["check", "localhost"],
        ["check", "example.com", "-f", "html"],
        ["check", "example.com", "--select", "no-such-check"],
        ["check", "example.com", "--provider", "aws"],
        ["check", "example.com", "--tencent-site", "moon"],
        ["clock", "--ntp", ":123"],
        ["explain", "NO_SUCH_CODE"],
        ["explain", "SERIAL"],
        ["explain", "DNS_SERIAL_LAG", "--log", "-"],
        ["explain", "--log", "/nonexistent/file"],
        ["explain", "--log", "-", "-f", "yaml"],
        ["demo", "no-such-scenario"],
        ["watch", "example.com"],
        ["watch", "example.com", "--expect", ""],
        ["watch", "example.com", "--expect", "x", "-f", "markdown"],
        ["preflight", "example.com", "--provider", "none"],
        ["preflight", "example.com", "-f", "xml"],
        ["cleanup", "not a name"],
    ],
    ids=" ".join,
)
def test_usage_errors_speak_chinese(cli: Any, args: list[str]) -> None:
    run = cli(*args, "--lang", "zh-CN")
    assert run.exit_code == 2, (run.stdout, run.stderr)
    (line,) = [line for line in run.stderr.splitlines() if line.startswith("dnsdoctor: ")]
    assert re.search(r"[\u4e00-\u9fff]", line), line


# ============================================================================ 11: explain


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_explain_shows_no_raw_placeholder_and_says_what_each_one_is(cli: Any, lang: str) -> None:
    for code in sorted(all_specs()):
        run = cli("explain", code, "--lang", lang)
        assert run.exit_code == 0, code
        text, _, legend = run.stdout.partition("\n\n" + ("报告中" if lang == "zh-CN" else "In a"))
        assert not re.search(r"\{\w+\}", run.stdout), (code, run.stdout)
        shown = set(re.findall(r"<(\w+)>", text)) - {"token", "time", "domain"}
        listed = set(re.findall(r"^  <(\w+)>", legend, re.M))
        assert shown <= listed, (code, shown - listed)


def test_explain_says_what_the_placeholders_of_a_lag_are(cli: Any) -> None:
    out = cli("explain", "DNS_SERIAL_LAG").stdout
    assert "<server> lags behind: SOA serial <serial>, while <leader> has <latest>" in out
    legend = out.split("In a report, these are filled in:\n")[1]
    assert re.search(r"<leader>\s+the server with the newest SOA serial", legend)
    assert "a value from the run" not in legend


# ============================================================================ 11: skip reasons


def test_every_skip_carries_a_chinese_reason() -> None:
    """``raise Skip("english")`` alone would show English in a Chinese report: a lone argument
    is a Phrase (worded in the reader's language), never a string."""
    lonely = []
    for path in sorted((ROOT_DIR / "dnsdoctor").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Skip"
                and len(node.args) < 2
                and any(isinstance(a, ast.Constant | ast.JoinedStr) for a in node.args)
            ):
                lonely.append(f"{path.relative_to(ROOT_DIR)}:{node.lineno}")
    assert lonely == []


@pytest.mark.parametrize("scenario", ["lagging", "clock-unverifiable"])
def test_skip_reasons_follow_the_language(cli: Any, scenario: str) -> None:
    run = cli("demo", scenario, "--lang", "zh-CN", env={"COLUMNS": "200"})
    skipped = [line for line in run.stdout.splitlines() if "已跳过" in line]
    assert skipped, run.stdout
    for line in skipped:
        reason = line.split("已跳过: ", 1)[1]
        assert re.search(r"[\u4e00-\u9fff]", reason), line
    report = cli("demo", scenario, "--lang", "zh-CN", "-f", "json").json
    reasons = [c["reason"] for c in report["checks"] if c["status"] == "skip"]
    assert reasons and all(re.search(r"[\u4e00-\u9fff]", r) for r in reasons), reasons
    english = cli("demo", scenario, "-f", "json").json
    assert all(c["reason"].isascii() for c in english["checks"] if c["status"] == "skip")


def test_the_list_of_codes_names_severities_in_the_language(cli: Any) -> None:
    zh = cli("explain", "--lang", "zh-CN").stdout.splitlines()
    en = cli("explain").stdout.splitlines()
    assert len(zh) == len(en) == len(all_specs())
    assert {line.split()[1] for line in zh} <= {"错误", "警告", "提示"}
    assert {line.split()[1] for line in en} <= {"error", "warning", "info"}


def test_a_ctrl_c_that_a_library_wrapped_is_still_a_ctrl_c(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dnspython turns a KeyboardInterrupt landing while a zone is parsed into its own
    # SyntaxError ("<string>:36: "), the Ctrl-C kept as the cause: the user pressed Ctrl-C, so
    # it is "interrupted" (130), not "internal error" (3)
    import dns.exception
    import dns.zone

    from dnsdoctor.cli import demo

    def parse_interrupted(*_a: Any, **_k: Any) -> int:
        return dns.zone.from_text("@ 300 IN TXT \\", origin="example.com.")  # type: ignore[no-any-return]

    def ctrl_c_in_parse(*_a: Any, **_k: Any) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise dns.exception.SyntaxError("<string>:36: ") from exc

    monkeypatch.setattr(demo, "_run_scenario", ctrl_c_in_parse)
    code, _out, _report, err = cli("demo", "lagging")
    assert code == 130, err
    assert "interrupted" in err and "internal error" not in err
    # a real syntax error (no Ctrl-C behind it) stays an internal error
    monkeypatch.setattr(demo, "_run_scenario", parse_interrupted)
    code, _out, _report, err = cli("demo", "lagging")
    assert code == 3 and "internal error" in err

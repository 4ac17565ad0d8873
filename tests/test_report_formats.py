"""Exact output of every renderer for a small report built by hand (fixed times and environment).

The findings use specs defined here, so these tests pin the renderers' layout, not the wording of
any check.
"""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from rich.console import Console

from dnsdoctor import __version__
from dnsdoctor.core.model import (
    CheckResult,
    Evidence,
    Finding,
    FindingSpec,
    Report,
    RootCause,
    Severity,
    Status,
)
from dnsdoctor.report import render_text
from dnsdoctor.report.console import render_console
from dnsdoctor.report.json import render_json
from dnsdoctor.report.markdown import mask_domains, render_markdown


def spec(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    remedy: tuple[str, str],
    explains: tuple[str, ...] = (),
    cause: bool = True,
) -> FindingSpec:
    return FindingSpec(
        code=code,
        family="dns",
        severity=severity,
        title={"en": title[0], "zh": title[1]},
        meaning={"en": f"Meaning of {code}.", "zh": f"{code} 的含义。"},
        remedy={"en": remedy[0], "zh": remedy[1]},
        explains=explains,
        cause=cause,
    )


LAG = spec(
    "TEST_LAG",
    Severity.WARNING,
    ("{server} lags: serial {serial}", "{server} 落后：序列号 {serial}"),
    ("Wait for {server}.", "等待 {server}。"),
    explains=("TEST_MISSING",),
)
MISSING = spec(
    "TEST_MISSING",
    Severity.ERROR,
    ("{server} lacks the TXT at {name}", "{server} 在 {name} 上没有 TXT"),
    ("Create the TXT at {name}.", "在 {name} 创建 TXT。"),
)
NOTE = spec(
    "TEST_NOTE",
    Severity.INFO,
    ("{name} is a CNAME", "{name} 是 CNAME"),
    ("Nothing to do.", "无需处理。"),
)
EXTRA = spec(
    "TEST_EXTRA",
    Severity.WARNING,
    ("{count} old values at {name}", "{name} 上有 {count} 个旧值"),
    ("Delete them.", "删除它们。"),
    cause=False,  # hygiene: never a root cause, listed after the causes
)

NAME = "_acme-challenge.example.com"
ENVIRONMENT: dict[str, Any] = {
    "dnsdoctor": "0.1.0",
    "python": "3.11.7",
    "os": "Linux 6.1",
    "roots": "IANA root hints",
    "timeout_s": 30.0,
}


def problem_report() -> Report:
    lag = Finding(
        LAG,
        {"server": "ns2.example.net", "serial": 7},
        (Evidence("ns1.example.net", "serial 8"), Evidence("ns2.example.net", "serial 7")),
        subject="example.com|192.0.2.2",
        related=("example.com|192.0.2.2",),
    )
    missing = Finding(
        MISSING,
        {"server": "ns2.example.net", "name": NAME},
        (Evidence("ns2.example.net TXT", "NXDOMAIN"),),
        commands=(f"dig +norecurse @192.0.2.2 {NAME} TXT",),
        subject="example.com|192.0.2.2",
    )
    extra = Finding(EXTRA, {"count": 2, "name": NAME}, subject="example.com")
    note = Finding(NOTE, {"name": NAME}, subject="example.com")
    return Report(
        command="check",
        targets=["example.com"],
        results=[
            CheckResult("dns.delegation[example.com]", "dns", Status.PASS, [note], 0.0123),
            CheckResult("dns.serials[example.com]", "dns", Status.WARN, [lag], 0.0004),
            CheckResult("dns.txt[example.com]", "dns", Status.FAIL, [missing, extra], 0.5),
            CheckResult("clock.offset", "clock", Status.SKIP, reason="--no-clock given"),
            CheckResult(
                "dns.extra[example.com]",
                "dns",
                Status.CRASH,
                duration=1.0,
                reason="ValueError: a | b",
            ),
        ],
        started_at="2026-12-01T08:00:00+00:00",
        duration=1.2345,
        environment=dict(ENVIRONMENT),
        root_causes=[RootCause(lag, [missing])],
    )


def clean_report() -> Report:
    note = Finding(NOTE, {"name": NAME}, subject="example.com")
    return Report(
        command="check",
        targets=["example.com"],
        results=[
            CheckResult("dns.delegation[example.com]", "dns", Status.PASS, [note], 0.01),
            CheckResult("dns.txt[example.com]", "dns", Status.PASS, [], 0.02),
        ],
        started_at="2026-12-01T08:00:00+00:00",
        duration=0.5,
        environment=dict(ENVIRONMENT),
    )


def console_text(report: Report, lang: str = "en", verbose: bool = False) -> str:
    out = StringIO()
    render_console(report, Console(width=80, no_color=True, file=out), lang, verbose)
    return out.getvalue()


# ============================================================================ Rich


CONSOLE_EN = """\
✗ ns2.example.net lags: serial 7
  → Wait for ns2.example.net.
  ↳ explains: ns2.example.net lacks the TXT at _acme-challenge.example.com
    [TEST_MISSING]
! Worth fixing, not a cause of failure: 2 old values at
  _acme-challenge.example.com
  → Delete them.

[✓] dns.delegation[example.com]
  i _acme-challenge.example.com is a CNAME  [TEST_NOTE]
[!] dns.serials[example.com]
  ! ns2.example.net lags: serial 7  [TEST_LAG]
    → Wait for ns2.example.net.
[✗] dns.txt[example.com]
  ✗ ns2.example.net lacks the TXT at _acme-challenge.example.com  [TEST_MISSING]
    → Follows from TEST_LAG (the cause named above): fix that; nothing to do
      here on its own.
  ! 2 old values at _acme-challenge.example.com  [TEST_EXTRA]
    → Delete them.
[-] clock.offset — skipped: --no-clock given
[✗] dns.extra[example.com] — crashed: ValueError: a | b

Verdict: ERROR — issuance will fail
"""


def test_console_en() -> None:
    assert console_text(problem_report()) == CONSOLE_EN


CONSOLE_ZH = """\
✗ ns2.example.net 落后：序列号 7
  → 等待 ns2.example.net。
  ↳ 导致: ns2.example.net 在 _acme-challenge.example.com 上没有 TXT
    [TEST_MISSING]
! 建议处理（不会导致签发失败）: _acme-challenge.example.com 上有 2 个旧值
  → 删除它们。

[✓] dns.delegation[example.com]
  i _acme-challenge.example.com 是 CNAME  [TEST_NOTE]
[!] dns.serials[example.com]
  ! ns2.example.net 落后：序列号 7  [TEST_LAG]
    → 等待 ns2.example.net。
[✗] dns.txt[example.com]
  ✗ ns2.example.net 在 _acme-challenge.example.com 上没有 TXT  [TEST_MISSING]
    → 由上面的 TEST_LAG 导致：解决它即可，此项无需单独处理。
  ! _acme-challenge.example.com 上有 2 个旧值  [TEST_EXTRA]
    → 删除它们。
[-] clock.offset — 已跳过: --no-clock given
[✗] dns.extra[example.com] — 出错: ValueError: a | b

结论: 错误 — 签发将会失败
"""


def test_console_zh() -> None:
    assert console_text(problem_report(), "zh") == CONSOLE_ZH


CONSOLE_VERBOSE = """\
✗ ns2.example.net lags: serial 7
  → Wait for ns2.example.net.
  ↳ explains: ns2.example.net lacks the TXT at _acme-challenge.example.com
    [TEST_MISSING]
! Worth fixing, not a cause of failure: 2 old values at
  _acme-challenge.example.com
  → Delete them.

[✓] dns.delegation[example.com]
  i _acme-challenge.example.com is a CNAME  [TEST_NOTE]
    → Nothing to do.
    Meaning of TEST_NOTE.
[!] dns.serials[example.com]
  ! ns2.example.net lags: serial 7  [TEST_LAG]
    → Wait for ns2.example.net.
    Meaning of TEST_LAG.
      ns1.example.net: serial 8
      ns2.example.net: serial 7
[✗] dns.txt[example.com]
  ✗ ns2.example.net lacks the TXT at _acme-challenge.example.com  [TEST_MISSING]
    → Follows from TEST_LAG (the cause named above): fix that; nothing to do
      here on its own.
    Meaning of TEST_MISSING.
      ns2.example.net TXT: NXDOMAIN
  ! 2 old values at _acme-challenge.example.com  [TEST_EXTRA]
    → Delete them.
    Meaning of TEST_EXTRA.
[-] clock.offset — skipped: --no-clock given
[✗] dns.extra[example.com] — crashed: ValueError: a | b

Verdict: ERROR — issuance will fail
"""


def test_console_verbose_adds_meaning_and_evidence() -> None:
    assert console_text(problem_report(), verbose=True) == CONSOLE_VERBOSE


def test_console_nothing_wrong() -> None:
    assert console_text(clean_report()) == (
        "✓ Nothing wrong found.\n"
        "\n"
        "[✓] dns.delegation[example.com]\n"
        "  i _acme-challenge.example.com is a CNAME  [TEST_NOTE]\n"
        "[✓] dns.txt[example.com]\n"
        "\n"
        "Verdict: OK — nothing wrong found\n"
    )
    assert console_text(clean_report(), "zh").splitlines()[0] == "✓ 未发现问题。"
    assert console_text(clean_report(), "zh").splitlines()[-1] == "结论: 正常 — 未发现问题"


def test_console_never_interprets_rich_markup_from_the_world() -> None:
    report = clean_report()
    report.results[1].findings.append(
        Finding(NOTE, {"name": "[bold]x[/bold].example.com"}, subject="example.com")
    )
    assert "  i [bold]x[/bold].example.com is a CNAME  [TEST_NOTE]\n" in console_text(report)


# ============================================================================ JSON


def expected_json(lang: str = "en") -> dict[str, Any]:
    def finding(
        code: str,
        severity: str,
        subject: str,
        title: str,
        remedy: str,
        params: dict[str, str],
        evidence: tuple[tuple[str, str], ...] = (),
        commands: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        return {
            "code": code,
            "family": "dns",
            "severity": severity,
            "subject": subject,
            "title": title,
            "meaning": f"Meaning of {code}.",
            "remedy": remedy,
            "commands": list(commands),
            "evidence": [{"label": k, "value": v} for k, v in evidence],
            "params": params,
        }

    lag = finding(
        "TEST_LAG",
        "warning",
        "example.com|192.0.2.2",
        "ns2.example.net lags: serial 7",
        "Wait for ns2.example.net.",
        {"server": "ns2.example.net", "serial": "7"},
        (("ns1.example.net", "serial 8"), ("ns2.example.net", "serial 7")),
    )
    # Explained by TEST_LAG: its own remedy ("create the TXT") and commands give way to the cause.
    missing = finding(
        "TEST_MISSING",
        "error",
        "example.com|192.0.2.2",
        f"ns2.example.net lacks the TXT at {NAME}",
        "Follows from TEST_LAG (the cause named above): fix that; nothing to do here on its own.",
        {"server": "ns2.example.net", "name": NAME},
        (("ns2.example.net TXT", "NXDOMAIN"),),
    )
    missing["explained_by"] = {"code": "TEST_LAG", "subject": "example.com|192.0.2.2"}
    extra = finding(
        "TEST_EXTRA",
        "warning",
        "example.com",
        f"2 old values at {NAME}",
        "Delete them.",
        {"count": "2", "name": NAME},
    )
    note = finding(
        "TEST_NOTE", "info", "example.com", f"{NAME} is a CNAME", "Nothing to do.", {"name": NAME}
    )

    def check(
        name: str, family: str, status: str, duration: float, reason: str, found: list[Any]
    ) -> dict[str, Any]:
        return {
            "name": name,
            "family": family,
            "status": status,
            "duration_s": duration,
            "reason": reason,
            "findings": found,
        }

    return {
        "$schema": "https://dnsdoctor.dev/schema/report-v1.json",
        "schema_version": 1,
        "tool": {"name": "dnsdoctor", "version": __version__},
        "command": "check",
        "targets": ["example.com"],
        "language": lang,
        "started_at": "2026-12-01T08:00:00+00:00",
        "duration_s": 1.234,
        "verdict": "error",
        "root_causes": [
            {
                "code": "TEST_LAG",
                "severity": "warning",
                "subject": "example.com|192.0.2.2",
                "title": "ns2.example.net lags: serial 7",
                "remedy": "Wait for ns2.example.net.",
                "commands": [],
                "explains": ["TEST_MISSING"],
                "explained": [
                    {
                        "code": "TEST_MISSING",
                        "subject": "example.com|192.0.2.2",
                        "severity": "error",
                        "title": f"ns2.example.net lacks the TXT at {NAME}",
                        "remedy": None,
                    }
                ],
            },
        ],
        "hygiene": [
            {
                "code": "TEST_EXTRA",
                "severity": "warning",
                "subject": "example.com",
                "title": f"2 old values at {NAME}",
                "remedy": "Delete them.",
                "commands": [],
                "explained": [],
            },
        ],
        "checks": [
            check("dns.delegation[example.com]", "dns", "pass", 0.012, "", [note]),
            check("dns.serials[example.com]", "dns", "warn", 0.0, "", [lag]),
            check("dns.txt[example.com]", "dns", "fail", 0.5, "", [missing, extra]),
            check("clock.offset", "clock", "skip", 0.0, "--no-clock given", []),
            check("dns.extra[example.com]", "dns", "crash", 1.0, "ValueError: a | b", []),
        ],
        "environment": ENVIRONMENT,
    }


def test_json_exact() -> None:
    text = render_json(problem_report())
    assert json.loads(text) == expected_json()
    # key order, two-space indent, Unicode kept as is, one final newline
    assert text == json.dumps(expected_json(), ensure_ascii=False, indent=2) + "\n"
    assert render_text(problem_report(), "json") == text


def test_json_in_chinese_keeps_codes_and_translates_texts() -> None:
    data = json.loads(render_json(problem_report(), "zh"))
    assert data["language"] == "zh"
    assert [rc["code"] for rc in data["root_causes"]] == ["TEST_LAG"]
    assert [h["code"] for h in data["hygiene"]] == ["TEST_EXTRA"]
    assert data["root_causes"][0]["title"] == "ns2.example.net 落后：序列号 7"
    assert data["checks"][2]["findings"][0]["meaning"] == "TEST_MISSING 的含义。"
    assert "落后" in render_json(problem_report(), "zh")  # not \\u-escaped


# ============================================================================ Markdown


MARKDOWN_EN = """\
# dnsdoctor check: example.com

**Verdict: ERROR — issuance will fail**

## Root causes

1. **ns2.example.net lags: serial 7** (`TEST_LAG`, warning)
   - Fix: Wait for ns2.example.net.
   - Explains:
     - `TEST_MISSING`: ns2.example.net lacks the TXT at _acme-challenge.example.com

## Worth fixing, not a cause of failure

- **2 old values at _acme-challenge.example.com** (`TEST_EXTRA`, warning)
  - Fix: Delete them.

## Checks

| Check | Status | Findings |
|---|---|---|
| dns.delegation[example.com] | ✅ pass | TEST_NOTE |
| dns.serials[example.com] | ⚠️ warn | TEST_LAG |
| dns.txt[example.com] | ❌ fail | TEST_MISSING, TEST_EXTRA |
| clock.offset | ⏭️ skip | --no-clock given |
| dns.extra[example.com] | 💥 crash | ValueError: a \\| b |

## Details

### `TEST_NOTE` — _acme-challenge.example.com is a CNAME

Meaning of TEST_NOTE.

**Fix:** Nothing to do.

### `TEST_LAG` — ns2.example.net lags: serial 7

Meaning of TEST_LAG.

**Fix:** Wait for ns2.example.net.

```
ns1.example.net: serial 8
ns2.example.net: serial 7
```

### `TEST_MISSING` — ns2.example.net lacks the TXT at _acme-challenge.example.com

Meaning of TEST_MISSING.

**Fix:** Follows from TEST_LAG (the cause named above): fix that; nothing to do here on its own.

```
ns2.example.net TXT: NXDOMAIN
```

### `TEST_EXTRA` — 2 old values at _acme-challenge.example.com

Meaning of TEST_EXTRA.

**Fix:** Delete them.

## Environment

```
started_at: 2026-12-01T08:00:00+00:00
duration_s: 1.23
dnsdoctor: 0.1.0
python: 3.11.7
os: Linux 6.1
roots: IANA root hints
timeout_s: 30.0
```
"""


def test_markdown_en() -> None:
    assert render_markdown(problem_report()) == MARKDOWN_EN
    assert render_text(problem_report(), "markdown") == MARKDOWN_EN


def test_markdown_zh_headings() -> None:
    lines = render_markdown(problem_report(), "zh").splitlines()
    assert lines[2] == "**结论: 错误 — 签发将会失败**"
    assert lines[4] == "## 根本原因"
    assert lines[6] == "1. **ns2.example.net 落后：序列号 7** (`TEST_LAG`, 警告)"
    assert lines[7] == "   - 解决办法: 等待 ns2.example.net。"
    assert lines[8] == "   - 可解释:"
    assert (
        lines[9]
        == "     - `TEST_MISSING`: ns2.example.net 在 _acme-challenge.example.com 上没有 TXT"
    )
    assert "## 建议处理（不会导致签发失败）" in lines
    assert "| 检查 | 状态 | 发现 |" in lines
    assert "## 详情" in lines and "## 运行环境" in lines


def test_markdown_without_problems_has_no_root_causes_section() -> None:
    text = render_markdown(clean_report())
    assert "## Root causes" not in text
    assert text.startswith(
        "# dnsdoctor check: example.com\n\n**Verdict: OK — nothing wrong found**\n"
    )
    assert "| dns.txt[example.com] | ✅ pass |  |\n" in text


def test_markdown_with_redacted_domains() -> None:
    text = render_markdown(problem_report(), redact_domains=True)
    assert "example.com" not in text
    assert text.startswith("# dnsdoctor check: domain1.example\n")
    assert "ns2.example.net lacks the TXT at _acme-challenge.domain1.example" in text
    assert "ns2.example.net" in text  # other names stay: only the checked domains are masked


def test_mask_domains_masks_every_checked_name_and_the_names_under_it() -> None:
    text = "a.example.com b.EXAMPLE.org _acme-challenge.example.org example.com"
    assert mask_domains(text, ["*.example.com", "example.org"]) == (
        "a.domain1.example b.domain2.example _acme-challenge.domain2.example domain1.example"
    )


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render_text(problem_report(), "html")


# ============================================================================ secrets


def report_with_secret_evidence() -> Report:
    report = clean_report()
    report.results[1].findings.append(
        Finding(
            MISSING,
            {"server": "api", "name": NAME},
            (Evidence("SecretKey", "Zp3sEcReT-not-registered-9Qx", secret=True),),
            subject="example.com",
        )
    )
    return report


SECRET_BUG = (
    "Evidence.secret is documented as 'masked by every renderer' (model.py), but console.py, "
    "json.py and markdown.py print e.value as is; only values registered with secrets.register() "
    "or shaped like a SecretId are masked"
)


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown"])
def test_secret_evidence_is_masked_in_every_format(fmt: str) -> None:
    report = report_with_secret_evidence()
    text = console_text(report, verbose=True) if fmt == "rich" else render_text(report, fmt)
    assert "SecretKey" in text
    assert "Zp3sEcReT-not-registered-9Qx" not in text

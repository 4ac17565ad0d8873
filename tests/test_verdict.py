"""The verdict's words: a crash alone makes a run incomplete, not 'issuance will fail'."""

from __future__ import annotations

import io

from rich.console import Console

from dnsdoctor.core.model import CheckResult, Report, Severity, SpecMaker, Status
from dnsdoctor.report import render_text
from dnsdoctor.report.console import render_console

SPEC = SpecMaker("test")("TEST_ERROR", Severity.ERROR, ("x", "甲"), ("m", "乙"), ("r", "丙"))


def _report(*results: CheckResult) -> Report:
    return Report("check", ["example.com"], list(results), "2026-12-01T00:00:00+00:00", 1.0)


def _console(report: Report, lang: str = "en") -> str:
    out = io.StringIO()
    render_console(report, Console(file=out, width=100, no_color=True), lang)
    return out.getvalue()


def test_a_crash_alone_is_an_incomplete_error() -> None:
    report = _report(CheckResult("t.a", "test", Status.CRASH, reason="ValueError: boom"))
    assert report.verdict == "error" and report.verdict_key == "incomplete"
    assert "INCOMPLETE — a check crashed" in _console(report)
    assert "不完整" in _console(report, "zh")
    assert "INCOMPLETE" in render_text(report, "markdown")
    assert '"verdict": "error"' in render_text(report, "json")  # the schema's enum is unchanged


def test_an_error_finding_with_a_crash_says_issuance_will_fail() -> None:
    from dnsdoctor.core.model import Finding

    report = _report(
        CheckResult("t.a", "test", Status.CRASH, reason="ValueError: boom"),
        CheckResult("t.b", "test", Status.FAIL, [Finding(SPEC)]),
    )
    assert report.verdict_key == "error"
    assert "ERROR — issuance will fail" in _console(report)


def test_markdown_environment_lists_are_plain() -> None:
    report = _report()
    report.environment = {"roots": ["127.0.0.11:53", "127.0.0.12:53"]}
    assert "roots: 127.0.0.11:53, 127.0.0.12:53" in render_text(report, "markdown")

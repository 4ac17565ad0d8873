"""Renderers: one report model, several formats. The model knows nothing about them."""

from __future__ import annotations

from dnsdoctor.core.model import Report

FORMATS = ("rich", "json", "markdown")


def render_text(report: Report, fmt: str, lang: str = "en", *, redact_domains: bool = False) -> str:
    """JSON or Markdown as a string (the console renderer writes to a Rich console instead)."""
    if fmt == "json":
        from dnsdoctor.report.json import render_json

        return render_json(report, lang)
    if fmt == "markdown":
        from dnsdoctor.report.markdown import render_markdown

        return render_markdown(report, lang, redact_domains=redact_domains)
    raise ValueError(f"unknown format {fmt!r}")

"""The Markdown report for a support ticket: verdict, causes with remedies, checks, evidence,
environment. Secrets are masked; with ``redact_domains`` the names checked are masked too."""

from __future__ import annotations

import re

from dnsdoctor.core.diagnosis import hygiene_roots, symptom_remedy
from dnsdoctor.core.model import Report, Status
from dnsdoctor.core.secrets import printable
from dnsdoctor.redact import mask_domains, mask_for
from dnsdoctor.report.causes import remedy, shown_under
from dnsdoctor.report.i18n import t

__all__ = ["mask_domains", "render_markdown"]

_ICON = {
    Status.PASS: "✅",
    Status.WARN: "⚠️",
    Status.FAIL: "❌",
    Status.SKIP: "⏭️",
    Status.CRASH: "💥",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _commands(commands: tuple[str, ...], indent: str = "") -> list[str]:
    """Commands in a fenced block: copied whole, never reflowed or read as Markdown."""
    if not commands:
        return []
    longest = max((len(run) for c in commands for run in re.findall("`+", c)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{indent}{fence}sh", *(f"{indent}{c}" for c in commands), f"{indent}{fence}"]


def render_markdown(report: Report, lang: str = "en", *, redact_domains: bool = False) -> str:
    mask = mask_for(report) if redact_domains else None
    if mask is not None:
        report = mask.report(report)
    out: list[str] = []
    targets = ", ".join(report.targets)
    out.append(f"# dnsdoctor {report.command}: {targets}")
    out.append("")
    out.append(f"**{t('verdict', lang)}: {t('verdict.' + report.verdict_key, lang)}**")
    out.append("")
    if report.root_causes:
        out.append(f"## {t('root_causes', lang)}")
        out.append("")
        for i, (rc, symptoms) in enumerate(shown_under(report), 1):
            f = rc.finding
            out.append(f"{i}. **{f.title(lang)}** (`{f.code}`, {t('sev.' + f.level.label, lang)})")
            out.append(f"   - {t('fix', lang)}: {f.remedy(lang)}")
            out.extend(_commands(f.commands, "     "))  # under its Fix
            if symptoms:
                out.append(f"   - {t('explains', lang)}:")
            for s in symptoms:
                out.append(f"     - `{s.code}`: {s.title(lang)}")
                text = symptom_remedy(rc, s, lang)
                if text is not None:
                    out.append(f"       - {t('fix', lang)}: {text}")
        out.append("")
    hygiene = hygiene_roots(report)
    if hygiene:
        out.append(f"## {t('hygiene', lang)}")
        out.append("")
        for rc in hygiene:
            f = rc.finding
            out.append(f"- **{f.title(lang)}** (`{f.code}`, {t('sev.' + f.level.label, lang)})")
            out.append(f"  - {t('fix', lang)}: {f.remedy(lang)}")
            out.extend(_commands(f.commands, "    "))  # under its Fix
            if rc.explains:
                out.append(f"  - {t('explains', lang)}:")
            for s in rc.explains:
                out.append(f"    - `{s.code}`: {s.title(lang)}")
                text = symptom_remedy(rc, s, lang)
                if text is not None:
                    out.append(f"      - {t('fix', lang)}: {text}")
        out.append("")
    out.append(f"## {t('checks', lang)}")
    out.append("")
    out.append(f"| {t('check', lang)} | {t('status', lang)} | {t('findings', lang)} |")
    out.append("|---|---|---|")
    for r in report.results:
        codes = ", ".join(f.code for f in r.findings) or r.why(lang)
        out.append(f"| {_cell(r.check)} | {_ICON[r.status]} {r.status.value} | {_cell(codes)} |")
    out.append("")
    details = [(r, f) for r in report.results for f in r.findings]
    if details:
        out.append(f"## {t('details', lang)}")
        out.append("")
        for _r, f in details:
            out.append(f"### `{f.code}` — {f.title(lang)}")
            out.append("")
            out.append(f.meaning(lang))
            out.append("")
            text, own = remedy(report, f, lang)
            out.append(f"**{t('fix', lang)}:** {text}")
            out.append("")
            if f.commands and own:  # an explained finding's own commands give way to its cause
                out.extend(_commands(f.commands))
                out.append("")
            if f.evidence:
                out.append("```")
                out.extend(f"{e.label}: {e.shown}" for e in f.evidence)
                out.append("```")
                out.append("")
    out.append(f"## {t('environment', lang)}")
    out.append("")
    out.append("```")
    out.append(f"started_at: {report.started_at}")
    out.append(f"duration_s: {report.duration:.2f}")
    for k, v in report.environment.items():
        out.append(f"{k}: {', '.join(map(str, v)) if isinstance(v, list | tuple) else v}")
    out.append("```")
    text = printable("\n".join(out) + "\n", keep="\n")
    return mask.text(text) if mask is not None else text

"""The Markdown report for a support ticket: verdict, causes with remedies, checks, evidence,
environment. Secrets are masked; with ``redact_domains`` the names checked are masked too."""

from __future__ import annotations

import re

from dnsdoctor.diagnosis import hygiene_roots, symptom_remedy
from dnsdoctor.model import Report, Status
from dnsdoctor.report.causes import remedy, shown_under
from dnsdoctor.report.i18n import t
from dnsdoctor.secrets import printable

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
    if redact_domains:
        text = mask_domains(text, report.targets)
    return text


def mask_domains(text: str, targets: list[str]) -> str:
    """Replace the registered domain of every checked name, in Unicode and punycode, with a
    neutral placeholder (``www.example.com`` → ``www.domain1.example``)."""
    import dns.name

    from dnsdoctor.checks.creds import zone_for
    from dnsdoctor.targets import BadName, parse_target

    numbered: dict[str, int] = {}  # numbered in the order the targets name them
    for shown in targets:
        for part in shown.split(" + "):
            try:
                target = parse_target(part)
            except BadName:
                continue
            numbered.setdefault(zone_for(target), len(numbered) + 1)
    forms: list[tuple[str, int]] = []
    for domain, i in numbered.items():
        name = dns.name.from_text(domain)
        for form in {domain, name.to_text(True), name.to_unicode(True)}:
            forms.append((form, i))
    for form, i in sorted(forms, key=lambda f: (-len(f[0]), f[0])):  # longest first
        text = re.sub(re.escape(form), f"domain{i}.example", text, flags=re.IGNORECASE)
    return text

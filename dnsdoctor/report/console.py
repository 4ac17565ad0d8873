"""The terminal report (Rich): the cause first, in words a tired operator reads once; then the
checks; evidence with ``-v``. Only this module and the CLI import Rich."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from dnsdoctor.core.diagnosis import hygiene_roots, symptom_remedy
from dnsdoctor.core.model import Finding, Report, RootCause, Severity, Status
from dnsdoctor.core.secrets import printable
from dnsdoctor.report.causes import remedy, shown_under
from dnsdoctor.report.i18n import t

_SEV_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEV_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}
_STATUS = {
    Status.PASS: ("✓", "green"),
    Status.WARN: ("!", "yellow"),
    Status.FAIL: ("✗", "red"),
    Status.SKIP: ("-", "dim"),
    Status.CRASH: ("✗", "magenta"),
}


def _line(console: Console, text: str, style: str = "") -> None:
    """One line of the report; when it wraps, the continuation keeps the line's indent (and lines
    up after a leading mark such as "✗ " or "→ ")."""
    body = text.lstrip(" ")
    indent = len(text) - len(body)
    hang = 2 if body[:2] in ("✗ ", "! ", "i ", "✓ ", "→ ", "↳ ") else 0
    if body[:1] == "[" and body[2:4] == "] ":  # a check's line: "[-] clock.offset — skipped: …"
        hang = 4
    if body[:2] == "$ ":
        # A command is copied and pasted: never wrapped (a terminal folds it for the eye, and
        # a copy of the folded line is still one line), whatever the width, also in a pipe.
        console.print(Text(printable(text), style=style), soft_wrap=True)
        return
    if not indent and not hang:
        console.print(Text(printable(text), style=style), soft_wrap=False)
        return
    content = Text(printable(body[hang:]), style=style)
    width = max(20, console.width - indent - hang)
    for i, piece in enumerate(content.wrap(console, width)):
        piece.rstrip()
        lead = " " * indent + (body[:hang] if i == 0 else " " * hang)
        console.print(Text(lead, style=style) + piece, soft_wrap=True)


def _finding(
    console: Console, report: Report, f: Finding, lang: str, verbose: bool, indent: str = "  "
) -> None:
    mark = _SEV_MARK[f.level]
    _line(console, f"{indent}{mark} {f.title(lang)}  [{f.code}]", _SEV_STYLE[f.level])
    if verbose or f.level >= Severity.WARNING:
        text, own = remedy(report, f, lang)
        _line(console, f"{indent}  → {text}")
        for cmd in f.commands if own else ():
            _line(console, f"{indent}    $ {cmd}", "bold")
    if verbose:
        _line(console, f"{indent}  {f.meaning(lang)}", "dim")
        for e in f.evidence:
            _line(console, f"{indent}    {e.label}: {e.shown}", "dim")


def _cause(console: Console, rc: RootCause, symptoms: list[Finding], lead: str, lang: str) -> None:
    """A cause, its remedy and commands, then the symptoms it explains (titles, and a remedy only
    where the cause's spec gives one for them)."""
    f = rc.finding
    # A cause is marked as grave as the worst symptom it explains.
    level = max([f.level, *(s.level for s in rc.explains)])
    _line(console, f"{_SEV_MARK[level]} {lead}{f.title(lang)}", _SEV_STYLE[level])
    _line(console, f"  → {f.remedy(lang)}")
    for cmd in f.commands:
        _line(console, f"    $ {cmd}", "bold")
    for s in symptoms:
        _line(console, f"  ↳ {t('explained', lang)}: {s.title(lang)}  [{s.code}]", "dim")
        text = symptom_remedy(rc, s, lang)
        if text is not None:
            _line(console, f"      → {text}")


def render_console(
    report: Report, console: Console, lang: str = "en", verbose: bool = False
) -> None:
    under = shown_under(report)
    for i, (rc, symptoms) in enumerate(under):
        _cause(console, rc, symptoms, "" if i == 0 else f"{t('also', lang)}: ", lang)
    hygiene = hygiene_roots(report)
    if not under:
        key = "no_cause" if hygiene else "nothing"
        _line(console, f"✓ {t(key, lang)}", "bold green")
    for rc in hygiene:
        _cause(console, rc, rc.explains, f"{t('hygiene', lang)}: ", lang)
    console.print()
    shown_skips: set[tuple[str, str]] = set()
    for r in report.results:
        mark, style = _STATUS[r.status]
        if r.status is Status.SKIP:
            # Checks of one family skipped for one reason make one line, not one each.
            same = [
                x
                for x in report.results
                if x.status is Status.SKIP and x.family == r.family and x.why(lang) == r.why(lang)
            ]
            if len(same) > 1:
                if (r.family, r.why(lang)) in shown_skips:
                    continue
                shown_skips.add((r.family, r.why(lang)))
                word = t("skipped", lang)
                line = f"[{mark}] {r.family}.* ({len(same)}) — {word}: {r.why(lang)}"
                _line(console, line, style)
                continue
        head = f"[{mark}] {r.check}"
        if r.status in (Status.SKIP, Status.CRASH):
            word = t("skipped" if r.status is Status.SKIP else "crashed", lang)
            head += f" — {word}: {r.why(lang)}"
        _line(console, head, style)
        for f in r.findings:
            _finding(console, report, f, lang, verbose)
    console.print()
    verdict = f"{t('verdict', lang)}: {t('verdict.' + report.verdict_key, lang)}"
    style = {"ok": "bold green", "warning": "bold yellow", "error": "bold red"}[report.verdict]
    console.print(Text(verdict, style=style), markup=False)
    _ = escape  # rich markup is never interpreted: every line is a Text

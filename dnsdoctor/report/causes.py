"""What every renderer says about causes and symptoms, so that the three formats agree: which
symptoms a cause shows under it (each once), and what a finding's remedy is once a cause explains
it (its own remedy would contradict the cause's)."""

from __future__ import annotations

from dnsdoctor.core.diagnosis import explained_by, symptom_remedy
from dnsdoctor.core.model import Finding, Report, RootCause
from dnsdoctor.report.i18n import t


def shown_under(report: Report) -> list[tuple[RootCause, list[Finding]]]:
    """Every root cause with the symptoms shown under it: a symptom that two causes explain is
    shown under the first one only."""
    seen: set[int] = set()
    out: list[tuple[RootCause, list[Finding]]] = []
    for rc in report.root_causes:
        mine = [s for s in rc.explains if id(s) not in seen]
        seen.update(id(s) for s in mine)
        out.append((rc, mine))
    return out


def remedy(report: Report, f: Finding, lang: str) -> tuple[str, bool]:
    """The remedy to print for ``f`` anywhere in a report, and whether it is the finding's own:
    once a root cause explains it, the explaining spec's remedy for it, else a pointer to the
    cause."""
    rc = explained_by(report, f)
    if rc is None:
        return f.remedy(lang), True
    rewritten = symptom_remedy(rc, f, lang)
    if rewritten is not None:
        return rewritten, False
    return t("follows_from", lang).format(code=rc.finding.code), False


def dedup(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))

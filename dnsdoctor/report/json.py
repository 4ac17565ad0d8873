"""The JSON report: a versioned, published schema (``docs/schema/report-v1.json``)."""

from __future__ import annotations

import json
from typing import Any

from dnsdoctor import __version__
from dnsdoctor.core.diagnosis import explained_by, hygiene_roots, symptom_remedy
from dnsdoctor.core.model import CheckResult, Finding, Report, RootCause
from dnsdoctor.core.secrets import redact
from dnsdoctor.outside import visible_tree
from dnsdoctor.report.causes import dedup, remedy

SCHEMA_ID = "https://dnsdoctor.dev/schema/report-v1.json"
SCHEMA_VERSION = 1


def finding_dict(f: Finding, lang: str, report: Report | None = None) -> dict[str, Any]:
    # Once a root cause explains a finding, its remedy is the one that does not contradict the
    # cause, its own commands are dropped, and `explained_by` names the cause.
    text, own = remedy(report, f, lang) if report is not None else (f.remedy(lang), True)
    out: dict[str, Any] = {
        "code": f.code,
        "family": f.family,
        "severity": f.level.label,
        "subject": f.subject,
        "title": f.title(lang),
        "meaning": f.meaning(lang),
        "remedy": text,
        "commands": list(f.commands) if own else [],
        "evidence": [{"label": e.label, "value": e.shown} for e in f.evidence],
        "params": {k: str(v) for k, v in f.params.items()},
    }
    rc = explained_by(report, f) if report is not None else None
    if rc is not None:
        out["explained_by"] = {"code": rc.finding.code, "subject": rc.finding.subject}
    return out


def result_dict(r: CheckResult, lang: str, report: Report | None = None) -> dict[str, Any]:
    return {
        "name": r.check,
        "family": r.family,
        "status": r.status.value,
        "duration_s": round(r.duration, 3),
        "reason": r.why(lang),
        "findings": [finding_dict(f, lang, report) for f in r.findings],
    }


def _explained(rc: RootCause, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "subject": s.subject,
            "severity": s.level.label,
            "title": s.title(lang),
            "remedy": symptom_remedy(rc, s, lang),
        }
        for s in rc.explains
    ]


def root_cause_dict(rc: RootCause, lang: str) -> dict[str, Any]:
    return {
        "code": rc.finding.code,
        "severity": rc.finding.level.label,
        "subject": rc.finding.subject,
        "title": rc.finding.title(lang),
        "remedy": rc.finding.remedy(lang),
        "commands": list(rc.finding.commands),
        "explains": dedup([s.code for s in rc.explains]),
        "explained": _explained(rc, lang),
    }


def hygiene_dict(rc: RootCause, lang: str) -> dict[str, Any]:
    f = rc.finding
    return {
        "code": f.code,
        "severity": f.level.label,
        "subject": f.subject,
        "title": f.title(lang),
        "remedy": f.remedy(lang),
        "commands": list(f.commands),
        "explained": _explained(rc, lang),
    }


def report_dict(report: Report, lang: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "dnsdoctor", "version": __version__},
        "command": report.command,
        "targets": report.targets,
        "language": lang,
        "started_at": report.started_at,
        "duration_s": round(report.duration, 3),
        "verdict": report.verdict,
        "root_causes": [root_cause_dict(rc, lang) for rc in report.root_causes],
        "hygiene": [hygiene_dict(rc, lang) for rc in hygiene_roots(report)],
        "checks": [result_dict(r, lang, report) for r in report.results],
        "environment": report.environment,
    }


def render_json(report: Report, lang: str = "en") -> str:
    # Controls are made visible in the strings themselves: JSON's "\u001b" is an ESC again
    # once a reader decodes it.
    data = visible_tree(report_dict(report, lang))
    return redact(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"

"""The JSON report: a versioned, published schema (``docs/schema/report-v1.json``)."""

from __future__ import annotations

import json
from typing import Any

from dnsdoctor import __version__
from dnsdoctor.model import CheckResult, Finding, Report
from dnsdoctor.outside import visible_tree
from dnsdoctor.secrets import redact

SCHEMA_ID = "https://dnsdoctor.dev/schema/report-v1.json"
SCHEMA_VERSION = 1


def finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "family": f.family,
        "severity": f.level.label,
        "subject": f.subject,
        "title": f.title(lang),
        "meaning": f.meaning(lang),
        "remedy": f.remedy(lang),
        "commands": list(f.commands),
        "evidence": [{"label": e.label, "value": e.shown} for e in f.evidence],
        "params": {k: str(v) for k, v in f.params.items()},
    }


def result_dict(r: CheckResult, lang: str) -> dict[str, Any]:
    return {
        "name": r.check,
        "family": r.family,
        "status": r.status.value,
        "duration_s": round(r.duration, 3),
        "reason": r.why(lang),
        "findings": [finding_dict(f, lang) for f in r.findings],
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
        "root_causes": [
            {
                "code": rc.finding.code,
                "severity": rc.finding.level.label,
                "subject": rc.finding.subject,
                "title": rc.finding.title(lang),
                "remedy": rc.finding.remedy(lang),
                "commands": list(rc.finding.commands),
                "explains": [s.code for s in rc.explains],
            }
            for rc in report.root_causes
        ],
        "checks": [result_dict(r, lang) for r in report.results],
        "environment": report.environment,
    }


def render_json(report: Report, lang: str = "en") -> str:
    # Controls are made visible in the strings themselves: JSON's "\u001b" is an ESC again
    # once a reader decodes it.
    data = visible_tree(report_dict(report, lang))
    return redact(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"

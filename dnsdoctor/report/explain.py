"""``dnsdoctor explain CODE``: a finding code's specification as text (the same words that
``docs/findings.md`` is generated from, by ``tools/docgen.py``)."""

from __future__ import annotations

from dnsdoctor.core.model import FindingSpec, pick
from dnsdoctor.report.i18n import t

HEADINGS = {
    "en": ("Meaning", "Evidence shown", "Remedy", "Severity", "Explains"),
    "zh": ("含义", "显示的证据", "解决办法", "严重程度", "可解释"),
}
_WORDS = {
    "en": {
        "when": "{severity} when {when}",
        "hygiene": "Not a cause of failure (hygiene or risk): never named as a root cause.",
        "under": "Under this cause, {code}: {remedy}",
    },
    "zh": {
        "when": "以下情况为{severity}：{when}",
        "hygiene": "不会导致签发失败（卫生或风险项）：不会列为根本原因。",
        "under": "由本项导致的 {code}：{remedy}",
    },
}


def severity_lines(spec: FindingSpec, lang: str = "en") -> list[str]:
    """The default severity's exceptions, and whether the code can be a cause, in words."""
    words = _WORDS.get(lang, _WORDS["en"])
    lines = []
    for rule in spec.severity_rules:
        label = rule.severity.label
        shown = t(f"sev.{label}", lang) if lang == "zh" else label.capitalize()
        lines.append(words["when"].format(severity=shown, when=pick(rule.when, lang)))
    if not spec.cause:
        lines.append(words["hygiene"])
    return lines


def symptom_lines(spec: FindingSpec, lang: str = "en") -> list[str]:
    words = _WORDS.get(lang, _WORDS["en"])
    return [
        words["under"].format(code=code, remedy=pick(text, lang))
        for code, text in spec.symptom_remedies.items()
    ]


def explain_text(spec: FindingSpec, lang: str = "en") -> str:
    meaning, evidence, remedy, severity, explains = HEADINGS.get(lang, HEADINGS["en"])
    lines = [
        f"{spec.code} ({spec.family}, {severity}: {spec.severity.label})",
        "",
        pick(spec.title, lang),
        "",
        f"{meaning}: {pick(spec.meaning, lang)}",
        f"{remedy}: {pick(spec.remedy, lang)}",
    ]
    if pick(spec.evidence, lang):
        lines.append(f"{evidence}: {pick(spec.evidence, lang)}")
    lines.extend(severity_lines(spec, lang))
    if spec.explains:
        lines.append(f"{explains}: {', '.join(spec.explains)}")
    lines.extend(symptom_lines(spec, lang))
    lines.extend(spec.links)
    return "\n".join(lines) + "\n"

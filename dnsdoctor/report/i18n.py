"""The renderers' own words (headings, labels) in every language: the ``report`` catalog of
:mod:`dnsdoctor.core.i18n`. Finding texts live with their specs; CLI help lives with the CLI."""

from __future__ import annotations

from dnsdoctor.core.i18n import register, tr

MESSAGES: dict[str, dict[str, str]] = {
    "verdict": {"en": "Verdict", "zh": "结论"},
    "verdict.ok": {"en": "OK — nothing wrong found", "zh": "正常 — 未发现问题"},
    "verdict.warning": {
        "en": "WARNING — issuance may work, but look at the warnings",
        "zh": "警告 — 可能可以签发，但请查看警告",
    },
    "verdict.error": {"en": "ERROR — issuance will fail", "zh": "错误 — 签发将会失败"},
    "verdict.incomplete": {
        "en": "INCOMPLETE — a check crashed; the other results stand, but nothing is proven OK",
        "zh": "不完整 — 有检查出错；其他结果仍然有效，但不能证明一切正常",
    },
    "root_causes": {"en": "Root causes", "zh": "根本原因"},
    "fix": {"en": "Fix", "zh": "解决办法"},
    "explains": {"en": "Explains", "zh": "可解释"},
    "checks": {"en": "Checks", "zh": "检查项"},
    "check": {"en": "Check", "zh": "检查"},
    "status": {"en": "Status", "zh": "状态"},
    "findings": {"en": "Findings", "zh": "发现"},
    "details": {"en": "Details", "zh": "详情"},
    "environment": {"en": "Environment", "zh": "运行环境"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "sev.info": {"en": "info", "zh": "提示"},
    "sev.warning": {"en": "warning", "zh": "警告"},
    "sev.error": {"en": "error", "zh": "错误"},
    "nothing": {"en": "Nothing wrong found.", "zh": "未发现问题。"},
    "skipped": {"en": "skipped", "zh": "已跳过"},
    "crashed": {"en": "crashed", "zh": "出错"},
    "running": {"en": "Checking", "zh": "正在检查"},
    "also": {"en": "Also", "zh": "另外"},
    "no_cause": {"en": "No cause of failure found.", "zh": "未发现会导致失败的原因。"},
    "hygiene": {
        "en": "Worth fixing, not a cause of failure",
        "zh": "建议处理（不会导致签发失败）",
    },
    "follows_from": {
        "en": "Follows from {code} (the cause named above): fix that; nothing to do here on its own.",
        "zh": "由上面的 {code} 导致：解决它即可，此项无需单独处理。",
    },
    "explained": {"en": "explains", "zh": "导致"},
}


register("report", MESSAGES)


def t(key: str, lang: str) -> str:
    return tr("report", key, lang)

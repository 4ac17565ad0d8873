"""Every user-facing text exists in English and Chinese."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dnsdoctor.checks.registry import all_checks, all_specs
from dnsdoctor.cli_text import HELP, _lang_from
from dnsdoctor.model import LANGS
from dnsdoctor.report.i18n import MESSAGES

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("table", [HELP, MESSAGES], ids=["cli-help", "report-words"])
def test_every_message_has_every_language(table: dict[str, dict[str, str]]) -> None:
    for key, texts in table.items():
        for lang in LANGS:
            assert texts.get(lang, "").strip(), f"{key} lacks {lang}"
        assert CJK.search(texts["zh"]), f"{key}: the zh text is not Chinese"
        assert not CJK.search(texts["en"]), f"{key}: the en text has Chinese in it"


def test_every_finding_and_check_has_both_languages() -> None:
    for spec in all_specs().values():
        for field in (spec.title, spec.meaning, spec.remedy):
            assert field["en"].strip() and CJK.search(field["zh"]), spec.code
    for check in all_checks():
        assert check.summary.get("en") and CJK.search(check.summary.get("zh", "")), check.name


@pytest.mark.parametrize(
    ("argv", "env", "lang"),
    [
        (["check", "--lang", "zh-CN"], {}, "zh"),
        (["check", "--lang=en"], {"LANG": "zh_CN.UTF-8"}, "en"),
        (["check"], {"LANG": "zh_CN.UTF-8"}, "zh"),
        (["check"], {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        (["check"], {}, "en"),
    ],
)
def test_help_language_follows_the_flag_then_the_locale(
    argv: list[str], env: dict[str, str], lang: str
) -> None:
    assert _lang_from(argv, env) == lang


@pytest.mark.parametrize(
    "command", ["check", "creds", "clock", "explain", "demo", "watch", "preflight", "cleanup"]
)
def test_help_is_chinese_with_lang_zh(command: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dnsdoctor", command, "--help", "--lang", "zh-CN"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert CJK.search(out), out

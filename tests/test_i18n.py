"""Every user-facing text exists in English and Chinese."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import dnsdoctor.cli
import dnsdoctor.report.i18n
import dnsdoctor.watch_view  # noqa: F401  (registers the watch view's words)
from dnsdoctor.core import i18n
from dnsdoctor.core.i18n import UnknownLanguage, catalogs, detect_lang, tr
from dnsdoctor.core.model import LANGS
from dnsdoctor.engine.catalog import all_checks, all_specs

ROOT = Path(__file__).resolve().parents[1]

CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE_TEXT = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
"""Chinese characters or full-width punctuation (a zh text may be only ``（CNAME → {qname}）``)."""


CATALOGS = catalogs()


def test_the_catalogs_register_through_one_module() -> None:
    assert {"cli", "cli.help", "cli.help.preflight", "report", "watch"} <= set(CATALOGS)


@pytest.mark.parametrize("domain", sorted(CATALOGS))
def test_every_message_has_every_language(domain: str) -> None:
    for key, texts in CATALOGS[domain].items():
        for lang in LANGS:
            assert texts.get(lang, "").strip(), f"{key} lacks {lang}"
        assert CHINESE_TEXT.search(texts["zh"]), f"{key}: the zh text is not Chinese"
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
    assert detect_lang(argv=argv, environ=env) == lang


@pytest.mark.parametrize(
    ("value", "lang"),
    [("zh-CN", "zh"), ("zh_TW.UTF-8", "zh"), ("ZH", "zh"), ("en", "en"), ("EN_us", "en")],
)
def test_an_explicit_language_wins_over_the_locale(value: str, lang: str) -> None:
    assert detect_lang(value, environ={"LANG": "zh_CN.UTF-8" if lang == "en" else "C"}) == lang


def test_an_unknown_explicit_language_is_refused() -> None:
    with pytest.raises(UnknownLanguage):
        detect_lang("fr")


def test_a_text_falls_back_to_english_and_is_filled() -> None:
    i18n.register("test.fallback", {"k": {"en": "{n} left"}})
    assert tr("test.fallback", "k", "zh", n=2) == "2 left"
    assert tr("test.fallback", "k", "en") == "{n} left"  # no params: the text as written


def test_there_is_one_locale_detector() -> None:
    # the locale variables are read in dnsdoctor/core/i18n.py only
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "dnsdoctor").rglob("*.py")
        if "LC_MESSAGES" in path.read_text(encoding="utf-8")
    )
    assert readers == ["dnsdoctor/core/i18n.py"]


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

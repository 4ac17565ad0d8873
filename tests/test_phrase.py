"""Wording params: a finding carries data and phrases; the words are chosen when it is shown."""

from __future__ import annotations

import json

import pytest

from dnsdoctor.core.i18n import Joined, Phrase, Wording, fill, register
from dnsdoctor.core.model import Finding, FindingSpec, Severity
from dnsdoctor.redact import DomainMask
from dnsdoctor.report.json import finding_dict

WORDS = register(
    "test.phrase",
    {
        "ahead": {"en": "{seconds} s ahead", "zh": "快了 {seconds} 秒"},
        "strip": {"en": "strip {what}", "zh": "去掉{what}"},
        "server": {"en": "server {name}", "zh": "服务器 {name}"},
    },
)
SPEC = FindingSpec(
    code="TEST_PHRASE",
    family="test",
    severity=Severity.ERROR,
    title={"en": "The clock is {skew}", "zh": "本机时钟{skew}"},
    meaning={"en": "Test.", "zh": "测试。"},
    remedy={"en": "Please {fix}.", "zh": "请{fix}。"},
)


def _finding(**params: object) -> Finding:
    return Finding(SPEC, params)


def test_a_phrase_is_worded_in_the_readers_language() -> None:
    f = _finding(skew=Phrase(WORDS["ahead"], {"seconds": 372}))
    assert f.title("en") == "The clock is 372 s ahead"
    assert f.title("zh") == "本机时钟快了 372 秒"


def test_phrases_nest_and_join_per_language() -> None:
    fix = Joined(
        (
            Phrase(WORDS["strip"], {"what": "U+200B"}),
            Phrase(WORDS["strip"], {"what": Phrase(WORDS["server"], {"name": "ns1"})}),
        )
    )
    f = _finding(fix=fix)
    assert f.remedy("en") == "Please strip U+200B and strip server ns1."
    assert f.remedy("zh") == "请去掉U+200B，并去掉服务器 ns1。"
    assert fill("{x}", {"x": Joined(("a", "b"), "comma")}, "zh") == "a、b"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_json_report_carries_the_english_words_not_a_python_repr(lang: str) -> None:
    f = _finding(skew=Phrase(WORDS["ahead"], {"seconds": 5}))
    out = json.loads(json.dumps(finding_dict(f, lang)))
    assert out["params"] == {"skew": "5 s ahead"}  # params are data: one stable form
    assert out["title"] == ("本机时钟快了 5 秒" if lang == "zh" else "The clock is 5 s ahead")


def test_data_inside_a_phrase_is_sanitised_and_masked_but_its_words_are_not() -> None:
    f = _finding(fix=Phrase(WORDS["server"], {"name": "ns1.example.com\x1b[2J"}))
    assert "\x1b" not in f.remedy("en")
    masked = DomainMask([["example.com"]]).finding(f)
    assert "example.com" not in masked.remedy("en")
    assert masked.remedy("zh").startswith("请服务器 ns1.domain1.example")


class _Minutes(Wording):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def render(self, lang: str) -> str:
        m = self.seconds // 60
        return f"{m} 分钟" if lang == "zh" else f"{m} min"


def test_a_wording_subclass_words_its_data_itself() -> None:
    f = _finding(skew=_Minutes(372))
    assert (f.title("en"), f.title("zh")) == ("The clock is 6 min", "本机时钟6 分钟")
    assert finding_dict(f, "zh")["params"] == {"skew": "6 min"}

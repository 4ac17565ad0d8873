"""The CREDS_* findings in Alibaba Cloud's words (dnsdoctor/providers/alidns/texts.py)."""

from __future__ import annotations

import re
import string

import pytest

from dnsdoctor import providers
from dnsdoctor.checks.creds.specs import key_words
from dnsdoctor.core.model import FindingSpec, fill
from dnsdoctor.engine.catalog import all_specs
from dnsdoctor.providers.alidns import lint
from dnsdoctor.providers.alidns.texts import NOT_RAISED, WORDING

FIELDS = ("title", "meaning", "remedy")
FORBIDDEN = ("Tencent", "DNSPod", "腾讯", "CAM ", "SecretId", "SecretKey", "tccli", "AuthFailure")
TENCENT_ONLY = re.compile(
    r"Tencent|腾讯|DNSPod|\bCAM\b|SecretId|SecretKey|tccli|TENCENTCLOUD|tencentcloud|"
    r"tencent-endpoint|AKID|AuthFailure|\b300 s|300 秒|API 密钥管理|DescribeDomainList|"
    r"\bCreateRecord\b|DescribeRecordList|\bDeleteRecord\b|DnsStatus|InvalidParameter\.|\bCVM\b"
)
"""Words that only make sense for Tencent Cloud: a spec using one needs Alibaba's words."""


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _creds_specs() -> dict[str, FindingSpec]:
    return {code: spec for code, spec in all_specs().items() if code.startswith("CREDS_")}


ENTRIES = [
    (code, name, lang, index)
    for code, fields in WORDING.items()
    for name in fields
    for index, lang in enumerate(("en", "zh"))
]


def test_every_entry_names_an_existing_creds_code_and_only_its_fields() -> None:
    specs = _creds_specs()
    assert WORDING
    for code, fields in WORDING.items():
        assert code in specs, code
        assert fields, code
        assert set(fields) <= set(FIELDS), (code, set(fields) - set(FIELDS))
        for name, pair in fields.items():
            assert isinstance(pair, tuple) and len(pair) == 2, (code, name)
            en, zh = pair
            assert en.strip() and zh.strip(), (code, name)
            assert re.search(r"[\u4e00-\u9fff]", zh), (code, name, "zh has no Chinese")


@pytest.mark.parametrize(("code", "name", "lang", "index"), ENTRIES)
def test_placeholders_are_the_original_fields(code: str, name: str, lang: str, index: int) -> None:
    original: dict[str, str] = getattr(all_specs()[code], name)
    text = WORDING[code][name][index]
    extra = _placeholders(text) - _placeholders(original[lang])
    assert not extra, f"{code}.{name}[{lang}] uses {extra}, which the checks may not fill"


@pytest.mark.parametrize(("code", "name", "lang", "index"), ENTRIES)
def test_no_tencent_words(code: str, name: str, lang: str, index: int) -> None:
    text = WORDING[code][name][index]
    for word in FORBIDDEN:
        assert word not in text, (code, name, lang, word)
    assert not TENCENT_ONLY.search(text), (code, name, lang, TENCENT_ONLY.search(text))


def test_every_tencent_worded_spec_is_reworded_or_not_raised() -> None:
    left: list[str] = []
    for code, spec in _creds_specs().items():
        if code in NOT_RAISED:
            continue
        for name in FIELDS:
            text: dict[str, str] = getattr(spec, name)
            for lang in ("en", "zh"):
                if TENCENT_ONLY.search(text[lang]) and name not in WORDING.get(code, {}):
                    left.append(f"{code}.{name}[{lang}]")
    assert not left, f"Tencent-worded for Alibaba: {left} (re-word it or list it in NOT_RAISED)"


def test_not_raised_is_explained_and_disjoint() -> None:
    specs = _creds_specs()
    for code, reason in NOT_RAISED.items():
        assert code in specs, code
        assert reason.strip(), code
        assert code not in WORDING, f"{code} is re-worded and said not to be raised"


def test_not_raised_codes_cannot_come_from_alidns() -> None:
    """The skip is honest: no Alibaba error kind or key shape leads to these codes."""
    from dnsdoctor.providers.alidns import errors
    from dnsdoctor.providers.base import ErrorKind

    kinds = {c.kind for c in errors.CODES.values()} | {k for _, k in errors.PREFIXES}
    assert ErrorKind.INVALID_KEY not in kinds  # -> CREDS_INVALID_SECRET_ID
    shapes = [
        ("LTAI5tQ7xW2mRb8nZk4pYc3D", "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"),
        ("123456", "0123456789abcdef0123456789abcdef"),  # a DNSPod ID,Token pair
        ("123456,0123456789abcdef0123456789abcdef", ""),
        ("Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0", "LTAI5tQ7xW2mRb8nZk4pYc3D"),
    ]
    for key_id, secret in shapes:
        codes = {p.code for p in lint.format_problems(key_id, secret)}
        assert not codes & set(NOT_RAISED), (key_id, codes)


def test_lint_params_fill_the_reworded_texts() -> None:
    """The key-shape findings render with the params creds.lint gives them (alidns.lint's and
    the provider's words), no {name} left; each title names the AccessKey, in Alibaba's words or in
    the generic text's {id_label}/{secret_label}."""
    provider = providers.get("alidns")
    cases = [("LTAI5t", "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"), ("12345", "abc")]
    cases.append(("Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0", "LTAI5tQ7xW2mRb8nZk4pYc3D"))
    seen: set[str] = set()
    for key_id, secret in cases:
        for problem in lint.format_problems(key_id, secret):
            spec = provider.wording(all_specs()[problem.code])
            params = {"origin": "ALICLOUD_ACCESS_KEY", **problem.params, **key_words(provider)}
            seen.add(problem.code)
            for name in FIELDS:
                for lang in ("en", "zh"):
                    out = fill(getattr(spec, name)[lang], params, lang)
                    assert "{" not in out and "SecretId" not in out, (problem.code, name, out)
                    if name == "title":
                        assert "AccessKey" in out, (problem.code, out)
                        assert not TENCENT_ONLY.search(out), (problem.code, out)
    assert seen == {"CREDS_ID_FORMAT", "CREDS_KEY_FORMAT", "CREDS_SWAPPED"}


def test_provider_wording_uses_the_texts() -> None:
    alidns, tencent = providers.get("alidns"), providers.get("tencentcloud")
    spec = all_specs()["CREDS_SIGNATURE_EXPIRE"]
    worded = alidns.wording(spec)
    assert worded.code == spec.code and worded.severity == spec.severity
    assert worded.explains == spec.explains and worded.rank == spec.rank
    assert "15 minutes" in worded.meaning["en"] and "15 分钟" in worded.meaning["zh"]
    assert "InvalidTimeStamp.Expired" in worded.title["en"]
    assert worded.remedy == spec.remedy  # not re-worded: the original stays
    # Tencent Cloud's folder keeps the words the generic spec had before it named no provider
    assert tencent.wording(spec).title["en"].startswith("Tencent Cloud rejects the request time")

"""The offline credential checks: every character class that breaks signing, format hints, sources."""

from __future__ import annotations

import asyncio
import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnsdoctor.checks.creds.lint import fix_words, lint_findings
from dnsdoctor.checks.creds.specs import (
    CREDS_FULLWIDTH_CHAR,
    CREDS_ID_FORMAT,
    CREDS_INVISIBLE_CHAR,
    CREDS_KEY_FORMAT,
    CREDS_LEGACY_DNSPOD_TOKEN,
    CREDS_NON_ASCII_CHAR,
    CREDS_QUOTED,
    CREDS_SWAPPED,
    LINT_SPECS,
    SOURCE_SPECS,
)
from dnsdoctor.core import secrets
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.model import CheckResult, Finding, FindingSpec, Severity, Status
from dnsdoctor.credentials import Credential, CredentialInputs
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.providers.lint import classify_char, lint_value
from dnsdoctor.providers.tencentcloud.lint import format_problems

SID = "AKID" + "Lm4nOp" * 5 + "Qr"
KEY = "Zq8vW2" * 5 + "Xy"


def cred(secret_id: str = SID, secret_key: str = KEY, token: str | None = None) -> Credential:
    return Credential(
        "env",
        "$TENCENTCLOUD_SECRET_ID / $TENCENTCLOUD_SECRET_KEY",
        secret_id,
        secret_key,
        token,
        "$TENCENTCLOUD_SECRET_ID",
        "$TENCENTCLOUD_SECRET_KEY",
        "$TENCENTCLOUD_TOKEN" if token else "",
        "lego",
    )


def texts(finding: Finding) -> list[str]:
    out = [finding.subject, *finding.commands, *map(str, finding.params.values())]
    for lang in ("en", "zh"):
        out += [finding.title(lang), finding.meaning(lang), finding.remedy(lang)]
    for ev in finding.evidence:
        out += [ev.label, ev.value]
    return out


def assert_no_leak(findings: list[Finding], *values: str) -> None:
    for value in values:
        clean = secrets.cleaned(value)
        pieces = {clean[i : i + 6] for i in range(len(clean) - 5)}
        for text in (t for f in findings for t in texts(f)):
            assert clean not in text
            leaked = [p for p in pieces if p in text]
            assert not leaked, f"{leaked} in {text!r}"


# -- character classes -----------------------------------------------------------------------

CASES = [
    # (value, kind, where, position, unicode name, code)
    (KEY + " ", "space", "trailing", 33, "SPACE (U+0020)", CREDS_INVISIBLE_CHAR),
    (" " + KEY, "space", "leading", 1, "SPACE (U+0020)", CREDS_INVISIBLE_CHAR),
    (KEY[:10] + " " + KEY[10:], "space", "inner", 11, "SPACE (U+0020)", CREDS_INVISIBLE_CHAR),
    (KEY + "\n", "line-break", "trailing", 33, "LINE FEED (U+000A)", CREDS_INVISIBLE_CHAR),
    (KEY + "\r", "line-break", "trailing", 33, "CARRIAGE RETURN (U+000D)", CREDS_INVISIBLE_CHAR),
    ("\t" + KEY, "tab", "leading", 1, "CHARACTER TABULATION (U+0009)", CREDS_INVISIBLE_CHAR),
    (KEY + "\u00a0", "nbsp", "trailing", 33, "NO-BREAK SPACE (U+00A0)", CREDS_INVISIBLE_CHAR),
    (
        KEY + "\u3000",
        "ideographic-space",
        "trailing",
        33,
        "IDEOGRAPHIC SPACE (U+3000)",
        CREDS_INVISIBLE_CHAR,
    ),
    (
        KEY + "\u200b",
        "zero-width",
        "trailing",
        33,
        "ZERO WIDTH SPACE (U+200B)",
        CREDS_INVISIBLE_CHAR,
    ),
    (
        KEY[:5] + "\u200c" + KEY[5:],
        "zero-width",
        "inner",
        6,
        "ZERO WIDTH NON-JOINER (U+200C)",
        CREDS_INVISIBLE_CHAR,
    ),
    (
        "\u200d" + KEY,
        "zero-width",
        "leading",
        1,
        "ZERO WIDTH JOINER (U+200D)",
        CREDS_INVISIBLE_CHAR,
    ),
    (KEY + "\u2060", "zero-width", "trailing", 33, "WORD JOINER (U+2060)", CREDS_INVISIBLE_CHAR),
    (
        "\ufeff" + KEY,
        "bom",
        "leading",
        1,
        "ZERO WIDTH NO-BREAK SPACE (U+FEFF)",
        CREDS_INVISIBLE_CHAR,
    ),
    (KEY + "\x00", "control", "trailing", 33, "UNNAMED CHARACTER (U+0000)", CREDS_INVISIBLE_CHAR),
    (
        KEY[:3] + "\uff21" + KEY[4:],
        "fullwidth",
        "inner",
        4,
        "FULLWIDTH LATIN CAPITAL LETTER A (U+FF21)",
        CREDS_FULLWIDTH_CHAR,
    ),
    (
        KEY[:31] + "\uff19",
        "fullwidth",
        "trailing",
        32,
        "FULLWIDTH DIGIT NINE (U+FF19)",
        CREDS_FULLWIDTH_CHAR,
    ),
    (
        KEY[:8] + "é" + KEY[9:],
        "non-ascii",
        "inner",
        9,
        "LATIN SMALL LETTER E WITH ACUTE (U+00E9)",
        CREDS_NON_ASCII_CHAR,
    ),
    ('"' + KEY + '"', "quote", "leading", 1, "QUOTATION MARK (U+0022)", CREDS_QUOTED),
    ("“" + KEY + "”", "quote", "leading", 1, "LEFT DOUBLE QUOTATION MARK (U+201C)", CREDS_QUOTED),
]


@pytest.mark.parametrize(("value", "kind", "where", "position", "name", "spec"), CASES)
def test_each_character_class(
    value: str, kind: str, where: str, position: int, name: str, spec: FindingSpec
) -> None:
    result = lint_value(value, "SecretKey", "$TENCENTCLOUD_SECRET_KEY")
    first = result.issues[0]
    assert (first.kind, first.where, first.position, first.name) == (kind, where, position, name)
    findings = lint_findings(cred(secret_key=value))
    assert [f.code for f in findings if f.code != CREDS_KEY_FORMAT.code] == [spec.code]
    finding = findings[0]
    assert finding.level is Severity.ERROR
    assert name in finding.title("en") and name in finding.title("zh")
    assert str(position) in finding.title("en")
    assert_no_leak(findings, KEY, SID)


@pytest.mark.parametrize(("value", "kind", "where", "position", "name", "spec"), CASES)
def test_cleaning_recovers_the_key_unless_non_ascii(
    value: str, kind: str, where: str, position: int, name: str, spec: FindingSpec
) -> None:
    result = lint_value(value)
    if kind == "non-ascii":
        assert not result.removable and result.cleaned == value
    elif kind == "fullwidth":
        assert result.removable and result.cleaned == unicodedata.normalize("NFKC", value)
        assert result.cleaned.isascii()
    else:
        assert result.removable and result.cleaned == KEY


def test_crlf_and_several_problems_are_counted() -> None:
    findings = lint_findings(cred(secret_key=" " + KEY + "\r\n"))
    [finding] = [f for f in findings if f.code == CREDS_INVISIBLE_CHAR.code]
    assert str(finding.params["more"]) == " (and 2 more)"
    assert finding.title("zh").endswith("（另有 2 处）")
    assert not any(key.endswith("_zh") for key in finding.params)
    assert [e.label for e in finding.evidence[1:]] == ["position 1", "position 34", "position 35"]


def test_quotes_are_detected_around_invisible_characters() -> None:
    result = lint_value(' "' + KEY + '"\n')
    assert result.quoted and [i.kind for i in result.issues] == [
        "space",
        "quote",
        "quote",
        "line-break",
    ]
    assert result.cleaned == KEY


def test_clean_key_has_no_findings() -> None:
    assert lint_findings(cred()) == []
    assert lint_value(KEY).issues == ()


def test_token_is_linted_too() -> None:
    findings = lint_findings(cred(token="tok" * 20 + "\n"))
    assert [(f.code, str(f.params["field"])) for f in findings] == [
        (CREDS_INVISIBLE_CHAR.code, "token")
    ]
    assert findings[0].title("zh").startswith("$TENCENTCLOUD_TOKEN 中的 临时密钥 Token 在第 61 位")


def test_non_chosen_source_is_a_warning() -> None:
    [finding] = lint_findings(cred(secret_key=KEY + "\u200b"), chosen=False)
    assert finding.level is Severity.WARNING


def test_every_character_class_is_named() -> None:
    for ch, kind in [
        ("\u2028", "line-break"),
        ("\u2009", "other-space"),
        ("\u00ad", "format"),
        ("\u0301", "non-ascii"),
        ("a", None),
        ("=", None),
        ("＂", "quote"),
    ]:
        assert classify_char(ch) == kind


# -- format heuristics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret_id", "secret_key", "codes"),
    [
        (SID, KEY, []),
        (SID, KEY[:-3], [CREDS_KEY_FORMAT.code]),
        ("AKIZ" + SID[4:], KEY, [CREDS_ID_FORMAT.code]),
        (SID[:-1], KEY, [CREDS_ID_FORMAT.code]),
        (SID + "\u200b", KEY, []),  # the lint of characters covers it; heuristics see it cleaned
        (KEY, SID, [CREDS_SWAPPED.code]),
        ("123456", "0123456789abcdef0123456789abcdef", [CREDS_LEGACY_DNSPOD_TOKEN.code]),
        ("123456,0123456789abcdef0123456789abcdef", KEY, [CREDS_LEGACY_DNSPOD_TOKEN.code]),
        (SID, "123456,0123456789abcdef0123456789abcdef", [CREDS_LEGACY_DNSPOD_TOKEN.code]),
    ],
)
def test_format_heuristics(secret_id: str, secret_key: str, codes: list[str]) -> None:
    assert [p.code for p in format_problems(secret_id, secret_key)] == codes
    findings = lint_findings(cred(secret_id, secret_key))
    warnings = [f for f in findings if f.spec.code in codes]
    assert all(f.level is Severity.WARNING for f in warnings)
    assert_no_leak(findings, secret_key)


def test_fix_text_in_both_languages() -> None:
    fix = fix_words([lint_value(KEY + "\u200b", "SecretKey", "$TENCENTCLOUD_SECRET_KEY")])
    en, zh = fix.render("en"), fix.render("zh")
    assert str(fix) == en
    assert en == (
        "the trailing ZERO WIDTH SPACE (U+200B) is removed from the SecretKey "
        "($TENCENTCLOUD_SECRET_KEY)"
    )
    assert zh == "去掉 SecretKey（$TENCENTCLOUD_SECRET_KEY）末尾的 ZERO WIDTH SPACE (U+200B) "
    fix = fix_words([lint_value('"' + SID + '"', "SecretId", "f")])
    assert fix.render("en") == "the surrounding quotes are removed from the SecretId (f)"
    assert fix.render("zh") == "去掉 SecretId（f）两侧的引号"
    fix = fix_words(
        [lint_value(KEY + "\n", "SecretKey", "k"), lint_value("tok\u200b\u200b", "token", "t")]
    )
    assert fix.render("en") == (
        "the trailing LINE FEED (U+000A) is removed from the SecretKey (k) and "
        "2 invisible characters or quotes are removed from the token (t)"
    )
    assert fix.render("zh") == (
        "去掉 SecretKey（k）末尾的 LINE FEED (U+000A)，并去掉 临时密钥 Token（t）中的 2 个不可见字符或引号"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_lint_never_fails_and_never_shows_the_value(value: str) -> None:
    result = lint_value(value)
    assert all(1 <= i.position <= len(value) for i in result.issues)
    assert not any(classify_char(c) not in (None, "non-ascii", "quote") for c in result.cleaned)
    findings = lint_findings(cred(secret_key=value))
    for f in findings:
        for lang in ("en", "zh"):
            assert "{" not in f.title(lang) and "{" not in f.remedy(lang)


# -- the checks ------------------------------------------------------------------------------


def run_offline(inputs: CredentialInputs | None) -> dict[str, CheckResult]:
    checks = [c for c in all_checks() if c.name in ("creds.sources", "creds.lint")]
    ctx = Context(Options(credentials=inputs, timeout=10), Services(dns=DnsClient()))
    results = asyncio.run(run_checks(ctx, checks))
    return {r.check: r for r in results}


def test_specs_are_bilingual_and_registered() -> None:
    registered = {s.code for c in all_checks() for s in c.specs}
    for spec in SOURCE_SPECS + LINT_SPECS:
        assert spec.code in registered
        for text in (spec.title, spec.meaning, spec.remedy):
            assert text["en"] and text["zh"] and text["en"] != text["zh"]


def test_checks_skip_without_inputs_or_when_off(tmp_path: Path) -> None:
    for inputs in (None, CredentialInputs(provider="none", env={}, home=tmp_path)):
        results = run_offline(inputs)
        assert {r.status for r in results.values()} == {Status.SKIP}


def test_checks_skip_when_nothing_is_found(tmp_path: Path) -> None:
    results = run_offline(CredentialInputs(env={}, home=tmp_path))
    assert results["creds.sources"].status is Status.SKIP
    assert "TENCENTCLOUD_SECRET_ID" in results["creds.sources"].reason
    assert results["creds.sources"].reason.startswith("no Tencent Cloud DNSPod credentials found")
    zh = results["creds.sources"].why("zh")
    assert zh.startswith("未找到腾讯云 DNSPod凭据（查找位置：") and "TENCENTCLOUD_SECRET_ID" in zh
    off = run_offline(CredentialInputs(provider="off", env={}, home=tmp_path))["creds.lint"]
    assert off.reason == "credential checks are off (--provider off)"
    assert off.why("zh") == "凭据检查已关闭（--provider off）"


def test_required_provider_without_credentials_is_an_error(tmp_path: Path) -> None:
    results = run_offline(CredentialInputs(provider="tencentcloud", env={}, home=tmp_path))
    assert [f.code for f in results["creds.sources"].findings] == ["CREDS_NOT_FOUND"]
    assert results["creds.sources"].status is Status.FAIL


def test_sources_check_reports_use_disagreement_and_modes(tmp_path: Path) -> None:
    path = tmp_path / ".tccli" / "default.credential"
    path.parent.mkdir()
    path.write_text(json.dumps({"secretId": SID, "secretKey": "Other" + KEY[5:]}))
    os.chmod(path, 0o644)
    env = {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY + "\u200b"}
    results = run_offline(CredentialInputs(env=env, home=tmp_path))
    sources = results["creds.sources"]
    assert [f.code for f in sources.findings] == [
        "CREDS_SOURCE_USED",
        "CREDS_FILE_PERMISSIONS",
        "CREDS_SOURCES_DISAGREE",
    ]
    assert sources.findings[1].commands == (f"chmod 600 '{path}'",)
    assert sources.findings[2].params["parts"] == "SecretKey"
    lint = results["creds.lint"]
    assert [(f.code, f.level) for f in lint.findings] == [("CREDS_INVISIBLE_CHAR", Severity.ERROR)]
    assert_no_leak(sources.findings + lint.findings, KEY, SID)


def test_explicit_source_problem_is_an_error(tmp_path: Path) -> None:
    results = run_offline(
        CredentialInputs(secret_id=SID, secret_key_file=tmp_path / "missing", env={}, home=tmp_path)
    )
    [finding] = results["creds.sources"].findings
    assert (finding.code, finding.level) == ("CREDS_FILE_UNREADABLE", Severity.ERROR)
    assert finding.title("zh").endswith("文件不存在")
    assert results["creds.lint"].status is Status.SKIP


def test_undecodable_bytes_from_the_environment() -> None:
    """os.environ turns invalid UTF-8 into lone surrogates; nothing may choke on them."""
    findings = lint_findings(cred(secret_key=KEY[:-1] + "\udcff"))
    assert [f.code for f in findings] == [CREDS_NON_ASCII_CHAR.code, CREDS_KEY_FORMAT.code]
    for text in texts(findings[0]) + texts(findings[1]):
        text.encode("utf-8")  # printable and serialisable
    assert "U+DCFF" in findings[0].title("en")


def test_writable_and_foreign_files_are_warnings_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / ".tencentcloud" / "credentials"
    path.parent.mkdir()
    path.write_text(f"[default]\nsecret_id={SID}\nsecret_key={KEY}\n")
    os.chmod(path, 0o622)
    if os.geteuid() == 0:
        os.chown(path, 4242, 4242)
    results = run_offline(CredentialInputs(env={}, home=tmp_path))
    by_code = {f.code: f for f in results["creds.sources"].findings}
    writable = by_code["CREDS_FILE_WRITABLE"]
    assert writable.level is Severity.WARNING
    assert writable.title("en") == f"{path} is mode 0622: writable by group and others"
    assert writable.title("zh").endswith("mode 0622，同组用户和其他用户可写")
    assert writable.commands == (f"chmod 600 '{path}'",)
    if os.geteuid() == 0:
        owner = by_code["CREDS_FILE_OWNER"]
        assert owner.level is Severity.WARNING
        assert "owned by uid 4242" in owner.title("en")
        assert "属主是 uid 4242" in owner.title("zh")
    assert_no_leak(results["creds.sources"].findings, KEY, SID)


@pytest.mark.parametrize(
    ("provider", "env"),
    [
        ("tencentcloud", {"TENCENTCLOUD_SECRET_ID": SID, "TENCENTCLOUD_SECRET_KEY": KEY}),
        ("alidns", {"ALICLOUD_ACCESS_KEY": "LTAI5tQ7xW2mRb8nZk4pYc3D", "ALICLOUD_SECRET_KEY": KEY}),
    ],
)
def test_source_evidence_reads_as_it_is_shown(
    tmp_path: Path, provider: str, env: dict[str, str]
) -> None:
    """A renderer shows evidence as "label: value" and masks the rendered line; a source named
    $…_SECRET_KEY followed by ": SecretId …" read as a labelled secret, and the key's own label
    came out as "<secret … (8 chars)>". The evidence says the same with nothing to mask again."""
    path = tmp_path / ".alibabacloud" / "credentials"
    if provider == "alidns":
        path.parent.mkdir()
        path.write_text(
            "[default]\naccess_key_id = LTAI5tQ7xW2mRb8nZk4pYc3D\naccess_key_secret = x"
            + KEY
            + "\n"
        )
        path.chmod(0o600)
    else:
        path = tmp_path / ".tccli" / "default.credential"
        path.parent.mkdir()
        path.write_text(json.dumps({"secretId": SID, "secretKey": "Other" + KEY[5:]}))
        path.chmod(0o600)
    results = run_offline(CredentialInputs(provider=provider, env=env, home=tmp_path))
    findings = results["creds.sources"].findings
    assert "CREDS_SOURCES_DISAGREE" in [f.code for f in findings]
    lines = [f"{ev.label}: {ev.value}" for f in findings for ev in f.evidence]
    assert lines
    for line in lines:
        assert secrets.redact(line) == line
    assert any(line.startswith("used") and "$" in line for line in lines)
    assert_no_leak(findings, KEY, SID)

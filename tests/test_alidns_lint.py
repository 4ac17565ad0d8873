"""Alibaba Cloud key shapes, as (code, params) data the credential checks render."""

from __future__ import annotations

import pytest

from dnsdoctor.credentials import Credential
from dnsdoctor.providers.alidns.lint import (
    character_lint,
    credential_problems,
    format_problems,
)

KID = "LTAI5tQ7xW2mRb8nZk4pYc3D"
OLD_KID = "LTAIV7SkrAVSkwFb"
SEC = "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"
STS_ID = "STS.NUgYrLnoC37mZZCNnAbez2Gf"
STS_SEC = "9tR2MsG4Q7hM7mNBNZ4aqjV6FLyqBjhGE2J7zVJjAPNP"


@pytest.mark.parametrize(
    ("key_id", "secret", "token", "codes"),
    [
        (KID, SEC, None, []),
        (OLD_KID, SEC, None, []),
        (STS_ID, STS_SEC, "CAIS-token", []),
        (KID + "\u200b", " " + SEC + "\n", None, []),  # shapes are judged on cleaned values
        (SEC, KID, None, ["CREDS_SWAPPED"]),
        (KID, SEC[:-2], None, ["CREDS_KEY_FORMAT"]),
        ("LTAI5t", SEC, None, ["CREDS_ID_FORMAT"]),
        ("12345", "abcdef", None, ["CREDS_ID_FORMAT", "CREDS_KEY_FORMAT"]),
        (STS_ID, STS_SEC, None, ["CREDS_TOKEN_MISSING"]),
        (STS_ID, STS_SEC, "  ", ["CREDS_TOKEN_MISSING"]),
        ("AKID" + "Ab3dE" * 6 + "xy", "x" * 32, None, ["CREDS_OTHER_PROVIDER_KEY"]),
    ],
)
def test_format_problems(key_id: str, secret: str, token: str | None, codes: list[str]) -> None:
    problems = format_problems(key_id, secret, token)
    assert [p.code for p in problems] == codes
    for p in problems:
        assert p.params["provider"] == "alidns"
        for value in p.params.values():
            assert secret.strip() not in str(value) and key_id.strip() not in str(value)


def test_lengths_and_expectations_are_params() -> None:
    (problem,) = format_problems(KID, SEC + "x")
    assert problem.code == "CREDS_KEY_FORMAT"
    assert problem.params == {
        "provider": "alidns",
        "length": 31,
        "expected": "30 letters or digits",
    }


def test_character_lint_applies_to_an_alibaba_credential_unchanged() -> None:
    cred = Credential(
        "env",
        "$ALICLOUD_ACCESS_KEY / $ALICLOUD_SECRET_KEY",
        KID,
        SEC + "\u3000",
        None,
        "$ALICLOUD_ACCESS_KEY",
        "$ALICLOUD_SECRET_KEY",
    )
    fields = character_lint(cred)
    assert [(f.part, [(i.kind, i.where, i.position) for i in f.issues]) for f in fields] == [
        ("SecretId", []),
        ("SecretKey", [("ideographic-space", "trailing", 31)]),
    ]
    assert fields[1].cleaned == SEC
    assert SEC not in fields[1].masked
    assert credential_problems(cred) == []


@pytest.mark.parametrize(
    ("key_id", "secret", "token", "codes"),
    [
        (STS_ID, STS_SEC, "CAIS-token", []),
        (STS_ID, STS_SEC, None, ["CREDS_TOKEN_MISSING"]),
        ("AKID" + "Ab3dE" * 6 + "xy", "x" * 32, None, ["CREDS_OTHER_PROVIDER_KEY"]),
        (SEC, KID, None, ["CREDS_SWAPPED"]),
        (KID, SEC[:-2], None, ["CREDS_KEY_FORMAT"]),
    ],
)
def test_lint_findings_of_an_alibaba_key(
    key_id: str, secret: str, token: str | None, codes: list[str]
) -> None:
    """creds.lint renders what alidns.lint finds in Alibaba's words, the codes proposed with it
    (CREDS_TOKEN_MISSING, CREDS_OTHER_PROVIDER_KEY) included."""
    from dnsdoctor.checks.creds.lint import lint_findings

    cred = Credential("env", "ALICLOUD_*", key_id, secret, token, provider="alidns")
    findings = lint_findings(cred)
    assert [f.code for f in findings] == codes
    for f in findings:  # as shown: Alibaba's own words, or the generic text's {id_label}
        for lang in ("en", "zh"):
            assert "SecretId" not in f.title(lang) and "AccessKey" in f.title(lang), f.title(lang)

"""A mask in a finding's text is said in the reader's language; its data and its JSON form are not.

A finding's params carry a key id as :func:`~dnsdoctor.core.secrets.mask_id_words` (a Phrase):
"LTAI…cv (24 chars, sha256:…)" in English, "LTAI…cv（24 个字符，sha256:…）" in Chinese. ``str()``
of it, what the JSON report's params carry, is the English mask, byte for byte as before; evidence
keeps the English mask (:func:`~dnsdoctor.core.secrets.mask_id`), as it keeps its English labels.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import dnsdoctor.providers  # noqa: F401  (registers the providers' key-id shapes)
from dnsdoctor.core import secrets
from dnsdoctor.core.model import Evidence

LTAI = "LTAI5tQ8mZ3kP9vX2nR7wY4b"
AKID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
KEY = "Zq8vW2Zq8vW2Zq8vW2Zq8vW2Zq8vW2Xy"
NOT_AN_ID = "not-an-id-but-a-pasted-secret"


@pytest.mark.parametrize("key_id", [LTAI, AKID, " " + LTAI + "\u200b", NOT_AN_ID])
def test_the_english_mask_of_a_key_id_is_as_before(key_id: str) -> None:
    words = secrets.mask_id_words(key_id)
    n, fp = len(key_id), secrets.fingerprint(key_id)
    shape = secrets.cleaned(key_id)
    head = f"{shape[:4]}…{shape[-2:]}" if shape != NOT_AN_ID else "…"
    assert str(words) == words.render("en") == secrets.mask_id(key_id)
    assert str(words) == f"{head} ({n} chars, sha256:{fp})"
    assert words.render("zh") == f"{head}（{n} 个字符，sha256:{fp}）"


def test_the_mask_of_a_secret_is_length_and_fingerprint_in_either_language() -> None:
    words = secrets.mask_words(KEY)
    fp = secrets.fingerprint(KEY)
    assert str(words) == secrets.mask(KEY) == f"… (32 chars, sha256:{fp})"
    assert words.render("zh") == f"…（32 个字符，sha256:{fp}）"
    for lang in ("en", "zh"):
        shown = words.render(lang)
        assert not any(KEY[i : i + 3] in shown for i in range(len(KEY) - 2))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("value", [LTAI, AKID, KEY])
def test_a_mask_in_either_language_is_recognised_and_not_masked_again(
    lang: str, value: str
) -> None:
    shown = secrets.mask_id_words(value).render(lang)
    text = f"密钥 {shown} 可以 / key {shown}: SecretKey {shown}, SecretKey: {shown}"
    assert secrets.is_masked(shown)
    assert secrets.redact(text) == text
    assert Evidence("SecretId", shown, secret=True).shown == shown


# -- through the CLI ----------------------------------------------------------------------------

SCENARIOS = {"alidns-pasted-character": "LTAI", "creds-zero-width": "AKID"}


def _outside_code_blocks(markdown: str) -> str:
    """The Markdown without its fenced blocks (the evidence, English data like its labels)."""
    return re.sub(r"(?ms)^```.*?^```$", "", markdown)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_chinese_report_says_the_mask_in_chinese(cli: Any, scenario: str) -> None:
    prefix = SCENARIOS[scenario]
    zh_mask = re.compile(rf"{prefix}…\S\S（\d+ 个字符，sha256:[0-9a-f]{{8}}）")
    run = cli("demo", scenario, "--lang", "zh-CN", env={"COLUMNS": "200"})
    assert zh_mask.search(run.stdout), run.stdout
    assert "chars" not in run.stdout
    markdown = cli("demo", scenario, "--lang", "zh-CN", "-f", "markdown").stdout
    text = _outside_code_blocks(markdown)
    assert zh_mask.search(text) and "chars" not in text, text


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_an_english_report_says_the_mask_as_before(cli: Any, scenario: str) -> None:
    en_mask = re.compile(rf"{SCENARIOS[scenario]}…\S\S \(\d+ chars, sha256:[0-9a-f]{{8}}\)")
    for fmt in ("rich", "markdown"):
        out = cli("demo", scenario, "-f", fmt, env={"COLUMNS": "200"}).stdout
        assert en_mask.search(out) and "个字符" not in out, out


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_json_params_carry_the_english_mask_in_either_language(
    cli: Any, scenario: str, lang: str
) -> None:
    report = cli("demo", scenario, "--lang", lang, "-f", "json").json
    findings = [f for c in report["checks"] for f in c["findings"]]
    ids = {f["params"]["secret_id"] for f in findings if "secret_id" in f["params"]}
    # the same string as the key id's evidence, the English mask
    evidence = {
        e["value"]
        for f in findings
        for e in f.get("evidence", ())
        if re.fullmatch(r"\S+…\S\S \(\d+ chars, sha256:[0-9a-f]{8}\)", e["value"])
    }
    assert len(ids) == 1 and ids == evidence, (ids, evidence)
    (shown,) = ids
    assert re.fullmatch(rf"{SCENARIOS[scenario]}…\S\S \(\d+ chars, sha256:[0-9a-f]{{8}}\)", shown)

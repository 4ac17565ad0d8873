"""Every provider's key ids are masked wherever they appear, not only the keys a run read.

A user pastes a log into ``dnsdoctor explain --log``: an Alibaba SignatureDoesNotMatch answer echoes
the server's string to sign, AccessKeyId included. The provider registry declares each provider's
key-id shapes (``Provider.key_id_shapes``) and registers them for redaction when imported, so the
id is shown as its prefix, last two characters, length and fingerprint, like a Tencent SecretId.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import dnsdoctor.providers  # noqa: F401  (registers the providers' key-id shapes)
from dnsdoctor.core import secrets

LTAI = "LTAI5tQ8mZ3kP9vX2nR7wY4b"
STS = "STS.NUgYrLnoC37mZZCNnAbez2Wk"
AKID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"

LOG = f"""\
2026/03/01 08:00:01 [WARN] [shop.example.org] acme: error presenting token: alicloud: API call failed: SDKError:
   StatusCode: 400
   Code: SignatureDoesNotMatch
   Message: code: 400, Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3D{LTAI}%26Action%3DDescribeDomains request id: 5B2C3D4E-1A2B-4C3D-8E9F-0A1B2C3D4E5F
"""


@pytest.mark.parametrize("key_id", [LTAI, STS, AKID])
def test_a_key_id_in_free_text_keeps_only_its_prefix_and_last_two(key_id: str) -> None:
    shown = secrets.redact(f"AccessKeyId%3D{key_id}%26Action and again: {key_id}.")
    assert key_id not in shown
    assert key_id[4:-2] not in shown
    assert shown.count(f"{key_id[:4]}…{key_id[-2:]} ({len(key_id)} chars") == 2


def test_mask_id_shows_an_alibaba_id_as_people_recognise_it() -> None:
    assert secrets.mask_id(LTAI).startswith("LTAI…4b (24 chars, sha256:")


@pytest.mark.parametrize(
    "prose",
    ["STS.InvalidSecurityToken.Expired", "LTAI", "the LTAI prefix", "sts:GetCallerIdentity"],
)
def test_words_that_only_look_like_ids_stay(prose: str) -> None:
    assert secrets.redact(prose) == prose


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_log_never_echoes_an_alibaba_key_id(tmp_path: Path, fmt: str) -> None:
    """A fresh interpreter, as a user runs it: nothing registered the key, the registry's shapes do."""
    log = tmp_path / "lego.log"
    log.write_text(LOG, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALICLOUD", "TENCENTCLOUD"))}
    done = subprocess.run(
        [sys.executable, "-m", "dnsdoctor", "explain", "--log", str(log), "--format", fmt],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "DNSDOCTOR_LOOPBACK_ONLY": "1"},
        check=False,
    )
    out = done.stdout + done.stderr
    assert "SignatureDoesNotMatch" in out  # the log was read and explained
    assert LTAI not in out
    assert LTAI[4:-2] not in out
    assert "LTAI…4b" in out

"""Key-looking values are masked everywhere, keys show no prefix, and text is cut after redacting.

- ``explain --log`` masks a SecretKey, token or SecretId in every field, the title, the excerpt and
  the JSON, whatever label the log puts before it (``SecretKey:``, ``secret_key=``,
  ``Tencent_SecretKey='…'``, ``"SecretKey": "…"``, ``X-TC-Token:``...).
- A SecretKey or token is shown as its length and fingerprint only; a SecretId may keep its
  ``AKID`` prefix and last two characters (it names the key, it does not sign anything).
- A message shortened for a report is redacted first and cut afterwards: cutting first leaves a
  prefix of a registered secret that :func:`~dnsdoctor.core.secrets.redact` no longer recognises.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.asyncquery
import dns.name
import pytest

from dnsdoctor.core import secrets
from dnsdoctor.lab import scenarios as scenarios_module
from dnsdoctor.lab.scenarios import Scenario
from dnsdoctor.lab.scenarios_creds import SCENARIOS, CredsWorld

Cli = Callable[..., Any]

KEY_COLON = "Zx9s8d7f6g5h4j3k2l1Qw2e3r4t5y6u7"
KEY_EQUALS = "Ab9s8d7f6g5h4j3k2l1Qw2e3r4t5y6u8"
KEY_QUOTED = "Kk9s8d7f6g5h4j3k2l1Qw2e3r4t5y6u9"
KEY_JSON = "Qq9s8d7f6g5h4j3k2l1Qw2e3r4t5y6u0"
KEY_ENV = "Gu5t9xGARNpq86cd98joQYCN3Ex4mPlE"
TOKEN = "tok9s8d7f6g5h4j3k2l1Qw2e3r4t5y6u9x8c7v6b5n4m3"
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
KEYS = (KEY_COLON, KEY_EQUALS, KEY_QUOTED, KEY_JSON, KEY_ENV, TOKEN)

LOG = (
    f"TENCENTCLOUD_SECRET_ID={SECRET_ID} TENCENTCLOUD_SECRET_KEY={KEY_ENV} lego --dns tencentcloud\n"
    "2025/01/01 10:00:02 [ERROR] [example.com] dnspod: API call failed: [TencentCloudSDKError] "
    f"Code=AuthFailure.SignatureFailure, Message=signature for SecretKey: {KEY_COLON} and "
    f"secret_key={KEY_EQUALS} with X-TC-Token: {TOKEN} id {SECRET_ID}, RequestId=abc-123\n"
    "2025/01/01 10:00:03 [ERROR] lookup _acme-challenge.example.com on 1.2.3.4:53: dial with "
    f"Tencent_SecretKey='{KEY_QUOTED}'\n"
    '{"Response":{"Error":{"Code":"AuthFailure.SecretIdNotFound","Message":"key \\"SecretKey\\": '
    f'\\"{KEY_JSON}\\" of {SECRET_ID} bad"}},"RequestId":"r-1"}}}}\n'
)


def pieces(value: str, n: int = 6) -> set[str]:
    return {value[i : i + n] for i in range(len(value) - n + 1)}


def assert_no_piece(where: str, text: str, values: tuple[str, ...], n: int = 6) -> None:
    for value in values:
        leaked = sorted(p for p in pieces(value, n) if p in text)
        assert not leaked, f"{where}: pieces {leaked[:3]} of a {len(value)}-char secret in {text!r}"


@pytest.fixture(autouse=True)
def _empty_registry() -> Iterator[None]:
    secrets.forget_all()
    yield
    secrets.forget_all()


# ------------------------------------------------------------------------ explain --log


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_explain_log_masks_key_looking_values_everywhere(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    log = tmp_path / "acme.log"
    log.write_text(LOG, encoding="utf-8")
    run = cli("explain", "--log", str(log), "--format", fmt)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    if fmt == "json":
        out = "\n".join(json.dumps(m, ensure_ascii=False) for m in json.loads(out))
        assert {m["cause"] for m in json.loads(run.stdout)} >= {
            "signature_failure",
            "secret_id_not_found",
        }
    assert_no_piece(f"explain --log -f {fmt}", out, KEYS)
    assert SECRET_ID not in out
    assert "AKID" in out  # the SecretId is masked with its prefix, still recognisable


def test_explain_log_masks_every_field_in_process() -> None:
    from dnsdoctor.logparse import analyse_log

    matches = analyse_log(LOG)
    assert len(matches) >= 3
    for m in matches:
        for lang in ("en", "zh"):
            assert_no_piece("title", m.title(lang), KEYS)
            assert_no_piece("as_dict", json.dumps(m.as_dict(lang), ensure_ascii=False), KEYS)
        for key, value in m.fields.items():
            assert_no_piece(f"field {key}", value, KEYS)
            assert SECRET_ID not in value
        assert_no_piece("excerpt", m.excerpt, KEYS)


def test_plain_words_after_a_label_are_kept() -> None:
    """Masking needs a value shaped like a key: prose around the labels stays readable."""
    text = "Token verification failed; the SecretKey does not match; token=abc"
    assert secrets.redact(text) == text


# ------------------------------------------------------------------------ mask shapes


def test_mask_of_a_key_is_length_and_fingerprint_only() -> None:
    shown = secrets.mask(KEY_COLON)
    assert "32 chars" in shown and secrets.fingerprint(KEY_COLON) in shown
    assert_no_piece("mask", shown, (KEY_COLON,), n=2)


def test_mask_of_a_secret_id_keeps_prefix_and_suffix() -> None:
    shown = secrets.mask_id(SECRET_ID)
    assert shown.startswith("AKID…LE ") and "36 chars" in shown
    # a value in the SecretId slot that is not shaped like one may be a pasted key
    assert_no_piece("mask_id", secrets.mask_id(KEY_COLON), (KEY_COLON,), n=2)


def test_redact_shows_a_registered_key_without_prefix() -> None:
    secrets.register(KEY_COLON)
    text = secrets.redact(f"server said: {KEY_COLON}!")
    assert_no_piece("redact", text, (KEY_COLON,), n=3)
    assert secrets.fingerprint(KEY_COLON) in text


# ------------------------------------------------------------------------ cut after redacting


def test_tencent_message_is_cut_after_redacting() -> None:
    from dnsdoctor.providers.tencentcloud.client import MAX_MESSAGE, TencentApiError

    secrets.register(KEY_COLON)
    message = "x" * (MAX_MESSAGE - 10) + " " + KEY_COLON + " tail"
    err = TencentApiError("AuthFailure.SignatureFailure", message)
    assert_no_piece("TencentApiError", err.message + str(err), (KEY_COLON,), n=4)
    assert len(err.message) <= MAX_MESSAGE


def test_tencent_invalid_body_is_cut_after_redacting() -> None:
    from dnsdoctor.providers.tencentcloud.client import TencentApiError, _envelope

    secrets.register(KEY_COLON)
    body = ("<html>" + "y" * 66 + KEY_COLON + "</html>").encode()
    with pytest.raises(TencentApiError) as info:
        _envelope(body, "DescribeRecordList", "https://dnspod.tencentcloudapi.com", None)
    assert_no_piece("invalid body", str(info.value), (KEY_COLON,), n=4)


def test_dns_error_detail_is_cut_after_redacting(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from dnsdoctor.net.dns import MALFORMED, DnsClient

    secrets.register(KEY_COLON)

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("z" * 180 + KEY_COLON)

    monkeypatch.setattr(dns.asyncquery, "udp", broken)
    client = DnsClient(query_timeout=0.5)
    client.attempts = 1
    reply = asyncio.run(client.ask("127.0.0.1", 9, dns.name.from_text("example.com."), "TXT"))
    assert reply.error == MALFORMED
    assert_no_piece("Reply.detail", reply.detail, (KEY_COLON,), n=4)


# ------------------------------------------------------------------------ every report format


@pytest.fixture
def creds_worlds(monkeypatch: pytest.MonkeyPatch) -> list[CredsWorld]:
    """The CredsWorld of every creds scenario ``dnsdoctor demo`` builds (to know its keys)."""
    built: list[CredsWorld] = []
    real = scenarios_module.all_scenarios

    def keeping() -> dict[str, Scenario]:
        found = real()
        for name in list(found):
            if name in SCENARIOS:

                def build(name: str = name) -> Any:
                    built.append(SCENARIOS[name].build())
                    return built[-1].demo()

                found[name] = dataclasses.replace(found[name], build=build)
        return found

    monkeypatch.setattr(scenarios_module, "all_scenarios", keeping)
    return built


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown"])
@pytest.mark.parametrize("name", ["creds-healthy", "creds-token-missing"])
def test_reports_show_no_prefix_or_suffix_of_a_key(
    cli: Cli, creds_worlds: list[CredsWorld], name: str, fmt: str
) -> None:
    run = cli("demo", name, "-f", fmt, "-v", env={"COLUMNS": "1000"})
    (cw,) = creds_worlds
    keys = [cw.secret_key] + [k.token for k in cw.api.keys.values() if k.token]
    out = run.stdout
    if fmt == "json":
        out = json.dumps(json.loads(out), ensure_ascii=False)
    assert "sha256:" in out
    for key in keys:
        for shown in (f"{key[:4]}…", f"{key[:2]}…", f"…{key[-2:]} ("):
            assert shown not in out, (name, fmt, shown)
    # the SecretId keeps its prefix: it is how people recognise their key
    assert re.search(rf"{re.escape(cw.secret_id[:4])}…{re.escape(cw.secret_id[-2:])}", out)

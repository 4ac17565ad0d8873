"""Each place where text from outside becomes data makes its controls visible.

The data boundaries (DNS TXT bytes, Tencent Cloud API answers and errors, HTTP and NTP errors, DNS
error details) and the structural guarantee behind them (a Finding, its Evidence and a check's
crash reason sanitise themselves, whoever built them) are tested one by one, without a network.
"""

from __future__ import annotations

import asyncio
import json
import unicodedata
from typing import Any

import dns.message
import dns.name
import dns.rrset
import pytest

from dnsdoctor.core.model import CheckResult, Evidence, Finding, Severity, SpecMaker, Status
from dnsdoctor.outside import from_wire, visible, visible_tree

ESC_TITLE = "\x1b]0;pwned\x07"
HOSTILE = f"a{ESC_TITLE}b\x1b[2J\u202ec\x9b31m\x7f\u200b\u2066d\u2069\x00\n\r\t\u2028"


def raw(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


def test_visible_escapes_every_kind_and_keeps_the_rest() -> None:
    shown = visible(HOSTILE)
    assert shown == (
        r"a\x1b]0;pwned\x07b\x1b[2J\u202ec\x9b31m\x7f\u200b\u2066d\u2069\x00\n\r\t\u2028"
    )
    assert visible(shown) == shown  # idempotent
    assert visible("plain 中文 text, ünïcödé 👍") == "plain 中文 text, ünïcödé 👍"
    assert visible("two\nlines\x1b", keep="\n") == "two\nlines\\x1b"
    assert visible("\ud800lone") == "\\ud800lone"  # a lone surrogate could not even be written


def test_from_wire_shows_undecodable_bytes_as_escapes() -> None:
    assert from_wire(b"ok\x1b[2J\xe2\x80\xae\x9b\xff") == r"ok\x1b[2J\u202e\x9b\xff"


def test_visible_tree() -> None:
    data = {"k\x1b": ["v\x07", ("t\u202e", 3)], "n": None}
    assert visible_tree(data) == {"k\\x1b": ["v\\x07", ("t\\u202e", 3)], "n": None}


SPEC = SpecMaker("test")(
    "TEST_HOSTILE", Severity.ERROR, ("got {value}", "收到 {value}"), ("m", "m"), ("r {value}", "r")
)


def test_a_finding_sanitises_whatever_a_check_passes() -> None:
    f = Finding(
        SPEC,
        {"value": HOSTILE, "values": [HOSTILE], "n": 3},
        (Evidence(f"TXT {HOSTILE}", HOSTILE), Evidence("key", "secret\x1bvalue", secret=True)),
        commands=(f"dig TXT {HOSTILE}",),
        subject=HOSTILE,
    )
    texts = [f.title("en"), f.title("zh"), f.remedy("en"), f.subject, *f.commands]
    texts += [e.label for e in f.evidence] + [e.shown for e in f.evidence]
    texts += [f.params["value"], *f.params["values"]]
    for text in texts:
        assert not raw(text), text
    assert r"\x1b]0;pwned\x07" in f.title("en") and f.params["n"] == 3
    assert "secret" not in f.evidence[1].shown  # a secret is masked, not shown escaped


def test_a_crash_reason_is_sanitised() -> None:
    r = CheckResult("dns.txt", "dns", Status.CRASH, reason=f"ValueError: {HOSTILE}")
    assert not raw(r.reason) and r"\x1b]0;pwned\x07" in r.reason


def test_txt_values_are_visible() -> None:
    from dnsdoctor.net.dns import Reply
    from dnsdoctor.truth.challenge import txt_values

    name = dns.name.from_text("_acme-challenge.example.com.")
    msg = dns.message.make_response(dns.message.make_query(name, "TXT"))
    msg.answer.append(
        dns.rrset.from_text(name, 60, "IN", "TXT", r'"\027]0;pwned\007"', r'"ok\226\128\174\155"')
    )
    reply = Reply("127.0.0.1", 53, name, 16, "udp", message=msg)
    assert sorted(txt_values(reply, name) or []) == [r"\x1b]0;pwned\x07", r"ok\u202e\x9b"]


def test_tencent_answers_and_errors_are_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    from dnsdoctor.providers.tencentcloud.client import ApiCredential, TencentApi, TencentApiError

    answers: list[dict[str, Any]] = [
        {
            "Response": {
                "RecordList": [
                    {"RecordId": 1, "Name": f"_acme{ESC_TITLE}", "Type": "TXT", "Value": HOSTILE}
                ],
                "RequestId": "r",
            }
        },
        {"Response": {"Error": {"Code": f"Auth{ESC_TITLE}", "Message": HOSTILE}, "RequestId": "r"}},
    ]

    def blocking(self: TencentApi, *args: Any, **kwargs: Any) -> tuple[bytes, None]:
        return json.dumps(answers.pop(0)).encode(), None

    monkeypatch.setattr(TencentApi, "_blocking", blocking)
    api = TencentApi("http://127.0.0.1:9", max_attempts=1)  # never reached: _blocking is faked
    cred = ApiCredential("AKID" + "x" * 32, "k" * 32)
    (record,) = asyncio.run(api.describe_record_list(cred, "example.com"))
    assert not raw(record.value) and not raw(record.name)
    assert r"\x1b]0;pwned\x07" in record.value
    with pytest.raises(TencentApiError) as info:
        asyncio.run(api.describe_record_list(cred, "example.com"))
    err = info.value
    assert not raw(err.code) and not raw(err.message) and not raw(str(err))
    assert r"\u202e" in err.message


def test_http_and_ntp_errors_are_visible() -> None:
    from dnsdoctor.net.http import HttpNoDate
    from dnsdoctor.net.ntp import NtpError

    for err in (HttpNoDate("https://x/", f"bad redirect to {HOSTILE}"), NtpError("x", HOSTILE)):
        assert not raw(err.message) and not raw(str(err))


def test_a_reply_detail_is_visible_whatever_adapter_built_it() -> None:
    from dnsdoctor.net.dns import MALFORMED, Reply

    name = dns.name.from_text("example.com.")
    reply = Reply("127.0.0.1", 443, name, 16, "https", error=MALFORMED, detail=HOSTILE)
    assert not raw(reply.detail) and r"\x1b]0;pwned\x07" in reply.detail

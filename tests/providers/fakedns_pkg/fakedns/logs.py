"""How lego's ``fakedns`` provider prints Fake DNS's errors, for ``dnsdoctor explain --log``:
``fakedns: API call failed: [FakeDnsError] code=Auth.BadSignature message=… request=…``."""

from __future__ import annotations

import re

from dnsdoctor.providers.base import LogPatterns

from . import errors

LOG = LogPatterns(
    kind="fakedns_api_error",
    classify=errors.classify,
    known=errors.known,
    markers=("fakedns:", "[FakeDnsError]", "FAKEDNS_"),
    errors=(
        re.compile(
            r"\[FakeDnsError\] code=(?P<code>[A-Za-z][\w.]{0,80}) "
            r"message=(?P<msg>[^\n]{0,300}?)(?: request=(?P<rid>[\w-]{1,64})|$)"
        ),
    ),
    credentials_missing=(
        (
            re.compile(r"fakedns: some credentials information are missing: (?P<vars>[A-Z_,]+)"),
            "FAKEDNS_KEY, FAKEDNS_SECRET",
        ),
    ),
    harmless=frozenset({"Record.Missing"}),
    titles={
        "fakedns_api_error": {
            "en": "Fake DNS API {action} failed with {code} ({phase_label}){message_note}",
            "zh": "假 DNS API {action} 调用失败，错误码 {code}（{phase_label}）{message_note}",
        },
    },
    causes={
        "signature_failure": {
            "en": "Likely cause: the Key Secret does not match the Key ID (a wrong or rotated "
            "secret, or an invisible character pasted with it).",
            "zh": "可能原因：Key Secret 与 Key ID 不匹配（Secret 错误或已轮换，或粘贴时带入了不可见字符）。",
        },
    },
    creds_args=("--provider", "fakedns"),
    zone_words=("fakedns",),
)

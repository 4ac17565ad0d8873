"""CAA parsing and judging, table-driven: what Let's Encrypt (Boulder) and RFC 8659/8657 decide."""

from __future__ import annotations

import dns.name
import pytest

from dnsdoctor.checks.ca.caa import (
    ACCOUNT_MISMATCH,
    ACCOUNT_UNVERIFIED,
    ALLOWED,
    CAS,
    CRITICAL_UNKNOWN,
    FORBIDS_ALL,
    MALFORMED,
    NO_DNS01,
    NO_RECORDS,
    OTHER_CA,
    WILDCARD,
    CaaProperty,
    _fixed,
    climb,
    judge,
    parse_issue_value,
)

LE = CAS["letsencrypt"]
ACCT = "https://acme-v02.api.letsencrypt.org/acme/acct/123456"


def P(text: str) -> CaaProperty:
    flags, tag, value = text.split(" ", 2)
    return CaaProperty(int(flags), tag, value.strip('"'))


@pytest.mark.parametrize(
    ("value", "domain", "params", "error"),
    [
        ("letsencrypt.org", "letsencrypt.org", {}, ""),
        ("  letsencrypt.org  ", "letsencrypt.org", {}, ""),
        (";", "", {}, ""),
        ("", "", {}, ""),
        ("letsencrypt.org;", "letsencrypt.org", {}, ""),
        (
            "letsencrypt.org; validationmethods=dns-01; accounturi=https://x/acct/1",
            "letsencrypt.org",
            {"validationmethods": "dns-01", "accounturi": "https://x/acct/1"},
            "",
        ),
        ("letsencrypt.org; validationmethods", "letsencrypt.org", {}, "not tag=value"),
        ("letsencrypt.org; a b=c", "letsencrypt.org", {}, "letters and digits"),
        ("letsencrypt.org; a=b c", "letsencrypt.org", {}, "space"),
    ],
)
def test_parse_issue_value(value: str, domain: str, params: dict[str, str], error: str) -> None:
    parsed = parse_issue_value(value)
    assert parsed.domain == domain
    if error:
        assert error in parsed.error
    else:
        assert parsed.error == "" and parsed.params == params


CASES: list[tuple[str, list[str], bool, str | None, str]] = [
    # (case, records, wildcard, account, outcome)
    ("no CAA at all", [], False, None, NO_RECORDS),
    ("names the CA", ['0 issue "letsencrypt.org"'], False, None, ALLOWED),
    ("names the CA among others", ['0 issue "pki.goog"', '0 issue "letsencrypt.org"'], False, None, ALLOWED),
    ("another CA only", ['0 issue "digicert.com"'], False, None, OTHER_CA),
    ("case differs: Boulder compares exactly", ['0 issue "LetsEncrypt.org"'], False, None, OTHER_CA),
    ("forbids all", ['0 issue ";"'], False, None, FORBIDS_ALL),
    ("forbids all, but the CA named too", ['0 issue ";"', '0 issue "letsencrypt.org"'], False, None, ALLOWED),
    ("only iodef", ['0 iodef "mailto:a@example.com"'], False, None, ALLOWED),
    ("only issuewild, non-wildcard name", ['0 issuewild ";"'], False, None, ALLOWED),
    ("issuewild forbids the wildcard", ['0 issue "letsencrypt.org"', '0 issuewild ";"'], True, None, WILDCARD),
    ("issuewild names another CA", ['0 issue "letsencrypt.org"', '0 issuewild "pki.goog"'], True, None, WILDCARD),
    ("issuewild names the CA", ['0 issue ";"', '0 issuewild "letsencrypt.org"'], True, None, ALLOWED),
    ("no issuewild: issue counts for wildcards", ['0 issue "digicert.com"'], True, None, OTHER_CA),
    ("no issuewild: issue allows wildcards", ['0 issue "letsencrypt.org"'], True, None, ALLOWED),
    ("validationmethods without dns-01", ['0 issue "letsencrypt.org; validationmethods=http-01"'], False, None, NO_DNS01),
    ("validationmethods with dns-01", ['0 issue "letsencrypt.org; validationmethods=http-01,dns-01"'], False, None, ALLOWED),
    ("validationmethods with a bad method", ['0 issue "letsencrypt.org; validationmethods=dns-01,tls_alpn"'], False, None, NO_DNS01),
    ("accounturi of this account", [f'0 issue "letsencrypt.org; accounturi={ACCT}"'], False, ACCT, ALLOWED),
    ("accounturi of another account", [f'0 issue "letsencrypt.org; accounturi={ACCT}"'], False, ACCT + "9", ACCOUNT_MISMATCH),
    ("accounturi, account unknown", [f'0 issue "letsencrypt.org; accounturi={ACCT}"'], False, None, ACCOUNT_UNVERIFIED),
    ("malformed record naming the CA", ['0 issue "letsencrypt.org; validationmethods"'], False, None, MALFORMED),
    ("critical unknown tag", ['128 tbs "x"', '0 issue "letsencrypt.org"'], False, None, CRITICAL_UNKNOWN),
    ("flag 1 on an unknown tag: Boulder treats it as critical", ['1 tbs "x"', '0 issue "letsencrypt.org"'], False, None, CRITICAL_UNKNOWN),
    ("critical iodef is known", ['128 iodef "mailto:a@example.com"', '0 issue "letsencrypt.org"'], False, None, ALLOWED),
    ("non-critical unknown tag", ['0 tbs "x"', '0 issue "letsencrypt.org"'], False, None, ALLOWED),
    ("tags are case-insensitive", ['0 ISSUE "digicert.com"'], False, None, OTHER_CA),
]  # fmt: skip


@pytest.mark.parametrize(("case", "records", "wildcard", "account", "outcome"), CASES)
def test_judge(
    case: str, records: list[str], wildcard: bool, account: str | None, outcome: str
) -> None:
    got = judge([P(r) for r in records], wildcard=wildcard, ca=LE, account=account)
    assert got.outcome == outcome, case
    assert got.allowed == (outcome in (ALLOWED, NO_RECORDS))


def test_zerossl_is_sectigo_and_google_is_pki_goog() -> None:
    assert judge([P('0 issue "sectigo.com"')], wildcard=False, ca=CAS["zerossl"]).allowed
    assert judge([P('0 issue "pki.goog"')], wildcard=False, ca=CAS["google"]).allowed
    assert not judge([P('0 issue "letsencrypt.org"')], wildcard=False, ca=CAS["google"]).allowed


@pytest.mark.parametrize(
    ("record", "outcome", "account", "fixed"),
    [
        (
            '0 issue "letsencrypt.org; validationmethods=http-01"',
            NO_DNS01,
            None,
            '0 issue "letsencrypt.org; validationmethods=http-01,dns-01"',
        ),
        (
            f'0 issue "letsencrypt.org; accounturi={ACCT}; validationmethods=dns-01"',
            ACCOUNT_MISMATCH,
            "https://acme/acct/2",
            '0 issue "letsencrypt.org; accounturi=https://acme/acct/2; validationmethods=dns-01"',
        ),
        (
            '0 issue "letsencrypt.org; validationmethods"',
            MALFORMED,
            None,
            '0 issue "letsencrypt.org"',
        ),
    ],
)
def test_the_fixed_record_keeps_what_it_can(
    record: str, outcome: str, account: str | None, fixed: str
) -> None:
    assert _fixed(P(record), LE, outcome, account) == fixed


def test_climb_stops_at_the_tld() -> None:
    got = [n.to_text() for n in climb(dns.name.from_text("a.b.example.com"))]
    assert got == ["a.b.example.com.", "b.example.com.", "example.com.", "com."]

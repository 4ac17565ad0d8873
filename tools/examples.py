"""Example values for the placeholders of the finding texts, for the generated documentation.

A finding's texts are templates (``{server} lags behind: SOA serial {serial}``) that a run fills
from the finding's params. The documentation (``tools/docgen.py``, ``tools/docsite.py``) shows
them filled with the example values below, never as bare placeholders, so that a page reads like
a report.

Values that depend on the DNS provider (its name, its API actions, its key's shape, its error
codes, where lego reads its key) are never written here: :func:`provider_params` derives them
from each provider's metadata in the registry (:mod:`dnsdoctor.providers`), the same metadata the
checks read, so a third provider gets its own examples without an edit here. Everything else is
provider-neutral: documentation names (``example.com``, ``ns1.example.net``) and addresses
(RFC 5737 ``192.0.2.0/24``, ``198.51.100.0/24``, ``203.0.113.0/24``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import dns.name

from dnsdoctor.checks.clock.checks import Duration
from dnsdoctor.checks.path.specs import WORDS as PATH_WORDS
from dnsdoctor.checks.resolvers.specs import WORDS as RESOLVER_WORDS
from dnsdoctor.core import secrets
from dnsdoctor.core.i18n import Phrase
from dnsdoctor.core.model import FindingSpec, Text, fill, pick
from dnsdoctor.providers.base import ErrorKind, Provider


def _words(en: str, zh: str) -> Phrase:
    """A param that a check gives as words in the reader's language (a :class:`Phrase`)."""
    return Phrase(
        {lang: t.replace("{", "{{").replace("}", "}}") for lang, t in (("en", en), ("zh", zh))}
    )


_NS1 = "ns1.example.net (192.0.2.53)"
_NS2 = "ns2.example.net (198.51.100.53)"
_TOKEN = "gfj9Xq-K4Pf2k1QhGZoDl0hXtS9d7WmFQ8NDNsXSd1c"
_CHALLENGE = "_acme-challenge.example.com"
_PROBE = "_dnsdoctor-probe-0a1b2c3d4e5f.example.com"

PARAMS: dict[str, Any] = {
    "account": "100000000001",
    "accounturi": "https://acme-v02.api.letsencrypt.org/acme/acct/123456789",
    "acme_account": "https://acme-v02.api.letsencrypt.org/acme/acct/987654321",
    "actual_ns": "ns1.other-dns.example, ns2.other-dns.example",
    "age": "",
    "agreeing": 2,
    "ago": "2 d",
    "ahead": "3 h",
    "algorithms": "RSASHA1",
    "answer": "NXDOMAIN",
    "attempts": 3,
    "ca": "Let's Encrypt",
    "cause_child": "ns1.example.net, ns2.example.net",
    "cause_leader": _NS1,
    "chain": ". (trust anchor) → com (DS 19718/ECDSAP256SHA256 ✓) → example.com (DS 2371/"
    "ECDSAP256SHA256 ✓)",
    "challenge": _CHALLENGE,
    "char": "ZERO WIDTH SPACE (U+200B)",
    "child": "ns1.example.net, ns2.example.net",
    "cloud": "Tencent Cloud / 腾讯云",
    # the zone's provider unknown: the neutral words the checks give (issue 13)
    "form": "",
    "ns_filter": Phrase(PATH_WORDS["ns_domain"]),
    "ttl_settings": Phrase(RESOLVER_WORDS["ttl_setting"]),
    "limit": "5 min",
    "id_label": "SecretId",
    "secret_label": "SecretKey",
    "count": 2,
    "current": '0 issue "letsencrypt.org; validationmethods=http-01"',
    "delegated": "ns1.other-dns.example, ns2.other-dns.example",
    "detail": "timeout 2.0 s",
    "distance_text": "2 min 17 s",
    "distance_text_zh": "2 分 17 秒",
    "dns_status": "dnserror",
    "domain": "example.com",
    "domain_id": 90000001,
    "domains": "example.net, example.org",
    "double": "_acme-challenge.example.com.example.com",
    "ds": "key tag 2371/ECDSAP256SHA256",
    "ds_ttl": "24 h",
    "ede": " (EDE 7 Signature Expired)",
    "effect": _words(
        "is deprecated (RFC 8624): validators on systems without SHA-1 treat it as unsigned",
        "该算法已弃用（RFC 8624）：禁用 SHA-1 的系统上的验证者把它当作未签名",
    ),
    "expect": _TOKEN,
    "expiration": "2026-11-29 08:00:00",
    "failed": f"TXT {_CHALLENGE}: timeout 2.0 s; NS example.com: timeout 2.0 s",
    "failing": 2,
    "fake": "198.18.0.3",
    "flags": "",
    "fqdn": _PROBE,
    "host": "_acme-challenge",
    "hours": "8",
    "inception": "2026-12-01 11:00:00",
    "interval": 2,
    "issuers": "digicert.com",
    "keys": "key tag 40102/ECDSAP256SHA256",
    "kind": "zero-width character",
    "kind_zh": "零宽字符",
    "latest": 2026120102,
    "leader": _NS1,
    "left": 1200,
    "length": 33,
    "lister": "ns1.example.net",
    "looked_up": 10,
    "message": "The request was refused.",
    "methods": "http-01",
    "minimum": 86400,
    "missing": f"'{_TOKEN}'",
    "more": " (and 1 more)",
    "more_zh": "（另有 1 处）",
    "name": _CHALLENGE,
    "nameservers": "empty",
    "nameservers_zh": "留空",
    "neg_ttl": 3600,
    "ns": "ns1.example.net",
    "ns_domain": "example.net",
    "offset_abs": "2 min 5 s",
    "offset_abs_zh": "2 分 5 秒",
    "offset_text": "-412.000 s",
    "oldest": "2026-11-28 08:00:00",
    "origin": "example.com",
    "owner": "example.com",
    "parent": "com",
    "path": "/root/.acme.sh/account.conf",
    "position": 33,
    "problem": "its target does not exist",
    "qname": "example.com",
    "qtype": "TXT",
    "rcode": "NXDOMAIN",
    "rdtype": "DNSKEY",
    "readers": "lego, Certimate (through lego)",
    "reason": "no server answered for com. NS",
    "record": '0 issue "letsencrypt.org"',
    "record_id": "1000001",
    "records": '128 tbs "unknown"',
    "resolver": "203.0.113.53",
    "role": _words("system resolver", "系统 DNS 解析器"),
    "rerun": "dnsdoctor clock",
    "root": "198.41.0.4",
    "root_note": "",
    "root_note_zh": "",
    "rrset": "example.com DNSKEY",
    "second": "~/.acme.sh/account.conf",
    "seconds": "1.3",
    "seen": "4/4 (dns.alidns.com, doh.pub, cloudflare-dns.com, dns.google)",
    "serial": 2026120101,
    "server": _NS2,
    "server_offset_text": "+137.000 s",
    "servers": f"{_NS1}, {_NS2}",
    "skew": "7 min 12 s ahead of",
    "skew_zh": "7 分 12 秒（本机偏快）",
    "sleep": 20,
    "slowest": _NS2,
    "soa_ttl": 3600,
    "source": "~/.acme.sh/account.conf",
    "decided_by": "NTP, median of 3 servers (192.0.2.123, 198.51.100.123, 203.0.113.123)",
    "decided_by_zh": " NTP（3 台服务器的中位数：192.0.2.123, 198.51.100.123, 203.0.113.123）",
    "spread_text": "4 min 10 s",
    "spread_text_zh": "4 分 10 秒",
    "status": "enable",
    "still": _NS2,
    "stub": "systemd-resolved",
    "suggest": "119.29.29.29",
    "summary": _words(
        "203.0.113.53 udp 12 ms, tcp 15 ms; 8.8.8.8 udp 31 ms, tcp 40 ms",
        "203.0.113.53 UDP 12 ms，TCP 15 ms；8.8.8.8 UDP 31 ms，TCP 40 ms",
    ),
    "target": "8f1c2a.auth.acme-dns.example",
    "tcp": "timeout 2.0 s",
    "timeout": 60,
    "token_state": "no token was sent",
    "token_state_zh": "没有发送 Token",
    "total": 2,
    "tried": "dns.google, cloudflare-dns.com, doh.pub, dns.alidns.com",
    "truth": "192.0.2.53",
    "ttl": 600,
    "types": "A, TXT",
    "udp": "timeout 2.0 s",
    "uncertainty_text": "0.050 s",
    "upstreams": "203.0.113.53",
    "url": "https://www.example.net/",
    "values": "'old-token-left-by-a-failed-order'",
    "wait": "empty (0)",
    "wait_zh": "留空（0）",
    "where": "trailing",
    "where_zh": "末尾",
    "why": "it is still listed 10 s later",
    "why_zh": "10 秒后仍然列出",
    "working": "192.0.2.53",
    "zone": "example.com",
    "zones": "example.com",
}
"""One example value per param name, for every code that does not say otherwise in
:data:`BY_CODE`."""

_CLOCK_FIX = {
    "fix": "Turn on time synchronisation: `timedatectl set-ntp true`.",
    "fix_zh": "请开启时间同步：`timedatectl set-ntp true`。",
}

BY_CODE: dict[str, dict[str, Any]] = {
    "CAA_ACCOUNT_MISMATCH": {
        "current": '0 issue "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/'
        'acme/acct/123456789"',
        "host": "@",
        "record": '0 issue "letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/'
        'acme/acct/987654321"',
    },
    "CAA_CRITICAL_UNKNOWN": {"host": "@"},
    "CAA_FORBIDS_ALL": {"host": "@", "record": '0 issue "letsencrypt.org"', "name": "example.com"},
    "CAA_LOOKUP_FAILED": {"answer": "SERVFAIL", "total": 2},
    "CAA_NO_DNS01": {
        "host": "@",
        "record": '0 issue "letsencrypt.org; validationmethods=http-01,dns-01"',
    },
    "CAA_OTHER_CA": {"host": "@", "name": "example.com"},
    "CAA_RECORD_MALFORMED": {
        "host": "@",
        "current": '0 issue "letsencrypt.org; validationmethods"',
        "detail": "a parameter without a value",
    },
    "CAA_WILDCARD_FORBIDDEN": {
        "host": "@",
        "name": "example.com",
        "records": '0 issuewild ";"',
        "record": '0 issuewild "letsencrypt.org"',
    },
    "CAA_ALLOWS": {"name": "example.com"},
    "CLOCK_DRIFT": {
        "offset_text": "+124.532 s",
        "skew": "2 min 5 s behind",
        "skew_zh": "慢了 2 分 5 秒",
        **_CLOCK_FIX,
    },
    "CLOCK_FALSETICKER": {"server": "203.0.113.123", "offset_text": "-0.003 s"},
    "CLOCK_SKEW_SIGNATURE_EXPIRE": {
        "skew": "6 min 52 s ahead",
        "skew_zh": "快了 6 分 52 秒",
        **_CLOCK_FIX,
    },
    "CLOCK_SOURCE_UNUSABLE": {
        "server": "203.0.113.123",
        "reason": "no answer within 2.0 s",
        "reason_zh": "2.0 秒内没有应答",
    },
    "CLOCK_TIMEZONE_MISTAKE": {
        "offset_text": "-28800.000 s",
        "skew": "8 h ahead",
        "skew_zh": "快了 8 小时",
        "zone": "local time of UTC+8 taken as UTC",
        "zone_zh": "把 UTC+8 的本地时间当成了 UTC",
        **_CLOCK_FIX,
    },
    "CLOCK_UNVERIFIED": {"tried": "192.0.2.123, 198.51.100.123, https://www.example.net/"},
    "CREDS_ACTIONS_DENIED": {"count": 2},
    "CREDS_API_BAD_RESPONSE": {"reason": "HTTP 200 with an HTML page (text/html), not JSON"},
    "CREDS_API_SERVER_ERROR": {"reason": "HTTP 502"},
    "CREDS_FILE_OWNER": {
        "detail": "owned by uid 1000, not by root, who runs the ACME client",
        "detail_zh": "属于 uid 1000，而不是运行 ACME 客户端的 root",
    },
    "CREDS_FILE_PERMISSIONS": {
        "detail": "readable by every user (mode 0644)",
        "detail_zh": "所有用户都可读（权限 0644）",
    },
    "CREDS_FILE_UNREADABLE": {
        "source": "~/.acme.sh/account.conf",
        "detail": "permission denied",
        "detail_zh": "权限不足",
    },
    "CREDS_FILE_WRITABLE": {
        "detail": "writable by every user (mode 0666)",
        "detail_zh": "所有用户都可写（权限 0666）",
    },
    "CREDS_FULLWIDTH_CHAR": {"char": "FULLWIDTH DIGIT SEVEN (U+FF17)", "position": 12},
    "CREDS_ID_FORMAT": {"length": 35},
    "CREDS_INCOMPLETE": {
        "source": "~/.acme.sh/account.conf",
        "detail": "has a key id but no secret",
        "detail_zh": "只有密钥 ID，没有密钥",
    },
    "CREDS_KEY_FORMAT": {"length": 31},
    "CREDS_NON_ASCII_CHAR": {"char": "CYRILLIC SMALL LETTER O (U+043E)", "position": 12},
    "CREDS_NOT_STATIC": {
        "source": "the CLI profile default",
        "detail": "it names a role whose keys come from the instance's metadata service",
        "detail_zh": "它指定的是一个角色，密钥来自实例的元数据服务",
    },
    "CREDS_QUOTED": {
        "char": "QUOTATION MARK (U+0022)",
        "position": 1,
        "length": 38,
        "where": "leading",
        "where_zh": "开头",
        "kind": "quote",
        "kind_zh": "引号",
    },
    "CREDS_STALE_TXT": {"count": 3},
    "CREDS_TXT_DISABLED": {"count": 1},
    "CREDS_WRITE_PROBE_DELETED": {"record_id": "1"},
    "DNSSEC_DENIAL_INVALID": {"detail": "no NSEC3 record covers the name"},
    "DNSSEC_LOOKUP_FAILED": {"reason": "timeout 2.0 s"},
    "DNSSEC_RESOLVER_AGREES": {"rcode": "SERVFAIL", "resolver": "8.8.8.8"},
    "DNSSEC_RESOLVER_DISAGREES": {"rcode": "NOERROR", "resolver": "8.8.8.8"},
    "DNSSEC_SIGNATURE_INVALID": {"detail": "the RRSIG with key tag 2371 does not verify"},
    "DNS_CNAME_BROKEN": {
        "chain": f"{_CHALLENGE} → 8f1c2a.auth.acme-dns.example → NXDOMAIN",
    },
    "DNS_CNAME_DELEGATED": {
        "zone": "acme-dns.example",
        "where": _words(
            "zone acme-dns.example at ns.acme-dns.example, not your zone example.com",
            "区 acme-dns.example，由 ns.acme-dns.example 提供解析，不是你的区 example.com",
        ),
    },
    "DNS_CNAME_FOLLOWED": {"zone": "acme-dns.example"},
    "DNS_NOT_DELEGATED": {"name": "example.com", "zone": "com"},
    "DNS_NS_CYCLE": {"chain": "ns.example.net → ns.example.com → ns.example.net"},
    "DNS_NS_LOOKUP_LIMIT": {"count": 12},
    "DNS_NS_MISMATCH": {
        "parent": "ns1.example.net, ns9.old-dns.example",
        "server": "ns9.old-dns.example (203.0.113.9)",
    },
    "DNS_NS_NO_ADDRESS": {"reason": "NXDOMAIN for its A and AAAA records"},
    "DNS_SERVER_ADDRESS_TIMEOUT": {
        "server": "ns1.example.net (2001:db8::53)",
        "host": "ns1.example.net",
    },
    "DNS_SERVER_LAME": {"answer": "REFUSED"},
    "DNS_SERVER_MALFORMED": {"detail": "the reply's ID does not match the question's"},
    "DNS_TCP_FAILED": {"detail": "connection refused"},
    "DNS_TXT_EXTRA_VALUES": {"count": 3},
    "DNS_TXT_INCONSISTENT": {
        "detail": f"ns1.example.net serves '{_TOKEN}', ns2.example.net serves nothing",
    },
    "DNS_TXT_NOT_FOUND": {"answer": "ns1.example.net: NXDOMAIN"},
    "DNS_TXT_OTHER_VALUE": {"values": '"Xb2k9QwE-previous-order-token-4nT7vLmP0aZcR8"'},
    "DNS_TXT_PRESENT": {"values": f"'{_TOKEN}'"},
    "DNS_WILDCARD_TXT": {"values": "'v=spf1 -all'"},
    "PATH_DOH_TXT_MISSING": {"resolver": "dns.google", "neg_ttl": _words("300 s", "300 秒")},
    "PATH_DOH_TXT_OTHER_VALUE": {"resolver": "dns.google"},
    "PATH_FAKE_IP_HIJACK": {"fake": "198.18.0.3"},
    "PREFLIGHT_DELETE_LAGGING": {"seconds": "30"},
    "PREFLIGHT_LEFTOVER_PROBES": {"count": 1, "records": f"{_PROBE} (RecordId 1000001)"},
    "PREFLIGHT_PROBE_CHANGED": {
        "why": "its value is no longer the probe's",
        "why_zh": "它的值已不是探测记录的值",
    },
    "PREFLIGHT_PROBE_NOT_VISIBLE": {"seconds": "120", "missing": _NS2},
    "PREFLIGHT_PROBE_SLOW": {"seconds": "31.1", "timeout": 110},
    "PREFLIGHT_RESOLVER_MISSES_PROBE": {"seconds": "10", "resolver": "203.0.113.53"},
    "RESOLVER_FAKE_IP": {
        "why": _words(
            "it answers ns1.example.net with 198.18.0.3 (really 192.0.2.53)",
            "它把 ns1.example.net 解析为 198.18.0.3（实际为 192.0.2.53）",
        )
    },
    "RESOLVER_BAD_REPLY": {"detail": "the reply's question section does not match"},
    "RESOLVER_HIJACKED": {"detail": "ns1.example.net → 198.18.0.77, really 192.0.2.53"},
    "RESOLVER_NEGATIVE_CACHED": {"neg_ttl": 1800},
    "RESOLVER_NO_RECURSION": {"answer": "REFUSED"},
    "RESOLVER_NS_ADDRESS_MISMATCH": {"host": "ns1.example.net", "answer": "198.51.100.99"},
    "RESOLVER_RESERVED_ANSWER": {"host": "ns1.example.net", "answer": "0.0.0.0"},
    "RESOLVER_SPLIT_HORIZON": {
        "detail": "its answer carries SOA serial 42 (dc1.corp.example.com.), the authoritative "
        "servers have 2026120102 (ns1.example.net.)",
    },
    "RESOLVER_STALE_VALUE": {"left": 600},
    "RESOLVER_TCP_FAILED": {"detail": "connection refused"},
    "RESOLVER_TXT_FAILED": {"answer": "SERVFAIL"},
    "RESOLVER_TXT_VISIBLE": {"count": 1},
}
"""Where a name means something else in one code, or the generic value reads wrong there."""

ERROR_KINDS: dict[str, ErrorKind] = {
    "CREDS_ACTIONS_DENIED": ErrorKind.DENIED,
    "CREDS_API_BAD_RESPONSE": ErrorKind.RESPONSE,
    "CREDS_API_SERVER_ERROR": ErrorKind.SERVER,
    "CREDS_API_UNREACHABLE": ErrorKind.NETWORK,
    "CREDS_CREDENTIAL_UNSENDABLE": ErrorKind.LOCAL,
    "CREDS_INVALID_SECRET_ID": ErrorKind.INVALID_KEY,
    "CREDS_SECRET_ID_NOT_FOUND": ErrorKind.UNKNOWN_KEY,
    "CREDS_SIGNATURE_EXPIRE": ErrorKind.CLOCK,
    "CREDS_SIGNATURE_FAILURE": ErrorKind.SIGNATURE,
    "CREDS_STS_DENIED": ErrorKind.DENIED,
    "CREDS_TOKEN_FAILURE": ErrorKind.TOKEN,
    "CREDS_ZONE_INVALID": ErrorKind.INVALID_ZONE,
    "CREDS_AUTH_FAILURE": ErrorKind.AUTH,
    "CREDS_DELETE_DENIED": ErrorKind.DENIED,
    "CREDS_RATE_LIMITED": ErrorKind.RATE_LIMIT,
    "CREDS_WORKS_CLEANED": ErrorKind.SIGNATURE,
    "CREDS_WRITE_PROBE_INCONCLUSIVE": ErrorKind.NO_ZONE,
    "CREDS_ZONE_NOT_IN_ACCOUNT": ErrorKind.NO_ZONE,
    "PREFLIGHT_CREATE_FAILED": ErrorKind.DENIED,
    "PREFLIGHT_DELETE_FAILED": ErrorKind.SERVER,
}
"""The kind of the provider's error code that fills ``{code}`` in these codes' examples."""

PROVIDER_FAMILIES = ("creds", "preflight", "dnssec", "clock")
"""The families whose texts a provider re-words (:meth:`Provider.wording`) or fills; the others
never name a provider."""
PARAM_FAMILIES = ("creds", "preflight")
"""The families whose checks fill params from the provider's metadata (the DNSSEC family names
whoever serves the zone: :func:`provider_params` asks its own function)."""
_SECRET_CODES = frozenset(
    {
        "CREDS_FULLWIDTH_CHAR",
        "CREDS_INVISIBLE_CHAR",
        "CREDS_KEY_FORMAT",
        "CREDS_NON_ASCII_CHAR",
        "CREDS_QUOTED",
        "CREDS_WORKS_CLEANED",
    }
)
"""Codes about the secret, read from the secret's variable (the others: from the key id's)."""

_FIELD_NAMES = ("title", "meaning", "remedy", "evidence")


def _example_key_id(provider: Provider) -> Phrase:
    """A key id of the provider's shape (its first :attr:`~Provider.key_id_shapes`), masked as
    every output masks a key id of a registered shape: prefix, last two characters, length,
    fingerprint, in the reader's language (:func:`dnsdoctor.core.secrets.mask_id_words`)."""
    body = "EXAMPLE7KQ2VN9RT4WZ8LS3HD6JF1PB5MC0NGA"
    for shape in provider.key_id_shapes[:1]:
        prefix = re.match(r"[A-Za-z0-9]{4}", shape)
        head = prefix.group(0) if prefix else ""
        for n in (32, 20, 16, 12, *range(8, 65)):
            key_id = head + (body * 2)[:n]
            if re.fullmatch(shape, key_id):
                return secrets.mask_id_words(key_id)
    return secrets.mask_words("EXAMPLE-key-id")


def _error_code(provider: Provider, kind: ErrorKind) -> str:
    """One of the provider's own error codes of ``kind``, from its error table; for
    :attr:`ErrorKind.OTHER`, a code the table does not know (what such a finding is about)."""
    log = provider.log_patterns()
    if kind is ErrorKind.OTHER:
        return "InvalidParameter"
    try:
        errors = provider.module("errors")
    except ModuleNotFoundError:
        errors = None
    if log is not None and errors is not None:
        codes = [*getattr(errors, "CODES", {})]
        for group in ("PREFIXES", "_PREFIXES"):
            codes += [prefix for prefix, _ in getattr(errors, group, ())]
        for code in codes:
            if not code.startswith("dnsdoctor.") and log.classify(code) is kind:
                return str(code)
    return f"({kind.value} error)"


def _action(provider: Provider, neutral: str) -> str:
    return provider.actions.get(neutral, neutral)


def _short(provider: Provider, neutral: str) -> str:
    return _action(provider, neutral).split(":", 1)[-1]


def provider_params(provider: Provider, family: str) -> dict[str, Any]:
    """The params that a run of ``family``'s checks takes from ``provider`` (its words, actions,
    key shape, error codes), from its metadata only."""
    if family == "dnssec":
        from dnsdoctor.checks.ca.dnssec import provider_params as dnssec_params

        hosts = [dns.name.from_text(f"ns{i}.{s}") for s in provider.ns_suffixes[:1] for i in (1, 2)]
        return dict(dnssec_params(hosts)) if hosts else {}
    if family not in PARAM_FAMILIES:
        return {}
    from dnsdoctor.checks.creds.specs import console_words
    from dnsdoctor.preflight.words import provider_words

    key_var, secret_var = _key_variables(provider)
    suffix = provider.ns_suffixes[0] if provider.ns_suffixes else "example.net"
    read = ", ".join(
        _action(provider, n) for n in ("zones", "zone", "records") if n in provider.actions
    )
    delete, create = _action(provider, "delete"), _action(provider, "create")
    grants = provider.policy_grants(provider.minimal_policy)
    others = [p for p in _registered() if p.name != provider.name]
    words = provider_words(provider)
    return {
        **words,
        "secret_id": _example_key_id(provider),
        "provider_name": provider.name,  # its --provider value
        # the provider's name and its request-time window, as the credential and clock checks
        # fill them into the texts that name no provider
        "cloud": _words(provider.title, provider.title_zh),
        "limit": Duration(provider.clock_window),
        "id_label": provider.key_id_label,
        "secret_label": provider.secret_label,
        "source": f"${key_var} / ${secret_var}",
        "origin": f"${key_var}",
        "first": f"${key_var} / ${secret_var}",
        "parts": provider.secret_label,
        "field": provider.secret_label,
        "field_zh": provider.secret_label,
        "part": provider.secret_label,
        "problem": "contains a line break (U+000A), which an HTTP header cannot carry",
        "problem_zh": "包含换行符（U+000A），HTTP 头无法携带",
        "looks_like": others[0].name if others else "another provider",
        "variables": ", ".join(_lego_credentials(provider)[2:]) or f"${key_var}",
        "who": f"{provider.policy_system} user 100000000011 of account 100000000001",
        "who_zh": f"账号 100000000001 的 {provider.policy_system} 子用户 100000000011",
        "action": _short(provider, "whoami"),
        "endpoint": provider.time_url or "https://api.example.net",
        "reason": "timed out after 10.0 s",
        "missing": delete,
        "allowed": ", ".join(x for x in (read, delete) if x),
        "untested": create,
        "dnspod_ns": f"ns1.{suffix}, ns2.{suffix}",
        "oldest": f"2026-11-28 08:00:00 ({provider.timestamp_zone})",
        "fix": f"the trailing ZERO WIDTH SPACE (U+200B) is removed from the "
        f"{provider.secret_label} (${secret_var})",
        "fix_zh": f"去掉 {provider.secret_label}（${secret_var}）末尾的 ZERO WIDTH SPACE (U+200B)",
        "advice": f"Allow {create} for this key, then run again.",
        "advice_zh": f"请为该密钥授予 {create} 权限，然后重新运行。",
        "confirm": f"{words['list']} no longer lists it; gone from all 2 authoritative "
        "server(s) after 1.3 s",
        "confirm_zh": f"{words['list']} 已不再列出；1.3 秒后全部 2 台权威服务器都不再返回",
        "policy": provider.policy_system,
        "console": console_words(provider),
        "whoami": _action(provider, "whoami"),
        "actions": ", ".join(grants.actions) or ", ".join(provider.actions.values()),
        "resource": ", ".join(grants.resources) or "*",
        "lego_actions": ", ".join(provider.client_actions.get("lego", ())),
        "acme_sh_actions": ", ".join(provider.client_actions.get("acme.sh", ())),
        "zones_action": provider.actions.get("zones", ""),
        "message": "The request was refused.",
        "endpoint_option": provider.endpoint_flag,
        **_lego_settings(provider),
    }


def _lego_settings(provider: Provider) -> dict[str, Any]:
    """lego's names and defaults for the provider's settings (the clients' data), as preflight's
    recommendation shows them."""
    lego = provider.settings_for("lego")
    if lego is None:
        return {}

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return {
        "timeout_var": lego.propagation_timeout,
        "interval_var": lego.polling_interval,
        "ttl_var": lego.ttl,
        "default_timeout": number(lego.default_timeout),
        "default_interval": number(lego.default_interval),
        "default_ttl": number(lego.default_ttl),
    }


def _lego_credentials(provider: Provider) -> tuple[str, ...]:
    """Where lego reads the provider's key (the key id's and the secret's variables first)."""
    lego = provider.settings_for("lego")
    return lego.credentials if lego is not None else ()


def _key_variables(provider: Provider) -> tuple[str, str]:
    """lego's variables for the key id and the secret (where the ACME clients' data name them)."""
    found = _lego_credentials(provider)
    return (
        found[0] if found else "ACME_KEY_ID",
        found[1] if len(found) > 1 else "ACME_KEY_SECRET",
    )


def _registered() -> tuple[Provider, ...]:
    from dnsdoctor import providers

    return providers.all_providers()


def _beyond_window(provider: Provider, *, clock: bool) -> dict[str, Any]:
    """A clock 131 s past the provider's window, ahead, in the words of the clock family's
    findings (``clock``) or of the credential check's."""
    offset = int(provider.clock_window) + 131
    minutes, seconds = divmod(offset, 60)
    if clock:
        return {
            "offset_text": f"-{offset}.000 s",
            "skew": f"{minutes} min {seconds} s ahead",
            "skew_zh": f"快了 {minutes} 分 {seconds} 秒",
            "offset_abs": f"{minutes} min {seconds} s",
            "offset_abs_zh": f"{minutes} 分 {seconds} 秒",
        }
    return {
        "skew": f"{minutes} min {seconds} s ahead of",
        "skew_zh": f"{minutes} 分 {seconds} 秒（本机偏快）",
    }


def _probe_refused(provider: Provider) -> dict[str, Any]:
    delete = _action(provider, "delete")
    return {
        "reason": f"the key may not call {_short(provider, 'delete')} in example.com, so a probe "
        "record could not be deleted again; none was created (see creds.permissions)",
        "reason_zh": f"该密钥无权在 example.com 中调用 {_short(provider, 'delete')}，探测记录将无法"
        "删除，因此没有创建（参见 creds.permissions）",
        "fix": f"Allow {delete} (the {provider.policy_system} policy shown by creds.permissions), "
        "then run again.",
        "fix_zh": f"请授予 {delete} 权限（见 creds.permissions 给出的 "
        f"{provider.policy_system} 策略），然后重新运行。",
    }


def params_for(spec: FindingSpec, provider: Provider | None = None) -> dict[str, Any]:
    """Example params of ``spec``'s texts, in ``provider``'s values where it has a say; a param
    that the checks give as words (a :class:`Phrase`) is one here too."""
    params = _params_for(spec, provider)
    for name in [n for n in params if f"{n}_zh" in params]:
        en, zh = params[name], params[f"{name}_zh"]
        if isinstance(en, str) and isinstance(zh, str):
            params[name] = _words(en, zh)
    return params


def _params_for(spec: FindingSpec, provider: Provider | None) -> dict[str, Any]:
    if provider is None:
        return {**PARAMS, **BY_CODE.get(spec.code, {})}
    params = {**PARAMS, **provider_params(provider, spec.family), **BY_CODE.get(spec.code, {})}
    if spec.family == "clock":
        params["rerun"] = f"dnsdoctor clock --provider {provider.name}"
        params["code"] = provider.clock_error or params.get("code", "")
    if spec.code in _SECRET_CODES:
        params["origin"] = f"${_key_variables(provider)[1]}"
    if spec.code in ("CREDS_SIGNATURE_EXPIRE", "CLOCK_SKEW_SIGNATURE_EXPIRE"):
        params.update(_beyond_window(provider, clock=spec.family == "clock"))
    if spec.code == "PREFLIGHT_PROBE_REFUSED":
        params.update(_probe_refused(provider))
    if spec.code in ERROR_KINDS:
        params["code"] = _error_code(provider, ERROR_KINDS[spec.code])
    if spec.code == "CREDS_API_ERROR":
        params["code"] = _error_code(provider, ErrorKind.OTHER)
    return params


def texts_of(spec: FindingSpec) -> Iterable[str]:
    """Every template of ``spec`` in every language."""
    for name in _FIELD_NAMES:
        yield from getattr(spec, name).values()
    for rule in spec.severity_rules:
        yield from rule.when.values()
    for text in spec.symptom_remedies.values():
        yield from text.values()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def worded(spec: FindingSpec, provider: Provider) -> FindingSpec | None:
    """``spec`` in ``provider``'s words, ``None`` where the provider never reports it."""
    try:
        texts = provider.module("texts")
    except ModuleNotFoundError:
        texts = None
    if spec.code in getattr(texts, "NOT_RAISED", {}):
        return None
    return provider.wording(spec)


def not_raised(spec: FindingSpec, provider: Provider) -> str:
    """Why ``provider`` never reports ``spec`` (its texts module says), or ``""``."""
    try:
        texts = provider.module("texts")
    except ModuleNotFoundError:
        return ""
    return str(getattr(texts, "NOT_RAISED", {}).get(spec.code, ""))


def depends_on_provider(spec: FindingSpec) -> bool:
    """Whether the code's texts differ by provider: a provider re-words it, or its texts take
    params from the provider's metadata."""
    if spec.family not in PROVIDER_FAMILIES:
        return False
    providers = _registered()
    if any(worded(spec, p) is not spec for p in providers):
        return True
    used = set().union(*(placeholders(t) for t in texts_of(spec)))
    return any(used & set(provider_params(p, spec.family)) for p in providers)


def filled(text: Text, lang: str, params: Mapping[str, Any]) -> str:
    """A text in ``lang`` with every placeholder filled from ``params``."""
    return fill(pick(text, lang), params, lang)


def variants(spec: FindingSpec) -> list[tuple[Provider | None, FindingSpec, dict[str, Any]]]:
    """The code as each registered provider words it, with its example params (one entry,
    provider ``None``, for a code that no provider changes). A provider that never reports the
    code is left out."""
    if not depends_on_provider(spec):
        return [(None, spec, params_for(spec))]
    out: list[tuple[Provider | None, FindingSpec, dict[str, Any]]] = []
    for provider in _registered():
        own = worded(spec, provider)
        if own is not None:
            out.append((provider, own, params_for(own, provider)))
    return out


def provider_label(provider: Provider, lang: str) -> str:
    return provider.title_zh if lang == "zh" else provider.title


def grouped(
    spec: FindingSpec,
    lang: str,
    render: Callable[[FindingSpec, dict[str, Any]], str],
) -> list[tuple[str, str]]:
    """``render(worded_spec, params)`` for each provider variant, providers whose text comes out
    the same in one entry: ``(label, text)``, the label ``""`` for a provider-neutral code. An
    empty text is left out."""
    out: dict[str, list[str]] = {}
    for provider, own, params in variants(spec):
        text = render(own, params)
        if not text:
            continue
        out.setdefault(text, [])
        if provider is not None:
            out[text].append(provider_label(provider, lang))
    sep = "、" if lang == "zh" else ", "
    return [(sep.join(labels), text) for text, labels in out.items()]


def never_reported(spec: FindingSpec) -> list[tuple[Provider, str]]:
    """The providers that never report ``spec``, with the reason their texts module gives."""
    if spec.family not in PROVIDER_FAMILIES:
        return []
    return [(p, why) for p in _registered() if (why := not_raised(spec, p))]


def field_texts(spec: FindingSpec, lang: str, field: str) -> list[tuple[str, str]]:
    """:func:`grouped` for one field of the spec (``title``, ``meaning``, ``remedy``,
    ``evidence``)."""
    return grouped(spec, lang, lambda own, params: filled(getattr(own, field), lang, params))

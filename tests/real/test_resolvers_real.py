"""Resolver checks against a real unbound (127.0.0.21) iterating from the lab's NSD root.

The negative cache entry is planted the way it happens in real life: a pre-check asks unbound
for the challenge name before the record exists; then the record is published on both
authoritative servers, and ``dnsdoctor check`` must say how long unbound will keep answering
NXDOMAIN.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from .lab import AUTH_SERVERS, DEFAULT_SERIAL, RealLab

TOKEN = "real-lab-token-0001-xxxxxxxxxxxxxxxxxxxxxxx"
CHALLENGE = "_acme-challenge.example.com."
MINIMUM = 900


def _ask_resolver(lab: RealLab, name: str, rdtype: str) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)  # RD=1, as a pre-check would ask
    return dns.query.udp(query, lab.RESOLVER, timeout=3)


def _findings(data: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [f for c in data["checks"] for f in c["findings"] if f["code"] == code]


def test_negative_cache_at_unbound_is_found_with_the_seconds_left(
    clean_lab: RealLab, cli: Callable[..., Any]
) -> None:
    lab = clean_lab
    for server in AUTH_SERVERS:
        lab.set_records(server, DEFAULT_SERIAL + 1, [], soa_minimum=MINIMUM)
    planted = _ask_resolver(lab, CHALLENGE, "TXT")
    planted_at = time.monotonic()
    assert planted.rcode() == dns.rcode.NXDOMAIN
    soa = [r for r in planted.authority if r.rdtype == dns.rdatatype.SOA]
    assert soa and soa[0].ttl == MINIMUM  # min(SOA TTL 3600, MINIMUM)

    for server in AUTH_SERVERS:
        lab.set_records(
            server,
            DEFAULT_SERIAL + 2,
            [f'_acme-challenge 60 IN TXT "{TOKEN}"'],
            soa_minimum=MINIMUM,
        )
    # the authoritative servers have it; unbound still says NXDOMAIN from its cache
    assert _ask_resolver(lab, CHALLENGE, "TXT").rcode() == dns.rcode.NXDOMAIN

    common = ("check", "example.com", "--root", lab.ROOT, "--expect", TOKEN, "--no-clock")
    # unbound as this machine's resolver: what lego v5 / Certimate 0.4 would check
    system = cli(*common, "--system-resolver", lab.RESOLVER, "--no-public", "-f", "json")
    elapsed = time.monotonic() - planted_at
    assert system.exit_code == 1, system.stdout[-2000:]
    data = system.json
    assert data["root_causes"][0]["code"] == "RESOLVER_NEGATIVE_CACHED"
    (finding,) = _findings(data, "RESOLVER_NEGATIVE_CACHED")
    assert finding["severity"] == "error"
    left = int(finding["params"]["left"])
    assert MINIMUM - elapsed - 2 <= left <= MINIMUM
    assert finding["params"]["neg_ttl"] == str(MINIMUM)
    verdict = next(e["value"] for e in finding["evidence"] if e["label"] == "control verdict")
    assert f"serial {DEFAULT_SERIAL + 2}" in verdict and "same zone" in verdict
    (long_ttl,) = _findings(data, "RESOLVER_NEGATIVE_TTL_LONG")
    assert long_ttl["params"]["minimum"] == str(MINIMUM)
    assert not _findings(data, "DNS_TXT_MISSING")  # the provider side is fine
    assert [c["name"] for c in data["checks"] if c["status"] == "crash"] == []

    # unbound as a resolver the client was configured with: the same entry, one level milder
    public = cli(*common, "--resolver", lab.RESOLVER, "-f", "json")
    assert public.exit_code == 0, public.stdout[-2000:]
    (finding,) = _findings(public.json, "RESOLVER_NEGATIVE_CACHED")
    assert finding["severity"] == "warning"
    # unbound shows the TTL of the SOA record it holds, which the first run's own questions
    # refreshed (a fresh SOA for the zone): an upper bound, never more than the negative TTL
    since = time.monotonic() - planted_at
    assert MINIMUM - since - 2 <= int(finding["params"]["left"]) <= MINIMUM


def test_unbound_refreshes_once_flushed(clean_lab: RealLab, cli: Callable[..., Any]) -> None:
    lab = clean_lab
    _ask_resolver(lab, CHALLENGE, "TXT")  # plant NXDOMAIN (MINIMUM 300)
    for server in AUTH_SERVERS:
        lab.set_records(server, DEFAULT_SERIAL + 1, [f'_acme-challenge 60 IN TXT "{TOKEN}"'])
    lab.flush_resolver("_acme-challenge.example.com", "TXT")
    result = cli(
        "check", "example.com", "--root", lab.ROOT, "--expect", TOKEN, "--no-clock",
        "--system-resolver", lab.RESOLVER, "--no-public", "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout[-2000:]
    assert not _findings(result.json, "RESOLVER_NEGATIVE_CACHED")
    (visible,) = _findings(result.json, "RESOLVER_TXT_VISIBLE")
    assert visible["params"]["count"] == "1"
    # a real unbound answers the root's NS with RA over UDP and TCP
    (summary,) = _findings(result.json, "RESOLVER_SUMMARY")
    assert "no recursion" not in summary["title"]
    assert "no answer" not in summary["title"]

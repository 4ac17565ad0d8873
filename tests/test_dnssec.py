"""The DNSSEC chain judging, without a network: zones signed by the lab's signer, answers made by
the lab server's own answering code, judged by :mod:`dnsdoctor.checks.ca.dnssec_chain`."""

from __future__ import annotations

import time

import dns.dnssec
import dns.flags
import dns.message
import dns.name
import dns.rdatatype
import pytest

from dnsdoctor.checks.ca.dnssec import provider_params
from dnsdoctor.checks.ca.dnssec_chain import (
    ROOT_ANCHORS,
    AnchorError,
    ds_matches,
    judge_denial,
    judge_keys,
    judge_signatures,
    parse_anchors,
    rrset_of,
    sigs_of,
)
from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.internet import TOKEN, example_zone
from dnsdoctor.lab.signing import DAY, new_keys, sign
from dnsdoctor.net.dns import Reply

ZONE = dns.name.from_text("example.com.")
CHALLENGE = dns.name.from_text("_acme-challenge.example.com.")
NOW = time.time()


def served(zone_text: str, keys: object = None, **window: float) -> AuthServer:
    zone = zone_from_text("example.com.", zone_text)
    if keys is not None:
        zone = sign(zone, keys, **window)  # type: ignore[arg-type]
    server = AuthServer("127.0.0.1", 53)
    server.add_zone(zone)
    return server


def ask(server: AuthServer, name: dns.name.Name, rdtype: str, dnssec: bool = True) -> Reply:
    query = dns.message.make_query(name, rdtype, want_dnssec=dnssec)
    response = dns.message.make_response(query)
    if dnssec:
        response.ednsflags |= dns.flags.DO  # as the server's _respond() sets it
    server.answer(name, dns.rdatatype.from_text(rdtype), response)
    return Reply("127.0.0.1", 53, name, dns.rdatatype.from_text(rdtype), "udp", message=response)


def txt_verdict(server: AuthServer, now: float = NOW) -> str:
    keys_reply = ask(server, ZONE, "DNSKEY")
    keys = rrset_of(keys_reply, ZONE, dns.rdatatype.DNSKEY)
    assert keys is not None
    reply = ask(server, CHALLENGE, "TXT")
    txt = rrset_of(reply, CHALLENGE, dns.rdatatype.TXT)
    assert txt is not None
    return judge_signatures(txt, sigs_of(reply, CHALLENGE, dns.rdatatype.TXT), keys, ZONE, now).kind


def test_root_anchors_are_ianas_ksk_2017_and_ksk_2024() -> None:
    anchors = parse_anchors(ROOT_ANCHORS)
    assert sorted(ds.key_tag for ds in anchors[dns.name.root]) == [20326, 38696]
    # the DS of the published KSK-2017 (Debian dns-root-data root.key) matches the built-in DS
    ksk_2017 = dns.rdata.from_text(
        "IN",
        "DNSKEY",
        "257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLA"
        "Jr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBx"
        "WezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7L"
        "jVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn"
        "6UwNR1AkUTV74bU=",
    )
    assert any(ds_matches(dns.name.root, ds, ksk_2017) for ds in anchors[dns.name.root])  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "not a record", ". IN A 127.0.0.1"])
def test_unusable_anchor_files_are_refused(text: str) -> None:
    with pytest.raises(AnchorError):
        parse_anchors(text)


def test_anchor_file_with_dnskey_lines_like_unbounds_root_key() -> None:
    keys = new_keys(".")
    text = f". IN DNSKEY {keys.ksk_dnskey.to_text()} ; key tag {keys.key_tag}\n"
    assert parse_anchors(text)[dns.name.root][0] == keys.ksk_dnskey


def test_signed_txt_is_ok_and_its_window_decides_expired_or_not_yet_valid() -> None:
    keys = new_keys(ZONE)
    assert txt_verdict(served(example_zone(txt=(TOKEN,)), keys)) == "ok"
    old = served(example_zone(txt=(TOKEN,)), keys, inception=NOW - 60 * DAY, expiration=NOW - DAY)
    assert txt_verdict(old) == "expired"
    future = served(example_zone(txt=(TOKEN,)), keys, inception=NOW + DAY, expiration=NOW + 9 * DAY)
    assert txt_verdict(future) == "not-yet-valid"
    # the measured time decides, not this host's clock: a day later, the valid one has expired
    assert txt_verdict(served(example_zone(txt=(TOKEN,)), keys), now=NOW + 31 * DAY) == "expired"


def test_a_tampered_record_does_not_verify() -> None:
    keys = new_keys(ZONE)
    server = served(example_zone(txt=(TOKEN,)), keys)
    zone = server.zones[ZONE]
    rdataset = zone.find_rdataset(CHALLENGE, dns.rdatatype.TXT)
    rdataset.clear()
    rdataset.add(dns.rdata.from_text("IN", "TXT", '"forged"'))
    assert txt_verdict(server) == "invalid"


def test_without_do_no_signature_comes_and_unsigned_zones_have_none() -> None:
    keys = new_keys(ZONE)
    reply = ask(served(example_zone(txt=(TOKEN,)), keys), CHALLENGE, "TXT", dnssec=False)
    assert sigs_of(reply, CHALLENGE, dns.rdatatype.TXT) is None
    unsigned = served(example_zone(txt=(TOKEN,)))
    reply = ask(unsigned, CHALLENGE, "TXT")
    txt = rrset_of(reply, CHALLENGE, dns.rdatatype.TXT)
    assert txt is not None
    dnskey = dns.rdataset.from_rdata_list(3600, [keys.zsk_dnskey])
    assert judge_signatures(txt, None, dnskey, ZONE, NOW).kind == "missing"


def test_signature_by_a_key_not_in_the_dnskey_set() -> None:
    server = served(example_zone(txt=(TOKEN,)), new_keys(ZONE))
    reply = ask(server, CHALLENGE, "TXT")
    txt = rrset_of(reply, CHALLENGE, dns.rdatatype.TXT)
    assert txt is not None
    other = dns.rdataset.from_rdata_list(3600, [new_keys(ZONE).zsk_dnskey])
    verdict = judge_signatures(txt, sigs_of(reply, CHALLENGE, dns.rdatatype.TXT), other, ZONE, NOW)
    assert verdict.kind == "unknown-key"
    assert "not in its DNSKEY set" in verdict.detail


def test_keys_against_the_ds_at_the_parent() -> None:
    keys = new_keys(ZONE)
    signed = ask(served(example_zone(), keys), ZONE, "DNSKEY")
    ds = dns.dnssec.make_ds(ZONE, keys.ksk_dnskey, "SHA256")
    assert judge_keys(ZONE, [ds], signed, NOW).kind == "secure"
    # the DS of the old provider's key: the zone is signed, with other keys
    old = dns.dnssec.make_ds(ZONE, new_keys(ZONE).ksk_dnskey, "SHA256")
    mismatch = judge_keys(ZONE, [old], signed, NOW)
    assert mismatch.kind == "mismatch"
    assert {dns.dnssec.key_id(k) for k in mismatch.served} == {
        keys.key_tag,
        dns.dnssec.key_id(keys.zsk_dnskey),
    }
    # moved to a provider that does not sign: no DNSKEY at all
    unsigned = ask(served(example_zone()), ZONE, "DNSKEY")
    assert judge_keys(ZONE, [ds], unsigned, NOW).kind == "no-dnskey"
    # a DS with an algorithm nobody validates: the zone counts as unsigned
    odd = dns.rdata.from_text("IN", "DS", f"{keys.key_tag} 253 2 {ds.digest.hex()}")
    assert judge_keys(ZONE, [odd], signed, NOW).kind == "unsupported"  # type: ignore[list-item]
    # expired DNSKEY signatures
    stale = served(example_zone(), keys, inception=NOW - 9 * DAY, expiration=NOW - DAY)
    verdict = judge_keys(ZONE, [ds], ask(stale, ZONE, "DNSKEY"), NOW)
    assert verdict.kind == "signature"
    assert verdict.sig is not None and verdict.sig.kind == "expired"


def test_nsec_proves_nodata_and_nxdomain_and_its_absence_is_caught() -> None:
    keys = new_keys(ZONE)
    server = served(example_zone(), keys)
    dnskey = rrset_of(ask(server, ZONE, "DNSKEY"), ZONE, dns.rdatatype.DNSKEY)
    assert dnskey is not None
    nx = ask(server, CHALLENGE, "TXT")
    assert nx.rcode == dns.rcode.NXDOMAIN
    assert judge_denial(nx, CHALLENGE, dns.rdatatype.TXT, ZONE, dnskey, NOW).ok
    nodata = ask(server, ZONE, "TXT")
    verdict = judge_denial(nodata, ZONE, dns.rdatatype.TXT, ZONE, dnskey, NOW)
    assert verdict.ok, verdict.detail
    # an NSEC that lists the type asked for proves nothing
    assert not judge_denial(nodata, ZONE, dns.rdatatype.A, ZONE, dnskey, NOW).ok
    # a signed zone that answers NXDOMAIN without NSEC records
    assert nx.message is not None
    nx.message.authority = [r for r in nx.message.authority if r.rdtype == dns.rdatatype.SOA]
    bare = judge_denial(nx, CHALLENGE, dns.rdatatype.TXT, ZONE, dnskey, NOW)
    assert not bare.ok
    assert "no NSEC" in bare.detail


def test_lab_server_sets_do_and_signs_referrals_with_ds_or_nsec() -> None:
    child = new_keys(ZONE)
    com = zone_from_text(
        "com.",
        "@ 900 IN SOA a. b. 1 1 1 1 1\n@ IN NS a.gtld-servers.net.\n"
        "example IN NS ns1.dnspod.net.\nother IN NS ns1.dnspod.net.\n" + child.ds_line(),
    )
    server = AuthServer("127.0.0.1", 53)
    server.add_zone(sign(com, new_keys("com.")))
    referral = ask(server, CHALLENGE, "TXT")
    assert referral.message is not None
    types = {r.rdtype for r in referral.message.authority}
    assert {dns.rdatatype.NS, dns.rdatatype.DS, dns.rdatatype.RRSIG} <= types
    other = ask(server, dns.name.from_text("_acme-challenge.other.com."), "TXT")
    assert other.message is not None
    assert dns.rdatatype.NSEC in {r.rdtype for r in other.message.authority}
    ds = ask(server, ZONE, "DS")
    assert rrset_of(ds, ZONE, dns.rdatatype.DS) is not None
    assert sigs_of(ds, ZONE, dns.rdatatype.DS) is not None


@pytest.mark.parametrize(
    ("ns", "provider"),
    [
        (("ns1.dnspod.net.", "ns2.dnspod.net."), "DNSPod"),
        (("dns9.hichina.com.",), "Alibaba Cloud DNS"),
        (("vip1.alidns.com.",), "Alibaba Cloud DNS"),
        (("ns1.example.org.",), "the DNS provider (ns1.example.org)"),
    ],
)
def test_the_provider_is_named_from_the_ns_names(ns: tuple[str, ...], provider: str) -> None:
    params = provider_params(dns.name.from_text(n) for n in ns)
    assert str(params["provider"]) == provider

"""The lab's servers behave like the real internet pieces the tool diagnoses."""

from __future__ import annotations

import time

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rdtypes.ANY.SOA
import dns.rrset
import ntplib
import pytest

from .lab import AUTH_SERVERS, DEFAULT_SERIAL, LabError, RealLab

TOKEN_NAME = "_acme-challenge.example.com."


def query(address: str, name: str, rdtype: str, *, rd: bool = False) -> dns.message.Message:
    q = dns.message.make_query(name, rdtype)
    if not rd:
        q.flags &= ~dns.flags.RD
    return dns.query.udp(q, address, timeout=2)


def texts(section: list[dns.rrset.RRset], rdtype: str) -> set[str]:
    wanted = dns.rdatatype.from_text(rdtype)
    return {rr.to_text() for rrset in section if rrset.rdtype == wanted for rr in rrset}


def soa(section: list[dns.rrset.RRset]) -> tuple[int, dns.rdtypes.ANY.SOA.SOA]:
    """TTL and data of the one SOA record in a section."""
    (rrset,) = [r for r in section if r.rdtype == dns.rdatatype.SOA]
    record = rrset[0]
    assert isinstance(record, dns.rdtypes.ANY.SOA.SOA)
    return rrset.ttl, record


def test_referral_chain_root_com_example_without_glue(clean_lab: RealLab) -> None:
    lab = clean_lab
    root = query(lab.ROOT, "www.example.com.", "A")
    assert not root.flags & dns.flags.AA and not root.answer
    assert texts(root.authority, "NS") == {"a.gtld-servers.net."}
    assert texts(root.additional, "A") == {lab.TLD}

    tld = query(lab.TLD, "www.example.com.", "A")
    assert not tld.flags & dns.flags.AA and not tld.answer
    assert texts(tld.authority, "NS") == {"ns1.dnspod.net.", "ns2.dnspod.net."}
    assert tld.additional == []  # out of bailiwick for com.: no glue
    assert texts(query(lab.TLD, "ns1.dnspod.net.", "A").answer, "A") == {lab.NS1}
    assert texts(query(lab.TLD, "ns2.dnspod.net.", "A").answer, "A") == {lab.NS2}

    for server in (lab.NS1, lab.NS2):
        auth = query(server, "www.example.com.", "A")
        assert auth.flags & dns.flags.AA
        assert texts(auth.answer, "A") == {lab.WEB}
        assert texts(auth.answer + auth.authority, "NS") <= {"ns1.dnspod.net.", "ns2.dnspod.net."}

    resolved = query(lab.RESOLVER, "www.example.com.", "A", rd=True)
    assert resolved.rcode() == dns.rcode.NOERROR
    assert texts(resolved.answer, "A") == {lab.WEB}


def test_set_records_on_ns1_only_leaves_ns2_lagging(clean_lab: RealLab) -> None:
    lab = clean_lab
    started = time.monotonic()
    lab.set_records("ns1", DEFAULT_SERIAL + 1, ['_acme-challenge 60 IN TXT "tok-1"'])
    assert time.monotonic() - started < 0.5

    ns1_soa = query(lab.NS1, "example.com.", "SOA")
    ns2_soa = query(lab.NS2, "example.com.", "SOA")
    assert soa(ns1_soa.answer)[1].serial == DEFAULT_SERIAL + 1
    assert soa(ns2_soa.answer)[1].serial == DEFAULT_SERIAL

    ns1_txt = query(lab.NS1, TOKEN_NAME, "TXT")
    assert ns1_txt.flags & dns.flags.AA
    assert texts(ns1_txt.answer, "TXT") == {'"tok-1"'}
    assert query(lab.NS2, TOKEN_NAME, "TXT").rcode() == dns.rcode.NXDOMAIN

    lab.set_records("ns2", DEFAULT_SERIAL + 1, ['_acme-challenge 60 IN TXT "tok-1"'])
    assert texts(query(lab.NS2, TOKEN_NAME, "TXT").answer, "TXT") == {'"tok-1"'}
    assert soa(query(lab.NS2, "example.com.", "SOA").answer)[1].serial == DEFAULT_SERIAL + 1


def test_resolver_caches_nxdomain_with_soa_ttl_counting_down(clean_lab: RealLab) -> None:
    lab = clean_lab
    first = query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    assert first.rcode() == dns.rcode.NXDOMAIN
    ttl, record = soa(first.authority)
    assert record.minimum == lab.soa_minimum
    assert lab.soa_minimum - 1 <= ttl <= lab.soa_minimum  # negative TTL = SOA MINIMUM

    for server in AUTH_SERVERS:
        lab.set_records(server, DEFAULT_SERIAL + 1, ['_acme-challenge 60 IN TXT "late"'])
    time.sleep(1.1)
    cached = query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    assert cached.rcode() == dns.rcode.NXDOMAIN  # both servers have the TXT, the cache doesn't
    assert soa(cached.authority)[0] < ttl
    # RD=0 is answered from the cache (allow_snoop), not REFUSED
    assert query(lab.RESOLVER, TOKEN_NAME, "TXT").rcode() == dns.rcode.NXDOMAIN

    lab.flush_resolver(TOKEN_NAME, "TXT")
    fresh = query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    assert fresh.rcode() == dns.rcode.NOERROR
    assert texts(fresh.answer, "TXT") == {'"late"'}


def test_lowered_soa_minimum_makes_negative_answer_expire(clean_lab: RealLab) -> None:
    lab = clean_lab
    for server in AUTH_SERVERS:
        lab.set_records(server, DEFAULT_SERIAL + 1, [], soa_minimum=1)
    negative = query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    assert negative.rcode() == dns.rcode.NXDOMAIN
    assert soa(negative.authority)[0] <= 1

    for server in AUTH_SERVERS:
        lab.set_records(server, DEFAULT_SERIAL + 2, ['_acme-challenge 60 IN TXT "t"'])
    started = time.monotonic()
    while query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True).rcode() == dns.rcode.NXDOMAIN:
        assert time.monotonic() - started < 4, "negative answer outlived its 1 s TTL"
        time.sleep(0.1)


def test_set_delegation_parent_lists_a_name_the_child_does_not(clean_lab: RealLab) -> None:
    lab = clean_lab
    lab.set_delegation(["ns1.dnspod.net", "ns3.dnspod.net"])
    referral = query(lab.TLD, "example.com.", "NS")
    assert texts(referral.authority, "NS") == {"ns1.dnspod.net.", "ns3.dnspod.net."}
    assert query(lab.TLD, "ns3.dnspod.net.", "A").rcode() == dns.rcode.NXDOMAIN
    child = query(lab.NS1, "example.com.", "NS")
    assert texts(child.answer, "NS") == {"ns1.dnspod.net.", "ns2.dnspod.net."}
    assert texts(query(lab.RESOLVER, "www.example.com.", "A", rd=True).answer, "A") == {lab.WEB}

    lab.set_delegation(["ns3.dnspod.net"], addresses={"ns3.dnspod.net": lab.NS2})
    assert texts(query(lab.TLD, "ns3.dnspod.net.", "A").answer, "A") == {lab.NS2}
    with pytest.raises(ValueError, match="not a loopback"):
        lab.set_delegation(["ns3.dnspod.net"], addresses={"ns3.dnspod.net": "192.0.2.1"})


def test_ntp_server_clock_is_ahead_by_the_offset(clean_lab: RealLab) -> None:
    lab = clean_lab
    response = ntplib.NTPClient().request(lab.NTP, port=123, version=4, timeout=2)
    assert abs(response.offset - 600) < 1
    assert response.stratum == 8

    lab.set_ntp_offset(-30)
    response = ntplib.NTPClient().request(lab.NTP, port=123, version=4, timeout=2)
    assert abs(response.offset + 30) < 1


def test_second_lab_refuses_to_start_on_busy_addresses(real_lab: RealLab) -> None:
    with pytest.raises(LabError, match="already use the lab's addresses"):
        RealLab().start()


def test_reset_empties_the_resolver_cache(clean_lab: RealLab) -> None:
    lab = clean_lab
    query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    # RD=0 shows only what the cache holds
    assert query(lab.RESOLVER, TOKEN_NAME, "TXT").rcode() == dns.rcode.NXDOMAIN
    lab.reset()
    snooped = query(lab.RESOLVER, TOKEN_NAME, "TXT")
    assert snooped.rcode() == dns.rcode.NOERROR and not texts(snooped.answer, "TXT")
    fresh = query(lab.RESOLVER, TOKEN_NAME, "TXT", rd=True)
    assert soa(fresh.authority)[0] >= lab.soa_minimum - 1

"""`dnsdoctor explain --log` uses everything the log says: the resolvers the client was given
(lego's ``[nameservers=…]``, ``--dns.resolvers``, ``LEGO_DNS_RESOLVERS``, Certimate's
「DNS 递归服务器」), which server a failing query went to, and whether lego reached the
authoritative servers at all. Strings from shared/ACME_CLIENTS.md §1.3 and §5."""

from __future__ import annotations

import re

import pytest

from dnsdoctor.core.model import LANGS
from dnsdoctor.logparse import LogMatch, analyse_log, render_log_matches

TOKEN = "gfj9Xq-K4Pf2k1QhGZoDl0hXtS9d7WmFQ8NDNsXSd1c"
CHECKING = "2025/06/20 10:00:02 [INFO] [example.com] acme: Checking DNS record propagation. "
LAST = "[example.com] propagation: time limit exceeded: last error: "
FAKE_NS_ADDRESS = (
    "DNS call error: read udp 198.18.0.1:40000->198.18.0.57:53: i/o timeout "
    "[ns=ns1.dnspod.net.:53, question='_acme-challenge.example.com. IN  TXT']"
)
NS_LOOKUP = (
    "DNS call error: dial udp: lookup ns2.dnspod.net. on 127.0.0.53:53: read udp "
    "127.0.0.1:41234->127.0.0.53:53: i/o timeout "
    "[ns=ns2.dnspod.net.:53, question='_acme-challenge.example.com. IN  TXT']"
)
REACHED_NS2 = (
    "authoritative nameservers: NS ns2.dnspod.net.:53 did not return the expected TXT record "
    f"[fqdn: _acme-challenge.example.com., value: {TOKEN}]: "
)


def first(text: str) -> LogMatch:
    matches = analyse_log(text)
    assert matches, text
    return matches[0]


def test_a_fake_ns_address_with_resolvers_set_is_not_set_resolvers() -> None:
    text = (
        "$ lego --dns tencentcloud --dns.resolvers 119.29.29.29 -d example.com run\n"
        f"{CHECKING}[nameservers=119.29.29.29:53]\n"
        f"{LAST}authoritative nameservers: {FAKE_NS_ADDRESS}\n"
    )
    m = first(text)
    assert m.kind == "dns_query_failed" and m.cause == "fake_ip_ns_address"
    assert m.fields["configured"] == "119.29.29.29:53"
    assert m.fields["resolver"] == "198.18.0.57:53" and m.fields["ns"] == "ns1.dnspod.net.:53"
    en, zh = m.meaning("en"), m.meaning("zh")
    assert "system resolver" in en and "119.29.29.29:53" in en
    assert "--dns.propagation-disable-ans" in en and "fake-ip-filter" in en
    assert "Give the ACME client public resolvers" not in en
    assert "系统解析器" in zh and "--dns.propagation-disable-ans" in zh
    assert m.title("en") == (
        "The authoritative-server check failed at ns1.dnspod.net (198.18.0.57:53): i/o timeout"
    )
    assert m.commands == ("dnsdoctor check example.com",)


def test_a_query_to_an_address_outside_the_resolvers_came_from_the_authoritative_check() -> None:
    # Only the inner error was pasted: no "authoritative nameservers:" prefix. The address is not
    # among the resolvers lego was given, so the query was one to an authoritative server.
    text = f"{CHECKING}[nameservers=119.29.29.29:53]\n{FAKE_NS_ADDRESS}\n"
    m = first(text)
    assert m.fields["stage"] == "authoritative" and m.cause == "fake_ip_ns_address"


def test_certimate_settings_name_the_configured_resolvers() -> None:
    text = (
        '{"nameservers":"119.29.29.29;223.5.5.5","dnsPropagationTimeout":120}\n'
        f"{LAST}authoritative nameservers: {FAKE_NS_ADDRESS}\n"
    )
    m = first(text)
    assert m.cause == "fake_ip_ns_address"
    assert m.fields["configured"] == "119.29.29.29:53, 223.5.5.5:53"
    zh_ui = (
        "DNS 递归服务器：119.29.29.29;223.5.5.5\n" + f"{LAST}authoritative nameservers: {NS_LOOKUP}"
    )
    assert first(zh_ui).fields["configured"] == "119.29.29.29:53, 223.5.5.5:53"


@pytest.mark.parametrize(
    "setting",
    ["--dns.resolvers=1.1.1.1:53", "LEGO_DNS_RESOLVERS=1.1.1.1", "--dns.resolvers 1.1.1.1"],
)
def test_lego_flags_and_environment_name_the_resolvers(setting: str) -> None:
    m = first(f"lego {setting} run\n{NS_LOOKUP}\n")
    assert m.fields["configured"] == "1.1.1.1:53"


def test_the_system_resolver_failing_on_an_ns_host_name() -> None:
    text = (
        f"{CHECKING}[nameservers=119.29.29.29:53]\n{LAST}authoritative nameservers: {NS_LOOKUP}\n"
    )
    m = first(text)
    assert m.cause == "ns_lookup_failed"
    assert m.fields["host"] == "ns2.dnspod.net." and m.fields["resolver"] == "127.0.0.53:53"
    assert m.fields["error"] == "i/o timeout"
    assert "ns2.dnspod.net" in m.title("en") and "127.0.0.53:53" in m.title("en")
    en = m.meaning("en")
    assert "system resolver 127.0.0.53" in en and "not through the resolvers" in en
    assert "/etc/resolv.conf" in en and "--dns.propagation-disable-ans" in en
    assert m.commands == ("dnsdoctor check example.com --system-resolver 127.0.0.53",)


def test_a_resolver_the_log_shows_working_is_not_a_cause() -> None:
    # lego reached ns2: the local resolver answered its SOA and NS questions.
    text = f"{CHECKING}[nameservers=127.0.0.53:53]\n{LAST}{REACHED_NS2}\n"
    kinds = [(m.kind, m.cause) for m in analyse_log(text)]
    assert kinds == [("txt_value_missing", "not_propagated")]
    # without that evidence the resolver stays a suspect, before the bare time-out
    alone = analyse_log(f"{CHECKING}[nameservers=127.0.0.53:53]\n{LAST.rstrip(': ')}\n")
    assert [m.kind for m in alone] == ["resolver_in_use", "propagation_timeout"]


def test_an_earlier_resolver_failure_ranks_after_reaching_the_servers() -> None:
    text = (
        f"{CHECKING}[nameservers=127.0.0.53:53]\n"
        'level=DEBUG msg="Waiting for condition failed." error="NS call failed: DNS call error: '
        "read udp 127.0.0.1:5000->127.0.0.53:53: i/o timeout [ns=127.0.0.53:53, "
        "question='example.com. IN  NS']\"\n"
        f"{LAST}{REACHED_NS2}\n"
    )
    matches = analyse_log(text)
    assert [m.cause for m in matches] == ["not_propagated", "local_resolver"]
    # and it says why it comes second: the resolver answered later, lego reached ns2
    earlier = matches[1]
    assert earlier.fields["reached"] == "ns2.dnspod.net.:53"
    assert "later in the log lego got an answer from ns2.dnspod.net.:53" in earlier.meaning("en")
    assert "之后 lego 从 ns2.dnspod.net.:53 得到了应答" in earlier.meaning("zh")


def test_a_suspected_resolver_ranks_after_a_shown_cause() -> None:
    text = (
        f"{CHECKING}[nameservers=127.0.0.11:53]\n"
        "[example.com] acme: error presenting token: tencentcloud: failed to get hosted zone: "
        "zone example.org. not found in dnspod for domain _acme-challenge.example.org.\n"
    )
    assert [m.kind for m in analyse_log(text)] == ["zone_not_found", "resolver_in_use"]


PLACEHOLDER = re.compile(
    r"\{\w+\}|(?<![\w?])\?(?![\w?])|: -(?:\s|$)|\(\s*\)|（\s*）|(?<=\S) {2,}(?=\S)"
)

SAMPLES = [
    "[example.com] propagation: time limit exceeded",
    "propagation: time limit exceeded: last error: ",
    "dns01: time limit exceeded",
    "cloudflare: failed to find zone example.net.",
    "Timed out waiting for DNS.",
    "[TencentCloudSDKError] Code=InternalError, Message=",
    "NS ns1.dnspod.net.:53 returned NXDOMAIN for _acme-challenge.example.com.",
    "DNS call error: read udp 10.0.0.2:1->10.0.0.1:53: i/o timeout [ns=10.0.0.1:53, question='x. IN  SOA']",
    "[example.com] acme: Checking DNS record propagation using [198.18.0.2:53]",
    f"{CHECKING}[nameservers=127.0.0.53:53]\n{LAST}authoritative nameservers: {FAKE_NS_ADDRESS}",
    f"{CHECKING}[nameservers=127.0.0.53:53]\n{NS_LOOKUP}",
    'Found CNAME entry for "_acme-challenge.example.com.": "x.auth.acme-dns.net."',
    "dial tcp: lookup acme-v02.api.letsencrypt.org on 127.0.0.11:53: no such host",
    # a pasted error cut before its question: no zone to name
    "NS call failed: DNS call error: read udp 172.17.0.2:41000->111.13.13.35:53: i/o timeout",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_no_raw_placeholder_in_any_text(text: str) -> None:
    matches = analyse_log(text)
    assert matches, text
    for m in matches:
        for lang in LANGS:
            for shown in (m.title(lang), m.meaning(lang)):
                assert not PLACEHOLDER.search(shown), (m.kind, m.cause, lang, shown)
        out = render_log_matches(matches, "en")
        assert "{" not in out


CNAME_LOG = (
    '2025/06/20 10:00:01 [INFO] Found CNAME entry for "_acme-challenge.example.com.": '
    '"8f1c2a.auth.acme-dns.net."\n'
    "[example.com] acme: error presenting token: tencentcloud: failed to get hosted zone: "
    "zone acme-dns.net. not found in dnspod for domain 8f1c2a.auth.acme-dns.net.\n"
)


def test_a_cname_into_a_zone_outside_the_account_is_a_delegation() -> None:
    # The log shows both: lego followed the CNAME, then the account lacked the target's zone.
    # Not "the zone may be missing from the account or the key may not list it": the challenge
    # is delegated (issue 12 item 1), and the CNAME is named once, with that cause.
    matches = analyse_log(CNAME_LOG)
    assert [(m.kind, m.cause) for m in matches] == [("zone_not_found", "cname_delegated")]
    (m,) = matches
    assert m.fields["challenge"] == "_acme-challenge.example.com."
    assert m.fields["cname"] == "8f1c2a.auth.acme-dns.net."
    en, zh = m.meaning("en"), m.meaning("zh")
    assert "acme-dns" in en and "delete the CNAME" in en and "阻止 CNAME 跟随" in en
    assert "the key may not list it" not in en
    assert "删除" in zh and "acme-dns" in zh
    assert m.codes == ("DNS_CNAME_DELEGATED",)
    # a zone the CNAME does not lead into keeps the general cause
    other = CNAME_LOG.replace("zone acme-dns.net.", "zone example.org.").replace(
        "domain 8f1c2a.auth.acme-dns.net.", "domain _acme-challenge.example.org."
    )
    assert "zone_not_in_account" in [m.cause for m in analyse_log(other)]

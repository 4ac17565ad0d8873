"""lego (go-acme/lego), the client inside Certimate: v4 (≤ v4.35, Certimate ≤ 0.3) and v5
(Certimate ≥ 0.4) word the same failures differently.

Strings are lego's own (``shared/ACME_CLIENTS.md`` §1 and §5, read at the v4/v5 tags); the
provider actions are those of ``providers/dns/tencentcloud`` and ``providers/dns/alidns``
(``alidns.go``: ``DescribeDomains`` → ``AddDomainRecord``; ``DescribeDomains`` →
``DescribeDomainRecords`` → ``DeleteDomainRecord``; ``ALICLOUD_TTL`` 600,
``ALICLOUD_PROPAGATION_TIMEOUT``/``ALICLOUD_POLLING_INTERVAL`` default to dns01's 60 s / 2 s).

Besides the table (:data:`CLIENT`), the expressions below are read by the engine's analysis of
lego's propagation check, whose lines only mean something together (stages, polls, resolvers).
"""

from __future__ import annotations

import re

from dnsdoctor.clients.base import AcmeClient, Detection, LogPattern, Settings, Wording

V5 = Wording(
    "v5",
    (
        "go-acme/lego:",
        "dns01: time limit exceeded",
        "dns01: waiting for record propagation",
        "resolver: one or more domains had a problem",
        "dns01: error presenting token (",
        "dns01: Found CNAME entry",
    ),
)
V4 = Wording(
    "v4",
    (
        "propagation: time limit exceeded",
        "acme: Checking DNS record propagation",
        "Wait for propagation [",
        "acme: Waiting for DNS record propagation",
        "error: one or more domains had a problem:",
        "acme: error presenting token:",
        "acme: cleaning up failed:",
        'Found CNAME entry for "',
    ),
)

# --- the propagation check (read by the engine) ---------------------------------------------

ADDR = r"(?:\[[0-9A-Fa-f:.%]+\]|[0-9A-Za-z_.\-]+):\d{1,5}"
NETERR_WHAT = (
    r"(?:(?:read|write|connect|dial): )?"
    r"(?:i/o timeout|connection refused|network is unreachable|no route to host|"
    r"connection reset by peer|host is down|operation not permitted|permission denied|"
    r"connection timed out)"
)
DNS_CALL = re.compile(
    r"DNS call error: (?P<err>[^\n]{0,400}?) \[ns=(?P<ns>[^,\]\s]*), question='(?P<q>[^'\n]{0,300})'\]"
)
NETERR = re.compile(
    rf"\b(?:read|write|dial) (?:udp|tcp)[46]? (?:(?P<src>{ADDR})->)?(?P<dst>{ADDR}): "
    rf"(?P<what>{NETERR_WHAT})"
)
"""Go's ``net`` errors, inside lego's."""
LOOKUP = re.compile(
    rf"\blookup (?P<host>[^\s:]{{1,255}}) on (?P<dst>{ADDR}): (?P<what>[^\n\]]{{0,300}})"
)
ZONE_NOT_FOUND = re.compile(
    r"zone (?P<zone>[^\s]{1,255}) not found in (?P<provider>[\w.-]{1,40}) for domain (?P<fqdn>[^\s]{1,255})"
)
"""``tencentcloud``: ``… not found in dnspod for domain …``; ``alidns``: ``… in AliDNS …``."""
ZONE_NOT_FOUND2 = re.compile(
    r"(?P<provider>[\w-]{1,40}): failed to find zone (?P<zone>[^\s:]{1,255})"
)
RCODE = re.compile(
    r"\bNS (?P<ns>[^\s]{1,300}) returned (?P<rcode>[A-Z][A-Za-z]{2,15}) for (?P<fqdn>[^\s]{1,255})"
)
TXT_MISSING = re.compile(
    r"\bNS (?P<ns>[^\s]{1,300}) did not return the expected TXT record "
    r"\[fqdn: (?P<fqdn>[^,\]\s]{1,255}), value: (?P<value>[^\]\s]{0,300})\]:? ?(?P<found>[^\n]{0,2000})"
)
PROPAGATION_TIMEOUT = re.compile(
    r"(?P<pfx>propagation|dns01): time limit exceeded(?:: last error: (?P<last>[^\n]{0,2000}))?"
)
WAIT_FOR = re.compile(
    r"Wait for propagation \[timeout: (?P<timeout>[\dhmsµun.]{1,20}), interval: (?P<interval>[\dhmsµun.]{1,20})\]"
)
ATTR_TIMEOUT = re.compile(r"\btimeout=(?P<v>[\dhmsµun.]{1,20})")
ATTR_INTERVAL = re.compile(r"\binterval=(?P<v>[\dhmsµun.]{1,20})")
CHECKING = re.compile(
    r"Checking DNS record propagation(?:\. \[nameservers=(?P<a>[^\]\n]{0,1000})\]| using \[(?P<b>[^\]\n]{0,1000})\])"
)
FLAG_RESOLVERS = re.compile(r"--dns\.resolvers(?:=|\s{1,4})[\"']?(?P<v>[^\s\"']{1,300})")
ENV_RESOLVERS = re.compile(r"\bLEGO_DNS_RESOLVERS=[\"']?(?P<v>[^\s\"']{1,300})")
POLL = re.compile(
    r"acme: Waiting for DNS record propagation\.|dns01: waiting for record propagation\."
)
CNAME_V5 = re.compile(r"dns01: Found CNAME entry\.?(?P<rest>[^\n]{0,600})")
ATTR_FQDN = re.compile(r"\bfqdn=\"?(?P<v>[^\s\"]{1,255})")
ATTR_CNAME = re.compile(r"\bcname=\"?(?P<v>[^\s\"]{1,255})")
DOMAIN_BRACKET = re.compile(r"\[(?P<d>\*?\.?[\w-]{1,63}(?:\.[\w-]{1,63}){1,20}\.?)\] ")
DOMAIN_ATTR = re.compile(r"\bdomains?=\"?\[?(?P<d>[\w*.-]{1,255})")
DOMAIN_V5 = re.compile(r"had a problem: \[(?:domain: )?(?P<d>[\w*.-]{1,255}?):? ")

STAGES: tuple[tuple[str, str], ...] = (
    ("initial recursive nameserver", "initial"),
    ("recursive nameservers", "recursive"),
    ("authoritative nameservers", "authoritative"),
    ("NS call failed", "ns_lookup"),
    ("could not find zone", "soa"),
    ("could not find the start of authority", "soa"),
)
"""The step of the check an error comes from, by the words before it (the nearest wins)."""
CLEANUP_MARKERS = ("cleaning up failed", "Cleaning up failed", "CleanUp")
PRESENT_MARKERS = ("error presenting token",)
DEFAULT_INTERVAL = 2.0
"""dns01.DefaultPollingInterval, when the log does not say."""
DEFAULT_TIMEOUT = 60.0
"""dns01.DefaultPropagationTimeout (tencentcloud's and alidns's too)."""

PATTERNS = (
    LogPattern(
        "no_authoritative_ns",
        "broken_resolver_ns",
        re.compile(
            r"\[zone=(?P<zone>[^\]\s]{1,255})\] could not determine authoritative nameservers"
        ),
        domain_from="zone",
    ),
    LogPattern(
        "soa_not_found",
        "broken_resolver_soa",
        re.compile(r"could not find the start of authority for '?(?P<fqdn>[^'\s:\]]{1,255})"),
        names=("fqdn",),
        domain_from="fqdn",
    ),
    LogPattern(
        "cname_followed",
        "cname_followed",
        re.compile(r'Found CNAME entry for "(?P<fqdn>[^"\n]{1,255})": "(?P<cname>[^"\n]{1,255})"'),
        names=("fqdn", "cname"),
    ),
)

RESOLVERS = "--dns.resolvers (v5 also LEGO_DNS_RESOLVERS)"

CLIENT = AcmeClient(
    name="lego",
    title="lego",
    detection=Detection(),
    wordings=(V5, V4),
    labels={
        "v4": {
            "en": "lego v4 wording, as in Certimate ≤ 0.3",
            "zh": "lego v4 措辞，Certimate ≤ 0.3 同此",
        },
        "v5": {
            "en": "lego v5 wording, as in Certimate ≥ 0.4",
            "zh": "lego v5 措辞，Certimate ≥ 0.4 同此",
        },
        "": {"en": "lego", "zh": "lego"},
    },
    patterns=PATTERNS,
    actions={
        "tencentcloud": (
            "dnspod:DescribeDomainList",
            "dnspod:CreateRecord",
            "dnspod:DescribeRecordList",
            "dnspod:DeleteRecord",
        ),
        "alidns": (
            "alidns:DescribeDomains",
            "alidns:DescribeDomainRecords",
            "alidns:AddDomainRecord",
            "alidns:DeleteDomainRecord",
        ),
    },
    settings={
        "tencentcloud": Settings(
            propagation_timeout="TENCENTCLOUD_PROPAGATION_TIMEOUT",
            default_timeout=DEFAULT_TIMEOUT,
            polling_interval="TENCENTCLOUD_POLLING_INTERVAL",
            default_interval=DEFAULT_INTERVAL,
            ttl="TENCENTCLOUD_TTL",
            default_ttl=600,
            resolvers=RESOLVERS,
            credentials=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
            plugin="tencentcloud",
            api_error="tencentcloud: API call failed: …",
        ),
        "alidns": Settings(
            propagation_timeout="ALICLOUD_PROPAGATION_TIMEOUT",
            default_timeout=DEFAULT_TIMEOUT,
            polling_interval="ALICLOUD_POLLING_INTERVAL",
            default_interval=DEFAULT_INTERVAL,
            ttl="ALICLOUD_TTL",
            default_ttl=600,
            resolvers=RESOLVERS,
            credentials=(
                "ALICLOUD_ACCESS_KEY",
                "ALICLOUD_SECRET_KEY",
                "ALICLOUD_SECURITY_TOKEN",
                "ALICLOUD_RAM_ROLE",
            ),
            plugin="alidns",
            api_error="alicloud: API call failed: …",
        ),
    },
    sources="go-acme/lego v4.0–v4.35.2, v5.0–v5.3.1 (shared/ACME_CLIENTS.md); providers/dns/alidns/alidns.go",
)

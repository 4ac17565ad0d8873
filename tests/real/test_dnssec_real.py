"""DNSSEC against real servers on loopback: a zone that Knot signs itself (``dnssec-signing: on``),
a zone signed by ldns-signzone and served by NSD, a zone whose DS stayed at the parent while it is
served unsigned, and a validating Unbound with the lab's own root trust anchor.

The root and com. are signed with dnspython (the lab's signer) and served by NSD, each on its
own address (127.0.0.51-55, apart from the shared lab's), so the chain is: the lab's root key →
com. → the three zones. Unbound answers SERVFAIL for the bogus zone and validates the others;
dnsdoctor must say the same, naming the broken link.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.dnssec
import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from dnsdoctor.core.model import Severity
from dnsdoctor.lab.dns_server import zone_from_text
from dnsdoctor.lab.signing import new_keys, sign

from .lab import NSD_CONF, NSD_ZONE, lab_unavailable_reason

ROOT, TLD, NSD, KNOT, UNBOUND = (f"127.0.0.{i}" for i in range(51, 56))
TOKEN = "real-dnssec-token-xxxxxxxxxxxxxxxxxxxxxxxxxxx"
ZONE_BODY = """\
@ 3600 IN SOA ns.{zone} admin.{zone} 1 3600 600 86400 300
@ 3600 IN NS ns.{zone}
ns 3600 IN A {address}
@ 600 IN A 127.0.0.80
_acme-challenge 60 IN TXT "{token}"
"""

KNOT_CONF = """\
server:
    rundir: "{lab}/knot"
    pidfile: "{lab}/knot/knot.pid"
    listen: {address}@53
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: info
database:
    storage: "{lab}/knot/db"
keystore:
  - id: lab
    config: "{lab}/knot/keys"
policy:
  - id: lab
    keystore: lab
    algorithm: ecdsap256sha256
    ksk-lifetime: 0
    zsk-lifetime: 0
template:
  - id: default
    storage: "{lab}/knot"
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
zone:
  - domain: knot-signed.com
    dnssec-signing: on
    dnssec-policy: lab
"""

UNBOUND_CONF = """\
server:
    interface: {address}
    port: 53
    outgoing-interface: {address}
    do-ip6: no
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    root-hints: "{lab}/unbound/root.hints"
    trust-anchor-file: "{lab}/anchor.ds"
    module-config: "validator iterator"
    ede: yes
    val-log-level: 2
    username: ""
    chroot: ""
    directory: "{lab}/unbound"
    pidfile: "{lab}/unbound/unbound.pid"
    use-syslog: no
    logfile: ""
    num-threads: 1
    so-reuseport: no
    outgoing-range: 64
    num-queries-per-thread: 32
"""


def _ask(server: str, name: str, rdtype: str, *, cd: bool = False) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, want_dnssec=True, use_edns=0)
    if cd:
        query.flags |= dns.flags.CD
    return dns.query.udp(query, server, timeout=2.0)


def _wait(server: str, name: str, rdtype: str, what: str, procs: list[Any]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            reply = _ask(server, name, rdtype)
            if reply.rcode() == dns.rcode.NOERROR and reply.answer:
                return
        except (OSError, dns.exception.DNSException):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not answer {name} {rdtype} on {server}")


class DnssecLab:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="dnsdoctor-dnssec-"))
        self.procs: list[subprocess.Popen[bytes]] = []

    def spawn(self, name: str, argv: list[str]) -> None:
        log = (self.dir / f"{name}.log").open("ab")
        self.procs.append(
            subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.dir,
                start_new_session=True,
            )
        )

    def nsd(self, name: str, address: str, zones: dict[str, str]) -> None:
        """Serve ``zones`` (origin → master-file text) with one NSD on ``address``."""
        home = self.dir / name
        home.mkdir()
        (self.dir / "logs").mkdir(exist_ok=True)
        entries = ""
        for origin, text in zones.items():
            path = home / f"{origin.strip('.') or 'root'}.zone"
            path.write_text(text)
            entries += NSD_ZONE.substitute(zone=origin, file=str(path))
        conf = NSD_CONF.substitute(LAB=str(self.dir), name=name, address=address, zones=entries)
        (home / "nsd.conf").write_text(conf)
        self.spawn(name, ["nsd", "-d", "-c", str(home / "nsd.conf")])

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self) -> None:
        lab = str(self.dir)
        # 1. Knot signs knot-signed.com itself; its DS comes from the DNSKEY it serves.
        (self.dir / "knot" / "keys").mkdir(parents=True)
        (self.dir / "knot" / "db").mkdir()
        (self.dir / "knot" / "knot-signed.com.zone").write_text(
            ZONE_BODY.format(zone="knot-signed.com.", address=KNOT, token=TOKEN)
        )
        (self.dir / "knot" / "knot.conf").write_text(KNOT_CONF.format(lab=lab, address=KNOT))
        self.spawn("knot", ["knotd", "-c", str(self.dir / "knot" / "knot.conf")])
        _wait(KNOT, "knot-signed.com.", "DNSKEY", "knotd", self.procs)
        knot_keys = _ask(KNOT, "knot-signed.com.", "DNSKEY").find_rrset(
            dns.message.ANSWER,
            dns.name.from_text("knot-signed.com."),
            dns.rdataclass.IN,
            dns.rdatatype.DNSKEY,
        )
        knot_ds = [
            f"knot-signed.com. 3600 IN DS {dns.dnssec.make_ds('knot-signed.com.', k, 'SHA256')}"
            for k in knot_keys
            if k.flags & 1
        ]
        # 2. example.com is signed by ldns-signzone (NSEC), served by NSD.
        ldns = self.dir / "ldns"
        ldns.mkdir()
        zone_file = ldns / "example.com.zone"
        zone_file.write_text(
            "$ORIGIN example.com.\n$TTL 600\n"
            + ZONE_BODY.format(zone="example.com.", address=NSD, token=TOKEN)
        )

        def keygen(*flags: str) -> str:
            out = subprocess.run(
                ["ldns-keygen", "-a", "ECDSAP256SHA256", *flags, "example.com"],
                cwd=ldns,
                check=True,
                capture_output=True,
                text=True,
            )
            return out.stdout.strip()

        ksk, zsk = keygen("-k"), keygen()
        subprocess.run(
            ["ldns-signzone", "-f", str(ldns / "signed.zone"), str(zone_file), ksk, zsk],
            cwd=ldns,
            check=True,
            capture_output=True,
        )
        example_ds = (ldns / f"{ksk}.ds").read_text().split()
        example_ds_line = "example.com. 3600 IN DS " + " ".join(example_ds[-4:])
        # 3. bogus.com: unsigned, but com. holds a DS (the old provider's key).
        old = new_keys("bogus.com.")
        # 4. com. and the root, signed by dnspython; the root's DS is the trust anchor.
        com_keys, root_keys = new_keys("com."), new_keys(".")
        com_text = "\n".join(
            [
                "@ 900 IN SOA a.gtld-servers.com. admin.com. 1 1800 900 604800 86400",
                "@ 172800 IN NS a.gtld-servers.com.",
                f"a.gtld-servers 172800 IN A {TLD}",
                *(
                    f"{z} 172800 IN NS ns.{z}.com.\nns.{z} 172800 IN A {a}"
                    for z, a in (("example", NSD), ("bogus", NSD), ("knot-signed", KNOT))
                ),
                example_ds_line,
                *knot_ds,
                old.ds_line(3600),
            ]
        )
        com = sign(zone_from_text("com.", com_text), com_keys)
        root_text = "\n".join(
            [
                ". 86400 IN SOA a.root-servers.net. admin. 1 1800 900 604800 86400",
                ". 518400 IN NS a.root-servers.net.",
                "com. 172800 IN NS a.gtld-servers.com.",
                f"a.gtld-servers.com. 172800 IN A {TLD}",
                f"a.root-servers.net. 518400 IN A {ROOT}",
                com_keys.ds_line(),
            ]
        )
        root = sign(zone_from_text(".", root_text), root_keys)
        self.anchor = self.dir / "anchor.ds"
        self.anchor.write_text(root_keys.ds_line() + "\n")
        self.nsd("nsd-root", ROOT, {".": root.to_text(relativize=False)})
        self.nsd("nsd-com", TLD, {"com.": com.to_text(relativize=False)})
        self.nsd(
            "nsd-zones",
            NSD,
            {
                "example.com.": (ldns / "signed.zone").read_text(),
                "bogus.com.": ZONE_BODY.format(zone="bogus.com.", address=NSD, token=TOKEN),
            },
        )
        # 5. a validating Unbound with the lab's root key.
        (self.dir / "unbound").mkdir()
        (self.dir / "unbound" / "root.hints").write_text(
            f". 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A {ROOT}\n"
        )
        conf = self.dir / "unbound" / "unbound.conf"
        conf.write_text(UNBOUND_CONF.format(lab=lab, address=UNBOUND))
        self.spawn("unbound", ["unbound", "-d", "-c", str(conf)])
        _wait(ROOT, ".", "SOA", "nsd-root", self.procs)
        _wait(TLD, "com.", "SOA", "nsd-com", self.procs)
        _wait(NSD, "example.com.", "SOA", "nsd-zones", self.procs)
        _wait(UNBOUND, "a.root-servers.net.", "A", "unbound", self.procs)


@pytest.fixture(scope="module")
def dnssec_lab() -> Iterator[DnssecLab]:
    reason = lab_unavailable_reason()
    missing = [p for p in ("ldns-signzone", "ldns-keygen", "knotd") if shutil.which(p) is None]
    if missing:
        reason = reason or f"missing {', '.join(missing)} (apt-get install ldnsutils knot)"
    if reason is not None:
        if os.environ.get("DNSDOCTOR_REQUIRE_REAL_SERVERS") == "1":
            pytest.fail(f"DNSDOCTOR_REQUIRE_REAL_SERVERS=1 but: {reason}", pytrace=False)
        pytest.skip(reason)
    lab = DnssecLab()
    try:
        lab.start()
        yield lab
    finally:
        lab.stop()


def check(lab: DnssecLab, domain: str, resolvers: tuple[tuple[str, int], ...] = ()) -> Any:
    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.engine.run import run
    from dnsdoctor.net.dns import DnsClient

    options = Options(
        expect=(TOKEN,),
        roots=((ROOT, 53),),
        dns_port=53,
        timeout=10.0,
        query_timeout=1.0,
        no_clock=True,
        select=("dns", "dnssec"),
        trust_anchor=str(lab.anchor),
        trust_anchor_text=lab.anchor.read_text(),
        resolvers=resolvers,
        no_public=not resolvers,
    )
    return run("check", options, parse_targets([domain]), Services(dns=DnsClient()))


@pytest.mark.parametrize("domain", ["knot-signed.com", "example.com"])
def test_zones_signed_by_knot_and_by_ldns_signzone_are_secure(
    dnssec_lab: DnssecLab, domain: str
) -> None:
    report = check(dnssec_lab, domain)
    assert [f.code for f in report.findings if f.level > Severity.INFO] == []
    assert [f.code for f in report.findings if f.family == "dnssec"] == ["DNSSEC_SECURE"]
    # the validating resolver agrees: it authenticates the challenge TXT (AD)
    reply = _ask(UNBOUND, f"_acme-challenge.{domain}.", "TXT")
    assert reply.rcode() == dns.rcode.NOERROR
    assert reply.flags & dns.flags.AD


def test_ds_left_at_the_parent_is_servfail_at_unbound_and_named_by_dnsdoctor(
    dnssec_lab: DnssecLab,
) -> None:
    report = check(dnssec_lab, "bogus.com")
    assert report.root_causes[0].finding.code == "DNSSEC_DS_WITHOUT_DNSKEY"
    assert report.root_causes[0].finding.params["zone"] == "bogus.com"
    # what the CA's resolver says: SERVFAIL, but the record is there with checking disabled
    bogus = _ask(UNBOUND, "_acme-challenge.bogus.com.", "TXT")
    assert bogus.rcode() == dns.rcode.SERVFAIL
    codes = {o.code for o in bogus.options if isinstance(o, dns.edns.EDEOption)}
    assert codes & {dns.edns.EDECode.DNSSEC_BOGUS, dns.edns.EDECode.DNSKEY_MISSING}, codes
    unchecked = _ask(UNBOUND, "_acme-challenge.bogus.com.", "TXT", cd=True)
    assert unchecked.rcode() == dns.rcode.NOERROR and unchecked.answer


def test_validating_resolver_confirms_the_broken_chain_with_its_extended_error(
    dnssec_lab: DnssecLab,
) -> None:
    report = check(dnssec_lab, "bogus.com", resolvers=((UNBOUND, 53),))
    [agrees] = [f for f in report.findings if f.code == "DNSSEC_RESOLVER_AGREES"]
    assert agrees.params["rcode"] == "SERVFAIL"
    assert "EDE" in agrees.params["ede"]
    assert report.root_causes[0].finding.code == "DNSSEC_DS_WITHOUT_DNSKEY"
    # a healthy chain: the resolvers are not asked about it
    healthy = check(dnssec_lab, "example.com", resolvers=((UNBOUND, 53),))
    [result] = [r for r in healthy.results if r.check.startswith("dnssec.resolvers")]
    assert result.status.value == "skip"

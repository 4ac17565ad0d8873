"""DNSSEC for the simulated world: keys, signed zones, DS records and the world's trust anchor.

Zones are signed with dnspython's :func:`dns.dnssec.sign_zone` (NSEC chain included) using
ECDSA P-256 keys made afresh for every world (fast, small answers). :func:`sign_internet` signs the
demo internet from the root down: each child first, then its DS goes into the parent, then the
parent is signed; the root's DS is the world's trust anchor, written to a file for
``--trust-anchor``. A scenario chooses what goes wrong: a DS for keys the zone is not signed with
(a provider move), signatures whose validity window has passed, an unsigned zone.

:class:`~dnsdoctor.lab.dns_server.AuthServer` serves what is signed here: RRSIGs with every answer
and NSEC proofs with negative answers when a question has the DO bit, DS (or the NSEC proving
there is none) with referrals.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import dns.dnssec
import dns.name
import dns.rdataclass
import dns.rdatatype
import dns.zone
from cryptography.hazmat.primitives.asymmetric import ec
from dns.dnssectypes import Algorithm

from dnsdoctor.lab.dns_server import AuthServer, zone_from_text

if TYPE_CHECKING:
    from dns.rdtypes.ANY.DNSKEY import DNSKEY

    from dnsdoctor.lab.internet import DemoInternet

ALGORITHM = Algorithm.ECDSAP256SHA256
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
DAY = 86400


@dataclass(frozen=True)
class ZoneKeys:
    """A key-signing and a zone-signing key of one zone."""

    origin: dns.name.Name
    ksk: ec.EllipticCurvePrivateKey
    ksk_dnskey: DNSKEY
    zsk: ec.EllipticCurvePrivateKey
    zsk_dnskey: DNSKEY

    @property
    def ds_text(self) -> str:
        """The DS of the key-signing key (SHA-256), as a registrar shows it."""
        return dns.dnssec.make_ds(self.origin, self.ksk_dnskey, "SHA256").to_text()

    def ds_line(self, ttl: int = 86400) -> str:
        return f"{self.origin.to_text()} {ttl} IN DS {self.ds_text}"

    @property
    def key_tag(self) -> int:
        return dns.dnssec.key_id(self.ksk_dnskey)


def new_keys(origin: str | dns.name.Name, seed: str = "") -> ZoneKeys:
    """Fresh keys; with ``seed``, the same keys every time (the demo's reports and the docs made
    from them then show the same key tags)."""
    name = dns.name.from_text(origin) if isinstance(origin, str) else origin

    def pair(flags: int) -> tuple[ec.EllipticCurvePrivateKey, DNSKEY]:
        if seed:
            digest = hashlib.sha256(f"{seed}:{name}:{flags}".encode()).digest()
            key = ec.derive_private_key(
                int.from_bytes(digest) % (_P256_ORDER - 1) + 1, ec.SECP256R1()
            )
        else:
            key = ec.generate_private_key(ec.SECP256R1())
        dnskey: DNSKEY = dns.dnssec.make_dnskey(key.public_key(), ALGORITHM, flags=flags)
        return key, dnskey

    ksk, ksk_dnskey = pair(257)
    zsk, zsk_dnskey = pair(256)
    return ZoneKeys(name, ksk, ksk_dnskey, zsk, zsk_dnskey)


def sign(
    zone: dns.zone.Zone,
    keys: ZoneKeys,
    *,
    inception: float | None = None,
    expiration: float | None = None,
) -> dns.zone.Zone:
    """A signed copy of ``zone`` (its own signatures and NSEC records replaced).

    The default window is the usual one of signers: from an hour ago to 30 days ahead."""
    now = time.time()
    copy = zone_from_text(zone.origin.to_text(), _unsigned_text(zone))  # type: ignore[union-attr]
    dns.dnssec.sign_zone(
        copy,
        keys=[(keys.ksk, keys.ksk_dnskey), (keys.zsk, keys.zsk_dnskey)],
        dnskey_ttl=3600,
        inception=inception if inception is not None else now - 3600,
        expiration=expiration if expiration is not None else now + 30 * DAY,
    )
    return copy


_SIGNING_TYPES = {
    dns.rdatatype.RRSIG,
    dns.rdatatype.NSEC,
    dns.rdatatype.NSEC3,
    dns.rdatatype.NSEC3PARAM,
    dns.rdatatype.DNSKEY,
}


def _unsigned_text(zone: dns.zone.Zone) -> str:
    lines = []
    for name, node in zone.nodes.items():
        for rds in node.rdatasets:
            if rds.rdtype in _SIGNING_TYPES:
                continue
            for rd in rds:
                lines.append(
                    f"{name.to_text()} {rds.ttl} IN {dns.rdatatype.to_text(rds.rdtype)} "
                    f"{rd.to_text()}"
                )
    return "\n".join(lines) + "\n"


def with_ds(zone: dns.zone.Zone, *ds_lines: str) -> dns.zone.Zone:
    """``zone`` with these DS records added (unsigned: sign it afterwards)."""
    text = _unsigned_text(zone) + "".join(line + "\n" for line in ds_lines)
    return zone_from_text(zone.origin.to_text(), text)  # type: ignore[union-attr]


def put(net: DemoInternet, server: AuthServer, zone: dns.zone.Zone) -> None:
    """Serve ``zone`` on ``server``, also while the world runs."""
    world = net.world
    if world._started:
        world.run_sync(lambda: server.add_zone(zone))
    else:
        server.add_zone(zone)


class TrustAnchorFile:
    """The world's root trust anchor as a file (``--trust-anchor``), removed with the world."""

    def __init__(self, text: str) -> None:
        fd, self.path = tempfile.mkstemp(prefix="dnsdoctor-anchor-", suffix=".ds")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


@dataclass
class SignedInternet:
    """The keys of a signed demo internet and its trust anchor file."""

    root: ZoneKeys
    com: ZoneKeys
    net: ZoneKeys
    example: ZoneKeys | None
    anchor: TrustAnchorFile

    def argv(self) -> list[str]:
        return ["--trust-anchor", self.anchor.path]


def _zone(server: AuthServer, origin: str) -> dns.zone.Zone:
    return server.zones[dns.name.from_text(origin)]


def sign_internet(
    net: DemoInternet,
    *,
    example: ZoneKeys | None = None,
    example_ds: tuple[ZoneKeys, ...] | None = None,
    example_servers: tuple[AuthServer, ...] = (),
    inception: float | None = None,
    expiration: float | None = None,
) -> SignedInternet:
    """Sign the root, com. and net. of ``net`` and, with ``example`` keys, example.com on
    ``example_servers`` (default: both DNSPod servers) with the window given (default: valid).

    ``example_ds``: the keys whose DS com. holds for example.com (default: ``example``'s; give
    other keys for a DS left behind by a move, ``()`` for none)."""
    servers = example_servers or (net.ns1, net.ns2)
    if example is not None:
        for server in servers:
            signed = sign(
                _zone(server, "example.com."), example, inception=inception, expiration=expiration
            )
            put(net, server, signed)
    ds_keys = example_ds if example_ds is not None else ((example,) if example else ())
    keys = {o: new_keys(o, seed="demo") for o in (".", "com.", "net.")}
    com = with_ds(_zone(net.tld, "com."), *(k.ds_line() for k in ds_keys))
    put(net, net.tld, sign(com, keys["com."]))
    put(net, net.tld, sign(_zone(net.tld, "net."), keys["net."]))
    root = with_ds(_zone(net.root, "."), keys["com."].ds_line(), keys["net."].ds_line())
    put(net, net.root, sign(root, keys["."]))
    anchor = TrustAnchorFile(
        "; the demo world's root key-signing key (its DS)\n" + keys["."].ds_line() + "\n"
    )
    net.world.add(anchor)
    return SignedInternet(keys["."], keys["com."], keys["net."], example, anchor)


def rrsig_of(zone: dns.zone.Zone, name: str, covers: str) -> dns.rdataset.Rdataset | None:
    """The signatures over one RRset of ``zone`` (tests look at them)."""
    node = zone.get_node(dns.name.from_text(name))
    if node is None:
        return None
    return node.get_rdataset(
        dns.rdataclass.IN, dns.rdatatype.RRSIG, dns.rdatatype.RdataType.make(covers)
    )

"""Fake DNS's API: an in-memory account (no network), behind the neutral DnsApi."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dnsdoctor.providers.base import (
    ApiKey,
    ErrorKind,
    Identity,
    Record,
    WriteProbe,
    Zone,
)

from .errors import FakeDnsError, error

NAME_SERVERS = ("ns1.fakedns.com", "ns2.fakedns.com")

# Key ids have Fake DNS's shape (``FDNS`` + 16), secrets 32 letters and digits.
RW_KEY = "FDNSRW7Q2M9K4X1B8C5V"
RW_SECRET = "s3cr3tRWa8b7c6d5e4f3g2h1j0k9m8n7"
RO_KEY = "FDNSRO3H6J8L2P4T7W9Y"
RO_SECRET = "s3cr3tROz1y2x3w4v5u6t7s8r9q0p1o2"


@dataclass
class Key:
    secret: str
    user: str
    writes: bool
    skewed: bool = False
    """Every request signed with this key is refused for its time (``Auth.ClockSkew``)."""


@dataclass
class Account:
    account_id: str = "4242"
    keys: dict[str, Key] = field(
        default_factory=lambda: {
            RW_KEY: Key(RW_SECRET, "acme-bot", True),
            RO_KEY: Key(RO_SECRET, "reader", False),
        }
    )
    zones: dict[str, list[Record]] = field(default_factory=lambda: {"example.com": []})
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    on_change: Callable[[str, Sequence[Record]], None] | None = None
    """Called with a zone and its records after every write (a lab publishes them to its DNS
    servers, as the other providers' emulators do)."""

    def changed(self, zone: str) -> None:
        if self.on_change is not None:
            self.on_change(zone, list(self.zones[zone]))


ACCOUNT = Account()
"""The one account every :class:`FakeDnsApi` talks to (tests may replace it)."""


class FakeDnsApi:
    def __init__(self, account: Account | None = None) -> None:
        self.account = account or ACCOUNT
        self.calls: list[str] = []

    def describe_endpoint(self) -> str:
        return "memory://fakedns"

    def _auth(self, key: ApiKey, action: str, write: bool = False) -> Key:
        self.calls.append(action)
        known = self.account.keys.get(key.key_id)
        if known is None:
            raise error("Auth.NoSuchKey", action)
        if known.secret != key.secret:
            raise error("Auth.BadSignature", action)
        if known.skewed:
            raise error("Auth.ClockSkew", action)
        if write and not known.writes:
            raise error("Access.Denied", action)
        return known

    def _zone(self, name: str, action: str) -> Zone:
        if name not in self.account.zones:
            raise error("Zone.Missing", action)
        return Zone(
            zone_id="z-" + name.replace(".", "-"),
            name=name,
            status="active",
            expected_ns=NAME_SERVERS,
            delegated=True,
            facts=(("Status", "active"), ("NameServers", ", ".join(NAME_SERVERS))),
        )

    async def whoami(self, key: ApiKey, *, deadline: float) -> Identity:
        known = self._auth(key, "WhoAmI")
        return Identity(
            account_id=self.account.account_id,
            principal_id=known.user,
            principal_type="FakeUser",
            principal_name=known.user,
            facts=(("User", known.user),),
        )

    async def zone(self, key: ApiKey, name: str, *, deadline: float) -> Zone:
        self._auth(key, "GetZone")
        return self._zone(name, "GetZone")

    async def zones(self, key: ApiKey, *, deadline: float) -> Sequence[Zone]:
        self._auth(key, "ListZones")
        return [self._zone(name, "ListZones") for name in self.account.zones]

    async def txt_records(
        self, key: ApiKey, zone: Zone, subdomain: str | None, *, deadline: float
    ) -> Sequence[Record]:
        self._auth(key, "ListRecords")
        records = self.account.zones.get(zone.name)
        if records is None:
            raise error("Zone.Missing", "ListRecords")
        return [r for r in records if r.type == "TXT" and subdomain in (None, r.name)]

    async def create_txt(
        self, key: ApiKey, zone: Zone, subdomain: str, value: str, ttl: int, *, deadline: float
    ) -> str:
        self._auth(key, "CreateRecord", write=True)
        record_id = str(next(self.account.ids))
        self.account.zones[zone.name].append(Record(record_id, subdomain, "TXT", value, ttl))
        self.account.changed(zone.name)
        return record_id

    async def delete_record(
        self, key: ApiKey, zone: Zone, record_id: str, *, deadline: float
    ) -> None:
        self._auth(key, "DeleteRecord", write=True)
        records = self.account.zones.get(zone.name, [])
        kept = [r for r in records if r.record_id != record_id]
        if len(kept) == len(records):
            raise error("Record.Missing", "DeleteRecord")
        records[:] = kept
        self.account.changed(zone.name)

    async def probe_write(self, key: ApiKey, zone: Zone, *, deadline: float) -> WriteProbe:
        try:
            await self.delete_record(key, zone, "0", deadline=deadline)
        except FakeDnsError as err:
            return WriteProbe.of_delete("0", err, permitted=err.kind is ErrorKind.NO_RECORD)
        return WriteProbe.of_delete("0", None)


def create_api(options: object) -> FakeDnsApi:
    return FakeDnsApi()

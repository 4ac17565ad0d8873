"""Tencent Cloud DNSPod behind the provider-neutral :class:`~dnsdoctor.providers.base.DnsApi`.

The calls themselves (TC3 signing by the SDK, bounded time and size, no redirects) are
:class:`dnsdoctor.providers.tencentcloud.client.TencentApi`'s; this adapter only speaks the neutral types: a
``DomainInfo`` becomes a :class:`~dnsdoctor.providers.base.Zone`, an error a
:class:`~dnsdoctor.providers.base.ProviderError` whose kind comes from :mod:`.errors`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from dnsdoctor.providers.base import (
    ApiKey,
    ErrorKind,
    Identity,
    Record,
    WriteProbe,
    Zone,
)
from dnsdoctor.providers.tencentcloud.client import (
    ApiCredential,
    DomainInfo,
    TencentApi,
    TencentApiError,
)

if TYPE_CHECKING:
    from dnsdoctor.core.context import Options

T = TypeVar("T")
CHINA = dt.timezone(dt.timedelta(hours=8))
PROBE_RECORD_ID = 1
"""A RecordId that cannot belong to a record of any zone (real ids are large)."""


def updated_at(value: str) -> float | None:
    """DNSPod's ``UpdatedOn`` (Beijing time, ``2024-01-01 10:00:00``) as Unix seconds."""
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA).timestamp()
    except ValueError:
        return None


def listed_zone(domain_id: int | None, name: str, punycode: str, status: str) -> Zone:
    """What DNSPod's domain list tells of a zone: its id, its name (the punycode one, as DNS
    spells it) and status (``PAUSE``, ``SPAM``, ``LOCK``: DNSPod does not serve it)."""
    return Zone(
        zone_id="" if domain_id is None else str(domain_id),
        name=punycode or name,
        status=status,
        paused=status.upper() in ("PAUSE", "SPAM", "LOCK"),
    )


def zone_of(info: DomainInfo) -> Zone:
    delegated: bool | None = None
    if info.dns_status.lower() == "dnserror":
        delegated = False
    elif info.actual_ns and info.dnspod_ns:
        # DNSPod's own test (``ActualNsList`` vs ``DnspodNsList``): any of its servers counts
        actual = {n.lower().rstrip(".") for n in info.actual_ns}
        delegated = not actual.isdisjoint({n.lower().rstrip(".") for n in info.dnspod_ns})
    return dataclasses.replace(
        listed_zone(info.domain_id, info.domain, info.punycode, info.status),
        expected_ns=info.dnspod_ns,
        actual_ns=info.actual_ns,
        delegated=delegated,
        record_count=info.record_count,
        delegation_note=info.dns_status,
        facts=(
            ("DnspodNsList", ", ".join(info.dnspod_ns) or "(empty)"),
            ("ActualNsList", ", ".join(info.actual_ns) or "(empty)"),
            ("DnsStatus", info.dns_status or "(empty)"),
            ("Status", info.status),
        ),
    )


def create_api(options: Options) -> TencentDnsApi:
    """The adapter for ``--tencent-endpoint``/``--tencent-site`` (``ValueError`` if unusable)."""
    return TencentDnsApi(
        TencentApi(
            endpoint=options.provider_option("tencent_endpoint"),
            site=options.provider_option("tencent_site") or "cn",
        )
    )


class TencentDnsApi:
    """:class:`~dnsdoctor.providers.base.DnsApi` for DNSPod (API 2021-03-23) and STS."""

    def __init__(self, api: TencentApi) -> None:
        self.api = api

    def describe_endpoint(self) -> str:
        return self.api.describe_endpoint("dnspod")

    @staticmethod
    def _cred(key: ApiKey) -> ApiCredential:
        return ApiCredential(key.key_id, key.secret, key.token)

    async def whoami(self, key: ApiKey, *, deadline: float) -> Identity:
        who = await self.api.get_caller_identity(self._cred(key), deadline=deadline)
        return Identity(
            account_id=who.account_id,
            principal_id=who.principal_id or who.user_id,
            principal_type=who.type,
            arn=who.arn,
            is_root=who.is_root,
            facts=(
                ("Arn", who.arn),
                ("AccountId", who.account_id),
                ("UserId", who.user_id),
                ("Type", who.type),
            ),
        )

    async def zone(self, key: ApiKey, name: str, *, deadline: float) -> Zone:
        info = await self.api.describe_domain(self._cred(key), name, deadline=deadline)
        return zone_of(info)

    async def zones(self, key: ApiKey, *, deadline: float) -> Sequence[Zone]:
        found = await self.api.describe_domain_list(self._cred(key), deadline=deadline)
        return [listed_zone(d.domain_id, d.name, d.punycode, d.status) for d in found]

    async def txt_records(
        self, key: ApiKey, zone: Zone, subdomain: str | None, *, deadline: float
    ) -> Sequence[Record]:
        items = await self.api.describe_record_list(
            self._cred(key), zone.name, subdomain, "TXT", deadline=deadline
        )
        return [
            Record(
                record_id="" if r.record_id is None else str(r.record_id),
                name=r.name,
                type=r.type,
                value=r.value,
                ttl=r.ttl,
                enabled=r.status.upper() != "DISABLE",
                updated_at=updated_at(r.updated_on),
                updated_text=r.updated_on,
                line=r.line,
                status=r.status,
            )
            for r in items
        ]

    async def create_txt(
        self,
        key: ApiKey,
        zone: Zone,
        subdomain: str,
        value: str,
        ttl: int,
        *,
        deadline: float,
        remark: str | None = None,
    ) -> str:
        """``remark``: DNSPod's ``Remark``, a second marker for a human looking at the record."""
        record_id = await self.api.create_record(
            self._cred(key),
            zone.name,
            subdomain,
            "TXT",
            value,
            ttl=ttl,
            deadline=deadline,
            **({"remark": remark} if remark else {}),
        )
        return str(record_id)

    async def delete_record(
        self, key: ApiKey, zone: Zone, record_id: str, *, deadline: float
    ) -> None:
        if not record_id.isdigit():  # DNSPod's ids are numbers: no record has this one
            bad = TencentApiError(
                "InvalidParameter.RecordIdInvalid", "not a DNSPod RecordId", action="DeleteRecord"
            )
            bad.kind = ErrorKind.NO_RECORD
            raise bad
        try:
            await self.api.delete_record(
                self._cred(key), zone.name, int(record_id), deadline=deadline
            )
        except TencentApiError as err:
            if err.code == "InvalidParameter.RecordIdInvalid":
                err.kind = ErrorKind.NO_RECORD
            raise

    async def probe_write(self, key: ApiKey, zone: Zone, *, deadline: float) -> WriteProbe:
        # DeleteRecord of RecordId 1: CAM decides on the action before DNSPod looks the id up, so
        # a permitted key gets InvalidParameter.RecordIdInvalid and nothing is deleted.
        probed = str(PROBE_RECORD_ID)
        try:
            await self.api.delete_record(
                self._cred(key), zone.name, PROBE_RECORD_ID, deadline=deadline
            )
        except TencentApiError as err:
            permitted = err.code == "InvalidParameter.RecordIdInvalid"
            return WriteProbe.of_delete(probed, err, permitted=permitted)
        return WriteProbe.of_delete(probed, None)

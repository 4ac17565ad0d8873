"""Tencent Cloud behind the provider-neutral interface, against the emulator over loopback."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Iterator
from typing import TypeVar

import pytest

from dnsdoctor.lab.tencent_api import ApiKey as EmuKey
from dnsdoctor.lab.tencent_api import FakeTencentCloud
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.providers.base import ApiKey, ErrorKind, ProviderError, Zone
from dnsdoctor.providers.tencentcloud.api import TencentDnsApi
from dnsdoctor.providers.tencentcloud.client import TencentApi

T = TypeVar("T")
HOST = "127.0.0.52"
ACCOUNT = "100000000001"
SID = "AKID" + "Zx9Qe" * 6 + "pq"
KEY = "Hu6t9xGARNpq86cd98joQYCN3" + "kQ7zW2n"
READER = "AKID" + "Rd7Tw" * 6 + "rd"


@pytest.fixture
def emu() -> Iterator[FakeTencentCloud]:
    fake = FakeTencentCloud(HOST, free_port([HOST], (socket.SOCK_STREAM,)))
    fake.add_key(EmuKey(SID, KEY, uin="100000000011", account=ACCOUNT, allow=("dnspod:*",)))
    fake.add_key(
        EmuKey(READER, KEY, uin="100000000012", account=ACCOUNT, allow=("dnspod:Describe*",))
    )
    fake.add_domain("example.com", ACCOUNT, actual_ns=("ns1.other.example", "ns2.other.example"))
    fake.add_domain("good.example", ACCOUNT)
    world = World()
    world.add(fake)
    with world:
        yield fake


def run(coro: Awaitable[T]) -> T:
    async def wrap() -> T:
        return await coro

    return asyncio.run(wrap())


def deadline() -> float:
    return time.monotonic() + 5


def api_for(emu: FakeTencentCloud) -> TencentDnsApi:
    return TencentDnsApi(TencentApi(emu.url, timeout=3.0, max_attempts=1))


def test_identity_zone_and_records_in_neutral_terms(emu: FakeTencentCloud) -> None:
    api = api_for(emu)
    key = ApiKey(SID, KEY)
    who = run(api.whoami(key, deadline=deadline()))
    assert (who.account_id, who.principal_id, who.is_root) == (ACCOUNT, "100000000011", False)

    zone = run(api.zone(key, "example.com", deadline=deadline()))
    assert zone.name == "example.com" and zone.delegated is False
    assert zone.expected_ns == ("ns1.dnspod.net", "ns2.dnspod.net")
    assert run(api.zone(key, "good.example", deadline=deadline())).delegated is True
    assert {z.name for z in run(api.zones(key, deadline=deadline()))} == {
        "example.com",
        "good.example",
    }

    emu.add_record("example.com", "_acme-challenge", "TXT", "old-token", age=7200)
    record_id = run(api.create_txt(key, zone, "_acme-challenge", "new", 600, deadline=deadline()))
    found = run(api.txt_records(key, zone, "_acme-challenge", deadline=deadline()))
    assert {r.value for r in found} == {"old-token", "new"}
    old = next(r for r in found if r.value == "old-token")
    assert old.updated_at is not None and 7000 < time.time() - old.updated_at < 7400

    run(api.delete_record(key, zone, record_id, deadline=deadline()))
    left = run(api.txt_records(key, zone, "_acme-challenge", deadline=deadline()))
    assert [r.value for r in left] == ["old-token"]


def test_write_probe_writes_nothing_and_tells_allowed_from_denied(emu: FakeTencentCloud) -> None:
    api = api_for(emu)
    zone = Zone("", "example.com")
    before = [(r.record_id, r.value) for r in emu.domains["example.com"].records]
    assert run(api.probe_write(ApiKey(SID, KEY), zone, deadline=deadline())).outcome == "allowed"
    denied = run(api.probe_write(ApiKey(READER, KEY), zone, deadline=deadline()))
    assert denied.outcome == "denied"
    assert denied.error is not None and denied.error.kind is ErrorKind.DENIED
    assert [(r.record_id, r.value) for r in emu.domains["example.com"].records] == before


@pytest.mark.parametrize(
    ("key", "zone", "kind"),
    [
        (ApiKey(SID, KEY + " "), "example.com", ErrorKind.SIGNATURE),
        (ApiKey("AKID" + "Nf0Nf" * 6 + "nf", KEY), "example.com", ErrorKind.UNKNOWN_KEY),
        (ApiKey(SID, KEY), "absent.example", ErrorKind.NO_ZONE),
    ],
)
def test_errors_carry_the_neutral_kind_and_no_secret(
    emu: FakeTencentCloud, key: ApiKey, zone: str, kind: ErrorKind
) -> None:
    with pytest.raises(ProviderError) as info:
        run(api_for(emu).zone(key, zone, deadline=deadline()))
    err = info.value
    assert err.kind is kind and err.provider == "tencentcloud"
    assert KEY not in f"{err} {err!r} {err.message}"


def test_clock_beyond_the_window_is_the_clock_kind(emu: FakeTencentCloud) -> None:
    emu.clock_offset = 400
    with pytest.raises(ProviderError) as info:
        run(api_for(emu).whoami(ApiKey(SID, KEY), deadline=deadline()))
    assert info.value.kind is ErrorKind.CLOCK and info.value.server_date is not None

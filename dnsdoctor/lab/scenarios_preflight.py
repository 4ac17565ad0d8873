"""Pre-flight scenarios: the Tencent Cloud API emulator writes into the demo world's DNS.

The emulator (127.0.0.51) holds example.com's records; every change it makes (CreateRecord,
DeleteRecord, a record added by a test) is published to ns1.dnspod.net and ns2.dnspod.net each
after its own delay, through ``World.later``: the zone a server serves is the demo's base zone
plus the emulator's records, with a serial one higher per change. A change that arrives late never
overwrites a newer one (each server remembers the serial it serves), so a lagging server catches up
in order, like a secondary that transfers the latest version.

Scenarios (``dnsdoctor demo NAME`` runs ``dnsdoctor preflight example.com`` against them, with the
world's own resolvers as the system resolver and a "public" one):

- ``preflight-healthy``: ns1 gets each change after 0.2 s, ns2 after 0.8 s;
- ``preflight-lagging``: ns2 gets each change 30 s late (tests pass a shorter lag);
- ``preflight-read-only``: the key may only call ``Describe*``. The permission probe runs first,
  ``DeleteRecord`` is denied, so no probe record is created at all: it could not be deleted again.

:func:`preflight_world` builds the world for any provider the lab emulates, from what a
:class:`PreflightProvider` says is its own (:data:`TENCENT` here);
:mod:`dnsdoctor.lab.scenarios_alidns_preflight` declares Alibaba Cloud DNS's (its emulator
publishing to the hichina.com servers).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from dnsdoctor.lab.alidns_api import FakeAlibabaCloud
from dnsdoctor.lab.dns_server import AuthServer, zone_from_text
from dnsdoctor.lab.internet import NTP, SERIAL, DemoInternet, com_zone, example_zone
from dnsdoctor.lab.resolver import CachingResolver
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.scenarios_creds import (
    ACCOUNT,
    API_ADDRESS,
    CAM_USER,
    CREDENTIAL_VARIABLES,
    ZONE,
    TempHome,
    random_secret_id,
    random_secret_key,
)
from dnsdoctor.lab.scenarios_resolvers import PUBLIC, SYSTEM, caching
from dnsdoctor.lab.tencent_api import ApiKey, FakeTencentCloud
from dnsdoctor.lab.world import free_port

ORDER = 60
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

Emulator = TypeVar("Emulator", FakeTencentCloud, FakeAlibabaCloud)


class Record(Protocol):
    """An emulator's record (Tencent's or Alibaba's): a name relative to the zone."""

    name: str
    type: str
    value: str
    ttl: int


def record_line(record: Record) -> str:
    """A zone-file line for an emulator record (names are relative to the zone)."""
    if record.type == "TXT":
        value = record.value.replace("\\", "\\\\").replace('"', '\\"')
        data = f'"{value}"'
    else:
        data = record.value
    return f"{record.name} {record.ttl} IN {record.type} {data}"


class ZoneSync:
    """An emulator's ``on_change`` for example.com: publish to each server after its delay."""

    def __init__(
        self,
        net: DemoInternet,
        delays: dict[str, float],
        ns: tuple[str, ...] = ("ns1.dnspod.net.", "ns2.dnspod.net."),
    ) -> None:
        self.net = net
        self.delays = dict(delays)
        """Server name (``ns1``, ``ns2``, ``ali1``) → seconds until it serves a change."""
        self.ns = ns
        """The zone's NS set (and the SOA's primary), as the provider's servers serve it."""
        self.serial = SERIAL
        self.serving: dict[str, int] = dict.fromkeys(self.delays, SERIAL)
        self.published: list[tuple[str, int]] = []
        """(server, serial) in the order the servers started serving them (tests read it)."""

    def server(self, name: str) -> AuthServer:
        server: AuthServer = getattr(self.net, name)
        return server

    def zone_text(self, records: Sequence[Record], serial: int) -> str:
        return example_zone(
            serial=serial, ns=self.ns, extra="\n".join(record_line(r) for r in records)
        )

    def publish_now(self, records: Sequence[Record]) -> None:
        """Before the world runs: every server serves ``records`` at once."""
        self.serial += 1
        text = self.zone_text(records, self.serial)
        for name in self.delays:
            self.net.set_zone(self.server(name), "example.com.", text)
            self.serving[name] = self.serial

    def __call__(self, zone: str, records: Sequence[Record]) -> None:
        if zone != ZONE:
            return
        self.serial += 1
        serial = self.serial
        parsed = zone_from_text("example.com.", self.zone_text(records, serial))
        for name, delay in self.delays.items():

            def apply(name: str = name) -> None:
                if serial > self.serving[name]:
                    self.server(name).add_zone(parsed)
                    self.serving[name] = serial
                    self.published.append((name, serial))

            if delay <= 0:
                apply()
            else:
                self.net.world.later(delay, apply)


@dataclass
class PreflightWorld:
    """One pre-flight scenario's pieces, kept for tests that inspect or change them."""

    net: DemoInternet
    api: FakeTencentCloud | FakeAlibabaCloud
    sync: ZoneSync
    home: TempHome
    secret_id: str
    secret_key: str = field(repr=False)
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict, repr=False)
    resolvers: list[CachingResolver] = field(default_factory=list)
    """The system resolver (127.0.0.20) and the "public" one (127.0.0.23), when present."""

    @property
    def state_dir(self) -> str:
        return str(self.home.path / "state")

    def demo(self) -> Demo:
        return Demo(self.net.world, list(self.argv), dict(self.env))


@dataclass(frozen=True)
class PreflightProvider(Generic[Emulator]):
    """What one provider's pre-flight world is made of; :func:`preflight_world` builds the rest
    (the same for every provider)."""

    servers: dict[str, str]
    """The demo internet's servers of the provider (``DemoInternet`` attribute) → their names:
    example.com's NS set, which ``com.`` delegates to."""
    emulator: type[Emulator]
    address: str
    """The emulator's loopback address."""
    account: str
    """The account that holds example.com."""
    setup: Callable[[Emulator, str, tuple[str, ...]], tuple[str, str]]
    """(emulator, the key's account, allowed actions) → adds example.com in :attr:`account` and a
    user's key of that account with those actions; returns the key's (id, secret)."""
    allow_all: tuple[str, ...]
    """A user's actions when the scenario does not restrict them: the whole DNS API."""
    key_variables: tuple[str, str]
    """The environment variables for the key's id and secret."""
    blank: tuple[str, ...]
    """Credential variables set empty, so that only the scenario's key is found."""
    endpoint_option: str
    """The CLI option that points dnsdoctor at the emulator."""


def _tencent_setup(
    api: FakeTencentCloud, key_account: str, allow: tuple[str, ...]
) -> tuple[str, str]:
    api.add_domain(ZONE, ACCOUNT)
    secret_id, secret_key = random_secret_id(), random_secret_key()
    api.add_key(ApiKey(secret_id, secret_key, uin=CAM_USER, account=key_account, allow=allow))
    return secret_id, secret_key


TENCENT = PreflightProvider(
    servers={"ns1": "ns1.dnspod.net.", "ns2": "ns2.dnspod.net."},
    emulator=FakeTencentCloud,
    address=API_ADDRESS,
    account=ACCOUNT,
    setup=_tencent_setup,
    allow_all=("dnspod:*",),
    key_variables=("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY"),
    blank=CREDENTIAL_VARIABLES,
    endpoint_option="--tencent-endpoint",
)
"""example.com at DNSPod (ns1/ns2.dnspod.net), a CAM user's key in ``TENCENTCLOUD_SECRET_ID``/
``TENCENTCLOUD_SECRET_KEY``."""


def preflight_world(
    *,
    provider: PreflightProvider[Any] = TENCENT,
    delays: tuple[float, float] = (0.2, 0.8),
    allow: tuple[str, ...] | None = None,
    key_account: str | None = None,
    clock_ahead: float = 0.0,
    seed: tuple[tuple[str, str], ...] = (),
    resolvers: bool = True,
) -> PreflightWorld:
    """The demo internet with example.com at ``provider``, the emulator wired to the provider's
    two servers (each gets a change after its entry of ``delays``) and a user's key in the
    environment. ``allow``: the user's actions (default: all of the DNS API); ``key_account``: the
    key is this other account's (which holds example.net); ``clock_ahead`` puts the world's clocks
    (the provider's and the NTP server's) that many seconds behind this host's; ``seed`` adds TXT
    records (name, value) to the zone before the world starts."""
    net = DemoInternet()
    ns = tuple(provider.servers.values())
    net.set_zone(net.tld, "com.", com_zone(ns))
    offset = 0.0 - clock_ahead  # the world's clocks, as seen from this host (0.0, not -0.0)
    net.ntp.offset = offset
    port = free_port([provider.address], (socket.SOCK_STREAM,))
    sync = ZoneSync(net, dict(zip(provider.servers, delays, strict=True)), ns=ns)
    api: FakeTencentCloud | FakeAlibabaCloud
    api = provider.emulator(provider.address, port, clock_offset=offset)
    account = provider.account if key_account is None else key_account
    key_id, secret = provider.setup(api, account, provider.allow_all if allow is None else allow)
    if account != provider.account:
        api.add_domain("example.net", account)
    for name, value in seed:
        api.add_record(ZONE, name, "TXT", value, age=60)
    sync.publish_now(list(api.domains[ZONE].records))
    api.on_change = sync
    net.world.add(api)
    home = TempHome()
    net.world.add(home)
    env = dict.fromkeys(provider.blank, "")
    env.update(
        {
            "HOME": str(home.path),
            "XDG_STATE_HOME": str(home.path / "state"),
            provider.key_variables[0]: key_id,
            provider.key_variables[1]: secret,
        }
    )
    argv = ["preflight", ZONE, *net.dns_args(), "--ntp", f"{NTP}:{net.port}"]
    argv += [provider.endpoint_option, api.url]
    chosen: list[CachingResolver] = []
    if resolvers:
        chosen = [caching(net, SYSTEM), caching(net, PUBLIC)]
        argv += ["--system-resolver", f"{SYSTEM}:{net.port}", "--resolver", f"{PUBLIC}:{net.port}"]
    else:
        argv.append("--no-public")
    return PreflightWorld(net, api, sync, home, key_id, secret, argv, env, chosen)


def build_healthy() -> PreflightWorld:
    return preflight_world(delays=(0.2, 0.8))


def build_lagging(lag: float = 30.0) -> PreflightWorld:
    return preflight_world(delays=(0.2, lag))


def build_read_only() -> PreflightWorld:
    return preflight_world(allow=("dnspod:Describe*",))


def _demo_of(build: Callable[[], PreflightWorld]) -> Callable[[], Demo]:
    def make() -> Demo:
        return build().demo()

    return make


register(
    Scenario(
        "preflight-healthy",
        {
            "en": "Pre-flight: a probe record reaches both DNSPod servers within a second",
            "zh": "预检：探测记录在一秒内到达两台 DNSPod 服务器",
        },
        _demo_of(build_healthy),
        None,
        0,
    )
)
register(
    Scenario(
        "preflight-lagging",
        {
            "en": "Pre-flight: ns2.dnspod.net gets every change 30 s late",
            "zh": "预检：ns2.dnspod.net 晚 30 秒才收到每次变更",
        },
        _demo_of(build_lagging),
        "PREFLIGHT_PROBE_SLOW",
        0,
        slow=True,
    )
)
register(
    Scenario(
        "preflight-read-only",
        {
            "en": "Pre-flight: the key cannot delete, so no probe record is created",
            "zh": "预检：密钥无删除权限，因此不创建探测记录",
        },
        _demo_of(build_read_only),
        "CREDS_DELETE_DENIED",
        0,  # a warning: the certificate is issued, only its cleanup fails
    )
)

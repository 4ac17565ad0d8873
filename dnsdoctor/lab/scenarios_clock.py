"""Clock scenarios: fake NTP servers and an HTTP ``Date`` endpoint whose clocks disagree with ours.

The servers' clocks are shifted instead of the local one, so the tool reads the real local clock,
exactly as in production. A server ``offset`` of ``-412`` makes the local clock look 412 s *ahead*.

Every argv names all of its sources (``--ntp`` for each NTP server, ``--time-url`` for the Date
server) and gives no provider endpoint option: with ``--ntp`` given, the clock check asks neither the
default public NTP servers nor a provider's public API (see
:func:`dnsdoctor.checks.clock.checks.plan_sources`), so a scenario never leaves loopback.

Whose window judges the clock is the provider's the argv names (``--provider``), else, as
``--provider auto`` goes, the one whose credentials are found: the environment of a scenario blanks
every credential variable and gives an empty home directory, so that a key in the user's own shell
never changes a demo's verdict.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass, field

from dnsdoctor.lab.http_date import FakeHttpDateServer, HttpMode
from dnsdoctor.lab.ntp import FakeNtpServer, NtpMode
from dnsdoctor.lab.scenarios import Demo, Scenario, register
from dnsdoctor.lab.world import World, free_port

ORDER = 30
"""Where these scenarios come in the demo's listing (:mod:`dnsdoctor.lab.scenarios`)."""

NTP_ADDRESSES = ("127.0.0.41", "127.0.0.42", "127.0.0.43")
HTTP_ADDRESS = "127.0.0.46"


@dataclass
class ClockWorld:
    """The servers of one clock scenario, kept for tests that change them at runtime."""

    world: World
    ntp: list[FakeNtpServer]
    http: FakeHttpDateServer
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    """No credential of any provider: blank variables, an empty home directory."""


def clock_world(
    offsets: Sequence[float],
    *,
    ntp_mode: NtpMode = "answer",
    http_offset: float | None = None,
    http_mode: HttpMode = "answer",
    provider: str | None = None,
) -> ClockWorld:
    """NTP servers on 127.0.0.41... (one per offset) and a Date server on 127.0.0.46.

    ``http_offset`` defaults to the first NTP offset: a world where everyone agrees but us;
    ``provider`` is the ``--provider`` the argv names (``None``: none, automatic)."""
    # the credential scenarios register after the clock's: import them only when building
    from dnsdoctor.lab.scenarios_alidns import ALIDNS_VARIABLES
    from dnsdoctor.lab.scenarios_creds import CREDENTIAL_VARIABLES, TempHome

    addresses = list(NTP_ADDRESSES[: len(offsets)])
    ntp_port = free_port(addresses)
    http_port = free_port([HTTP_ADDRESS], (socket.SOCK_STREAM,))
    world = World()
    servers = [
        FakeNtpServer(address, ntp_port, offset=offset, mode=ntp_mode)
        for address, offset in zip(addresses, offsets, strict=True)
    ]
    if http_offset is None:
        http_offset = offsets[0] if offsets else 0.0
    http = FakeHttpDateServer(HTTP_ADDRESS, http_port, offset=http_offset, mode=http_mode)
    for server in servers:
        world.add(server)
    world.add(http)
    home = TempHome()
    world.add(home)
    env = {name: "" for name in (*CREDENTIAL_VARIABLES, *ALIDNS_VARIABLES)}
    env["HOME"] = str(home.path)
    argv = ["clock"]
    for server in servers:
        argv += ["--ntp", server.endpoint]
    argv += ["--time-url", http.url]
    if provider is not None:
        argv += ["--provider", provider]
    return ClockWorld(world, servers, http, argv, env)


def _demo(cw: ClockWorld) -> Demo:
    return Demo(cw.world, cw.argv, dict(cw.env))


def _ahead() -> Demo:
    return _demo(clock_world([-412.0, -412.0, -412.0], provider="tencentcloud"))


def _ahead_alidns() -> Demo:
    # the same clock, Alibaba Cloud's window (15 minutes): not rejected yet, but drifting
    return _demo(clock_world([-412.0, -412.0, -412.0], provider="alidns"))


def _timezone() -> Demo:
    # Beijing time typed in while the system believes its clock is UTC: 8 h ahead
    return _demo(clock_world([-28800.0, -28800.0]))


def _falseticker() -> Demo:
    return _demo(clock_world([0.0, 0.0, 137.0], http_offset=0.0))


def _ntp_blocked() -> Demo:
    return _demo(clock_world([0.0, 0.0], ntp_mode="silent", http_offset=125.0))


def _unverifiable() -> Demo:
    return _demo(clock_world([0.0, 0.0], ntp_mode="silent", http_mode="silent"))


SCENARIOS = (
    Scenario(
        "clock-ahead",
        {
            "en": "The clock is 6 min 52 s ahead: Tencent Cloud answers AuthFailure.SignatureExpire.",
            "zh": "本机时钟快了 6 分 52 秒：腾讯云返回 AuthFailure.SignatureExpire。",
        },
        _ahead,
        "CLOCK_SKEW_SIGNATURE_EXPIRE",
    ),
    Scenario(
        "clock-ahead-alidns",
        {
            "en": "The same 6 min 52 s ahead at Alibaba Cloud DNS: within its 15-minute window, "
            "but drifting.",
            "zh": "同样快了 6 分 52 秒，服务商是阿里云云解析 DNS：仍在其 15 分钟的窗口之内，但正在漂移。",
        },
        _ahead_alidns,
        "CLOCK_DRIFT",
        exit_code=0,
    ),
    Scenario(
        "clock-timezone",
        {
            "en": "Beijing time was set as UTC: the clock is 8 h ahead (a time zone mistake).",
            "zh": "把北京时间设成了 UTC：本机时钟快了 8 小时（时区设置错误）。",
        },
        _timezone,
        "CLOCK_TIMEZONE_MISTAKE",
    ),
    Scenario(
        "clock-falseticker",
        {
            "en": "One of three NTP servers is 2 min 17 s off; the other two outvote it.",
            "zh": "三台 NTP 服务器中有一台偏差 2 分 17 秒，被另外两台否决。",
        },
        _falseticker,
        "CLOCK_FALSETICKER",
        exit_code=0,
    ),
    Scenario(
        "clock-ntp-blocked",
        {
            "en": "UDP/123 is blocked; the HTTP Date header shows the clock 2 min 5 s behind.",
            "zh": "UDP 123 端口被封；HTTP Date 头显示本机时钟慢了 2 分 5 秒。",
        },
        _ntp_blocked,
        "CLOCK_DRIFT",
        exit_code=0,
    ),
    Scenario(
        "clock-unverifiable",
        {
            "en": "Every NTP server and the Date endpoint are silent: the clock cannot be verified.",
            "zh": "所有 NTP 服务器和 Date 源都没有回应：无法验证本机时钟。",
        },
        _unverifiable,
        "CLOCK_UNVERIFIED",
        exit_code=0,
    ),
)

for _scenario in SCENARIOS:
    register(_scenario)

"""The clock checks: estimation, words, thresholds, time zone mistakes, sources, platform remedies.

Checks run against fake NTP and Date servers on 127.0.0.41-46 (dnsdoctor.lab). Nothing leaves
loopback (tests/conftest.py: loopback-only mode and a socket guard), and the platform probe is a
fake: no command of this machine runs.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import pytest

from dnsdoctor import providers
from dnsdoctor.checks.base import Check
from dnsdoctor.checks.clock import checks as clock
from dnsdoctor.checks.clock import platform as clock_platform
from dnsdoctor.checks.clock.checks import (
    DEFAULT_NTP_SERVERS,
    DRIFT,
    FALSETICKER,
    NTP_BLOCKED,
    SIGNATURE_EXPIRE,
    SOURCE_UNUSABLE,
    SOURCES_DISAGREE,
    TIMEZONE_MISTAKE,
    UNVERIFIED,
    Estimate,
    TimeSample,
    decide,
    duration_words,
    estimate,
    judge,
    measure,
    parse_ntp_server,
    plan_sources,
    skew_words,
    timezone_hours,
)
from dnsdoctor.checks.clock.platform import (
    CommandResult,
    Platform,
    Probe,
    detect,
    manual_check_commands,
    skew_remedy,
    timezone_remedy,
)
from dnsdoctor.core.context import Context, Options, Services
from dnsdoctor.core.model import LANGS, CheckResult, Finding, Severity, Status
from dnsdoctor.engine.catalog import all_checks
from dnsdoctor.engine.runner import run_checks
from dnsdoctor.lab.scenarios_clock import ClockWorld, clock_world
from dnsdoctor.net.dns import DnsClient
from dnsdoctor.net.http import HttpClient
from dnsdoctor.net.ntp import NtpClient, NtpSample, NtpTimeout

if TYPE_CHECKING:
    from dnsdoctor.lab.ntp import NtpMode


# --------------------------------------------------------------------------- fixtures


def fake_probe(
    system: str = "Linux",
    files: Mapping[str, str] | None = None,
    commands: Mapping[tuple[str, ...], CommandResult] | None = None,
    programs: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> Probe:
    files = dict(files or {})
    commands = dict(commands or {})
    ran: list[tuple[str, ...]] = []

    def run(argv: Sequence[str]) -> CommandResult | None:
        ran.append(tuple(argv))
        return commands.get(tuple(argv))

    return Probe(
        system=system,
        read_file=files.get,
        exists=lambda path: path in files,
        run=run,
        which=lambda name: f"/usr/bin/{name}" if name in programs else None,
        environ=dict(environ or {}),
    )


BARE_LINUX = fake_probe(files={"/proc/sys/kernel/osrelease": "6.8.0-45-generic\n"})


@pytest.fixture(autouse=True)
def platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "PROBE", BARE_LINUX)


@pytest.fixture
def started() -> Iterator[list[ClockWorld]]:
    """Start clock worlds with ``started.append(cw)``; all are stopped afterwards."""
    worlds: list[ClockWorld] = []
    yield worlds
    for cw in worlds:
        cw.world.stop()


def start(
    worlds: list[ClockWorld],
    offsets: Sequence[float],
    *,
    modes: Sequence[NtpMode] = (),
    strata: Sequence[int] = (),
    **kwargs: Any,
) -> ClockWorld:
    cw = clock_world(offsets, **kwargs)
    for server, mode in zip(cw.ntp, modes, strict=False):
        server.mode = mode
    for server, stratum in zip(cw.ntp, strata, strict=False):
        server.stratum = stratum
    cw.world.start()
    worlds.append(cw)
    return cw


def context(cw: ClockWorld | None = None, **options: Any) -> Context:
    if cw is not None:
        options.setdefault("ntp_servers", tuple((s.address, s.port) for s in cw.ntp))
        options.setdefault("time_urls", (cw.http.url,))
    options.setdefault("query_timeout", 1.0)  # generous: a loaded CI machine answers late
    services = Services(dns=cast(DnsClient, object()), ntp=NtpClient(), http=HttpClient())
    return Context(options=Options(**options), services=services)


PUBLIC = "https://dnspod.tencentcloudapi.com"
"""A provider's public API, a Date source for the remedies."""

CLOCK_CHECKS: list[Check] = [c for c in all_checks() if c.family == "clock"]


def run(ctx: Context) -> dict[str, CheckResult]:
    results = asyncio.run(run_checks(ctx, CLOCK_CHECKS))
    return {r.check: r for r in results}


def codes(result: CheckResult) -> list[str]:
    return [f.code for f in result.findings]


def rendered(finding: Finding) -> None:
    """Every text of the finding, in every language, has all its placeholders filled."""
    for lang in LANGS:
        for text in (finding.title(lang), finding.meaning(lang), finding.remedy(lang)):
            assert "{" not in text and "}" not in text, (finding.code, lang, text)


def evidence(finding: Finding) -> dict[str, str]:
    return {e.label: e.value for e in finding.evidence}


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("seconds", "en", "zh"),
    [
        (0.04, "0 s", "0 秒"),
        (4.24, "4.2 s", "4.2 秒"),
        (42.4, "42 s", "42 秒"),
        (59.6, "1 min", "1 分"),
        (412, "6 min 52 s", "6 分 52 秒"),
        (432, "7 min 12 s", "7 分 12 秒"),
        (-432, "7 min 12 s", "7 分 12 秒"),
        (3599.6, "1 h", "1 小时"),
        (28800, "8 h", "8 小时"),
        (28800 + 190, "8 h 3 min", "8 小时 3 分"),
        (90061, "1 d 1 h", "1 天 1 小时"),
    ],
)
def test_duration_words(seconds: float, en: str, zh: str) -> None:
    assert duration_words(seconds, "en") == en
    assert duration_words(seconds, "zh") == zh


def test_skew_words_follow_the_ntp_sign_convention() -> None:
    # offset = server - local: negative means the local clock is ahead
    assert skew_words(-432) == "7 min 12 s ahead"
    assert skew_words(-432, "zh") == "快了 7 分 12 秒"
    assert skew_words(28800) == "8 h behind"
    assert skew_words(28800, "zh") == "慢了 8 小时"


@pytest.mark.parametrize(
    ("offset", "uncertainty", "hours"),
    [
        (-28800, 0.0, 8),
        (28800 + 100, 0.0, 8),
        (28800 - 119, 0.0, 8),
        (28800 + 200, 0.0, None),
        (3600, 0.0, 1),
        (-9000, 0.0, 2.5),
        (20700, 0.0, 5.75),
        (1800, 0.0, 0.5),
        (412, 0.0, None),
        (5000, 0.0, None),
        (-28800, 500.0, None),
        (15 * 3600, 0.0, None),
    ],
)
def test_timezone_hours(offset: float, uncertainty: float, hours: float | None) -> None:
    assert timezone_hours(offset, uncertainty) == hours


# --------------------------------------------------------------------------- estimation


def ts(source: str, offset: float, uncertainty: float = 0.001, kind: Any = "ntp") -> TimeSample:
    return TimeSample(source, kind, offset, uncertainty)


def test_estimate_is_the_median_of_agreeing_samples() -> None:
    est = estimate([ts("a", -412.2), ts("b", -412.0, 0.01), ts("c", -411.9)])
    assert est is not None
    assert est.offset == -412.0
    assert est.uncertainty == 0.01
    assert est.agreed and not est.falsetickers
    assert [s.source for s in est.used] == ["a", "b", "c"]


def test_estimate_names_the_falseticker() -> None:
    est = estimate([ts("a", 0.01), ts("bad", 137.0), ts("b", -0.02)])
    assert est is not None
    assert [s.source for s in est.falsetickers] == ["bad"]
    assert est.offset == pytest.approx(-0.005)
    assert est.agreed


def test_estimate_within_agreement_is_no_falseticker() -> None:
    est = estimate([ts("a", 0.0), ts("b", 0.9), ts("c", 0.2)])
    assert est is not None and not est.falsetickers


def test_two_disagreeing_samples_have_no_majority() -> None:
    est = estimate([ts("a", 0.0), ts("b", 137.0)])
    assert est is not None
    assert not est.agreed and not est.falsetickers
    assert est.offset == pytest.approx(68.5)
    assert est.uncertainty >= 68.5
    assert est.spread == pytest.approx(137.0)


def test_estimate_of_nothing() -> None:
    assert estimate([]) is None


def sample(offset: float, stratum: int = 2, leap: int = 0, delay: float = 0.002) -> NtpSample:
    return NtpSample("s", "127.0.0.41", 123, offset, delay, stratum, leap, "127.127.1.1")


def test_unsynchronised_servers_are_ignored_and_http_decides_only_without_ntp() -> None:
    ntp = [
        ("kiss", sample(-999.0, stratum=0)),
        ("s16", sample(-999.0, stratum=16)),
        ("leap3", sample(-999.0, leap=3)),
        ("good", sample(-412.0)),
    ]
    http = [("http://127.0.0.46/", _http_date(-30.0))]
    m = decide(ntp, http, 1e9)
    assert m.estimate is not None
    assert (m.estimate.kind, m.estimate.offset) == ("ntp", -412.0)
    assert [s.source for s in m.estimate.used] == ["good"]
    assert m.estimate.uncertainty == pytest.approx(0.001)

    m = decide(ntp[:3], http, 1e9)  # only unsynchronised NTP servers: the Date header decides
    assert m.estimate is not None
    assert (m.estimate.kind, m.estimate.offset) == ("http", -30.0)
    assert not m.ntp_silent  # they answered: not a blocked port

    m = decide([("a", NtpTimeout("a", "no answer"))], [], 1e9)
    assert m.estimate is None and m.ntp_silent


def _http_date(offset: float) -> Any:
    import datetime as dt

    from dnsdoctor.net.http import HttpDate

    now = dt.datetime.now(dt.UTC)
    return HttpDate("u", "127.0.0.46", 80, 200, "x", now, offset, 0.5, 0.001)


@pytest.mark.parametrize(
    ("offset", "uncertainty", "level"),
    [
        (-301.5, 1.0, Severity.ERROR),
        (301.5, 1.0, Severity.ERROR),
        (-300.5, 1.0, Severity.WARNING),  # could be either side of the limit: a warning
        (299.5, 0.2, Severity.WARNING),
        (30.5, 0.1, Severity.WARNING),
        (-30.5, 1.0, None),  # drift not certain
        (29.5, 0.1, None),
        (0.0, 0.0, None),
    ],
)
def test_thresholds_allow_for_the_uncertainty(
    offset: float, uncertainty: float, level: Severity | None
) -> None:
    assert judge(Estimate(offset, uncertainty, "ntp", ())) is level


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ntp.tencent.com", ("ntp.tencent.com", 123)),
        ("127.0.0.41:11123", ("127.0.0.41", 11123)),
        ("[::1]:11123", ("::1", 11123)),
        ("[::1]", ("::1", 123)),
        ("2001:db8::1", ("2001:db8::1", 123)),
    ],
)
def test_parse_ntp_server(text: str, expected: tuple[str, int]) -> None:
    assert parse_ntp_server(text) == expected


@pytest.mark.parametrize("text", ["", "host:", "host:0", "host:65536", "host:x", "[::1", ":123"])
def test_parse_ntp_server_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_ntp_server(text)


def test_plan_sources() -> None:
    public = "https://dnspod.tencentcloudapi.com"
    assert plan_sources(Options()).ntp == DEFAULT_NTP_SERVERS
    assert plan_sources(Options()).urls == (public,)
    named = Options(ntp_servers=(("127.0.0.41", 1123),), time_urls=("http://127.0.0.46:1/",))
    # naming servers means asking only them: no default server, no public endpoint
    assert plan_sources(named).ntp == (("127.0.0.41", 1123),)
    assert plan_sources(named).urls == ("http://127.0.0.46:1/",)
    assert plan_sources(Options(ntp_servers=(("127.0.0.41", 1123),))).urls == ()
    endpoint = Options(
        ntp_servers=named.ntp_servers,
        provider_options={"tencent_endpoint": "http://127.0.0.50:8080"},
    )
    assert plan_sources(endpoint).urls == ("http://127.0.0.50:8080",)
    bare = Options(
        ntp_servers=named.ntp_servers,
        provider_options={"tencent_endpoint": "dnspod.ap-hongkong.example"},
    )
    assert plan_sources(bare).urls == ("https://dnspod.ap-hongkong.example",)


def test_the_clock_reads_the_selected_providers_api_not_another_ones() -> None:
    # an Alibaba user's clock is compared with Alibaba's API, not with Tencent's
    aliyun = plan_sources(Options(**with_provider("aliyun"))).urls
    assert aliyun == ("https://alidns.aliyuncs.com",)
    assert plan_sources(Options(**with_provider("tencentcloud"))).urls == (
        "https://dnspod.tencentcloudapi.com",
    )
    # auto and none: the strictest provider's public API, as before
    assert plan_sources(Options(**with_provider(None))).urls == (
        "https://dnspod.tencentcloudapi.com",
    )
    assert plan_sources(Options(**with_provider("none"))).urls == (
        "https://dnspod.tencentcloudapi.com",
    )
    # --ntp named: no public endpoint at all, whichever provider
    quiet = Options(ntp_servers=(("127.0.0.41", 1123),), **with_provider("alidns"))
    assert plan_sources(quiet).urls == ()


# --------------------------------------------------------------------------- checks end to end


def test_clock_ahead_is_signature_expire(started: list[ClockWorld]) -> None:
    cw = start(started, [-412.0, -412.0, -412.0])
    results = run(context(cw))
    offset = results["clock.offset"]
    assert offset.status is Status.FAIL
    assert codes(offset) == ["CLOCK_SKEW_SIGNATURE_EXPIRE"]
    assert results["clock.sources"].status is Status.PASS
    assert codes(results["clock.sources"]) == []
    f = offset.findings[0]
    assert f.title() == (
        "Your clock is 6 min 52 s ahead: Tencent Cloud will reject requests with "
        "AuthFailure.SignatureExpire"
    )
    assert (
        f.title("zh") == "本机时钟快了 6 分 52 秒：腾讯云会以 AuthFailure.SignatureExpire 拒绝请求"
    )
    assert f.params["offset"] == pytest.approx(-412.0, abs=0.05)
    assert f.params["source"] == "ntp"
    assert "median of 3 servers" in f.meaning()
    rendered(f)
    ev = evidence(f)
    # measured over loopback: a loaded machine may read -411.998 (shown -412.0 or -411.9 +…)
    assert float(ev["offset"].split()[0]) == pytest.approx(-412.0, abs=0.15)
    assert "your clock is 6 min 52 s ahead" in ev["offset"]
    assert ev["decided by"].startswith("NTP, median of 3 servers (127.0.0.41:")
    line = ev[f"NTP 127.0.0.42:{cw.ntp[1].port}"]
    shown = re.search(r"offset (-?[0-9.]+)", line)
    assert shown is not None and float(shown.group(1)) == pytest.approx(-412.0, abs=0.15)
    assert "stratum 2, leap 0, ref id 127.127.1.1" in line
    assert "delay" in line
    assert ev[f"HTTP {cw.http.url}"].startswith("Date: ")
    assert ev["platform"] == "Linux"
    # bare Linux without a time daemon: install chrony
    assert f.commands[0] == "sudo apt install chrony || sudo dnf install chrony"
    assert "install chrony" in f.remedy()


def test_a_healthy_clock_passes_quietly(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0])
    results = run(context(cw))
    assert [r.status for r in results.values()] == [Status.PASS, Status.PASS]
    assert all(not r.findings for r in results.values())
    assert all(s.requests >= 1 for s in cw.ntp)


def test_unsynchronised_servers_are_ignored(started: list[ClockWorld]) -> None:
    cw = start(started, [-1000.0, -1000.0, 0.0], modes=["answer", "leap_unsync"], strata=[16])
    ctx = context(cw)
    m = asyncio.run(measure(ctx))
    assert m.estimate is not None
    assert [s.source for s in m.estimate.used] == [f"127.0.0.43:{cw.ntp[2].port}"]
    results = run(context(cw))
    assert results["clock.offset"].status is Status.PASS
    unusable = results["clock.sources"].findings
    assert [f.code for f in unusable] == ["CLOCK_SOURCE_UNUSABLE"] * 2
    assert "stratum 16" in unusable[0].title()
    assert "leap indicator 3" in unusable[1].title()
    assert "未同步" in unusable[1].title("zh")
    line = evidence(unusable[0])[f"NTP 127.0.0.41:{cw.ntp[0].port}"]
    assert line.endswith("ignored: not synchronised")


def test_local_time_set_as_utc_is_a_time_zone_mistake(
    started: list[ClockWorld], monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = fake_probe(
        files={"/proc/sys/kernel/osrelease": "6.8.0-45-generic"},
        programs=["timedatectl"],
        commands={
            ("timedatectl", "show"): CommandResult(
                0, "Timezone=Etc/UTC\nLocalRTC=yes\nNTP=no\nNTPSynchronized=no\n"
            )
        },
    )
    monkeypatch.setattr(clock, "PROBE", probe)
    cw = start(started, [0.0, 0.0])
    ctx = context(cw)
    ctx.clock = lambda: time.time() + 28800  # Beijing time typed into a clock read as UTC
    results = run(ctx)
    offset = results["clock.offset"]
    assert codes(offset) == ["CLOCK_SKEW_SIGNATURE_EXPIRE", "CLOCK_TIMEZONE_MISTAKE"]
    tz = offset.findings[1]
    assert tz.level is Severity.ERROR
    assert tz.spec.explains == ("CLOCK_SKEW_SIGNATURE_EXPIRE",)
    assert tz.title() == (
        "Your clock is 8 h ahead, which looks like a time zone mistake (local time of UTC+8 "
        "taken as UTC): Tencent Cloud will reject requests with AuthFailure.SignatureExpire"
    )
    assert tz.title("zh").startswith("本机时钟快了 8 小时，看起来是时区设置错误（把 UTC+8")
    assert "sudo timedatectl set-timezone Asia/Shanghai" in tz.commands
    assert "sudo timedatectl set-local-rtc 0" in tz.commands
    assert "LocalRTC=yes" in " ".join(e.value for e in tz.evidence)
    for f in offset.findings:
        rendered(f)


def test_falseticker(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0, 137.0], http_offset=0.0)
    results = run(context(cw))
    assert results["clock.offset"].status is Status.PASS
    sources = results["clock.sources"]
    assert sources.status is Status.WARN
    assert codes(sources) == ["CLOCK_FALSETICKER"]
    f = sources.findings[0]
    label = f"127.0.0.43:{cw.ntp[2].port}"
    assert f.subject == label
    assert f.title() == (
        f"Time server {label} is 2 min 17 s away from the others: ignored as a falseticker"
    )
    assert "2 分 17 秒" in f.title("zh")
    assert f.params["agreeing"] == 2
    assert evidence(f)[f"NTP {label}"].endswith("falseticker, ignored")
    rendered(f)


def test_two_disagreeing_servers(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 137.0])
    results = run(context(cw))
    assert codes(results["clock.sources"]) == ["CLOCK_SOURCES_DISAGREE"]
    assert results["clock.sources"].findings[0].params["spread_text"].render("en") == "2 min 17 s"
    rendered(results["clock.sources"].findings[0])


def test_ntp_blocked_falls_back_to_the_date_header(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0], ntp_mode="silent", http_offset=125.0)
    results = run(context(cw))
    drift = results["clock.offset"]
    assert drift.status is Status.WARN
    assert codes(drift) == ["CLOCK_DRIFT"]
    f = drift.findings[0]
    assert (
        f.title() == "Your clock is 2 min 5 s behind: it drifts towards Tencent Cloud's 300 s limit"
    )
    assert f.params["source"] == "http"
    assert evidence(f)["decided by"] == f"the HTTP Date header of {cw.http.url}"
    # NTP is blocked here, so the remedy sets the clock once from the Date header
    assert f.commands[-1].startswith(f'sudo date -s "$(curl -sI {cw.http.url} ')
    assert "UDP port 123" in f.remedy() and "UDP 123" in f.remedy("zh")
    sources = results["clock.sources"]
    assert codes(sources) == ["CLOCK_NTP_BLOCKED"]
    assert sources.status is Status.PASS  # info only
    assert cw.http.url in sources.findings[0].title()
    for finding in (f, sources.findings[0]):
        rendered(finding)


def test_nothing_answers(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0], ntp_mode="silent", http_mode="silent")
    t0 = time.monotonic()
    results = run(context(cw))
    assert time.monotonic() - t0 < 2.0  # every query has its deadline
    offset = results["clock.offset"]
    assert codes(offset) == ["CLOCK_UNVERIFIED"]
    assert offset.status is Status.WARN
    f = offset.findings[0]
    assert f.commands[0] == (
        "curl -sI https://dnspod.tencentcloudapi.com | grep -i '^date:'; date -u"
    )
    assert cw.http.url in f.meaning()
    assert "no usable answer (timeout)" in evidence(f)[f"HTTP {cw.http.url}"]
    rendered(f)
    assert results["clock.sources"].status is Status.SKIP


def test_no_clock_skips_without_asking_anyone(started: list[ClockWorld]) -> None:
    cw = start(started, [-412.0])
    results = run(context(cw, no_clock=True))
    assert {r.status for r in results.values()} == {Status.SKIP}
    assert cw.ntp[0].requests == 0 and cw.http.requests == []


def test_bad_sources_are_findings_not_tracebacks(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0, 0.0], modes=["answer", "garbage", "year_1900"])
    closed = cw.ntp[0].port  # nothing listens on 127.0.0.44: the "root servers" refuse
    servers = (
        *((s.address, s.port) for s in cw.ntp),
        ("ntp.example.invalid", 123),
        ("bad..name", 123),
        ("127.0.0.41", 0),
    )
    ctx = context(cw, ntp_servers=servers, roots=(("127.0.0.44", closed),), dns_port=closed)
    ctx.services.dns = DnsClient(query_timeout=0.3)
    results = run(ctx)
    assert results["clock.offset"].status is Status.PASS
    sources = results["clock.sources"]
    assert all(r.status is not Status.CRASH for r in results.values())
    assert codes(sources) == ["CLOCK_SOURCE_UNUSABLE"] * 5
    reasons = [str(f.params["reason"]) for f in sources.findings]
    assert "48" in reasons[0]  # garbage: too short for an NTP packet
    assert "1900" in reasons[1]
    assert "cannot resolve ntp.example.invalid" in reasons[2]
    assert "bad..name" in reasons[3]
    assert "port 0" in reasons[4]
    for f in sources.findings:
        rendered(f)


# --------------------------------------------------------------------------- platform


CHRONY_UNSYNCED = CommandResult(
    0,
    "Reference ID    : 00000000 ()\nStratum         : 0\n"
    "System time     : 0.000000000 seconds fast of NTP time\n"
    "Leap status     : Not synchronised\n",
)


@pytest.mark.parametrize(
    ("probe", "kind", "service", "synchronised", "command"),
    [
        (
            fake_probe(
                programs=["chronyc"], commands={("chronyc", "-n", "tracking"): CHRONY_UNSYNCED}
            ),
            "linux",
            "chrony",
            False,
            "sudo chronyc makestep",
        ),
        (
            fake_probe(programs=["chronyc"]),  # installed, daemon not running
            "linux",
            "chrony",
            None,
            "sudo systemctl enable --now chrony || sudo systemctl enable --now chronyd",
        ),
        (
            fake_probe(
                files={"/lib/systemd/systemd-timesyncd": ""},
                commands={
                    ("systemctl", "is-active", "systemd-timesyncd"): CommandResult(0, "active\n")
                },
            ),
            "linux",
            "systemd-timesyncd",
            False,
            "sudo timedatectl set-ntp true",
        ),
        (
            fake_probe(
                programs=["ntpq"],
                commands={
                    ("ntpq", "-c", "rv"): CommandResult(
                        0, "associd=0 status=c016 leap_alarm, sync_unspec, 1 event\nleap=11\n"
                    )
                },
            ),
            "linux",
            "ntpd",
            False,
            "ntpq -pn",
        ),
        (fake_probe(), "linux", None, None, "sudo apt install chrony || sudo dnf install chrony"),
        (fake_probe(files={"/.dockerenv": ""}), "container", None, None, "timedatectl status"),
        (
            fake_probe(environ={"KUBERNETES_SERVICE_HOST": "10.0.0.1"}),
            "container",
            None,
            None,
            "sudo timedatectl set-ntp true",
        ),
        (
            fake_probe(files={"/proc/sys/kernel/osrelease": "5.15.153.1-microsoft-standard-WSL2"}),
            "wsl2",
            None,
            None,
            "sudo hwclock -s",
        ),
        (
            fake_probe(files={"/proc/sys/kernel/osrelease": "4.4.0-19041-Microsoft"}),
            "wsl1",
            None,
            None,
            "w32tm /resync",
        ),
        (fake_probe(system="Windows"), "windows", None, None, "w32tm /resync /force"),
        (fake_probe(system="Darwin"), "macos", None, None, "sudo sntp -sS time.apple.com"),
    ],
)
def test_platform_remedy(
    probe: Probe, kind: str, service: str | None, synchronised: bool | None, command: str
) -> None:
    plat = detect(probe)
    assert plat.kind == kind
    assert plat.service == service
    assert plat.synchronised is synchronised
    remedy = skew_remedy(plat, url=PUBLIC)
    assert command in remedy.commands
    assert remedy.en and remedy.zh
    assert any("\u4e00" <= c <= "\u9fff" for c in remedy.zh)


def test_container_detection_reports_the_runtime() -> None:
    plat = detect(fake_probe(files={"/proc/1/cgroup": "0::/kubepods/burstable/pod1/abc\n"}))
    assert (plat.kind, plat.container) == ("container", "kubernetes")
    assert "host" in skew_remedy(plat, url=PUBLIC).en
    assert "宿主机" in skew_remedy(plat, url=PUBLIC).zh


def test_chrony_synchronised_and_timedatectl() -> None:
    synced = CommandResult(0, "Leap status     : Normal\nSystem time     : 0.0001 seconds slow\n")
    probe = fake_probe(
        programs=["chronyc", "timedatectl"],
        commands={
            ("chronyc", "-n", "tracking"): synced,
            ("timedatectl", "show"): CommandResult(
                0, "Timezone=Asia/Shanghai\nLocalRTC=no\nNTP=yes\nNTPSynchronized=yes\n"
            ),
        },
    )
    plat = detect(probe)
    assert (plat.service, plat.service_running, plat.synchronised) == ("chrony", True, True)
    assert (plat.ntp_enabled, plat.local_rtc, plat.timezone) == (True, False, "Asia/Shanghai")
    assert any("leap status Normal" in line for line in plat.observations)


def test_ntp_blocked_remedies_set_the_clock_from_the_date_header() -> None:
    url = "https://dnspod.tencentcloudapi.com"
    linux = skew_remedy(detect(fake_probe()), ntp_blocked=True, url=url)
    assert linux.commands[-1] == (
        f"sudo date -s \"$(curl -sI {url} | sed -n 's/^[Dd]ate: //p' | tr -d '\\r')\""
    )
    windows = skew_remedy(detect(fake_probe(system="Windows")), ntp_blocked=True, url=url)
    assert windows.commands[-1].startswith("Set-Date ")
    assert "UDP" in windows.en and "UDP" in windows.zh


def test_timezone_and_manual_remedies_per_platform() -> None:
    windows = timezone_remedy(Platform("windows"), local_ahead=True, hours=8)
    assert 'tzutil /s "China Standard Time"' in windows.commands
    other = timezone_remedy(Platform("linux"), local_ahead=False, hours=3)
    assert not any("set-timezone" in c for c in other.commands)
    assert "behind" in other.en and "慢" in other.zh
    assert manual_check_commands(Platform("windows"), PUBLIC)[0].startswith("w32tm /stripchart")
    chrony = Platform("linux", service="chrony", service_running=True)
    assert "chronyc tracking" in manual_check_commands(chrony, PUBLIC)


def test_status_commands_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_platform, "COMMAND_TIMEOUT", 0.2)
    probe = Probe()
    t0 = time.monotonic()
    assert probe.run(["sleep", "5"]) is None
    assert time.monotonic() - t0 < 2.0
    assert probe.run(["/nonexistent/dnsdoctor-test-command"]) is None
    done = probe.run(["sh", "-c", "echo ok; exit 3"])
    assert done == CommandResult(3, "ok\n")


# --------------------------------------------------------------------------- specs


def test_every_clock_spec_is_bilingual_and_registered() -> None:
    specs = {s.code: s for c in CLOCK_CHECKS for s in c.specs}
    assert set(specs) == {
        s.code
        for s in (
            SIGNATURE_EXPIRE,
            DRIFT,
            TIMEZONE_MISTAKE,
            UNVERIFIED,
            FALSETICKER,
            SOURCES_DISAGREE,
            NTP_BLOCKED,
            SOURCE_UNUSABLE,
        )
    }
    assert {c.name for c in CLOCK_CHECKS} == {"clock.offset", "clock.sources"}
    for c in CLOCK_CHECKS:
        assert c.commands == frozenset({"check", "clock", "preflight"})
        assert c.summary["en"] and c.summary["zh"]
    for spec in specs.values():
        assert spec.code.startswith("CLOCK_")
        for text in (spec.title, spec.meaning, spec.remedy):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text["zh"]), spec.code
    assert SIGNATURE_EXPIRE.severity is Severity.ERROR
    # the generic text names no provider; Tencent Cloud's folder says it in its words
    tencent = providers.get("tencentcloud").wording(SIGNATURE_EXPIRE)
    assert tencent.title["en"].startswith("Your clock is {skew}: Tencent Cloud will")


# --------------------------------------------------------------------------- the provider's window

TENCENT_WORDS = re.compile(r"Tencent|DNSPod|腾讯|\bCAM\b|AuthFailure|dnspod|(?<![\d.])300 (s\b|秒)")
"""Tencent's words and window (a measured "0.300 s" is not its window)."""


def with_provider(provider: str | None, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Options naming ``--provider`` (``None``: auto) with an environment of only ``env``."""
    from dnsdoctor.credentials import CredentialInputs

    return {"credentials": CredentialInputs(provider=provider, env=dict(env or {}))}


def spoken(finding: Finding) -> str:
    texts = [finding.title(lang) for lang in LANGS]
    texts += [finding.meaning(lang) for lang in LANGS]
    texts += [finding.remedy(lang) for lang in LANGS]
    return "\n".join([*texts, *finding.commands, *(e.value for e in finding.evidence)])


def assert_alibaba_words(finding: Finding) -> None:
    found = TENCENT_WORDS.search(spoken(finding))
    assert not found, (finding.code, found)
    rendered(finding)


def test_a_clock_within_alibabas_window_only_drifts(started: list[ClockWorld]) -> None:
    """6 min 52 s ahead fails Tencent Cloud's 300 s but not Alibaba Cloud's 15 minutes."""
    cw = start(started, [-412.0, -412.0, -412.0])
    results = run(context(cw, **with_provider("alidns")))
    offset = results["clock.offset"]
    assert offset.status is Status.WARN
    assert codes(offset) == ["CLOCK_DRIFT"]
    f = offset.findings[0]
    assert f.title() == (
        "Your clock is 6 min 52 s ahead: it drifts towards Alibaba Cloud's 15-minute limit"
    )
    assert f.title("zh") == "本机时钟快了 6 分 52 秒：正在漂移，逐渐接近阿里云 15 分钟的上限"
    assert "Synchronise the clock before it reaches 15 minutes." in f.remedy()
    assert (f.params["provider"], f.params["window"]) == ("alidns", 900)
    assert f.params["code"] == "InvalidTimeStamp.Expired"
    assert evidence(f)["provider's window"] == (
        "Alibaba Cloud DNS: 15 min (InvalidTimeStamp.Expired beyond it)"
    )
    assert_alibaba_words(f)


def test_a_clock_beyond_alibabas_window(
    started: list[ClockWorld], monkeypatch: pytest.MonkeyPatch
) -> None:
    cw = start(started, [-1100.0, -1100.0, -1100.0])
    results = run(context(cw, **with_provider("aliyun")))  # an alias of alidns
    offset = results["clock.offset"]
    assert offset.status is Status.FAIL
    assert codes(offset) == ["CLOCK_SKEW_SIGNATURE_EXPIRE"]
    f = offset.findings[0]
    assert f.title() == (
        "Your clock is 18 min 20 s ahead: Alibaba Cloud will reject requests with "
        "InvalidTimeStamp.Expired"
    )
    assert f.title("zh") == "本机时钟快了 18 分 20 秒：阿里云会以 InvalidTimeStamp.Expired 拒绝请求"
    assert "more than 15 minutes" in f.meaning() and "15 分钟" in f.meaning("zh")
    assert f.spec.explains == ("CREDS_SIGNATURE_EXPIRE",)  # the relations stay the code's
    assert_alibaba_words(f)


def test_a_time_zone_mistake_in_alibabas_words(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0])
    ctx = context(cw, **with_provider("alidns"))
    ctx.clock = lambda: time.time() + 28800
    offset = run(ctx)["clock.offset"]
    assert codes(offset) == ["CLOCK_SKEW_SIGNATURE_EXPIRE", "CLOCK_TIMEZONE_MISTAKE"]
    tz = offset.findings[1]
    assert tz.title().endswith("Alibaba Cloud will reject requests with InvalidTimeStamp.Expired")
    assert "far beyond its 15-minute limit" in tz.meaning()
    for f in offset.findings:
        assert_alibaba_words(f)


def test_ntp_blocked_and_unverified_in_alibabas_words(started: list[ClockWorld]) -> None:
    cw = start(started, [0.0, 0.0], ntp_mode="silent", http_offset=1000.0)
    results = run(context(cw, **with_provider("alidns")))
    assert codes(results["clock.offset"]) == ["CLOCK_SKEW_SIGNATURE_EXPIRE"]
    (blocked,) = results["clock.sources"].findings
    assert blocked.code == "CLOCK_NTP_BLOCKED"
    assert "Alibaba Cloud's 15-minute limit" in blocked.meaning()
    assert blocked.params["provider"] == "alidns"
    for f in (*results["clock.offset"].findings, blocked):
        assert_alibaba_words(f)
    cw = start(started, [0.0, 0.0], ntp_mode="silent", http_mode="silent")
    (f,) = run(context(cw, **with_provider("alidns")))["clock.offset"].findings
    assert f.code == "CLOCK_UNVERIFIED"
    assert f.commands[0] == "curl -sI https://alidns.aliyuncs.com | grep -i '^date:'; date -u"
    assert "InvalidTimeStamp.Expired (more than 15 minutes off)" in f.meaning()
    assert_alibaba_words(f)


def test_auto_takes_the_provider_whose_credentials_are_found(started: list[ClockWorld]) -> None:
    cw = start(started, [-412.0, -412.0, -412.0])
    env = {"ALICLOUD_ACCESS_KEY": "LTAI5tQ7xW2mRb8nZk4pYc3D", "ALICLOUD_SECRET_KEY": "x" * 30}
    (f,) = run(context(cw, **with_provider(None, env)))["clock.offset"].findings
    assert (f.code, f.params["provider"]) == ("CLOCK_DRIFT", "alidns")
    env = {"TENCENTCLOUD_SECRET_ID": "AKID" + "a" * 32, "TENCENTCLOUD_SECRET_KEY": "b" * 32}
    (f,) = run(context(cw, **with_provider(None, env)))["clock.offset"].findings
    assert (f.code, f.params["provider"]) == ("CLOCK_SKEW_SIGNATURE_EXPIRE", "tencentcloud")
    assert "no provider selected" not in evidence(f)["provider's window"]


@pytest.mark.parametrize("provider", ["none", "tencentcloud", "missing-inputs"])
def test_without_a_provider_the_strictest_window_speaks(
    started: list[ClockWorld], provider: str
) -> None:
    """No provider in view (``dnsdoctor clock``, ``--provider none``): Tencent Cloud's 300 s, the
    strictest window known, judges the clock and is named; ``--provider tencentcloud`` the same."""
    cw = start(started, [-412.0, -412.0, -412.0])
    options = {} if provider == "missing-inputs" else with_provider(provider)
    (f,) = run(context(cw, **options))["clock.offset"].findings
    assert f.code == "CLOCK_SKEW_SIGNATURE_EXPIRE"
    assert f.title() == (
        "Your clock is 6 min 52 s ahead: Tencent Cloud will reject requests with "
        "AuthFailure.SignatureExpire"
    )
    assert f.params["provider"] == "tencentcloud" and f.params["window"] == 300
    assert f.params["code"] == "AuthFailure.SignatureExpire"
    window = evidence(f)["provider's window"]
    assert window.startswith("Tencent Cloud DNSPod: 5 min (AuthFailure.SignatureExpire")
    assert ("no provider selected" in window) is (provider != "tencentcloud")


def test_the_default_window_is_the_strictest_known() -> None:
    from dnsdoctor import providers

    assert clock.default_provider().clock_window == min(
        p.clock_window for p in providers.all_providers()
    )
    assert judge(Estimate(-412.0, 0.0, "ntp", ()), 900.0) is Severity.WARNING
    assert judge(Estimate(-412.0, 0.0, "ntp", ())) is Severity.ERROR


def test_the_alibaba_endpoint_named_is_a_date_source() -> None:
    named = Options(
        ntp_servers=(("127.0.0.41", 1123),),
        provider_options={"alidns_endpoint": "http://127.0.0.52:80"},
    )
    assert plan_sources(named).urls == ("http://127.0.0.52:80",)
    assert plan_sources(Options(provider_options=named.provider_options)).urls == (
        "https://dnspod.tencentcloudapi.com",
        "http://127.0.0.52:80",
    )

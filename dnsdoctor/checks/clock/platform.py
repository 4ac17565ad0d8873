"""Which platform the clock check runs on, and how to fix a clock there.

Detection only *looks*: it reads a few files and runs a few read-only status commands
(``timedatectl show``, ``chronyc -n tracking``, ``ntpq -c rv``, ``systemctl is-active``), each
bounded by a short timeout. It never runs a command that changes anything; fixing commands are
returned as text, for the user to run. Everything that touches the machine comes in through a
:class:`Probe`, so tests describe a platform with plain dictionaries.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dnsdoctor.core.i18n import Phrase, Wording, register

COMMAND_TIMEOUT = 2.0
"""Seconds one status command may take."""

Kind = Literal["linux", "container", "wsl2", "wsl1", "windows", "macos", "other"]
Service = Literal["chrony", "systemd-timesyncd", "ntpd"]


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    output: str


ReadFile = Callable[[str], str | None]
Exists = Callable[[str], bool]
Run = Callable[[Sequence[str]], CommandResult | None]
"""Runs a read-only command; ``None`` when it is not installed, not allowed or took too long."""
Which = Callable[[str], str | None]


def _read_file(path: str) -> str | None:
    from dnsdoctor.files import read_regular

    try:
        data, _ = read_regular(path, 65536)  # only a regular file: a FIFO would block
    except OSError:
        return None
    return data[:65536].decode("utf-8", "replace")


def _run(argv: Sequence[str]) -> CommandResult | None:
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=COMMAND_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "LC_ALL": "C", "SYSTEMD_PAGER": "", "PAGER": "cat"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return CommandResult(done.returncode, (done.stdout or "") + (done.stderr or ""))


@dataclass(frozen=True)
class Probe:
    """The machine, as far as detection may see it."""

    system: str = field(default_factory=platform.system)
    """``platform.system()``: ``Linux``, ``Windows``, ``Darwin``..."""
    read_file: ReadFile = _read_file
    exists: Exists = os.path.exists
    run: Run = _run
    which: Which = shutil.which
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


@dataclass(frozen=True)
class Platform:
    kind: Kind
    container: str | None = None
    """docker, podman, kubernetes, lxc... when ``kind`` is ``container``."""
    service: Service | None = None
    """The time-sync daemon found (running ones first)."""
    service_running: bool | None = None
    synchronised: bool | None = None
    """What the daemon or the kernel says (``None``: could not tell)."""
    ntp_enabled: bool | None = None
    """``timedatectl``'s ``NTP=`` (network time sync switched on)."""
    local_rtc: bool | None = None
    """``timedatectl``'s ``LocalRTC=`` (the hardware clock keeps local time, not UTC)."""
    timezone: str | None = None
    observations: tuple[str, ...] = ()
    """What was seen, one fact a line, for evidence."""

    @property
    def display(self) -> str:
        names = {
            "linux": "Linux",
            "container": f"a container ({self.container or 'unknown runtime'})",
            "wsl2": "WSL 2",
            "wsl1": "WSL 1",
            "windows": "Windows",
            "macos": "macOS",
            "other": "this system",
        }
        return names[self.kind]


@dataclass(frozen=True)
class Remedy:
    """How to fix the clock here: the words (a :class:`~dnsdoctor.core.i18n.Phrase` of
    :data:`REMEDIES`, a finding's ``fix`` param) and the commands."""

    words: Wording
    commands: tuple[str, ...] = ()

    @property
    def en(self) -> str:
        return self.words.render("en")

    @property
    def zh(self) -> str:
        return self.words.render("zh")


REMEDIES = register(
    "clock.remedies",
    {
        "container": {
            "en": "This runs in a container, which shares the host's clock and cannot set it: fix "
            "the clock on the host (Docker Desktop: restart it; its VM's clock drifts after "
            "sleep). On a Linux host, run the commands below there.",
            "zh": "当前运行在容器中，容器与宿主机共用时钟且无权修改：请在宿主机上校准时间（Docker "
            "Desktop：重启它，其虚拟机在休眠后时钟会漂移）。Linux 宿主机上运行下面的命令。",
        },
        "wsl2": {
            "en": "This is WSL 2, whose clock falls behind Windows after sleep: set it again from "
            "the hardware clock, and make sure Windows itself is synchronised (second command, in "
            "an administrator PowerShell).",
            "zh": "这是 WSL 2，Windows 休眠后其时钟会落后：用硬件时钟重新设置，并确认 Windows 本身已"
            "同步（第二条命令在管理员 PowerShell 中运行）。",
        },
        "wsl1": {
            "en": "This is WSL 1, which uses the Windows clock: synchronise Windows (administrator "
            "PowerShell).",
            "zh": "这是 WSL 1，直接使用 Windows 的时钟：请同步 Windows 时间（管理员 PowerShell）。",
        },
        "windows": {
            "en": "Synchronise the Windows clock (administrator PowerShell).",
            "zh": "请同步 Windows 时钟（管理员 PowerShell）。",
        },
        "windows_blocked": {
            "en": "Synchronise the Windows clock (administrator PowerShell); UDP port 123 seems "
            "blocked, so the last command sets it once from an HTTPS Date header.",
            "zh": "请同步 Windows 时钟（管理员 PowerShell）；UDP 123 端口似乎被封，最后一条命令用 "
            "HTTPS 的 Date 头设置一次。",
        },
        "macos": {
            "en": "Set the clock from Apple's time server, and keep 'Set time and date "
            "automatically' on in System Settings.",
            "zh": "用 Apple 的时间服务器校准时钟，并在系统设置中打开“自动设置日期与时间”。",
        },
        "chrony_running": {
            "en": "chronyd runs but the clock is off: look at its sources, then step the clock "
            "now.",
            "zh": "chronyd 在运行但时钟仍有偏差：先查看其时间源，再立即校正时钟。",
        },
        "chrony_stopped": {
            "en": "chrony is installed but not running: start it (the service is 'chrony' on "
            "Debian/Ubuntu, 'chronyd' on RHEL/Fedora), then step the clock.",
            "zh": "已安装 chrony 但未运行：启动它（Debian/Ubuntu 上服务名为 chrony，RHEL/Fedora 上"
            "为 chronyd），然后校正时钟。",
        },
        "ntpd": {
            "en": "ntpd is installed: check its peers and restart it (ntpd -g steps a large "
            "offset once at start).",
            "zh": "已安装 ntpd：检查其上游并重启（ntpd -g 会在启动时一次性校正大的偏差）。",
        },
        "timesyncd": {
            "en": "systemd-timesyncd keeps the time here: switch network time on and restart it.",
            "zh": "本机由 systemd-timesyncd 同步时间：打开网络对时并重启该服务。",
        },
        "no_daemon": {
            "en": "No time-sync daemon was found: install chrony, which sets the clock at start "
            "and keeps it right.",
            "zh": "未找到时间同步服务：请安装 chrony，它会在启动时校正时钟并持续保持准确。",
        },
        "ntp_blocked": {
            "en": "{fix} UDP port 123 seems blocked here: ask for it to be opened or use an "
            "internal NTP server; meanwhile the last command sets the clock once from an HTTPS "
            "Date header.",
            "zh": "{fix}此网络似乎封锁了 UDP 123 端口：请申请放行或改用内网 NTP 服务器；在此之前，"
            "最后一条命令可用 HTTPS 的 Date 头设置一次时钟。",
        },
        "tz_windows": {
            "en": "Check the Windows time zone, then let Windows set the time from the network.",
            "zh": "检查 Windows 的时区设置，然后让 Windows 通过网络对时。",
        },
        "tz_macos": {
            "en": "Check the macOS time zone, then set the clock from the network.",
            "zh": "检查 macOS 的时区设置，然后通过网络校准时钟。",
        },
        "tz_container": {
            "en": "A container's clock is the host's (TZ inside a container changes only how "
            "time is shown): fix the time zone and clock on the host.",
            "zh": "容器的时钟就是宿主机的时钟（容器内的 TZ 只影响显示）：请在宿主机上修正时区和时钟。",
        },
        "ahead": {"en": "ahead", "zh": "快"},
        "behind": {"en": "behind", "zh": "慢"},
        "tz_unix": {
            "en": "The clock is {direction} by a whole number of hours: the time was entered as "
            "local time where the system expects UTC (or the hardware clock keeps local time, "
            "e.g. after dual-booting Windows). Set the time zone, let NTP set the clock (it works "
            "in UTC) and store UTC in the hardware clock.",
            "zh": "时钟{direction}了整数个小时：时间按本地时间输入，而系统把它当作 UTC"
            "（或硬件时钟保存的是本地时间，例如与 Windows 双系统）。请设置正确的时区，让 NTP 校准"
            "时钟（NTP 使用 UTC），并让硬件时钟保存 UTC。",
        },
    },
)
"""How to fix a clock, per platform: the words of a clock finding's ``fix`` param."""


def _kv(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _yes(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.lower() in ("yes", "true", "1")


def _container(probe: Probe) -> str | None:
    if probe.exists("/.dockerenv"):
        return "docker"
    if probe.exists("/run/.containerenv"):
        return "podman"
    env = probe.environ.get("container")
    if env:
        return env
    if probe.environ.get("KUBERNETES_SERVICE_HOST"):
        return "kubernetes"
    cgroup = (probe.read_file("/proc/1/cgroup") or "").lower()
    for marker, name in (("kubepods", "kubernetes"), ("docker", "docker"), ("lxc", "lxc")):
        if marker in cgroup:
            return name
    if "containerd" in cgroup:
        return "containerd"
    return None


def detect(probe: Probe | None = None) -> Platform:
    """Look at the machine (bounded, read-only) and say what it is and how it keeps time."""
    probe = probe or Probe()
    seen: list[str] = []
    system = probe.system.lower()
    if system == "windows":
        return Platform("windows", observations=("platform.system() = Windows",))
    if system == "darwin":
        return Platform("macos", observations=("platform.system() = Darwin",))
    if system != "linux":
        return Platform("other", observations=(f"platform.system() = {probe.system}",))

    kind: Kind = "linux"
    container: str | None = None
    osrelease = (probe.read_file("/proc/sys/kernel/osrelease") or "").strip()
    if "microsoft" in osrelease.lower() or probe.environ.get("WSL_DISTRO_NAME"):
        low = osrelease.lower()
        kind = "wsl2" if ("wsl2" in low or "microsoft-standard" in low) else "wsl1"
        seen.append(f"kernel {osrelease or '?'}: {kind.upper()}")
    else:
        container = _container(probe)
        if container is not None:
            kind = "container"
            seen.append(f"running in a container ({container})")

    # timedatectl: systemd's view, whichever daemon keeps the time
    ntp_enabled = synchronised = local_rtc = None
    timezone = None
    if probe.which("timedatectl"):
        result = probe.run(["timedatectl", "show"])
        if result is not None and result.returncode == 0:
            values = _kv(result.output)
            ntp_enabled = _yes(values.get("NTP"))
            synchronised = _yes(values.get("NTPSynchronized"))
            local_rtc = _yes(values.get("LocalRTC"))
            timezone = values.get("Timezone") or None
            seen.append(
                "timedatectl: NTP={} NTPSynchronized={} LocalRTC={} Timezone={}".format(
                    values.get("NTP", "?"),
                    values.get("NTPSynchronized", "?"),
                    values.get("LocalRTC", "?"),
                    timezone or "?",
                )
            )
        elif result is not None:
            seen.append("timedatectl: not usable here (no systemd)")

    service: Service | None = None
    running: bool | None = None
    # chrony
    if probe.which("chronyc") or probe.exists("/usr/sbin/chronyd"):
        result = probe.run(["chronyc", "-n", "tracking"]) if probe.which("chronyc") else None
        if result is not None and result.returncode == 0 and "Leap status" in result.output:
            values = {
                k.strip(): v.strip()
                for k, _, v in (line.partition(":") for line in result.output.splitlines())
            }
            leap = values.get("Leap status", "")
            synced = leap.lower() == "normal" or leap.lower().startswith("insert")
            service, running, synchronised = "chrony", True, synced
            seen.append(f"chronyc tracking: leap status {leap or '?'}")
            if values.get("System time"):
                seen.append(f"chronyc tracking: system time {values['System time']}")
        else:
            service, running = "chrony", False
            seen.append("chrony is installed but chronyd does not answer")
    # ntpd
    if running is not True and (probe.which("ntpq") or probe.exists("/usr/sbin/ntpd")):
        result = probe.run(["ntpq", "-c", "rv"]) if probe.which("ntpq") else None
        if result is not None and result.returncode == 0 and "leap" in result.output:
            out = result.output.lower()
            synced = not ("leap_alarm" in out or "leap=11" in out or "sync_unspec" in out)
            service, running, synchronised = "ntpd", True, synced
            seen.append(f"ntpq rv: {'synchronised' if synced else 'not synchronised'}")
        elif service is None:
            service, running = "ntpd", False
            seen.append("ntpd is installed but does not answer ntpq")
    # systemd-timesyncd
    timesyncd = any(
        probe.exists(p)
        for p in ("/lib/systemd/systemd-timesyncd", "/usr/lib/systemd/systemd-timesyncd")
    )
    if running is not True and timesyncd:
        active = probe.run(["systemctl", "is-active", "systemd-timesyncd"])
        is_active = active is not None and active.output.strip() == "active"
        flag = probe.exists("/run/systemd/timesync/synchronized")
        if is_active or service is None:
            service, running = "systemd-timesyncd", is_active
            synchronised = flag if is_active else synchronised
        seen.append(
            "systemd-timesyncd: {}, /run/systemd/timesync/synchronized {}".format(
                "active" if is_active else "not active", "present" if flag else "absent"
            )
        )
    if service is None and kind in ("linux", "wsl2"):
        seen.append("no chrony, ntpd or systemd-timesyncd found")
    return Platform(
        kind=kind,
        container=container,
        service=service,
        service_running=running,
        synchronised=synchronised,
        ntp_enabled=ntp_enabled,
        local_rtc=local_rtc,
        timezone=timezone,
        observations=tuple(seen),
    )


def _date_from_http(url: str) -> str:
    """A one-shot ``date -s`` from an HTTPS Date header, for networks that block UDP/123."""
    return f"sudo date -s \"$(curl -sI {url} | sed -n 's/^[Dd]ate: //p' | tr -d '\\r')\""


def _words(key: str, **params: object) -> Phrase:
    return Phrase(REMEDIES[key], params)


def skew_remedy(plat: Platform, *, url: str, ntp_blocked: bool = False) -> Remedy:
    """How to bring the clock back on this platform (commands are shown, never run); ``url``
    is a Date source for when UDP/123 is blocked (the provider's API)."""
    if plat.kind == "container":
        return Remedy(
            _words("container"),
            ("timedatectl status", "sudo timedatectl set-ntp true", "chronyc tracking"),
        )
    if plat.kind == "wsl2":
        return Remedy(_words("wsl2"), ("sudo hwclock -s", "w32tm /resync"))
    if plat.kind == "wsl1":
        return Remedy(_words("wsl1"), ("w32tm /resync",))
    if plat.kind == "windows":
        windows = ["w32tm /query /status", "w32tm /resync /force"]
        if ntp_blocked:
            windows.append(
                "Set-Date ([datetime](Invoke-WebRequest -Method Head -UseBasicParsing "
                f"{url}).Headers.Date)"
            )
        return Remedy(_words("windows_blocked" if ntp_blocked else "windows"), tuple(windows))
    if plat.kind == "macos":
        return Remedy(_words("macos"), ("sudo sntp -sS time.apple.com",))
    # Linux (and anything else unix-like)
    commands: list[str] = []
    if plat.service == "chrony":
        if plat.service_running:
            key = "chrony_running"
            commands += ["chronyc -n sources -v", "sudo chronyc makestep"]
        else:
            key = "chrony_stopped"
            commands += [
                "sudo systemctl enable --now chrony || sudo systemctl enable --now chronyd",
                "sudo chronyc makestep",
            ]
    elif plat.service == "ntpd":
        key = "ntpd"
        commands += ["ntpq -pn", "sudo systemctl restart ntp || sudo systemctl restart ntpd"]
    elif plat.service == "systemd-timesyncd":
        key = "timesyncd"
        commands += [
            "timedatectl timesync-status",
            "sudo timedatectl set-ntp true",
            "sudo systemctl restart systemd-timesyncd",
        ]
    else:
        key = "no_daemon"
        commands += [
            "sudo apt install chrony || sudo dnf install chrony",
            "sudo systemctl enable --now chrony || sudo systemctl enable --now chronyd",
            "chronyc tracking",
        ]
    words = _words(key)
    if ntp_blocked:
        words = _words("ntp_blocked", fix=words)
        commands.append(_date_from_http(url))
    return Remedy(words, tuple(commands))


def timezone_remedy(plat: Platform, *, local_ahead: bool, hours: float) -> Remedy:
    """How to fix a clock that was set in the wrong time zone."""
    zone = "Asia/Shanghai" if abs(hours) == 8 else None
    if plat.kind == "windows":
        commands = ["tzutil /g"]
        if zone:
            commands.append('tzutil /s "China Standard Time"')
        commands.append("w32tm /resync /force")
        return Remedy(_words("tz_windows"), tuple(commands))
    if plat.kind == "macos":
        commands = ["sudo systemsetup -gettimezone"]
        if zone:
            commands.append(f"sudo systemsetup -settimezone {zone}")
        commands.append("sudo sntp -sS time.apple.com")
        return Remedy(_words("tz_macos"), tuple(commands))
    if plat.kind == "container":
        return Remedy(
            _words("tz_container"), ("timedatectl status", "sudo timedatectl set-ntp true")
        )
    commands = ["timedatectl status"]
    if zone:
        commands.append(f"sudo timedatectl set-timezone {zone}")
    if plat.local_rtc:
        commands.append("sudo timedatectl set-local-rtc 0")
    commands += ["sudo timedatectl set-ntp true", "sudo hwclock --systohc --utc"]
    if plat.kind == "wsl2":
        commands = ["sudo hwclock -s", *commands[:-1]]
    direction = _words("ahead" if local_ahead else "behind")
    return Remedy(_words("tz_unix", direction=direction), tuple(commands))


def manual_check_commands(plat: Platform, url: str) -> tuple[str, ...]:
    """Commands that show the clock error by hand, for when no time source answered; ``url``
    is a Date source (the provider's API)."""
    if plat.kind == "windows":
        return (
            "w32tm /stripchart /computer:ntp.tencent.com /samples:3 /dataonly",
            f"(Invoke-WebRequest -Method Head -UseBasicParsing {url}).Headers.Date",
        )
    if plat.kind == "macos":
        return ("sntp ntp.tencent.com", f"curl -sI {url} | grep -i '^date:'; date -u")
    commands = [f"curl -sI {url} | grep -i '^date:'; date -u"]
    if plat.service == "chrony" and plat.service_running:
        commands.append("chronyc tracking")
    elif plat.service == "ntpd" and plat.service_running:
        commands.append("ntpq -pn")
    else:
        commands.append("timedatectl status")
    return tuple(commands)

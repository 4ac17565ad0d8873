"""Where this machine's resolvers come from: ``/etc/resolv.conf`` (Linux, the BSDs, containers),
``scutil --dns`` (macOS), the registry (Windows).

lego reads ``/etc/resolv.conf`` the way miekg/dns ``ClientConfigFromFile`` does: every
``nameserver`` line, port 53 (``ACME_CLIENTS.md`` §1.6), so the parser here keeps every server and
notes the ones glibc would ignore (only the first three count there). Reading is local, bounded and
never touches the network: a file read, or one ``scutil`` call with a deadline. The path is
injectable (:data:`ENV_RESOLV_CONF`, or the ``path`` argument), so tests never read the real file.
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

DEFAULT_RESOLV_CONF = "/etc/resolv.conf"
SYSTEMD_RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf"
"""systemd-resolved's list of its own upstream servers (the stub 127.0.0.53 forwards there)."""
ENV_RESOLV_CONF = "DNSDOCTOR_RESOLV_CONF"
"""Read this file instead of /etc/resolv.conf (also in loopback-only mode)."""
GLIBC_MAXNS = 3
MAX_BYTES = 64 * 1024
"""resolv.conf is small; a bigger file is read only up to here."""
SCUTIL_TIMEOUT = 2.0
STUB_ADDRESSES = frozenset({"127.0.0.53", "127.0.0.54"})


@dataclass(frozen=True)
class ResolvConf:
    """What a resolv.conf says, and what in it could not be used."""

    nameservers: tuple[str, ...] = ()
    search: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    """``options`` in order, as (name, value); value is "" for flags like ``rotate``."""
    problems: tuple[str, ...] = ()

    def option(self, name: str) -> str | None:
        for key, value in self.options:
            if key == name:
                return value
        return None


def parse_resolv_conf(text: str) -> ResolvConf:
    """Parse resolv.conf text like the C library: keywords at the start of a line, ``#`` or ``;``
    comments, the last ``search``/``domain`` wins, IPv6 addresses (with a zone id) allowed."""
    servers: list[str] = []
    search: tuple[str, ...] = ()
    options: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        for mark in ("#", ";"):
            line = line.split(mark, 1)[0]
        words = line.split()
        if not words:
            continue
        keyword, args = words[0], words[1:]
        if keyword == "nameserver":
            if not args:
                problems.append(f"line {number}: nameserver without an address")
                continue
            address = args[0]
            bare = address.split("%", 1)[0]
            try:
                ipaddress.ip_address(bare)
            except ValueError:
                problems.append(f"line {number}: {address!r} is not an IP address")
                continue
            servers.append(address)
        elif keyword in ("search", "domain"):
            search = tuple(a.rstrip(".") for a in args)
        elif keyword == "options":
            for arg in args:
                name, _, value = arg.partition(":")
                options.append((name, value))
        elif keyword not in ("sortlist", "lookup", "family"):
            problems.append(f"line {number}: unknown keyword {keyword!r}")
    if len(servers) > GLIBC_MAXNS:
        ignored = ", ".join(servers[GLIBC_MAXNS:])
        problems.append(
            f"{len(servers)} nameservers: glibc uses only the first {GLIBC_MAXNS} "
            f"(ignored by most programs: {ignored}); lego asks all of them"
        )
    return ResolvConf(tuple(servers), search, tuple(options), tuple(problems))


def read_resolv_conf(path: str) -> ResolvConf:
    """Read and parse ``path``; an unreadable file is a ResolvConf with a problem, not an error."""
    from dnsdoctor.files import read_regular

    try:
        data, _ = read_regular(path, MAX_BYTES)  # a FIFO would block past the run's deadline
        data = data[:MAX_BYTES]
    except OSError as exc:
        return ResolvConf(problems=(f"cannot read {path}: {exc.strerror or exc}",))
    return parse_resolv_conf(data.decode("utf-8", "replace"))


def parse_scutil_dns(text: str) -> list[str]:
    """Default resolvers from ``scutil --dns``: the nameservers of the first resolver section
    that has no ``domain`` (the others are per-domain, e.g. ``local`` for mDNS)."""
    sections: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("resolver #"):
            current = {}
            sections.append(current)
            continue
        if line.startswith("DNS configuration (for scoped"):
            break  # the scoped (per-interface) copy repeats the same servers
        if current is None or ":" not in line:
            continue
        key, _, value = line.partition(":")
        key = key.strip().split("[", 1)[0]
        current.setdefault(key, []).append(value.strip())
    for section in sections:
        if "domain" not in section and section.get("nameserver"):
            return [a for a in section["nameserver"] if _is_ip(a)]
    return []


def parse_windows_nameservers(values: list[str]) -> list[str]:
    """Addresses from the registry's ``NameServer``/``DhcpNameServer`` strings (comma- or
    space-separated), in order, without duplicates."""
    out: list[str] = []
    for value in values:
        for part in value.replace(",", " ").split():
            if _is_ip(part) and part not in out:
                out.append(part)
    return out


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class SystemResolvers:
    addresses: tuple[str, ...]
    source: str
    """Where they came from: a file path, ``scutil --dns`` or ``Windows registry``."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    upstreams: tuple[str, ...] = ()
    """For a local stub (systemd-resolved): the servers it forwards to, where known."""


Runner = Callable[[list[str], float], str]


def _run(argv: list[str], timeout: float) -> str:
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    return out.stdout


def system_resolvers(
    path: str | None = None,
    *,
    platform: str = sys.platform,
    runner: Runner = _run,
    environ: Mapping[str, str] | None = None,
    default_path: str = DEFAULT_RESOLV_CONF,
    resolved_path: str = SYSTEMD_RESOLVED_UPSTREAM,
) -> SystemResolvers:
    """This machine's resolvers, best effort. ``path`` (or $DNSDOCTOR_RESOLV_CONF) wins over the
    platform's own source; on Linux and the BSDs the source is ``default_path``
    (/etc/resolv.conf). When that lists only systemd-resolved's stub, ``resolved_path`` tells the
    stub's upstream servers."""
    env = os.environ if environ is None else environ
    chosen = path or env.get(ENV_RESOLV_CONF)
    if chosen is None and platform == "darwin":
        try:
            found = parse_scutil_dns(runner(["scutil", "--dns"], SCUTIL_TIMEOUT))
        except (OSError, subprocess.SubprocessError) as exc:
            found, note = [], f"scutil --dns failed: {exc}"
        else:
            note = ""
        if found:
            return SystemResolvers(tuple(found), "scutil --dns")
        conf = read_resolv_conf(default_path)
        notes = tuple(n for n in (note, *conf.problems) if n)
        return SystemResolvers(conf.nameservers, default_path, notes)
    if chosen is None and platform == "win32":
        found = _windows_registry()
        return SystemResolvers(tuple(found), "Windows registry (Tcpip Interfaces)")
    target = chosen or default_path
    conf = read_resolv_conf(target)
    upstreams: tuple[str, ...] = ()
    if chosen is None and conf.nameservers and set(conf.nameservers) <= STUB_ADDRESSES:
        upstreams = read_resolv_conf(resolved_path).nameservers
    return SystemResolvers(conf.nameservers, target, conf.problems, upstreams)


def _windows_registry() -> list[str]:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return []
    import winreg

    values: list[str] = []
    base = r"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces"
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, base) as root:
            for i in range(256):
                try:
                    name = winreg.EnumKey(root, i)
                except OSError:
                    break
                try:
                    with winreg.OpenKey(root, name) as key:
                        for value_name in ("NameServer", "DhcpNameServer"):
                            try:
                                value, _ = winreg.QueryValueEx(key, value_name)
                            except OSError:
                                continue
                            if isinstance(value, str) and value.strip():
                                values.append(value)
                except OSError:
                    continue
    except OSError:
        return []
    return parse_windows_nameservers(values)

"""A small "internet" of real DNS and NTP servers on loopback, for end-to-end tests.

Configurations and measurements: LAB.md in the shared notes. Everything listens on
127.0.0.0/8 only, and unbound sends its queries from 127.0.0.21, a source address the kernel
refuses to route off the machine. Records that point anywhere else cannot make it leak.

Fixtures (tests/real/conftest.py; every test under tests/real/ is marked ``real``):

* ``real_lab`` (session scope) -- the running :class:`RealLab`, shared by all tests.
* ``clean_lab`` (function scope) -- the same lab after ``reset()``: use it in any test that
  changes the lab or depends on an empty resolver cache.

Both skip when ``lab_unavailable_reason()`` is not None, and fail instead when
``DNSDOCTOR_REQUIRE_REAL_SERVERS=1`` (CI sets it).

Addresses (class constants of RealLab, e.g. ``clean_lab.RESOLVER``):

* ``ROOT = "127.0.0.11"`` -- NSD, fake root ``a.root-servers.net``; delegates com./net. with glue.
* ``TLD = "127.0.0.12"`` -- NSD, ``a.gtld-servers.net``, zones com. and net.; the com. referral
  for example.com (NS ns1/ns2.dnspod.net) has no glue, so resolvers look the names up in net.
* ``NS1 = "127.0.0.13"`` -- NSD, ``ns1.dnspod.net``, example.com (the up-to-date server).
* ``NS2 = "127.0.0.14"`` -- Knot, ``ns2.dnspod.net``, example.com (the one that can lag).
* ``DNS9 = "127.0.0.15"``, ``DNS10 = "127.0.0.16"`` -- NSD (one process each),
  ``dns9.hichina.com`` / ``dns10.hichina.com``: the registrar's old DNS (Alibaba Cloud), each
  with its own copy of example.com (NS dns9/dns10.hichina.com, no challenge record). Their A
  records are in com.; nothing delegates to them until ``set_delegation`` names them.
* ``ACME_DNS = "127.0.0.17"`` -- NSD, ``ns.acme-dns.net``, zone acme-dns.net. (delegated from
  net. with glue): the target of CNAME-delegated challenges, empty at first.
* ``RESOLVER = "127.0.0.21"`` -- unbound, recursive from ROOT, caches for real (negative TTL
  = SOA MINIMUM); answers RD=0 queries from its cache (``allow_snoop``).
* ``NTP = "127.0.0.31"`` (port 123) -- chronyd under libfaketime, clock off by ``ntp_offset``.
* ``WEB = "127.0.0.80"`` -- nothing listens; the A record of example.com and www.example.com.

All DNS servers use port 53. The example.com zone on NS1 and NS2 starts as (serial
``DEFAULT_SERIAL`` = 2024010101, SOA MINIMUM ``soa_minimum`` = 300)::

    @    3600  IN SOA ns1.dnspod.net. admin.example.com. 2024010101 3600 600 86400 300
    @    86400 IN NS  ns1.dnspod.net.
    @    86400 IN NS  ns2.dnspod.net.
    @          IN A   127.0.0.80
    www        IN A   127.0.0.80
    _lab-generation 0 IN TXT "<n>"   ; how the lab sees that a reload took effect

Methods (each returns once the change is served; bad input raises ValueError, a server that
does not follow raises LabError with its last log lines):

* ``RealLab(ntp_offset: float | str = 600.0, soa_minimum: int = 300,
  workdir: Path | None = None)`` -- ``ntp_offset`` in seconds, or a libfaketime ``FAKETIME``
  spec such as ``"@2020-01-01 00:00:00"``. ``workdir`` (default: a new temporary directory,
  removed by ``stop()``) holds the configs, zones and ``logs/``.
* ``start() -> None`` -- fails at once if something listens on the lab's addresses; returns
  when every server answers (about 0.3 s).
* ``stop() -> None`` -- idempotent, never raises.
* ``reset() -> None`` -- initial zones, delegation and NTP offset, no faults; empty resolver
  cache.
* ``set_records(server: ZoneServer, serial: int, records: Sequence[str], *,
  soa_minimum: int | None = None) -> None`` -- that server's zone (example.com on ``"ns1"``,
  ``"ns2"``, ``"dns9"``, ``"dns10"``; acme-dns.net. on ``"acme-dns"``) becomes the initial zone
  with this serial (and SOA MINIMUM), plus ``records``: zone-file lines relative to the zone,
  e.g. ``'_acme-challenge 60 IN TXT "tok"'``. Only that server reloads, so the others lag
  until they get their own call. ``[]`` removes all added records. Serials may repeat or go
  down. On a server with a fault the file is written and served once the fault is cleared.
* ``set_fault(server: ZoneServer, fault: Literal["lame", "down", "drop"] | None) -> None`` --
  ``"lame"``: the daemon runs without its zone and answers REFUSED (the zone was never added
  there); ``"down"``: the daemon is stopped, so the address answers ICMP port unreachable (UDP)
  and RST (TCP); ``"drop"``: the daemon is stopped and the lab holds the address's UDP and TCP
  port 53 without ever answering (a firewall that drops: every query times out). ``None``
  restarts the daemon with its zone.
* ``set_delegation(ns_names: Sequence[str], addresses: Mapping[str, str] | None = None)
  -> None`` -- the NS set com. publishes for example.com (the registrar's view), e.g.
  ``["ns1.dnspod.net", "ns3.dnspod.net"]``: a name the child zone does not list.
  ``addresses`` adds A records (loopback only) for names under net., or glue under com.
* ``set_ntp_offset(offset: float | str) -> None`` -- restart chronyd with another clock.
* ``flush_resolver(name: str, rdtype: str = "TXT") -> None`` -- ``unbound-control flush_type``
  (positive or negative entry; plain ``flush`` would leave TXT answers in the cache).
* ``log(name: str) -> str`` -- what a daemon wrote: ``nsd-root``, ``nsd-tld``, ``nsd-ns1``,
  ``knot-ns2``, ``nsd-dns9``, ``nsd-dns10``, ``nsd-acmedns``, ``unbound`` (logs every query it
  gets), ``chronyd``.

Example::

    def test_lagging_secondary(clean_lab: RealLab) -> None:
        clean_lab.set_records("ns1", DEFAULT_SERIAL + 1, ['_acme-challenge 60 IN TXT "tok"'])
        ...  # run the tool against clean_lab.RESOLVER / clean_lab.ROOT, expect a finding

Never let a test use the system resolver: /etc/resolv.conf points off the machine. Query the
addresses above, or ``dns.resolver.Resolver(configure=False)`` with explicit nameservers.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from types import TracebackType
from typing import IO, Literal, Self

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.zone
import ntplib

AuthServer = Literal["ns1", "ns2"]
"""The two DNSPod servers of example.com (the zone's own NS set)."""
AUTH_SERVERS: tuple[AuthServer, ...] = ("ns1", "ns2")
ZoneServer = Literal["ns1", "ns2", "dns9", "dns10", "acme-dns"]
"""Every authoritative server below the TLD: the DNSPod pair, the registrar's old DNS, acme-dns."""
ZONE_SERVERS: tuple[ZoneServer, ...] = ("ns1", "ns2", "dns9", "dns10", "acme-dns")
Fault = Literal["lame", "down", "drop"]
FAULTS: tuple[Fault, ...] = ("lame", "down", "drop")

DEFAULT_SERIAL = 2024010101
DEFAULT_DELEGATION = ("ns1.dnspod.net.", "ns2.dnspod.net.")

REQUIRED_PROGRAMS = (
    "nsd",
    "nsd-control",
    "knotd",
    "knotc",
    "unbound",
    "unbound-control",
    "chronyd",
    "ss",
)

# How long start() and each change may take before the lab gives up (they take milliseconds).
READY_TIMEOUT = 10.0
POLL_INTERVAL = 0.005
# A probe sent before the daemon binds is lost silently (unconnected UDP), so the first probes
# give up quickly; the timeout grows for a machine that is merely slow.
PROBE_TIMEOUTS = (0.02, 0.02, 0.05, 0.1, 0.2, 0.5)


class LabError(RuntimeError):
    """The lab could not start, or a change did not take effect; the message quotes the logs."""


class AddressesTaken(LabError):
    """Other sockets already hold the lab's addresses: the lab cannot start on this machine now
    (a packaged service, another lab); nothing of the lab was started."""


def _which(program: str) -> str | None:
    # Daemons live in /usr/sbin, which a non-login root PATH may lack.
    path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
    return shutil.which(program, path=path)


def find_libfaketime() -> str | None:
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    return found[0] if found else None


def lab_unavailable_reason() -> str | None:
    """Why the real-server lab cannot run on this machine, or None if it can."""
    if os.geteuid() != 0:
        return "the real-server lab needs root (ports 53 and 123, daemons without privilege drop)"
    missing = [program for program in REQUIRED_PROGRAMS if _which(program) is None]
    if find_libfaketime() is None:
        missing.append("libfaketime.so.1")
    if missing:
        return (
            f"missing {', '.join(missing)} "
            "(apt-get install nsd knot unbound chrony faketime iproute2)"
        )
    return None


# --- configuration and zone templates (LAB.md §3-§5); $LAB is the lab's directory -------------

NSD_CONF = Template("""\
# NSD instance $name, answering only on $address:53
server:
    ip-address: $address
    port: 53
    do-ip6: no
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "$LAB/$name"
    database: ""
    zonelistfile: "$LAB/$name/zone.list"
    xfrdfile: "$LAB/$name/xfrd.state"
    xfrdir: "$LAB/$name"
    pidfile: "$LAB/$name/nsd.pid"
    logfile: "$LAB/logs/$name.log"
    verbosity: 1
    hide-version: no
    identity: "$name"
    # tests send bursts from one address: no response-rate-limiting (Debian enables it);
    # a small rrl-size also saves ~30 MB per instance
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    rrl-size: 1000
    xfrd-tcp-max: 32
    xfrd-tcp-pipeline: 128
    tcp-count: 10

remote-control:
    control-enable: yes
    control-interface: "$LAB/$name/nsd.ctl"
$zones""")

NSD_ZONE = Template("""
zone:
    name: "$zone"
    zonefile: "$file"
""")

KNOT_CONF = Template("""\
# Knot DNS instance = ns2.dnspod.net (the lagging server), 127.0.0.14:53
server:
    identity: "knot-ns2"
    rundir: "$LAB/knot-ns2"
    pidfile: "$LAB/knot-ns2/knot.pid"
    listen: 127.0.0.14@53
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1

log:
  - target: stderr
    any: info

database:
    storage: "$LAB/knot-ns2/db"

template:
  - id: default
    storage: "$LAB/knot-ns2"
    file: "%s.zone"
    # the zone file is the only truth: never written back, re-read whole on reload
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
$zones""")

KNOT_ZONE = Template("""
zone:
  - domain: $zone
""")

UNBOUND_CONF = Template("""\
# caching recursive resolver for the lab, 127.0.0.21:53, iterating from the fake root
server:
    interface: 127.0.0.21
    port: 53
    # queries leave from 127.0.0.21: the kernel refuses to route that source off the machine
    outgoing-interface: 127.0.0.21
    do-ip4: yes
    do-ip6: no
    do-udp: yes
    do-tcp: yes
    # allow_snoop: RD=0 queries are answered from the cache instead of REFUSED
    access-control: 127.0.0.0/8 allow_snoop
    # every lab server lives on 127.0.0.x
    do-not-query-localhost: no
    root-hints: "$LAB/unbound/root.hints"
    module-config: "iterator"
    username: ""
    chroot: ""
    directory: "$LAB/unbound"
    pidfile: "$LAB/unbound/unbound.pid"
    use-syslog: no
    logfile: ""
    verbosity: 1
    log-queries: yes
    num-threads: 1
    qname-minimisation: yes
    cache-max-negative-ttl: 3600
    prefetch: no
    serve-expired: no
    harden-referral-path: no
    so-reuseport: no
    outgoing-range: 64
    num-queries-per-thread: 32
    msg-cache-size: 4m
    rrset-cache-size: 4m
    key-cache-size: 1m
    neg-cache-size: 1m
    infra-cache-numhosts: 1000

remote-control:
    control-enable: yes
    control-interface: "$LAB/unbound/unbound.ctl"
""")

ROOT_HINTS = """\
; the only root server is the fake root on 127.0.0.11
.                        3600000      NS    A.ROOT-SERVERS.NET.
A.ROOT-SERVERS.NET.      3600000      A     127.0.0.11
"""

# chrony rejects comments at the end of a directive line.
CHRONY_CONF = Template("""\
# chronyd as a deliberately wrong NTP server (clock shifted by libfaketime), 127.0.0.31:123
bindaddress 127.0.0.31
port 123
allow 127.0.0.0/8
local stratum 8
cmdport 0
bindcmdaddress $LAB/chrony/chronyd.sock
pidfile $LAB/chrony/chronyd.pid
driftfile $LAB/chrony/drift
""")

ROOT_ZONE = """\
; fake root zone, served by NSD on 127.0.0.11
$TTL 86400
.        86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010101 1800 900 604800 86400
.        518400 IN NS  a.root-servers.net.
com.     172800 IN NS  a.gtld-servers.net.
net.     172800 IN NS  a.gtld-servers.net.
; glue
a.root-servers.net. 518400 IN A 127.0.0.11
a.gtld-servers.net. 172800 IN A 127.0.0.12
"""

COM_ZONE = Template("""\
; fake com. TLD, served by NSD on 127.0.0.12 (together with net.)
$$ORIGIN com.
$$TTL 172800
@            900    IN SOA a.gtld-servers.net. nstld.verisign-grs.com. $serial 1800 900 604800 86400
@                   IN NS  a.gtld-servers.net.
_lab-generation 0   IN TXT "$generation"
$delegation
; the registrar's old DNS (Alibaba Cloud); kept flat, like ns1/ns2.dnspod in net.
dns9.hichina        IN A   127.0.0.15
dns10.hichina       IN A   127.0.0.16
$extra
""")

NET_ZONE = Template("""\
; fake net. TLD, served by NSD on 127.0.0.12
$$ORIGIN net.
$$TTL 172800
@               900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. $serial 1800 900 604800 86400
@                   IN NS  a.gtld-servers.net.
_lab-generation   0 IN TXT "$generation"
a.gtld-servers      IN A   127.0.0.12
a.root-servers      IN A   127.0.0.11
ns1.dnspod          IN A   127.0.0.13
ns2.dnspod          IN A   127.0.0.14
; acme-dns: a real delegation with (in-bailiwick) glue
acme-dns            IN NS  ns.acme-dns.net.
ns.acme-dns         IN A   127.0.0.17
$extra
""")

AUTH_ZONE = Template("""\
; $zone as served by $host
$$ORIGIN $zone
$$TTL 600
@    3600  IN SOA $mname $rname $serial 3600 600 86400 $minimum
$ns
$base
; lab bookkeeping: lets the lab see that a reload took effect
_lab-generation 0 IN TXT "$generation"
; records set by the test
$records
""")

EXAMPLE_BASE = """\
@          IN A   127.0.0.80
www        IN A   127.0.0.80"""


@dataclass(frozen=True)
class _ZoneHost:
    """One authoritative server below the TLD: its daemon, address and the zone it serves."""

    daemon: str
    kind: Literal["nsd", "knot"]
    address: str
    host: str
    zone: str
    ns: tuple[str, ...]
    rname: str
    base: str


_DNSPOD_NS = ("ns1.dnspod.net.", "ns2.dnspod.net.")
_HICHINA_NS = ("dns9.hichina.com.", "dns10.hichina.com.")
# keyed by ZoneServer; str so that a wrong name gets a clear ValueError from _zone_host
ZONE_HOSTS: Mapping[str, _ZoneHost] = {
    "ns1": _ZoneHost(
        "nsd-ns1", "nsd", "127.0.0.13", "ns1.dnspod.net.", "example.com.", _DNSPOD_NS,
        "admin.example.com.", EXAMPLE_BASE,
    ),
    "ns2": _ZoneHost(
        "knot-ns2", "knot", "127.0.0.14", "ns2.dnspod.net.", "example.com.", _DNSPOD_NS,
        "admin.example.com.", EXAMPLE_BASE,
    ),
    "dns9": _ZoneHost(
        "nsd-dns9", "nsd", "127.0.0.15", "dns9.hichina.com.", "example.com.", _HICHINA_NS,
        "hostmaster.hichina.com.", EXAMPLE_BASE,
    ),
    "dns10": _ZoneHost(
        "nsd-dns10", "nsd", "127.0.0.16", "dns10.hichina.com.", "example.com.", _HICHINA_NS,
        "hostmaster.hichina.com.", EXAMPLE_BASE,
    ),
    "acme-dns": _ZoneHost(
        "nsd-acmedns", "nsd", "127.0.0.17", "ns.acme-dns.net.", "acme-dns.net.",
        ("ns.acme-dns.net.",), "admin.acme-dns.net.", "ns         IN A   127.0.0.17",
    ),
}  # fmt: skip


def _zone_host(server: str) -> _ZoneHost:
    host = ZONE_HOSTS.get(server)
    if host is None:
        raise ValueError(f"unknown server {server!r}; use one of {', '.join(ZONE_SERVERS)}")
    return host


def _zone_file(zone: str) -> str:
    """The zone's file name, as Knot's ``file: "%s.zone"`` spells it (no final dot)."""
    return f"{zone.rstrip('.')}.zone"


def _silent_sockets(address: str, port: int) -> list[socket.socket]:
    """UDP and TCP sockets on address:port that never read: queries there time out."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        udp.bind((address, port))
        # the stopped daemon's connections may linger in TIME_WAIT
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind((address, port))
        # the kernel completes the handshakes; nobody ever accepts or reads
        tcp.listen(64)
    except OSError:
        udp.close()
        tcp.close()
        raise
    return [udp, tcp]


def _absolute(name: str) -> str:
    return dns.name.from_text(name).to_text()


def _faketime_spec(offset: float | str) -> str:
    return offset if isinstance(offset, str) else f"{offset:+g}s"


# Looked up once here: the child between fork and exec should only make the call.
_prctl = ctypes.CDLL(None, use_errno=True).prctl
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # If the test process dies without stop() (SIGKILL, a crash), the daemon gets SIGTERM.
    _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _listeners() -> list[str]:
    """Listening UDP/TCP sockets as ss prints them (local address in column 5)."""
    out = subprocess.run(
        ["ss", "-Hlnutp"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    return [line for line in out.splitlines() if line.strip()]


def _local_address(line: str) -> tuple[str, int] | None:
    """(host, port) of the local address in a line of ``ss -Hlnutp``."""
    fields = line.split()
    if len(fields) < 5:
        return None
    host, _, port = fields[4].rpartition(":")
    if not port.isdigit():
        return None
    return host.strip("[]").split("%")[0], int(port)


def _live_processes(pgid: int, title: str) -> set[int]:
    """PIDs of the running (not zombie) processes of group pgid whose name starts with title."""
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            data = stat.read_text()
        except OSError:  # exited meanwhile
            continue
        name = data[data.index("(") + 1 : data.rindex(")")]
        state, _ppid, pgrp = data[data.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == pgid and state != "Z" and name.startswith(title):
            pids.add(int(stat.parent.name))
    return pids


def _probe(
    address: str, qname: str, rdtype: str, timeout: float, *, rd: bool = False
) -> dns.message.Message:
    query = dns.message.make_query(qname, rdtype)
    if not rd:
        query.flags &= ~dns.flags.RD
    return dns.query.udp(query, address, timeout=timeout)


class RealLab:
    """Real NSD, Knot, unbound and chronyd on 127.0.0.x; see the module docstring."""

    ROOT = "127.0.0.11"
    TLD = "127.0.0.12"
    NS1 = "127.0.0.13"
    NS2 = "127.0.0.14"
    DNS9 = "127.0.0.15"
    DNS10 = "127.0.0.16"
    ACME_DNS = "127.0.0.17"
    RESOLVER = "127.0.0.21"
    NTP = "127.0.0.31"
    WEB = "127.0.0.80"

    # daemon name -> (address, port) it must be alone on
    SOCKETS: Mapping[str, tuple[str, int]] = {
        "nsd-root": (ROOT, 53),
        "nsd-tld": (TLD, 53),
        **{h.daemon: (h.address, 53) for h in ZONE_HOSTS.values()},
        "unbound": (RESOLVER, 53),
        "chronyd": (NTP, 123),
    }

    def __init__(
        self,
        ntp_offset: float | str = 600.0,
        soa_minimum: int = 300,
        workdir: Path | None = None,
    ) -> None:
        self.ntp_offset = ntp_offset
        self.soa_minimum = soa_minimum
        self._own_workdir = workdir is None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="dnsdoctor-lab-"))
        self._procs: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: dict[str, IO[bytes]] = {}
        self._generation = 0
        # (daemon, zone) -> generation marker the zone file on disk carries
        self._written: dict[tuple[str, str], int] = {}
        # what each reloadable zone currently holds (besides the generation marker)
        self._zones: dict[ZoneServer, tuple[int, tuple[str, ...], int]] = {}
        self._delegation: tuple[tuple[str, ...], tuple[tuple[str, str], ...]] = ((), ())
        self._current_ntp_offset = ntp_offset
        self._faults: dict[ZoneServer, Fault] = {}
        # sockets that hold a "drop" server's address without ever answering
        self._holes: dict[ZoneServer, list[socket.socket]] = {}

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        try:
            reason = lab_unavailable_reason()
            if reason is not None:
                raise LabError(reason)
            self._check_addresses_free()
            self._write_static_files()
            for server in ZONE_SERVERS:
                self._write_zone_of(server, DEFAULT_SERIAL, (), self.soa_minimum)
            self._write_tld(DEFAULT_DELEGATION, {})
            lab = str(self.workdir)
            for name in ("nsd-root", "nsd-tld"):
                self._spawn(name, ["nsd", "-d", "-c", f"{lab}/{name}/nsd.conf"])
            for server in ZONE_SERVERS:
                self._spawn_zone_server(server)
            self._spawn("unbound", ["unbound", "-d", "-c", f"{lab}/unbound/unbound.conf"])
            self._spawn_chronyd(self.ntp_offset)
            self._wait_served("nsd-root", self.ROOT, ".")
            self._wait_served("nsd-tld", self.TLD, "com.")
            self._wait_served("nsd-tld", self.TLD, "net.")
            for host in ZONE_HOSTS.values():
                self._wait_served(host.daemon, host.address, host.zone)
            # Only now: a query while the authoritative servers were still starting would
            # leave unbound with timeouts in its infrastructure cache.
            self._wait_until(
                "unbound",
                lambda timeout: (
                    _probe(self.RESOLVER, "example.com.", "SOA", timeout, rd=True).rcode()
                    == dns.rcode.NOERROR
                ),
                "resolve example.com SOA from the root",
            )
            self._wait_ntp()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        self._close_holes()
        procs = list(self._procs.values())
        self._procs.clear()
        for proc in procs:
            self._terminate(proc)
        for log in self._logs.values():
            log.close()
        self._logs.clear()
        if procs:
            # NSD's own children (main, server) exit just after the process we started;
            # wait until they let go of the sockets, so a new lab can start right away.
            deadline = time.monotonic() + 2.0
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                while self._busy_sockets() and time.monotonic() < deadline:
                    time.sleep(0.01)
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def reset(self) -> None:
        """Back to the state right after start(), with an empty resolver cache."""
        initial: tuple[int, tuple[str, ...], int] = (DEFAULT_SERIAL, (), self.soa_minimum)
        for server in ZONE_SERVERS:
            if server in self._faults:
                # the restart reads the initial zone: no reload needed afterwards
                if self._zones[server] != initial:
                    self._write_zone_of(server, *initial)
                self.set_fault(server, None)
            elif self._zones[server] != initial:
                self.set_records(server, DEFAULT_SERIAL, [])
        if self._delegation != (DEFAULT_DELEGATION, ()):
            self.set_delegation(DEFAULT_DELEGATION)
        if self._current_ntp_offset != self.ntp_offset:
            self.set_ntp_offset(self.ntp_offset)
        self._unbound_control("flush_zone", ".")
        self._unbound_control("flush_infra", "all")

    # --- changes -----------------------------------------------------------------------------

    def set_records(
        self,
        server: ZoneServer,
        serial: int,
        records: Sequence[str],
        *,
        soa_minimum: int | None = None,
    ) -> None:
        """Serve the server's zone with this serial and these extra zone-file lines."""
        host = _zone_host(server)
        minimum = self.soa_minimum if soa_minimum is None else soa_minimum
        self._write_zone_of(server, serial, tuple(records), minimum)
        if server in self._faults:
            return  # served once the fault is cleared (the daemon reads the file on start)
        if host.kind == "nsd":
            self._reload_nsd(host.daemon, host.address, host.zone)
        else:
            # -b: wait until the reload is done (it may still fail, e.g. on a syntax error)
            conf = f"{self.workdir}/{host.daemon}/knot.conf"
            self._control(["knotc", "-c", conf, "-b", "zone-reload", host.zone])
            self._wait_served(host.daemon, host.address, host.zone)

    def set_fault(self, server: ZoneServer, fault: Fault | None) -> None:
        """Make one authoritative server lame, stopped or silent; None repairs it."""
        host = _zone_host(server)
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; use one of {', '.join(FAULTS)} or None")
        if self._faults.get(server) == fault:
            return
        self._close_holes(server)
        if host.daemon in self._procs:
            self._stop_daemon(host.daemon, host.address)
        self._faults.pop(server, None)
        if fault is None:
            self._spawn_zone_server(server)
            self._wait_served(host.daemon, host.address, host.zone)
            return
        self._faults[server] = fault
        if fault == "lame":
            self._spawn_zone_server(server, with_zone=False)

            def refused(timeout: float) -> bool:
                return _probe(host.address, host.zone, "SOA", timeout).rcode() == (
                    dns.rcode.REFUSED
                )

            self._wait_until(host.daemon, refused, f"answer REFUSED for {host.zone}")
        elif fault == "drop":
            self._holes[server] = _silent_sockets(host.address, 53)
        # "down": nothing listens on the address any more

    def set_delegation(
        self, ns_names: Sequence[str], addresses: Mapping[str, str] | None = None
    ) -> None:
        """Make com. delegate example.com to ns_names (the parent's view of the NS set)."""
        self._write_tld(ns_names, addresses or {})
        for zone in ("com.", "net."):
            self._reload_nsd("nsd-tld", self.TLD, zone)

    def set_ntp_offset(self, offset: float | str) -> None:
        """Restart chronyd with its clock shifted by offset seconds (or a FAKETIME spec)."""
        proc = self._procs.pop("chronyd")
        self._terminate(proc)
        self._logs.pop("chronyd").close()
        self._spawn_chronyd(offset)
        self._wait_ntp()

    def flush_resolver(self, name: str, rdtype: str = "TXT") -> None:
        """Drop name/rdtype (positive or negative) from unbound's cache."""
        self._unbound_control("flush_type", _absolute(name), rdtype)

    def log(self, name: str) -> str:
        """What daemon `name` (a key of SOCKETS) has written so far."""
        parts = [self.workdir / "logs" / f"{name}.out", self.workdir / "logs" / f"{name}.log"]
        return "".join(p.read_text(errors="replace") for p in parts if p.exists())

    # --- internals ---------------------------------------------------------------------------

    def _path(self, relative: str) -> Path:
        return self.workdir / relative

    def _write_zone(self, relative: str, origin: str, text: str) -> None:
        # NSD keeps serving the old zone after a failed reload, which the lab would only notice
        # at its timeout: check the syntax here and fail at once.
        try:
            dns.zone.from_text(text, origin=origin, relativize=False)
        except dns.exception.DNSException as exc:
            raise ValueError(f"zone {origin} for {relative} is invalid: {exc}\n{text}") from exc
        self._write(relative, text)

    def _write(self, relative: str, text: str) -> None:
        path = self._path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def _write_static_files(self) -> None:
        for sub in ("logs", "knot-ns2/db", "chrony"):
            self._path(sub).mkdir(parents=True, exist_ok=True)
        # chronyd refuses a command socket in a group/world-accessible directory
        self._path("chrony").chmod(0o700)
        self._write_nsd_conf("nsd-root", self.ROOT, {".": "root.zone"})
        self._write_nsd_conf("nsd-tld", self.TLD, {"com.": "com.zone", "net.": "net.zone"})
        for server in ZONE_SERVERS:
            self._write_server_conf(server, with_zone=True)
        lab = str(self.workdir)
        self._write("nsd-root/root.zone", ROOT_ZONE)
        self._write("unbound/unbound.conf", UNBOUND_CONF.substitute(LAB=lab))
        self._write("unbound/root.hints", ROOT_HINTS)
        self._write("chrony/chrony.conf", CHRONY_CONF.substitute(LAB=lab))

    def _write_nsd_conf(self, name: str, address: str, zones: Mapping[str, str]) -> None:
        blocks = "".join(NSD_ZONE.substitute(zone=z, file=f) for z, f in zones.items())
        conf = NSD_CONF.substitute(LAB=str(self.workdir), name=name, address=address, zones=blocks)
        self._write(f"{name}/nsd.conf", conf)

    def _write_server_conf(self, server: ZoneServer, *, with_zone: bool) -> None:
        """The daemon's configuration, with its zone or (a lame server) without any."""
        host = _zone_host(server)
        if host.kind == "nsd":
            zones = {host.zone: _zone_file(host.zone)} if with_zone else {}
            self._write_nsd_conf(host.daemon, host.address, zones)
        else:
            blocks = KNOT_ZONE.substitute(zone=host.zone) if with_zone else ""
            self._write(
                f"{host.daemon}/knot.conf",
                KNOT_CONF.substitute(LAB=str(self.workdir), zones=blocks),
            )

    def _next_generation(self) -> int:
        self._generation += 1
        return self._generation

    def _write_zone_of(
        self, server: ZoneServer, serial: int, records: tuple[str, ...], minimum: int
    ) -> None:
        host = _zone_host(server)
        generation = self._next_generation()
        text = AUTH_ZONE.substitute(
            zone=host.zone,
            host=host.host,
            mname=host.ns[0],
            rname=host.rname,
            ns="\n".join(f"@    86400 IN NS  {n}" for n in host.ns),
            base=host.base,
            serial=serial,
            minimum=minimum,
            generation=generation,
            records="\n".join(records),
        )
        self._write_zone(f"{host.daemon}/{_zone_file(host.zone)}", host.zone, text)
        self._written[(host.daemon, host.zone)] = generation
        self._zones[server] = (serial, records, minimum)

    def _write_tld(self, ns_names: Sequence[str], addresses: Mapping[str, str]) -> None:
        names = tuple(_absolute(n) for n in ns_names)
        extra: dict[str, list[str]] = {"com.": [], "net.": []}
        for host, address in sorted(addresses.items()):
            if not ipaddress.ip_address(address).is_loopback:
                # unbound would send queries there: nothing may leave the machine
                raise ValueError(f"{host}: {address} is not a loopback address")
            host_name = dns.name.from_text(host)
            zone = next((z for z in extra if host_name.is_subdomain(dns.name.from_text(z))), None)
            if zone is None:
                raise ValueError(f"{host}: the TLD server only serves com. and net.")
            extra[zone].append(f"{host_name.to_text()} IN A {address}")
        generation = self._next_generation()
        # the TLD serial follows the generation, like a registry publishing a change
        serial = DEFAULT_SERIAL + generation
        delegation = "\n".join(f"example 172800 IN NS {n}" for n in names)
        self._write_zone(
            "nsd-tld/com.zone",
            "com.",
            COM_ZONE.substitute(
                serial=serial,
                generation=generation,
                delegation=delegation,
                extra="\n".join(extra["com."]),
            ),
        )
        self._write_zone(
            "nsd-tld/net.zone",
            "net.",
            NET_ZONE.substitute(
                serial=serial, generation=generation, extra="\n".join(extra["net."])
            ),
        )
        self._written[("nsd-tld", "com.")] = self._written[("nsd-tld", "net.")] = generation
        self._delegation = (names, tuple(sorted(addresses.items())))

    def _spawn(self, name: str, argv: list[str], env: Mapping[str, str] | None = None) -> None:
        program = _which(argv[0])
        if program is None:
            raise LabError(f"{argv[0]} not found")
        log = (self.workdir / "logs" / f"{name}.out").open("ab")
        self._logs[name] = log
        self._procs[name] = subprocess.Popen(
            [program, *argv[1:]],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=None if env is None else {**os.environ, **env},
            cwd=self.workdir,
            # own process group: stop() signals NSD's forked children too; Ctrl-C in the
            # terminal reaches only pytest, whose teardown calls stop()
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def _spawn_zone_server(self, server: ZoneServer, *, with_zone: bool = True) -> None:
        host = _zone_host(server)
        self._write_server_conf(server, with_zone=with_zone)
        conf = f"{self.workdir}/{host.daemon}"
        if host.kind == "nsd":
            self._spawn(host.daemon, ["nsd", "-d", "-c", f"{conf}/nsd.conf"])
        else:
            self._spawn(host.daemon, ["knotd", "-c", f"{conf}/knot.conf"])

    def _stop_daemon(self, name: str, address: str) -> None:
        """Stop one daemon and wait until nothing listens on its address's port 53."""
        self._terminate(self._procs.pop(name))
        self._logs.pop(name).close()
        deadline = time.monotonic() + READY_TIMEOUT
        while any(_local_address(line) == (address, 53) for line in _listeners()):
            if time.monotonic() > deadline:
                raise LabError(f"{name} stopped, but {address}:53 is still in use")
            time.sleep(POLL_INTERVAL)

    def _close_holes(self, server: ZoneServer | None = None) -> None:
        for key in [server] if server is not None else list(self._holes):
            for sock in self._holes.pop(key, []):
                sock.close()

    def _spawn_chronyd(self, offset: float | str) -> None:
        # LD_PRELOAD instead of the faketime wrapper: the process we start is chronyd itself.
        # -x: never touch the system clock; -u root: no privilege drop; -d: foreground.
        env = {"LD_PRELOAD": find_libfaketime() or "", "FAKETIME": _faketime_spec(offset)}
        conf = f"{self.workdir}/chrony/chrony.conf"
        self._spawn("chronyd", ["chronyd", "-d", "-x", "-u", "root", "-f", conf], env)
        self._current_ntp_offset = offset

    @staticmethod
    def _terminate(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def _busy_sockets(self) -> list[str]:
        """Listening sockets that would collide with the lab's addresses."""
        wanted = set(self.SOCKETS.values())
        ports = {port for _, port in wanted}
        busy = []
        for line in _listeners():
            local = _local_address(line)
            if local is None or local[1] not in ports:
                continue
            # a wildcard bind on the port blocks the specific addresses too
            if local in wanted or local[0] in ("*", "0.0.0.0", "::"):
                busy.append(line)
        return busy

    def _check_addresses_free(self) -> None:
        busy = self._busy_sockets()
        if busy:
            raise AddressesTaken(
                "cannot start the real-server lab: these sockets already use the lab's "
                "addresses (a packaged nsd/unbound/knot/chrony service, or a lab left running?):\n"
                + "\n".join(busy)
            )

    def _fail(self, name: str, what: str) -> LabError:
        proc = self._procs.get(name)
        if proc is None:
            state = "not started"
        elif proc.poll() is None:
            state = "running"
        else:
            state = f"exited with {proc.returncode}"
        tail = "\n".join(self.log(name).splitlines()[-20:])
        return LabError(f"{name} ({state}) did not {what}; last log lines:\n{tail}")

    def _wait_until(self, name: str, ready: Callable[[float], bool], what: str) -> None:
        """Poll ready(probe_timeout) until it holds; fail early if daemon `name` died."""
        deadline = time.monotonic() + READY_TIMEOUT
        attempt = 0
        while True:
            timeout = PROBE_TIMEOUTS[min(attempt, len(PROBE_TIMEOUTS) - 1)]
            attempt += 1
            try:
                if ready(timeout):
                    return
            except (dns.exception.DNSException, ntplib.NTPException, OSError):
                pass
            proc = self._procs.get(name)
            if proc is None or proc.poll() is not None or time.monotonic() > deadline:
                raise self._fail(name, what)
            time.sleep(POLL_INTERVAL)

    def _wait_served(self, name: str, address: str, zone: str) -> None:
        """Wait until `address` answers for `zone` authoritatively, from the file last written."""
        generation = self._written.get((name, zone), 0)

        def served(timeout: float) -> bool:
            if generation == 0:
                answer = _probe(address, zone, "SOA", timeout)
            else:
                answer = _probe(address, f"_lab-generation.{zone}", "TXT", timeout)
                if [rr.to_text() for rrset in answer.answer for rr in rrset] != [f'"{generation}"']:
                    return False
            return answer.rcode() == dns.rcode.NOERROR and bool(answer.flags & dns.flags.AA)

        suffix = f" (generation {generation})" if generation else ""
        self._wait_until(name, served, f"serve {zone}{suffix} on {address}")

    def _reload_nsd(self, name: str, address: str, zone: str) -> None:
        # NSD reloads by forking a new server process; the old one keeps answering from the
        # old zone until it exits, so seeing the new data once is not enough.
        pgid = self._procs[name].pid
        old_servers = _live_processes(pgid, "nsd: server")
        self._control(["nsd-control", "-c", f"{self.workdir}/{name}/nsd.conf", "reload", zone])
        self._wait_served(name, address, zone)
        self._wait_until(
            name,
            lambda _: not old_servers & _live_processes(pgid, "nsd: server"),
            f"retire the server process that still has the old {zone}",
        )

    def _wait_ntp(self) -> None:
        client = ntplib.NTPClient()
        self._wait_until(
            "chronyd",
            lambda timeout: bool(client.request(self.NTP, port=123, version=4, timeout=timeout)),
            f"answer NTP on {self.NTP}:123",
        )

    def _control(self, argv: list[str]) -> None:
        program = _which(argv[0]) or argv[0]
        done = subprocess.run(
            [program, *argv[1:]], capture_output=True, text=True, timeout=30, check=False
        )
        if done.returncode != 0:
            raise LabError(
                f"{' '.join(argv)} failed ({done.returncode}): {done.stdout}{done.stderr}"
            )

    def _unbound_control(self, *args: str) -> None:
        self._control(["unbound-control", "-c", f"{self.workdir}/unbound/unbound.conf", *args])

"""Shared fixtures: loopback only, a demo internet per test, the CLI through CliRunner.

Every test runs with ``DNSDOCTOR_LOOPBACK_ONLY=1`` and without proxy or Tencent Cloud variables,
and a socket guard refuses any address outside 127.0.0.0/8 and ::1 and any host-name lookup: a
leak becomes a visible error instead of traffic (``/etc/resolv.conf`` points off this machine).
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from dnsdoctor.net import guard

_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
_TERMINAL_VARS = (
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
)
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def _is_loopback(host: object) -> bool:
    try:
        return ipaddress.ip_address(str(host).strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return False


def _address_allowed(address: object) -> bool:
    if isinstance(address, tuple) and address:
        return _is_loopback(address[0])
    return True  # AF_UNIX paths and the like


_CREDENTIAL_PREFIXES = (
    "TENCENTCLOUD_",  # Tencent Cloud: SDK, lego, Certimate
    "TENCENT_SECRET",  # acme.sh dns_tencent
    "TCCLI_",
    "ALICLOUD_",  # Alibaba Cloud: lego
    "ALIBABA_CLOUD_",  # Alibaba's SDKs and CLI
    "ALI_KEY",  # acme.sh dns_ali
    "ALI_SECRET",
    "SAVED_ALI_",
)
"""Upper-cased prefixes of the variables any provider reads keys from: no test sees the shell's keys."""


@pytest.fixture(scope="session", autouse=True)
def _hermetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Loopback-only mode, no proxies, no credentials (neither the shell's variables nor the
    files of the real home), no locale or colour from the shell."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(guard.ENV, "1")
        mp.setenv("HOME", str(tmp_path_factory.mktemp("home")))
        for name in _PROXY_VARS:
            mp.delenv(name, raising=False)
            mp.delenv(name.lower(), raising=False)
        for name in list(os.environ):
            if name.upper().startswith(_CREDENTIAL_PREFIXES):
                mp.delenv(name)
        mp.delenv("LE_CONFIG_HOME", raising=False)  # acme.sh's account.conf (both providers)
        for name in (*_TERMINAL_VARS, *_LOCALE_VARS):
            mp.delenv(name, raising=False)

        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_sendto = socket.socket.sendto
        real_getaddrinfo = socket.getaddrinfo

        def connect(self: socket.socket, address: Any) -> None:
            if not _address_allowed(address):
                raise OSError(f"test guard: {address!r} is outside loopback")
            real_connect(self, address)

        def connect_ex(self: socket.socket, address: Any) -> int:
            if not _address_allowed(address):
                raise OSError(f"test guard: {address!r} is outside loopback")
            return real_connect_ex(self, address)

        def sendto(self: socket.socket, data: Any, *args: Any) -> int:
            if not _address_allowed(args[-1]):
                raise OSError(f"test guard: {args[-1]!r} is outside loopback")
            return real_sendto(self, data, *args)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            text = host.decode() if isinstance(host, bytes) else host
            if text not in (None, "localhost") and not _is_loopback(text):
                raise OSError(f"test guard: no name lookup or address outside loopback ({host!r})")
            return real_getaddrinfo(host, *args, **kwargs)

        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        mp.setattr(socket.socket, "sendto", sendto)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        yield


@pytest.fixture
def loopback_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the tests of an API adapter against its emulator (``pytestmark =
    pytest.mark.usefixtures("loopback_http")``): each test starts with no proxy variable (one that
    wants a proxy sets it itself), and a name lookup of anything but loopback fails at once."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else host
        if text not in (None, "localhost") and not _is_loopback(text):
            raise OSError(f"test guard: {host} is not loopback")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture
def net() -> Iterator[Any]:
    """A started :class:`DemoInternet` (the standard demo world), stopped afterwards."""
    from dnsdoctor.lab.internet import DemoInternet

    world = DemoInternet()
    world.world.start()
    try:
        yield world
    finally:
        world.world.stop()


def _check_in_process(
    world: Any,
    *names: str,
    expect: tuple[str, ...] = (),
    timeout: float = 5.0,
    query_timeout: float = 1.0,
    client: Any = None,
) -> Any:
    """Run the DNS checks of ``dnsdoctor check`` in this process against ``world`` (a
    DemoInternet) and return the Report. Tests with dropping servers pass a small
    ``query_timeout``; the default leaves room for a loaded machine."""
    from dnsdoctor.core.context import Options, Services
    from dnsdoctor.core.targets import parse_targets
    from dnsdoctor.engine.run import run
    from dnsdoctor.lab.internet import ROOT
    from dnsdoctor.net.dns import DnsClient

    options = Options(
        expect=expect,
        roots=((ROOT, world.port),),
        dns_port=world.port,
        timeout=timeout,
        query_timeout=query_timeout,
        no_clock=True,
        select=("dns",),
    )
    services = Services(dns=client or DnsClient(query_timeout=query_timeout))
    return run("check", options, parse_targets(list(names or ("example.com",))), services)


@pytest.fixture
def check_world() -> Callable[..., Any]:
    """``check_world(net, "example.com", expect=(TOKEN,))`` → the Report of the DNS checks."""
    return _check_in_process


class CliRun(NamedTuple):
    exit_code: int
    stdout: str
    json: Any
    """The parsed report when ``-f json``/``--format json`` wrote to stdout, else None."""
    stderr: str


def _run_cli(*args: str, env: dict[str, str] | None = None) -> CliRun:
    """Run the console entry point (``dnsdoctor.cli:main``) as the shell would.

    ``main`` rather than ``CliRunner.invoke(app)``: turning dnsdoctor's own UsageError into exit
    code 2 and any exception into a one-line message with exit code 3 is main's job, and those are
    the exit codes the tests assert. Click ≥ 8.2 has no ``mix_stderr``: stdout and stderr are kept
    apart by CliRunner.isolation() itself.
    """
    from dnsdoctor.cli import main

    runner = CliRunner()
    code: int = 0
    saved_argv = sys.argv
    with runner.isolation(env=env) as streams:
        out, err = streams[0], streams[1]
        sys.argv = ["dnsdoctor", *args]
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = saved_argv
            sys.stdout.flush()
            sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace")
    wants_json = any(
        a in ("-f", "--format") and b == "json" for a, b in itertools.pairwise(args)
    ) or ("--format=json" in args)
    writes_file = "-o" in args or "--output" in args
    data = json.loads(stdout) if wants_json and not writes_file and stdout.strip() else None
    return CliRun(code, stdout, data, stderr)


@pytest.fixture(scope="session")
def cli() -> Callable[..., CliRun]:
    """``cli("check", "example.com", ...)`` → (exit_code, stdout, parsed JSON or None, stderr)."""
    return _run_cli


FAKEDNS_PKG = Path(__file__).parent / "providers" / "fakedns_pkg"
"""The folder of the complete fake third provider (Fake DNS), outside the package."""


@pytest.fixture
def fakedns_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Fake DNS in the registry, added as docs/adding-a-provider.md says (its folder where
    ``dnsdoctor.providers`` imports providers from, its name in ``NAMES``), and everything its
    registration leaves behind undone afterwards: the masks' key-id shapes, the specs in its words,
    the demo scenarios its folder brings, its imported modules."""
    from dnsdoctor import providers
    from dnsdoctor.core import secrets
    from dnsdoctor.lab import scenarios
    from dnsdoctor.providers import base

    scenarios.all_scenarios()  # the lab's own scenarios register in the registry that stays
    monkeypatch.setattr(providers, "__path__", [*providers.__path__, str(FAKEDNS_PKG)])
    monkeypatch.setattr(providers, "NAMES", (*providers.NAMES, "fakedns"))
    # the key-id shapes output masks: the provider's are added when it is first looked up
    monkeypatch.setattr(secrets, "_ID_SHAPES", list(secrets._ID_SHAPES))
    monkeypatch.setattr(secrets, "_SECRET_ID_SHAPE", secrets._SECRET_ID_SHAPE)
    monkeypatch.setattr(base, "_WORDED", dict(base._WORDED))  # specs in the provider's words
    # its demo scenarios register when the demo first lists them (imported afresh next time)
    monkeypatch.setattr(scenarios, "_SCENARIOS", dict(scenarios._SCENARIOS))
    monkeypatch.setattr(scenarios, "_ORIGINS", dict(scenarios._ORIGINS))
    try:
        yield providers.get("fakedns")
    finally:
        for name in [m for m in sys.modules if m.startswith("dnsdoctor.providers.fakedns")]:
            del sys.modules[name]
        if hasattr(providers, "fakedns"):  # an imported subpackage is its parent's attribute
            delattr(providers, "fakedns")

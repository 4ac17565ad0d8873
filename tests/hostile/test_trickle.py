"""Hostile HTTP servers on loopback that answer too slowly or too much.

A server that trickles its answer one byte at a time never trips a per-read time-out (``requests``'
``timeout`` is per socket read), so only a deadline over the whole exchange ends the call; a server
that floods its answer must not fill the memory. Every run must end within ``--timeout`` + 1 s
with a finding, not a crash, and no abandoned request may keep the process alive.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dnsdoctor.lab.world import free_port
from dnsdoctor.net.http import HttpClient, HttpTimeout
from dnsdoctor.providers.tencentcloud.client import ApiCredential, TencentApi, TencentApiError

HOST = "127.0.0.81"
ROOT_DIR = Path(__file__).resolve().parents[2]
CRED = ApiCredential("AKID" + "a" * 32, "b" * 32)

Handler = Callable[[socket.socket, "HostileServer"], None]


class HostileServer:
    """A TCP server on loopback whose ``handler`` answers each connection (after the request was
    read); it records when each connection was closed by the client."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.port = free_port([HOST], (socket.SOCK_STREAM,))
        self.stopping = threading.Event()
        self.closed_by_client: list[float] = []
        self.connections = 0
        self._listener = socket.create_server((HOST, self.port))
        self._listener.settimeout(0.1)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2.0)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.handler(conn, self)
            except OSError:
                self.closed_by_client.append(time.monotonic())

    def stop(self) -> None:
        self.stopping.set()
        self._listener.close()
        self._thread.join(2.0)


def trickle(conn: socket.socket, server: HostileServer, head: bytes) -> None:
    """Send ``head`` at once, then one byte every 0.1 s until the client goes away."""
    conn.sendall(head)
    while not server.stopping.is_set():
        conn.sendall(b"a")
        time.sleep(0.1)


def trickling_headers(conn: socket.socket, server: HostileServer) -> None:
    trickle(conn, server, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: ")


def trickling_body(conn: socket.socket, server: HostileServer) -> None:
    trickle(
        conn,
        server,
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
    )


def flood(conn: socket.socket, server: HostileServer) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n"
    )
    block = b" " * 65536
    while not server.stopping.is_set():
        conn.sendall(block)


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], HostileServer]]:
    servers: list[HostileServer] = []

    def start(handler: Handler) -> HostileServer:
        server = HostileServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def _closed_soon(server: HostileServer, after: float, within: float = 1.5) -> bool:
    end = after + within
    while time.monotonic() < end:
        if server.closed_by_client:
            return True
        time.sleep(0.02)
    return bool(server.closed_by_client)


# -- the adapter -------------------------------------------------------------------------------


@pytest.mark.parametrize("handler", [trickling_headers, trickling_body], ids=["headers", "body"])
def test_a_trickling_answer_ends_at_the_calls_budget_and_the_connection_is_closed(
    serve: Callable[[Handler], HostileServer], handler: Handler
) -> None:
    server = serve(handler)
    api = TencentApi(server.url, timeout=1.0, max_attempts=1)
    started = time.monotonic()
    with pytest.raises(TencentApiError) as info:
        asyncio.run(api.get_caller_identity(CRED))
    ended = time.monotonic()
    assert (info.value.code, info.value.kind) == ("dnsdoctor.Timeout", "network")
    assert ended - started < 1.6
    # the abandoned request does not go on reading in the background
    assert _closed_soon(server, ended), "the trickling connection was left open"


def test_the_api_deadline_ends_before_the_callers_deadline(
    serve: Callable[[Handler], HostileServer],
) -> None:
    """The caller (a check) must get the time-out as an error it can turn into a finding before
    its own budget ends, or the runner reports the check as crashed."""
    server = serve(trickling_headers)
    api = TencentApi(server.url, timeout=30.0, max_attempts=1)
    deadline = time.monotonic() + 1.5

    async def call() -> float:
        try:
            await api.get_caller_identity(CRED, deadline=deadline)
        except TencentApiError as err:
            assert err.code == "dnsdoctor.Timeout"
            return time.monotonic()
        raise AssertionError("a trickling server gave an answer")

    assert asyncio.run(call()) < deadline


def test_an_oversized_answer_is_refused_without_reading_it_all(
    serve: Callable[[Handler], HostileServer],
) -> None:
    server = serve(flood)
    api = TencentApi(server.url, timeout=20.0, max_attempts=1)
    started = time.monotonic()
    with pytest.raises(TencentApiError) as info:
        asyncio.run(api.get_caller_identity(CRED))
    assert info.value.code == "dnsdoctor.InvalidResponse"
    assert "larger than" in info.value.message
    assert time.monotonic() - started < 10.0


def test_the_http_date_of_a_trickling_server_ends_at_its_time_out(
    serve: Callable[[Handler], HostileServer],
) -> None:
    server = serve(trickling_headers)
    started = time.monotonic()
    with pytest.raises(HttpTimeout):
        asyncio.run(HttpClient().date(server.url, timeout=1.0))
    assert time.monotonic() - started < 1.6


# -- the whole process -------------------------------------------------------------------------


def _run(argv: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.upper().startswith(("TENCENTCLOUD_", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"))
    }
    env.update(
        DNSDOCTOR_LOOPBACK_ONLY="1",
        TENCENTCLOUD_SECRET_ID=CRED.secret_id,
        TENCENTCLOUD_SECRET_KEY=CRED.secret_key,
        HOME=str(ROOT_DIR / "tests" / "hostile"),  # no credential files there
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dnsdoctor", *argv],
        cwd=ROOT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout + 30,
    )
    return done, time.monotonic() - started


def test_creds_exits_within_its_timeout_against_a_trickling_api(
    serve: Callable[[Handler], HostileServer],
) -> None:
    server = serve(trickling_headers)
    argv = ["creds", "example.com", "--tencent-endpoint", server.url, "--timeout", "3"]
    done, elapsed = _run([*argv, "-f", "json"], 3)
    assert elapsed < 3 + 1, f"the process took {elapsed:.1f} s"
    assert done.returncode == 1, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    results = {r["name"]: r for r in report["checks"]}
    assert all(r["status"] != "crash" for r in results.values()), results
    (finding,) = results["creds.identity"]["findings"]
    assert finding["code"] == "CREDS_API_UNREACHABLE"
    assert "within" in finding["title"]


def test_clock_exits_within_its_timeout_against_a_trickling_date_url(
    serve: Callable[[Handler], HostileServer],
) -> None:
    """The Date URL trickles and the NTP server is silent: each question must end inside the
    check's budget, so that the check reports them instead of crashing at the run's end."""
    server = serve(trickling_headers)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent_ntp:
        silent_ntp.bind((HOST, 0))
        ntp = f"{HOST}:{silent_ntp.getsockname()[1]}"
        argv = ["clock", "--time-url", server.url, "--ntp", ntp, "--timeout", "3", "-f", "json"]
        done, elapsed = _run(argv, 3)
    assert elapsed < 3 + 1, f"the process took {elapsed:.1f} s"
    report: dict[str, Any] = json.loads(done.stdout)
    statuses = {r["name"]: r["status"] for r in report["checks"]}
    assert "crash" not in statuses.values(), statuses
    findings = [f for r in report["checks"] for f in r["findings"]]
    assert findings, "the unanswered sources are not reported"
    evidence = json.dumps([f["evidence"] for f in findings])
    assert server.url in evidence and "timeout" in evidence, evidence

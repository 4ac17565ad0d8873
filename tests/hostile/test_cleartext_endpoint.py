"""The Tencent Cloud endpoint must not expose signed requests or the token.

``--tencent-endpoint http://`` is refused (exit 2, one line, before any network use) unless the
address is loopback (a local emulator); a redirect is never followed, since ``requests`` would
carry the ``X-TC-*`` headers, the token among them, to wherever the answer points.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dnsdoctor.lab.world import free_port
from dnsdoctor.providers.tencentcloud.client import (
    ApiCredential,
    TencentApi,
    TencentApiError,
    parse_endpoint,
)

HOST = "127.0.0.83"
TOKEN = "tok" + "en" * 20
CRED = ApiCredential("AKID" + "a" * 32, "b" * 32, TOKEN)


@pytest.mark.parametrize(
    "url",
    [
        "http://dnspod.tencentcloudapi.com",
        "http://192.0.2.10:8080",
        "http://[2001:db8::1]:8080",
        "http://127.0.0.1.example.net",
        "HTTP://gw.example.net",
    ],
)
def test_cleartext_to_anything_but_loopback_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="in clear"):
        parse_endpoint(url)
    with pytest.raises(ValueError, match="https://"):
        TencentApi(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://127.9.9.9", "http://[::1]:80", "http://localhost:1"]
)
def test_cleartext_to_loopback_stays_allowed(url: str) -> None:
    assert parse_endpoint(url).scheme == "http"


def test_https_anywhere_stays_allowed() -> None:
    assert parse_endpoint("https://dnspod.example.net:8443").scheme == "https"
    assert parse_endpoint("dnspod.example.net").scheme == "https"


@pytest.mark.parametrize(
    "argv",
    [
        ["creds", "example.com"],
        ["check", "example.com"],
        ["preflight", "example.com"],
        ["cleanup", "example.com"],
    ],
    ids=lambda a: a[0],
)
def test_the_cli_refuses_a_cleartext_endpoint_with_one_line(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    sockets: list[Any] = []
    real = socket.socket.__init__

    def record(self: socket.socket, *args: Any, **kwargs: Any) -> None:
        sockets.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", record)
    code, out, _, err = cli(*argv, "--tencent-endpoint", "http://192.0.2.10:8080")
    assert code == 2, out + err
    assert err.count("\n") == 1 and "--tencent-endpoint" in err and "https://" in err, err
    assert sockets == []  # refused before any network use


# -- redirects ---------------------------------------------------------------------------------


class Recorder:
    """Accepts connections and records what arrives; answers nothing useful."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.port = free_port([HOST], (socket.SOCK_STREAM,))
        self.received: list[bytes] = []
        self._listener = socket.create_server((HOST, self.port))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2.0)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    self.received.append(data)
                    conn.sendall(self.answer)
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(2.0)


@pytest.fixture
def recorders() -> Iterator[Callable[[bytes], Recorder]]:
    made: list[Recorder] = []

    def make(answer: bytes) -> Recorder:
        made.append(Recorder(answer))
        return made[-1]

    yield make
    for r in made:
        r.stop()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed(recorders: Callable[[bytes], Recorder], status: int) -> None:
    elsewhere = recorders(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    )
    redirecting = recorders(
        f"HTTP/1.1 {status} Moved\r\nLocation: {elsewhere.url}/\r\n"
        "Content-Length: 0\r\n\r\n".encode()
    )
    api = TencentApi(redirecting.url, timeout=3.0, max_attempts=1)
    with pytest.raises(TencentApiError) as info:
        asyncio.run(api.get_caller_identity(CRED))
    err = info.value
    assert (err.code, err.kind, err.http_status) == ("dnsdoctor.Redirect", "response", status), str(
        err
    )
    assert elsewhere.url in err.message
    assert len(redirecting.received) == 1 and TOKEN.encode() in redirecting.received[0]
    assert elsewhere.received == []  # neither the signed request nor the token went on

"""HttpClient.date against FakeHttpDateServer: the Date fallback of the clock check.

Loopback only (tests/conftest.py). Host names are resolved by an injected fake resolver, never by
getaddrinfo.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dnsdoctor.lab.http_date import FakeHttpDateServer, HttpMode
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.net.http import (
    HttpBadUrl,
    HttpClient,
    HttpDate,
    HttpError,
    HttpNoDate,
    HttpProtocolError,
    HttpResolveError,
    HttpTimeout,
    HttpTlsError,
    HttpUnreachable,
    parse_date,
    tls_context,
)

ADDR = "127.0.0.46"
OTHER = "127.0.0.47"
NAME = "time.lab.test"


def _start(server: FakeHttpDateServer) -> World:
    world = World()
    world.add(server)
    return world.start()


@pytest.fixture
def lab() -> Iterator[tuple[World, FakeHttpDateServer]]:
    server = FakeHttpDateServer(ADDR, free_port([ADDR, OTHER], (socket.SOCK_STREAM,)), -412.0)
    world = _start(server)
    try:
        yield world, server
    finally:
        world.stop()


async def _resolve(host: str) -> list[str]:
    if host == NAME:
        return [ADDR]
    raise LookupError(f"{host}: NXDOMAIN")


def fetch(url: str, timeout: float = 2.0, client: HttpClient | None = None) -> HttpDate:
    return asyncio.run((client or HttpClient()).date(url, timeout, resolve=_resolve))


def set_mode(lab: tuple[World, FakeHttpDateServer], mode: HttpMode) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "mode", mode))


def test_date_gives_the_offset(lab: tuple[World, FakeHttpDateServer]) -> None:
    _, server = lab
    result = fetch(server.url)
    assert result.status == 200
    assert result.header.endswith(" GMT")
    assert result.date.tzinfo is not None
    # Date has a resolution of 1 s: the estimate is within its stated uncertainty
    assert abs(result.offset - -412.0) <= result.uncertainty + 0.05
    assert 0.5 <= result.uncertainty < 0.6
    assert (result.address, result.port) == (ADDR, server.port)
    assert server.requests[0].startswith("HEAD / HTTP/1.1\r\n")
    assert f"Host: {ADDR}:{server.port}\r\n" in server.requests[0]


def test_offset_changes_at_runtime(lab: tuple[World, FakeHttpDateServer]) -> None:
    world, server = lab
    world.run_sync(lambda: setattr(server, "offset", 28800.0))
    result = fetch(server.url)
    assert abs(result.offset - 28800.0) <= result.uncertainty + 0.05


def test_a_name_connects_to_the_resolved_address_with_the_name_in_host(
    lab: tuple[World, FakeHttpDateServer],
) -> None:
    _, server = lab
    result = fetch(f"http://{NAME}:{server.port}/v1?x=1")
    assert result.address == ADDR
    assert server.requests[0].startswith("HEAD /v1?x=1 HTTP/1.1\r\n")
    assert f"Host: {NAME}:{server.port}\r\n" in server.requests[0]


def test_names_without_a_resolver_and_unknown_names(
    lab: tuple[World, FakeHttpDateServer],
) -> None:
    _, server = lab
    with pytest.raises(HttpResolveError, match="no resolver"):
        asyncio.run(HttpClient().date(f"http://{NAME}:{server.port}/", 1.0))
    with pytest.raises(HttpResolveError, match="NXDOMAIN"):
        fetch(f"http://nowhere.lab.test:{server.port}/")


def test_one_redirect_is_followed(lab: tuple[World, FakeHttpDateServer]) -> None:
    _, server = lab
    set_mode(lab, "redirect")
    result = fetch(server.url)
    assert result.final_url.endswith("/moved")
    assert result.url == server.url
    assert len(server.requests) == 2


def test_no_second_redirect(lab: tuple[World, FakeHttpDateServer]) -> None:
    _, server = lab
    set_mode(lab, "redirect_loop")
    with pytest.raises(HttpNoDate, match="302"):
        fetch(server.url)
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("mode", "error"), [("no_date", HttpNoDate), ("bad_date", HttpProtocolError)]
)
def test_missing_or_bad_date(
    lab: tuple[World, FakeHttpDateServer], mode: HttpMode, error: type[HttpError]
) -> None:
    set_mode(lab, mode)
    with pytest.raises(error):
        fetch(lab[1].url)


def test_silent_server_times_out_within_the_deadline(
    lab: tuple[World, FakeHttpDateServer],
) -> None:
    set_mode(lab, "silent")
    start = time.monotonic()
    with pytest.raises(HttpTimeout):
        fetch(lab[1].url, timeout=0.3)
    assert time.monotonic() - start < 1.0


def test_https_to_a_plain_http_server_is_an_error_not_a_traceback(
    lab: tuple[World, FakeHttpDateServer],
) -> None:
    start = time.monotonic()
    with pytest.raises(HttpError):
        fetch(f"https://{ADDR}:{lab[1].port}/", timeout=0.5)
    assert time.monotonic() - start < 1.5


def test_closed_port_is_unreachable(lab: tuple[World, FakeHttpDateServer]) -> None:
    with pytest.raises(HttpUnreachable):
        fetch(f"http://{OTHER}:{lab[1].port}/")


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.46/", "http://", "http://127.0.0.46:99999/", "http://127.0.0.46:0/", "::"],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(HttpBadUrl):
        fetch(url)


def test_loopback_only_mode_refuses_other_addresses() -> None:
    with pytest.raises(HttpUnreachable, match="outside loopback"):
        fetch("https://192.0.2.1/")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 06 Nov 1994 08:49:37 GMT", dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)),
        ("Sun Nov  6 08:49:37 1994", dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)),
        ("Sun, 06 Nov 1994 16:49:37 +0800", dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)),
    ],
)
def test_parse_date(text: str, expected: dt.datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "Sun, 99 Nov 1994 08:49:37 GMT"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


# --------------------------------------------------------------------------- TLS


def _expired_certificate(tmp: Path) -> tuple[Path, Path]:
    """A self-signed certificate for NAME that expired in 2020."""
    from cryptography import x509  # from the [test] extra: a missing one fails, never skips
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2020, 1, 2, tzinfo=dt.UTC))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(NAME)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_https_uses_sni_and_ignores_certificate_dates(tmp_path: Path) -> None:
    cert, key = _expired_certificate(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    server = FakeHttpDateServer(
        ADDR, free_port([ADDR], (socket.SOCK_STREAM,)), offset=-90.0, tls=server_tls
    )
    world = _start(server)
    try:
        url = f"https://{NAME}:{server.port}/"
        result = fetch(url, client=HttpClient(tls=tls_context(str(cert))))
        assert abs(result.offset - -90.0) <= result.uncertainty + 0.05
        assert f"Host: {NAME}:{server.port}\r\n" in server.requests[0]
        # the same certificate with the dates checked: a wrong clock would break the fallback
        with pytest.raises(HttpTlsError, match="expired"):
            fetch(url, client=HttpClient(tls=ssl.create_default_context(cafile=str(cert))))
        # the name is still verified: the address alone does not match the certificate
        with pytest.raises(HttpTlsError):
            fetch(server.url, client=HttpClient(tls=tls_context(str(cert))))
    finally:
        world.stop()

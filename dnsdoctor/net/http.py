"""Read the time from an HTTP server's ``Date`` header: the clock check's fallback when UDP/123 is
blocked (common in company networks) while HTTPS to the Tencent Cloud API still works.

One HEAD request, a deadline over everything (resolution, connection, TLS, answer), at most one
redirect. A host name is resolved through the injected resolver (the tool's own resolver path,
never ``getaddrinfo``); the connection goes to the address while the request carries the name in
``Host`` and, for https, in SNI. The certificate is verified, but *not its validity dates*: those are
judged by the local clock, which is the very thing under test (a clock a year off would otherwise
fail the TLS handshake instead of being measured).

``Date`` has a resolution of one second and is stamped somewhere between our request and the
server's reply, so the offset is taken against the middle of the exchange, with an uncertainty of
half a second plus half the round trip.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import re
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from dnsdoctor import __version__
from dnsdoctor.net import guard
from dnsdoctor.net.addresses import Resolve, addresses_of, host_port
from dnsdoctor.net.errors import NetBadInput, NetError, NetResolveError, NetTimeout, NetUnreachable

Clock = Callable[[], float]

MAX_HEADER_BYTES = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_STATUS = re.compile(r"HTTP/\d(?:\.\d)?\s+(\d{3})")
_X509_V_FLAG_NO_CHECK_TIME = 0x200000
"""OpenSSL's flag to skip the notBefore/notAfter check (not exposed by the ssl module)."""


class HttpError(NetError):
    """No usable ``Date`` from this URL. ``kind`` is a stable word for the checks."""

    @property
    def url(self) -> str:
        return self.where


class HttpTimeout(HttpError, NetTimeout):
    pass


class HttpUnreachable(HttpError, NetUnreachable):
    pass


class HttpResolveError(HttpError, NetResolveError):
    pass


class HttpTlsError(HttpError):
    kind = "tls"


class HttpProtocolError(HttpError):
    kind = "protocol"


class HttpNoDate(HttpError):
    kind = "no-date"


class HttpBadUrl(HttpError, NetBadInput):
    pass


@dataclass(frozen=True)
class HttpDate:
    """The time one HTTP server told us."""

    url: str
    """The URL as given (before a redirect)."""
    address: str
    port: int
    status: int
    header: str
    """The ``Date`` header as received."""
    date: datetime
    offset: float
    """Server time minus local time, seconds (positive: the local clock is behind)."""
    uncertainty: float
    rtt: float
    final_url: str = ""
    """The URL that gave the ``Date`` (differs from ``url`` after a redirect)."""

    @property
    def endpoint(self) -> str:
        return host_port(self.address, self.port)


@dataclass(frozen=True)
class _Url:
    scheme: str
    host: str
    port: int
    target: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse_url(url: str) -> _Url:
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise HttpBadUrl(url, f"not a usable URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise HttpBadUrl(url, "only http:// and https:// URLs can give a Date header")
    host = parts.hostname or ""
    if not host:
        raise HttpBadUrl(url, "the URL has no host")
    if port == 0:
        raise HttpBadUrl(url, "port 0 is not a port")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return _Url(scheme, host, port or (443 if scheme == "https" else 80), target)


def parse_date(value: str) -> datetime:
    """An HTTP date (RFC 9110 IMF-fixdate, or the obsolete forms) as an aware UTC datetime."""
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError(f"not an HTTP date: {value!r}") from None
    if parsed.tzinfo is None:  # "-0000": RFC 5322's "unknown zone"; HTTP dates are GMT
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """Verify the chain and the name, not the validity dates (see the module docstring)."""
    context = ssl.create_default_context(cafile=cafile)
    with contextlib.suppress(ValueError, OverflowError):
        context.verify_flags |= _X509_V_FLAG_NO_CHECK_TIME
    return context


def _tls_reason(exc: ssl.SSLError) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError) and exc.verify_message:
        return f"certificate not accepted: {exc.verify_message}"
    return str(exc.reason or exc)


@dataclass
class _Response:
    status: int
    headers: dict[str, str]
    sent_at: float
    received_at: float


class HttpClient:
    """Fetches the ``Date`` of a URL. Every failure is an :class:`HttpError`."""

    def __init__(self, clock: Clock = time.time, tls: ssl.SSLContext | None = None) -> None:
        self.clock = clock
        self._tls = tls

    async def date(
        self,
        url: str,
        timeout: float = 3.0,
        *,
        resolve: Resolve | None = None,
        clock: Clock | None = None,
    ) -> HttpDate:
        parsed = parse_url(url)
        try:
            async with asyncio.timeout(max(0.0, timeout)):
                return await self._date(url, url, parsed, resolve, clock or self.clock, 1)
        except TimeoutError:
            raise HttpTimeout(url, f"no answer within {timeout:g} s") from None

    async def _date(
        self,
        original: str,
        url: str,
        parsed: _Url,
        resolve: Resolve | None,
        clock: Clock,
        redirects: int,
    ) -> HttpDate:
        address, response = await self._exchange(original, parsed, resolve, clock)
        header = response.headers.get("date")
        if header is None:
            location = response.headers.get("location")
            if response.status in _REDIRECTS and location and redirects > 0:
                target = urllib.parse.urljoin(url, location)
                try:
                    next_parsed = parse_url(target)
                except HttpBadUrl:
                    raise HttpNoDate(
                        original, f"no Date header; bad redirect to {target}"
                    ) from None
                return await self._date(
                    original, target, next_parsed, resolve, clock, redirects - 1
                )
            raise HttpNoDate(original, f"HTTP {response.status} without a Date header")
        try:
            date = parse_date(header)
        except ValueError as exc:
            raise HttpProtocolError(original, str(exc)) from None
        rtt = max(0.0, response.received_at - response.sent_at)
        middle = (response.sent_at + response.received_at) / 2
        # Date truncates to the second: the server's time was in [Date, Date + 1)
        return HttpDate(
            url=original,
            address=address,
            port=parsed.port,
            status=response.status,
            header=header,
            date=date,
            offset=date.timestamp() + 0.5 - middle,
            uncertainty=0.5 + rtt / 2,
            rtt=rtt,
            final_url=url,
        )

    async def _exchange(
        self, url: str, parsed: _Url, resolve: Resolve | None, clock: Clock
    ) -> tuple[str, _Response]:
        addresses = await addresses_of(url, parsed.host, resolve, HttpResolveError)
        tls = None
        if parsed.scheme == "https":
            tls = self._tls or tls_context()
        last: HttpError | None = None
        for address in addresses:
            try:
                guard.ensure_allowed(address)
                reader, writer = await asyncio.open_connection(
                    address,
                    parsed.port,
                    ssl=tls,
                    server_hostname=parsed.host if tls is not None else None,
                    limit=MAX_HEADER_BYTES,
                )
            except ssl.SSLError as exc:
                raise HttpTlsError(url, f"TLS with {address}: {_tls_reason(exc)}") from None
            except OSError as exc:
                last = HttpUnreachable(url, f"cannot connect to {address}:{parsed.port}: {exc}")
                continue
            try:
                return address, await self._request(url, parsed, reader, writer, clock)
            finally:
                writer.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(writer.wait_closed(), 0.5)
        assert last is not None
        raise last

    async def _request(
        self,
        url: str,
        parsed: _Url,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        clock: Clock,
    ) -> _Response:
        request = (
            f"HEAD {parsed.target} HTTP/1.1\r\n"
            f"Host: {parsed.host_header}\r\n"
            f"User-Agent: dnsdoctor/{__version__} (clock check)\r\n"
            "Accept: */*\r\n"
            "Connection: close\r\n\r\n"
        ).encode("ascii", "replace")
        sent_at = clock()
        try:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            head = exc.partial  # a server that closes after the headers, or uses bare LF
            if not head:
                raise HttpProtocolError(url, "the server closed without answering") from None
        except asyncio.LimitOverrunError:
            raise HttpProtocolError(url, "the response headers are too long") from None
        except ssl.SSLError as exc:
            raise HttpTlsError(url, f"TLS: {_tls_reason(exc)}") from None
        except OSError as exc:
            raise HttpUnreachable(url, f"connection failed: {exc}") from None
        received_at = clock()
        lines = head.decode("latin-1").splitlines()
        match = _STATUS.match(lines[0]) if lines else None
        if match is None:
            raise HttpProtocolError(url, "the answer is not HTTP")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep and name.strip():
                headers.setdefault(name.strip().lower(), value.strip())
        return _Response(int(match.group(1)), headers, sent_at, received_at)

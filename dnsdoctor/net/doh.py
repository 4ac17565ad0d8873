"""DNS over HTTPS (RFC 8484): ask a public resolver past a port-53 interception.

A thin adapter in the shape of :class:`~dnsdoctor.net.dns.DnsClient`: one question to one DoH
endpoint, a :class:`~dnsdoctor.net.dns.Reply` back (``transport="doh"``), a memo per run, a hard
deadline per question and the run's global deadline. HTTP and TLS are dnspython's (its ``doh``
extra: httpx2 and h2); nothing here speaks HTTP by hand.

The endpoint's host name is never looked up: an intercepted resolver would answer that question
too. Every endpoint carries the address to connect to; the TLS certificate is still checked against
the URL's host name (SNI and verification), so a middlebox at that address cannot pass for the
resolver.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import ssl
import time
import urllib.parse
from collections.abc import AsyncIterator, Hashable
from dataclasses import dataclass, field

import dns.asyncbackend
import dns.asyncquery
import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rdatatype
import httpcore2
import httpx2

from dnsdoctor.core.secrets import clip
from dnsdoctor.net.dns import (
    BUDGET,
    MALFORMED,
    REFUSED_CONNECTION,
    TIMEOUT,
    UNREACHABLE,
    Reply,
    ipv6_route,
    memoised,
    refusal,
)

# Reply.error values of DoH, beside dns.py's TIMEOUT, UNREACHABLE, REFUSED_CONNECTION, MALFORMED,
# NO_ROUTE_V6 and BUDGET (stable words the checks branch on).
TLS_NAME = "tls-name-mismatch"
"""The certificate is not valid for the URL's host name (something else answers at the address)."""
TLS_UNTRUSTED = "tls-untrusted"
"""The certificate chain does not lead to a trusted CA (an intercepting proxy's own CA, say)."""
TLS_FAILED = "tls-failed"
"""Any other TLS failure (handshake refused, protocol mismatch, expired certificate)."""
HTTP_STATUS = "http-status"
"""The server answered with an HTTP status other than 2xx (``detail`` names it)."""
TOO_LARGE = "too-large"
"""The response body was larger than :attr:`DohClient.max_size`."""

DEFAULT_PATH = "/dns-query"


class BadDohEndpoint(ValueError):
    """A ``--doh`` value that cannot be read as ``URL[@ADDR[:PORT]]``."""


@dataclass(frozen=True)
class DohEndpoint:
    """One DoH resolver: its URL (whose host name TLS checks) and the address to connect to."""

    label: str
    """Short human name (``AliDNS``, ``dns.google``) for reports."""
    url: str
    """``https://HOST/PATH`` as the operator publishes it."""
    address: str
    """IP address literal to connect to (never found by resolving the URL's host)."""
    port: int = 443

    @property
    def host(self) -> str:
        """The URL's host name (or address): what the certificate must be valid for."""
        return urllib.parse.urlsplit(self.url).hostname or ""

    @property
    def request_url(self) -> str:
        """The URL with :attr:`port` in it (the connection goes to :attr:`address` anyway)."""
        parts = urllib.parse.urlsplit(self.url)
        host = self.host
        netloc = f"[{host}]" if ":" in host else host
        if self.port != 443:
            netloc += f":{self.port}"
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    @property
    def where(self) -> str:
        addr = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.url} @ {addr}:{self.port}"


DEFAULT_ENDPOINTS: tuple[DohEndpoint, ...] = (
    DohEndpoint("AliDNS", "https://dns.alidns.com/dns-query", "223.5.5.5"),
    DohEndpoint("DNSPod", "https://doh.pub/dns-query", "1.12.12.12"),
    DohEndpoint("Cloudflare", "https://cloudflare-dns.com/dns-query", "1.1.1.1"),
    DohEndpoint("Google", "https://dns.google/dns-query", "8.8.8.8"),
)
"""Public DoH resolvers, reachable by address (their operators publish these pairs)."""


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise BadDohEndpoint(f"{whole!r}: the port must be a number from 1 to 65535")
    return int(text)


def _address(text: str, whole: str) -> tuple[str, int | None]:
    """``ADDR``, ``ADDR:PORT``, ``[V6]``, ``[V6]:PORT`` or a bare ``V6`` -> (address, port)."""
    host, port = text, None
    if text.startswith("["):
        host, close, rest = text[1:].partition("]")
        if not close or (rest and not rest.startswith(":")):
            raise BadDohEndpoint(f"{whole!r}: cannot read {text!r} as ADDR[:PORT]")
        if rest:
            port = _port(rest[1:], whole)
    elif text.count(":") == 1:
        host, port_text = text.split(":")
        port = _port(port_text, whole)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise BadDohEndpoint(
            f"{whole!r}: {host!r} after @ must be an IP address (with an optional :PORT)"
        ) from None
    return host, port


def parse_doh_endpoint(text: str) -> DohEndpoint:
    """``URL[@ADDR[:PORT]]`` -> :class:`DohEndpoint`.

    ``https://dns.alidns.com/dns-query@223.5.5.5``, ``https://1.1.1.1/dns-query``,
    ``https://doh.lab.test/dns-query@127.0.0.41:8443``, ``https://dns.google/dns-query@[::1]:8443``.
    Without ``@ADDR`` the URL's host must be an address: the host name is never resolved.
    """
    raw = text.strip()
    url, at, addr_text = raw.rpartition("@")
    if not at or "/" in addr_text:
        url, addr_text = raw, ""
    try:
        parts = urllib.parse.urlsplit(url)
        url_port = parts.port
    except ValueError as exc:
        raise BadDohEndpoint(f"{text!r}: {exc}") from None
    if parts.scheme.lower() != "https":
        raise BadDohEndpoint(f"{text!r}: DoH needs an https:// URL")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BadDohEndpoint(f"{text!r}: no user name or password in a DoH URL")
    host = parts.hostname
    if not host:
        raise BadDohEndpoint(f"{text!r}: the URL has no host")
    if parts.fragment:
        raise BadDohEndpoint(f"{text!r}: a DoH URL has no #fragment")
    path = parts.path if parts.path not in ("", "/") else DEFAULT_PATH
    netloc = f"[{host}]" if ":" in host else host
    if url_port is not None and url_port != 443:
        netloc += f":{url_port}"
    clean = urllib.parse.urlunsplit(("https", netloc, path, parts.query, ""))
    port = url_port or 443
    if addr_text:
        address, addr_port = _address(addr_text, text)
        port = addr_port or port
    else:
        try:
            address = str(ipaddress.ip_address(host))
        except ValueError:
            raise BadDohEndpoint(
                f"{text!r}: give the server's address too, as URL@ADDR[:PORT] "
                f"(dnsdoctor does not look {host} up through the resolver it is testing)"
            ) from None
    return DohEndpoint(label=host, url=clean, address=address, port=port)


@dataclass
class DohClient:
    """Asks DoH resolvers single questions. Tests and the demo point it at loopback servers."""

    endpoints: tuple[DohEndpoint, ...] = DEFAULT_ENDPOINTS
    """The resolvers a run asks (checks iterate over these)."""
    query_timeout: float = 5.0
    """Hard deadline of one question, connection and TLS handshake included (DoH needs about
    three round trips before the answer, more than a UDP question)."""
    deadline: float = float("inf")
    """``time.monotonic()`` value after which no question is sent."""
    verify: bool | str = True
    """``True``: the system's CAs; a path: trust only that CA bundle (the lab's ``--doh-ca``)."""
    payload: int = 1232
    max_size: int = 65535
    """Largest response body accepted (a DNS message is at most 65535 bytes)."""
    concurrency: int = 16
    sent: int = 0
    """How many HTTPS requests went out (benchmarks and tests read it)."""
    _memo: dict[Hashable, asyncio.Future[Reply]] = field(default_factory=dict)
    _sem: asyncio.Semaphore | None = None
    _ssl: ssl.SSLContext | None = None
    _v6: bool | None = None

    def _remaining(self) -> float:
        return self.deadline - time.monotonic()

    def ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            if self.verify is True:
                self._ssl = httpcore2.default_ssl_context()
            elif self.verify is False:
                raise ValueError("DohClient never skips certificate verification")
            else:
                self._ssl = ssl.create_default_context(cafile=self.verify)
            self._ssl.set_alpn_protocols(["h2", "http/1.1"])
        return self._ssl

    def _ipv6_available(self) -> bool:
        if self._v6 is None:
            self._v6 = ipv6_route()
        return self._v6

    async def ask(
        self,
        endpoint: DohEndpoint,
        qname: dns.name.Name,
        rdtype: int | str,
        *,
        post: bool = True,
        fresh: bool = False,
    ) -> Reply:
        """Ask ``endpoint`` for ``qname``/``rdtype`` (RD=1); shared with every other caller unless
        ``fresh``. ``post=False`` sends RFC 8484's GET form instead of POST."""
        rdtype = dns.rdatatype.RdataType.make(rdtype)
        if fresh:
            return await self._ask(endpoint, qname, rdtype, post)
        key = (endpoint, qname.canonicalize(), rdtype, post)
        return await memoised(self._memo, key, lambda: self._ask(endpoint, qname, rdtype, post))

    async def _ask(
        self, endpoint: DohEndpoint, qname: dns.name.Name, rdtype: int, post: bool
    ) -> Reply:
        base = Reply(endpoint.address, endpoint.port, qname, rdtype, "doh", url=endpoint.url)
        refused = refusal(base, endpoint.address, self._ipv6_available)
        if refused is not None:
            return refused
        timeout = min(self.query_timeout, self._remaining())
        if timeout <= 0.01:
            return _with(base, error=BUDGET, detail="the run's budget is spent")
        query = dns.message.make_query(
            qname, dns.rdatatype.RdataType.make(rdtype), use_edns=0, payload=self.payload
        )
        query.id = 0  # RFC 8484 §4.1: ID 0, so that HTTP caches can share answers
        if self._sem is None:
            self._sem = asyncio.Semaphore(self.concurrency)
        async with self._sem:
            self.sent += 1
            start = time.monotonic()
            try:
                async with asyncio.timeout(timeout):
                    msg = await self._exchange(endpoint, query, post, timeout)
            except TimeoutError:
                return _with(
                    base,
                    error=TIMEOUT,
                    detail=f"timeout {timeout:.1f} s",
                    rtt=time.monotonic() - start,
                )
            except _Failure as exc:
                return _with(base, error=exc.word, detail=exc.detail, rtt=time.monotonic() - start)
            except Exception as exc:  # httpx2/httpcore2/h2/ssl raise a wide tree
                word, detail = _classify(exc, endpoint)
                return _with(base, error=word, detail=detail, rtt=time.monotonic() - start)
        return _with(base, message=msg, rtt=time.monotonic() - start)

    async def _exchange(
        self, endpoint: DohEndpoint, query: dns.message.Message, post: bool, timeout: float
    ) -> dns.message.Message:
        backend = dns.asyncbackend.get_default_backend()
        # dnspython's transport connects to ``bootstrap_address`` instead of resolving the URL's
        # host; TLS (SNI and certificate) still uses the host name.
        inner = backend.get_transport_class()(  # type: ignore[no-untyped-call]
            http1=True,
            http2=True,
            verify=self.ssl_context(),
            bootstrap_address=endpoint.address,
        )
        transport = _CappedTransport(inner, self.max_size)
        async with httpx2.AsyncClient(
            transport=transport,
            trust_env=False,  # never an HTTP(S)_PROXY from the environment
            follow_redirects=False,
            timeout=timeout,
        ) as client:
            try:
                return await dns.asyncquery.https(
                    query,
                    endpoint.request_url,
                    timeout=timeout,
                    port=endpoint.port,
                    client=client,
                    post=post,
                    bootstrap_address=endpoint.address,
                )
            except dns.exception.Timeout:
                raise TimeoutError from None
            except dns.query.BadResponse:
                raise _Failure(
                    MALFORMED, "the answer is not for the question asked (ID or question differs)"
                ) from None
            except (dns.exception.DNSException, ValueError, EOFError) as exc:
                if transport.content_type and "dns-message" not in transport.content_type:
                    raise _Failure(
                        MALFORMED,
                        f"not a DNS message: the body is {transport.content_type}",
                    ) from None
                raise _Failure(
                    MALFORMED, clip(f"not a DNS message: {type(exc).__name__}: {exc}", 200)
                ) from None


class _Failure(Exception):
    def __init__(self, word: str, detail: str) -> None:
        super().__init__(detail)
        self.word = word
        self.detail = detail


class _CappedStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, limit: int) -> None:
        self._inner = inner
        self._limit = limit

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise _Failure(TOO_LARGE, f"the response is larger than {self._limit} bytes")
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class _CappedTransport(httpx2.AsyncBaseTransport):
    """Refuses a non-2xx status or an oversized body before dnspython reads it."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, limit: int) -> None:
        self._inner = inner
        self._limit = limit
        self.content_type = ""

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._inner.handle_async_request(request)
        self.content_type = response.headers.get("content-type", "")
        if not 200 <= response.status_code < 300:
            await response.aclose()
            raise _Failure(HTTP_STATUS, f"HTTP status {response.status_code}")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._limit:
            await response.aclose()
            raise _Failure(TOO_LARGE, f"the response is {length} bytes (at most {self._limit})")
        stream = response.stream
        assert isinstance(stream, httpx2.AsyncByteStream)
        response.stream = _CappedStream(stream, self._limit)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _classify(exc: Exception, endpoint: DohEndpoint) -> tuple[str, str]:
    """An exception of the HTTP/TLS stack -> (error word, one clear phrase)."""
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, _Failure):
            return e.word, e.detail
    for e in chain:
        if isinstance(e, ssl.SSLCertVerificationError):
            message = e.verify_message or str(e)
            if (
                e.verify_code == 62
                or "hostname mismatch" in message.lower()
                or ("doesn't match" in message or "not valid for" in message)
            ):
                return TLS_NAME, (
                    f"TLS name mismatch: the certificate at {endpoint.address} "
                    f"is not valid for {endpoint.host}"
                )
            if e.verify_code in (2, 18, 19, 20, 21, 27):
                return TLS_UNTRUSTED, f"certificate not trusted (unknown CA): {message}"
            return TLS_FAILED, f"certificate not accepted: {message}"
        if isinstance(e, ssl.SSLError):
            return TLS_FAILED, f"TLS failed: {e.reason or e}"
    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return REFUSED_CONNECTION, "connection refused"
    for e in chain:
        if isinstance(e, (httpx2.TimeoutException, httpcore2.TimeoutException)):
            return TIMEOUT, "timeout"
    for e in chain:
        if isinstance(e, (httpx2.RemoteProtocolError, httpcore2.RemoteProtocolError)):
            return UNREACHABLE, f"the server closed the connection: {e}"[:200]
    for e in chain:
        if isinstance(e, (httpx2.ConnectError, httpcore2.ConnectError)):
            return UNREACHABLE, f"cannot connect to {endpoint.address}:{endpoint.port}"
    for e in chain:
        if isinstance(e, OSError):
            return UNREACHABLE, e.strerror or str(e)
    return UNREACHABLE, f"{type(exc).__name__}: {exc}"[:200]


def _with(reply: Reply, **changes: object) -> Reply:
    return dataclasses.replace(reply, **changes)  # type: ignore[arg-type]

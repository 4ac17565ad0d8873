"""A DNS-over-HTTPS resolver for the simulated world (RFC 8484 over TLS on loopback; HTTP/1.1, and
HTTP/2 through the ``h2`` library when ``http2`` is set and the client's ALPN asks for it).

It takes ``POST`` with an ``application/dns-message`` body and ``GET ...?dns=<base64url>``, and
answers through an injected ``answer(query) -> response`` coroutine: a scenario plugs in a lab
:class:`~dnsdoctor.lab.resolver.CachingResolver` (:func:`resolver_answer`), so DoH sees what the
world's real authoritative servers serve while port 53 may be intercepted.

TLS uses the lab's fixture certificate (``dnsdoctor/lab/certs``: valid for the public DoH host
names, ``doh.lab.test`` and 127.0.0.1-127.0.0.60), so clients check names exactly as on the
internet, with :data:`LAB_CA` as their only trusted CA. No ``cryptography`` is needed to run it.

Faults (``mode``): ``silent`` reads the request and never answers, ``close`` hangs up without an
answer, ``trickle`` sends a correct answer one byte at a time (``trickle_interval`` apart),
``http500`` answers ``500 Internal Server Error``, ``garbage`` sends random bytes as a
``application/dns-message``, ``html`` sends a captive portal's web page, ``oversize`` sends a
body larger than any DNS message.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import random
import ssl
import urllib.parse
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import dns.exception
import dns.flags
import dns.message
import dns.rcode

if TYPE_CHECKING:
    import h2.connection

    from dnsdoctor.lab.internet import DemoInternet
    from dnsdoctor.lab.resolver import CachingResolver

DohMode = Literal["answer", "silent", "close", "trickle", "http500", "garbage", "html", "oversize"]
AnswerFn = Callable[[dns.message.Message], Awaitable[dns.message.Message]]

_CERTS = resources.files("dnsdoctor.lab") / "certs"
LAB_CA = str(Path(str(_CERTS / "ca.pem")))
"""Path of the lab CA certificate (what ``--doh-ca`` points at in the demo and the tests)."""
LAB_CERT = str(Path(str(_CERTS / "server.pem")))
LAB_KEY = str(Path(str(_CERTS / "server-key.pem")))
LAB_HOSTS = ("dns.alidns.com", "doh.pub", "cloudflare-dns.com", "dns.google", "doh.lab.test")
"""Host names the lab certificate is valid for."""
PUBLIC_DOH = (
    ("127.0.0.36", "dns.alidns.com"),
    ("127.0.0.37", "doh.pub"),
    ("127.0.0.38", "cloudflare-dns.com"),
    ("127.0.0.39", "dns.google"),
)
"""Where the demo world's stand-ins for the public DoH resolvers (AliDNS, DNSPod, Cloudflare,
Google: :data:`dnsdoctor.net.doh.DEFAULT_ENDPOINTS`) listen, and the host name each answers as.
The addresses are in :data:`dnsdoctor.lab.internet.EXTRA`, so the world's port is free on them."""
MAX_REQUEST = 16384
IDLE = 5.0
"""Seconds a kept-alive connection may sit idle before the server closes it."""


def lab_tls_context(http2: bool = False) -> ssl.SSLContext:
    """The server side of the lab's TLS: the fixture certificate; ALPN ``http/1.1`` (and ``h2``
    first when ``http2``)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(LAB_CERT, LAB_KEY)
    context.set_alpn_protocols(["h2", "http/1.1"] if http2 else ["http/1.1"])
    return context


def resolver_answer(resolver: CachingResolver) -> AnswerFn:
    """An ``answer`` function that resolves through ``resolver`` (its cache, then iteration from
    its roots), like a public resolver behind DoH. The resolver need not listen on port 53."""
    import dns.rdatatype

    from dnsdoctor.lab.resolver import RESOLVE_BUDGET, Resolution

    async def answer(query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        response.flags &= ~dns.flags.AA
        response.flags |= dns.flags.RA
        if not query.question:
            response.set_rcode(dns.rcode.FORMERR)
            return response
        question = query.question[0]
        try:
            result = await asyncio.wait_for(
                resolver.lookup(question.name, question.rdtype), RESOLVE_BUDGET
            )
        except TimeoutError:
            result = Resolution(dns.rcode.SERVFAIL)
        resolver.fill(
            response, question.name, dns.rdatatype.RdataType.make(question.rdtype), result
        )
        response.set_rcode(dns.rcode.Rcode.make(result.rcode))
        return response

    return answer


class DohServer:
    """A World component: an RFC 8484 server on ``https://address:port/dns-query``."""

    def __init__(
        self,
        address: str,
        port: int,
        answer: AnswerFn,
        *,
        mode: DohMode = "answer",
        tls: ssl.SSLContext | None = None,
        path: str = "/dns-query",
        host: str = "doh.lab.test",
        trickle_interval: float = 0.3,
        http2: bool = False,
    ) -> None:
        self.address = address
        self.port = port
        self.answer = answer
        self.mode: DohMode = mode
        self.http2 = http2
        self.tls = tls or lab_tls_context(http2)
        """Server TLS; ALPN decides between HTTP/1.1 and HTTP/2 (``http2``: offer ``h2``, as the
        public DoH resolvers do)."""
        self.path = path
        self.host = host
        """The host name clients use for it (:data:`LAB_HOSTS`); :meth:`cli_value`'s default."""
        self.trickle_interval = trickle_interval
        self.requests: list[tuple[str, str]] = []
        """(method, target) of every request received, oldest first."""
        self.protocols: list[str] = []
        """The HTTP version of every connection (``http/1.1`` or ``h2``), oldest first."""
        self.questions: list[dns.message.Message] = []
        """Every DNS query decoded from a request."""
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()

    def url(self, host: str | None = None) -> str:
        """The DoH URL for ``host`` (one of :data:`LAB_HOSTS`, or an address) on this port."""
        host = host or self.host
        netloc = f"[{host}]" if ":" in host else host
        return f"https://{netloc}:{self.port}{self.path}"

    def cli_value(self, host: str | None = None) -> str:
        """``--doh`` value that reaches this server as ``host``: ``URL@ADDR:PORT``."""
        host = host or self.host
        addr = f"[{self.address}]" if ":" in self.address else self.address
        netloc = f"[{host}]" if ":" in host else host
        return f"https://{netloc}{self.path}@{addr}:{self.port}"

    async def start(self) -> None:
        self._closing = asyncio.Event()
        self._server = await asyncio.start_server(
            self._serve, self.address, self.port, ssl=self.tls, ssl_handshake_timeout=5.0
        )

    async def stop(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        if self._tasks:
            # every handler watches _closing (a silent or trickling one too) and ends by itself
            _, late = await asyncio.wait(list(self._tasks), timeout=1.0)
            for task in late:
                task.cancel()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)
            self._server = None

    # ------------------------------------------------------------------ HTTP/1.1 and HTTP/2

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._writers.add(writer)
        try:
            tls = writer.get_extra_info("ssl_object")
            protocol = (tls.selected_alpn_protocol() if tls is not None else None) or "http/1.1"
            self.protocols.append(protocol)
            if protocol == "h2":
                await self._serve_h2(reader, writer)
                return
            while not self._closing.is_set():
                request = await self._read_request(reader)
                if request is None:
                    return
                method, target, headers, body = request
                keep = await self._respond(writer, method, target, headers, body)
                if not keep:
                    return
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except (ConnectionError, ssl.SSLError, OSError, asyncio.CancelledError):
            pass  # a client that went away, or the world stopping
        finally:
            self._writers.discard(writer)
            if task is not None:
                self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

    async def _read_request(
        self, reader: asyncio.StreamReader
    ) -> tuple[str, str, dict[str, str], bytes] | None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE)
        except asyncio.IncompleteReadError:
            return None
        if len(head) > MAX_REQUEST:
            return None
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split()
        if len(parts) != 3:
            return None
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        size = int(length) if length.isdigit() else 0
        if size > MAX_REQUEST:
            return None
        body = await asyncio.wait_for(reader.readexactly(size), IDLE) if size else b""
        return parts[0].upper(), parts[1], headers, body

    def _query(self, method: str, target: str, headers: dict[str, str], body: bytes) -> bytes:
        """The DNS query of a request (raises ValueError with the HTTP status to send)."""
        path, _, query = target.partition("?")
        if path != self.path:
            raise ValueError("404 Not Found")
        if method == "POST":
            if headers.get("content-type", "").split(";")[0].strip() != "application/dns-message":
                raise ValueError("415 Unsupported Media Type")
            return body
        if method == "GET":
            values = urllib.parse.parse_qs(query).get("dns")
            if not values:
                raise ValueError("400 Bad Request")
            text = values[0]
            try:
                return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            except (binascii.Error, ValueError):
                raise ValueError("400 Bad Request") from None
        raise ValueError("405 Method Not Allowed")

    async def _respond(
        self,
        writer: asyncio.StreamWriter,
        method: str,
        target: str,
        headers: dict[str, str],
        body: bytes,
    ) -> bool:
        """Answer one HTTP/1.1 request; whether the connection stays open for the next one."""
        reply = await self._reply(method, target, headers, body)
        if reply is None:
            return False
        keep = headers.get("connection", "").lower() != "close"
        status, ctype, payload = reply
        await self._send(writer, status, ctype, payload, keep)
        return keep

    async def _reply(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[str, str, bytes] | None:
        """(status, content type, body) for one request, or ``None``: hang up without an answer
        (after waiting for the world to stop, in ``silent`` mode)."""
        self.requests.append((method, target))
        mode = self.mode
        if mode == "silent":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), 30.0)
            return None
        if mode == "close":
            return None
        try:
            wire = self._query(method, target, headers, body)
            query = dns.message.from_wire(wire)
        except ValueError as exc:
            status = str(exc) if str(exc)[:3].isdigit() else "400 Bad Request"
            return status, "text/plain", status.encode() + b"\n"
        except dns.exception.DNSException:
            return "400 Bad Request", "text/plain", b"bad DNS query\n"
        self.questions.append(query)
        if mode == "http500":
            return "500 Internal Server Error", "text/plain", b"upstream failed\n"
        if mode == "html":
            page = b"<html><body><h1>Please log in to use this network</h1></body></html>\n"
            return "200 OK", "text/html; charset=utf-8", page
        if mode == "garbage":
            return "200 OK", "application/dns-message", random.Random(len(wire)).randbytes(40)
        if mode == "oversize":
            return "200 OK", "application/dns-message", bytes(70000)
        try:
            response = await self.answer(query)
            answer_wire = response.to_wire()
        except Exception:  # a broken answer function is a SERVFAIL, not a dead server
            failed = dns.message.make_response(query)
            failed.set_rcode(dns.rcode.SERVFAIL)
            answer_wire = failed.to_wire()
        return "200 OK", "application/dns-message", answer_wire

    async def _send(
        self, writer: asyncio.StreamWriter, status: str, ctype: str, body: bytes, keep: bool
    ) -> None:
        head = (
            f"HTTP/1.1 {status}\r\n"
            "Server: dnsdoctor-lab-doh\r\n"
            f"Content-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Cache-Control: max-age=0\r\n"
            f"Connection: {'keep-alive' if keep else 'close'}\r\n\r\n"
        ).encode("ascii")
        data = head + body
        if self.mode == "trickle":
            for i in range(len(data)):
                if self._closing.is_set():
                    return
                writer.write(data[i : i + 1])
                await writer.drain()
                await asyncio.sleep(self.trickle_interval)
            return
        writer.write(data)
        await writer.drain()

    async def _serve_h2(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/2 through the ``h2`` library (sans-IO: it frames, this moves bytes), one request at
        a time, which is all a DoH client sends here."""
        import h2.config
        import h2.connection
        import h2.events

        conn = h2.connection.H2Connection(
            h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        conn.initiate_connection()
        writer.write(conn.data_to_send())
        await writer.drain()
        heads: dict[int, dict[str, str]] = {}
        bodies: dict[int, bytearray] = {}
        while not self._closing.is_set():
            data = await asyncio.wait_for(reader.read(65536), IDLE)
            if not data:
                return
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.RequestReceived) and event.stream_id:
                    heads[event.stream_id] = {
                        str(k).lower(): str(v) for k, v in event.headers or ()
                    }
                    bodies[event.stream_id] = bytearray()
                elif isinstance(event, h2.events.DataReceived) and event.stream_id:
                    bodies.setdefault(event.stream_id, bytearray()).extend(event.data or b"")
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded) and event.stream_id in heads:
                    sid = event.stream_id
                    head = heads.pop(sid)
                    body = bytes(bodies.pop(sid, b""))
                    reply = await self._reply(
                        head.get(":method", "GET").upper(), head.get(":path", "/"), head, body
                    )
                    if reply is None:
                        return
                    await self._send_h2(conn, writer, sid, *reply)
                elif isinstance(event, h2.events.ConnectionTerminated):
                    return
            writer.write(conn.data_to_send())
            await writer.drain()

    async def _send_h2(
        self,
        conn: h2.connection.H2Connection,
        writer: asyncio.StreamWriter,
        stream_id: int,
        status: str,
        ctype: str,
        body: bytes,
    ) -> None:
        conn.send_headers(
            stream_id,
            [
                (":status", status.split()[0]),
                ("server", "dnsdoctor-lab-doh"),
                ("content-type", ctype),
                ("content-length", str(len(body))),
                ("cache-control", "max-age=0"),
            ],
        )
        writer.write(conn.data_to_send())
        await writer.drain()
        if self.mode == "trickle":
            for i in range(len(body)):
                if self._closing.is_set():
                    return
                conn.send_data(stream_id, body[i : i + 1])
                writer.write(conn.data_to_send())
                await writer.drain()
                await asyncio.sleep(self.trickle_interval)
            conn.end_stream(stream_id)
        else:
            # within the peer's flow-control window; a larger (oversize) body is cut short, and
            # its content-length already tells the client it is too large
            window = min(conn.local_flow_control_window(stream_id), len(body))
            size = conn.max_outbound_frame_size
            for i in range(0, window, size):
                conn.send_data(stream_id, body[i : min(i + size, window)])
            if window == len(body):
                conn.end_stream(stream_id)
        writer.write(conn.data_to_send())
        await writer.drain()


def add_public_doh(
    net: DemoInternet,
    *,
    mode: DohMode = "answer",
    resolver: CachingResolver | None = None,
    hosts: tuple[tuple[str, str], ...] = PUBLIC_DOH,
    http2: bool = True,
) -> list[DohServer]:
    """Add DoH resolvers to the demo world that see past whatever a scenario does to port 53:
    they resolve from the world's root through ``resolver`` (by default one private
    CachingResolver, shared by all, that listens on no port of its own). Each listens on its
    address of ``hosts`` at the world's port, offering HTTP/2 like the real ones. Pass
    :func:`doh_argv` of the result to ``check``."""
    from dnsdoctor.lab.internet import ROOT
    from dnsdoctor.lab.resolver import CachingResolver

    if resolver is None:
        resolver = CachingResolver(
            hosts[0][0], net.port, roots=[(ROOT, net.port)], upstream_port=net.port
        )
    servers = []
    for address, host in hosts:
        server = DohServer(
            address, net.port, resolver_answer(resolver), mode=mode, host=host, http2=http2
        )
        net.world.add(server)
        servers.append(server)
    return servers


def doh_argv(servers: list[DohServer]) -> list[str]:
    """``--doh URL@ADDR:PORT`` for each server (as its ``host``) and ``--doh-ca`` the lab CA."""
    argv: list[str] = []
    for server in servers:
        argv += ["--doh", server.cli_value(server.host)]
    return [*argv, "--doh-ca", LAB_CA]

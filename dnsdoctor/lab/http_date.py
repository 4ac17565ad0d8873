"""A fake HTTP server whose ``Date`` header runs ``offset`` seconds off: the far end of the clock
check's fallback (the Tencent Cloud API endpoint, or any ``--time-url``) in the demo world.

It answers every request with ``200`` (or misbehaves on purpose: ``silent`` accepts and never
answers, ``no_date`` omits the header, ``bad_date`` sends an unparsable one, ``redirect`` sends a
302 without Date to ``/moved``, which then answers normally; ``redirect_loop`` redirects every
request).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import ssl
import time
from typing import Literal

HttpMode = Literal["answer", "silent", "no_date", "bad_date", "redirect", "redirect_loop"]


class FakeHttpDateServer:
    """A World component: minimal HTTP/1.1 on ``address:port`` (TCP), one request per connection."""

    def __init__(
        self,
        address: str,
        port: int,
        offset: float = 0.0,
        mode: HttpMode = "answer",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.address = address
        self.tls = tls
        """Serve HTTPS with this server context instead of plain HTTP."""
        self.port = port
        self.offset = offset
        """Seconds added to the real time in the ``Date`` header."""
        self.mode: HttpMode = mode
        self.requests: list[str] = []
        """Request heads received (request line and headers), oldest first."""
        self._server: asyncio.Server | None = None
        self._idle: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}/"

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.address, self.port, ssl=self.tls
        )

    async def stop(self) -> None:
        for writer in list(self._idle):
            writer.close()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
            self._server = None

    def response(self, head: str) -> bytes | None:
        """The bytes to answer ``head`` with (``None``: stay silent)."""
        self.requests.append(head)
        mode = self.mode
        if mode == "silent":
            return None
        now = time.time() + self.offset
        first = head.split("\r\n", 1)[0].split()
        method = first[0] if first else "GET"
        path = first[1] if len(first) > 1 else "/"
        status = "200 OK"
        headers = []
        if (mode == "redirect" and path != "/moved") or mode == "redirect_loop":
            status = "302 Found"
            headers.append("Location: /moved")
        elif mode == "bad_date":
            headers.append("Date: yesterday at noon")
        elif mode != "no_date":
            headers.append(f"Date: {email.utils.formatdate(now, usegmt=True)}")
        body = json.dumps({"server": "dnsdoctor-lab", "unix_time": int(now)}).encode() + b"\n"
        headers += [
            "Server: dnsdoctor-lab",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
            "Connection: close",
        ]
        text = f"HTTP/1.1 {status}\r\n" + "".join(h + "\r\n" for h in headers) + "\r\n"
        return text.encode("ascii") + (b"" if method == "HEAD" else body)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._idle.add(writer)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5.0)
            answer = self.response(head.decode("latin-1"))
            if answer is None:
                # hold the connection open until the client gives up (or the world stops)
                await reader.read()
                return
            writer.write(answer)
            await writer.drain()
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            self._idle.discard(writer)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)

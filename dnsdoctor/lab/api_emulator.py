"""The HTTP side every cloud API emulator of the lab shares (loopback only).

An emulator (:mod:`dnsdoctor.lab.tencent_api`, :mod:`dnsdoctor.lab.alidns_api`) is a
:class:`~dnsdoctor.lab.world.Component`: an asyncio HTTP/1.1 server on a 127.0.0.x address with its
own clock (``clock_offset``) and injectable faults. This base reads one request per connection
(bounded head and body), hands it to :meth:`ApiEmulator.handle` and writes the answer with a
``Date`` from the emulator's clock: at once, one byte at a time (a trickle), or never (silence,
the connection is kept open). Each provider's module keeps only what is its own: the signature it
verifies, its keys and domains, its actions and its error envelope.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any, Generic, Protocol, TypeVar

MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    413: "Payload Too Large",
}
TRICKLE_INTERVAL = 0.5
"""Seconds between the bytes of a trickled answer: each read succeeds, the whole never ends."""


class Zone(Protocol):
    """What the base needs of an emulator's domain: its name and its records."""

    name: str
    records: list[Any]


class Key(Protocol):
    """What the base needs of an emulator's key: the id a request names it by."""

    @property
    def key_id(self) -> str: ...


KeyT = TypeVar("KeyT", bound=Key)
DomainT = TypeVar("DomainT", bound=Zone)
SeenT = TypeVar("SeenT")
RecordT = TypeVar("RecordT")
OnChange = Callable[[str, list[Any]], None]
"""Called with a zone's name and all its records after every change (the world's DNS serves them)."""


@dataclass
class Fault:
    """An injected failure for the next ``times`` matching requests (``-1``: for ever); the kinds
    an emulator knows are listed on its own ``Fault``."""

    kind: str
    action: str | None = None
    """Only requests for this action; ``None``: any."""
    times: int = 1
    status: int = 502
    """The HTTP status of an ``http_error``."""


@dataclass(frozen=True)
class Answer:
    """What :meth:`ApiEmulator.handle` answers to one request."""

    status: int
    body: bytes
    content_type: str
    delivery: str = ""
    """``""``: at once; ``"trickle"``: one byte every :data:`TRICKLE_INTERVAL`; ``"silence"``:
    never (the connection stays open until the client gives up)."""


class ApiEmulator(Generic[KeyT, DomainT, SeenT, RecordT]):
    """The server and the emulated account state: configure ``keys``, ``domains`` and faults, then
    ``await start()`` (or add it to a World). A subclass sets :attr:`HOST`, the first ids, and
    implements :meth:`handle`; ``seen`` is its log of requests (never a secret)."""

    HOST = "127.0.0.50"
    FIRST_RECORD_ID = 1
    FIRST_DOMAIN_ID = 1

    def __init__(
        self,
        host: str | None = None,
        port: int = 0,
        *,
        clock_offset: float = 0.0,
        on_change: OnChange | None = None,
    ) -> None:
        self.host = self.HOST if host is None else host
        self.port = port
        self.clock_offset = clock_offset
        self.on_change = on_change
        self.keys: dict[str, KeyT] = {}
        self.domains: dict[str, DomainT] = {}
        self.faults: list[Fault] = []
        self.seen: list[SeenT] = []
        self.nonces: set[str] = set()
        """Nonces already accepted, for a signature scheme that refuses a replay."""
        self._next_record_id = self.FIRST_RECORD_ID
        self._next_domain_id = self.FIRST_DOMAIN_ID
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def now(self) -> float:
        return time.time() + self.clock_offset

    def inject(self, fault: Fault) -> None:
        self.faults.append(fault)

    def changed(self, zone: str, records: list[Any]) -> None:
        if self.on_change is not None:
            self.on_change(zone, list(records))

    def add_key(self, key: KeyT) -> KeyT:
        """Accept requests signed with ``key`` (under its id)."""
        self.keys[key.key_id] = key
        return key

    def new_domain_id(self) -> int:
        """The next domain id (ids are never given twice)."""
        self._next_domain_id += 1
        return self._next_domain_id - 1

    def new_record_id(self) -> int:
        """The next record id (ids are never given twice)."""
        self._next_record_id += 1
        return self._next_record_id - 1

    def add_record(
        self, zone: str, name: str, type: str, value: str, *, ttl: int = 600, age: float = 0.0
    ) -> RecordT:
        """Put a record into a zone directly (a leftover from an earlier order, say), last changed
        ``age`` seconds ago."""
        domain = self.domains[zone]
        record = self._new_record(name, type, value, ttl, age)
        self.publish_add(domain, record)
        return record

    def _new_record(self, name: str, type: str, value: str, ttl: int, age: float = 0.0) -> RecordT:
        """A record of the provider's shape with a new id, last changed ``age`` seconds ago."""
        raise NotImplementedError

    def hold(self, domain: DomainT) -> DomainT:
        """Add ``domain`` to the account state (under its name)."""
        self.domains[domain.name] = domain
        return domain

    def publish_add(self, domain: DomainT, record: RecordT) -> None:
        """Add ``record`` to ``domain`` and tell :attr:`on_change`."""
        domain.records.append(record)
        self.changed(domain.name, domain.records)

    def publish_remove(self, domain: DomainT, record: RecordT) -> None:
        """Remove ``record`` from ``domain`` and tell :attr:`on_change`."""
        domain.records.remove(record)
        self.changed(domain.name, domain.records)

    def take_fault(self, action: str) -> Fault | None:
        """The first fault that matches ``action`` and has times left (one time is used up)."""
        for fault in self.faults:
            if fault.action in (None, action) and fault.times != 0:
                if fault.times > 0:
                    fault.times -= 1
                return fault
        return None

    def handle(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Answer:
        """Answer one request; ``headers`` maps lower-case names to values."""
        raise NotImplementedError

    # -- component ------------------------------------------------------------------------------

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2.0)
            self._server = None

    # -- HTTP -----------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._one(reader, writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            if task is not None:
                self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if len(head) > MAX_HEAD:
            return
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, _version = lines[0].split(" ", 2)
        except ValueError:
            await self._send(writer, Answer(400, b"bad request", "text/plain"))
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or "0")
        if length > MAX_BODY:
            await self._send(writer, Answer(413, b"too large", "text/plain"))
            return
        body = await reader.readexactly(length) if length else b""
        path, _, query = target.partition("?")
        answer = self.handle(method, path, query, headers, body)
        if answer.delivery == "silence":
            await asyncio.Event().wait()
            return
        await self._send(writer, answer)

    async def _send(self, writer: asyncio.StreamWriter, answer: Answer) -> None:
        head = (
            f"HTTP/1.1 {answer.status} {_REASONS.get(answer.status, 'Error')}\r\n"
            f"Content-Type: {answer.content_type}\r\n"
            f"Content-Length: {len(answer.body)}\r\n"
            f"Date: {formatdate(self.now(), usegmt=True)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode("latin-1")
        data = head + answer.body
        if answer.delivery == "trickle":
            for i in range(len(data)):
                writer.write(data[i : i + 1])
                with contextlib.suppress(ConnectionError):
                    await writer.drain()
                await asyncio.sleep(TRICKLE_INTERVAL)
            return
        writer.write(data)
        with contextlib.suppress(ConnectionError):
            await writer.drain()


def as_int(value: object, default: int) -> int:
    """A request parameter as an int (a JSON number or a decimal string); ``default`` otherwise."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return default

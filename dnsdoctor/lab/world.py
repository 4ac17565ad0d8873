"""A simulated internet on loopback, run in-process for ``dnsdoctor demo`` and for the tests.

The world runs its servers on its own event loop in a background thread, so that the tool under test
talks to it over real sockets exactly as it would to servers on the internet. Every server binds a
127.0.0.x address; all of them share one unprivileged port (``--dns-port``), like real servers
sharing port 53. Nothing here touches any address outside 127.0.0.0/8.

Servers are *components*: anything with async ``start()`` and ``stop()``. The DNS, NTP, HTTP and
Tencent Cloud API emulators are components; scenarios assemble them.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Component(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def free_port(addresses: list[str], kinds: tuple[int, ...] = (socket.SOCK_DGRAM,)) -> int:
    """A port that is free on every one of ``addresses`` (for all socket kinds given)."""
    for _ in range(200):
        family = socket.AF_INET6 if ":" in addresses[0] else socket.AF_INET
        probe = socket.socket(family, socket.SOCK_DGRAM)
        probe.bind((addresses[0], 0))
        port: int = probe.getsockname()[1]
        probe.close()
        ok = True
        for addr in addresses:
            for kind in kinds:
                s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, kind)
                try:
                    s.bind((addr, port))
                except OSError:
                    ok = False
                finally:
                    s.close()
        if ok:
            return port
    raise RuntimeError("no free port on the loopback addresses")


def ipv6_loopback() -> bool:
    """Whether ::1 can be bound here (some containers have no IPv6 at all)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True


class World:
    """Owns the background loop and the components running on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="dnsdoctor-world", daemon=True)
        self.components: list[Component] = []
        self._started = False

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        """Run a coroutine on the world's loop from another thread and wait for it."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def run_sync(self, fn: Callable[[], T]) -> T:
        """Run a plain function on the world's loop (to change state the servers read)."""

        async def wrap() -> T:
            return fn()

        return self.call(wrap())

    def add(self, component: Component) -> None:
        self.components.append(component)
        if self._started:
            self.call(component.start())

    def start(self) -> World:
        if not self._started:
            self._thread.start()
            self._started = True
            for component in self.components:
                self.call(component.start())
        return self

    def stop(self) -> None:
        if not self._started:
            return
        for component in reversed(self.components):
            with contextlib.suppress(Exception):
                self.call(component.stop(), timeout=5.0)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5.0)
        self.loop.close()
        self._started = False

    def __enter__(self) -> World:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def later(self, delay: float, fn: Callable[[], Awaitable[None] | None]) -> None:
        """Schedule a change of the world ``delay`` seconds from now (e.g. a lagging server)."""

        def fire() -> None:
            result = fn()
            if asyncio.iscoroutine(result):
                self.loop.create_task(result)

        self.loop.call_soon_threadsafe(self.loop.call_later, delay, fire)

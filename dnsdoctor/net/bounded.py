"""Blocking HTTP through ``requests`` (the Tencent Cloud SDK's transport), bounded as a whole.

``requests``' ``timeout`` is per socket operation: a server that sends one byte every second never
trips it, so a call could last forever. Here:

- the request runs in a **daemon** thread (:func:`in_daemon_thread`): a ``ThreadPoolExecutor``'s
  threads, ``asyncio.to_thread``'s included, are joined when the event loop closes and again at
  interpreter exit, so one abandoned request would keep the whole process alive;
- every socket the request opens is registered with its :class:`BoundedCall`, which shuts them
  down at the call's deadline (from the awaiting side, and from a timer of its own in case nobody
  awaits any more): a blocked read wakes up and the thread ends;
- the answer is read in chunks and refused beyond ``max_bytes``;
- redirects are never followed: the SDK's requests are signed and may carry ``X-TC-Token``, and
  ``requests`` keeps the ``X-TC-*`` headers on a redirect to another host.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")

MAX_RESPONSE_BYTES = 8 * 1024 * 1024
"""DescribeDomainList and DescribeRecordList answer at most 3000 items of a few hundred bytes."""

_current = threading.local()


class ResponseTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer is larger than {limit // (1024 * 1024)} MiB")


class BoundedCall:
    """The sockets of one request, so that its deadline can end it from another thread."""

    def __init__(self, max_bytes: int = MAX_RESPONSE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.too_large = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._aborted = False

    @property
    def aborted(self) -> bool:
        return self._aborted

    def adopt(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            aborted = self._aborted
        if aborted:
            _shut(sock)

    def abort(self) -> None:
        """End the request: every read or write it is blocked in fails at once."""
        with self._lock:
            self._aborted = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def run(self, fn: Callable[[], T], budget: float) -> T:
        """``fn()`` in this thread with this call's sockets watched; aborted after ``budget``
        (and a little: the awaiting side normally aborts first and reports the time-out)."""
        timer = threading.Timer(max(0.0, budget) + 0.1, self.abort)
        timer.daemon = True
        timer.start()
        _current.call = self
        try:
            return fn()
        finally:
            _current.call = None
            timer.cancel()


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for an SSLSocket (whose own shutdown() drops its SSL
    # object, which the thread blocked in a read may be using). A socket detached by the TLS wrap
    # has no descriptor any more: EBADF is fine, its wrapper is registered too.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _adopt(sock: Any) -> None:
    call = getattr(_current, "call", None)
    if call is not None and isinstance(sock, socket.socket):
        call.adopt(sock)


async def in_daemon_thread(fn: Callable[[], T], timeout: float) -> T:
    """``await`` the result of ``fn()`` run in a new daemon thread, for at most ``timeout``
    seconds (``TimeoutError``). The thread is never joined: not when the loop closes, nor at
    interpreter exit."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(ok: bool, value: Any) -> None:
        if future.done():
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def work() -> None:
        try:
            outcome: tuple[bool, Any] = (True, fn())
        except BaseException as exc:  # handed to the awaiting side, whatever it is
            outcome = (False, exc)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(deliver, *outcome)

    threading.Thread(target=work, name="dnsdoctor-api-call", daemon=True).start()
    return await asyncio.wait_for(future, max(0.0, timeout))


@cache
def _classes() -> tuple[type[Any], type[Any]]:
    """The ``requests`` session and adapter classes (imported on first use: ``requests`` takes
    tens of milliseconds to import, and most commands never need it)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.poolmanager import ProxyManager

    class WatchedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            _adopt(sock)
            return sock

        def connect(self) -> None:
            super().connect()
            _adopt(self.sock)

    class WatchedHTTPSConnection(WatchedHTTPConnection, HTTPSConnection):
        """The same watch: ``connect`` is HTTPSConnection's here, so the socket adopted after it
        is the TLS wrapper (the plain socket was detached into it)."""

    class WatchedHTTPConnectionPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    pools = {"http": WatchedHTTPConnectionPool, "https": WatchedHTTPSConnectionPool}

    class BoundedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = dict(pools)

        def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            if type(manager) is ProxyManager:  # not a SOCKS manager, whose pools differ
                manager.pool_classes_by_scheme = dict(pools)
            return manager

        def send(
            self,
            request: requests.PreparedRequest,
            stream: bool = False,
            timeout: float | tuple[float | None, float | None] | None = None,
            verify: bool | str = True,
            cert: str | tuple[str, str] | None = None,
            proxies: dict[str, str] | None = None,
        ) -> requests.Response:
            response = super().send(
                request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
            call = getattr(_current, "call", None)
            limit = call.max_bytes if call is not None else MAX_RESPONSE_BYTES
            body = bytearray()
            try:
                for chunk in response.raw.stream(64 * 1024, decode_content=True):
                    body += chunk
                    if len(body) > limit:
                        if call is not None:
                            call.too_large = True
                        raise ResponseTooLarge(limit)
            finally:
                response.close()
            response._content = bytes(body)
            response._content_consumed = True
            return response

    class BoundedSession(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            adapter = BoundedAdapter(max_retries=0)
            self.mount("http://", adapter)
            self.mount("https://", adapter)

        def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
            kwargs["allow_redirects"] = False
            return super().request(method, url, *args, **kwargs)

    return BoundedSession, BoundedAdapter


def session(trust_env: bool = True) -> Any:
    """A ``requests.Session`` whose requests are watched by the current :class:`BoundedCall`,
    capped in size, and never redirected."""
    session_class, _ = _classes()
    sess = session_class()
    sess.trust_env = trust_env
    return sess

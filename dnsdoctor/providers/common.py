"""What every provider adapter needs, whatever its SDK: the endpoint rule, credential sendability,
the bounded retry, and reading fields out of an answer.

- :func:`parse_endpoint`: an endpoint override (a lab emulator) is a base URL; plain ``http://`` is
  accepted only for a loopback address, because elsewhere it would carry the signed request and a
  session token in clear.
- :func:`unsendable`: why a key id, secret or token cannot be handed to an HTTP client at all (a
  header cannot hold a line break or a non-Latin-1 character; a secret from an undecodable
  environment value is not text). The adapter refuses such a credential before any network use.
  :func:`refuse_before_sending` raises it, and refuses any endpoint off loopback in
  loopback-only mode (:mod:`dnsdoctor.net.guard`: the demo and the tests).
- :class:`Caller`: a call's attempts within the caller's deadline, each in a bounded daemon thread;
  only a read is repeated, only for what the provider calls retryable (a rate limit, a server
  error), with a bounded backoff.
- :func:`text`, :func:`integer`, :func:`texts`: fields of an answer, with control and bidi characters
  made visible (an answer is outside data).
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar
from urllib.parse import urlsplit

from dnsdoctor.net import bounded, guard
from dnsdoctor.outside import visible
from dnsdoctor.providers.base import ProviderError, Unsendable

T = TypeVar("T")
DEADLINE_MARGIN = 0.25
"""A call given a deadline ends this much (seconds) before it: the caller, a check whose own
budget ends at that deadline, needs a moment to report the time-out as a finding."""


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str
    """``host[:port]``: what the SDK signs as ``Host``."""
    loopback: bool

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}"


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def endpoint_problem(flag: str, value: str, label: str) -> tuple[str, str] | None:
    """The check of a ``--<provider>-endpoint URL`` option (a :attr:`CliOption.check
    <dnsdoctor.providers.base.CliOption.check>`; ``label`` names the provider)."""
    try:
        parse_endpoint(value, label)
    except ValueError as exc:
        return f"{flag}: {exc}", f"{flag}: {exc}"
    return None


def parse_endpoint(url: str, label: str) -> Endpoint:
    """``http://127.0.0.1:PORT`` → scheme and host; raises ``ValueError`` with a plain message
    (``label`` names the provider), also for ``http://`` to anything but a loopback address."""
    text_ = url.strip()
    if "://" not in text_:
        text_ = "https://" + text_
    parts = urlsplit(text_)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"{label} endpoint must be http:// or https://, not {parts.scheme}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"{label} endpoint must be a base URL without a path")
    if parts.username or parts.password:
        raise ValueError(f"{label} endpoint must not contain user information")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError(f"{label} endpoint has an invalid port") from None
    host = parts.hostname
    if not host:
        raise ValueError(f"{label} endpoint has no host")
    loopback = is_loopback(host)
    if parts.scheme == "http" and not loopback:
        raise ValueError(
            f"{label} endpoint http://{parts.netloc} would carry signed requests and the token "
            "in clear; use https:// (http:// is accepted only for a loopback address)"
        )
    return Endpoint(parts.scheme, parts.netloc, loopback)


def header_problem(value: str) -> str | None:
    """Why an HTTP client cannot send ``value`` in a header, if it cannot (a key of
    :data:`~dnsdoctor.providers.base.UNSENDABLE`)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return "not-latin1"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "control"
    if value[:1].isspace():
        return "leading-space"
    return None


def not_text(value: str) -> bool:
    """The value holds lone surrogates (an environment value that was not valid UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unsendable(label: str, value: str, *, in_header: bool) -> Unsendable | None:
    """Why the part ``label`` cannot be sent (``str()``: ``"the AccessKey ID starts with
    whitespace, so it cannot be sent"``), or ``None``.

    ``in_header``: the value travels in a header (a key id, a token); a secret only feeds the HMAC,
    so for it only undecodable bytes matter."""
    if not value:
        return None
    if not_text(value):
        return Unsendable(label, "not-text")
    problem = header_problem(value) if in_header else None
    if problem:
        return Unsendable(label, problem)
    return None


def refuse_before_sending(
    error: type[ProviderError],
    fields: Iterable[tuple[str, str, bool]],
    *,
    action: str,
    endpoint: str,
    loopback: bool,
    required: Iterable[str] = (),
) -> None:
    """Raise ``error`` (``dnsdoctor.UnsendableCredential``, carrying the :class:`Unsendable`) for
    the first credential field that cannot be sent (``fields``: label, value, travels in a header)
    or is empty although ``required``; raise ``dnsdoctor.OffLoopback`` for an endpoint off
    loopback in loopback-only mode. Nothing has been sent when this raises."""
    must = set(required)
    for label, value, in_header in fields:
        problem = unsendable(label, value, in_header=in_header)
        if problem is None and label in must and not value.strip():
            problem = Unsendable(label, "empty")
        if problem:
            raise error(
                "dnsdoctor.UnsendableCredential",
                str(problem),
                action=action,
                endpoint=endpoint,
                unsendable=problem,
            )
    if guard.loopback_only() and not loopback:
        raise error(
            "dnsdoctor.OffLoopback",
            f"{endpoint} is outside loopback ({guard.ENV}=1)",
            action=action,
            endpoint=endpoint,
        )


def default_backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): 0.25, 0.5, 1, 2, 2, …"""
    return min(2.0, 0.25 * float(2 ** (attempt - 1)))


@dataclass(frozen=True)
class Caller:
    """How an adapter makes its calls: credentials checked and the loopback rule applied before
    anything is sent (:func:`refuse_before_sending`); each attempt in a daemon thread bounded by
    its budget (:meth:`in_thread`), at most ``timeout`` seconds and ending
    :data:`DEADLINE_MARGIN` before the caller's deadline; a read repeated up to ``max_attempts``
    times when the provider calls the error ``retryable``, a write (``write_actions``) never
    (it may have taken effect although its answer was lost). Every failure is an ``error``."""

    error: type[ProviderError]
    retryable: Callable[[ProviderError], bool]
    write_actions: frozenset[str]
    timeout: float = 5.0
    max_attempts: int = 3
    backoff: Callable[[int], float] = default_backoff
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError("timeout must be positive")
        object.__setattr__(self, "max_attempts", max(1, self.max_attempts))

    async def call(
        self,
        once: Callable[[float], Awaitable[T]],
        *,
        action: str,
        endpoint: str,
        loopback: bool,
        credentials: Iterable[tuple[str, str, bool]],
        required: Iterable[str] = (),
        deadline: float | None,
    ) -> T:
        """``await once(budget)`` until it answers, fails for good, or time is up; the error
        raised carries how many ``attempts`` were made (``dnsdoctor.Timeout`` when no time was
        left for one)."""
        refuse_before_sending(
            self.error,
            credentials,
            action=action,
            endpoint=endpoint,
            loopback=loopback,
            required=required,
        )
        attempts = 1 if action in self.write_actions else self.max_attempts
        attempt = 0
        while True:
            attempt += 1
            budget = self.timeout
            if deadline is not None:
                budget = min(budget, deadline - DEADLINE_MARGIN - time.monotonic())
            if budget <= 0:
                raise self.error(
                    "dnsdoctor.Timeout",
                    "no time left in the run's budget",
                    action=action,
                    endpoint=endpoint,
                    attempts=attempt - 1,
                )
            try:
                return await once(budget)
            except ProviderError as err:
                err.attempts = attempt
                if attempt >= attempts or not self.retryable(err):
                    raise
                pause = self.backoff(attempt)
                if deadline is not None and time.monotonic() + pause >= deadline:
                    raise
            await self.sleep(pause)

    async def in_thread(
        self,
        blocking: Callable[[bounded.BoundedCall], T],
        budget: float,
        *,
        action: str,
        endpoint: str,
    ) -> T:
        """``blocking(call)`` (one request through the SDK) in a daemon thread whose sockets
        ``call`` watches; whatever it raised or returned, an exchange cut off at ``budget`` is a
        ``dnsdoctor.Timeout``."""
        call = bounded.BoundedCall()

        def run() -> T:
            return call.run(lambda: blocking(call), budget)

        def timed_out() -> ProviderError:
            return self.error(
                "dnsdoctor.Timeout",
                f"no complete answer within {budget:.1f} s",
                action=action,
                endpoint=endpoint,
            )

        try:
            result = await bounded.in_daemon_thread(run, budget)
        except TimeoutError:
            call.abort()
            raise timed_out() from None
        except ProviderError as err:
            if call.aborted:  # whatever the cut-off answer looked like
                raise timed_out() from None
            err.action, err.endpoint = action, endpoint
            raise
        if call.aborted:
            raise timed_out()
        return result


def http_date(value: object) -> float | None:
    """An HTTP ``Date`` header as Unix seconds."""
    if not isinstance(value, str):
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def text(value: object) -> str:
    """A string field of an answer; a control or bidi character in it comes back visible."""
    return visible(value if isinstance(value, str) else "" if value is None else str(value))


def integer(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(visible(v) for v in value if isinstance(v, str))

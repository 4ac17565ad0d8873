"""What every provider adapter needs, whatever its SDK: the endpoint rule, credential sendability,
and reading fields out of an answer.

- :func:`parse_endpoint`: an endpoint override (a lab emulator) is a base URL; plain ``http://`` is
  accepted only for a loopback address, because elsewhere it would carry the signed request and a
  session token in clear.
- :func:`unsendable`: why a key id, secret or token cannot be handed to an HTTP client at all (a
  header cannot hold a line break or a non-Latin-1 character; a secret from an undecodable
  environment value is not text). The adapter refuses such a credential before any network use.
- :func:`text`, :func:`integer`, :func:`texts`: fields of an answer, with control and bidi characters
  made visible (an answer is outside data).

``dnsdoctor.net.tencent`` has its own copies of these from before the provider interface existed;
they say the same thing.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from dnsdoctor.outside import visible


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
    """Why an HTTP client cannot send ``value`` in a header, if it cannot."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return "contains a character outside Latin-1"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "contains a control character (such as a line break or tab)"
    if value[:1].isspace():
        return "starts with whitespace"
    return None


def not_text(value: str) -> bool:
    """The value holds lone surrogates (an environment value that was not valid UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unsendable(label: str, value: str, *, in_header: bool) -> str | None:
    """``"the AccessKey ID starts with whitespace, so it cannot be sent"``, or ``None``.

    ``in_header``: the value travels in a header (a key id, a token); a secret only feeds the HMAC,
    so for it only undecodable bytes matter."""
    if not value:
        return None
    if not_text(value):
        return f"the {label} contains bytes that are not valid text (an undecodable environment value), so it cannot be sent"
    problem = header_problem(value) if in_header else None
    if problem:
        return f"the {label} {problem}, so it cannot be sent"
    return None


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

"""The one error type of the transports (:mod:`dnsdoctor.net.http`, :mod:`dnsdoctor.net.ntp`).

Each transport names its own subclasses (``HttpTimeout``, ``NtpKissOfDeath``…); what the checks
read is the same everywhere: ``kind``, a stable word (``timeout``, ``unreachable``, ``resolve``,
``bad-input``, …), and a message whose control and bidi characters are visible, because it may
quote the peer (a header, a redirect target). The kinds every transport has are declared here
once (:class:`NetTimeout`…); a transport's class for one of them derives from both its own base
and the shared kind, so ``except NtpTimeout`` and ``except NetTimeout`` both catch it.
"""

from __future__ import annotations

from dnsdoctor.outside import visible


class NetError(Exception):
    """A request that gave no usable answer; ``where`` is the peer as the user named it."""

    kind = "error"

    def __init__(self, where: str, message: str) -> None:
        message = visible(message)
        super().__init__(message)
        self.where = where
        self.message = message


class NetTimeout(NetError):
    """No answer within the deadline."""

    kind = "timeout"


class NetUnreachable(NetError):
    """The network refused (no route, ICMP unreachable, connection refused)."""

    kind = "unreachable"


class NetResolveError(NetError):
    """A host name that gave no address to ask."""

    kind = "resolve"


class NetBadInput(NetError):
    """What was given cannot be asked at all (not a URL, not a server)."""

    kind = "bad-input"

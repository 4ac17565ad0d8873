"""Fake DNS error codes, in ONE table: each code's provider-neutral kind."""

from __future__ import annotations

from dnsdoctor.providers.base import ErrorKind, ProviderError

CODES: dict[str, tuple[ErrorKind, str]] = {
    "Auth.BadSignature": (ErrorKind.SIGNATURE, "the request signature does not verify"),
    "Auth.ClockSkew": (ErrorKind.CLOCK, "the request time is too far from ours"),
    "Auth.NoSuchKey": (ErrorKind.UNKNOWN_KEY, "no such key"),
    "Access.Denied": (ErrorKind.DENIED, "the key's policy does not allow this action"),
    "Zone.Missing": (ErrorKind.NO_ZONE, "no such zone in this account"),
    "Record.Missing": (ErrorKind.NO_RECORD, "no such record"),
    "Throttled": (ErrorKind.RATE_LIMIT, "slow down"),
    "Internal": (ErrorKind.SERVER, "internal error"),
}


def known(code: str) -> bool:
    return code in CODES


def classify(code: str, http_status: int | None = None) -> ErrorKind:
    row = CODES.get(code)
    if row is not None:
        return row[0]
    if (http_status or 0) >= 500:
        return ErrorKind.SERVER
    return ErrorKind.OTHER


class FakeDnsError(ProviderError):
    provider = "fakedns"

    @classmethod
    def classify(cls, code: str, http_status: int | None) -> ErrorKind:
        return classify(code, http_status)


def error(code: str, action: str) -> FakeDnsError:
    return FakeDnsError(code, CODES[code][1], request_id="fake-req-1", action=action)

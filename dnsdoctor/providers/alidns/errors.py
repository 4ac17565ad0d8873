"""Alibaba Cloud API error codes, in ONE table: what each means in provider-neutral terms
(:class:`~dnsdoctor.providers.base.ErrorKind`), and the HTTP status and message Alibaba answers with.

The emulator (:mod:`dnsdoctor.lab.alidns_api`) answers from this table, the adapter
(:mod:`.api`) classifies with it, and ``explain --log`` can read the same codes out of lego's and
acme.sh's logs. An error answer is HTTP 4xx/5xx with the JSON envelope
``{"RequestId", "HostId", "Code", "Message", "Recommend"}`` (plus ``AccessDeniedDetail`` for a RAM
denial), as the API gateway (``PopGw``) sends it.

Where each row comes from (messages and statuses as users pasted them):

- ``InvalidAccessKeyId.NotFound`` 404 "Specified access key is not found." (honwen/aliyun-ddns-cli
  #24, pragkent/alidns-webhook #5); bare ``InvalidAccessKeyId`` 404 "Specified access key is not
  found or invalid." (jeessy2/ddns-go #675, #207; Certimate #720 as lego prints it).
- ``SignatureDoesNotMatch`` 400 "Specified signature is not matched with our calculation. server
  string to sign is:…" (NewFuture/DDNS #57).
- ``InvalidTimeStamp.Expired`` 400 "Specified time stamp or date value is expired." — the request's
  time and Alibaba's differ by more than 15 minutes (Alibaba's answer on developer.aliyun.com
  ask/9487 and ask/128316; the V3 signature document: ``x-acs-date`` within 15 minutes).
- ``Forbidden.RAM`` 400 "User not authorized to operate on the specified resource, or this API
  doesn't support RAM." with ``AccessDeniedDetail`` (acme.sh #1898, jeessy2/ddns-go #1155).
- ``InvalidDomainName.NoExist`` 400 "The specified domain name does not exist. Refresh the page and
  try again." (acme.sh #4670, jeessy2/ddns-go #1433).
- ``DomainRecordNotBelongToUser`` 400 "The DNS record does not exist in your account."
  (aliyun/aliyun-openapi-python-sdk #407).
- ``Throttling.User`` "Request was denied due to user flow control." (gardener/external-dns-management
  #71, turbot/steampipe-plugin-alicloud #483).
- The others (``IncompleteSignature``, ``SignatureNonceUsed``, ``InvalidAccessKeyId.Inactive``,
  ``InvalidSecurityToken.*``, ``ServiceUnavailable``, ``InternalError``…) are Alibaba's common
  gateway errors; their messages are Alibaba's usual wording, their kinds follow from the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from dnsdoctor.providers.base import ErrorKind, ProviderError


@dataclass(frozen=True)
class Code:
    kind: ErrorKind
    status: int
    """The HTTP status Alibaba answers with."""
    message: str


CODES: dict[str, Code] = {
    # authentication: the key and its signature
    "InvalidAccessKeyId.NotFound": Code(
        ErrorKind.UNKNOWN_KEY, 404, "Specified access key is not found."
    ),
    "InvalidAccessKeyId": Code(
        ErrorKind.UNKNOWN_KEY, 404, "Specified access key is not found or invalid."
    ),
    "InvalidAccessKeyId.Inactive": Code(ErrorKind.AUTH, 400, "Specified access key is disabled."),
    "SignatureDoesNotMatch": Code(
        ErrorKind.SIGNATURE, 400, "Specified signature is not matched with our calculation."
    ),
    "IncompleteSignature": Code(
        ErrorKind.SIGNATURE, 400, "The request signature does not conform to Aliyun standards."
    ),
    "InvalidTimeStamp.Expired": Code(
        ErrorKind.CLOCK, 400, "Specified time stamp or date value is expired."
    ),
    "InvalidTimeStamp.Format": Code(
        ErrorKind.CLOCK, 400, "Specified time stamp or date value is not well formatted."
    ),
    "SignatureNonceUsed": Code(ErrorKind.AUTH, 400, "Specified signature nonce was used already."),
    # temporary (STS) keys
    "InvalidSecurityToken.Expired": Code(
        ErrorKind.TOKEN, 400, "Specified SecurityToken is expired."
    ),
    "InvalidSecurityToken.Malformed": Code(
        ErrorKind.TOKEN, 400, "Specified SecurityToken is malformed."
    ),
    "InvalidSecurityToken.MismatchWithAccessKey": Code(
        ErrorKind.TOKEN, 400, "Specified SecurityToken mismatch with the AccessKey."
    ),
    "MissingSecurityToken": Code(
        ErrorKind.TOKEN, 400, "SecurityToken is mandatory for this action."
    ),
    # authorisation (RAM)
    "Forbidden.RAM": Code(
        ErrorKind.DENIED,
        400,
        "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    ),
    "Forbidden.NoPermission": Code(
        ErrorKind.DENIED, 403, "You are not authorized to perform this operation."
    ),
    "NoPermission": Code(
        ErrorKind.DENIED, 403, "You are not authorized to perform this operation."
    ),
    "Forbidden": Code(
        ErrorKind.DENIED, 403, "User not authorized to operate on the specified resource."
    ),
    # the zone and its records
    "InvalidDomainName.NoExist": Code(
        ErrorKind.NO_ZONE,
        400,
        "The specified domain name does not exist. Refresh the page and try again.",
    ),
    "IncorrectDomainUser": Code(
        ErrorKind.NO_ZONE, 400, "The domain name does not belong to this account."
    ),
    "InvalidDomainName.Format": Code(
        ErrorKind.INVALID_ZONE, 400, "The format of the specified domain name is invalid."
    ),
    # A record id that is not in this account: reached by a delete of a record that went away,
    # and by the write probe (which means the RAM check passed). Not a zone problem.
    "DomainRecordNotBelongToUser": Code(
        ErrorKind.OTHER, 400, "The DNS record does not exist in your account."
    ),
    "DomainRecordDuplicate": Code(ErrorKind.OTHER, 400, "The DNS record already exists."),
    # rate limits and the provider's side
    "Throttling": Code(ErrorKind.RATE_LIMIT, 400, "Request was denied due to request throttling."),
    "Throttling.User": Code(
        ErrorKind.RATE_LIMIT, 400, "Request was denied due to user flow control."
    ),
    "Throttling.Api": Code(
        ErrorKind.RATE_LIMIT, 400, "Request was denied due to api flow control."
    ),
    "ServiceUnavailable": Code(
        ErrorKind.SERVER,
        503,
        "The request has failed due to a temporary failure of the server.",
    ),
    "InternalError": Code(
        ErrorKind.SERVER,
        500,
        "The request processing has failed due to some unknown error, exception or failure.",
    ),
    "UnknownError": Code(ErrorKind.SERVER, 500, "The server has met an unknown error."),
    # dnsdoctor's own codes (never sent by Alibaba)
    "dnsdoctor.Timeout": Code(ErrorKind.NETWORK, 0, "no complete answer in time"),
    "dnsdoctor.OffLoopback": Code(ErrorKind.NETWORK, 0, "the endpoint is outside loopback"),
    "dnsdoctor.NetworkError": Code(ErrorKind.NETWORK, 0, "the request could not be sent"),
    "dnsdoctor.HttpError": Code(ErrorKind.RESPONSE, 0, "an HTTP error without the API's envelope"),
    "dnsdoctor.InvalidResponse": Code(ErrorKind.RESPONSE, 0, "the answer is not the API's"),
    "dnsdoctor.Redirect": Code(ErrorKind.RESPONSE, 0, "a redirect, not followed"),
    "dnsdoctor.UnsendableCredential": Code(ErrorKind.LOCAL, 0, "the key cannot be sent"),
    "dnsdoctor.SdkUnavailable": Code(ErrorKind.LOCAL, 0, "the SDK cannot be imported"),
}

PREFIXES: tuple[tuple[str, ErrorKind], ...] = (
    ("InvalidAccessKeyId", ErrorKind.UNKNOWN_KEY),
    ("InvalidSecurityToken", ErrorKind.TOKEN),
    ("InvalidTimeStamp", ErrorKind.CLOCK),
    ("Forbidden", ErrorKind.DENIED),
    ("Throttling", ErrorKind.RATE_LIMIT),
    ("InvalidDomainName", ErrorKind.INVALID_ZONE),
)
"""Codes not in :data:`CODES` whose family says enough (``Throttling.Tenant``,
``Forbidden.SubUser``…)."""


def known(code: str) -> bool:
    """Whether ``code`` is one of Alibaba Cloud's (exactly, or by its family)."""
    return code in CODES or any(code == p or code.startswith(p + ".") for p, _ in PREFIXES)


def classify(code: str, http_status: int | None = None) -> ErrorKind:
    """The provider-neutral kind of an Alibaba error code."""
    known = CODES.get(code)
    if known is not None:
        if code == "dnsdoctor.HttpError" and (http_status or 0) >= 500:
            return ErrorKind.SERVER
        return known.kind
    for prefix, kind in PREFIXES:
        if code == prefix or code.startswith(prefix + "."):
            return kind
    if (http_status or 0) >= 500:
        return ErrorKind.SERVER
    return ErrorKind.OTHER


def retryable(err: ProviderError) -> bool:
    """A rate limit or a server-side failure: worth one more try, for a read."""
    return err.kind in (ErrorKind.RATE_LIMIT, ErrorKind.SERVER)


class AlidnsError(ProviderError):
    """A failed Alibaba Cloud call. ``str()`` and ``repr()`` never contain a secret; ``details``
    holds the envelope's ``HostId`` and ``Recommend``."""

    provider = "alidns"

    @classmethod
    def classify(cls, code: str, http_status: int | None) -> ErrorKind:
        return classify(code, http_status)

    @property
    def host_id(self) -> str:
        """Which gateway answered (``alidns.aliyuncs.com``)."""
        return self.details.get("HostId", "")

    @property
    def recommend(self) -> str:
        """Alibaba's troubleshooting link for this error."""
        return self.details.get("Recommend", "")

"""Tencent Cloud API error codes, in one table: what each means in provider-neutral terms.

The API adapter (:mod:`dnsdoctor.providers.tencentcloud.client`) classifies its errors with :func:`kind_of`; the
credential checks turn a kind into a CREDS_* finding; ``explain --log`` recognises the codes and
the messages the ACME clients print (:data:`LOG_MESSAGES`). Codes and messages are from
``/work/shared/TENCENT.md`` (the DNSPod 2021-03-23 and STS 2018-08-13 error code pages).
"""

from __future__ import annotations

from dnsdoctor.providers.base import ErrorKind

CODES: dict[str, ErrorKind] = {
    "AuthFailure.SignatureFailure": ErrorKind.SIGNATURE,
    "AuthFailure.SignatureExpire": ErrorKind.CLOCK,
    "AuthFailure.SecretIdNotFound": ErrorKind.UNKNOWN_KEY,
    "AuthFailure.InvalidSecretId": ErrorKind.INVALID_KEY,
    "AuthFailure.TokenFailure": ErrorKind.TOKEN,
    "AuthFailure.UnauthorizedOperation": ErrorKind.DENIED,
    "UnauthorizedOperation": ErrorKind.DENIED,
    "FailedOperation.NotDomainOwner": ErrorKind.DENIED,
    "FailedOperation.DomainOwnedByOtherUser": ErrorKind.DENIED,
    "InvalidParameterValue.DomainNotExists": ErrorKind.NO_ZONE,
    "ResourceNotFound.NoDataOfDomain": ErrorKind.NO_ZONE,
    "InvalidParameter.DomainInvalid": ErrorKind.INVALID_ZONE,
    "ClientNetworkError": ErrorKind.NETWORK,
    "dnsdoctor.Timeout": ErrorKind.NETWORK,
    "dnsdoctor.OffLoopback": ErrorKind.NETWORK,
    "ServerNetworkError": ErrorKind.SERVER,
    "InternalError": ErrorKind.SERVER,
    "dnsdoctor.InvalidResponse": ErrorKind.RESPONSE,
    "dnsdoctor.Redirect": ErrorKind.RESPONSE,
    "JSONDecodeError": ErrorKind.RESPONSE,
    "InvalidCredential": ErrorKind.LOCAL,
    "dnsdoctor.UnsendableCredential": ErrorKind.LOCAL,
}
"""Exact codes. Families are matched by prefix in :func:`kind_of`."""

_PREFIXES: tuple[tuple[str, ErrorKind], ...] = (
    ("OperationDenied", ErrorKind.DENIED),
    ("UnauthorizedOperation", ErrorKind.DENIED),
    ("AuthFailure", ErrorKind.AUTH),
    ("RequestLimitExceeded", ErrorKind.RATE_LIMIT),
)

LOG_MESSAGES: tuple[tuple[str, str], ...] = (
    ("请求签名验证失败", "AuthFailure.SignatureFailure"),
    ("The provided credentials could not be validated", "AuthFailure.SignatureFailure"),
    ("签名过期", "AuthFailure.SignatureExpire"),
    ("Signature expired", "AuthFailure.SignatureExpire"),
    ("SecretId不存在", "AuthFailure.SecretIdNotFound"),
    ("The SecretId is not found", "AuthFailure.SecretIdNotFound"),
    ("密钥非法", "AuthFailure.InvalidSecretId"),
    ("操作未授权", "AuthFailure.UnauthorizedOperation"),
    ("You are not authorized to perform this operation", "AuthFailure.UnauthorizedOperation"),
    ("Token verification failed", "AuthFailure.TokenFailure"),
)
"""A message an ACME client prints without its code (translated or shortened) → the code."""


def known(code: str) -> bool:
    """Whether ``code`` is one of Tencent Cloud's (exactly, or by its family)."""
    return code in CODES or any(code.startswith(prefix) for prefix, _ in _PREFIXES)


def kind_of(code: str, http_status: int | None = None) -> ErrorKind:
    """The meaning of one error code (an HTTP 5xx without a known code is the server's)."""
    if code in CODES:
        return CODES[code]
    for prefix, kind in _PREFIXES:
        if code.startswith(prefix):
            return kind
    if (http_status or 0) >= 500:
        return ErrorKind.SERVER
    return ErrorKind.OTHER

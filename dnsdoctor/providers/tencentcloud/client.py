"""A thin async adapter over tencentcloud-sdk-python-common for the few calls dnsdoctor makes.

What it does, and why (``/work/shared/TENCENT.md`` has the evidence):

- Every call goes through the SDK's real request path (TC3-HMAC-SHA256 signing, ``requests``), in a
  daemon thread, with English server messages. A deadline bounds the whole exchange, not each
  read (:mod:`dnsdoctor.net.bounded`: a server that trickles its answer is cut off, an answer over
  8 MiB is refused, an abandoned request never keeps the process alive), and it ends
  :data:`~dnsdoctor.providers.common.DEADLINE_MARGIN` before the caller's deadline, so that the
  caller still has time to turn the time-out into a finding.
- Redirects are never followed: the request is signed and may carry ``X-TC-Token``; the real API
  never redirects, so a 3xx is reported as an answer that is not the API's.
- No ``StandardRetryer`` (it repeats a request after success and raises the first error) and no
  ``DefaultCredentialProvider`` (a metadata URL without a timeout). Our own retry is bounded and
  only for rate limits and HTTP 5xx, and never for a write (``CreateRecord``, ``DeleteRecord``).
- The response envelope is parsed here, not by the SDK: the SDK only sees an error when the
  ``Content-Type`` is exactly ``application/json``; a proxy that adds ``; charset=utf-8`` would turn
  an error into an empty success.
- The SDK keeps the raw ``bytes`` body as the message of a non-200 answer; we decode and shorten it.
- Proxies: a loopback endpoint (labs, the demo world) never goes through a proxy, whatever
  ``HTTP(S)_PROXY``/``ALL_PROXY`` say (the SDK passes ``proxies=`` explicitly, so ``NO_PROXY`` does
  not help). A real endpoint honours the user's proxy settings as the SDK and ``requests`` read
  them.
- Like lego and acme.sh, the credential is sent exactly as given: the SDK's local refusal of a key
  with surrounding whitespace is bypassed so that the report can say what Tencent Cloud answers.
  A value that cannot be put into an HTTP header at all is refused here, before any network use.
- Every SDK exception becomes a :class:`TencentApiError` whose text passes through
  :func:`dnsdoctor.core.secrets.redact`.
- In loopback-only mode (:mod:`dnsdoctor.net.guard`: the demo and the tests) an endpoint outside
  loopback is refused before anything is sent. Plain ``http://`` is accepted only for a loopback
  address (a local emulator): elsewhere it would carry the signed request and the token in clear.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dnsdoctor.core import secrets
from dnsdoctor.net import bounded
from dnsdoctor.outside import from_wire
from dnsdoctor.providers import base, common
from dnsdoctor.providers.base import ErrorKind, ProviderError, clean_message
from dnsdoctor.providers.tencentcloud import errors

DNSPOD_VERSION = "2021-03-23"
STS_VERSION = "2018-08-13"
WRITE_ACTIONS = frozenset({"CreateRecord", "CreateTXTRecord", "DeleteRecord", "ModifyRecord"})
SITES = {"cn": "tencentcloudapi.com", "intl": "intl.tencentcloudapi.com"}
STS_REGION = {"cn": "ap-guangzhou", "intl": "ap-singapore"}
MAX_MESSAGE = base.MAX_MESSAGE
"""A server's message is cut to this many characters (after its secrets are redacted)."""

# The SDK formats whole requests (with X-TC-Token) into its debug log: keep it out of any handler
# an application might configure on the root logger.
_sdk_log = logging.getLogger("tencentcloud_sdk_common")
_sdk_log.propagate = False
_sdk_log.setLevel(logging.WARNING)

_CREDENTIAL_IN_HEADER = re.compile(r"Credential=[^,'\"\s]*")
_TOKEN_IN_HEADER = re.compile(r"(X-TC-Token['\"]?\s*[:=]\s*['\"]?)[^'\",\s]+", re.IGNORECASE)


@dataclass(frozen=True)
class ApiCredential:
    """What a call is signed with. ``repr`` shows masked values only."""

    secret_id: str
    secret_key: str
    token: str | None = None

    def __repr__(self) -> str:
        return (
            f"ApiCredential({secrets.mask_id(self.secret_id)}, {secrets.mask(self.secret_key)}, "
            f"token={'set' if self.token else 'none'})"
        )


@dataclass(frozen=True)
class CallerIdentity:
    arn: str
    account_id: str
    user_id: str
    principal_id: str
    type: str

    @property
    def is_root(self) -> bool:
        """The key belongs to the account itself (AccountId == UserId), not to a CAM user."""
        return bool(self.account_id) and self.account_id == self.user_id


@dataclass(frozen=True)
class DomainInfo:
    domain_id: int | None
    domain: str
    punycode: str
    status: str
    dns_status: str
    dnspod_ns: tuple[str, ...]
    actual_ns: tuple[str, ...]
    grade: str = ""
    owner: str = ""
    record_count: int | None = None


@dataclass(frozen=True)
class DomainSummary:
    domain_id: int | None
    name: str
    punycode: str
    status: str
    dns_status: str


@dataclass(frozen=True)
class RecordItem:
    record_id: int | None
    name: str
    type: str
    value: str
    line: str
    status: str
    ttl: int | None
    updated_on: str


class TencentApiError(ProviderError):
    """A failed call. ``str()`` never contains a secret; ``kind`` comes from :mod:`.errors`."""

    provider = "tencentcloud"
    HIDE = (
        (_CREDENTIAL_IN_HEADER, "Credential=<hidden>"),
        (_TOKEN_IN_HEADER, r"\1<hidden>"),
    )

    @classmethod
    def classify(cls, code: str, http_status: int | None) -> ErrorKind:
        return errors.kind_of(code, http_status)


def _clean_message(message: object) -> str:
    """A message as :class:`TencentApiError` keeps it (the SDK's quoted headers hidden)."""
    return clean_message(message, TencentApiError.HIDE)


def _retryable(err: ProviderError) -> bool:
    return err.code.startswith("RequestLimitExceeded") or (err.http_status or 0) >= 500


def parse_endpoint(url: str) -> common.Endpoint:
    """``--tencent-endpoint``: a base URL; ``http://`` only for a loopback address (elsewhere it
    would carry the signed request and ``X-TC-Token`` in clear). ``ValueError`` otherwise."""
    return common.parse_endpoint(url, "Tencent Cloud")


class TencentApi:
    """Async access to STS and DNSPod. One instance serves many credentials and calls."""

    def __init__(
        self,
        endpoint: str | None = None,
        site: str = "cn",
        timeout: float = 5.0,
        *,
        max_attempts: int = 3,
        backoff: Callable[[int], float] = common.default_backoff,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if site not in SITES:
            raise ValueError(f"Tencent Cloud site must be one of {', '.join(SITES)}, not {site!r}")
        self.site = site
        self.caller = common.Caller(
            TencentApiError, _retryable, WRITE_ACTIONS, timeout, max_attempts, backoff, sleep
        )
        self._endpoint = parse_endpoint(endpoint) if endpoint else None

    def describe_endpoint(self, service: str) -> str:
        """The URL a call to ``service`` goes to (for messages)."""
        if self._endpoint is not None:
            return f"{self._endpoint.scheme}://{self._endpoint.host}"
        return f"https://{service}.{SITES[self.site]}"

    # -- public calls ---------------------------------------------------------------------------

    async def get_caller_identity(
        self, cred: ApiCredential, *, deadline: float | None = None
    ) -> CallerIdentity:
        resp = await self._call("sts", "GetCallerIdentity", {}, cred, deadline)
        return CallerIdentity(
            arn=common.text(resp.get("Arn")),
            account_id=common.text(resp.get("AccountId")),
            user_id=common.text(resp.get("UserId")),
            principal_id=common.text(resp.get("PrincipalId")),
            type=common.text(resp.get("Type")),
        )

    async def describe_domain(
        self, cred: ApiCredential, zone: str, *, deadline: float | None = None
    ) -> DomainInfo:
        resp = await self._call("dnspod", "DescribeDomain", {"Domain": zone}, cred, deadline)
        info = resp.get("DomainInfo")
        if not isinstance(info, Mapping):
            raise self._bad("DescribeDomain", "dnspod", "the answer has no DomainInfo")
        return DomainInfo(
            domain_id=common.integer(info.get("DomainId")),
            domain=common.text(info.get("Domain")),
            punycode=common.text(info.get("Punycode")),
            status=common.text(info.get("Status")),
            dns_status=common.text(info.get("DnsStatus")),
            dnspod_ns=common.texts(info.get("DnspodNsList")),
            actual_ns=common.texts(info.get("ActualNsList")),
            grade=common.text(info.get("Grade")),
            owner=common.text(info.get("Owner")),
            record_count=common.integer(info.get("RecordCount")),
        )

    async def describe_domain_list(
        self,
        cred: ApiCredential,
        *,
        keyword: str | None = None,
        max_pages: int = 10,
        deadline: float | None = None,
    ) -> list[DomainSummary]:
        """Every domain of the account, as lego reads them (paged by ``AllTotal``)."""
        found: list[DomainSummary] = []
        limit = 3000
        for page in range(max_pages):
            params: dict[str, Any] = {"Type": "ALL", "Offset": page * limit, "Limit": limit}
            if keyword:
                params["Keyword"] = keyword
            resp = await self._call("dnspod", "DescribeDomainList", params, cred, deadline)
            items = self._list(resp, "DomainList", "DescribeDomainList")
            for item in items:
                if isinstance(item, Mapping):
                    found.append(
                        DomainSummary(
                            domain_id=common.integer(item.get("DomainId")),
                            name=common.text(item.get("Name")),
                            punycode=common.text(item.get("Punycode")),
                            status=common.text(item.get("Status")),
                            dns_status=common.text(item.get("DNSStatus")),
                        )
                    )
            counts = resp.get("DomainCountInfo")
            total = common.integer(counts.get("AllTotal")) if isinstance(counts, Mapping) else None
            if not items or total is None or len(found) >= total:
                break
        return found

    async def describe_record_list(
        self,
        cred: ApiCredential,
        zone: str,
        subdomain: str | None = None,
        record_type: str | None = None,
        error_on_empty: str = "no",
        *,
        deadline: float | None = None,
    ) -> list[RecordItem]:
        params: dict[str, Any] = {"Domain": zone, "ErrorOnEmpty": error_on_empty, "Limit": 3000}
        if subdomain is not None:
            params["Subdomain"] = subdomain
        if record_type is not None:
            params["RecordType"] = record_type
        resp = await self._call("dnspod", "DescribeRecordList", params, cred, deadline)
        items = self._list(resp, "RecordList", "DescribeRecordList")
        return [
            RecordItem(
                record_id=common.integer(r.get("RecordId")),
                name=common.text(r.get("Name")),
                type=common.text(r.get("Type")),
                value=common.text(r.get("Value")),
                line=common.text(r.get("Line")),
                status=common.text(r.get("Status")),
                ttl=common.integer(r.get("TTL")),
                updated_on=common.text(r.get("UpdatedOn")),
            )
            for r in items
            if isinstance(r, Mapping)
        ]

    async def create_record(
        self,
        cred: ApiCredential,
        zone: str,
        subdomain: str,
        record_type: str,
        value: str,
        *,
        ttl: int = 600,
        line: str = "默认",
        remark: str | None = None,
        deadline: float | None = None,
    ) -> int:
        params: dict[str, object] = {
            "Domain": zone,
            "SubDomain": subdomain,
            "RecordType": record_type,
            "RecordLine": line,
            "Value": value,
            "TTL": ttl,
        }
        if remark:
            params["Remark"] = remark
        resp = await self._call("dnspod", "CreateRecord", params, cred, deadline)
        record_id = common.integer(resp.get("RecordId"))
        if record_id is None:
            raise self._bad("CreateRecord", "dnspod", "the answer has no RecordId")
        return record_id

    async def delete_record(
        self, cred: ApiCredential, zone: str, record_id: int, *, deadline: float | None = None
    ) -> None:
        params = {"Domain": zone, "RecordId": record_id}
        await self._call("dnspod", "DeleteRecord", params, cred, deadline)

    # -- machinery ------------------------------------------------------------------------------

    def _bad(self, action: str, service: str, why: str) -> TencentApiError:
        return _invalid(why, action, self.describe_endpoint(service))

    def _list(self, resp: Mapping[str, Any], name: str, action: str) -> list[Any]:
        """DNSPod's list ``name`` in an answer (absent or null: empty)."""
        items = resp.get(name) or []
        if not isinstance(items, list):
            raise self._bad(action, "dnspod", f"{name} is not a list")
        return items

    async def _call(
        self,
        service: str,
        action: str,
        params: dict[str, Any],
        cred: ApiCredential,
        deadline: float | None,
    ) -> Mapping[str, Any]:
        endpoint = self.describe_endpoint(service)
        return await self.caller.call(
            lambda budget: self._once(service, action, params, cred, budget, endpoint),
            action=action,
            endpoint=endpoint,
            loopback=self._endpoint is not None and self._endpoint.loopback,
            credentials=(
                ("SecretId", cred.secret_id, True),
                ("token", cred.token or "", True),
                ("SecretKey", cred.secret_key, False),
            ),
            deadline=deadline,
        )

    async def _once(
        self,
        service: str,
        action: str,
        params: dict[str, Any],
        cred: ApiCredential,
        budget: float,
        endpoint: str,
    ) -> Mapping[str, Any]:
        body, server_date = await self.caller.in_thread(
            lambda call: self._blocking(service, action, params, cred, budget, call),
            budget,
            action=action,
            endpoint=endpoint,
        )
        return _envelope(body, action, endpoint, server_date)

    def _blocking(
        self,
        service: str,
        action: str,
        params: dict[str, Any],
        cred: ApiCredential,
        budget: float,
        call: bounded.BoundedCall | None = None,
    ) -> tuple[bytes, float | None]:
        """One request through the SDK; runs in a worker thread, its sockets watched by
        ``call``."""
        try:
            from tencentcloud.common import credential as tc_credential
            from tencentcloud.common.common_client import CommonClient
            from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
                TencentCloudSDKException,
            )
            from tencentcloud.common.profile.client_profile import ClientProfile
            from tencentcloud.common.profile.http_profile import HttpProfile
        except Exception as exc:  # a broken split-package install (TENCENT.md trap 6)
            raise TencentApiError(
                "dnsdoctor.SdkUnavailable",
                f"tencentcloud-sdk-python-common cannot be imported ({type(exc).__name__}); "
                "reinstall it: pip install --force-reinstall --no-deps "
                "tencentcloud-sdk-python-common",
            ) from None

        seen: dict[str, Any] = {}

        class Client(CommonClient):  # type: ignore[misc]
            def _check_status(self, resp: Any) -> None:
                seen["date"] = resp.headers.get("Date")
                seen["status"] = resp.status_code
                if 300 <= resp.status_code < 400:
                    where = resp.headers.get("Location") or "no Location"
                    raise TencentApiError(
                        "dnsdoctor.Redirect",
                        f"HTTP {resp.status_code} redirect to {where}; not followed, because the "
                        "request is signed and may carry the token",
                        http_status=resp.status_code,
                    )
                if resp.status_code != 200:
                    raise TencentCloudSDKException("ServerNetworkError", resp.content)

        if self._endpoint is not None:
            hp = HttpProfile(
                protocol=self._endpoint.scheme, endpoint=self._endpoint.host, reqTimeout=budget
            )
        else:
            hp = HttpProfile(rootDomain=SITES[self.site], reqTimeout=budget)
        profile = ClientProfile(httpProfile=hp, language="en-US")
        version = STS_VERSION if service == "sts" else DNSPOD_VERSION
        region = STS_REGION[self.site] if service == "sts" else ""
        # Build with placeholders and set the real values afterwards: the SDK refuses a key with
        # surrounding whitespace locally, while lego and acme.sh send it; we want the server's word.
        sdk_cred = tc_credential.Credential("placeholder", "placeholder", cred.token)
        sdk_cred.secret_id = cred.secret_id
        sdk_cred.secret_key = cred.secret_key
        try:
            client = Client(service, version, sdk_cred, region, profile)
            loopback = self._endpoint is not None and self._endpoint.loopback
            if loopback:
                # Trap 4: proxy variables would capture loopback traffic.
                client.request.conn.proxy = None
            client.request.conn._session = bounded.session(trust_env=not loopback)
            body = client.call(action, params)
        except TencentApiError:
            raise
        except TencentCloudSDKException as exc:
            if call is not None and call.too_large:
                raise TencentApiError(
                    "dnsdoctor.InvalidResponse",
                    str(bounded.ResponseTooLarge(call.max_bytes)),
                ) from None
            status = seen.get("status")
            raise TencentApiError(
                str(exc.code or "ClientError"),
                exc.message,
                exc.requestId,
                status if isinstance(status, int) and status != 200 else None,
                server_date=common.http_date(seen.get("date")),
            ) from None
        except Exception as exc:  # json errors inside the SDK, anything from requests
            raise TencentApiError(type(exc).__name__, str(exc)) from None
        if isinstance(body, str):
            body = body.encode("utf-8")
        return bytes(body), common.http_date(seen.get("date"))


def _invalid(
    why: str, action: str, endpoint: str, server_date: float | None = None
) -> TencentApiError:
    """An answer that is not what the API answers (``dnsdoctor.InvalidResponse``)."""
    return TencentApiError(
        "dnsdoctor.InvalidResponse", why, action=action, endpoint=endpoint, server_date=server_date
    )


def _envelope(
    body: bytes, action: str, endpoint: str, server_date: float | None
) -> Mapping[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        why = f"the answer is not JSON: {secrets.clip(from_wire(body), 80)}"
        raise _invalid(why, action, endpoint, server_date) from None
    resp = data.get("Response") if isinstance(data, dict) else None
    if not isinstance(resp, dict):
        raise _invalid("the answer has no Response object", action, endpoint, server_date)
    error = resp.get("Error")
    if isinstance(error, dict):
        # Reached when a proxy's Content-Type hid the error from the SDK (TENCENT.md trap 2).
        raise TencentApiError(
            common.text(error.get("Code")) or "dnsdoctor.InvalidResponse",
            common.text(error.get("Message")),
            common.text(resp.get("RequestId")) or None,
            action=action,
            endpoint=endpoint,
            server_date=server_date,
        )
    return resp

"""Alibaba Cloud DNS through the official SDK (``alibabacloud-alidns20150109``, STS through
``alibabacloud-sts20150401``), bounded the way :mod:`dnsdoctor.net.tencent` bounds Tencent's.

- The SDK builds and signs every request (ACS3-HMAC-SHA256, ``x-acs-date``, nonce, the
  ``x-acs-security-token`` of a temporary key): nothing here signs.
- Each call runs in a daemon thread under a :class:`~dnsdoctor.net.bounded.BoundedCall`: the whole
  exchange ends :data:`~dnsdoctor.providers.common.DEADLINE_MARGIN` before the caller's deadline
  (a trickling server is cut off), an answer over 8 MiB is refused. The SDK's transport (``darabonba``) takes its ``requests``
  session from ``DaraCore._get_session``; for the calls made here that hook hands it a fresh
  bounded session (other users of the SDK in the process are untouched), whose ``send`` never
  follows a redirect (the request is signed and may carry the token) and, for a loopback endpoint,
  never goes through ``HTTP(S)_PROXY`` (the SDK passes the proxy variables explicitly).
- No SDK retries (``retry_options`` unset: one attempt); our own retry is bounded and only for a
  rate limit or a server error on a read, never for ``AddDomainRecord``/``DeleteDomainRecord``.
- The answer is read here from the bytes that came back, not from the SDK's exception: a 5xx page
  that is not JSON, a 3xx, a 200 that is not JSON each become their own error.
- The SDK's debug log (``DEBUG=sdk``) prints whole requests with the token: its logger is muted.
- The credential is sent as given (like lego and acme.sh), so that the report can say what Alibaba
  answers; a value that cannot be put into a header at all is refused before any network use.
- In loopback-only mode (:mod:`dnsdoctor.net.guard`) a non-loopback endpoint is refused.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dnsdoctor.core import secrets
from dnsdoctor.net import bounded
from dnsdoctor.outside import from_wire
from dnsdoctor.providers import common
from dnsdoctor.providers.alidns.errors import AlidnsError, retryable
from dnsdoctor.providers.base import ApiKey, ErrorKind, Identity, Record, WriteProbe, Zone

if TYPE_CHECKING:
    from dnsdoctor.core.context import Options

ALIDNS_HOST = "alidns.aliyuncs.com"
STS_HOST = "sts.aliyuncs.com"
REGION = "cn-hangzhou"
WRITE_ACTIONS = frozenset({"AddDomainRecord", "DeleteDomainRecord"})
PAGE_SIZE = 500
MAX_PAGES = 20
PROBE_RECORD_ID = "0"
"""The record id of the write probe. Alibaba's record ids are positive numbers of 16–19 digits
issued by Alibaba; ``0`` is never one, so the probe cannot delete anything, whoever's it would be."""

_sdk_log = logging.getLogger("darabonba-core")
_sdk_log.propagate = False
_sdk_log.setLevel(logging.WARNING)

_local = threading.local()
_hook_lock = threading.Lock()
_hooked = False


def _install_session_hook() -> None:
    """Let the SDK's transport use the current thread's bounded session, if there is one."""
    global _hooked
    with _hook_lock:
        if _hooked:
            return
        from darabonba.core import DaraCore

        original = DaraCore._get_session

        def get_session(*args: Any, **kwargs: Any) -> Any:
            session = getattr(_local, "session", None)
            if session is not None:
                return session
            return original(*args, **kwargs)

        DaraCore._get_session = staticmethod(get_session)
        _hooked = True


def create_api(options: Options) -> AlidnsApi:
    """The adapter for ``--alidns-endpoint`` (``ValueError`` if the URL is unusable)."""
    return AlidnsApi(options.provider_option("alidns_endpoint"))


class AlidnsApi:
    """Async access to Alibaba Cloud DNS and STS (:class:`~dnsdoctor.providers.base.DnsApi`)."""

    def __init__(
        self,
        endpoint: str | None = None,
        *,
        sts_endpoint: str | None = None,
        timeout: float = 5.0,
        max_attempts: int = 3,
        backoff: Callable[[int], float] = common.default_backoff,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.caller = common.Caller(
            AlidnsError, retryable, WRITE_ACTIONS, timeout, max_attempts, backoff, sleep
        )
        label = "Alibaba Cloud DNS"
        self._endpoint = common.parse_endpoint(endpoint, label) if endpoint else None
        sts = sts_endpoint or endpoint
        self._sts = common.parse_endpoint(sts, "Alibaba Cloud STS") if sts else None

    def _where(self, service: str) -> common.Endpoint:
        ep = self._sts if service == "sts" else self._endpoint
        if ep is not None:
            return ep
        return common.Endpoint("https", STS_HOST if service == "sts" else ALIDNS_HOST, False)

    def describe_endpoint(self) -> str:
        return self._where("alidns").url

    # -- the calls ------------------------------------------------------------------------------

    async def whoami(self, key: ApiKey, *, deadline: float) -> Identity:
        def call(client: Any, runtime: Any, models: Any) -> Any:
            return client.get_caller_identity_with_options(runtime)

        body = await self._call("sts", "GetCallerIdentity", call, key, deadline)
        kind = common.text(body.get("IdentityType"))
        return Identity(
            account_id=common.text(body.get("AccountId")),
            principal_id=common.text(body.get("PrincipalId") or body.get("UserId")),
            principal_type=kind,
            arn=common.text(body.get("Arn")),
            is_root=kind == "Account",
            # acs:ram::<account>:user/<name>: the name aliyun ram AttachPolicyToUser wants
            principal_name=common.text(body.get("Arn")).partition(":user/")[2],
            facts=tuple(
                (name, common.text(body.get(name)))
                for name in ("Arn", "AccountId", "IdentityType", "PrincipalId", "UserId")
                if body.get(name) is not None
            ),
        )

    async def zone(self, key: ApiKey, name: str, *, deadline: float) -> Zone:
        def info(client: Any, runtime: Any, models: Any) -> Any:
            request = models.DescribeDomainInfoRequest(domain_name=name)
            return client.describe_domain_info_with_options(request, runtime)

        body = await self._call("alidns", "DescribeDomainInfo", info, key, deadline)
        expected = _nested(body.get("DnsServers"), "DnsServer")

        def ns(client: Any, runtime: Any, models: Any) -> Any:
            request = models.DescribeDomainNsRequest(domain_name=name)
            return client.describe_domain_ns_with_options(request, runtime)

        actual: tuple[str, ...] = ()
        delegated: bool | None = None
        reason = ""
        try:
            ns_body = await self._call("alidns", "DescribeDomainNs", ns, key, deadline)
        except AlidnsError as err:
            # A policy may allow the record actions and not this one: the zone is still found.
            if err.kind is not ErrorKind.DENIED:
                raise
        else:
            actual = _nested(ns_body.get("DnsServers"), "DnsServer")
            expected = _nested(ns_body.get("ExpectDnsServers"), "ExpectDnsServer") or expected
            all_ali = ns_body.get("AllAliDns")
            delegated = all_ali if isinstance(all_ali, bool) else None
            reason = common.text(ns_body.get("DetectFailedReasonCode"))
        return Zone(
            zone_id=common.text(body.get("DomainId")),
            name=common.text(body.get("DomainName")) or name,
            expected_ns=expected,
            actual_ns=actual,
            delegated=delegated,
            record_count=common.integer(body.get("RecordCount")),
            delegation_note=reason,
            facts=(
                ("DnsServers (DescribeDomainInfo)", ", ".join(expected) or "(empty)"),
                ("DnsServers (DescribeDomainNs)", ", ".join(actual) or "(not read)"),
                ("AllAliDns", "(not read)" if delegated is None else str(delegated).lower()),
            ),
        )

    async def zones(self, key: ApiKey, *, deadline: float) -> Sequence[Zone]:
        """Every domain of the account, paged as lego pages them (``PageNumber * PageSize >=
        TotalCount``)."""
        found: list[Zone] = []
        for page in range(1, MAX_PAGES + 1):

            def call(client: Any, runtime: Any, models: Any, page: int = page) -> Any:
                request = models.DescribeDomainsRequest(page_number=page, page_size=100)
                return client.describe_domains_with_options(request, runtime)

            body = await self._call("alidns", "DescribeDomains", call, key, deadline)
            items = _wrapped(body.get("Domains"), "Domain")
            for item in items:
                if isinstance(item, Mapping):
                    found.append(
                        Zone(
                            zone_id=common.text(item.get("DomainId")),
                            name=common.text(item.get("DomainName")),
                            expected_ns=_nested(item.get("DnsServers"), "DnsServer"),
                            record_count=common.integer(item.get("RecordCount")),
                        )
                    )
            total = common.integer(body.get("TotalCount"))
            if not items or total is None or len(found) >= total:
                break
        return found

    async def txt_records(
        self, key: ApiKey, zone: Zone, subdomain: str | None, *, deadline: float
    ) -> Sequence[Record]:
        """The TXT records named ``subdomain`` (``RRKeyWord`` is a substring search, as acme.sh
        sends it; the exact name is filtered here, as lego does); ``None``: every TXT record."""
        records: list[Record] = []
        for page in range(1, MAX_PAGES + 1):

            def call(client: Any, runtime: Any, models: Any, page: int = page) -> Any:
                request = models.DescribeDomainRecordsRequest(
                    domain_name=zone.name,
                    rrkey_word=subdomain or None,
                    type_key_word="TXT",
                    page_number=page,
                    page_size=PAGE_SIZE,
                )
                return client.describe_domain_records_with_options(request, runtime)

            body = await self._call("alidns", "DescribeDomainRecords", call, key, deadline)
            items = _wrapped(body.get("DomainRecords"), "Record")
            for item in items:
                if not isinstance(item, Mapping):
                    continue
                rr, rtype = common.text(item.get("RR")), common.text(item.get("Type"))
                wrong_name = subdomain is not None and rr.lower() != subdomain.lower()
                if wrong_name or rtype.upper() != "TXT":
                    continue
                stamp = common.integer(item.get("UpdateTimestamp"))
                status = common.text(item.get("Status"))
                records.append(
                    Record(
                        record_id=common.text(item.get("RecordId")),
                        name=rr,
                        type=rtype,
                        value=common.text(item.get("Value")),
                        ttl=common.integer(item.get("TTL")),
                        enabled=status.upper() != "DISABLE",
                        updated_at=stamp / 1000 if stamp is not None else None,
                        updated_text=_utc_text(stamp),
                        line=common.text(item.get("Line")),
                        status=status,
                    )
                )
            total = common.integer(body.get("TotalCount"))
            if not items or total is None or page * PAGE_SIZE >= total:
                break
        return records

    async def create_txt(
        self, key: ApiKey, zone: Zone, subdomain: str, value: str, ttl: int, *, deadline: float
    ) -> str:
        def call(client: Any, runtime: Any, models: Any) -> Any:
            request = models.AddDomainRecordRequest(
                domain_name=zone.name, rr=subdomain, type="TXT", value=value, ttl=ttl
            )
            return client.add_domain_record_with_options(request, runtime)

        body = await self._call("alidns", "AddDomainRecord", call, key, deadline)
        record_id = common.text(body.get("RecordId"))
        if not record_id:
            raise self._bad("AddDomainRecord", "alidns", "the answer has no RecordId")
        return record_id

    async def delete_record(
        self, key: ApiKey, zone: Zone, record_id: str, *, deadline: float
    ) -> None:
        def call(client: Any, runtime: Any, models: Any) -> Any:
            request = models.DeleteDomainRecordRequest(record_id=record_id)
            return client.delete_domain_record_with_options(request, runtime)

        try:
            await self._call("alidns", "DeleteDomainRecord", call, key, deadline)
        except AlidnsError as err:
            # no such record in this account (deleted already, or never one of its records)
            if err.code == "DomainRecordNotBelongToUser":
                err.kind = ErrorKind.NO_RECORD
            raise

    async def probe_write(self, key: ApiKey, zone: Zone, *, deadline: float) -> WriteProbe:
        """Whether the key may delete records, without touching one.

        ``DeleteDomainRecord`` is the action every ACME client calls at cleanup and RAM decides on
        the action before the record is looked up, so a delete of record id
        :data:`PROBE_RECORD_ID` (never an issued id) answers ``Forbidden.RAM`` (or another
        ``Forbidden*``/``NoPermission``) for a key that may not write, and
        ``DomainRecordNotBelongToUser`` (or a complaint about the id) for one that may. Rejected
        alternatives: ``UpdateDomainRecordRemark`` checks an action no ACME client needs, and a
        probe of ``AddDomainRecord`` cannot be made safe (a parameter check that comes before the
        RAM check would hide a denial, one that comes after would create a record). What this does
        not prove: that ``AddDomainRecord`` is allowed too (a policy could list one and not the
        other); preflight's real create/delete does."""
        probed = PROBE_RECORD_ID
        try:
            await self.delete_record(key, zone, probed, deadline=deadline)
        except AlidnsError as err:
            permitted = err.code == "DomainRecordNotBelongToUser" or err.code.startswith(
                ("InvalidRecordId", "InvalidParameter", "MissingRecordId")
            )
            return WriteProbe.of_delete(probed, err, permitted=permitted)
        return WriteProbe.of_delete(probed, None)

    # -- machinery ------------------------------------------------------------------------------

    def _bad(self, action: str, service: str, why: str) -> AlidnsError:
        return AlidnsError(
            "dnsdoctor.InvalidResponse", why, action=action, endpoint=self._where(service).url
        )

    async def _call(
        self,
        service: str,
        action: str,
        fn: Callable[[Any, Any, Any], Any],
        key: ApiKey,
        deadline: float | None,
    ) -> Mapping[str, Any]:
        where = self._where(service)
        endpoint = where.url
        for value in (key.key_id, key.secret, key.token):
            if value:
                secrets.register(value)
        return await self.caller.call(
            lambda budget: self._once(service, action, fn, key, budget, where),
            action=action,
            endpoint=endpoint,
            loopback=where.loopback,
            credentials=(
                ("AccessKey ID", key.key_id, True),
                ("security token", key.token or "", True),
                ("AccessKey Secret", key.secret, False),
            ),
            required=("AccessKey ID", "AccessKey Secret"),
            deadline=deadline,
        )

    async def _once(
        self,
        service: str,
        action: str,
        fn: Callable[[Any, Any, Any], Any],
        key: ApiKey,
        budget: float,
        where: common.Endpoint,
    ) -> Mapping[str, Any]:
        return await self.caller.in_thread(
            lambda call: self._blocking(service, fn, key, budget, where, call),
            budget,
            action=action,
            endpoint=where.url,
        )

    def _blocking(
        self,
        service: str,
        fn: Callable[[Any, Any, Any], Any],
        key: ApiKey,
        budget: float,
        where: common.Endpoint,
        call: bounded.BoundedCall,
    ) -> Mapping[str, Any]:
        """One request through the SDK, in a worker thread; the answer is judged from the bytes
        that came back (``seen``), whatever the SDK made of them."""
        try:
            from alibabacloud_alidns20150109 import models as dns_models
            from alibabacloud_alidns20150109.client import Client as DnsClient
            from alibabacloud_sts20150401.client import Client as StsClient
            from alibabacloud_tea_openapi.utils_models import Config
            from darabonba.runtime import RuntimeOptions

            _install_session_hook()
        except Exception as exc:
            raise AlidnsError(
                "dnsdoctor.SdkUnavailable",
                f"the Alibaba Cloud SDK cannot be imported ({type(exc).__name__}); reinstall "
                "alibabacloud-alidns20150109 and alibabacloud-sts20150401",
            ) from None

        seen: dict[str, Any] = {}
        session = bounded.session(trust_env=False)
        plain_send = session.send

        def send(request: Any, **kwargs: Any) -> Any:
            kwargs["allow_redirects"] = False  # signed, may carry the token
            if where.loopback:
                kwargs["proxies"] = {}  # the SDK passes HTTP(S)_PROXY explicitly
            response = plain_send(request, **kwargs)
            seen["status"] = response.status_code
            seen["date"] = response.headers.get("Date")
            seen["location"] = response.headers.get("Location")
            seen["body"] = response.content
            return response

        session.send = send
        # The socket timeouts are a backstop only: the bounded call ends the exchange at ``budget``
        # (a per-read timeout racing it would turn a time-out into a network error).
        millis = max(1, int((budget + 1.0) * 1000))
        config = Config(
            access_key_id=key.key_id,
            access_key_secret=key.secret,
            security_token=key.token or None,
            endpoint=where.host,
            protocol=where.scheme,
            region_id=REGION,
            read_timeout=millis,
            connect_timeout=millis,
        )
        _local.session = session
        failure: BaseException | None = None
        try:
            client = StsClient(config) if service == "sts" else DnsClient(config)
            fn(client, RuntimeOptions(), dns_models)
        except Exception as exc:  # judged below from what came back
            failure = getattr(exc, "inner_exception", None) or exc
        finally:
            _local.session = None
        del config
        return _judge(seen, failure, call)


def _judge(
    seen: Mapping[str, Any], failure: BaseException | None, call: bounded.BoundedCall
) -> Mapping[str, Any]:
    if call.too_large:
        raise AlidnsError(
            "dnsdoctor.InvalidResponse", str(bounded.ResponseTooLarge(call.max_bytes))
        )
    status = seen.get("status")
    server_date = common.http_date(seen.get("date"))
    if not isinstance(status, int):
        if failure is not None and (
            "timeout" in type(failure).__name__.lower() or "timed out" in str(failure)
        ):
            raise AlidnsError("dnsdoctor.Timeout", f"{type(failure).__name__}: {failure}")
        what = type(failure).__name__ if failure is not None else "no answer"
        detail = f"{what}: {failure}" if failure is not None else what
        raise AlidnsError("dnsdoctor.NetworkError", detail)
    if 300 <= status < 400:
        raise AlidnsError(
            "dnsdoctor.Redirect",
            f"HTTP {status} redirect to {seen.get('location') or 'no Location'}; not followed, "
            "because the request is signed and may carry the token",
            http_status=status,
            server_date=server_date,
        )
    body = seen.get("body") or b""
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if status >= 400:
        if isinstance(data, dict) and data.get("Code"):
            raise AlidnsError(
                common.text(data.get("Code")),
                common.text(data.get("Message")),
                common.text(data.get("RequestId")) or None,
                status,
                server_date=server_date,
                details={
                    "HostId": common.text(data.get("HostId")),
                    "Recommend": common.text(data.get("Recommend")),
                },
            )
        raise AlidnsError(
            "dnsdoctor.HttpError",
            f"HTTP {status}: {secrets.clip(from_wire(bytes(body)), 80)}",
            http_status=status,
            server_date=server_date,
        )
    if not isinstance(data, dict):
        raise AlidnsError(
            "dnsdoctor.InvalidResponse",
            f"the answer is not JSON: {secrets.clip(from_wire(bytes(body)), 80)}",
            http_status=status,
            server_date=server_date,
        )
    return data


def _utc_text(millis: int | None) -> str:
    if millis is None:
        return ""
    try:
        return datetime.fromtimestamp(millis / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")
    except (OverflowError, OSError, ValueError):
        return ""


def _wrapped(value: object, name: str) -> list[Any]:
    """``{"Record": [{…}, {…}]}`` → the list (anything else: empty): how Alibaba wraps its lists."""
    items = value.get(name) if isinstance(value, Mapping) else None
    return items if isinstance(items, list) else []


def _nested(value: object, name: str) -> tuple[str, ...]:
    """``{"DnsServer": ["a", "b"]}`` → ``("a", "b")``: how Alibaba wraps its lists."""
    if isinstance(value, Mapping):
        return common.texts(value.get(name))
    return ()

"""An Alibaba Cloud API emulator for the demo world and the tests (Alibaba Cloud DNS and STS,
loopback only).

Like :mod:`dnsdoctor.lab.tencent_api`, a :class:`~dnsdoctor.lab.world.Component`: an asyncio
HTTP/1.1 server on a 127.0.0.x address answering what the official SDK
(``alibabacloud-alidns20150109``, ``alibabacloud-sts20150401``) sends:

- the ACS3-HMAC-SHA256 signature is verified: the expected ``Authorization`` is computed by the
  SDK's own ``Utils.get_authorization`` over the request as received (method, path, the decoded
  query, the headers listed in ``SignedHeaders``) and the stored AccessKey Secret; the
  ``x-acs-content-sha256`` must be the body's hash; every ``x-acs-*`` header and ``host`` must be
  signed; a nonce is accepted once (``SignatureNonceUsed``). There is no unauthenticated path.
- its own clock (``clock_offset``): an ``x-acs-date`` more than 15 minutes away answers
  ``InvalidTimeStamp.Expired``;
- keys: AccessKey ID → Secret, root (``Account``) or RAM user, RAM action patterns
  (``"alidns:Describe*"``) optionally scoped to some domains, temporary (``STS.``) keys with their
  security token (``InvalidSecurityToken.*``), disabled keys;
- STS ``GetCallerIdentity`` (no permission needed, as at Alibaba);
- domains per account with the name servers Alibaba assigned and the ones the registry lists
  (``DescribeDomainNs``), records with ids; every change goes to ``on_change(zone, records)`` so
  that the world's authoritative DNS serves it;
- faults: throttling, HTTP 5xx pages, silence, a trickling answer, a body that is not JSON;
- errors as Alibaba sends them: HTTP 4xx/5xx, ``{"RequestId", "HostId", "Code", "Message",
  "Recommend"}`` (+ ``AccessDeniedDetail`` for a RAM denial), messages from
  :data:`dnsdoctor.providers.alidns.errors.CODES`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

from dnsdoctor.lab import api_emulator
from dnsdoctor.lab.api_emulator import Answer, ApiEmulator, as_int
from dnsdoctor.providers.alidns.errors import CODES

VERSIONS = {"alidns": "2015-01-09", "sts": "2015-04-01"}
SIGNATURE_WINDOW = 15 * 60
ALGORITHM = "ACS3-HMAC-SHA256"
_AUTHORIZATION = re.compile(
    r"ACS3-HMAC-SHA256 Credential=(?P<key_id>[^,]*),SignedHeaders=(?P<signed>[^,]*),"
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


@dataclass
class ApiKey:
    key_id: str
    secret: str = field(repr=False)
    account: str = "1234567890123456"
    """The account (主账号) id the key belongs to."""
    user: str | None = "dnsdoctor-acme"
    """The RAM user's name; ``None``: the account's own key (root)."""
    user_id: str = "200000000000001"
    allow: tuple[str, ...] = ("alidns:*",)
    """RAM action patterns ``service:Action`` with shell wildcards; ignored for a root key."""
    domains: tuple[str, ...] | None = None
    """A domain-scoped policy: record actions only on these zones; operation-level actions
    (``DescribeDomains``) are then allowed only through ``allow_global``."""
    allow_global: tuple[str, ...] = ()
    token: str | None = field(default=None, repr=False)
    """Set for a temporary (``STS.``) key: every request must carry this token."""
    token_expired: bool = False
    enabled: bool = True

    @property
    def is_root(self) -> bool:
        return self.user is None


@dataclass
class Record:
    record_id: str
    name: str
    """``RR``: relative to the zone, ``@`` for the apex."""
    type: str
    value: str
    ttl: int = 600
    line: str = "default"
    status: str = "ENABLE"
    updated_ms: int = 0

    def item(self, zone: str) -> dict[str, Any]:
        return {
            "RecordId": self.record_id,
            "RR": self.name,
            "Type": self.type,
            "Value": self.value,
            "TTL": self.ttl,
            "Line": self.line,
            "Status": self.status,
            "Locked": False,
            "Weight": 1,
            "DomainName": zone,
            "CreateTimestamp": self.updated_ms,
            "UpdateTimestamp": self.updated_ms,
        }


@dataclass
class Domain:
    name: str
    account: str
    domain_id: str
    expected_ns: tuple[str, ...] = ("ns1.alidns.com", "ns2.alidns.com")
    """The name servers Alibaba assigned (what the registrar should list)."""
    actual_ns: tuple[str, ...] | None = None
    """What the registry lists; ``None``: the same as ``expected_ns``."""
    records: list[Record] = field(default_factory=list)


@dataclass
class Fault(api_emulator.Fault):
    """An injected failure: ``kind`` is ``throttling``, ``http_error``, ``silence``, ``trickle``
    or ``non_json``."""

    status: int = 503


@dataclass(frozen=True)
class Seen:
    """One request as the emulator saw it (never the secret)."""

    action: str
    code: str
    """``OK``, the error code answered, or ``fault:<kind>``."""
    params: dict[str, str]


class _Reply(Exception):
    def __init__(self, code: str, message: str | None = None, **extra: Any) -> None:
        super().__init__(code)
        known = CODES.get(code)
        self.code = code
        self.status = known.status if known is not None else 400
        self.message = message if message is not None else (known.message if known else code)
        self.extra = extra


def expected_authorization(
    method: str,
    path: str,
    query: dict[str, str],
    headers: dict[str, str],
    signed: list[str],
    payload_hash: str,
    key_id: str,
    secret: str,
) -> str:
    """The ``Authorization`` the SDK would send for this request, computed by the SDK's own
    signing function (``alibabacloud_tea_openapi.utils.Utils.get_authorization``)."""
    from alibabacloud_tea_openapi.utils import Utils

    request = SimpleNamespace(
        method=method,
        pathname=path or "/",
        query=query,
        headers={name: headers.get(name, "") for name in signed},
    )
    return str(Utils.get_authorization(request, ALGORITHM, payload_hash, key_id, secret))


class FakeAlibabaCloud(ApiEmulator[ApiKey, Domain, Seen, Record]):
    """The emulator (see :class:`~dnsdoctor.lab.api_emulator.ApiEmulator`)."""

    HOST = "127.0.0.52"
    FIRST_RECORD_ID = 1_000_000_000_000_001
    """Record ids are 19 digits, as Alibaba's are; the write probe's ``0`` is never one."""

    # -- configuration --------------------------------------------------------------------------

    def add_domain(
        self,
        name: str,
        account: str = "1234567890123456",
        *,
        expected_ns: tuple[str, ...] = ("ns1.alidns.com", "ns2.alidns.com"),
        actual_ns: tuple[str, ...] | None = None,
    ) -> Domain:
        domain = Domain(
            name.lower().rstrip("."),
            account,
            f"{self.new_domain_id():08x}-0000-4000-8000-00000000d0e5",
            expected_ns,
            actual_ns,
        )
        return self.hold(domain)

    def _new_record(self, name: str, type: str, value: str, ttl: int, age: float = 0.0) -> Record:
        updated_ms = int((self.now() - age) * 1000)
        return Record(
            str(self.new_record_id()), name, type.upper(), value, ttl, updated_ms=updated_ms
        )

    # -- the API --------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Answer:
        action = headers.get("x-acs-action", "")
        request_id = str(uuid.uuid4()).upper()
        url_params = dict(parse_qsl(query, keep_blank_values=True))
        params = dict(url_params)
        if body and headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        fault = self.take_fault(action)
        if fault is not None:
            if fault.kind != "throttling":  # the throttling answer is recorded as its code
                self.seen.append(Seen(action, f"fault:{fault.kind}", params))
            if fault.kind in ("silence", "trickle"):
                ok = json.dumps({"RequestId": request_id}).encode()
                return Answer(200, ok, "application/json;charset=utf-8", fault.kind)
            if fault.kind == "http_error":
                page = f"<html><body><h1>{fault.status} Service Unavailable</h1></body></html>"
                return Answer(fault.status, page.encode(), "text/html")
            if fault.kind == "non_json":
                return Answer(200, b"<html>captive portal</html>", "text/html")
        try:
            if fault is not None and fault.kind == "throttling":
                raise _Reply("Throttling.User")
            key = self._authenticate(method, path, url_params, headers, body)
            service = self._service(headers)
            result = self._dispatch(service, action, params, key)
            self.seen.append(Seen(action, "OK", params))
            response = {"RequestId": request_id, **result}
            status = 200
        except _Reply as reply:
            self.seen.append(Seen(action, reply.code, params))
            status = reply.status
            response = {
                "RequestId": request_id,
                "HostId": f"{self.host}:{self.port}",
                "Code": reply.code,
                "Message": reply.message,
                "Recommend": (
                    f"https://api.aliyun.com/troubleshoot?q={reply.code}&product=Alidns"
                    f"&requestId={request_id}"
                ),
                **reply.extra,
            }
        data = json.dumps(response, ensure_ascii=False).encode("utf-8")
        return Answer(status, data, "application/json;charset=utf-8")

    def _authenticate(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        headers: dict[str, str],
        body: bytes,
    ) -> ApiKey:
        match = _AUTHORIZATION.fullmatch(headers.get("authorization", ""))
        if match is None:
            raise _Reply("IncompleteSignature")
        signed = match["signed"].split(";")
        required = {"host"} | {name for name in headers if name.startswith("x-acs-")}
        if not required <= set(signed):
            raise _Reply("IncompleteSignature")
        try:
            stamp = datetime.strptime(headers["x-acs-date"], "%Y-%m-%dT%H:%M:%SZ")
        except (KeyError, ValueError):
            raise _Reply("InvalidTimeStamp.Format") from None
        if abs(self.now() - stamp.replace(tzinfo=UTC).timestamp()) > SIGNATURE_WINDOW:
            raise _Reply("InvalidTimeStamp.Expired")
        key = self.keys.get(match["key_id"])
        if key is None:
            raise _Reply("InvalidAccessKeyId.NotFound")
        if not key.enabled:
            raise _Reply("InvalidAccessKeyId.Inactive")
        payload_hash = hashlib.sha256(body).hexdigest()
        expected = expected_authorization(
            method,
            path,
            params,
            headers,
            signed,
            payload_hash,
            key.key_id,
            key.secret,
        )
        if headers.get("x-acs-content-sha256") != payload_hash or not hmac.compare_digest(
            expected, headers["authorization"]
        ):
            raise _Reply(
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation.",
            )
        nonce = headers.get("x-acs-signature-nonce", "")
        if not nonce or nonce in self.nonces:
            raise _Reply("SignatureNonceUsed")
        self.nonces.add(nonce)
        if key.token is not None:
            sent = headers.get("x-acs-security-token")
            if sent is None:
                raise _Reply("MissingSecurityToken")
            if not hmac.compare_digest(sent, key.token):
                raise _Reply("InvalidSecurityToken.MismatchWithAccessKey")
            if key.token_expired:
                raise _Reply("InvalidSecurityToken.Expired")
        return key

    @staticmethod
    def _service(headers: dict[str, str]) -> str:
        version = headers.get("x-acs-version", "")
        for service, known in VERSIONS.items():
            if version == known:
                return service
        raise _Reply("InvalidVersion", "Specified parameter Version is not valid.")

    def _authorize(
        self, key: ApiKey, action: str, zone: str | None, *, unknown_resource: bool = False
    ) -> None:
        if key.is_root:
            return
        name = f"alidns:{action}"
        allowed = any(fnmatch.fnmatchcase(name, p) for p in key.allow)
        # A record id that is nobody's names no domain: only the action is checked.
        if key.domains is not None and not unknown_resource:
            if zone is None:  # an operation-level action: needs a statement on "*"
                allowed = any(fnmatch.fnmatchcase(name, p) for p in key.allow_global)
            elif zone not in key.domains:
                allowed = False
        if not allowed:
            raise _Reply(
                "Forbidden.RAM",
                AccessDeniedDetail={
                    "AuthAction": name,
                    "AuthPrincipalType": "SubUser",
                    "AuthPrincipalOwnerId": key.account,
                    "AuthPrincipalDisplayName": key.user_id,
                    "PolicyType": "AccountLevelIdentityBasedPolicy",
                    "NoPermissionType": "ImplicitDeny",
                },
            )

    def _dispatch(
        self, service: str, action: str, params: dict[str, str], key: ApiKey
    ) -> dict[str, Any]:
        if service == "sts":
            if action != "GetCallerIdentity":
                raise _Reply("InvalidAction.NotFound", "Specified api is not found.")
            return self._caller_identity(key)
        handlers: dict[str, Callable[[dict[str, str], ApiKey], dict[str, Any]]] = {
            "DescribeDomains": self._describe_domains,
            "DescribeDomainInfo": self._describe_domain_info,
            "DescribeDomainNs": self._describe_domain_ns,
            "DescribeDomainRecords": self._describe_domain_records,
            "AddDomainRecord": self._add_domain_record,
            "DeleteDomainRecord": self._delete_domain_record,
        }
        handler = handlers.get(action)
        if handler is None:
            raise _Reply("InvalidAction.NotFound", "Specified api is not found.")
        if action == "DeleteDomainRecord":
            found = self._find_record(params.get("RecordId", ""), key)
            zone = found[0].name if found is not None else None
            self._authorize(key, action, zone, unknown_resource=found is None)
        elif action == "DescribeDomains":
            self._authorize(key, action, None)
        else:
            self._authorize(key, action, params.get("DomainName", "").lower())
        return handler(params, key)

    @staticmethod
    def _caller_identity(key: ApiKey) -> dict[str, Any]:
        if key.is_root:
            return {
                "IdentityType": "Account",
                "AccountId": key.account,
                "PrincipalId": key.account,
                "UserId": key.account,
                "Arn": f"acs:ram::{key.account}:root",
            }
        if key.token is not None:
            return {
                "IdentityType": "AssumedRoleUser",
                "AccountId": key.account,
                "PrincipalId": f"{key.user_id}:{key.user}",
                "RoleId": key.user_id,
                "Arn": f"acs:ram::{key.account}:assumed-role/{key.user}/dnsdoctor",
            }
        return {
            "IdentityType": "RAMUser",
            "AccountId": key.account,
            "PrincipalId": key.user_id,
            "UserId": key.user_id,
            "Arn": f"acs:ram::{key.account}:user/{key.user}",
        }

    def _zone(self, params: dict[str, str], key: ApiKey) -> Domain:
        name = params.get("DomainName", "")
        if not name:
            raise _Reply("MissingDomainName", "DomainName is mandatory for this action.")
        if "." not in name or name != name.strip() or name.endswith("."):
            raise _Reply("InvalidDomainName.Format")
        domain = self.domains.get(name.lower())
        if domain is None or domain.account != key.account:
            raise _Reply("InvalidDomainName.NoExist")
        return domain

    def _describe_domains(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        mine = sorted(
            (d for d in self.domains.values() if d.account == key.account), key=lambda d: d.name
        )
        page = max(1, as_int(params.get("PageNumber"), 1))
        size = max(1, min(100, as_int(params.get("PageSize"), 20)))
        chosen = mine[(page - 1) * size : page * size]
        return {
            "PageNumber": page,
            "PageSize": size,
            "TotalCount": len(mine),
            "Domains": {
                "Domain": [
                    {
                        "DomainId": d.domain_id,
                        "DomainName": d.name,
                        "PunyCode": d.name,
                        "AliDomain": False,
                        "RecordCount": len(d.records),
                        "DnsServers": {"DnsServer": list(d.expected_ns)},
                    }
                    for d in chosen
                ]
            },
        }

    def _describe_domain_info(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        return {
            "DomainId": d.domain_id,
            "DomainName": d.name,
            "PunyCode": d.name,
            "AliDomain": False,
            "VersionCode": "mianfei",
            "VersionName": "Alibaba Cloud DNS Free Edition",
            "DnsServers": {"DnsServer": list(d.expected_ns)},
        }

    def _describe_domain_ns(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        actual = list(d.expected_ns if d.actual_ns is None else d.actual_ns)
        ours = {n.lower() for n in d.expected_ns}
        return {
            "AllAliDns": bool(actual) and all(n.lower() in ours for n in actual),
            "IncludeAliDns": any(n.lower() in ours for n in actual),
            "DnsServers": {"DnsServer": actual},
            "ExpectDnsServers": {"ExpectDnsServer": list(d.expected_ns)},
        }

    def _describe_domain_records(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        rr = params.get("RRKeyWord", "").lower()
        rtype = params.get("TypeKeyWord", "") or params.get("Type", "")
        records = [
            r
            for r in d.records
            if (not rr or rr in r.name.lower()) and (not rtype or r.type == rtype.upper())
        ]
        page = max(1, as_int(params.get("PageNumber"), 1))
        size = max(1, min(500, as_int(params.get("PageSize"), 20)))
        return {
            "PageNumber": page,
            "PageSize": size,
            "TotalCount": len(records),
            "DomainRecords": {
                "Record": [r.item(d.name) for r in records[(page - 1) * size : page * size]]
            },
        }

    def _add_domain_record(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        rr, rtype, value = params.get("RR"), params.get("Type"), params.get("Value")
        if not rr or not rtype or value is None:
            raise _Reply("MissingParameter", "RR, Type and Value are mandatory for this action.")
        if any(r.name == rr and r.type == rtype.upper() and r.value == value for r in d.records):
            raise _Reply("DomainRecordDuplicate")
        record = self._new_record(rr, rtype, value, as_int(params.get("TTL"), 600))
        self.publish_add(d, record)
        return {"RecordId": record.record_id}

    def _find_record(self, record_id: str, key: ApiKey) -> tuple[Domain, Record] | None:
        for d in self.domains.values():
            if d.account != key.account:
                continue
            for r in d.records:
                if r.record_id == record_id:
                    return d, r
        return None

    def _delete_domain_record(self, params: dict[str, str], key: ApiKey) -> dict[str, Any]:
        record_id = params.get("RecordId", "")
        found = self._find_record(record_id, key)
        if found is None:
            raise _Reply("DomainRecordNotBelongToUser")
        d, record = found
        self.publish_remove(d, record)
        return {"RecordId": record_id}

"""A Tencent Cloud API emulator for the demo world and the tests (STS and DNSPod, loopback only).

An :class:`~dnsdoctor.lab.api_emulator.ApiEmulator` (a :class:`~dnsdoctor.lab.world.Component`:
an asyncio HTTP/1.1 server on a 127.0.0.x address) that answers the calls dnsdoctor and the ACME
clients make, the way the real API does as far as ``/work/shared/TENCENT.md`` documents it:

- TC3-HMAC-SHA256 is verified exactly (:func:`tc3_signature` reproduces the official test vector),
  the service comes from the credential scope, the date must be the UTC date of ``X-TC-Timestamp``;
- its own clock (``clock_offset``): a timestamp more than 300 s away answers
  ``AuthFailure.SignatureExpire``;
- keys: SecretId → SecretKey, an optional token (temporary keys), root account or CAM user, CAM
  action patterns per key (``"dnspod:Describe*"``), optionally scoped to some domains;
- domains per account with ``DnsStatus``, ``DnspodNsList`` and ``ActualNsList``; records with a
  ``RecordId``; every change is reported to ``on_change(zone, records)`` so that the world's
  authoritative DNS can serve created records;
- fault injection: ``RequestLimitExceeded``, HTTP 5xx, silence, a body that is not JSON, and a
  ``Content-Type`` with a charset (the SDK trap; the emulator otherwise sends ``application/json``
  exactly);
- errors in the real envelope: HTTP 200, ``{"Response": {"Error": {"Code", "Message"},
  "RequestId"}}``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

from dnsdoctor.lab import api_emulator
from dnsdoctor.lab.api_emulator import Answer, ApiEmulator, as_int

VERSIONS = {"dnspod": "2021-03-23", "sts": "2018-08-13"}
SIGNATURE_WINDOW = 300
PROBE_SAFE_FIRST_RECORD_ID = 1_000_001
"""Record ids start here, so that a probe with ``RecordId=1`` never hits a record."""
_CHINA = timezone(timedelta(hours=8))
_AUTHORIZATION = re.compile(
    r"TC3-HMAC-SHA256 Credential=(?P<credential>.+?), ?SignedHeaders=(?P<signed>[a-z0-9;-]+), ?"
    r"Signature=(?P<signature>[0-9a-f]{64})"
)

MESSAGES = {
    "AuthFailure.SignatureFailure": (
        "The provided credentials could not be validated. Please check your signature is correct."
    ),
    "AuthFailure.SignatureExpire": (
        "Signature expired. Timestamp and server time cannot differ by more than 5 minutes."
    ),
    "AuthFailure.SecretIdNotFound": (
        "The SecretId is not found, please ensure that your SecretId is correct."
    ),
    "AuthFailure.InvalidSecretId": "Invalid key (not a TencentCloud API key type).",
    "AuthFailure.InvalidAuthorization": "Authorization header is malformed.",
    "AuthFailure.TokenFailure": "Token verification failed, please check if your Token is correct",
    "InvalidParameterValue.DomainNotExists": "Domain not exist.",
    "InvalidParameter.DomainInvalid": "Invalid domain.",
    "InvalidParameter.RecordIdInvalid": "Invalid record id.",
    "ResourceNotFound.NoDataOfRecord": "No record data.",
    "RequestLimitExceeded": "Your request frequency has exceeded the limit.",
    "InvalidAction": "The action does not exist.",
    "NoSuchVersion": "The API version does not exist.",
    "MissingParameter": "A required parameter is missing.",
    "InvalidParameter": "A parameter is invalid.",
}


# -- TC3-HMAC-SHA256 --------------------------------------------------------------------------


def canonical_request(
    method: str,
    uri: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: str,
    payload: bytes,
) -> str:
    """The canonical request; ``headers`` maps lower-case names to values."""
    names = signed_headers.split(";")
    canonical_headers = "".join(f"{n}:{headers.get(n, '').strip().lower()}\n" for n in names)
    if headers.get("x-tc-content-sha256") == "UNSIGNED-PAYLOAD":
        payload = b"UNSIGNED-PAYLOAD"
    return "\n".join(
        (
            method,
            uri,
            query,
            canonical_headers,
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        )
    )


def tc3_signature(secret_key: str, timestamp: int, service: str, canonical: str) -> str:
    """Sign a canonical request with TC3-HMAC-SHA256 (the date is the UTC date of ``timestamp``)."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    string_to_sign = "\n".join(
        (
            "TC3-HMAC-SHA256",
            str(timestamp),
            f"{date}/{service}/tc3_request",
            hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        )
    )

    def mac(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()

    k_date = mac(("TC3" + secret_key).encode("utf-8"), date)
    k_service = mac(k_date, service)
    k_signing = mac(k_service, "tc3_request")
    return hmac.new(k_signing, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# -- the emulated world -----------------------------------------------------------------------


@dataclass
class ApiKey:
    secret_id: str
    secret_key: str = field(repr=False)
    uin: str = "100000000001"
    """The uin that owns the key (the CAM user, or the account itself)."""
    account: str | None = None
    """The account (root uin); ``None``: the key is the account's own root key."""
    allow: tuple[str, ...] = ("dnspod:*",)
    """CAM action patterns, ``service:Action`` with shell wildcards; ignored for a root key."""
    token: str | None = field(default=None, repr=False)
    """Set for a temporary key: every request must carry this ``X-TC-Token``."""
    deny_code: str = "AuthFailure.UnauthorizedOperation"
    """What a CAM denial answers (DNSPod may also answer bare ``UnauthorizedOperation``)."""
    domains: tuple[str, ...] | None = None
    """A domain-scoped policy: only these zones; operation-level calls (DescribeDomainList) fail."""
    enabled: bool = True

    @property
    def key_id(self) -> str:
        return self.secret_id

    @property
    def owner(self) -> str:
        return self.account or self.uin

    @property
    def is_root(self) -> bool:
        return self.account is None or self.account == self.uin


@dataclass
class Record:
    record_id: int
    name: str
    """Relative to the zone; ``@`` for the apex."""
    type: str
    value: str
    ttl: int = 600
    line: str = "默认"
    status: str = "ENABLE"
    updated_on: str = ""

    def item(self) -> dict[str, Any]:
        return {
            "RecordId": self.record_id,
            "Value": self.value,
            "Status": self.status,
            "UpdatedOn": self.updated_on,
            "Name": self.name,
            "Line": self.line,
            "LineId": "0",
            "Type": self.type,
            "Weight": None,
            "MonitorStatus": "",
            "Remark": "",
            "TTL": self.ttl,
            "MX": 0,
            "DefaultNS": self.type == "NS" and self.name == "@",
        }


@dataclass
class Domain:
    name: str
    account: str
    domain_id: int
    status: str = "ENABLE"
    dns_status: str = ""
    """``dnserror`` when the registry does not delegate to DNSPod."""
    dnspod_ns: tuple[str, ...] = ("ns1.dnspod.net", "ns2.dnspod.net")
    actual_ns: tuple[str, ...] | None = None
    """The registry's NS set; ``None``: the same as ``dnspod_ns``."""
    records: list[Record] = field(default_factory=list)
    created_on: str = "2024-01-01 10:00:00"


@dataclass
class Fault(api_emulator.Fault):
    """An injected failure: ``kind`` is ``rate_limit``, ``http_error``, ``silence``,
    ``non_json`` or ``loose_content_type``."""


@dataclass(frozen=True)
class Seen:
    """One request as the emulator saw it (never the secret)."""

    service: str
    action: str
    code: str
    """``OK`` or the error code answered; ``fault:<kind>`` for an injected fault."""
    params: Mapping[str, Any]


class _Reply(Exception):
    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message if message is not None else MESSAGES.get(code, code)


class FakeTencentCloud(ApiEmulator[ApiKey, Domain, Seen, Record]):
    """The emulator (see :class:`~dnsdoctor.lab.api_emulator.ApiEmulator`)."""

    HOST = "127.0.0.51"
    FIRST_RECORD_ID = PROBE_SAFE_FIRST_RECORD_ID
    FIRST_DOMAIN_ID = 90_000_001

    # -- configuration --------------------------------------------------------------------------

    def add_domain(
        self,
        name: str,
        account: str,
        *,
        status: str = "ENABLE",
        dns_status: str = "",
        dnspod_ns: tuple[str, ...] = ("ns1.dnspod.net", "ns2.dnspod.net"),
        actual_ns: tuple[str, ...] | None = None,
    ) -> Domain:
        domain = Domain(
            name.lower().rstrip("."),
            account,
            self.new_domain_id(),
            status=status,
            dns_status=dns_status,
            dnspod_ns=dnspod_ns,
            actual_ns=actual_ns,
        )
        return self.hold(domain)

    def _new_record(self, name: str, type: str, value: str, ttl: int, age: float = 0.0) -> Record:
        updated_on = self._china_time(self.now() - age)
        return Record(self.new_record_id(), name, type, value, ttl, updated_on=updated_on)

    # -- the API --------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> Answer:
        action = headers.get("x-tc-action", "")
        request_id = str(uuid.uuid4())
        service = ""
        params: dict[str, Any] = {}
        content_type = "application/json"
        try:
            params = self._params(method, query, headers, body)
            fault = self.take_fault(action)
            if fault is not None:
                self.seen.append(Seen("", action, f"fault:{fault.kind}", params))
                if fault.kind == "silence":
                    return Answer(0, b"", "", "silence")
                if fault.kind == "http_error":
                    html = f"<html><body><h1>{fault.status} Bad Gateway</h1></body></html>"
                    return Answer(fault.status, html.encode(), "text/html")
                if fault.kind == "non_json":
                    return Answer(200, b"<html>captive portal</html>", "text/html")
                if fault.kind == "rate_limit":
                    error = {
                        "Code": "RequestLimitExceeded",
                        "Message": MESSAGES["RequestLimitExceeded"],
                    }
                    envelope = {"Response": {"Error": error, "RequestId": request_id}}
                    return Answer(200, json.dumps(envelope).encode("utf-8"), content_type)
                if fault.kind == "loose_content_type":
                    content_type = "application/json; charset=utf-8"
            service, key = self._authenticate(method, path, query, headers, body)
            result = self._dispatch(service, action, headers, params, key)
            self.seen.append(Seen(service, action, "OK", params))
            response = {**result, "RequestId": request_id}
        except _Reply as reply:
            self.seen.append(Seen(service, action, reply.code, params))
            message = reply.message.replace("{request_id}", request_id)
            response = {"Error": {"Code": reply.code, "Message": message}, "RequestId": request_id}
        data = json.dumps({"Response": response}, ensure_ascii=False).encode("utf-8")
        return Answer(200, data, content_type)

    @staticmethod
    def _params(method: str, query: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        if method == "GET":
            return dict(parse_qsl(query, keep_blank_values=True))
        if not body:
            return {}
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _Reply("InvalidParameter", "The request body is not valid JSON.") from None
        if not isinstance(data, dict):
            raise _Reply("InvalidParameter", "The request body is not a JSON object.")
        return data

    def _authenticate(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> tuple[str, ApiKey]:
        match = _AUTHORIZATION.fullmatch(headers.get("authorization", ""))
        try:
            if match is None:
                raise ValueError
            secret_id, date, service, terminator = match["credential"].rsplit("/", 3)
            signed_headers = match["signed"]
            signature = match["signature"]
            timestamp = int(headers["x-tc-timestamp"])
        except (ValueError, KeyError):
            raise _Reply("AuthFailure.InvalidAuthorization") from None
        names = signed_headers.split(";")
        if terminator != "tc3_request" or "content-type" not in names or "host" not in names:
            raise _Reply("AuthFailure.InvalidAuthorization")
        if abs(self.now() - timestamp) > SIGNATURE_WINDOW:
            raise _Reply("AuthFailure.SignatureExpire")
        if not secret_id.startswith("AKID"):
            raise _Reply("AuthFailure.InvalidSecretId")
        key = self.keys.get(secret_id)
        if key is None or not key.enabled:
            raise _Reply("AuthFailure.SecretIdNotFound")
        if key.token is not None and headers.get("x-tc-token") != key.token:
            raise _Reply("AuthFailure.TokenFailure")
        expected_date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
        canonical = canonical_request(
            method, path or "/", query if method == "GET" else "", headers, signed_headers, body
        )
        expected = tc3_signature(key.secret_key, timestamp, service, canonical)
        if date != expected_date or not hmac.compare_digest(expected, signature):
            raise _Reply("AuthFailure.SignatureFailure")
        return service, key

    def _authorize(self, key: ApiKey, service: str, action: str, zone: str | None) -> None:
        if key.is_root:
            return
        name = f"{service}:{action}"
        allowed = any(fnmatch.fnmatchcase(name, pattern) for pattern in key.allow)
        if allowed and key.domains is not None and (zone is None or zone not in key.domains):
            # A domain-scoped policy cannot match an operation-level action such as
            # DescribeDomainList, nor any other zone (TENCENT.md A7).
            allowed = False
        if not allowed:
            domain = self.domains.get(zone or "")
            resource = (
                f"qcs::{service}::uin/{key.owner}:domain/{domain.domain_id}" if domain else "*"
            )
            raise _Reply(
                key.deny_code,
                "You are not authorized to perform this operation. Check your CAM policies, and "
                "ensure that you are using the correct access keys. [request id:{request_id}]"
                f"you are not authorized to perform operation ({name})\n"
                f"resource ({resource}) has no permission",
            )

    def _dispatch(
        self,
        service: str,
        action: str,
        headers: dict[str, str],
        params: dict[str, Any],
        key: ApiKey,
    ) -> dict[str, Any]:
        if service not in VERSIONS:
            raise _Reply("InvalidAction", f"The service {service} is not emulated.")
        if headers.get("x-tc-version") != VERSIONS[service]:
            raise _Reply("NoSuchVersion")
        if service == "sts":
            if action != "GetCallerIdentity":
                raise _Reply("InvalidAction")
            return self._caller_identity(key)
        handlers: dict[str, Callable[[dict[str, Any], ApiKey], dict[str, Any]]] = {
            "DescribeDomain": self._describe_domain,
            "DescribeDomainList": self._describe_domain_list,
            "DescribeRecordList": self._describe_record_list,
            "CreateRecord": self._create_record,
            "DeleteRecord": self._delete_record,
        }
        handler = handlers.get(action)
        if handler is None:
            raise _Reply("InvalidAction")
        zone = params.get("Domain") if action != "DescribeDomainList" else None
        self._authorize(key, service, action, zone if isinstance(zone, str) else None)
        return handler(params, key)

    @staticmethod
    def _caller_identity(key: ApiKey) -> dict[str, Any]:
        if key.is_root:
            arn = f"qcs::cam::uin/{key.uin}:uin/{key.uin}"
        else:
            arn = f"qcs::cam::uin/{key.owner}:uin/{key.uin}"
        return {
            "Arn": arn,
            "AccountId": key.owner,
            "UserId": key.uin,
            "PrincipalId": key.uin,
            "Type": "CAMUser",
        }

    def _zone(self, params: dict[str, Any], key: ApiKey) -> Domain:
        name = params.get("Domain")
        if not isinstance(name, str) or not name:
            raise _Reply("MissingParameter", "The parameter Domain is missing.")
        if name.endswith(".") or "." not in name or name != name.strip():
            raise _Reply("InvalidParameter.DomainInvalid")
        domain = self.domains.get(name.lower())
        if domain is None or domain.account != key.owner:
            raise _Reply("InvalidParameterValue.DomainNotExists")
        return domain

    @staticmethod
    def _china_time(ts: float) -> str:
        return datetime.fromtimestamp(ts, _CHINA).strftime("%Y-%m-%d %H:%M:%S")

    def _describe_domain(self, params: dict[str, Any], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        actual = list(d.dnspod_ns if d.actual_ns is None else d.actual_ns)
        return {
            "DomainInfo": {
                "DomainId": d.domain_id,
                "Status": d.status.lower(),
                "Grade": "DP_FREE",
                "GroupId": 1,
                "IsMark": "no",
                "TTL": 600,
                "CnameSpeedup": "DISABLE",
                "Remark": "",
                "Punycode": d.name,
                "DnsStatus": d.dns_status,
                "DnspodNsList": list(d.dnspod_ns),
                "Domain": d.name,
                "GradeLevel": 0,
                "UserId": int(d.account) if d.account.isdigit() else 0,
                "IsVip": "NO",
                "Owner": d.account,
                "GradeTitle": "免费版",
                "CreatedOn": d.created_on,
                "UpdatedOn": d.created_on,
                "Uin": d.account,
                "ActualNsList": actual,
                "RecordCount": len(d.records),
                "OwnerNick": "",
                "DNSStatus": d.dns_status,
            }
        }

    def _describe_domain_list(self, params: dict[str, Any], key: ApiKey) -> dict[str, Any]:
        mine = sorted(
            (d for d in self.domains.values() if d.account == key.owner), key=lambda d: d.name
        )
        keyword = params.get("Keyword")
        if isinstance(keyword, str) and keyword:
            mine = [d for d in mine if keyword in d.name]
        offset = as_int(params.get("Offset"), 0)
        limit = as_int(params.get("Limit"), 3000)
        page = mine[offset : offset + limit]
        return {
            "DomainCountInfo": {
                "DomainTotal": len(mine),
                "AllTotal": len(mine),
                "MineTotal": len(mine),
                "ShareTotal": 0,
                "VipTotal": 0,
                "PauseTotal": sum(d.status.lower() == "pause" for d in mine),
                "ErrorTotal": sum(d.dns_status == "dnserror" for d in mine),
                "LockTotal": 0,
                "SpamTotal": 0,
                "VipExpire": 0,
                "ShareOutTotal": 0,
                "GroupTotal": 1,
            },
            "DomainList": [
                {
                    "DomainId": d.domain_id,
                    "Name": d.name,
                    "Status": d.status.upper(),
                    "TTL": 600,
                    "CNAMESpeedup": "DISABLE",
                    "DNSStatus": "DNSERROR" if d.dns_status else "",
                    "Grade": "DP_FREE",
                    "GroupId": 1,
                    "SearchEnginePush": "NO",
                    "Remark": "",
                    "Punycode": d.name,
                    "EffectiveDNS": list(d.dnspod_ns if d.actual_ns is None else d.actual_ns),
                    "GradeLevel": 0,
                    "GradeTitle": "免费版",
                    "IsVip": "NO",
                    "VipStartAt": "",
                    "VipEndAt": "",
                    "VipAutoRenew": "DEFAULT",
                    "RecordCount": len(d.records),
                    "CreatedOn": d.created_on,
                    "UpdatedOn": d.created_on,
                    "Owner": d.account,
                    "TagList": [],
                }
                for d in page
            ],
        }

    def _describe_record_list(self, params: dict[str, Any], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        sub = params.get("SubDomain") or params.get("Subdomain")
        rtype = params.get("RecordType")
        records = [
            r
            for r in d.records
            if (not sub or r.name == sub) and (not rtype or r.type == str(rtype).upper())
        ]
        if not records and str(params.get("ErrorOnEmpty", "yes")).lower() != "no":
            raise _Reply("ResourceNotFound.NoDataOfRecord")
        offset = as_int(params.get("Offset"), 0)
        limit = as_int(params.get("Limit"), 100)
        return {
            "RecordCountInfo": {
                "SubdomainCount": len(records),
                "ListCount": len(records[offset : offset + limit]),
                "TotalCount": len(d.records),
            },
            "RecordList": [r.item() for r in records[offset : offset + limit]],
        }

    def _create_record(self, params: dict[str, Any], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        rtype = params.get("RecordType")
        value = params.get("Value")
        if not isinstance(rtype, str) or not isinstance(value, str):
            raise _Reply("MissingParameter", "RecordType and Value are required.")
        if params.get("RecordLine") is None and params.get("RecordLineId") is None:
            raise _Reply("MissingParameter", "RecordLine is required.")
        sub = params.get("SubDomain") or "@"
        record = self._new_record(str(sub), rtype.upper(), value, as_int(params.get("TTL"), 600))
        self.publish_add(d, record)
        return {"RecordId": record.record_id}

    def _delete_record(self, params: dict[str, Any], key: ApiKey) -> dict[str, Any]:
        d = self._zone(params, key)
        record_id = as_int(params.get("RecordId"), -1)
        for record in d.records:
            if record.record_id == record_id:
                self.publish_remove(d, record)
                return {}
        raise _Reply("InvalidParameter.RecordIdInvalid")

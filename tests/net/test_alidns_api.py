"""Alibaba Cloud DNS through the official SDK against the emulator, on loopback.

Nothing here mocks the SDK: every call is built and signed (ACS3-HMAC-SHA256) by
alibabacloud-alidns20150109 / alibabacloud-sts20150401, sent by ``requests`` and verified by the
emulator with the SDK's own signing function over what it received.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest

from dnsdoctor.core import secrets
from dnsdoctor.lab.alidns_api import ApiKey as EmuKey
from dnsdoctor.lab.alidns_api import FakeAlibabaCloud, Fault, Record
from dnsdoctor.lab.world import World, free_port
from dnsdoctor.providers.alidns import PROVIDER
from dnsdoctor.providers.alidns.api import PROBE_RECORD_ID, AlidnsApi
from dnsdoctor.providers.alidns.errors import CODES, AlidnsError, classify
from dnsdoctor.providers.base import ApiKey, ErrorKind, Zone

T = TypeVar("T")
HOST = "127.0.0.52"
ACCOUNT = "1234567890123456"
KEY_ID = "LTAI5tQ7xW2mRb8nZk4pYc3D"
SECRET = "Vb7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"
RO_ID = "LTAI5tRoNly0nlyRe4dOnly01"
RO_SECRET = "Ro7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0"
STS_ID = "STS.NUdGe5kY8sQ2mW7xR4tP1zA"
STS_SECRET = "St7Kq2Lm9Xc4Rt6Yp1Nz8Wd3Hs5Jf0AbCdEfGh"
TOKEN = "CAIS" + "tokenpart" * 20
GOOD = ApiKey(KEY_ID, SECRET)


pytestmark = pytest.mark.usefixtures("loopback_http")


class Lab:
    def __init__(self, emu: FakeAlibabaCloud) -> None:
        self.emu = emu
        self.changes: list[tuple[str, list[Record]]] = []
        self.pauses: list[float] = []
        emu.on_change = lambda zone, records: self.changes.append((zone, records))

    def api(self, **kwargs: Any) -> AlidnsApi:
        async def no_sleep(seconds: float) -> None:
            self.pauses.append(seconds)

        kwargs.setdefault("timeout", 3.0)
        kwargs.setdefault("sleep", no_sleep)
        return AlidnsApi(self.emu.url, **kwargs)

    def actions(self) -> list[tuple[str, str]]:
        return [(s.action, s.code) for s in self.emu.seen]


@pytest.fixture
def lab() -> Iterator[Lab]:
    emu = FakeAlibabaCloud(HOST, free_port([HOST], (socket.SOCK_STREAM,)))
    emu.add_key(EmuKey(KEY_ID, SECRET, account=ACCOUNT))
    emu.add_key(
        EmuKey(
            RO_ID,
            RO_SECRET,
            account=ACCOUNT,
            user="readonly",
            allow=("alidns:Describe*",),
        )
    )
    emu.add_key(EmuKey(STS_ID, STS_SECRET, account=ACCOUNT, user="acme-role", token=TOKEN))
    emu.add_domain("example.com", ACCOUNT)
    world = World()
    world.add(emu)
    with world:
        yield Lab(emu)


def run(coro: Awaitable[T]) -> T:
    async def wrap() -> T:
        return await coro

    return asyncio.run(wrap())


def soon(seconds: float = 5.0) -> float:
    return time.monotonic() + seconds


def error_of(call: Callable[[], Awaitable[Any]]) -> AlidnsError:
    with pytest.raises(AlidnsError) as info:
        run(call())
    return info.value


ZONE = Zone("", "example.com")


# -- healthy ----------------------------------------------------------------------------------


def test_healthy_key_whoami_zone_and_record_life_cycle(lab: Lab) -> None:
    api = lab.api()
    who = run(api.whoami(GOOD, deadline=soon()))
    assert (who.account_id, who.principal_type, who.is_root) == (ACCOUNT, "RAMUser", False)
    assert who.arn == f"acs:ram::{ACCOUNT}:user/dnsdoctor-acme"
    zone = run(api.zone(GOOD, "example.com", deadline=soon()))
    assert zone.name == "example.com"
    assert zone.expected_ns == ("ns1.alidns.com", "ns2.alidns.com") == zone.actual_ns
    assert zone.delegated is True
    assert [z.name for z in run(api.zones(GOOD, deadline=soon()))] == ["example.com"]

    record_id = run(api.create_txt(GOOD, zone, "_acme-challenge", "tok-1", 600, deadline=soon()))
    assert lab.changes[-1][0] == "example.com"
    assert [(r.name, r.type, r.value) for r in lab.changes[-1][1]] == [
        ("_acme-challenge", "TXT", "tok-1")
    ]
    found = run(api.txt_records(GOOD, zone, "_acme-challenge", deadline=soon()))
    assert [(r.record_id, r.value, r.ttl) for r in found] == [(record_id, "tok-1", 600)]
    probe = run(api.probe_write(GOOD, zone, deadline=soon()))
    assert (probe.outcome, probe.record_id) == ("allowed", PROBE_RECORD_ID)
    assert probe.error is not None and probe.error.code == "DomainRecordNotBelongToUser"
    run(api.delete_record(GOOD, zone, record_id, deadline=soon()))
    assert lab.changes[-1] == ("example.com", [])
    assert run(api.txt_records(GOOD, zone, "_acme-challenge", deadline=soon())) == []
    assert ("DeleteDomainRecord", "DomainRecordNotBelongToUser") in lab.actions()


def test_root_key_and_temporary_key_identities(lab: Lab) -> None:
    lab.emu.add_key(EmuKey("LTAI5tRootRootRootRoot01", SECRET, account=ACCOUNT, user=None))
    root = run(lab.api().whoami(ApiKey("LTAI5tRootRootRootRoot01", SECRET), deadline=soon()))
    assert (root.principal_type, root.is_root, root.arn) == (
        "Account",
        True,
        f"acs:ram::{ACCOUNT}:root",
    )
    sts = run(lab.api().whoami(ApiKey(STS_ID, STS_SECRET, TOKEN), deadline=soon()))
    assert (sts.principal_type, sts.is_root) == ("AssumedRoleUser", False)


def test_txt_records_filters_the_exact_name(lab: Lab) -> None:
    lab.emu.add_record("example.com", "_acme-challenge", "TXT", "mine")
    lab.emu.add_record("example.com", "_acme-challenge.www", "TXT", "other name")
    lab.emu.add_record("example.com", "_acme-challenge", "CNAME", "x.example.net")
    found = run(lab.api().txt_records(GOOD, ZONE, "_acme-challenge", deadline=soon()))
    assert [r.value for r in found] == ["mine"]


def test_delegation_elsewhere_is_reported(lab: Lab) -> None:
    lab.emu.add_domain(
        "moved.example", ACCOUNT, actual_ns=("f1g1ns1.dnspod.net", "f1g1ns2.dnspod.net")
    )
    zone = run(lab.api().zone(GOOD, "moved.example", deadline=soon()))
    assert zone.delegated is False
    assert zone.actual_ns == ("f1g1ns1.dnspod.net", "f1g1ns2.dnspod.net")
    assert zone.expected_ns == ("ns1.alidns.com", "ns2.alidns.com")


# -- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "code", "kind"),
    [
        (ApiKey(KEY_ID, SECRET[:-1] + "\u200b"), "SignatureDoesNotMatch", ErrorKind.SIGNATURE),
        (ApiKey(KEY_ID, SECRET + " "), "SignatureDoesNotMatch", ErrorKind.SIGNATURE),
        (ApiKey(KEY_ID, "x" * 30), "SignatureDoesNotMatch", ErrorKind.SIGNATURE),
        (
            ApiKey("LTAI5tNoSuchKeyNoSuchKey", SECRET),
            "InvalidAccessKeyId.NotFound",
            ErrorKind.UNKNOWN_KEY,
        ),
        (ApiKey(SECRET, KEY_ID), "InvalidAccessKeyId.NotFound", ErrorKind.UNKNOWN_KEY),
        (ApiKey(STS_ID, STS_SECRET), "MissingSecurityToken", ErrorKind.TOKEN),
        (
            ApiKey(STS_ID, STS_SECRET, TOKEN + "x"),
            "InvalidSecurityToken.MismatchWithAccessKey",
            ErrorKind.TOKEN,
        ),
    ],
)
def test_credential_errors(lab: Lab, key: ApiKey, code: str, kind: ErrorKind) -> None:
    err = error_of(lambda: lab.api().whoami(key, deadline=soon()))
    assert (err.code, err.kind, err.http_status) == (code, kind, CODES[code].status)
    assert err.request_id and err.recommend.startswith("https://api.aliyun.com/troubleshoot")
    for text in (str(err), repr(err), err.message):
        for secret in (key.secret, key.token, SECRET, STS_SECRET, TOKEN):
            assert not secret or secret not in text
    assert lab.actions()[-1] == ("GetCallerIdentity", code)


def test_pasted_character_fails_where_the_clean_key_succeeds(lab: Lab) -> None:
    """The emulator really verifies: the same key, minus the pasted NBSP, passes."""
    pasted = ApiKey(KEY_ID, SECRET + "\u00a0")
    assert error_of(lambda: lab.api().whoami(pasted, deadline=soon())).code == (
        "SignatureDoesNotMatch"
    )
    assert run(lab.api().whoami(ApiKey(KEY_ID, secrets.cleaned(pasted.secret)), deadline=soon()))


def test_disabled_key_and_expired_token(lab: Lab) -> None:
    lab.emu.keys[KEY_ID].enabled = False
    err = error_of(lambda: lab.api().whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind) == ("InvalidAccessKeyId.Inactive", ErrorKind.AUTH)
    lab.emu.keys[STS_ID].token_expired = True
    err = error_of(lambda: lab.api().whoami(ApiKey(STS_ID, STS_SECRET, TOKEN), deadline=soon()))
    assert (err.code, err.kind) == ("InvalidSecurityToken.Expired", ErrorKind.TOKEN)


@pytest.mark.parametrize("offset", [16 * 60.0, -16 * 60.0])
def test_clock_beyond_alibabas_window(lab: Lab, offset: float) -> None:
    lab.emu.clock_offset = offset
    err = error_of(lambda: lab.api().whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind, err.http_status) == (
        "InvalidTimeStamp.Expired",
        ErrorKind.CLOCK,
        400,
    )
    assert err.server_date is not None
    assert abs(err.server_date - (time.time() + offset)) < 5


@pytest.mark.parametrize("offset", [14 * 60.0, -14 * 60.0])
def test_clock_within_the_window_is_accepted(lab: Lab, offset: float) -> None:
    assert PROVIDER.clock_window == 900
    lab.emu.clock_offset = offset
    assert run(lab.api().whoami(GOOD, deadline=soon())).account_id == ACCOUNT


# -- authorisation and zones ------------------------------------------------------------------


def test_read_only_ram_user_write_probe_is_denied_and_nothing_is_written(lab: Lab) -> None:
    ro = ApiKey(RO_ID, RO_SECRET)
    lab.emu.add_record("example.com", "_acme-challenge", "TXT", "keep me")
    before = [list(d.records) for d in lab.emu.domains.values()]
    changes = len(lab.changes)
    api = lab.api()
    assert run(api.zone(ro, "example.com", deadline=soon())).name == "example.com"
    probe = run(api.probe_write(ro, ZONE, deadline=soon()))
    assert probe.outcome == "denied"
    denial = probe.error
    assert denial is not None
    assert (denial.code, denial.kind, denial.action) == (
        "Forbidden.RAM",
        ErrorKind.DENIED,
        "DeleteDomainRecord",
    )
    err = error_of(lambda: api.create_txt(ro, ZONE, "_acme-challenge", "t", 600, deadline=soon()))
    assert err.kind is ErrorKind.DENIED
    assert [list(d.records) for d in lab.emu.domains.values()] == before
    assert len(lab.changes) == changes
    assert [s.params.get("RecordId") for s in lab.emu.seen if s.action == "DeleteDomainRecord"] == [
        PROBE_RECORD_ID
    ]


def test_domain_scoped_policy(lab: Lab) -> None:
    lab.emu.add_key(
        EmuKey(
            "LTAI5tScopedScopedScoped",
            SECRET,
            account=ACCOUNT,
            user="scoped",
            allow=("alidns:*",),
            domains=("example.com",),
        )
    )
    key = ApiKey("LTAI5tScopedScopedScoped", SECRET)
    api = lab.api()
    assert run(api.probe_write(key, ZONE, deadline=soon())).outcome == "allowed"
    err = error_of(lambda: api.zones(key, deadline=soon()))
    assert (err.code, err.kind) == ("Forbidden.RAM", ErrorKind.DENIED)


def test_domain_not_in_account(lab: Lab) -> None:
    lab.emu.add_domain("someone-else.example", "9999999999999999")
    for name in ("example.org", "someone-else.example"):
        err = error_of(lambda name=name: lab.api().zone(GOOD, name, deadline=soon()))
        assert (err.code, err.kind, err.http_status) == (
            "InvalidDomainName.NoExist",
            ErrorKind.NO_ZONE,
            400,
        )


# -- faults and deadlines ---------------------------------------------------------------------


def test_throttling_on_a_read_is_retried_then_succeeds(lab: Lab) -> None:
    lab.emu.inject(Fault("throttling", times=1))
    assert run(lab.api().whoami(GOOD, deadline=soon())).account_id == ACCOUNT
    assert [a for a in lab.actions()][:2] == [
        ("GetCallerIdentity", "Throttling.User"),
        ("GetCallerIdentity", "OK"),
    ]
    assert lab.pauses == [0.25]


def test_throttling_retry_is_bounded(lab: Lab) -> None:
    lab.emu.inject(Fault("throttling", times=-1))
    err = error_of(lambda: lab.api(max_attempts=3).whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind, err.attempts) == ("Throttling.User", ErrorKind.RATE_LIMIT, 3)


@pytest.mark.parametrize("kind", ["throttling", "http_error"])
def test_writes_are_never_retried(lab: Lab, kind: str) -> None:
    lab.emu.inject(Fault(kind, action="AddDomainRecord", times=-1))
    err = error_of(
        lambda: lab.api().create_txt(GOOD, ZONE, "_acme-challenge", "t", 600, deadline=soon())
    )
    assert err.attempts == 1
    assert sum(1 for a, _ in lab.actions() if a == "AddDomainRecord") == 1


def test_server_error_page_is_a_server_error(lab: Lab) -> None:
    lab.emu.inject(Fault("http_error", times=-1, status=502))
    err = error_of(lambda: lab.api(max_attempts=2).whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind, err.http_status, err.attempts) == (
        "dnsdoctor.HttpError",
        ErrorKind.SERVER,
        502,
        2,
    )
    assert "502" in err.message


def test_non_json_answer(lab: Lab) -> None:
    lab.emu.inject(Fault("non_json", times=-1))
    err = error_of(lambda: lab.api().whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind) == ("dnsdoctor.InvalidResponse", ErrorKind.RESPONSE)
    assert "captive portal" in err.message


@pytest.mark.parametrize("kind", ["silence", "trickle"])
def test_silent_or_trickling_server_ends_within_the_deadline(lab: Lab, kind: str) -> None:
    lab.emu.inject(Fault(kind, times=-1))
    started = time.monotonic()
    err = error_of(lambda: lab.api(timeout=10.0).whoami(GOOD, deadline=soon(1.5)))
    elapsed = time.monotonic() - started
    assert (err.code, err.kind) == ("dnsdoctor.Timeout", ErrorKind.NETWORK)
    assert elapsed < 1.5, elapsed


def test_no_request_after_the_deadline(lab: Lab) -> None:
    err = error_of(lambda: lab.api().whoami(GOOD, deadline=time.monotonic() - 1))
    assert err.code == "dnsdoctor.Timeout"
    assert lab.emu.seen == []


def test_connection_refused_is_a_network_error() -> None:
    port = free_port([HOST], (socket.SOCK_STREAM,))
    err = error_of(lambda: AlidnsApi(f"http://{HOST}:{port}").whoami(GOOD, deadline=soon()))
    assert err.kind is ErrorKind.NETWORK


def test_loopback_endpoint_ignores_proxy_variables(
    lab: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.9:1")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.9:1")
    assert run(lab.api().whoami(GOOD, deadline=soon())).account_id == ACCOUNT


# -- refusals before any network use ----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "what"),
    [
        (ApiKey(" " + KEY_ID, SECRET), "starts with whitespace"),
        (ApiKey(KEY_ID + "\n", SECRET), "control character"),
        (ApiKey(KEY_ID, SECRET, TOKEN + "\u3000"), "outside Latin-1"),
        (ApiKey(KEY_ID, "\udcff" + SECRET), "not valid text"),
        (ApiKey("", SECRET), "empty"),
    ],
)
def test_unsendable_credentials_are_refused_locally(lab: Lab, key: ApiKey, what: str) -> None:
    err = error_of(lambda: lab.api().whoami(key, deadline=soon()))
    assert (err.code, err.kind) == ("dnsdoctor.UnsendableCredential", ErrorKind.LOCAL)
    assert what in err.message
    assert lab.emu.seen == []


def test_off_loopback_is_refused_in_loopback_only_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DNSDOCTOR_LOOPBACK_ONLY", "1")
    api = AlidnsApi()
    assert api.describe_endpoint() == "https://alidns.aliyuncs.com"
    err = error_of(lambda: api.whoami(GOOD, deadline=soon()))
    assert (err.code, err.kind) == ("dnsdoctor.OffLoopback", ErrorKind.NETWORK)


@pytest.mark.parametrize(
    "url", ["http://example.com:8080", "ftp://127.0.0.1", "http://127.0.0.1/path"]
)
def test_bad_endpoints(url: str) -> None:
    with pytest.raises(ValueError):
        AlidnsApi(url)


# -- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        ("Throttling.Tenant", 400, ErrorKind.RATE_LIMIT),
        ("Forbidden.SubUser", 403, ErrorKind.DENIED),
        ("InvalidSecurityToken.Whatever", 400, ErrorKind.TOKEN),
        ("SomethingNew", 503, ErrorKind.SERVER),
        ("SomethingNew", 400, ErrorKind.OTHER),
        ("dnsdoctor.HttpError", 404, ErrorKind.RESPONSE),
        ("dnsdoctor.HttpError", 502, ErrorKind.SERVER),
    ],
)
def test_classify(code: str, status: int, kind: ErrorKind) -> None:
    assert classify(code, status) is kind


def test_error_text_and_repr_never_contain_a_registered_secret() -> None:
    secrets.register(SECRET)
    err = AlidnsError("SignatureDoesNotMatch", f"the key {SECRET} is wrong\r\nnext line")
    for text in (str(err), repr(err), err.message, str(err.args)):
        assert SECRET not in text
    assert "\n" not in err.message


def test_emulator_has_no_unauthenticated_path(lab: Lab) -> None:
    """A request without a signature, or with a signature over other headers, is refused."""
    import requests

    url = f"{lab.emu.url}/?DomainName=example.com"
    headers = {"x-acs-action": "DescribeDomainInfo", "x-acs-version": "2015-01-09"}
    answer = requests.post(url, headers=headers, timeout=3, proxies={"http": ""})
    assert (answer.status_code, answer.json()["Code"]) == (400, "IncompleteSignature")
    forged = dict(headers)
    forged["Authorization"] = (
        f"ACS3-HMAC-SHA256 Credential={KEY_ID},SignedHeaders=host,Signature={'0' * 64}"
    )
    answer = requests.post(url, headers=forged, timeout=3, proxies={"http": ""})
    assert answer.json()["Code"] == "IncompleteSignature"  # x-acs-* headers not signed
    assert {"RequestId", "HostId", "Code", "Message", "Recommend"} <= set(answer.json())


# -- the minimal policy against the emulator's RAM ---------------------------------------------


def test_minimal_policy_is_enough_for_lego_and_scoping_needs_the_global_statement(
    lab: Lab,
) -> None:
    from dnsdoctor.providers.alidns.policy import OPERATION_LEVEL, actions_for, minimal_policy

    lego = actions_for(("lego",))
    assert set(lego) == {
        "DescribeDomains",
        "DescribeDomainRecords",
        "AddDomainRecord",
        "DeleteDomainRecord",
    }
    scoped = minimal_policy(("example.com",), ("lego",))
    record_stmt, global_stmt = scoped["Statement"]
    assert record_stmt["Resource"] == ["acs:alidns:*:*:domain/example.com"]
    assert global_stmt == {
        "Effect": "Allow",
        "Action": ["alidns:DescribeDomains"],
        "Resource": "acs:alidns:*:*:*",
    }
    for with_global in (True, False):
        key_id = f"LTAI5tPolicyPolicy{int(with_global)}Pol"
        lab.emu.add_key(
            EmuKey(
                key_id,
                SECRET,
                account=ACCOUNT,
                user="lego",
                allow=tuple(record_stmt["Action"]),
                domains=("example.com",),
                allow_global=tuple(global_stmt["Action"]) if with_global else (),
            )
        )
        key = ApiKey(key_id, SECRET)
        api = lab.api()
        if with_global:
            assert [z.name for z in run(api.zones(key, deadline=soon()))] == ["example.com"]
        else:
            assert (
                error_of(lambda key=key, api=api: api.zones(key, deadline=soon())).code
                == "Forbidden.RAM"
            )
        rid = run(api.create_txt(key, ZONE, "_acme-challenge", "v", 600, deadline=soon()))
        assert [
            r.record_id for r in run(api.txt_records(key, ZONE, "_acme-challenge", deadline=soon()))
        ] == [rid]
        run(api.delete_record(key, ZONE, rid, deadline=soon()))
    assert "DescribeDomains" in OPERATION_LEVEL
